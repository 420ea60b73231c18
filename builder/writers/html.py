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

import re
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache, partial
from html import unescape
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from builder import __version__
from builder.diagnostics import Diagnostic, warning
from builder.model import Challenge, Flashcard, Item, MultipleChoice, OpenPrompt, Page
from builder.render import highlight_block, render_block, render_inline

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
_IMG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""")
_ALT = re.compile(r'\balt="([^"]*)"')


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


def clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def without_images(html: str) -> str:
    """A sheet makes no network request, so an image (always a remote URL: the renderer
    allows no data: URLs) is shown as its alt text instead."""
    if "<img" not in html:  # nearly always: skip the regex
        return html

    def alt(m: re.Match[str]) -> str:
        found = _ALT.search(m[0])
        # An attribute value is not escaped for text (a "<" may stay raw): re-escape it.
        label = escape(unescape(found[1])) if found else ""
        return f'<span class="img-alt">[image{": " + label if label else ""}]</span>'
    return _IMG.sub(alt, html)


def _md(text: str) -> Markup:
    return Markup(without_images(render_block(text)))


def _mdi(text: str) -> Markup:
    return Markup(without_images(render_inline(text)))


def _code(text: str, language: str) -> Markup:
    return Markup(highlight_block(text, language))


def markdown_fields(item: Item) -> Iterable[str]:
    """Every Markdown text of an item, for the checks made before rendering."""
    if isinstance(item, Flashcard):
        yield from (item.question, item.answer)
    elif isinstance(item, OpenPrompt):
        yield item.prompt
        yield from (item.hint or "", *item.concepts)
    else:
        if isinstance(item, MultipleChoice):
            yield item.question
        else:
            assert isinstance(item, Challenge)
            yield from (item.title, item.body, item.hint or "")
        yield item.explanation or ""
        for o in item.options:
            yield from (o.text, o.feedback or "")


def may_have_image(text: str) -> bool:
    """False when ``text`` surely renders to no <img>: that needs Markdown's ``![`` or a
    tag, so most fields skip rendering in the image check."""
    return "![" in text or "<" in text


@lru_cache(maxsize=8)
def environment(templates: Path) -> Environment:
    """One environment per process and folder: Jinja compiles each template once and
    re-reads it only when its file changes (``auto_reload``)."""
    env = Environment(loader=FileSystemLoader(templates / FOLDER), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(md=_md, mdi=_mdi, code=_code, clock=clock)
    return env


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


def image_warnings(page: Page) -> list[Diagnostic]:
    return [warning(
        "html-image-not-embedded", item.span,
        "an image in this item links to a remote file; HTML sheets load nothing "
        "from the network, so it is shown as its alt text",
        "describe the image in words, or keep it for formats that fetch it")
        for item in page.items
        if any("<img" in render_block(t) for t in markdown_fields(item)
               if t and may_have_image(t))]


def render_sheets(page: Page, templates: Path) -> tuple[tuple[str, str], ...]:
    """The page's revision sheet and quiz sheet: (file name, HTML) each."""
    common = _common(templates)
    sheet, quiz = sheet_names(page)
    shared = {**common, "page": page, "sections": sections(page), "summary": summary(page),
              "sheet_href": sheet, "quiz_href": quiz,
              "running_title": css_string(page.display_title)}
    template = environment(templates).get_template("sheet.html.j2")
    return tuple((name, template.render(**shared, mode=mode, running_kind=css_string(
        " · ".join(p for p in (page.subject, kind) if p))))
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

    @property
    def sort_key(self) -> tuple[str, str]:
        return self.title.lower(), self.slug


class HtmlWriter(Writer):
    name = "html"
    description = "printable HTML cheat sheets and quizzes (+ PDF with Chromium) in html/"
    order = 60
    link_options = frozenset({"pdf", "pdf_paper", "pdf_timeout", "pdf_jobs", "chromium"})

    def compile(self, page: Page, settings: Settings) -> PageUnit:
        files = tuple((f"{FOLDER}/{name}", html.encode("utf-8"))
                      for name, html in render_sheets(page, settings.templates))
        sheet, quiz = sheet_names(page)
        parts = SheetParts(
            page.slug, page.display_title, page.subtitle, page.subject,
            summary(page) + (f" · {page.minutes} min" if page.minutes else ""),
            len(page.items), sheet, quiz)
        return PageUnit(page.slug, files, parts, tuple(image_warnings(page)))

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
        index = environment(ctx.settings.templates).get_template("index.html.j2").render(
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
    """The index's entries by subject, subjects and titles in alphabetical order."""
    groups: dict[str, list[dict[str, object]]] = {}
    for s in sorted(sheets, key=lambda s: s.sort_key):
        sheet_pdf, quiz_pdf = (n.removesuffix(".html") + ".pdf" for n in (s.sheet, s.quiz))
        groups.setdefault(s.subject or "Other", []).append({
            "page": s, "sheet": s.sheet, "quiz": s.quiz, "summary": s.summary,
            "sheet_pdf": sheet_pdf if f"{FOLDER}/{sheet_pdf}" in pdfs else None,
            "quiz_pdf": quiz_pdf if f"{FOLDER}/{quiz_pdf}" in pdfs else None})
    return sorted(groups.items(), key=lambda kv: kv[0].lower())


WRITER = HtmlWriter
