"""The render stage: every Markdown field of a page's items as HTML, once per build.

The compile phase renders each page once (:func:`render_page`) and hands the result to
every writer, so no writer runs Markdown or Pygments itself: a writer looks each field
up by its source text. A text that was not rendered is a ``KeyError``, never a second
rendering, so a field that a writer starts to show and this module does not walk fails
the tests at once.

Which form each field takes, over every writer (a field two writers show differently
is rendered both ways):

- block: flashcard answers, explanations, challenge bodies and hints, option feedback,
  and the questions and prompts (and open prompts' hints) that some writers also show
  inline;
- inline: those questions, prompts and hints, challenge titles, option texts,
  feedback and concepts;
- code: a challenge's code; printed-output options as code with no language (GIFT);
- output: printed-output options as preformatted lines.

Each fragment is exactly what :mod:`builder.render.markdown` returns for its text. A
fragment that holds highlighted code also has a variant with each token's colours in
a ``style`` attribute, for targets that drop ``<style>`` (Moodle).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import NamedTuple, TypeVar, cast

from pygments.formatters import HtmlFormatter

from builder.model import (
    AnswerKind,
    Challenge,
    Cloze,
    CodeBlock,
    Flashcard,
    Item,
    Matching,
    MultipleChoice,
    Numeric,
    OpenPrompt,
    Option,
    Page,
    ShortAnswer,
    TrueFalse,
)
from builder.xmlsafe import xml_safe_page

from . import markdown

# Stands for a blank while a cloze passage is rendered whole (so that Markdown around a
# blank, `**the [[rank]]**`, still pairs up); the HTML is then cut where it stands.
# A plane-15 private-use character: Markdown passes it through as text.
BLANK = "\U000f0000"
# The Pygments style whose colours the styled variants carry (code.css's light style).
INLINE_STYLE = "default"
K = TypeVar("K")
V = TypeVar("V")
_TOKEN_SPAN = re.compile(r'<span class="([a-z0-9]+)">')


class Code(NamedTuple):
    text: str
    language: str


@dataclass(frozen=True)
class RenderedPage:
    """A page's fragments by source text. Frozen and picklable: the build caches it."""

    blocks: dict[str, str] = field(default_factory=dict)
    inlines: dict[str, str] = field(default_factory=dict)
    codes: dict[Code, str] = field(default_factory=dict)
    outputs: dict[tuple[str, ...], str] = field(default_factory=dict)
    # A cloze passage's HTML cut at its blanks, by the passage's pieces.
    clozes: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    # The styled variant of each fragment above that has token colours to inline.
    inline_styled: dict[str, str] = field(default_factory=dict)

    def block(self, text: str, styled: bool = False) -> str:
        """Block Markdown (paragraphs, lists, code) as sanitised HTML."""
        return self._variant(self.blocks[text], styled)

    def inline(self, text: str, styled: bool = False) -> str:
        """One line of Markdown as sanitised HTML with no ``<p>``."""
        return self._variant(self.inlines[text], styled)

    def code(self, text: str, language: str, styled: bool = False) -> str:
        """Highlighted code: ``<pre class="hl"><code class="language-x">``."""
        return self._variant(self.codes[Code(text, language)], styled)

    def output(self, lines: Sequence[str]) -> str:
        """Printed output as preformatted lines that wrap like code."""
        return self.outputs[tuple(lines)]

    def cloze(self, item: Cloze, styled: bool = False) -> tuple[str, ...]:
        """The passage as block HTML cut at its blanks: one more piece than blanks. A
        writer puts its blank markup between the pieces and joins them; only the whole
        is balanced HTML (a blank inside bold cuts the ``<strong>``)."""
        return tuple(self._variant(piece, styled) for piece in self.clozes[item.text])

    def _variant(self, html: str, styled: bool) -> str:
        return self.inline_styled.get(html, html) if styled else html


def render_page(page: Page) -> RenderedPage:
    """Every field any writer shows, of every item of ``page`` (and of the page as the
    QTI writers see it, without the characters XML forbids)."""
    walk = _Walk()
    cleaned = xml_safe_page(page).page
    if cleaned is not page:
        walk.tolerant = True
        walk.page(page)
        walk.tolerant = False
    walk.page(cleaned)
    return walk.done()


