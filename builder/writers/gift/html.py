"""The HTML each GIFT field carries: rendered once by the build, composed by templates.

Moodle strips ``<style>`` from question text but keeps ``style`` attributes, so fields
take the rendered page's styled variant, whose highlighted code also has its token
colours inline; the classes stay for themes that style them.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape as html_escape

from builder.model import Option
from builder.moodle import normalise_newlines
from builder.render.rendered import RenderedPage

Renderer = Callable[[str], str]
# What an empty field is written as: Moodle drops an empty option or refuses the question.
EMPTY = "&#160;"


def finish(html: str) -> str:
    """The exact HTML a field is meant to carry (what a GIFT parser must give back)."""
    return normalise_newlines(html).strip()


class Html:
    """The fields of one page's items, from its rendered Markdown."""

    def __init__(self, rendered: RenderedPage) -> None:
        self.rendered = rendered

    def block(self, text: str) -> str:
        return finish(self.rendered.block(text, styled=True))

    def inline(self, text: str) -> str:
        return finish(self.rendered.inline(text, styled=True))

    def code(self, text: str, language: str) -> str:
        return finish(self.rendered.code(text, language, styled=True))

    def option(self, opt: Option) -> str:
        """An option; printed-output options as preformatted lines."""
        if opt.is_output:
            return self.code("\n".join(opt.output_lines), "")
        return self.inline(opt.text)

    def option_field(self, opt: Option) -> str:
        return self.option(opt) or EMPTY


def required(render: Renderer, text: str) -> str:
    """A field that must not be empty: Markdown that renders to nothing stays its text."""
    return render(text) or html_escape(text.strip()) or EMPTY


def optional(render: Renderer, text: str | None) -> str | None:
    return (render(text) or None) if text and text.strip() else None
