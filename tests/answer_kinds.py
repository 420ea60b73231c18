"""tests/fixtures/consumers/answer-kinds (a page with every kind answered outside lettered
options) for the HTML tests: the page, its sheets, and what each item's answers are."""

from __future__ import annotations

from pathlib import Path

import lxml.html  # type: ignore[import-untyped]

from builder.model import (
    Cloze,
    Item,
    Matching,
    Numeric,
    Page,
    ShortAnswer,
    Span,
    TrueFalse,
    number_text,
)
from builder.pipeline import check
from builder.render import render_inline
from builder.writers.options import Options

from .conftest import FIXTURES, NO_PDF, run_build

FILE = "git/answer-kinds.txt"
FIXTURE = FIXTURES / "consumers" / "answer-kinds"


def span(start: int, end: int | None = None) -> Span:
    return Span(file=FILE, start=start, end=end or start)


def answer_kinds_page() -> Page:
    result = check([FIXTURE])
    assert not result.errors, [d.text() for d in result.diagnostics]
    (page,) = result.tree.pages
    return page


def build_sheets(out: Path, options: Options = NO_PDF) -> Path:
    """The fixture's sheets (html only) in ``out``/html."""
    result = run_build(FIXTURE, out, formats=["html"], options=options)
    assert result.ok, [d.text() for d in result.diagnostics]
    return out / "html"


def plain_inline(markdown: str) -> str:
    """What a reader sees of an inline Markdown text."""
    el = lxml.html.fragment_fromstring(render_inline(markdown), create_parent="span")
    return str(el.text_content())


def answers(item: Item) -> list[str]:
    """The texts that answer ``item``, as a sheet shows them: on the revision sheet and
    in the quiz's answer key, never elsewhere in the quiz (see hidden_in_quiz)."""
    match item:
        case TrueFalse():
            return ["True" if item.truth else "False"]
        case Numeric() if item.written_as == "range":
            return [number_text(item.low), number_text(item.high)]
        case Numeric():
            return [number_text(item.answer)]
        case ShortAnswer():
            return [plain_inline(a) for a in item.accepted]
        case Cloze():
            return [plain_inline(b.answer) for b in item.blanks]
        case Matching():
            return [plain_inline(p.right) for p in item.pairs]
    raise AssertionError(item)


def hidden_in_quiz(item: Item) -> list[str]:
    """The answers a quiz must not show outside its answer key: not the words True and
    False (both are offered), nor a word bank's words or matching's right-hand texts."""
    if isinstance(item, (Numeric, ShortAnswer)) or (isinstance(item, Cloze)
                                                   and not item.distractors):
        return answers(item)
    return []


def offered(item: Item) -> list[str]:
    """The texts a quiz shows of ``item`` besides its room to answer: an answer found in
    one of these (a word of another item's passage) proves nothing by its absence."""
    match item:
        case TrueFalse():
            return [plain_inline(item.statement), "True", "False"]
        case Numeric() | ShortAnswer():
            return [plain_inline(item.question)] + ([plain_inline(item.units)]
                                                    if isinstance(item, Numeric)
                                                    and item.units else [])
        case Cloze():
            pieces = plain_inline(item.gapped).split("___")
            hints = [plain_inline(b.hint) for b in item.blanks if b.hint]
            return [*(p.strip() for p in pieces if p.strip()), *hints,
                    *(plain_inline(d) for d in item.distractors)]
        case Matching():
            return [plain_inline(item.question), *(plain_inline(p.left) for p in item.pairs),
                    *(plain_inline(p.right) for p in item.pairs),
                    *(plain_inline(d) for d in item.distractors)]
    raise AssertionError(item)
