"""Each reader fixture (tests/fixtures/reader/NAME.txt) beside its expected model and
diagnostics (NAME.json). Regenerate with UPDATE_GOLDEN=1 after checking the diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.diagnostics import sort_key
from builder.model import Tree
from builder.reader import read_page
from builder.validate import validate

from .golden import check_golden

FIXTURES = Path(__file__).parent / "fixtures" / "reader"
CASES = sorted(FIXTURES.glob("*.txt"))


def parse(path: Path) -> str:
    page, diags = read_page(path.read_bytes(), path.name)
    if page is not None:
        diags += validate(Tree(root=".", pages=(page,)))
    result = {
        "page": page.model_dump(mode="json") if page else None,
        "diagnostics": [d.text() for d in sorted(diags, key=sort_key)],
    }
    return json.dumps(result, indent=1, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_reader_fixture(case: Path) -> None:
    check_golden(case.with_suffix(".json"), parse(case))


def test_every_fixture_has_expectations() -> None:
    assert CASES, "no reader fixtures found"
    orphans = {p.stem for p in FIXTURES.glob("*.json")} - {p.stem for p in CASES}
    assert not orphans, f"expectations without input: {orphans}"
