"""Local images packaged with the questions that show them.

Each file is stored once per package under a name hashed from its bytes, and the
``<img src>`` rewritten to where the writer stores it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from builder.media import package_images, page_location
from builder.model import Page

from .common import Conversions, Question


class Media:
    """The images a writer's questions show, stored once under content-hashed names.

    ``place`` turns a packaged name into the ``src`` an item uses (where the writer
    puts the file, seen from the item's XML).
    """

    def __init__(self, place: Callable[[str], str]) -> None:
        self._place = place
        self.files: dict[str, bytes] = {}  # packaged name -> bytes

    def package(self, page: Page, qn: Question, seen: Conversions) -> Question:
        texts = [qn.body, qn.feedback, qn.hint, *(c.html for c in qn.choices),
                 *(c.feedback for c in qn.choices)]
        if not any(t and "<img" in t for t in texts):
            return qn
        root, page_dir = page_location(page, qn.item)
        used: set[str] = set()
        dropped = False

        def fix(text: str) -> str:
            nonlocal dropped
            done = package_images(text, root, page_dir, self._place)
            for name, data in done.files.items():
                self.files.setdefault(name, data)
                used.add(name)
            dropped |= bool(done.dropped)
            return done.html

        def fix_or_none(text: str | None) -> str | None:
            return None if text is None else fix(text)

        choices = tuple(replace(c, html=fix(c.html), feedback=fix_or_none(c.feedback))
                        for c in qn.choices)
        packaged = replace(qn, body=fix(qn.body), choices=choices,
                           feedback=fix_or_none(qn.feedback), hint=fix_or_none(qn.hint))
        if dropped:
            seen.media.append(qn.item.id)
        return replace(packaged, media=tuple(sorted(used)))

    def members(self, questions: Iterable[Question], folder: str) -> list[tuple[str, bytes]]:
        """(path in the package, bytes) of every image ``questions`` show, by name."""
        names = sorted({n for qn in questions for n in qn.media})
        return [(f"{folder}/{name}", self.files[name]) for name in names]

    def used(self, questions: Iterable[Question]) -> tuple[tuple[str, bytes], ...]:
        """(packaged name, bytes) of every image ``questions`` show, by name."""
        names = sorted({n for qn in questions for n in qn.media})
        return tuple((name, self.files[name]) for name in names)
