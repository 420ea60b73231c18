"""The sheet templates' Jinja environment, the page's rendered text as the templates
take it, and the stylesheet every sheet inlines."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from builder.jinja import environment
from builder.model import Cloze, minutes_seconds, number_text
from builder.render.rendered import RenderedPage

# The templates' folder under templates/, and the output's folder.
FOLDER = "html"


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string that is safe inside <style>: every character but
    letters, digits and spaces becomes a hex escape, so no quote, backslash or ``</style``
    from the source can end the string or the element."""
    out = ['"']
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch == " "):
            out.append(ch)
        else:
            # Six digits and the space that ends an escape, so a following space stays.
            out.append(f"\\{ord(ch):06x} ")
    out.append('"')
    return Markup("".join(out))


class SheetText:
    """A page's rendered Markdown for the sheet templates (``text.block(item.answer)``):
    each fragment as ``Markup``, since it is sanitised HTML already."""

    def __init__(self, rendered: RenderedPage) -> None:
        self._rendered = rendered

    def block(self, text: str) -> Markup:
        return Markup(self._rendered.block(text))

    def inline(self, text: str) -> Markup:
        return Markup(self._rendered.inline(text))

    def code(self, text: str, language: str) -> Markup:
        return Markup(self._rendered.code(text, language))

    def output(self, lines: list[str]) -> Markup:
        return Markup(self._rendered.output(lines))

    def cloze(self, item: Cloze) -> tuple[Markup, ...]:
        """The passage cut at its blanks (one more piece than blanks): the template puts
        its blank markup between the pieces."""
        return tuple(Markup(piece) for piece in self._rendered.cloze(item))


def sheet_environment(templates: Path) -> Environment:
    """The sheet templates, with their filters."""
    return environment(templates / FOLDER, keep_trailing_newline=True, filters=(
        ("clock", minutes_seconds), ("css", css_string), ("number", number_text)))


def stylesheet(templates: Path) -> Markup:
    """Our CSS files and Pygments' rules as committed (builder.render.styles), to inline in
    every page (light code colours on paper, a dark Pygments style on a dark screen)."""
    return _stylesheet(tuple((templates / FOLDER / name).read_text(encoding="utf-8")
                             for name in ("sheet.css", "print.css", "code.css")))


@lru_cache(maxsize=8)
def _stylesheet(ours: tuple[str, ...]) -> Markup:
    # Keyed by the files' text, so an edited stylesheet is never served from memory.
    css = "\n".join(ours)
    if "</" in css:  # would end the <style> element early
        raise ValueError("a stylesheet in templates/html contains '</'; remove it")
    return Markup(css)
