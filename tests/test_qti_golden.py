"""Golden files for the sample page, which holds every item kind (a flashcard, single
and multiple-answer questions, a lost-options question, open prompts, challenges with
code, hints and printed-output options): the QTI 1.2 quiz, its Canvas settings and
manifest, and every QTI 2.1 item, test and manifest. Regenerate with
``UPDATE_GOLDEN=1 python -m pytest tests/test_qti_golden.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import BuildResult

from . import qti_schemas as S
from .conftest import ROOT
from .golden import check_golden

GOLDEN = ROOT / "tests" / "golden"
PACKAGES = {"qti12": "qti12/pages/pytorch-ddp-basics.zip",
            "qti21": "qti21/pages/pytorch-ddp-basics.zip"}


def _files(out: Path, fmt: str) -> dict[str, bytes]:
    return S.members(out / PACKAGES[fmt])


@pytest.mark.parametrize("fmt", sorted(PACKAGES))
def test_golden_page(fmt: str, sample_build: tuple[Path, BuildResult]) -> None:
    out, _ = sample_build
    files = _files(out, fmt)
    assert len(files) == (3 if fmt == "qti12" else 12)
    for name, data in sorted(files.items()):
        check_golden(GOLDEN / fmt / name.replace("/", "__"), data.decode("utf-8"))


@pytest.mark.parametrize("fmt", sorted(PACKAGES))
def test_no_stale_golden_files(fmt: str, sample_build: tuple[Path, BuildResult]) -> None:
    out, _ = sample_build
    expected = {name.replace("/", "__") for name in _files(out, fmt)}
    assert {p.name for p in (GOLDEN / fmt).iterdir()} == expected
