"""Authoring mistakes (issue 13): each is reported once, at its own line, saying what to
do, and nothing else fires.

Each page in tests/fixtures/authoring/NAME.txt makes one mistake; NAME.expected says
what `check` must report for it, one finding a line: ``LINE severity[code]``, optionally
followed by ``~ text`` that the message or fix must contain. ``#`` lines describe the
mistake. An expectation with no findings means the page is read as the author meant.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.cli import main
from builder.model import Challenge, MultipleChoice
from builder.pipeline import check

from .conftest import FIXTURES

CASES_DIR = FIXTURES / "authoring"
CASES = sorted(CASES_DIR.glob("*.txt"))
EXPECTED = re.compile(r"^(?P<line>\d+) (?P<severity>error|warning|note)\[(?P<code>[a-z0-9-]+)\]"
                      r"(?: ~ (?P<says>.+))?$")


def expectations(case: Path) -> list[tuple[int, str, str, str | None]]:
    found = []
    for text in case.with_suffix(".expected").read_text(encoding="utf-8").splitlines():
        if not text.strip() or text.startswith("#"):
            continue
        m = EXPECTED.match(text)
        assert m, f"{case.stem}.expected: cannot read {text!r}"
        found.append((int(m["line"]), m["severity"], m["code"], m["says"]))
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_mistake_is_reported_once_at_its_line(case: Path) -> None:
    expected = expectations(case)
    found = check([case]).diagnostics
    assert [(d.line, d.severity.value, d.code) for d in found] == \
        [(line, severity, code) for line, severity, code, _ in expected], \
        [d.text() for d in found]
    for d, (_, _, _, says) in zip(found, expected, strict=True):
        assert d.fix, d.text()
        if says:
            assert says in f"{d.message} — {d.fix}", d.text()


def test_every_case_states_its_expectations() -> None:
    assert len(CASES) >= 18
    stems = {p.stem for p in CASES}
    assert {p.stem for p in CASES_DIR.glob("*.expected")} == stems


def _only_item(case: str) -> MultipleChoice | Challenge:
    (page,) = check([CASES_DIR / f"{case}.txt"]).tree.pages
    (item,) = page.items
    assert isinstance(item, MultipleChoice | Challenge)
    return item


def test_item_lines_anywhere_after_a_challenges_options_are_read() -> None:
    for case in ("challenge-answer-before-hint", "challenge-item-lines-before-attempts"):
        item = _only_item(case)
        assert isinstance(item, Challenge)
        assert item.correct_letters == ["A"], case
        assert item.explanation and item.explanation.startswith("Every worker applies"), case
        assert item.attempts == 2 and item.hint == \
            "Think about what must stay the same on every worker.", case
        assert [o.letter for o in item.options] == ["A", "B", "C"], case
    feedback = _only_item("challenge-item-lines-before-attempts").options[1].feedback
    assert feedback and feedback.startswith("Averaging changes no sizes")


def test_a_bad_attempts_line_leaves_the_options_alone() -> None:
    for case in ("challenge-attempts-many", "challenge-attempts-no-count"):
        item = _only_item(case)
        assert isinstance(item, Challenge) and item.attempts is None
        assert [o.letter for o in item.options] == ["A", "B", "C"], case
        assert item.body.startswith("Four workers") and item.correct_letters == ["A"]


def test_options_with_a_gap_keep_their_letters_and_key() -> None:
    for case in ("choice-option-gap", "challenge-option-gap"):
        item = _only_item(case)
        assert [o.letter for o in item.options][-1] == "D" and len(item.options) >= 3, case
        assert item.correct_letters == ["A"] and item.explanation, case


def test_explanation_after_option_d_is_not_option_e() -> None:
    item = _only_item("choice-explanation-not-option-e")
    assert [o.letter for o in item.options] == ["A", "B", "C", "D"]
    assert item.explanation == "init_process_group must run before any collective call."


def test_a_two_megabyte_page_is_one_error_at_line_one(tmp_path: Path) -> None:
    answer = "\n".join(f"Detail {n} of the answer, on a line of its own." for n in range(45_000))
    page = tmp_path / "pasted.txt"
    page.write_text("Title: Pasted\nSubject: PyTorch\nField: ml\nRecall & Review\nbeginner\n"
                    f"What was pasted here?\n{answer}\nClick to reveal answer\n",
                    encoding="utf-8")
    assert page.stat().st_size > 2_000_000
    found = check([page]).diagnostics
    assert [(d.line, d.severity.value, d.code) for d in found] == [(1, "error", "page-too-large")]
    assert "2.1 MB" in found[0].message and "split the page" in found[0].fix


def test_the_cli_prints_the_finding_at_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES_DIR / "challenge-attempts-many.txt"
    assert main(["check", "--no-cache", str(case)]) == 1
    printed = capsys.readouterr()
    first = printed.out.splitlines()[0]
    assert first.endswith("challenge-attempts-many.txt:18: error[bad-attempts]: `Attempts: many` "
                          "is not a number of attempts — write how many attempts a learner "
                          "has, e.g. `Attempts: 2 left` (or `2 left` on the next line), or "
                          "delete the line")
    assert "1 error, 0 warnings" in printed.err
