"""The answer kinds of a `Recall & Review` section: true or false, a number, a short
answer, blanks in a passage, pairs to match.

Each is a question (or statement, or `Fill in the blanks` line) followed by its key
lines. They are tried only where the site's own kinds did not match, at a line that
no page before them could hold (a question followed straight by item lines), so a page
without them reads exactly as it did.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, NamedTuple

from builder.diagnostics import codes, error, warning
from builder.model import Item, Numeric, ShortAnswer, Span, Tag, TrueFalse

from . import markers as mk
from .annotations import (
    ITEM_KEY,
    TRUTH,
    Annotations,
    is_item_annotation,
    read_item_annotations,
)
from .answer_keys import ANSWER_KEY, AnswerKeys, Keyed, is_answer_key
from .items import item_id, span_of
from .lines import Line
from .numbers import read_number

if TYPE_CHECKING:
    from .recall import Context

Kind = Literal["truefalse", "numeric", "short", "cloze", "matching"]
KIND_NAMES = MappingProxyType({
    "truefalse": "a true-or-false statement", "numeric": "a numeric question",
    "short": "a short-answer question", "cloze": "a fill-in-the-blanks passage",
    "matching": "a matching question"})
# The answer-key lines each kind reads; any other is reported, so no typo passes.
_KEYS: MappingProxyType[Kind, frozenset[str]] = MappingProxyType({
    "truefalse": frozenset(), "numeric": frozenset({"number"}),
    "short": frozenset({"accept", "case"}), "cloze": frozenset({"distractors"}),
    "matching": frozenset({"distractors"}),
})


class Common(NamedTuple):
    """The fields every item has, and the explanation every answer kind has."""

    id: str
    id_explicit: bool
    id_span: Span | None
    tags: tuple[Tag, ...]
    allow: tuple[str, ...]
    span: Span
    explanation: str | None


def kind_at(texts: list[str], pos: int) -> Kind | None:
    """The answer kind whose item starts at line ``pos``, if any."""
    if mk.FILL.match(texts[pos]):
        return "cloze"
    if pos + 1 < len(texts) and mk.is_pair(texts[pos + 1]):
        return "matching"
    k = pos + 1
    while k < len(texts) and (is_item_annotation(texts[k]) or is_answer_key(texts[k])):
        key = ANSWER_KEY.match(texts[k])
        if key is not None and key["key"].lower() in ("number", "accept"):
            return "numeric" if key["key"].lower() == "number" else "short"
        line = ITEM_KEY.match(texts[k])
        if line is not None and line["key"].lower() == "answer" and \
                TRUTH.match(line["value"].strip()):
            return "truefalse"
        k += 1
    return None


def read_answer_kind(kind: Kind, body: list[Line], texts: list[str], pos: int,
                     ctx: Context) -> tuple[Item | None, int]:
    from .cloze import read_cloze
    from .matching import read_matching

    if kind == "cloze":
        return read_cloze(body, texts, pos, ctx)
    if kind == "matching":
        return read_matching(body, texts, pos, ctx)
    ctx.short[body[pos].no] = "question"
    notes, keys, nxt = key_lines(body, texts, pos + 1, ctx)
    reject_other_keys(notes, keys, kind, ctx)
    common = common_fields(notes, body[pos], body[nxt - 1], texts[pos], ctx)
    if kind == "truefalse":
        assert notes.truth is not None  # kind_at found the line
        return TrueFalse(statement=texts[pos], truth=notes.truth,
                         key_span=notes.answer_span, **common._asdict()), nxt
    if kind == "numeric":
        assert keys.number is not None
        number = read_number(keys.number, ctx.diags)
        if number is None:
            return None, nxt
        return Numeric(question=texts[pos], key_span=keys.number.span, **number._asdict(),
                       **common._asdict()), nxt
    return _short(texts[pos], keys, common, ctx), nxt


def key_lines(body: list[Line], texts: list[str], pos: int,
              ctx: Context) -> tuple[Annotations, AnswerKeys, int]:
    """The item lines and answer-key lines from ``pos``."""
    keys = AnswerKeys(ctx.path, ctx.diags)
    notes, nxt = read_item_annotations(body, pos, ctx.path, ctx.diags,
                                       lambda k: mk.starts_item(texts, k), extra=keys)
    return notes, keys, nxt


def common_fields(notes: Annotations, first: Line, last: Line, identity: str,
                  ctx: Context) -> Common:
    ident, explicit = item_id(notes, ctx.slug, identity, ctx.diags)
    return Common(id=ident, id_explicit=explicit, id_span=notes.id_span if explicit else None,
                  tags=tuple(notes.tags), allow=tuple(notes.allow),
                  span=span_of(ctx.path, first, last), explanation=notes.explanation)


def reject_other_keys(notes: Annotations, keys: AnswerKeys, kind: Kind, ctx: Context) -> None:
    """Lines that mean nothing for this kind (`Answer: B` on a numeric question)."""
    name = KIND_NAMES[kind]
    wrong: list[tuple[str, Keyed | None]] = [
        (key.capitalize(), getattr(keys, key)) for key in ("number", "accept", "case",
                                                            "distractors")
        if key not in _KEYS[kind]]
    spans = [(k, v.span if v else None) for k, v in wrong]
    if kind != "truefalse" or notes.truth is None:
        spans.append(("Answer", notes.answer_span))
    spans += [(f"Feedback {k}", s) for k, s in notes.feedback_spans.items()]
    spans.append(("Concepts", notes.concepts_span))
    for key, span in spans:
        if span is not None and span not in notes.reported:
            ctx.diags.append(error(
                codes.ANNOTATION_NOT_FOR_KIND, span, f"`{key}:` has no meaning for {name}",
                "delete the line, or move it under the item it belongs to"))


def _short(question: str, keys: AnswerKeys, common: Common,
           ctx: Context) -> ShortAnswer | None:
    assert keys.accept is not None
    accepted = keys.split(keys.accept)
    if not accepted:
        if keys.usable(keys.accept) is not None:
            ctx.diags.append(error(
                codes.NO_ACCEPTED_ANSWER, keys.accept.span,
                "`Accept:` names no answer", "write the accepted answers, separated by `;`"))
        return None
    case_sensitive = False
    case = keys.usable(keys.case)
    if case is not None and keys.case is not None:
        if case.lower() not in ("sensitive", "insensitive"):
            ctx.diags.append(error(
                codes.BAD_CASE, keys.case.span, f"`Case: {case}` is neither sensitive nor "
                "insensitive", "write `Case: sensitive` or `Case: insensitive`"))
        case_sensitive = case.lower() == "sensitive"
    seen: dict[str, str] = {}
    for text in accepted:
        same = text if case_sensitive else text.casefold()
        if same in seen:
            ctx.diags.append(warning(
                codes.REPEATED_ANSWER, keys.accept.span,
                f"`Accept:` names {text!r} twice" + ("" if case_sensitive else
                                                    " (case does not count)"),
                "delete one of them"))
        seen.setdefault(same, text)
    return ShortAnswer(question=question, accepted=tuple(seen.values()),
                       case_sensitive=case_sensitive, key_span=keys.accept.span,
                       **common._asdict())


def answer_distractors(keys: AnswerKeys, answers: list[str], what: str,
                       ctx: Context) -> tuple[tuple[str, ...], bool]:
    """The `Distractors:` of a cloze or matching question, and whether none of them is
    also one of its ``answers`` (``what`` says what they are, for the message)."""
    distractors = keys.split(keys.distractors)
    right = {a.casefold() for a in answers}
    ok = True
    for text in distractors:
        if text.casefold() in right and keys.distractors is not None:
            ok = False
            ctx.diags.append(error(
                codes.DISTRACTOR_IS_ANSWER, keys.distractors.span,
                f"distractor {text!r} is also {what}", "delete it or change it"))
    return distractors, ok
