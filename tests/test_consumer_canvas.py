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
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from builder.writers.qti import v12_item

from .canvas_runs import EXACT, VERDICT, compare, exact_feedback, setup_canvas
from .conftest import FIXTURES, NO_PDF, run_build
from .consumer_runs import Tree, built, run, tree, tree_params, with_key_moved

pytestmark = pytest.mark.consumer

# Trees on which Canvas still makes something else of a package than the model says,
# each with the finding it shows (strict: the fix must remove the entry).
KNOWN: dict[str, str] = {}


@pytest.fixture(scope="session")
def canvas() -> Path:
    return setup_canvas()


@pytest.mark.parametrize("tree", tree_params(KNOWN))
def test_canvas_converts_every_package_as_the_model_says(
        tree: Tree, canvas: Path, tmp_path: Path,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    """In every clone: a question whose Canvas converter is not in canvas-qti-extra/
    (numerical, fill in the blanks, matching: README.md, "Converters of the answer
    kinds") is checked as far as QTIMigrationTool's QTI 2.1 and noted, never skipped."""
    dist = built(tree, tmp_path_factory)
    result = run([canvas / "run_canvas.sh", dist, tmp_path / "canvas"])
    verdict = VERDICT.fullmatch(result.last)
    assert result.returncode == 0 and verdict, result.report()
    assert int(verdict[1]) > 0
    exact = exact_feedback(dist, tmp_path / "canvas")
    verdict = EXACT.fullmatch(exact.last)
    assert exact.returncode == 0 and verdict, exact.report()
    assert int(verdict[1]) > 0


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
    exact = exact_feedback(out, tmp_path / "canvas")
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
    compared = compare(dist, results)
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
