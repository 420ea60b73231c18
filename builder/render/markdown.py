"""Markdown to HTML, once per distinct text, safe to embed anywhere.

Raw HTML in source text is escaped (markdown-it runs with ``html`` off) and the result
is passed through nh3 as a second line of defence, so no writer can emit markup that
an author smuggled in. Math in ``\\(...\\)`` / ``\\[...\\]`` passes through untouched
for MathJax (Anki, Moodle and Canvas all render it).
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import validateLink
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.image import image as image_rule
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.texmath import texmath_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

CODE_CLASS = "hl"
_FORMATTER = HtmlFormatter(nowrap=True)

_TAGS = frozenset({
    "p", "br", "em", "strong", "code", "pre", "span", "ul", "ol", "li", "a", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
    "img", "s", "del", "sub", "sup",
})
_ATTRS = MappingProxyType({
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "pre": {"class"},
    "code": {"class"},
    "span": {"class"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
})


def _fence(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
           env: EnvType) -> str:
    token = tokens[idx]
    lang = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
    return highlight_block(token.content.rstrip("\n"), lang) + "\n"


def _math_inline(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                 env: EnvType) -> str:
    return f"\\({escape(tokens[idx].content, quote=False)}\\)"


def _math_block(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
                env: EnvType) -> str:
    return f"<p>\\[{escape(tokens[idx].content, quote=False)}\\]</p>\n"


# The only addresses with a scheme that a link or an image may keep (nh3 removes others).
_URL_SCHEMES = frozenset({"http", "https", "mailto"})


@lru_cache(maxsize=1024)
def refused_address(src: str) -> bool:
    """True when the renderer does not keep ``src`` (as markdown-it normalised it) as an
    image's address: markdown-it's own validator refuses it (``javascript:``, ``file:``,
    most ``data:``) or the sanitiser would remove it (every other scheme but
    ``http``, ``https`` and ``mailto``, the ``data:`` images markdown-it lets through)."""
    if not validateLink(src):
        return True
    kept = nh3.clean(f'<img src="{escape(src)}">', tags={"img"}, attributes={"img": {"src"}},
                     url_schemes=set(_URL_SCHEMES))
    return " src=" not in kept


def _image(self: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict,
           env: EnvType) -> str:
    # An image whose address is refused is an <img> with a description and no src, the
    # one form every writer shows as that description (builder.media); never its
    # Markdown text, and never an address the outputs must not load.
    token = tokens[idx]
    if refused_address(str(token.attrs.get("src", ""))):
        token.attrs.pop("src", None)
    return self.image(tokens, idx, options, env)


class _AnyAddress(MarkdownIt):
    """A parser that takes every image address for valid: the image rule below parses
    with it, so an image with a refused address is still an image (``_image`` then
    drops the address). Links keep markdown-it's validation."""

    def validateLink(self, url: str) -> bool:
        return True


