"""Partial credit of multiple-answer items in QTI 2.1: the mapping's values, and the
scores they give for every answer, computed both in exact decimal and in the binary
floating point a QTI engine sums them in (docs/outputs/qti.md, "Scoring")."""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations, permutations
from pathlib import Path

import pytest
from lxml import etree  # type: ignore[import-untyped]

from builder.model import MultipleChoice, Page
from builder.pipeline import check
from builder.render.rendered import render_page
from builder.validate import MAX_OPTIONS
from builder.writers.qti.common import Conversions, Question
from builder.writers.qti.questions import question
from builder.writers.qti.texts import Texts
from builder.writers.qti.v21_item import item_xml, mapped_values, shares

from .conftest import TEMPLATES

QTI21 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
LABELS = Texts(TEMPLATES).labels()
SPLITS = [(right, wrong) for right in range(1, MAX_OPTIONS + 1)
          for wrong in range(MAX_OPTIONS - right + 1) if right + wrong >= 2]


def _question(tmp_path: Path, right: int, wrong: int) -> tuple[Page, Question]:
    letters = "ABCDEF"[:right + wrong]
    options = "\n".join(f"{letter}option number {n} of the list"
                        for n, letter in enumerate(letters, 1))
    page_file = tmp_path / f"split-{right}-{wrong}.txt"
    page_file.write_text(
        "Title: Split\nSubject: Python\nRecall & Review\n"
        f"Which options are right in split {right} {wrong}?\n{options}\n"
        f"Answers: {', '.join(letters[:right])}\nExplanation: The first ones.\n",
        encoding="utf-8")
    page = check([page_file]).tree.pages[0]
    item = page.items[0]
    assert isinstance(item, MultipleChoice) and item.multiple
    qn = question(page, render_page(page), item, Conversions(), Texts(TEMPLATES))
    assert qn is not None
    return page, qn


@pytest.mark.parametrize("count", range(1, MAX_OPTIONS + 1))
def test_shares_add_up_to_exactly_one(count: int) -> None:
    parts = shares(count)
    assert len(parts) == count and sum(parts) == 1
    assert all(abs(Fraction(p) - Fraction(1, count)) < Fraction(1, 10**6) for p in parts)
    # An engine sums doubles: the keyed set is 1.0 in every order it may add them.
    assert {_float_sum(order) for order in permutations(float(p) for p in parts)} == {1.0}


def test_shares_of_three_and_six_carry_the_remainder() -> None:
    assert [str(p) for p in shares(3)] == ["0.333333", "0.333333", "0.333334"]
    assert [str(p) for p in shares(6)] == ["0.166666", "0.166666"] + ["0.166667"] * 4
    assert [str(p) for p in shares(4)] == ["0.25"] * 4


@pytest.mark.parametrize(("right", "wrong"), SPLITS)
def test_every_answer_scores_its_exact_share(tmp_path: Path, right: int, wrong: int) -> None:
    _, qn = _question(tmp_path, right, wrong)
    values = mapped_values(qn)
    is_right = [c.correct for c in qn.choices]
    assert sum(v for v, r in zip(values, is_right, strict=True) if r) == 1
    for size in range(1, len(values) + 1):
        for picked in combinations(range(len(values)), size):
            hits = sum(is_right[i] for i in picked)
            exact = Fraction(hits, right) - (Fraction(size - hits, wrong) if wrong else 0)
            mapped = sum(values[i] for i in picked)
            if exact <= 0:
                # Worth nothing exactly (every box, or as many right as wrong thirds):
                # never a millionth above 0, so lowerBound 0 makes it 0.
                assert mapped <= 0, picked
            assert abs(_bounded(Fraction(mapped)) - _bounded(exact)) <= Fraction(2, 10**6)
            if hits == right and hits == size:
                assert {_bounded(_float_sum(o)) for o in
                        permutations(float(values[i]) for i in picked)} == {1}


def test_mapping_in_the_item(tmp_path: Path) -> None:
    _, qn = _question(tmp_path, 3, 1)
    root = etree.fromstring(item_xml(qn, LABELS))
    mapping = root.find(f".//{QTI21}responseDeclaration/{QTI21}mapping")
    assert mapping is not None
    assert (mapping.get("lowerBound"), mapping.get("upperBound")) == ("0", "1")
    entries = [(e.get("mapKey"), e.get("mappedValue")) for e in mapping]
    assert entries == [("choice_A", "0.333333"), ("choice_B", "0.333333"),
                       ("choice_C", "0.333334"), ("choice_D", "-1")]
    _, qn = _question(tmp_path, 2, 3)
    values = [e.get("mappedValue") for e in etree.fromstring(item_xml(qn, LABELS)).iter(
        f"{QTI21}mapEntry")]
    assert values == ["0.5", "0.5", "-0.333334", "-0.333334", "-0.333334"]


def test_all_right_item_has_no_negative_value(tmp_path: Path) -> None:
    _, qn = _question(tmp_path, 3, 0)
    assert mapped_values(qn) == shares(3)


def _float_sum(values: tuple[float, ...] | list[float]) -> float:
    total = 0.0
    for v in values:
        total += v
    return total


def _bounded(value: Fraction | float) -> Fraction:
    return min(max(Fraction(value), Fraction(0)), Fraction(1))
