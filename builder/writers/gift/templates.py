"""The templates/gift partials: the HTML of question fields."""

from __future__ import annotations

from pathlib import Path

from builder.jinja import environment

from .html import finish

FOLDER = "gift"


class Templates:
    """Pass rendered HTML to ``render`` as ``Markup`` so it is not escaped again."""

    def __init__(self, root: Path) -> None:
        self._html = environment(root / FOLDER)

    def render(self, name: str, **values: object) -> str:
        """An HTML field, as ``html.finish`` leaves it."""
        return finish(self._html.get_template(name).render(**values))
