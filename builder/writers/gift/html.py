"""The HTML each GIFT field carries: rendered once by builder.render, composed by templates.

Moodle strips ``<style>`` from question text but keeps ``style`` attributes, so the
Pygments token classes of highlighted code also get their colours inline; the classes
stay for themes that style them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from html import escape as html_escape
from typing import cast

from pygments.formatters import HtmlFormatter

from builder.model import Option
from builder.moodle import normalise_newlines
from builder.render.markdown import highlight_block, render_block, render_inline

Renderer = Callable[[str], str]
CODE_STYLE = "default"
# What an empty field is written as: Moodle drops an empty option or refuses the question.
EMPTY = "&#160;"
_TOKEN_SPAN = re.compile(r'<span class="([a-z0-9]+)">')


@cache
def _token_styles(style: str) -> dict[str, str]:
    # class2style (class -> (css, token type, level)) is public but missing from the stubs.
    table = cast(dict[str, tuple[str, object, int]],
                 getattr(HtmlFormatter(style=style), "class2style"))  # noqa: B009
    return {cls: css for cls, (css, _ttype, _level) in table.items() if css}


def inline_code_styles(html: str) -> str:
    styles = _token_styles(CODE_STYLE)

    def add(match: re.Match[str]) -> str:
        css = styles.get(match[1])
        return f'<span class="{match[1]}" style="{css}">' if css else match[0]

    return _TOKEN_SPAN.sub(add, html)


def finish(html: str) -> str:
    """The exact HTML a field is meant to carry (what a GIFT parser must give back)."""
    return inline_code_styles(normalise_newlines(html)).strip()


@lru_cache(maxsize=65536)
def block(text: str) -> str:
    return finish(render_block(text))


@lru_cache(maxsize=65536)
def inline(text: str) -> str:
    return finish(render_inline(text))


def option(opt: Option) -> str:
    """An option; printed-output options as preformatted lines."""
    if opt.is_output:
        return finish(highlight_block("\n".join(opt.output_lines), ""))
    return inline(opt.text)


@lru_cache(maxsize=65536)
def code(text: str, language: str) -> str:
    return finish(highlight_block(text, language))


def required(render: Renderer, text: str) -> str:
    """A field that must not be empty: Markdown that renders to nothing stays its text."""
    return render(text) or html_escape(text.strip()) or EMPTY


def optional(render: Renderer, text: str | None) -> str | None:
    return (render(text) or None) if text and text.strip() else None


def option_field(opt: Option) -> str:
    return option(opt) or EMPTY
