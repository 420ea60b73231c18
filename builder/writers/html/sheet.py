"""One page's two sheets: the revision sheet (every answer in place) and the quiz sheet
(answers behind <details> on screen, an answer key at the end on paper)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial
from html import unescape
from pathlib import Path
from typing import Any, NamedTuple

from builder import __version__
from builder.media import alt_text, embed_images, page_location
from builder.model import ANSWER_KINDS, Item, MultipleChoice, Page
from builder.render.rendered import RenderedPage

from .answers import answers_css, lettered, word_bank
from .filters import SheetText, sheet_environment, stylesheet


@dataclass(frozen=True)
class Entry:
    number: int  # shown on the sheet and in the answer key
    kind: str  # an item kind, or "lost" for a choice question that lost its options
    item: Item


@dataclass(frozen=True)
class Section:
    key: str  # its heading and note are in sheet.html.j2
    columns: bool
    entries: tuple[Entry, ...]


class Kind(NamedTuple):
    key: str
    columns: bool  # short items go two to a row on paper; code needs the full width


class Count(NamedTuple):
    kind: str
    n: int


# The sheet's sections, in order.
SECTIONS = (Kind("flashcard", True), Kind("choice", True), Kind("lost", True),
            Kind("truefalse", True), Kind("numeric", True), Kind("short", True),
            Kind("cloze", True), Kind("matching", True),
            Kind("open", True), Kind("challenge", False))


def entry_kind(item: Item) -> str:
    if isinstance(item, MultipleChoice) and item.options_lost:
        return "lost"
    return item.kind


def sections(page: Page) -> list[Section]:
    """The page's items grouped by kind (source order within a kind), numbered 1..N."""
    by_kind: dict[str, list[Item]] = {kind.key: [] for kind in SECTIONS}
    for item in page.items:
        by_kind[entry_kind(item)].append(item)
    out: list[Section] = []
    number = 0
    for kind in SECTIONS:
        entries = []
        for item in by_kind[kind.key]:
            number += 1
            entries.append(Entry(number, kind.key, item))
        if entries:
            out.append(Section(kind.key, kind.columns, tuple(entries)))
    return out


def counts(page: Page) -> tuple[Count, ...]:
    """How many items of each kind the page has (for the words of _words.html.j2)."""
    found = Counter(entry_kind(item) for item in page.items)
    return tuple(Count(kind.key, found[kind.key]) for kind in SECTIONS if found[kind.key])


def words(templates: Path) -> Any:
    """The macros and words of _words.html.j2."""
    return sheet_environment(templates).get_template("_words.html.j2").module


def image_alt(templates: Path, tag: str) -> str:
    """What a sheet shows for a picture it cannot embed (a web image, a refused or
    missing file, one over the size cap): its description."""
    # An attribute value is not escaped for text (a "<" may stay raw): the macro escapes it.
    return str(words(templates).image_alt(unescape(alt_text(tag))))


def with_images(html: str, page: Page, templates: Path) -> str:
    """A sheet with its pictures: local ones embedded as data: URIs (the sheet's CSP
    allows images from data: only), every other one as its description."""
    if "<img" not in html or not page.items:  # nearly always: skip the regex
        return html
    root, page_dir = page_location(page, page.items[0])
    return embed_images(html, root, page_dir, web=False,
                        unavailable=partial(image_alt, templates))


def sheet_names(page: Page) -> tuple[str, str]:
    return f"{page.slug}.html", f"{page.slug}.quiz.html"


def render_sheets(page: Page, rendered: RenderedPage,
                  templates: Path) -> tuple[tuple[str, str], ...]:
    """The page's revision sheet and quiz sheet: (file name, HTML) each."""
    sheet, quiz = sheet_names(page)
    shared = {**common(templates), "page": page, "text": SheetText(rendered),
              "sections": sections(page),
              "counts": counts(page), "sheet_href": sheet, "quiz_href": quiz,
              "answers_css": answers_css(templates, page), "answer_kinds": ANSWER_KINDS,
              "lettered": lettered,
              "word_bank": word_bank}
    template = sheet_environment(templates).get_template("sheet.html.j2")
    return tuple((name, with_images(template.render(**shared, mode=mode), page, templates))
                 for name, mode in ((sheet, "revision"), (quiz, "quiz")))


def common(templates: Path) -> dict[str, Any]:
    """What every page (sheet or index) shows."""
    return {"css": stylesheet(templates), "generator": f"study-builder {__version__}",
            "lang": "en"}
