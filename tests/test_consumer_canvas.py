"""Canvas LMS's "QTI .zip file" import conversion reads every QTI 1.2 package of a build
as the model says.

tests/consumers/canvas runs what a Canvas course import does before anything reaches the
database: instructure/QTIMigrationTool (Python, unchanged) turns each package into
QTI 2.1, and canvas-lms's qti_exporter Ruby classes turn that into Canvas's question and
quiz hashes, which compare_canvas.py holds against model.json: type, text, answers
(order, text, weight), feedback, points, images; each quiz's title, order, time limit,
attempts and points. exact_feedback.py then holds every feedback, as Canvas shows it
(HTML, or escaped plain text), character for character against the text our QTI
writer means.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from builder.writers.qti import v12_answers, v12_answers_xml, v12_item

from .conftest import FIXTURES, NO_PDF, ROOT, require_tool, run_build
from .consumer_runs import (
    CONSUMERS,
    FINDINGS,
    Run,
    Tree,
    built,
    missing,
    run,
    tree,
    tree_params,
    with_key_moved,
)

pytestmark = pytest.mark.consumer
CANVAS = CONSUMERS / "canvas"
VERDICT = re.compile(r"(\d+) model items checked, 0 discrepancies, (\d+) notes")
EXACT = re.compile(r"(\d+) feedback fields compared exactly, 0 differ \(\d+ stored as text, "
                   r"\d+ as HTML\)")

# Trees on which Canvas still makes something else of a package than the model says,
# each with the finding it shows (strict: the fix must remove the entry).
KNOWN: dict[str, str] = {}

EXTRA = CANVAS / "canvas-qti-extra"
CONVERTERS = ("numeric_interaction.rb", "fill_in_the_blank.rb", "associate_interaction.rb")
ANSWER_KINDS = frozenset({"truefalse", "numeric", "short", "cloze", "matching"})


def require_answer_converters(dist: Path) -> None:
    """Skip (fail in CI) a Canvas run on a build with answer kinds when Canvas's
    converters of them are not in canvas-qti-extra/."""
    model = json.loads((dist / "model.json").read_text(encoding="utf-8"))
    kinds = {item["kind"] for page in model["pages"] for item in page["items"]}
    absent = [name for name in CONVERTERS if not (EXTRA / name).is_file()]
    if kinds & ANSWER_KINDS and absent:
        missing(f"Canvas's converters {', '.join(absent)} are not in {EXTRA} "
                "(see tests/consumers/canvas/README.md)")


@pytest.fixture(scope="session")
def canvas() -> Path:
    """The check set up: setup.sh (without --with-apt: Ruby and its gems come from Debian)
    makes tests/consumers/canvas/.venv with lxml once, and checks Ruby's gems and unzip."""
    require_tool("ruby")
    require_tool("unzip")
    # lxml at the version the project pins, in a .venv made from this interpreter.
    result = run([CANVAS / "setup.sh"], env={"PYTHON": sys.executable,
                                             "PIP_CONSTRAINT": str(ROOT / "requirements.txt")})
    if result.returncode:
        missing(f"the Canvas check could not be set up: {result.last} "
                "(apt-get install ruby ruby-nokogiri ruby-sanitize ruby-activesupport "
                "python3-venv unzip)")
    return CANVAS


