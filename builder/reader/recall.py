"""The ``Recall & Review`` section: flashcards, multiple-choice questions, open prompts.

Blank lines carry no meaning here (pages lose and gain them in pasting); every item is
recognised by the marker lines around its first line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.diagnostics import Diagnostic, codes, error
from builder.model import Flashcard, Item, MultipleChoice, OpenPrompt, Span

from . import markers as mk
from .annotations import (
    Annotations,
    apply_line,
    is_item_annotation,
    near_key,
    read_item_annotations,
)
from .answer_keys import is_answer_key
from .answers import kind_at, read_answer_kind
from .items import build_options, item_id, lettered_run, reject_keys, span_of
from .lines import Line, dedent


@dataclass
class Context:
    path: str
    slug: str
    diags: list[Diagnostic]
    # Every line of the page by number, blank ones included, for multi-line text.
    by_no: dict[int, Line] = field(default_factory=dict)
    # Lines that hold a short field (a question, an option) by number, with its name:
    # they have a tighter length limit than other lines.
    short: dict[int, str] = field(default_factory=dict)

    def raw_text(self, first: Line, last: Line) -> str:
        """Lines first..last as written: blank lines kept, common indentation removed."""
        raw = [self.by_no[n].raw for n in range(first.no, last.no + 1) if n in self.by_no]
        return dedent(raw).strip("\n")


def read_recall(lines: list[Line], ctx: Context) -> list[Item]:
    """Items of the section; ``lines`` excludes the section header."""
    body = [ln for ln in lines if not ln.blank]
    texts = [ln.text for ln in body]
    items: list[Item] = []
    pos = 0
    while pos < len(body):
        item, pos = _read_item(body, texts, pos, ctx)
        if item is not None:
            items.append(item)
    return items


def _read_item(body: list[Line], texts: list[str], pos: int,
               ctx: Context) -> tuple[Item | None, int]:
    text = texts[pos]

    def at(k: int) -> str:
        return texts[pos + k] if pos + k < len(texts) else ""

    if mk.is_difficulty(text) or (mk.near_difficulty(text) and _reveal_ahead(texts, pos)):
        return _flashcard(body, texts, pos, ctx)
    if mk.CONCEPTS.match(at(1)) or (mk.CONCEPTS.match(at(2)) and not mk.REVEAL.match(at(1))):
        return _open_prompt(body, texts, pos, ctx)
    # `Accept: ...` and `Distractors: ...` would read as lettered options (A, D).
    early = (mk.FILL.match(text) and mk.option_run(texts, pos + 1) < 2) or is_answer_key(at(1))
    if early and (kind := kind_at(texts, pos)) is not None:
        return read_answer_kind(kind, body, texts, pos, ctx)
    if mk.VERDICT.match(at(1)) or mk.option_run(texts, pos + 1) >= 2 or \
            lettered_run(texts, pos + 1):
        return _choice(body, texts, pos, ctx)
    if (kind := kind_at(texts, pos)) is not None:
        return read_answer_kind(kind, body, texts, pos, ctx)
    if near_key(text) is not None:
        apply_line(Annotations(), body[pos], ctx.path, ctx.diags)  # says "did you mean"
        return None, pos + 1
    if is_item_annotation(text):
        ctx.diags.append(error(
            codes.ANNOTATION_WITHOUT_ITEM, span_of(ctx.path, body[pos]),
            f"`{text.split(':', 1)[0]}:` line does not follow an item",
            "put it directly after the item it belongs to"))
        return None, pos + 1
    ctx.diags.append(error(
        codes.UNRECOGNISED_LINE, span_of(ctx.path, body[pos]),
        f"cannot tell what kind of item starts here: {_clip(text)!r}",
        "start a flashcard with a difficulty line (beginner, intermediate, advanced, expert); "
        "follow a multiple-choice question with options A, B, ... or `✗ Incorrect`; follow an "
        "open prompt with a hint and `You got /N concepts.`; follow a statement with "
        "`Answer: true` or `Answer: false`, a question with `Number:` or `Accept:` or with "
        "pairs `left -> right`; start a passage with `Fill in the blanks`"))
    return None, pos + 1


def _notes(body: list[Line], texts: list[str], pos: int,
           ctx: Context) -> tuple[Annotations, int]:
    """The item lines from ``pos``; a line that opens the next item is not one of them."""
    def opens_item(k: int) -> bool:
        return mk.starts_item(texts, k) or bool(
            k + 1 < len(texts) and mk.VERDICT.match(texts[k + 1]))

    return read_item_annotations(body, pos, ctx.path, ctx.diags, opens_item)


def _reveal_ahead(texts: list[str], pos: int) -> bool:
    return any(mk.REVEAL.match(t) for t in texts[pos + 2: pos + 40])


def _clip(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _flashcard(body: list[Line], texts: list[str], pos: int,
               ctx: Context) -> tuple[Item | None, int]:
    start = body[pos]
    if mk.option_run(texts, pos + 2) >= 2 or (pos + 2 < len(texts)
                                              and mk.VERDICT.match(texts[pos + 2])):
        ctx.diags.append(error(
            codes.STRAY_DIFFICULTY, span_of(ctx.path, start),
            "a difficulty line stands before a multiple-choice question",
            "delete it: only flashcards and challenge problems have a difficulty line"))
        return None, pos + 1
    end = pos + 2
    while end < len(texts) and not mk.REVEAL.match(texts[end]):
        if end > pos + 2 and (mk.is_difficulty(texts[end]) or mk.starts_item(texts, end)
                              or is_item_annotation(texts[end])):
            break
        end += 1
    if end >= len(texts) or not mk.REVEAL.match(texts[end]):
        ctx.diags.append(error(
            codes.FLASHCARD_UNTERMINATED, span_of(ctx.path, start),
            "flashcard has no `Click to reveal answer` line after its answer",
            "add the line `Click to reveal answer` after the last answer line"))
        return None, end
    if end - pos < 3:
        ctx.diags.append(error(
            codes.FLASHCARD_INCOMPLETE, span_of(ctx.path, start, body[end]),
            "flashcard needs a difficulty line, a question line and at least one answer line",
            "write the question on the line after the difficulty, then the answer"))
        return None, end + 1
    question = texts[pos + 1]
    ctx.short[body[pos + 1].no] = "question"
    answer = ctx.raw_text(body[pos + 2], body[end - 1])
    notes, nxt = _notes(body, texts, end + 1, ctx)
    reject_keys(notes, ctx.diags, "a flashcard", answer=True, concepts=True)
    ident, explicit = item_id(notes, ctx.slug, question, ctx.diags)
    last = body[nxt - 1]
    return Flashcard(
        id=ident, id_explicit=explicit, id_span=notes.id_span if explicit else None,
        tags=tuple(notes.tags), allow=tuple(notes.allow),
        span=span_of(ctx.path, start, last), difficulty=texts[pos].lower(),
        question=question, answer=answer,
    ), nxt


def _open_prompt(body: list[Line], texts: list[str], pos: int,
                 ctx: Context) -> tuple[Item | None, int]:
    has_hint = not mk.CONCEPTS.match(texts[pos + 1])
    marker = pos + 2 if has_hint else pos + 1
    m = mk.CONCEPTS.match(texts[marker])
    assert m is not None
    ctx.short[body[pos].no] = "prompt"
    notes, nxt = _notes(body, texts, marker + 1, ctx)
    reject_keys(notes, ctx.diags, "an open prompt", answer=True)
    ident, explicit = item_id(notes, ctx.slug, texts[pos], ctx.diags)
    return OpenPrompt(
        id=ident, id_explicit=explicit, id_span=notes.id_span if explicit else None,
        tags=tuple(notes.tags), allow=tuple(notes.allow),
        span=span_of(ctx.path, body[pos], body[nxt - 1]), prompt=texts[pos],
        hint=texts[pos + 1] if has_hint else None, concept_count=int(m[2]),
        concepts=tuple(notes.concepts),
        concepts_span=notes.concepts_span or span_of(ctx.path, body[marker]),
    ), nxt


def _choice(body: list[Line], texts: list[str], pos: int,
            ctx: Context) -> tuple[Item | None, int]:
    # A gap in the letters (A, B, D) is reported by build_options, at the line after it.
    n_options = max(mk.option_run(texts, pos + 1), lettered_run(texts, pos + 1))
    option_lines = body[pos + 1: pos + 1 + n_options]
    cursor = pos + 1 + n_options
    explanation: str | None = None
    feedback_span: Span | None = None
    if cursor < len(texts) and mk.VERDICT.match(texts[cursor]):
        if cursor + 1 < len(texts) and not is_item_annotation(texts[cursor + 1]):
            explanation = texts[cursor + 1]
            feedback_span = span_of(ctx.path, body[cursor], body[cursor + 1])
            cursor += 2
        else:
            feedback_span = span_of(ctx.path, body[cursor])
            cursor += 1
        if n_options == 0:
            # Options restored by the author below the kept verdict and feedback.
            n_options = max(mk.option_run(texts, cursor), lettered_run(texts, cursor))
            option_lines = body[cursor: cursor + n_options]
            cursor += n_options
    ctx.short[body[pos].no] = "question"
    ctx.short.update((line.no, "option") for line in option_lines)
    notes, nxt = _notes(body, texts, cursor, ctx)
    reject_keys(notes, ctx.diags, "a multiple-choice question", concepts=True)
    if notes.explanation is not None:
        written = notes.seen.get("explanation")
        if explanation is None:
            explanation = notes.explanation
        elif written is not None and written not in notes.reported:
            ctx.diags.append(error(
                codes.DUPLICATE_EXPLANATION, written,
                "this question already has an explanation under its verdict line",
                "keep one: delete the `Explanation:` line or the line under the verdict"))
    options = build_options(option_lines, notes, ctx.path, ctx.diags)
    ident, explicit = item_id(notes, ctx.slug, texts[pos], ctx.diags)
    return MultipleChoice(
        id=ident, id_explicit=explicit, id_span=notes.id_span if explicit else None,
        tags=tuple(notes.tags), allow=tuple(notes.allow),
        span=span_of(ctx.path, body[pos], body[nxt - 1]), question=texts[pos],
        options=options, multiple=notes.answer_multiple, explanation=explanation,
        options_lost=n_options == 0, feedback_span=feedback_span, key_span=notes.answer_span,
    ), nxt
