"""The same source gives the same bytes, for every format the registry holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.writers import registry

from .conftest import SAMPLE, run_build
from .test_atomic import snapshot

# Chromium stamps a creation time and document id into each PDF it prints.
NOT_BYTE_STABLE = (".pdf",)


@pytest.mark.parametrize("fmt", sorted(registry()))
def test_rebuild_is_byte_identical(fmt: str, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = tmp_path / "a" / "dist", tmp_path / "b" / "dist"
    assert run_build(SAMPLE, first, formats=[fmt]).ok
    assert run_build(SAMPLE, second, formats=[fmt]).ok
    a = {k: v for k, v in snapshot(first).items() if not k.endswith(NOT_BYTE_STABLE)}
    b = {k: v for k, v in snapshot(second).items() if not k.endswith(NOT_BYTE_STABLE)}
    assert len(a) >= 2 and a == b
