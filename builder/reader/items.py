"""Pieces shared by every item kind: options with their key and feedback, ids, tags."""

from __future__ import annotations

from builder.diagnostics import Diagnostic, error
from builder.model import ID_MAX_LENGTH, Option, Span

from .annotations import TODO_FIXES, Annotations, is_todo, todo
from .ids import ID_PATTERN, derived_id
from .lines import Line
from .markers import OPTION


def span_of(path: str, first: Line, last: Line | None = None) -> Span:
    return Span(file=path, start=first.no, end=(last or first).no)


def build_options(option_lines: list[Line], notes: Annotations, path: str,
                  diags: list[Diagnostic], *, is_output: bool = False) -> tuple[Option, ...]:
    letters = [chr(ord("A") + i) for i in range(len(option_lines))]
    for letter in notes.answer:
        if letter not in letters:
            diags.append(error(
                "answer-not-an-option", notes.answer_span,
                f"answer {letter} names no option (this item has {_letter_range(letters)})",
                f"use one of {', '.join(letters) or 'the option letters'}"))
    for letter, span in notes.feedback_spans.items():
        if letter not in letters:
            diags.append(error(
                "feedback-not-an-option", span,
                f"feedback for {letter} names no option (this item has {_letter_range(letters)})",
                "fix the letter or delete the line"))
    options = []
    for letter, line in zip(letters, option_lines, strict=True):
        m = OPTION.match(line.text)
        assert m is not None  # the caller found these lines with the same pattern
        if is_todo(m["text"]):
            diags.append(todo(span_of(path, line), f"option {letter}", TODO_FIXES["option"]))
        options.append(Option(
            letter=letter, text=m["text"].strip(), correct=letter in notes.answer,
            feedback=notes.feedback.get(letter), is_output=is_output,
            span=span_of(path, line)))
    return tuple(options)


def _letter_range(letters: list[str]) -> str:
    if not letters:
        return "no options"
    return f"options {letters[0]}-{letters[-1]}" if len(letters) > 1 else "option A"


def item_id(notes: Annotations, page_slug: str, question: str,
            diags: list[Diagnostic]) -> tuple[str, bool]:
    if notes.id is not None:
        if ID_PATTERN.match(notes.id) and len(notes.id) > ID_MAX_LENGTH:
            diags.append(error(
                "id-too-long", notes.id_span,
                f"id is {len(notes.id)} characters; Moodle's ID number holds at most "
                f"{ID_MAX_LENGTH}, and a longer one stops its whole import",
                f"shorten the id to {ID_MAX_LENGTH} characters or fewer"))
        elif ID_PATTERN.match(notes.id):
            return notes.id, True
        else:
            diags.append(error(
                "bad-id", notes.id_span, f"id {notes.id!r} is not allowed",
                "use lower-case letters, digits, '-' and '_', starting with a letter or digit"))
    return derived_id(page_slug, question), False


def reject_keys(notes: Annotations, diags: list[Diagnostic], kind: str, *,
                answer: bool = False, concepts: bool = False) -> None:
    """Report keys that mean nothing for this kind of item, so no typo passes silently."""
    wrong: list[tuple[str, Span | None]] = []
    if answer:
        wrong += [("Answer", notes.answer_span), ("Explanation", notes.seen.get("explanation"))]
        wrong += [(f"Feedback {k}", s) for k, s in notes.feedback_spans.items()]
    if concepts:
        wrong.append(("Concepts", notes.concepts_span))
    for key, span in wrong:
        if span is not None:
            diags.append(error(
                "annotation-not-for-kind", span, f"`{key}:` has no meaning for {kind}",
                "delete the line, or move it under the item it belongs to"))
