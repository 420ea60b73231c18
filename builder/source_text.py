"""The model written back as clean source text (used by `import` and `new`).

The output reads back into the same model: every item gets an explicit `Id:` line, and
with ``todos`` every piece of information the page lost (answer key, options,
explanation, concept list, title, subject) becomes a `TODO` that `check` reports at its
line.
"""

from __future__ import annotations

from builder.model import (
    AnswerKind,
    Challenge,
    Cloze,
    Flashcard,
    Item,
    Matching,
    MultipleChoice,
    Numeric,
    OpenPrompt,
    Option,
    Page,
    ShortAnswer,
    TrueFalse,
    identity_text,
    minutes_seconds,
    number_text,
)
from builder.reader.ids import derived_id
from builder.reader.numbers import bare_units

TODO = "TODO"
LOST_OPTION_COUNT = 4  # the site shows four options; the author may delete extras


def format_page(page: Page, *, todos: bool = True, slug: str | None = None) -> str:
    """``slug`` is the page's slug at its new home; derived ids are pinned for it."""
    slug = slug or page.slug
    out: list[str] = _header(page, todos)
    recall = [i for i in page.items if not isinstance(i, Challenge)]
    problems = [i for i in page.items if isinstance(i, Challenge)]
    problem: Challenge
    if recall:
        out += ["", "Recall & Review"]
        for item in recall:
            out += ["", *_item(item, todos, slug)]
    if problems:
        n = len(problems)
        out += ["", f"Challenge - {n} Problem{'s' * (n != 1)}"]
        if page.badge:
            out += [page.badge.icon] if page.badge.icon else []
            out += [page.badge.name, *page.badge.slogans]
        for problem in problems:
            out += [*_challenge(problem, todos, slug), ""]
    return "\n".join(out).strip("\n") + "\n"


def _header(page: Page, todos: bool) -> list[str]:
    fields: list[tuple[str, object]] = [
        ("Title", page.title or (TODO if todos else None)),
        ("Subtitle", page.subtitle),
        ("Subject", page.subject or (TODO if todos and not page.deck else None)),
        ("Field", page.field),
        ("Minutes", page.minutes),
        ("Deck", page.deck),
        ("Tags", " ".join(page.tags) or None),
        ("Allow", " ".join(page.allow) or None),
    ]
    return [f"{key}: {value}" for key, value in fields if value is not None]


def _item(item: Item, todos: bool, slug: str) -> list[str]:
    if isinstance(item, Flashcard):
        lines = ([item.difficulty] if item.difficulty else []) + [item.question]
        return lines + item.answer.split("\n") + ["Click to reveal answer"] + \
            _notes(item, todos, slug)
    if isinstance(item, MultipleChoice):
        return _choice(item, todos, slug)
    if isinstance(item, AnswerKind):
        return _answer_kind(item) + _notes(item, todos, slug)
    assert isinstance(item, OpenPrompt)
    lines = [item.prompt] + ([item.hint] if item.hint else [])
    count = item.concept_count if item.concept_count is not None else len(item.concepts)
    return [*lines, f"You got /{count} concepts.", *_notes(item, todos, slug)]


def _choice(item: MultipleChoice, todos: bool, slug: str) -> list[str]:
    lines = [item.question]
    if item.options_lost and not todos:
        lines += ["✗ Incorrect"] + ([item.explanation] if item.explanation else [])
        return lines + _notes(item, todos, slug, explanation=False)
    if item.options_lost:
        lines += [f"{chr(ord('A') + n)}. {TODO}" for n in range(LOST_OPTION_COUNT)]
    else:
        lines += _options(item.options)
    return lines + _notes(item, todos, slug)


def _answer_kind(item: AnswerKind) -> list[str]:
    match item:
        case TrueFalse():
            return [item.statement, f"Answer: {str(item.truth).lower()}"]
        case Numeric():
            if item.written_as == "range":
                key = f"{number_text(item.low)}..{number_text(item.high)}"
            else:
                spelt = item.tolerance or (item.units and not bare_units(item.units))
                key = number_text(item.answer) + (
                    f" ± {number_text(item.tolerance)}" if spelt else "")
            return [item.question, f"Number: {key}" + (f" {item.units}" if item.units else "")]
        case ShortAnswer():
            return [item.question, f"Accept: {'; '.join(item.accepted)}"] + (
                ["Case: sensitive"] if item.case_sensitive else [])
        case Cloze():
            passage = item.text[0] + "".join(
                f"[[{b.answer}{f' | {b.hint}' if b.hint else ''}]]{after}"
                for b, after in zip(item.blanks, item.text[1:], strict=True))
            return ["Fill in the blanks", *passage.split("\n"), *_distractors(item)]
        case Matching():
            return [item.question, *(f"{p.left} -> {p.right}" for p in item.pairs),
                    *_distractors(item)]


def _distractors(item: Cloze | Matching) -> list[str]:
    return [f"Distractors: {'; '.join(item.distractors)}"] if item.distractors else []


def _options(options: tuple[Option, ...]) -> list[str]:
    return [f"{o.letter}. {o.text}" for o in options]


def _challenge(item: Challenge, todos: bool, slug: str) -> list[str]:
    lines = [f"{item.category_icon} {item.category}" if item.category_icon else item.category]
    lines += [item.difficulty or "intermediate"]
    if item.time_limit_s is not None:
        lines.append(f"{minutes_seconds(item.time_limit_s)}remaining")
    lines += [item.title, ""]
    if item.body:
        lines += [item.body, ""]
    if item.code:
        lines += [item.code.label, *item.code.text.split("\n")]
    lines += _options(item.options)
    if item.attempts is not None:
        lines += ["Attempts:", f"{item.attempts} left"]
    if item.hint:
        lines += ["💡 Hint", "", *item.hint.split("\n"), ""]
    return lines + _notes(item, todos, slug)


def _notes(item: Item, todos: bool, slug: str, *, explanation: bool = True) -> list[str]:
    out: list[str] = []
    if isinstance(item, MultipleChoice | Challenge):
        letters = item.correct_letters
        if letters:
            key = "Answers" if item.multiple else "Answer"
            out.append(f"{key}: {', '.join(letters)}")
        elif todos:
            out.append(f"Answer: {TODO}")
        if explanation and (item.explanation or todos):
            out.append(f"Explanation: {item.explanation or TODO}")
        out += [f"Feedback {o.letter}: {o.feedback}" for o in item.options if o.feedback]
    if isinstance(item, AnswerKind) and \
            item.explanation:
        out.append(f"Explanation: {item.explanation}")
    if isinstance(item, OpenPrompt):
        if item.concepts:
            out.append(f"Concepts: {'; '.join(item.concepts)}")
        elif todos:
            out.append(f"Concepts: {TODO}")
    out.append(f"Id: {item.id if item.id_explicit else derived_id(slug, identity_text(item))}")
    if item.tags:
        out.append(f"Tags: {' '.join(item.tags)}")
    if item.allow:
        out.append(f"Allow: {' '.join(item.allow)}")
    return out
