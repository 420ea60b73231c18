"""Tags as every output writes them: one rule, applied once, when a page is read.

The model holds each tag as Anki, Moodle and model.json all write it, so no writer
alters one on its own. What the rule changes is reported at the tag's line
(``tag-changed``). The rule:

- Unicode NFC (Anki normalises tags to it);
- no ``<``, ``>`` or backtick (Moodle's PARAM_TAG drops them), no ``[``, ``]`` or ``\\``
  (they end or escape GIFT's ``[tag:...]`` token), no control characters, and spaces as
  ``_`` (Anki separates tags with spaces);
- no empty ``::`` level (Anki names one ``blank``);
- at most ``TAG_MAX_LENGTH`` (50) characters (Moodle cuts there).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from builder.model import TAG_MAX_LENGTH, Item, Page

_DROPPED = re.compile(r"[<>`\[\]\\\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


class CleanTag(NamedTuple):
    tag: str  # as every output writes it; "" when nothing of it can be written
    why: tuple[str, ...]  # what changed it, for the author


def clean_tag(raw: str) -> CleanTag:
    why: list[str] = []
    tag = unicodedata.normalize("NFC", raw)
    if _DROPPED.search(tag):
        found = sorted(set(_DROPPED.findall(tag)))
        shown = " ".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in found)
        why.append(f"{shown} cannot be in a tag (Moodle drops < > ` and GIFT cannot write "
                   "[ ] \\)")
        tag = _DROPPED.sub("", tag)
    if _SPACES.search(tag.strip()):
        why.append("spaces separate Anki tags")
    tag = _SPACES.sub("_", tag.strip())
    levels = tag.split("::")
    if len(levels) > 1 and not all(levels):
        why.append("an empty `::` level becomes `blank` in Anki")
        tag = "::".join(level for level in levels if level)
    if len(tag) > TAG_MAX_LENGTH:
        why.append(f"Moodle keeps only the first {TAG_MAX_LENGTH} characters of a tag")
        tag = tag[:TAG_MAX_LENGTH].rstrip(":")
    return CleanTag(tag, tuple(why))


def author_tags(page: Page, item: Item) -> tuple[str, ...]:
    """The page's and the item's own tags, each once: Anki and Moodle both treat tags
    that differ only in case as one (the first spelling is kept)."""
    seen: dict[str, str] = {}
    for tag in (*page.tags, *item.tags):
        seen.setdefault(tag.casefold(), tag)
    return tuple(seen.values())
