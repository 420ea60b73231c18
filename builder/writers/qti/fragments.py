"""HTML fragments as the QTI writers hold them: parsed and written back by lxml.html,
so that every fragment a template receives is in one spelling whoever made it."""

from __future__ import annotations

import re

from lxml import html  # type: ignore[import-untyped]
from lxml.html import builder as E  # type: ignore[import-untyped]
from markupsafe import Markup

from builder.model import Option
from builder.render.rendered import RenderedPage

# HTML's own whitespace (not U+00A0, which Python's str.split also takes for a space).
_HTML_SPACE = re.compile("[ \t\n\r\f]+")
_BARE_WRAPPERS = frozenset({"p", "span"})


def plain(html_text: str, limit: int = 100) -> str:
    """The text of an HTML fragment on one line, shortened for a title attribute."""
    text = " ".join(fragment(html_text).text_content().split()) if html_text else ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def text_only(html_text: str) -> str | None:
    """The text of an HTML fragment that is nothing but text (bare, or in one ``<p>`` or
    ``<span>`` without attributes), as a browser shows it; None when it has markup."""
    root = fragment(html_text)
    if len(root):
        inner = root[0]
        if (len(root) > 1 or inner.tag not in _BARE_WRAPPERS or inner.attrib or len(inner)
                or (root.text or "").strip() or (inner.tail or "").strip()):
            return None
    return _HTML_SPACE.sub(" ", root.text_content()).strip()


def fragment(html_text: str) -> html.HtmlElement:
    return html.fragment_fromstring(html_text, create_parent="div")


def tostring(*elements: html.HtmlElement) -> str:
    return "".join(html.tostring(e, encoding="unicode") for e in elements)


def block(rendered: RenderedPage, text: str | None) -> str:
    if not text or not text.strip():
        return ""
    return rendered.block(text) or tostring(E.P(text.strip()))


def with_html(element: html.HtmlElement, fragment_html: str) -> html.HtmlElement:
    """``element`` with the (already safe) HTML ``fragment_html`` as its content."""
    parsed = fragment(fragment_html)
    element.text = parsed.text
    element.extend(list(parsed))
    return element


def markup(fragment_html: str) -> Markup:
    """The (already safe) HTML fragment as lxml.html writes it, for a template."""
    # An empty div without attributes: what lxml writes is <div>, the content, </div>.
    return Markup(tostring(with_html(E.DIV(), fragment_html))[len("<div>"):-len("</div>")])


def text(value: str) -> Markup:
    """``value`` escaped for an element's text as lxml.html escapes it: only ``&``, ``<``
    and ``>`` (autoescape would also write quotes as references)."""
    return Markup(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def option_html(rendered: RenderedPage, option: Option) -> str:
    """An option's content: inline Markdown, or the printed lines of an output option."""
    if option.is_output:
        return tostring(E.PRE(E.CODE("\n".join(option.output_lines))))
    return rendered.inline(option.text) or tostring(E.SPAN(option.text.strip() or "\u00a0"))


def inline_or_none(rendered: RenderedPage, value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    return rendered.inline(value) or tostring(E.SPAN(value.strip()))
