"""The answer kinds (issue 16) in the QTI 1.2 (Canvas) packages: golden files of the
answer-kinds fixture's quiz, what each build reports Canvas cannot carry, and the
scoring shares. Canvas's reading of them is tests/test_consumer_canvas_answers.py; their
validity against the QTI 1.2 schema, tests/test_qti_schema.py. Regenerate the goldens
with ``UPDATE_GOLDEN=1 python -m pytest tests/test_qti12_answers.py``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.build import BuildResult
from builder.model import (
    Blank,
    Cloze,
    Matching,
    Numeric,
    Page,
    Pair,
    ShortAnswer,
    Span,
    Tree,
    TrueFalse,
)
from builder.writers.qti.v12_answers_xml import _shares

from . import qti_schemas as S
from .conftest import FIXTURES, NO_PDF, ROOT, build_model, run_build
from .golden import check_golden
from .test_qti_schema import HOSTILE

GOLDEN = ROOT / "tests" / "golden" / "qti12-answer-kinds"
ANSWER_KINDS = FIXTURES / "consumers" / "answer-kinds"
PACKAGE = "qti12/pages/git-answer-kinds.zip"


@pytest.fixture(scope="module")
def answer_kinds_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    out = tmp_path_factory.mktemp("answer-kinds") / "dist"
    result = run_build(ANSWER_KINDS, out, formats=["qti12"], jobs=1, options=NO_PDF)
    assert result.ok
    return out, result


def test_golden_answer_kinds(answer_kinds_build: tuple[Path, BuildResult]) -> None:
    out, _ = answer_kinds_build
    files = S.members(out / PACKAGE)
    assert len(files) == 3
    for name, data in sorted(files.items()):
        check_golden(GOLDEN / name.replace("/", "__"), data.decode("utf-8"))
    assert {p.name for p in GOLDEN.iterdir()} == {n.replace("/", "__") for n in files}


def test_answer_kinds_are_canvas_types(answer_kinds_build: tuple[Path, BuildResult]) -> None:
    out, _ = answer_kinds_build
    quiz = S.members(out / PACKAGE)["quiz-git-answer-kinds/quiz-git-answer-kinds.xml"]
    types = Counter(field.findtext("{*}fieldentry")
                    for field in S.parse(quiz).iter("{*}qtimetadatafield")
                    if field.findtext("{*}fieldlabel") == "question_type")
    assert types == {
        "fill_in_multiple_blanks_question": 2, "matching_question": 2,
        "numerical_question": 3, "short_answer_question": 2, "true_false_question": 2}


def test_what_canvas_cannot_carry_is_noted(answer_kinds_build: tuple[Path, BuildResult]
                                           ) -> None:
    _, result = answer_kinds_build
    found = {d.code: d.message for d in result.diagnostics if d.code.startswith("qti12-")}
    assert set(found) == {"qti12-case-sensitive", "qti12-blank-hint", "qti12-cloze-distractors"}
    assert "(git-kinds-ignore-file)" in found["qti12-case-sensitive"]
    assert "(git-kinds-objects)" in found["qti12-blank-hint"]
    assert "(git-kinds-branch)" in found["qti12-cloze-distractors"]


def _span() -> Span:
    return Span(file="m.txt", start=1, end=1)


def test_match_markup_and_case_are_noted_only_when_there(tmp_path: Path) -> None:
    pairs = tuple(Pair(left=f"left {n}", right=right, span=_span())
                  for n, right in enumerate(("**bold**", "plain", "`code`"), 1))
    items = (
        Matching(id="marked", id_explicit=True, question="Match:", pairs=pairs, span=_span()),
        Matching(id="plain", id_explicit=True, question="Match these:",
                 pairs=tuple(Pair(left=f"l{n}", right=f"r{n}", span=_span()) for n in (1, 2, 3)),
                 span=_span()),
        ShortAnswer(id="any-case", id_explicit=True, question="Name?", accepted=("x",),
                    span=_span()),
    )
    page = Page(path="m.txt", slug="m", title="M", items=items, span=_span())
    built = build_model(Tree(root="src", pages=(page,)), tmp_path, ["qti12"])
    found = {d.code: d.message for d in built.report}
    assert set(found) == {"qti12-match-markup"}
    assert "(marked)" in found["qti12-match-markup"]


@pytest.mark.parametrize(("count", "shares"), [
    (1, ["100.00"]), (2, ["50.00", "50.00"]), (3, ["33.33", "33.33", "33.34"]),
    (6, ["16.67"] * 5 + ["16.65"]), (7, ["14.29"] * 6 + ["14.26"])])
def test_shares_of_a_fully_right_answer_make_exactly_100(count: int, shares: list[str]) -> None:
    assert _shares(count) == shares


@st.composite
def hostile_answer_kinds(draw: st.DrawFn) -> Tree:
    def t() -> str:
        return draw(HOSTILE)

    s = _span()
    pieces = (t(), t(), t())
    items = (
        TrueFalse(id="h-tf", id_explicit=True, statement=t(), truth=draw(st.booleans()),
                  explanation=t(), span=s),
        Numeric(id="h-num", id_explicit=True, question=t(), written_as="tolerance",
                answer=0.1, tolerance=0.2, low=-0.1, high=0.30000000000000004, units=t(),
                explanation=t(), span=s),
        Numeric(id="h-range", id_explicit=True, question=t(), written_as="range", answer=2,
                tolerance=1, low=1e-05, high=4, span=s),
        ShortAnswer(id="h-short", id_explicit=True, question=t(), accepted=(t(), t()),
                    case_sensitive=True, span=s),
        Cloze(id="h-cloze", id_explicit=True, text=pieces,
              blanks=(Blank(answer=t(), hint=t(), span=s), Blank(answer=t(), span=s)),
              distractors=(t(),), explanation=t(), span=s),
        Matching(id="h-match", id_explicit=True, question=t(),
                 pairs=tuple(Pair(left=t(), right=t(), span=s) for _ in range(3)),
                 distractors=(t(), t()), explanation=t(), span=s),
    )
    page = Page(path="m.txt", slug="hostile-kinds", title=t(), items=items, span=s)
    return Tree(root="src", pages=(page,))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=hostile_answer_kinds())
def test_hostile_answer_kinds_give_valid_packages(
        tmp_path_factory: pytest.TempPathFactory, tree: Tree) -> None:
    """Markup, entities, CDATA ends, control characters and surrogates in every field of
    every answer kind still give QTI 1.2 packages valid against the XSD and the DTD."""
    out = tmp_path_factory.mktemp("hostile-kinds")
    built = build_model(tree, out, ["qti12"], epoch=315532800)
    assert len(built.written) == 2
    failures: list[S.Failure] = []
    for path in built.written:
        failures += S.validate_qti12_package(out / path)
    assert not failures, "\n".join(map(str, failures))
