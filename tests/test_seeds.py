"""The five pasted seed pages in ../shared/seeds, read exactly as they are.

Skipped when that folder is absent (a fresh clone without shared/); every quirk they
show is also covered by fixtures of our own in tests/fixtures/reader.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from builder.model import Challenge, Flashcard, MultipleChoice, OpenPrompt
from builder.pipeline import check
from builder.reader import read_page

from .conftest import SEEDS

# prefix: (flashcards, choice with options, choice with options lost, open, challenges)
EXPECTED = {
    "000": (5, 0, 5, 2, 0),
    "001": (5, 5, 0, 2, 0),
    "002": (5, 0, 5, 2, 0),
    "003": (0, 0, 0, 0, 5),
    "004": (5, 5, 0, 2, 0),
}
# prefix: (subject, field, minutes, subtitle) read off the glued header; None = no header
HEADERS = {
    "000": None,
    "001": ("MLOps", "devops", 5, "Cheat Sheet & Quick Revision"),
    "002": None,
    "003": ("PyTorch", "ml", 20, "Challenge Your Understanding"),
    "004": ("PyTorch", "ml", 5, "Cheat Sheet & Quick Revision"),
}


def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_item_counts(prefix: str) -> None:
    page, _ = read_page(seed(prefix).read_bytes(), f"{prefix}.txt")
    assert page is not None
    items = page.items
    got = (
        sum(isinstance(i, Flashcard) for i in items),
        sum(isinstance(i, MultipleChoice) and not i.options_lost for i in items),
        sum(isinstance(i, MultipleChoice) and i.options_lost for i in items),
        sum(isinstance(i, OpenPrompt) for i in items),
        sum(isinstance(i, Challenge) for i in items),
    )
    assert got == EXPECTED[prefix]


@pytest.mark.parametrize("prefix", sorted(HEADERS))
def test_header_metadata(prefix: str) -> None:
    page, _ = read_page(seed(prefix).read_bytes(), f"{prefix}.txt")
    assert page is not None
    expected = HEADERS[prefix]
    if expected is None:
        assert page.title is None and page.subject is None
    else:
        assert (page.subject, page.field, page.minutes, page.subtitle) == expected
        assert page.title and " - " not in page.title


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_item_shapes(prefix: str) -> None:
    page, _ = read_page(seed(prefix).read_bytes(), f"{prefix}.txt")
    assert page is not None
    for item in page.items:
        if isinstance(item, Flashcard):
            assert item.difficulty in ("beginner", "intermediate", "advanced", "expert")
            assert item.question and item.answer and not item.question.startswith(" ")
            assert "Click to reveal" not in item.answer
        elif isinstance(item, MultipleChoice):
            assert item.question.endswith("?") or item.question.endswith(":")
            if item.options_lost:
                assert item.explanation and not item.options
            else:
                assert [o.letter for o in item.options] == ["A", "B", "C", "D"]
                assert not item.correct_letters  # the pages mark no key; we never guess
        elif isinstance(item, OpenPrompt):
            assert item.prompt.split()[0] in ("Explain", "Describe")
            assert item.hint and item.concept_count == 4 and not item.concepts
        elif isinstance(item, Challenge):
            assert item.time_limit_s == 120 and item.attempts == 2
            assert item.hint and len(item.options) == 4 and item.body


def test_challenge_page_details() -> None:
    page, _ = read_page(seed("003").read_bytes(), "003.txt")
    assert page is not None and page.badge is not None
    assert page.declared_challenges == 5 and len(page.badge.slogans) == 2
    challenges = [i for i in page.items if isinstance(i, Challenge)]
    assert [c.category for c in challenges] == [
        "Conceptual", "Conceptual", "Predict Output", "Hyperparameter", "Metrics"]
    assert [c.category_icon is not None for c in challenges] == [True, True, False, False, False]
    assert [c.difficulty for c in challenges] == [
        "intermediate", "intermediate", "advanced", "advanced", "expert"]
    coded = [c for c in challenges if c.code is not None]
    assert len(coded) == 1
    code = coded[0].code
    assert code is not None and code.label == "PyTorch" and code.language == "python"
    # The code runs up to the options: it keeps its blank lines and indentation.
    assert code.text.splitlines()[0].startswith("import ")
    assert "\n\n" in code.text and "\n    def " in code.text
    assert all(o.is_output for o in coded[0].options)
    # Three options print two lines; the reversed distractor holds no `\n` the right way round.
    assert [len(o.output_lines) for o in coded[0].options] == [2, 2, 2, 1]


def test_open_prompts_indented_and_unterminated() -> None:
    # 001 and 004 indent their last prompt by four spaces and end without a newline.
    for prefix in ("001", "004"):
        data = seed(prefix).read_bytes()
        assert not data.endswith(b"\n") and b"\n    " in data
        page, _ = read_page(data, f"{prefix}.txt")
        assert page is not None
        last = page.items[-1]
        assert isinstance(last, OpenPrompt) and not last.prompt.startswith(" ")


def test_check_reports_everything_lost() -> None:
    seed("000")
    result = check([SEEDS])
    codes = Counter(d.code for d in result.diagnostics)
    # 15 unkeyed questions (5 each in 001, 003, 004), 10 lost option lists, 8 concept lists.
    assert codes["missing-answer-key"] == 15
    assert codes["options-lost"] == 10
    assert codes["missing-concepts"] == 8
    assert {d.severity.value for d in result.diagnostics if d.code == "missing-answer-key"} == {
        "error"}
    # Each report points at the line it is about.
    for d in result.diagnostics:
        lines = Path(d.file).read_text(encoding="utf-8").splitlines()
        text = lines[d.line - 1]
        if d.code == "options-lost":
            assert "Incorrect" in text
        elif d.code == "missing-concepts":
            assert "concepts." in text
        elif d.code == "missing-answer-key":
            # A question line (option A follows) or a challenge's category line (the
            # timer is two lines below).
            below = lines[d.line: d.line + 2]
            assert below[0].startswith("A") or below[1].endswith("remaining"), text
