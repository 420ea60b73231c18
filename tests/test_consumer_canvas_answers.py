"""The answer kinds (issue 16) through Canvas's QTI import conversion, in both the
stages a clone can run.

Canvas's Ruby converters of numerical, fill-in-multiple-blanks and matching questions
may not be committed (tests/consumers/canvas/README.md, "Converters of the answer
kinds"). Every clone runs the rest: true/false (Canvas's ChoiceInteraction) and short
answers (ExtendedTextInteraction) through the whole conversion, and the other three as
far as QTIMigrationTool's QTI 2.1, the stage before those converters ("clone" below,
``canvas_import.rb --no-extra``, whether this clone has canvas-qti-extra/ or not). With
canvas-qti-extra/ filled, the tests marked "full" run the whole conversion of all five;
without it they skip, in CI too (CI can never have that code).

Here: that each stage saw each Canvas type, and that the comparison can fail at each
stage, for each kind and each thing it checks (a model the unchanged packages do not
match, and a writer that writes wrong answers).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from builder.writers.qti import v12_answers, v12_answers_xml

from .canvas_runs import (
    EXACT,
    NO_EXTRA,
    VERDICT,
    compare,
    exact_feedback,
    require_extra,
    setup_canvas,
)
from .conftest import NO_PDF, ROOT, run_build
from .consumer_runs import FINDINGS, run

pytestmark = pytest.mark.consumer

TYPES = {"true_false_question", "numerical_question", "short_answer_question",
         "fill_in_multiple_blanks_question", "matching_question"}
# What the clone converts in full (vendored converters), and what it leaves to the
# stand-ins of canvas_import.rb, by Canvas class.
CONVERTED = {"true_false_question", "short_answer_question"}
STAND_INS = {"NumericInteraction", "FillInTheBlank", "AssociateInteraction"}
ANSWER_KINDS = frozenset({"truefalse", "numeric", "short", "cloze", "matching"})
NOT_CONVERTED = re.compile(
    r"NOTE (\S+): 7 questions of types fill_in_multiple_blanks_question, matching_question, "
    r"numerical_question not converted by Canvas's Ruby step: its converters are not "
    r"vendored \(README, \"Converters of the answer kinds\"\); checked as far as "
    r"QTIMigrationTool's QTI 2\.1 holds them")


@pytest.fixture(scope="module")
def canvas() -> Path:
    return setup_canvas()


def _flags(mode: str) -> list[str]:
    """canvas_import.rb's flags for a stage: "full" needs canvas-qti-extra/."""
    if mode == "full":
        require_extra()
        return []
    return [NO_EXTRA]


def _qti12_build(source: Path, out: Path) -> Path:
    """Only the QTI 1.2 and model writers: the check needs nothing of the others."""
    assert run_build(source, out, formats=["qti12", "model"], jobs=1, options=NO_PDF).ok
    return out


def _convert(stage: str, canvas: Path, factory: pytest.TempPathFactory
             ) -> tuple[str, Path, Path]:
    flags = _flags(stage)
    dist = _qti12_build(FINDINGS / "answer-kinds", factory.mktemp("answer-kinds") / "dist")
    results = factory.mktemp(f"canvas-answers-{stage}") / "canvas"
    result = run([canvas / "run_canvas.sh", dist, results, *flags])
    assert result.returncode == 0 and VERDICT.fullmatch(result.last), result.report()
    return stage, dist, results


