"""Printable HTML cheat sheets (and their PDFs), from the Jinja2 templates in templates/html.

Per page: ``html/<slug>.html`` (the revision sheet: every answer in place) and
``html/<slug>.quiz.html`` (answers behind <details> on screen, an answer key at the end on
paper); ``html/index.html`` links them all. Each file is self-contained: inline CSS, no
script, no external resource, a Content-Security-Policy that forbids loading anything.
When Chromium is available each sheet is also printed to ``html/<slug>.pdf``: in the link
step, through one browser for the whole build (:mod:`.printing`, :mod:`.pdf`).

Modules: :mod:`.sheet` (one page's sheets), :mod:`.index`, :mod:`.filters` (the Jinja
environment), :mod:`.printing` (the link step's PDFs), :mod:`.pdf` (the browser),
:mod:`.chromium` (which engine, and what a print depends on), :mod:`.pdfbytes`.

Options: :class:`builder.writers.options.HtmlOptions` (``settings.options.html``, all
read in link only).
"""

from __future__ import annotations

from collections.abc import Mapping

from builder.diagnostics import Diagnostic
from builder.model import Page
from builder.render.rendered import RenderedPage

from ..base import Linked, Output, PageUnit, Settings, Units, Writer
from ..options import HtmlOptions, Options
from . import printing
from .filters import FOLDER
from .index import SheetParts, render_index
from .sheet import counts, render_sheets, sheet_names

__all__ = ["HtmlWriter"]


class HtmlWriter(Writer):
    name = "html"
    description = "printable HTML cheat sheets and quizzes (+ PDF with Chromium) in html/"

    def own_options(self, options: Options) -> HtmlOptions:
        return options.html

    def compile(self, page: Page, rendered: RenderedPage, settings: Settings) -> PageUnit:
        files = tuple((f"{FOLDER}/{name}", html.encode("utf-8"))
                      for name, html in render_sheets(page, rendered, settings.templates))
        sheet, quiz = sheet_names(page)
        parts = SheetParts(
            page.slug, page.display_title, page.subtitle, page.subject, counts(page),
            len(page.items), page.minutes, sheet, quiz, page.order)
        # `check` reports each picture a sheet cannot show, at its line.
        return PageUnit(page.slug, files, parts)

    def link_inputs(self, settings: Settings, pending: Mapping[str, bytes]) -> bytes:
        return printing.link_inputs(settings)

    def link(self, units: Units, out: Output) -> Linked:
        sheets: list[SheetParts] = [unit.parts for unit in units]
        stats: dict[str, object] = {"sheets": 2 * len(sheets)}
        report: list[Diagnostic] = []
        pdfs = printing.print_sheets(out, [n for s in sheets for n in (s.sheet, s.quiz)],
                                     stats, report)
        index = render_index(sheets, set(pdfs), out.settings.templates)
        out.path(FOLDER, "index.html").write_bytes(index.encode("utf-8"))
        return Linked([*pdfs, f"{FOLDER}/index.html"], report, stats)