@pytest.mark.parametrize("tree", tree_params(KNOWN))
def test_canvas_converts_every_package_as_the_model_says(
        tree: Tree, canvas: Path, tmp_path: Path,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    dist = built(tree, tmp_path_factory)
    require_answer_converters(dist)
    result = run([canvas / "run_canvas.sh", dist, tmp_path / "canvas"])
    verdict = VERDICT.fullmatch(result.last)
    assert result.returncode == 0 and verdict, result.report()
    assert int(verdict[1]) > 0
    exact = _exact_feedback(dist, tmp_path / "canvas")
    verdict = EXACT.fullmatch(exact.last)
    assert exact.returncode == 0 and verdict, exact.report()
    assert int(verdict[1]) > 0


def _exact_feedback(dist: Path, results: Path) -> Run:
    """exact_feedback.py (with this interpreter, which imports our builder) on what
    run_canvas.sh made of ``dist``."""
    # PYTHONPATH: this checkout's builder, whatever the interpreter has installed.
    return run([sys.executable, CANVAS / "exact_feedback.py", dist, results],
               env={"PYTHONPATH": str(ROOT)})


def test_canvas_exact_feedback_sees_old_style_escaping(
        canvas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: the canvas-feedback-escaping fixture built the way the QTI 1.2
    writer did before issue 13's finding 5 (every feedback text/html, so Canvas keeps the
    HTML source of a bare paragraph in its plain comment field and learners read
    ``&lt;``). The word signature of compare_canvas.py cannot see it; the exact check
    must name every such feedback."""
    monkeypatch.setattr(v12_item, "text_only", lambda html: None)
    out = tmp_path / "dist"
    result = run_build(FIXTURES / "consumers" / "canvas-feedback-escaping", out,
                       formats=["qti12", "model"], jobs=1, options=NO_PDF)
    assert result.ok
    converted = run([canvas / "run_canvas.sh", out, tmp_path / "canvas"])
    assert converted.returncode == 0 and VERDICT.fullmatch(converted.last), converted.report()
    exact = _exact_feedback(out, tmp_path / "canvas")
    assert exact.returncode == 1, exact.output
    differ = [line for line in exact.lines if line.startswith("FEEDBACK ")]
    assert differ and all("&lt;" in line or "&gt;" in line or "&amp;" in line
                          for line in differ), exact.output
    assert any("item-esc-set-both D" in line for line in differ), exact.output
    assert re.fullmatch(rf"\d+ feedback fields compared exactly, {len(differ)} differ .*",
                        exact.last), exact.output


def _tampered(results: Path, into: Path, package: str, item: str,
              change: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of run_canvas.sh's RESULTS with ``change`` made to ``item``'s question hash
    in ``package`` (what Canvas would have stored had it read the package so)."""
    shutil.copytree(results, into)
    path = into / f"{package}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    (question,) = [q for q in data["assessment_questions"]["assessment_questions"]
                   if q["migration_id"] == f"item-{item}"]
    change(question)
    path.write_text(json.dumps(data), encoding="utf-8")
    (into / "report.json").unlink()
    return into


def _lose_not_both(question: dict[str, Any]) -> None:
    # A plain comment is text: a word lost from it is a discrepancy (it used to be read
    # as HTML, where "<not both>" was a tag and vanished from the comparison).
    answer = question["answers"][3]
    assert "<not both>" in answer["comments"] and not answer.get("comments_html")
    answer["comments"] = answer["comments"].replace("<not both>", "")


def _link_as_its_text(question: dict[str, Any]) -> None:
    # A javascript: link stays Markdown text: Canvas showing only its text is wrong.
    question["neutral_comments"] = question["neutral_comments"].replace(
        "[a link](javascript:alert(1))", "a link")


def _image_without_src(question: dict[str, Any]) -> None:
    # A refused (data:) image is its description, never an <img> without src.
    question["neutral_comments_html"] = question["neutral_comments_html"].replace(
        " data ", ' <img alt="data"> ')


@pytest.mark.parametrize(("name", "package", "item", "change", "diff"), [
    ("fixture-canvas-feedback-escaping", "comparisons", "esc-set-both", _lose_not_both,
     "answer D feedback"),
    ("hostile", "markup", "hostile-markup-card", _link_as_its_text,
     "general feedback (neutral_comments)"),
    ("hostile", "media-escape", "media-card", _image_without_src, "number of images"),
], ids=["plain-comment-word-lost", "javascript-link-as-its-text", "image-without-src"])
def test_canvas_comparison_sees_what_it_reads(
        canvas: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, name: str,
        package: str, item: str, change: Callable[[dict[str, Any]], None], diff: str) -> None:
    """The comparison's own readings can fail: each change to the Canvas hash of a tree
    that passes must give the one discrepancy it is meant to see."""
    dist = built(tree(name), tmp_path_factory)
    good = run([canvas / "run_canvas.sh", dist, tmp_path / "canvas"])
    assert good.returncode == 0, good.report()
    results = _tampered(tmp_path / "canvas", tmp_path / "tampered", package, item, change)
    compared = run([canvas / ".venv" / "bin" / "python", canvas / "compare_canvas.py", dist,
                    results])
    assert compared.returncode == 1, compared.output
    found = [line for line in compared.lines if line.startswith("DIFF ")]
    assert len(found) == 1 and found[0].startswith(f"DIFF {package} {item}: {diff}:"), found


