"""A fill-in-the-blanks passage: `Fill in the blanks`, then the passage, each blank
written ``[[answer]]`` or ``[[answer | hint]]``.

The passage runs from the line after the marker to the first blank line or item line,
so it may hold several lines (a list, two sentences).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from builder.diagnostics import Diagnostic, codes, error
from builder.model import Blank, Cloze, Item, Span

from . import markers as mk
from .annotations import is_item_line
from .answer_keys import is_answer_key
from .answers import answer_distractors, common_fields, key_lines, reject_other_keys
from .items import span_of
from .lines import Line

if TYPE_CHECKING:
    from .recall import Context

BLANK = re.compile(r"\[\[(?P<body>[^\[\]\n]*)\]\]")
_OPEN = re.compile(r"\[\[|\]\]")


def read_cloze(body: list[Line], texts: list[str], pos: int,
               ctx: Context) -> tuple[Item | None, int]:
    end = pos + 1
    while end < len(body) and _in_passage(body, texts, end, first=end == pos + 1):
        end += 1
    notes, keys, nxt = key_lines(body, texts, end, ctx)
    reject_other_keys(notes, keys, "cloze", ctx)
    marker = body[pos]
    if end == pos + 1:
        ctx.diags.append(error(
            codes.CLOZE_NO_BLANK, span_of(ctx.path, marker),
            "`Fill in the blanks` has no passage after it",
            "write the passage on the next line, each blank as [[answer]]"))
        return None, nxt
    passage = ctx.raw_text(body[pos + 1], body[end - 1])
    blanks, pieces, ok = _blanks(passage, body[pos + 1].no, ctx)
    if not ok:
        return None, nxt
    if not blanks:
        ctx.diags.append(error(
            codes.CLOZE_NO_BLANK, span_of(ctx.path, body[pos + 1], body[end - 1]),
            "the passage has no blank", "mark each blank as [[answer]], or "
            "[[answer | hint]] with a hint"))
        return None, nxt
    # A distractor that is an answer is reported; the passage is still read.
    distractors, _ = answer_distractors(keys, [b.answer for b in blanks], "a right answer", ctx)
    common = common_fields(notes, marker, body[nxt - 1], "___".join(pieces), ctx)
    return Cloze(text=tuple(pieces), blanks=tuple(blanks), distractors=distractors,
                 **common._asdict()), nxt


def _in_passage(body: list[Line], texts: list[str], k: int, *, first: bool) -> bool:
    text = texts[k]
    if is_item_line(text) or is_answer_key(text) or mk.FILL.match(text):
        return False
    # The passage ends at a blank line (the section drops them, the numbers keep them).
    return first or body[k].no == body[k - 1].no + 1


def _blanks(passage: str, first_no: int,
            ctx: Context) -> tuple[list[Blank], list[str], bool]:
    blanks: list[Blank] = []
    pieces: list[str] = []
    at, ok = 0, True
    for m in BLANK.finditer(passage):
        no = first_no + passage.count("\n", 0, m.start())
        span = span_of(ctx.path, ctx.by_no[no])
        answer, _, hint = m["body"].partition("|")
        stray = _OPEN.search(passage, at, m.start())
        if stray is not None or not answer.strip():
            ok = False
            ctx.diags.append(_bad_blank(span, "a blank has no answer" if stray is None else
                                        f"`{stray[0]}` does not pair up"))
        pieces.append(passage[at:m.start()])
        blanks.append(Blank(answer=answer.strip() or "?", hint=hint.strip() or None, span=span))
        at = m.end()
    if (stray := _OPEN.search(passage, at)) is not None:
        ok = False
        no = first_no + passage.count("\n", 0, stray.start())
        ctx.diags.append(_bad_blank(span_of(ctx.path, ctx.by_no[no]),
                                    f"`{stray[0]}` does not pair up"))
    pieces.append(passage[at:])
    return blanks, pieces, ok


def _bad_blank(span: Span, why: str) -> Diagnostic:
    return error(codes.BAD_BLANK, span, f"{why} in the passage",
                 "write each blank as [[answer]] or [[answer | hint]], on one line")
