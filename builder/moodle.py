"""What Moodle's question import does to what a GIFT file asks for, beyond GIFT's syntax.

Shared by ``builder.validate`` (which warns the author before a build) and the GIFT
writer (which writes around what it can): the category levels a deck name makes and
those Moodle stores otherwise, and the grades ``qtype_multichoice`` accepts. The tag
rule all outputs share is ``builder.tags``.
"""

from __future__ import annotations

import re
from typing import NamedTuple


def normalise_newlines(text: str) -> str:
    """CR and CRLF to LF: a raw CR would end a line for gift-pegjs and Moodle's readdata."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def category_levels(deck_name: str) -> list[str]:
    """The category levels of an Anki-style deck name, as the model means them."""
    names = [n.strip() for n in normalise_newlines(deck_name).replace("\n", " ").split("::")]
    return [n for n in names if n]


class LevelChange(NamedTuple):
    why: str  # what Moodle does to the level
    fix: str


# PHP's strip_tags (PARAM_TEXT) takes "<" followed by anything but whitespace, or by
# nothing, as the start of a tag and removes it up to the next ">".
_TAG_START = re.compile(r"<(?![ \t\n\r\x0b\x0c])")
_CONTEXT = re.compile(r"\$[a-z]+\$")


def level_change(level: str, index: int, count: int) -> LevelChange | None:
    """What Moodle's import (``qformat_default::create_category_path``) does instead of
    storing level ``index`` (of ``count``) as written, which no escape in the
    ``$CATEGORY:`` line can prevent; None when it keeps the level."""
    ignored = ("Moodle then ignores the whole path, so these questions go to the category "
               "in effect before it (the previous page's, or the one chosen on the import "
               "page)")
    if level == "top":
        return LevelChange(
            "Moodle takes a category named `top` for the question bank's own top category "
            "and skips it; " + (ignored if index == count - 1 else
                                "the levels below it hang one level up"),
            "name the level differently (`Top` or `Top level` are kept)")
    if index == 0 and _CONTEXT.fullmatch(level):
        return LevelChange(
            f"Moodle reads a first level like {level!r} as a context ($course$, $cat$, "
            "...) and drops it" + ("; " + ignored if count == 1 else ""),
            "name the level without the `$` signs")
    if _TAG_START.search(level):
        return LevelChange(
            "Moodle removes HTML tags from category names (everything from a `<` that is "
            "not followed by a space up to the next `>`), so this level is stored changed",
            "write `<` followed by a space, or reword the name")
    if "&&092;" in level:
        return LevelChange(
            "Moodle's GIFT import turns `&&092;` in a category name into a backslash",
            "reword the name")
    return None


# qtype_multichoice refuses a grade that is not one of question_bank's fractions
# (question/engine/bank.php): p/q for q <= 6, p/10, 1/q for q <= 10, 1/20, and their negatives.
_FRACTIONS = sorted({
    round(p / q, 7) for q in range(1, 7) for p in range(q + 1)
} | {p / 10 for p in range(11)} | {round(1 / q, 7) for q in range(1, 11)} | {0.05})


def moodle_accepts(fraction: float) -> bool:
    """True when Moodle's import matches ``fraction`` to a grade (its tolerance is 1e-5)."""
    return any(abs(abs(fraction) - f) < 0.00001 for f in _FRACTIONS)