def test_canvas_check_reports_a_model_the_packages_do_not_match(
        canvas: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The check can fail: with the key of one question moved in model.json (and only
    there), Canvas's reading of the unchanged packages must differ from it."""
    dist = with_key_moved(built(tree("fixture-every-kind"), tmp_path_factory),
                          tmp_path / "dist", "git-undo-restore", "B")
    result = run([canvas / "run_canvas.sh", dist, tmp_path / "canvas"])
    assert result.returncode == 1, result.output
    assert re.fullmatch(r"\d+ model items checked, [1-9]\d* discrepancies, \d+ notes",
                        result.last), result.output
    assert any(line.startswith("DIFF ") and "git-undo-restore" in line
               for line in result.lines), result.output


# The answer kinds (issue 16). The trees' own run above (compare_canvas.py, with its
# compare_answers.py) holds every true/false, numeric, short-answer, fill-in-the-blanks
# and matching item against model.json. Here: that the run saw each Canvas type, and
# that the comparison can fail, for each kind and each thing it checks (a model the
# unchanged packages do not match, and a writer that writes wrong answers).

TYPES = {"true_false_question", "numerical_question", "short_answer_question",
         "fill_in_multiple_blanks_question", "matching_question"}


@pytest.fixture(scope="module")
def converted(canvas: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(dist, RESULTS) of the answer-kinds tree through run_canvas.sh, once. Built with
    only the QTI 1.2 and model writers: it needs nothing of the others."""
    dist = tmp_path_factory.mktemp("answer-kinds") / "dist"
    assert run_build(FINDINGS / "answer-kinds", dist, formats=["qti12", "model"], jobs=1,
                     options=NO_PDF).ok
    require_answer_converters(dist)
    results = tmp_path_factory.mktemp("canvas-answers") / "canvas"
    result = run([canvas / "run_canvas.sh", dist, results])
    assert result.returncode == 0, result.report()
    return dist, results


def _questions(results: Path, package: str) -> list[dict[str, Any]]:
    data = json.loads((results / f"{package}.json").read_text(encoding="utf-8"))
    questions: list[dict[str, Any]] = data["assessment_questions"]["assessment_questions"]
    return questions


def test_canvas_makes_each_answer_kind_its_own_type(converted: tuple[Path, Path]) -> None:
    _, results = converted
    for package in ("git-answer-kinds", "bank"):
        types = {q["question_type"] for q in _questions(results, package)}
        assert types == TYPES, package
    dist, _ = converted
    exact = _exact_feedback(dist, results)
    verdict = EXACT.fullmatch(exact.last)
    assert exact.returncode == 0 and verdict, exact.report()


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


CHANGES = [
    ("git-kinds-parent", _set("truth", False), "true/false answers (text, weight)"),
    ("git-kinds-big-file", _set("tolerance", 0.25), "numeric exact answer"),
    ("git-kinds-sha1-length", _set("answer", 41.0), "numeric exact answer"),
    ("git-kinds-reflog-days", _set("high", 32.0), "numeric range"),
    ("git-kinds-ahead", _set("accepted", ["git log origin/main...HEAD", "git log @{u}.."]),
     "accepted answers"),
    ("git-kinds-objects", _first_blank, "blanks (blank id, answer, weight)"),
    ("git-kinds-areas", _set("distractors", ["the remote"]), "distractors"),
    ("git-kinds-object-types", _swap_rights, "match pairs (left, right)"),
]


@pytest.mark.parametrize(("item", "change", "what"), CHANGES,
                         ids=[f"{item}-{what.split(' (')[0]}" for item, _, what in CHANGES])
def test_canvas_comparison_sees_a_model_the_answers_do_not_match(
        converted: tuple[Path, Path], tmp_path: Path, item: str,
        change: Callable[[dict[str, Any]], None], what: str) -> None:
    """The check can fail: one answer changed in model.json (and only there) is one
    discrepancy in the page's quiz and one in the bank, named for what changed."""
    dist, results = converted
    copy = tmp_path / "dist"
    shutil.copytree(dist, copy)
    model = json.loads((copy / "model.json").read_text(encoding="utf-8"))
    _model_edit(item, change)(model)
    (copy / "model.json").write_text(json.dumps(model), encoding="utf-8")
    compared = run([CANVAS / ".venv" / "bin" / "python", CANVAS / "compare_canvas.py", copy,
                    results])
    assert compared.returncode == 1, compared.output
    found = [line for line in compared.lines if line.startswith("DIFF ")]
    assert sorted(line.split(":")[0] for line in found) == [
        f"DIFF bank {item}", f"DIFF git-answer-kinds {item}"], found
    assert all(line.split(": ", 2)[1].startswith(what) for line in found), found


def test_canvas_check_sees_a_writer_that_writes_a_wrong_answer(
        canvas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail on our output, not only on the model: a writer that writes
    every typed answer (short answers, blanks) and every right-hand side of a match as
    ``x`` makes Canvas store those, and each such item is a discrepancy."""
    monkeypatch.setattr(v12_answers, "text_of", lambda html: "x")
    out = tmp_path / "dist"
    result = run_build(FINDINGS / "answer-kinds", out, formats=["qti12", "model"], jobs=1,
                       options=NO_PDF)
    assert result.ok
    require_answer_converters(out)
    converted = run([canvas / "run_canvas.sh", out, tmp_path / "canvas"])
    assert converted.returncode == 1, converted.output
    wrong = {line.split(":")[0].split()[-1] for line in converted.lines
             if line.startswith("DIFF ")}
    assert wrong == {"git-kinds-ahead", "git-kinds-ignore-file", "git-kinds-objects",
                     "git-kinds-branch", "git-kinds-areas", "git-kinds-object-types"}, wrong


def _qti12_build(source: Path, out: Path) -> Path:
    assert run_build(source, out, formats=["qti12", "model"], jobs=1, options=NO_PDF).ok
    require_answer_converters(out)
    return out


def test_canvas_keeps_escapes_in_answers(canvas: Path, tmp_path: Path) -> None:
    """``&``, ``<`` and a written ``&lt;`` in the sides of a match, accepted texts and
    blank answers arrive as written (the exact check, character for character)."""
    dist = _qti12_build(FINDINGS / "canvas-answer-escaping", tmp_path / "dist")
    result = run([canvas / "run_canvas.sh", dist, tmp_path / "canvas"])
    assert result.returncode == 0 and VERDICT.fullmatch(result.last), result.report()
    exact = _exact_feedback(dist, tmp_path / "canvas")
    assert exact.returncode == 0 and EXACT.fullmatch(exact.last), exact.report()
    assert re.fullmatch(r"12 answer texts compared exactly, 0 differ", exact.lines[-2])


def test_canvas_exact_check_sees_a_bare_html_left_side(
        canvas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The exact check can fail: with every left-hand side of a match written
    ``text/html`` (as before), Canvas keeps the HTML source of a bare one as its text,
    and learners read ``AT&amp;T``; the word signature of compare_canvas.py cannot see
    it, the exact check names it."""
    monkeypatch.setattr(v12_answers_xml, "text_only", lambda html: None)
    dist = _qti12_build(FINDINGS / "canvas-answer-escaping", tmp_path / "dist")
    result = run([canvas / "run_canvas.sh", dist, tmp_path / "canvas"])
    assert result.returncode == 0, result.report()
    exact = _exact_feedback(dist, tmp_path / "canvas")
    assert exact.returncode == 1, exact.output
    wrong = [line for line in exact.lines if line.startswith("ANSWER ")]
    assert len(wrong) == 2 and all("item-esc-match left 1" in line and "AT&amp;T" in line
                                   for line in wrong), exact.output
