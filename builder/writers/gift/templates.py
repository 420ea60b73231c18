"""The templates/gift files: HTML partials of question fields, and the plain-text
comment lines of a GIFT file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builder.jinja import environment

from .html import finish
from .text import one_line

FOLDER = "gift"
COMMENTS = "comments.gift.j2"


class Templates:
    """Pass rendered HTML to ``render`` as ``Markup`` so it is not escaped again."""

    def __init__(self, root: Path) -> None:
        self._html = environment(root / FOLDER)
        # A GIFT comment is plain text, not HTML: escaping `&` or `"` in a file name
        # there would only misspell it.
        text = environment(root / FOLDER, markup=False, filters=(("one_line", one_line),))
        self._comments: Any = text.get_template(COMMENTS).module

    def render(self, name: str, **values: object) -> str:
        """An HTML field, as ``html.finish`` leaves it."""
        return finish(self._html.get_template(name).render(**values))

    def file_header(self, source: str | None) -> str:
        """The comment lines that open a file; ``source`` is None for the whole tree."""
        return str(self._comments.header(source))

    def question_comment(self, kind: str, path: str, line: int) -> str:
        return str(self._comments.question(kind, path, line))