@pytest.fixture(scope="module")
def full(canvas: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    """("full", dist, RESULTS) of the answer-kinds tree through run_canvas.sh, once."""
    return _convert("full", canvas, tmp_path_factory)


@pytest.fixture(scope="module")
def clone(canvas: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    """("clone", dist, RESULTS): the same, without canvas-qti-extra/ (--no-extra)."""
    return _convert("clone", canvas, tmp_path_factory)


@pytest.fixture(params=["full", "clone"])
def converted(request: pytest.FixtureRequest) -> tuple[str, Path, Path]:
    """Each stage in turn."""
    found: tuple[str, Path, Path] = request.getfixturevalue(request.param)
    return found


def _questions(results: Path, package: str) -> list[dict[str, Any]]:
    data = json.loads((results / f"{package}.json").read_text(encoding="utf-8"))
    questions: list[dict[str, Any]] = data["assessment_questions"]["assessment_questions"]
    return questions


def test_canvas_makes_each_answer_kind_its_own_type(
        converted: tuple[str, Path, Path]) -> None:
    """Full: every kind its Canvas type. Clone: true/false and short answers converted
    (and compared, feedback and answer texts exactly), the rest each taken by the
    stand-in of the class Canvas's dispatch picked, checked at QTIMigrationTool's stage
    and noted in the verdict, once per package."""
    stage, dist, results = converted
    for package in ("git-answer-kinds", "bank"):
        questions = _questions(results, package)
        types = {q["question_type"] for q in questions if "harness_not_converted" not in q}
        stand_ins = {q["harness_not_converted"]["converter"] for q in questions
                     if "harness_not_converted" in q}
        assert (types, stand_ins) == ((TYPES, set()) if stage == "full"
                                      else (CONVERTED, STAND_INS)), package
    exact = exact_feedback(dist, results)
    verdict = EXACT.fullmatch(exact.last)
    assert exact.returncode == 0 and verdict, exact.report()
    compared = compare(dist, results)
    verdict = VERDICT.fullmatch(compared.last)
    assert compared.returncode == 0 and verdict, compared.report()
    notes = sorted(m[1] for m in map(NOT_CONVERTED.fullmatch, compared.lines) if m)
    if stage == "full":
        assert (verdict[1], verdict[2], notes) == ("22", None, []), compared.output
    else:
        assert (verdict[1], verdict[2], notes) == ("22", "14", ["bank", "git-answer-kinds"])
        assert "14 questions not compared: not converted" in exact.output
        assert int(exact.lines[-2].split()[0]) > 0  # the true/false and short answers


def _model_edit(item_id: str, change: Callable[[dict[str, Any]], None]
                ) -> Callable[[dict[str, Any]], None]:
    def edit(model: dict[str, Any]) -> None:
        (item,) = [i for p in model["pages"] for i in p["items"] if i["id"] == item_id]
        change(item)
    return edit


def _set(key: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda item: item.__setitem__(key, value)


def _first_blank(item: dict[str, Any]) -> None:
    item["blanks"][0]["answer"] = "blob"


def _swap_rights(item: dict[str, Any]) -> None:
    pairs = item["pairs"]
    pairs[0]["right"], pairs[1]["right"] = pairs[1]["right"], pairs[0]["right"]


# (item, change, what the full conversion names, what the clone names)
CHANGES = [
    ("git-kinds-parent", _set("truth", False), "true/false answers (text, weight)", None),
    ("git-kinds-big-file", _set("tolerance", 0.25), "numeric exact answer",
     "QTIMigrationTool numeric exact answer"),
    ("git-kinds-sha1-length", _set("answer", 41.0), "numeric exact answer",
     "QTIMigrationTool numeric exact answer"),
    ("git-kinds-reflog-days", _set("high", 32.0), "numeric range",
     "QTIMigrationTool numeric range"),
    ("git-kinds-ahead", _set("accepted", ["git log origin/main...HEAD", "git log @{u}.."]),
     "accepted answers", None),
    ("git-kinds-objects", _first_blank, "blanks (blank id, answer, weight)",
     "QTIMigrationTool blanks"),
    ("git-kinds-areas", _set("distractors", ["the remote"]), "distractors",
     "QTIMigrationTool distractors"),
    ("git-kinds-object-types", _swap_rights, "match pairs (left, right)",
     "QTIMigrationTool match pairs (left, right)"),
]


@pytest.mark.parametrize(("item", "change", "in_full", "in_clone"), CHANGES,
                         ids=[f"{item}-{what.split(' (')[0]}" for item, _, what, _ in CHANGES])
def test_canvas_comparison_sees_a_model_the_answers_do_not_match(
        converted: tuple[str, Path, Path], tmp_path: Path, item: str,
        change: Callable[[dict[str, Any]], None], in_full: str, in_clone: str | None
) -> None:
    """The check can fail at each stage: one answer changed in model.json (and only
    there) is one discrepancy in the page's quiz and one in the bank, named for what
    changed (in the clone, at QTIMigrationTool's stage for the kinds it cannot convert)."""
    stage, dist, results = converted
    copy = tmp_path / "dist"
    shutil.copytree(dist, copy)
    model = json.loads((copy / "model.json").read_text(encoding="utf-8"))
    _model_edit(item, change)(model)
    (copy / "model.json").write_text(json.dumps(model), encoding="utf-8")
    compared = compare(copy, results)
    assert compared.returncode == 1, compared.output
    found = [line for line in compared.lines if line.startswith("DIFF ")]
    what = in_full if stage == "full" or in_clone is None else in_clone
    assert sorted(line.split(":")[0] for line in found) == [
        f"DIFF bank {item}", f"DIFF git-answer-kinds {item}"], found
    assert all(line.split(": ", 2)[1].startswith(what) for line in found), found


def _retype(text: str) -> str:
    return text.replace('value="numerical_question"', 'value="short_answer_question"', 1)


def _inexact(text: str) -> str:
    return text.replace('identifier="response1">512</baseValue>',
                        'identifier="response1">513</baseValue>')


@pytest.mark.parametrize(("path", "change", "item", "what"), [
    ("imsmanifest.xml", _retype, "git-kinds-sha1-length", "QTIMigrationTool question_type"),
    ("assessmentItems/item-git-kinds-big-file.xml", _inexact, "git-kinds-big-file",
     "QTIMigrationTool numeric exact answer"),
], ids=["question-type", "exact-answer"])
def test_canvas_clone_stage_reads_what_qtimigrationtool_wrote(
        clone: tuple[str, Path, Path], tmp_path: Path, path: str,
        change: Callable[[str], str], item: str, what: str) -> None:
    """The check at QTIMigrationTool's stage reads the QTI 2.1 itself: the type metadata
    Canvas dispatches on, or a number, changed there (in the page's package only) is one
    discrepancy, in that package."""
    _, dist, results = clone
    copy = tmp_path / "canvas"
    shutil.copytree(results, copy)
    target = copy / "git-answer-kinds.qti21" / path
    text = target.read_text(encoding="utf-8")
    assert change(text) != text
    target.write_text(change(text), encoding="utf-8")
    compared = compare(dist, copy)
    found = [line for line in compared.lines if line.startswith("DIFF ")]
    assert compared.returncode == 1 and len(found) == 1, compared.output
    assert found[0].startswith(f"DIFF git-answer-kinds {item}: {what}"), found


@pytest.mark.parametrize("stage", ["full", "clone"])
def test_canvas_check_sees_a_writer_that_writes_a_wrong_answer(
        canvas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    """The check can fail on our output, not only on the model: a writer that writes
    every typed answer (short answers, blanks) and every right-hand side of a match as
    ``x`` makes Canvas store those (or, in the clone, QTIMigrationTool write them), and
    each such item is a discrepancy."""
    flags = _flags(stage)
    monkeypatch.setattr(v12_answers, "text_of", lambda html: "x")
    out = _qti12_build(FINDINGS / "answer-kinds", tmp_path / "dist")
    converted = run([canvas / "run_canvas.sh", out, tmp_path / "canvas", *flags])
    assert converted.returncode == 1, converted.output
    wrong = {line.split(":")[0].split()[-1] for line in converted.lines
             if line.startswith("DIFF ")}
    assert wrong == {"git-kinds-ahead", "git-kinds-ignore-file", "git-kinds-objects",
                     "git-kinds-branch", "git-kinds-areas", "git-kinds-object-types"}, wrong


def test_canvas_check_of_source_runs_in_a_clone(canvas: Path, tmp_path: Path) -> None:
    """source/ (which holds every answer kind) as a clone without canvas-qti-extra/ runs
    it: every item checked in its page's quiz and in the bank, the numeric, cloze and
    matching ones as far as QTIMigrationTool's QTI 2.1; 0 discrepancies; and the notes
    on the other kinds' items are the 59 they were before the answer kinds."""
    dist = _qti12_build(ROOT / "source", tmp_path / "dist")
    result = run([canvas / "run_canvas.sh", dist, tmp_path / "canvas", NO_EXTRA])
    verdict = VERDICT.fullmatch(result.last)
    assert result.returncode == 0 and verdict, result.report()
    model = json.loads((dist / "model.json").read_text(encoding="utf-8"))
    items = [i for p in model["pages"] for i in p["items"]]
    staged = [i for i in items if i["kind"] in ("numeric", "cloze", "matching")]
    assert staged and {i["kind"] for i in items} >= ANSWER_KINDS
    assert (verdict[1], verdict[2]) == (str(2 * len(items)), str(2 * len(staged))), \
        result.last
    bank = [line for line in result.lines if line.startswith("NOTE bank: ")
            and "not converted by Canvas's Ruby step" in line]
    assert len(bank) == 1 and bank[0].startswith(f"NOTE bank: {len(staged)} questions"), bank
    report = json.loads((tmp_path / "canvas" / "report.json").read_text(encoding="utf-8"))
    theirs = {i["id"] for i in items if i["kind"] in ANSWER_KINDS}
    own = [n for n in report["notes"] if n["item"] not in theirs
           and "not converted by Canvas" not in n["what"]]
    assert len(own) == 59, own


@pytest.mark.parametrize("stage", ["full", "clone"])
def test_canvas_keeps_escapes_in_answers(canvas: Path, tmp_path: Path, stage: str) -> None:
    """``&``, ``<`` and a written ``&lt;`` in the sides of a match, accepted texts and
    blank answers arrive as written: full, the exact check, character for character;
    clone, the short answer so and the match and blanks as QTIMigrationTool wrote them
    (a plain ``<b>`` it labels HTML is still the text Canvas keeps)."""
    flags = _flags(stage)
    dist = _qti12_build(FINDINGS / "canvas-answer-escaping", tmp_path / "dist")
    result = run([canvas / "run_canvas.sh", dist, tmp_path / "canvas", *flags])
    verdict = VERDICT.fullmatch(result.last)
    assert result.returncode == 0 and verdict, result.report()
    assert verdict[2] == (None if stage == "full" else "4"), result.last
    exact = exact_feedback(dist, tmp_path / "canvas")
    assert exact.returncode == 0 and EXACT.fullmatch(exact.last), exact.report()
    typed = 12 if stage == "full" else 2  # clone: the short answer's texts, in 2 packages
    assert exact.lines[-2] == f"{typed} answer texts compared exactly, 0 differ", exact.output


def test_canvas_exact_check_sees_a_bare_html_left_side(
        canvas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Full: the exact check can fail: with every left-hand side of a match written
    ``text/html`` (as before), Canvas keeps the HTML source of a bare one as its text,
    and learners read ``AT&amp;T``; the word signature of compare_canvas.py cannot see
    it, the exact check names it."""
    require_extra()
    monkeypatch.setattr(v12_answers_xml, "text_only", lambda html: None)
    dist = _qti12_build(FINDINGS / "canvas-answer-escaping", tmp_path / "dist")
    result = run([canvas / "run_canvas.sh", dist, tmp_path / "canvas"])
    assert result.returncode == 0, result.report()
    exact = exact_feedback(dist, tmp_path / "canvas")
    assert exact.returncode == 1, exact.output
    wrong = [line for line in exact.lines if line.startswith("ANSWER ")]
    assert len(wrong) == 2 and all("item-esc-match left 1" in line and "AT&amp;T" in line
                                   for line in wrong), exact.output
