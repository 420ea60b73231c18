"""The sheet templates' Jinja environment: the filters that render model text into
them, and the stylesheet every sheet inlines."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from builder.jinja import environment
from builder.model import minutes_seconds
from builder.render import highlight_block, output_block, render_block, render_inline

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


def _md(text: str) -> Markup:
    return Markup(render_block(text))


def _mdi(text: str) -> Markup:
    return Markup(render_inline(text))


def _code(text: str, language: str) -> Markup:
    return Markup(highlight_block(text, language))


def _output(lines: list[str]) -> Markup:
    return Markup(output_block(lines))


def sheet_environment(templates: Path) -> Environment:
    """The sheet templates, with the filters that render model text into them."""
    return environment(templates / FOLDER, keep_trailing_newline=True, filters=(
        ("md", _md), ("mdi", _mdi), ("code", _code), ("output", _output),
        ("clock", minutes_seconds), ("css", css_string)))


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
