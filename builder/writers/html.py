"""Printable HTML cheat sheets (and their PDFs), from the Jinja2 templates in templates/html.

Per page: ``html/<slug>.html`` (the revision sheet: every answer in place) and
``html/<slug>.quiz.html`` (answers behind <details> on screen, an answer key at the end on
paper); ``html/index.html`` links them all. Each file is self-contained: inline CSS, no
script, no external resource, a Content-Security-Policy that forbids loading anything.
When Chromium is available each sheet is also printed to ``html/<slug>.pdf``.

Options (``ctx.options``): ``pdf`` (default True), ``pdf_paper`` (``a4``/``letter``,
default ``a4``), ``pdf_timeout`` (seconds per file, default 60), ``pdf_jobs`` (Chromiums
at once, default 2), ``chromium`` (the engine's path or name; default: the first of
chromium, chromium-browser, google-chrome on PATH).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from builder import __version__
from builder.diagnostics import warning
from builder.model import Challenge, Flashcard, Item, MultipleChoice, OpenPrompt, Page
from builder.render import code_css, highlight_block, render_block, render_inline

from ._html_pdf import PAPER, PdfError, PdfJob, find_engine, page_count, print_pdf
from .base import BuildContext, Writer

FOLDER = "html"
CODE_STYLE, CODE_DARK_STYLE = "default", "github-dark"
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


def environment(templates: Path) -> Environment:
    env = Environment(loader=FileSystemLoader(templates / FOLDER), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters.update(md=_md, mdi=_mdi, code=_code, clock=clock)
    return env


def stylesheet(templates: Path) -> Markup:
    """Our CSS files and Pygments' rules, to inline in every page (light code colours on
    paper, a dark Pygments style on a dark screen)."""
    parts = [(templates / FOLDER / name).read_text(encoding="utf-8")
             for name in ("sheet.css", "print.css")]
    parts.append(code_css(CODE_STYLE))
    parts.append("@media screen and (prefers-color-scheme: dark) {\n"
                 f"{code_css(CODE_DARK_STYLE)}\n}}")
    css = "\n".join(parts)
    if "</" in css:  # would end the <style> element early
        raise ValueError("a stylesheet in templates/html contains '</'; remove it")
    return Markup(css)


def sheet_names(page: Page) -> tuple[str, str]:
    return f"{page.slug}.html", f"{page.slug}.quiz.html"


class HtmlWriter(Writer):
    name = "html"
    description = "printable HTML cheat sheets and quizzes (+ PDF with Chromium) in html/"
    order = 60

    def write(self, ctx: BuildContext) -> list[str]:
        env = environment(ctx.templates)
        common = {"css": stylesheet(ctx.templates), "generator": f"study-builder {__version__}",
                  "lang": "en"}
        sheet_tpl = env.get_template("sheet.html.j2")
        written: list[str] = []
        jobs: list[PdfJob] = []
        for page in ctx.tree.pages:
            self._check_images(ctx, page)
            sheet, quiz = sheet_names(page)
            shared = {**common, "page": page, "sections": sections(page),
                      "summary": summary(page), "sheet_href": sheet, "quiz_href": quiz,
                      "running_title": css_string(page.display_title)}
            for name, mode, kind in ((sheet, "revision", "Revision sheet"), (quiz, "quiz", "Quiz")):
                html = sheet_tpl.render(**shared, mode=mode, running_kind=css_string(
                    " · ".join(p for p in (page.subject, kind) if p)))
                target = ctx.path(FOLDER, name)
                target.write_text(html, encoding="utf-8")
                written.append(f"{FOLDER}/{name}")
                jobs.append(PdfJob(html, target.with_suffix(".pdf")))
        pdfs = self._print(ctx, jobs)
        written += pdfs
        index = env.get_template("index.html.j2").render(
            **common, groups=self._groups(ctx, set(pdfs)),
            pages=ctx.tree.pages, total_items=sum(len(p.items) for p in ctx.tree.pages))
        ctx.path(FOLDER, "index.html").write_text(index, encoding="utf-8")
        written.append(f"{FOLDER}/index.html")
        return sorted(written)

    def _groups(self, ctx: BuildContext,
                pdfs: set[str]) -> list[tuple[str, list[dict[str, object]]]]:
        groups: dict[str, list[dict[str, object]]] = {}
        for page in sorted(ctx.tree.pages, key=lambda p: (p.display_title.lower(), p.slug)):
            sheet, quiz = sheet_names(page)
            sheet_pdf, quiz_pdf = (n.removesuffix(".html") + ".pdf" for n in (sheet, quiz))
            groups.setdefault(page.subject or "Other", []).append({
                "page": page, "sheet": sheet, "quiz": quiz, "summary": summary(page)
                + (f" · {page.minutes} min" if page.minutes else ""),
                "sheet_pdf": sheet_pdf if f"{FOLDER}/{sheet_pdf}" in pdfs else None,
                "quiz_pdf": quiz_pdf if f"{FOLDER}/{quiz_pdf}" in pdfs else None})
        return sorted(groups.items(), key=lambda kv: kv[0].lower())

    def _check_images(self, ctx: BuildContext, page: Page) -> None:
        for item in page.items:
            if any("<img" in render_block(t) for t in markdown_fields(item) if t):
                ctx.report.append(warning(
                    "html-image-not-embedded", item.span,
                    "an image in this item links to a remote file; HTML sheets load nothing "
                    "from the network, so it is shown as its alt text",
                    "describe the image in words, or keep it for formats that fetch it"))

    def _print(self, ctx: BuildContext, jobs: list[PdfJob]) -> list[str]:
        stats: dict[str, object] = {"sheets": len(jobs)}
        ctx.stats[self.name] = stats
        if not ctx.options.get("pdf", True):
            stats["pdf"] = "off (options pdf=False)"
            return []
        explicit = ctx.options.get("chromium")
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
        paper = str(ctx.options.get("pdf_paper", "a4")).lower()
        if paper not in PAPER:
            raise ValueError(f"options pdf_paper={paper!r} is not one of {', '.join(PAPER)}")
        timeout = float(str(ctx.options.get("pdf_timeout", 60)))
        workers = max(1, int(str(ctx.options.get("pdf_jobs", 2))))

        def run(job: PdfJob) -> PdfError | None:
            try:
                print_pdf(engine, job, paper=paper, timeout=timeout, epoch=ctx.epoch)
            except PdfError as exc:
                return exc
            return None

        # Chromium's startup dominates a print, so two at once nearly halve the wait.
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(run, jobs))
        written: list[str] = []
        pages: dict[str, int] = {}
        for job, exc in zip(jobs, outcomes, strict=True):
            rel = job.target.relative_to(ctx.out).as_posix()
            if exc is not None:
                ctx.report.append(warning(
                    "pdf-failed", None, f"{rel} was not printed: {exc}",
                    f"open {rel.removesuffix('.pdf')}.html in a browser to see why, or "
                    "build with PDFs off"))
                continue
            written.append(rel)
            pages[rel] = page_count(job.target.read_bytes())
        stats.update(pdf=f"chromium ({paper})", pdf_pages=pages)
        return written


WRITER = HtmlWriter