class _Walk:
    """Fills a page's tables, each text once."""

    def __init__(self) -> None:
        self.into = RenderedPage()
        # Walking a page that holds characters XML forbids, before its XML-safe form.
        self.tolerant = False

    def page(self, page: Page) -> None:
        for item in page.items:
            self.item(item)

    def _put(self, table: dict[K, V], key: K, make: Callable[[], V]) -> None:
        if key in table:
            return
        try:
            table[key] = make()
        except UnicodeEncodeError:
            # A lone surrogate cannot be sanitised (and no page the reader makes holds
            # one): only the XML-safe text, without it, has HTML; a writer that asks
            # for this one fails, as it would have rendering it.
            if not self.tolerant:
                raise

    def done(self) -> RenderedPage:
        into = self.into
        styled = {}
        pieces = [piece for cut in into.clozes.values() for piece in cut]
        for fragments in (into.blocks.values(), into.inlines.values(), into.codes.values(),
                          pieces):
            for html in fragments:
                variant = with_styles(html)
                if variant != html:
                    styled[html] = variant
        return replace(into, inline_styled=styled)

    def item(self, item: Item) -> None:
        match item:
            case Flashcard():
                self.both(item.question)
                self.block(item.answer)
            case MultipleChoice():
                self.both(item.question)
                self.block(item.explanation)
                self.options(item.options)
            case OpenPrompt():
                self.both(item.prompt)
                self.both(item.hint)
                for concept in item.concepts:
                    self.inline(concept)
            case Challenge():
                self.inline(item.title)
                self.block(item.body)
                self.code(item.code)
                self.block(item.explanation)
                self.block(item.hint)
                self.options(item.options)
            case _:
                self.answer_kind(item)

    def answer_kind(self, item: AnswerKind) -> None:
        self.block(item.explanation)
        match item:
            case TrueFalse():
                self.both(item.statement)
            case Numeric():
                self.both(item.question)
                self.inline(item.units)
            case ShortAnswer():
                self.both(item.question)
                for text in item.accepted:
                    self.inline(text)
            case Cloze():
                self._put(self.into.clozes, item.text, partial(_cut_passage, item.text))
                self.both(item.gapped)
                for blank in item.blanks:
                    self.inline(blank.answer)
                    self.inline(blank.hint)
                for text in item.distractors:
                    self.inline(text)
            case Matching():
                self.both(item.question)
                for pair in item.pairs:
                    self.inline(pair.left)
                    self.inline(pair.right)
                for text in item.distractors:
                    self.inline(text)

    def options(self, options: tuple[Option, ...]) -> None:
        for opt in options:
            if opt.is_output:
                lines = tuple(opt.output_lines)
                self._put(self.into.outputs, lines, partial(markdown.output_block, list(lines)))
                self._code(Code("\n".join(lines), ""))
            else:
                self.inline(opt.text)
            self.both(opt.feedback)

    def both(self, text: str | None) -> None:
        self.block(text)
        self.inline(text)

    def block(self, text: str | None) -> None:
        if text is not None:
            self._put(self.into.blocks, text, partial(markdown.render_block, text))

    def inline(self, text: str | None) -> None:
        if text is not None:
            self._put(self.into.inlines, text, partial(markdown.render_inline, text))

    def code(self, code: CodeBlock | None) -> None:
        if code is not None:
            self._code(Code(code.text, code.language))

    def _code(self, key: Code) -> None:
        self._put(self.into.codes, key, partial(markdown.highlight_block, *key))


def _cut_passage(pieces: tuple[str, ...]) -> tuple[str, ...]:
    cut = tuple(markdown.render_block(BLANK.join(pieces)).split(BLANK))
    if len(cut) == len(pieces):
        return cut
    # Markdown dropped or doubled a stand-in (one in a fence's info string or a link's
    # address, or the author's own): each piece on its own then, which keeps every blank
    # at the cost of Markdown that spans one.
    return tuple(markdown.render_inline(piece) for piece in pieces)


def with_styles(html: str) -> str:
    """``html`` with each Pygments token span's colours also in a ``style`` attribute
    (the classes stay, for themes that style them)."""
    if '<span class="' not in html:
        return html
    styles = _token_styles(INLINE_STYLE)

    def add(match: re.Match[str]) -> str:
        css = styles.get(match[1])
        return f'<span class="{match[1]}" style="{css}">' if css else match[0]

    return _TOKEN_SPAN.sub(add, html)


@cache
def _token_styles(style: str) -> dict[str, str]:
    # class2style (class -> (css, token type, level)) is public but missing from the stubs.
    table = cast(dict[str, tuple[str, object, int]],
                 getattr(HtmlFormatter(style=style), "class2style"))  # noqa: B009
    return {cls: css for cls, (css, _ttype, _level) in table.items() if css}
