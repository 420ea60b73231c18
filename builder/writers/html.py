"""Printable HTML cheat sheets (and their PDFs), from the Jinja2 templates in templates/html.

Per page: ``html/<slug>.html`` (the revision sheet: every answer in place) and
``html/<slug>.quiz.html`` (answers behind <details> on screen, an answer key at the end on
paper); ``html/index.html`` links them all. Each file is self-contained: inline CSS, no
script, no external resource, a Content-Security-Policy that forbids loading anything.
When Chromium is available each sheet is also printed to ``html/<slug>.pdf``: in the link
step, through one browser for the whole build (``_html_pdf.Printer``, started only when a
sheet needs printing), and only when neither the last build nor the build cache holds a
print of the same bytes on the same paper with the same Chromium and fonts.

Options (``settings.options``, all read in link only): ``pdf`` (default True),
``pdf_paper`` (``a4``/``letter``, default ``a4``), ``pdf_timeout`` (seconds per file,
default 60), ``pdf_jobs`` (sheets printing at once, default 2), ``chromium`` (the
engine's path or name; default: the first of chromium, chromium-browser, google-chrome on
PATH).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache, partial
from html import unescape
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

from builder import __version__
from builder.diagnostics import warning
from builder.jinja import environment
from builder.media import alt_text, embed_images, page_location
from builder.model import Item, MultipleChoice, Page, minutes_seconds
from builder.render import highlight_block, output_block, render_block, render_inline

from ._html_pdf import (
    PAPER,
    PdfError,
    Printer,
    engine_identity,
    find_engine,
    font_identity,
    page_count,
    print_key,
)
from .base import LinkContext, PageUnit, Settings, Units, Writer

FOLDER = "html"


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
        ("clock", minutes_seconds)))


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


def sheet_names(page: Page) -> tuple[str, str]:
    return f"{page.slug}.html", f"{page.slug}.quiz.html"


def render_sheets(page: Page, templates: Path) -> tuple[tuple[str, str], ...]:
    """The page's revision sheet and quiz sheet: (file name, HTML) each."""
    common = _common(templates)
    sheet, quiz = sheet_names(page)
    shared = {**common, "page": page, "sections": sections(page), "summary": summary(page),
              "sheet_href": sheet, "quiz_href": quiz,
              "running_title": css_string(page.display_title)}
    template = sheet_environment(templates).get_template("sheet.html.j2")
    return tuple((name, with_images(template.render(**shared, mode=mode, running_kind=css_string(
        " · ".join(p for p in (page.subject, kind) if p))), page))
        for name, mode, kind in ((sheet, "revision", "Revision sheet"), (quiz, "quiz", "Quiz")))


def _common(templates: Path) -> dict[str, Any]:
    return {"css": stylesheet(templates), "generator": f"study-builder {__version__}",
            "lang": "en"}


@dataclass(frozen=True)
class SheetParts:
    """What the index needs of one page."""

    slug: str
    title: str
    subtitle: str | None
    subject: str | None
    summary: str  # with the reading time
    items: int
    sheet: str  # file names under html/
    quiz: str
    order: int | None = None  # the page's `Order:` line

    @property
    def sort_key(self) -> tuple[bool, int, str, str]:
        # The reading order the pages set, then the pages without one by title.
        return self.order is None, self.order or 0, self.title.lower(), self.slug


