"""Every format says "names 1 concept", never "1 concepts" (the QTI writer once did, and
Anki's and the sheets' templates did too)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from .conftest import NO_PDF_NO_LOCK, run_build

PAGE = """Title: One idea
Subject: Python

Recall & Review

Describe what `LOCAL_RANK` is used for.
Think of the device each process drives.
You got /1 concepts.
Concepts: choosing the GPU
Id: one-listed

Describe what `WORLD_SIZE` counts.
Count the processes.
You got /1 concepts.
Id: one-unlisted
"""


def _texts(out: Path) -> dict[str, str]:
    """Every output file's text, packages opened (the Anki collection read as bytes)."""
    found: dict[str, str] = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        rel = path.relative_to(out).as_posix()
        if path.suffix in (".zip", ".apkg"):
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    found[f"{rel}!{name}"] = zf.read(name).decode("utf-8", "replace")
        elif path.suffix != ".pdf":
            found[rel] = path.read_text(encoding="utf-8")
    return found


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("concepts")
    (root / "src").mkdir()
    (root / "src" / "one.txt").write_text(PAGE, encoding="utf-8")
    result = run_build(root / "src", root / "dist", options=NO_PDF_NO_LOCK)
    assert result.ok, [d.text() for d in result.diagnostics]
    return _texts(root / "dist")


@pytest.mark.parametrize("fmt", ["anki", "gift", "qti12", "qti21", "html"])
def test_one_concept_is_singular(texts: dict[str, str], fmt: str) -> None:
    mine = {name: text for name, text in texts.items() if name.startswith(f"{fmt}/")}
    assert mine
    assert not [name for name, text in mine.items() if "1 concepts" in text]
    assert any("1 concept" in text for text in mine.values())
