"""The ``$CATEGORY:`` line that files a page's questions under its deck in Moodle.

Which levels Moodle then stores otherwise is ``builder.moodle.level_change``; the
validator reports those, as no escape here can prevent them.
"""

from __future__ import annotations

from builder.model import Page
from builder.moodle import category_levels


def category_path(deck_name: str) -> str:
    """``$CATEGORY:`` path for an Anki-style deck name (``::`` between levels).

    A plain path, without a ``$course$``-style context: Moodle (3.5+) creates it under
    the "top" category of the question bank chosen on the import page, which also works
    on Moodle 5, where course-level banks are gone. Inside a name ``/`` is written
    ``//`` (Moodle's ``split_category_path``); a name may not start or end with ``/``,
    so it is padded with a space as Moodle's exporter does (the importer trims it).
    Moodle applies only the first escape pass to this line, so ``\\\\`` reads back as
    one backslash and every backslash is doubled here.
    """
    parts = []
    for name in category_levels(deck_name):
        part = name.replace("/", "//")
        if part.startswith("/"):
            part = " " + part
        if part.endswith("/"):
            part += " "
        parts.append(part.replace("\\", "\\\\"))
    return "/".join(parts)


def category_line(page: Page) -> str:
    return f"$CATEGORY: {category_path(page.deck_name) or category_path(page.slug)}"
