"""One page's two sheets: the revision sheet (every answer in place) and the quiz sheet
(answers behind <details> on screen, an answer key at the end on paper)."""

from __future__ import annotations

from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from markupsafe import escape

from builder import __version__
from builder.media import alt_text, embed_images, page_location
from builder.model import Item, MultipleChoice, Page

from .filters import css_string, sheet_environment, stylesheet


@dataclass(frozen=True)
class Entry:
    number: int  # shown on the sheet and in the answer key
    kind: str  # an item kind, or "lost" for a choice question that lost its options
    item: Item


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    note: str | None
    columns: bool  # short items go two to a row on paper; code needs the full width
    entries: tuple[Entry, ...]


SECTIONS: tuple[tuple[str, str, str | None, bool], ...] = (
    ("flashcard", "Flashcards", None, True),
    ("choice", "Multiple choice", "The correct option is ticked (✔) and framed.", True),
    ("lost", "Questions without their options",
     "The source kept only the site's feedback for these questions, not the options.", True),
    ("open", "Explain it", None, True),
    ("challenge", "Challenge problems", None, False),
)
_NOUNS = {"flashcard": ("flashcard", "flashcards"),
          "choice": ("multiple-choice question", "multiple-choice questions"),
          "lost": ("question without options", "questions without options"),
          "open": ("open prompt", "open prompts"),
          "challenge": ("challenge", "challenges")}


def entry_kind(item: Item) -> str:
    if isinstance(item, MultipleChoice) and item.options_lost:
        return "lost"
    return item.kind


def sections(page: Page) -> list[Section]:
    """The page's items grouped by kind (source order within a kind), numbered 1..N."""
    by_kind: dict[str, list[Item]] = {key: [] for key, *_ in SECTIONS}
    for item in page.items:
        by_kind[entry_kind(item)].append(item)
    out: list[Section] = []
    number = 0
    for key, heading, note, columns in SECTIONS:
        entries = []
        for item in by_kind[key]:
            number += 1
            entries.append(Entry(number, key, item))
        if entries:
            out.append(Section(key, heading, note, columns, tuple(entries)))
    return out


def summary(page: Page) -> str:
    counts: dict[str, int] = {}
    for item in page.items:
        counts[entry_kind(item)] = counts.get(entry_kind(item), 0) + 1
    parts = [f"{n} {_NOUNS[k][n != 1]}" for k, n in
             sorted(counts.items(), key=lambda kv: list(_NOUNS).index(kv[0]))]
    total = len(page.items)
    return f"{total} {'item' if total == 1 else 'items'}: {', '.join(parts)}" if parts \
        else "no items"


def image_alt(tag: str) -> str:
    """What a sheet shows for a picture it cannot embed (a web image, a refused or
    missing file, one over the size cap): its description."""
    # An attribute value is not escaped for text (a "<" may stay raw): re-escape it.
    label = escape(unescape(alt_text(tag)))
    return f'<span class="img-alt">[image{": " + label if label else ""}]</span>'


def with_images(html: str, page: Page) -> str:
    """A sheet with its pictures: local ones embedded as data: URIs (the sheet's CSP
    allows images from data: only), every other one as its description."""
    if "<img" not in html or not page.items:  # nearly always: skip the regex
        return html
    root, page_dir = page_location(page, page.items[0])
    return embed_images(html, root, page_dir, web=False, unavailable=image_alt)


def sheet_names(page: Page) -> tuple[str, str]:
    return f"{page.slug}.html", f"{page.slug}.quiz.html"


def render_sheets(page: Page, templates: Path) -> tuple[tuple[str, str], ...]:
    """The page's revision sheet and quiz sheet: (file name, HTML) each."""
    sheet, quiz = sheet_names(page)
    shared = {**common(templates), "page": page, "sections": sections(page),
              "summary": summary(page), "sheet_href": sheet, "quiz_href": quiz,
              "running_title": css_string(page.display_title)}
    template = sheet_environment(templates).get_template("sheet.html.j2")
    return tuple((name, with_images(template.render(**shared, mode=mode, running_kind=css_string(
        " · ".join(p for p in (page.subject, kind) if p))), page))
        for name, mode, kind in ((sheet, "revision", "Revision sheet"), (quiz, "quiz", "Quiz")))


def common(templates: Path) -> dict[str, Any]:
    """What every page (sheet or index) shows."""
    return {"css": stylesheet(templates), "generator": f"study-builder {__version__}",
            "lang": "en"}
