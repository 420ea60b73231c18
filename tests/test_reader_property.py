"""The reader never raises: any bytes give a page and/or diagnostics."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.diagnostics import Diagnostic
from builder.model import Tree
from builder.reader import read_page
from builder.validate import validate

# Lines that steer the reader into each of its paths, mixed with arbitrary text.
MARKERS = [
    "Recall & Review", "Challenge - 2 Problems", "Challenge - x Problems", "beginner",
    "begginer", "expert", "Click to reveal answer", "✗ Incorrect", "✓ Correct",
    "You got /4 concepts.", "You got 2/3 concepts.", "2:00remaining", "99:59remaining",
    "Attempts:", "2 left", "Attempts: 1 left", "💡 Hint", "🧠 Conceptual", "Predict Output",
    "PyTorch", "Python", "AOption one", "BOption two", "COption three", "A) spaced", "D)]",
    "Answer: A", "Answers: A, C", "Answer: Z", "Answer:", "Explanation: because",
    "Feedback B: no", "Feedback F: none", "Concepts: a; b", "Id: x", "Id: Bad Id!",
    "Tags: t1 t2", "Allow: options-lost", "Title: T", "Subject: S", "Minutes: ten",
    "0", "PyTorchml~20 mins", "Title - Cheat Sheet & Quick Revision", "", "    ", "\t",
    "Choose your learning style9 modes available", "```python", "```",
    # The answer kinds' lines.
    "Answer: true", "Answer: FALSE", "Number: 4", "Number: 2.5 ± 0.1 GB", "Number: 3..1",
    "Number: 1 ± -2", "Number: many", "Number: 1e999", "Accept: a; b", "Accept: ;",
    "Case: sensitive", "Case: maybe", "Distractors: x; y", "Fill in the blanks",
    "a [[b]] c", "[[x | hint]] [[", "[[ | y]]", "]] [[z]]", "left -> right", "a → b",
    " -> r", "l -> ", "Acept: x", "Cse: y",
]
line = st.one_of(st.sampled_from(MARKERS), st.text(max_size=40))
page_text = st.lists(line, max_size=60).map("\n".join)


def _read(data: bytes) -> list[Diagnostic]:
    page, diags = read_page(data, "fuzz.txt")
    if page is not None:
        diags += validate(Tree(root=".", pages=(page,)))
        for item in page.items:
            assert 1 <= item.span.start <= item.span.end <= page.span.end
    for d in diags:
        assert d.file == "fuzz.txt" and d.message and d.code
    return diags


@settings(max_examples=400, deadline=None)
@given(page_text)
def test_structured_text_never_raises(text: str) -> None:
    _read(text.encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(page_text, st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_line_ends_and_bom_do_not_change_the_model(text: str, nl: str, bom: bool) -> None:
    plain, _ = read_page(text.encode(), "fuzz.txt")
    data = text.replace("\n", nl).encode()
    other, _ = read_page((b"\xef\xbb\xbf" if bom else b"") + data, "fuzz.txt")
    if "\r" not in text and "\x0b" not in text and "\x0c" not in text:
        assert plain == other


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    _read(data)