class HtmlWriter(Writer):
    name = "html"
    description = "printable HTML cheat sheets and quizzes (+ PDF with Chromium) in html/"
    link_options = frozenset({"pdf", "pdf_paper", "pdf_timeout", "pdf_jobs", "chromium"})

    def compile(self, page: Page, settings: Settings) -> PageUnit:
        files = tuple((f"{FOLDER}/{name}", html.encode("utf-8"))
                      for name, html in render_sheets(page, settings.templates))
        sheet, quiz = sheet_names(page)
        parts = SheetParts(
            page.slug, page.display_title, page.subtitle, page.subject,
            summary(page) + (f" · {page.minutes} min" if page.minutes else ""),
            len(page.items), sheet, quiz, page.order)
        # `check` reports each picture a sheet cannot show, at its line.
        return PageUnit(page.slug, files, parts)

    def link_inputs(self, settings: Settings, pending: Mapping[str, bytes]) -> bytes:
        # Whether a browser is there to print with (one installed since is used).
        if not settings.option("pdf", True):
            return b""
        explicit = settings.option("chromium", None)
        engine = find_engine(str(explicit) if explicit else None)
        if engine is None:
            return b"no engine"
        # An upgraded Chromium or a font installed since prints differently: print again.
        return engine_identity(engine) + b"\0" + font_identity()

    def link(self, units: Units, ctx: LinkContext) -> list[str]:
        sheets: list[SheetParts] = [unit.parts for unit in units]
        pdfs = self._print(ctx, [name for s in sheets for name in (s.sheet, s.quiz)])
        index = sheet_environment(ctx.settings.templates).get_template("index.html.j2").render(
            **_common(ctx.settings.templates), groups=_groups(sheets, set(pdfs)),
            pages=sheets, total_items=sum(s.items for s in sheets))
        ctx.path(FOLDER, "index.html").write_bytes(index.encode("utf-8"))
        return [*pdfs, f"{FOLDER}/index.html"]

    def _print(self, ctx: LinkContext, names: list[str]) -> list[str]:
        """Print each sheet (``names`` under html/, already written) to a PDF beside it,
        reusing an earlier build's print of the same bytes; returns the PDFs written."""
        stats: dict[str, object] = {"sheets": len(names)}
        ctx.stats[self.name] = stats
        settings = ctx.settings
        if not settings.option("pdf", True):
            stats["pdf"] = "off (options pdf=False)"
            return []
        explicit = settings.option("chromium", None)
        engine = find_engine(str(explicit) if explicit else None)
        if engine is None:
            looked = str(explicit) if explicit else "chromium, chromium-browser, google-chrome"
            stats["pdf"] = "skipped: no Chromium"
            ctx.report.append(warning(
                "pdf-skipped", None,
                f"no PDF engine found (looked for {looked}); the HTML sheets were written "
                "without PDFs",
                "install Chromium (apt-get install chromium) or build with PDFs off"))
            return []
        paper = str(settings.option("pdf_paper", "a4")).lower()
        if paper not in PAPER:
            raise ValueError(f"options pdf_paper={paper!r} is not one of {', '.join(PAPER)}")
        timeout = float(str(settings.option("pdf_timeout", 60)))
        jobs = max(1, int(str(settings.option("pdf_jobs", 2))))
        fonts = font_identity()

        def run(printer: Printer, name: str) -> str | PdfError:
            # The sheet is read back from the output: the build caches units without their
            # files, and a print reused from the last build or the cache never needs the
            # markup beyond its key (nor a browser: the printer starts on its first print).
            html = ctx.out.joinpath(FOLDER, name).read_bytes()
            rel = f"{FOLDER}/{name.removesuffix('.html')}.pdf"
            key = print_key(html, engine=engine, paper=paper, epoch=settings.epoch,
                            fonts=fonts)
            try:
                ctx.write_memo(rel, "html-pdf", key,
                               lambda: printer.print(html.decode("utf-8")))
            except PdfError as exc:  # not cached: the next build tries again
                return exc
            return rel

        # Twice as many threads as tabs: while one thread writes a PDF or reads the cache,
        # the browser already has the next sheet.
        with Printer(engine, paper=paper, timeout=timeout, jobs=jobs,
                     epoch=settings.epoch) as printer, \
                ThreadPoolExecutor(max_workers=2 * jobs) as pool:
            outcomes = list(pool.map(partial(run, printer), names))
        written: list[str] = []
        pages: dict[str, int] = {}
        for name, outcome in zip(names, outcomes, strict=True):
            if isinstance(outcome, PdfError):
                rel = f"{FOLDER}/{name.removesuffix('.html')}.pdf"
                ctx.lasting = False  # try again next build
                ctx.report.append(warning(
                    "pdf-failed", None, f"{rel} was not printed: {outcome}",
                    f"open {rel.removesuffix('.pdf')}.html in a browser to see why, or "
                    "build with PDFs off"))
                continue
            written.append(outcome)
            pages[outcome] = page_count(ctx.out.joinpath(outcome).read_bytes())
        stats.update(pdf=f"chromium ({paper})", pdf_pages=pages)
        return written


def _groups(sheets: list[SheetParts],
            pdfs: set[str]) -> list[tuple[str, list[dict[str, object]]]]:
    """The index's entries by subject, each subject's pages in reading order (``Order:``,
    then title), a subject where its first page would come.

    A subtitle that several pages share ("Cheat Sheet & Quick Revision") says nothing
    about any one of them, so a tile shows only a subtitle of its own.
    """
    shared = Counter(s.subtitle for s in sheets if s.subtitle)
    groups: dict[str, list[dict[str, object]]] = {}
    first: dict[str, tuple[bool, int, str, str]] = {}
    for s in sorted(sheets, key=lambda s: s.sort_key):
        sheet_pdf, quiz_pdf = (n.removesuffix(".html") + ".pdf" for n in (s.sheet, s.quiz))
        subject = s.subject or "Other"
        first.setdefault(subject, s.sort_key)
        groups.setdefault(subject, []).append({
            "page": s, "sheet": s.sheet, "quiz": s.quiz, "summary": s.summary,
            "subtitle": s.subtitle if s.subtitle and shared[s.subtitle] == 1 else None,
            "sheet_pdf": sheet_pdf if f"{FOLDER}/{sheet_pdf}" in pdfs else None,
            "quiz_pdf": quiz_pdf if f"{FOLDER}/{quiz_pdf}" in pdfs else None})
    return sorted(groups.items(),
                  key=lambda kv: (first[kv[0]][:2], kv[0].lower()))

