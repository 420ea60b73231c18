"""Moodle's own GIFT importer stores the answer kinds as the model says (issue 16).

The GIFT files of the answer-kinds fixture (built with the GIFT and model writers only)
go through tests/consumers/moodle: Moodle's qformat_gift parses them, and compare.py
checks every stored truefalse, numerical, shortanswer, match and missing-word question
against model.json (fractions, tolerances, the true/false key, match pairs), and with
--exact against the HTML the writer means. Deliberate breaks of those files must each be
reported, and a page the reader does not make (a passage of three blanks with an id of
100 characters, answers holding `*` or `->`) is checked the same way.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from builder.diagnostics import Diagnostic
from builder.model import Blank, Cloze, Matching, Numeric, Page, Pair, ShortAnswer, Span, Tree
from builder.writers.gift import PAGE_FILE

from .conftest import NO_PDF, build_model, run_build
from .consumer_runs import CONSUMERS, FINDINGS, run
from .test_consumer_moodle import VERDICT
from .test_consumer_moodle import php as moodle_php

php = moodle_php  # the same fixture, under the name these tests ask for

pytestmark = pytest.mark.consumer
MOODLE = CONSUMERS / "moodle"
KINDS = FINDINGS / "answer-kinds"
SLUG = "git-answer-kinds"


@pytest.fixture(scope="module")
def kinds_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("answer-kinds") / "dist"
    result = run_build(KINDS, out, formats=["gift", "model"], options=NO_PDF)
    assert result.ok, [d.text() for d in result.diagnostics]
    return out


def _moodle(dist: Path, php: str, *options: str) -> list[str]:
    result = run([sys.executable, MOODLE / "compare.py", dist, "--php", php, "--exact",
                  "--jobs", "2", *options])
    assert result.returncode in (0, 1), result.output
    return result.lines


def test_moodle_stores_every_answer_kind_as_the_model_says(kinds_dist: Path, php: str) -> None:
    lines = _moodle(kinds_dist, php)
    verdict = VERDICT.fullmatch(lines[-1])
    # 11 items: the passage of two blanks is two questions; in the page file and all.
    assert verdict and verdict[1] == "2" and verdict[2] == "24", "\n".join(lines)


def _break(dist: Path, into: Path, old: str, new: str) -> Path:
    (into / "gift" / "pages").mkdir(parents=True)
    shutil.copy(dist / "model.json", into / "model.json")
    page = PAGE_FILE.format(slug=SLUG)
    text = (dist / page).read_text(encoding="utf-8")
    assert old in text, old
    (into / page).write_text(text.replace(old, new, 1), encoding="utf-8")
    return into


# Each break of the fixture's page file and the words compare.py's report must name.
BREAKS = [
    ("T\n####", "F\n####", "[git-kinds-parent] (truefalse) answer 1: fraction"),
    ("#512:0.5", "#512:5", "[git-kinds-big-file] (numeric): lowest accepted"),
    ("#29..31", "#29..32", "[git-kinds-reflog-days] (numeric): highest accepted"),
    ("#40:0", "#41:0", "[git-kinds-sha1-length] (numeric): lowest accepted"),
    ("=[plain]git log @\\{u\\}..", "=%50%[plain]git log @\\{u\\}..",
     "[git-kinds-ahead] (short) answer 2: fraction"),
    ("=[plain].gitignore", "=[plain].gitignor", "[git-kinds-ignore-file] (short) answer 1: "
     "answer text"),
    ("~[html]tree", "=[html]tree", "[git-kinds-branch] (cloze)"),
    ("=[plain]trees", "=[plain]blobs", "[git-kinds-objects-2] (cloze) answer 1: answer text"),
    ("-> the index", "-> the history", "[git-kinds-areas] (matching): match subquestions"),
    ("= -> the stash\n", "", "[git-kinds-areas] (matching): match subquestions"),
    ("[id:git-kinds-objects-1]", "[id:git-kinds-objects]", "[git-kinds-objects-1] (cloze): ID"),
]


@pytest.mark.parametrize(("old", "new", "reported"), BREAKS, ids=[b[2] for b in BREAKS])
def test_moodle_check_reports_broken_answer_kinds(kinds_dist: Path, php: str, tmp_path: Path,
                                                  old: str, new: str, reported: str) -> None:
    lines = _moodle(_break(kinds_dist, tmp_path / "broken", old, new), php, "--only", "pages")
    assert lines[-1].startswith("FAIL"), "\n".join(lines)
    assert any(line.startswith("MISMATCH ") and reported in line for line in lines), (
        "\n".join(lines))


def _edge_page() -> Page:
    """What the reader does not make: an id of 100 characters on a passage of three
    blanks (each blank's ID number is cut to Moodle's 100), answers holding `*` (a
    wildcard in Moodle unless escaped) and `->` (which Moodle would read as a match)."""
    def span(line: int) -> Span:
        return Span(file="edge.txt", start=line, end=line)

    long_id = "x" * 98 + "-p"
    items = (
        Cloze(id=long_id, id_explicit=True, span=span(1), text=("A ", " and ", " or ", "."),
              blanks=tuple(Blank(answer=a, span=span(1)) for a in ("b*", "c", "d"))),
        # After the braces the line goes on with `//`: Moodle takes only a line that
        # starts with it for a comment (gift-pegjs drops the rest of the line).
        Cloze(id="edge-slashes", id_explicit=True, span=span(4), text=("See ", "// or a:b."),
              blanks=(Blank(answer="x", span=span(4)),), distractors=("y",)),
        # Format tokens inside the text and after the braces are text to Moodle.
        Cloze(id="edge-format", id_explicit=True, span=span(7), text=("[plain] ", " [html] x"),
              blanks=(Blank(answer="y", span=span(7)),)),
        # Numbers as number_text writes them, exponents too (Moodle reads them).
        Numeric(id="edge-tiny", id_explicit=True, span=span(5), question="Tiny?",
                written_as="range", answer=5e-06, tolerance=5e-06, low=0.0, high=1e-05),
        Numeric(id="edge-huge", id_explicit=True, span=span(6), question="Huge?",
                written_as="tolerance", answer=-2.5e10, tolerance=1e-05, low=-2.5e10 - 1e-05,
                high=-2.5e10 + 1e-05),
        ShortAnswer(id="edge-star", id_explicit=True, span=span(2), question="Pattern?",
                    accepted=("*.txt", "a -> b", "a\\*b"), case_sensitive=True),
        Matching(id="edge-match", id_explicit=True, span=span(3), question="Match:",
                 pairs=tuple(Pair(left=left, right=right, span=span(3)) for left, right in
                             (("a -> b", "`x`"), ("c", "y & z"), ("d", "a < b")))),
    )
    return Page(path="edge.txt", slug="edge", title="Edge", items=items, span=span(1))


def test_moodle_stores_a_model_the_reader_does_not_make(php: str, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    built = build_model(Tree(root=".", pages=(_edge_page(),)), out, ["gift", "model"])
    codes = sorted({d.code for d in built.report})
    assert codes == ["gift-case-sensitive", "gift-cloze-split", "gift-typed-answer"], codes
    arrow: Diagnostic = next(d for d in built.report if d.code == "gift-typed-answer")
    assert arrow.line == 2
    text = (out / PAGE_FILE.format(slug="edge")).read_text(encoding="utf-8")
    assert f"[id:{'x' * 98}-1]" in text and "=[plain]\\\\*.txt" in text
    lines = _moodle(out, php)
    verdict = VERDICT.fullmatch(lines[-1])
    assert verdict and verdict[2] == "18", "\n".join(lines)
