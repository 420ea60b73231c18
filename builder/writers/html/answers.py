"""What the sheets need of the kinds a learner answers outside lettered options (true or
false, a number, a short text, blanks, pairs): their stylesheet, inlined only in a sheet
that shows one, and the fixed orders a printed quiz lists their choices in."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup

from builder.model import ANSWER_KINDS, Cloze, Matching, Page

from .filters import FOLDER


class Right(NamedTuple):
    letter: str
    text: str  # Markdown source, rendered inline by the template


class Lettering(NamedTuple):
    """A matching item as a quiz prints it: every right-hand text (distractors too)
    lettered in one fixed order, and the letter of each pair's right in pair order."""

    rights: tuple[Right, ...]
    key: tuple[str, ...]


def letter(index: int) -> str:
    """A, B, ... Z, AA, AB, ...: a list longer than the alphabet still has a letter each."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _order(texts: list[str]) -> list[int]:
    # Sorted by the text as written, not the source order: the page lists each right
    # beside its left, so source order would give the pairing away. Sorting (rather than
    # a shuffle) keeps every build of a page the same.
    return sorted(range(len(texts)), key=lambda i: (texts[i].casefold(), texts[i], i))


def lettered(item: Matching) -> Lettering:
    texts = [pair.right for pair in item.pairs] + list(item.distractors)
    order = _order(texts)
    letters = {index: letter(place) for place, index in enumerate(order)}
    return Lettering(tuple(Right(letters[i], texts[i]) for i in order),
                     tuple(letters[i] for i in range(len(item.pairs))))


def word_bank(item: Cloze) -> tuple[str, ...]:
    """The words a quiz offers for a passage's blanks: every answer and distractor once,
    sorted, so the order tells nothing; none when the page gives no distractors (the
    blanks are then to be recalled, not picked)."""
    if not item.distractors:
        return ()
    words = list(dict.fromkeys([blank.answer for blank in item.blanks] + list(item.distractors)))
    return tuple(words[i] for i in _order(words))


def has_answer_kinds(page: Page) -> bool:
    """Does the page bring answers.css (its items' macros are in _answers.html.j2)?"""
    return any(item.kind in ANSWER_KINDS for item in page.items)


def answers_css(templates: Path, page: Page) -> Markup:
    """The rules for these kinds, for a sheet that has one (other sheets stay as they
    were, byte for byte)."""
    if not has_answer_kinds(page):
        return Markup("")
    css = (templates / FOLDER / "answers.css").read_text(encoding="utf-8")
    if "</" in css:  # would end the <style> element early
        raise ValueError("templates/html/answers.css contains '</'; remove it")
    return Markup(css)
