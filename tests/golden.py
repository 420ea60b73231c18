"""Golden-file comparison shared by the tests: UPDATE_GOLDEN=1 rewrites the expectations."""

from __future__ import annotations

import os
from pathlib import Path

UPDATE = os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")


def check_golden(path: Path, actual: str) -> None:
    if UPDATE or not path.exists():
        if not UPDATE:
            raise AssertionError(f"{path} is missing; run with UPDATE_GOLDEN=1 to create it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path} differs; run with UPDATE_GOLDEN=1 if the change is right"
