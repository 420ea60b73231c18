"""Pieces shared by every item kind: options with their key and feedback, ids, tags."""

from __future__ import annotations

from itertools import pairwise

from builder.diagnostics import Diagnostic, codes, error
from builder.model import ID_MAX_LENGTH, Option, Span

from .annotations import TODO_FIXES, Annotations, is_item_line, is_todo, todo
from .ids import ID_PATTERN, derived_id
from .lines import Line
from .markers import OPTION, starts_item


def span_of(path: str, first: Line, last: Line | None = None) -> Span:
    return Span(file=path, start=first.no, end=(last or first).no)


def letter_of(line: Line) -> str:
    m = OPTION.match(line.text)
    assert m is not None  # the caller found these lines with the same pattern
    return m["letter"]


def rising(letters: list[str]) -> bool:
    """A, B, D: letters in order from A, perhaps with some left out."""
    return bool(letters) and letters[0] == "A" and all(
        a < b for a, b in pairwise(letters))


def lettered_run(texts: list[str], start: int) -> int:
    """Lines from ``start`` lettered A, B, D... (in order, one or more skipped) that an
    item line ends: the options the author meant, so that the gap is reported once, at
    its line, and the lines after them are still read as this item's. Without the item
    line after them the run is not taken (0), as a later lettered line may well be the
    next item."""
    n, last = 0, ""
    while start + n < len(texts):
        text = texts[start + n]
        m = OPTION.match(text)
        if m is None or is_item_line(text) or m["letter"] <= last or (n == 0 and
                                                                     m["letter"] != "A"):
            break
        if n > 0 and starts_item(texts, start + n):
            break
        last = m["letter"]
        n += 1
    end = start + n
    return n if n >= 2 and end < len(texts) and is_item_line(texts[end]) else 0


def build_options(option_lines: list[Line], notes: Annotations, path: str,
                  diags: list[Diagnostic], *, is_output: bool = False) -> tuple[Option, ...]:
    """The options as lettered; ``option_lines`` rise from A, perhaps with a gap, which
    is reported at the line after it."""
    letters = [letter_of(line) for line in option_lines]
    for n, (letter, line) in enumerate(zip(letters, option_lines, strict=True)):
        expected = chr(ord("A") + n) if n == 0 else chr(ord(letters[n - 1]) + 1)
        if letter != expected:
            missing = [chr(c) for c in range(ord(expected), ord(letter))]
            names = " and ".join(missing) if len(missing) < 3 else \
                f"{missing[0]} to {missing[-1]}"
            diags.append(error(
                codes.OPTION_GAP, span_of(path, line),
                f"option{'s' * (len(missing) > 1)} {names} "
                f"{'are' if len(missing) > 1 else 'is'} missing: the options go "
                f"{', '.join(letters)}",
                f"letter the options A, B, C, ... in order (this one is "
                f"{chr(ord('A') + n)}), or write the missing option"
                f"{'s' * (len(missing) > 1)} {names}"))
            break
    for letter in notes.answer:
        if letter not in letters:
            diags.append(error(
                codes.ANSWER_NOT_AN_OPTION, notes.answer_span,
                f"answer {letter} names no option (this item has {_letter_range(letters)})",
                f"use one of {', '.join(letters) or 'the option letters'}"))
    for letter, span in notes.feedback_spans.items():
        if letter not in letters:
            diags.append(error(
                codes.FEEDBACK_NOT_AN_OPTION, span,
                f"feedback for {letter} names no option (this item has {_letter_range(letters)})",
                "fix the letter or delete the line"))
    options = []
    for letter, line in zip(letters, option_lines, strict=True):
        m = OPTION.match(line.text)
        assert m is not None
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
                codes.ID_TOO_LONG, notes.id_span,
                f"id is {len(notes.id)} characters; Moodle's ID number holds at most "
                f"{ID_MAX_LENGTH}, and a longer one stops its whole import",
                f"shorten the id to {ID_MAX_LENGTH} characters or fewer"))
        elif ID_PATTERN.match(notes.id):
            return notes.id, True
        else:
            diags.append(error(
                codes.BAD_ID, notes.id_span, f"id {notes.id!r} is not allowed",
                "use lower-case letters, digits, '-' and '_', starting with a letter or digit"))
    return derived_id(page_slug, question), False


def reject_keys(notes: Annotations, diags: list[Diagnostic], kind: str, *,
                answer: bool = False, concepts: bool = False) -> None:
    """Report keys that mean nothing for this kind of item, so no typo passes silently."""
    wrong: list[tuple[str, Span | None]] = []
    if notes.truth is not None and not answer:
        diags.append(error(
            codes.BAD_ANSWER, notes.answer_span,
            f"`Answer: {str(notes.truth).lower()}` is the key of a true-or-false statement, "
            f"not of {kind}",
            "write the letter of the correct option, e.g. `Answer: B`"))
    if answer:
        wrong += [("Answer", notes.answer_span), ("Explanation", notes.seen.get("explanation"))]
        wrong += [(f"Feedback {k}", s) for k, s in notes.feedback_spans.items()]
    if concepts:
        wrong.append(("Concepts", notes.concepts_span))
    for key, span in wrong:
        # A line reported already (misspelt, empty) is not reported again.
        if span is not None and span not in notes.reported:
            diags.append(error(
                codes.ANNOTATION_NOT_FOR_KIND, span, f"`{key}:` has no meaning for {kind}",
                "delete the line, or move it under the item it belongs to"))
