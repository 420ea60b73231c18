"""Every fixture tree for a consumer finding (tests/fixtures/consumers/<finding>/) checks
without an error (a tree may show the warning its finding is about), builds, and gives
QTI packages the IMS schemas accept. The consumers themselves run over these trees in
the consumer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.pipeline import check

from . import qti_schemas as S
from .conftest import run_build

FIXTURES = Path(__file__).parent / "fixtures" / "consumers"
TREES = sorted(p for p in FIXTURES.iterdir() if p.is_dir())

pytestmark = pytest.mark.consumer


def test_the_findings_have_trees() -> None:
    assert {p.name for p in TREES} >= {"canvas-feedback-escaping", "exact-partial-credit"}


@pytest.mark.parametrize("tree", TREES, ids=[p.name for p in TREES])
def test_tree_is_clean_and_validates(tree: Path, tmp_path: Path) -> None:
    found = check([tree]).errors
    assert not found, [d.text() for d in found]
    out = tmp_path / "dist"
    result = run_build(tree, out, formats=["qti12", "qti21"])
    assert result.ok
    failures: list[S.Failure] = []
    for path in result.outputs["qti12"]:
        failures += S.validate_qti12_package(out / path)
    for path in result.outputs["qti21"]:
        failures += S.validate_qti21_package(out / path)
    assert result.outputs["qti12"] and result.outputs["qti21"]
    assert not failures, "\n".join(map(str, failures))
