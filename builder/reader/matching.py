"""A matching question: the question, then three or more lines `left -> right`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from builder.diagnostics import codes, error
from builder.model import Item, Matching, Pair

from . import markers as mk
from .answers import answer_distractors, common_fields, key_lines, reject_other_keys
from .items import span_of
from .lines import Line

if TYPE_CHECKING:
    from .recall import Context

MIN_PAIRS = 3


def read_matching(body: list[Line], texts: list[str], pos: int,
                  ctx: Context) -> tuple[Item | None, int]:
    end = pos + 1
    while end < len(texts) and mk.is_pair(texts[end]):
        end += 1
    notes, keys, nxt = key_lines(body, texts, end, ctx)
    reject_other_keys(notes, keys, "matching", ctx)
    ctx.short[body[pos].no] = "question"
    pairs, ok = _pairs(body[pos + 1:end], ctx)
    if ok and len(pairs) < MIN_PAIRS:
        ok = False
        ctx.diags.append(error(
            codes.TOO_FEW_PAIRS, span_of(ctx.path, body[pos], body[end - 1]),
            f"a matching question needs at least {MIN_PAIRS} pairs; this one has {len(pairs)}",
            "add pairs `left -> right`, or make it a flashcard"))
    distractors, apart = answer_distractors(keys, [p.right for p in pairs],
                                            "the right side of a pair", ctx)
    if not (ok and apart):
        return None, nxt
    common = common_fields(notes, body[pos], body[nxt - 1], texts[pos], ctx)
    return Matching(question=texts[pos], pairs=tuple(pairs), distractors=distractors,
                    **common._asdict()), nxt


def _pairs(lines: list[Line], ctx: Context) -> tuple[list[Pair], bool]:
    pairs: list[Pair] = []
    seen: dict[tuple[str, str], int] = {}
    ok = True
    for line in lines:
        left, right = (part.strip() for part in mk.ARROW.split(line.text, maxsplit=1))
        span = span_of(ctx.path, line)
        ctx.short[line.no] = "option"
        if not left or not right:
            ok = False
            ctx.diags.append(error(
                codes.BAD_PAIR, span, f"the pair has no {'left' if not left else 'right'} side",
                "write both sides: `left -> right`"))
            continue
        for side, text in (("left", left), ("right", right)):
            first = seen.setdefault((side, text.casefold()), line.no)
            if first != line.no:
                ok = False
                ctx.diags.append(error(
                    codes.MATCHING_REPEATED, span,
                    f"the {side} side {text!r} is repeated (first at line {first})",
                    "make every left side and every right side different"))
        pairs.append(Pair(left=left, right=right, span=span))
    return pairs, ok