def _parser(kind: type[MarkdownIt] = MarkdownIt) -> MarkdownIt:
    md = kind("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    md.use(texmath_plugin, delimiters="brackets")
    md.add_render_rule("fence", _fence)
    md.add_render_rule("code_block", _fence)
    md.add_render_rule("math_inline", _math_inline)
    md.add_render_rule("math_block", _math_block)
    md.add_render_rule("math_block_eqno", _math_block)
    md.add_render_rule("image", _image)
    return md


_IMAGE_PARSER = _parser(_AnyAddress)


def _image_any_address(state: StateInline, silent: bool) -> bool:
    """markdown-it's own image rule, run with a parser that lets every address through
    (markdown-it would leave an image with a refused address as its Markdown text)."""
    parser = state.md
    state.md = _IMAGE_PARSER
    try:
        return image_rule(state, silent)
    finally:
        state.md = parser


def _main_parser() -> MarkdownIt:
    md = _parser()
    md.inline.ruler.at("image", _image_any_address)
    return md


_MD = _main_parser()


def refused_images(text: str) -> list[str]:
    """The address of every image in ``text`` that the renderer refuses (``render_block``
    shows each as an ``<img>`` with its description and no ``src``), as written."""
    if "](" not in text and "]:" not in text:
        return []
    found: list[str] = []
    for token in _MD.parse(text):
        for child in token.children or ():
            src = str(child.attrs.get("src", ""))
            if child.type == "image" and refused_address(src):
                found.append(unquote(src))
    return found


def _clean(html: str) -> str:
    # nh3 takes only a set and a dict (the tables stay read-only here).
    return nh3.clean(html, tags=set(_TAGS), attributes={k: set(v) for k, v in _ATTRS.items()},
                     link_rel="noopener noreferrer", url_schemes=set(_URL_SCHEMES))


# One line that Markdown and the sanitiser both give back unchanged: no character that
# is markup anywhere (``*_`[]!<>&#\\|~"``), no two spaces running, no whitespace but
# the plain space (NBSP would come back as an entity), no space at either end, and a
# first character that cannot open a block (``+=-`` or a digit: lists, rules). Most
# questions and options are such lines; they skip the parser, which costs ~100x more.
# A property test holds this equal to the full path.
_MARKUP = re.compile(r'[*_`\[\]!<>&#\\|~"]|  |[^\S ]')
_NOT_FIRST = frozenset("+=-")


def is_plain(text: str) -> bool:
    return (text != "" and text[0] != " " and text[-1] != " " and text[0] not in _NOT_FIRST
            and not text[0].isdigit() and _MARKUP.search(text) is None and text.isprintable())


@lru_cache(maxsize=65536)
def render_block(text: str) -> str:
    """Block Markdown (paragraphs, lists, code) to sanitised HTML."""
    if is_plain(text):
        return f"<p>{text}</p>"
    return str(_clean(_MD.render(text))).strip()


@lru_cache(maxsize=65536)
def render_inline(text: str) -> str:
    """One line of Markdown (a question, an option) to sanitised HTML with no ``<p>``."""
    if is_plain(text):
        return text
    return _clean(_MD.renderInline(text)).strip()


def render_block_full(text: str) -> str:
    """``render_block`` without the plain-line shortcut (what the shortcut must equal)."""
    return str(_clean(_MD.render(text))).strip()


def render_inline_full(text: str) -> str:
    return _clean(_MD.renderInline(text)).strip()


# Indentation deeper than this hangs its continuation rows as if it were this deep:
# templates/code-lines.css has a rule for each `in-N` up to it.
MAX_INDENT = 16
LINE_CLASS = "line"
_TAG = re.compile(r"<[^>]*>")


def _line_span(html: str) -> str:
    text = _TAG.sub("", html)
    # A tab counts 4 columns, as templates/code-lines.css sets `tab-size` (pages reach
    # us with tabs expanded by the reader; a tree built in code may still hold some).
    lead = text[:len(text) - len(text.lstrip(" \t"))].expandtabs(4)
    columns = min(len(lead), MAX_INDENT) if text.strip() else 0
    cls = f"{LINE_CLASS} in-{columns}" if columns else LINE_CLASS
    return f'<span class="{cls}">{html}'


@lru_cache(maxsize=4096)
def code_lines(code: str, language: str) -> str:
    """Code as one ``<span class="line">`` per source line, tokens highlighted by
    Pygments when it knows ``language``, for the inside of a ``<pre><code>``.

    Every line but the last keeps its newline inside its span, so the text reads the
    same with or without our stylesheet (a ``<pre>`` alone shows the newlines; with
    templates/code-lines.css each span is a block that wraps with a hanging indent).
    """
    try:
        lexer: Any = get_lexer_by_name(language) if language else None
    except ClassNotFound:
        lexer = None
    body = highlight(code, lexer, _FORMATTER).rstrip("\n") if lexer else escape(code)
    # With nowrap, Pygments closes every token's span at the end of its line (a token
    # that runs over several lines is split), so each line below is balanced markup.
    return "\n</span>".join(map(_line_span, body.split("\n"))) + "</span>"


def highlight_block(code: str, language: str) -> str:
    """``<pre class="hl"><code class="language-x">`` with Pygments token classes."""
    cls = f' class="language-{escape(language)}"' if language else ""
    return f'<pre class="{CODE_CLASS}"><code{cls}>{code_lines(code, language)}</code></pre>'


def output_block(lines: list[str]) -> str:
    """Printed output (an option of a "predict the output" problem) as preformatted
    lines that wrap like code."""
    return f'<pre class="output"><code>{code_lines(chr(10).join(lines), "")}</code></pre>'


def code_css(style: str = "default", dark_style: str | None = None,
             dark_selector: str = ".nightMode") -> str:
    """Pygments CSS for code inside ``pre.hl``; a dark style scoped under ``dark_selector``."""
    css = _style_defs(style, f"pre.{CODE_CLASS}")
    if dark_style:
        css += "\n" + _style_defs(dark_style, f"{dark_selector} pre.{CODE_CLASS}")
    return css


def _style_defs(style: str, selector: str) -> str:
    formatter = HtmlFormatter(style=style)
    return str(formatter.get_style_defs(selector))  # type: ignore[no-untyped-call]
