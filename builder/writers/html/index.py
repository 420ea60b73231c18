"""``html/index.html``: every page's sheets, quizzes and PDFs, by subject."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .filters import FOLDER, sheet_environment
from .sheet import Count, common, words


@dataclass(frozen=True)
class SheetParts:
    """What the index needs of one page."""

    slug: str
    title: str
    subtitle: str | None
    subject: str | None
    counts: tuple[Count, ...]  # items by kind
    items: int
    minutes: int | None  # reading time
    sheet: str  # file names under html/
    quiz: str
    order: int | None = None  # the page's `Order:` line

    @property
    def sort_key(self) -> tuple[bool, int, str, str]:
        # The reading order the pages set, then the pages without one by title.
        return self.order is None, self.order or 0, self.title.lower(), self.slug


def render_index(sheets: list[SheetParts], pdfs: set[str], templates: Path) -> str:
    """The index of ``sheets``, linking the PDFs among ``pdfs`` (paths in the output)."""
    return sheet_environment(templates).get_template("index.html.j2").render(
        **common(templates), groups=groups(sheets, pdfs, words(templates).no_subject),
        pages=sheets,
        total_items=sum(s.items for s in sheets))


def groups(sheets: list[SheetParts], pdfs: set[str],
           no_subject: str) -> list[tuple[str, list[dict[str, object]]]]:
    """The index's entries by subject, each subject's pages in reading order (``Order:``,
    then title), a subject where its first page would come; pages without a subject
    under ``no_subject`` (the template's word, so that pages whose subject is that word
    join them).

    A subtitle that several pages share ("Cheat Sheet & Quick Revision") says nothing
    about any one of them, so a tile shows only a subtitle of its own.
    """
    shared = Counter(s.subtitle for s in sheets if s.subtitle)
    by_subject: dict[str, list[dict[str, object]]] = {}
    first: dict[str, tuple[bool, int, str, str]] = {}
    for s in sorted(sheets, key=lambda s: s.sort_key):
        sheet_pdf, quiz_pdf = (n.removesuffix(".html") + ".pdf" for n in (s.sheet, s.quiz))
        subject = s.subject or no_subject
        first.setdefault(subject, s.sort_key)
        by_subject.setdefault(subject, []).append({
            "page": s, "sheet": s.sheet, "quiz": s.quiz,
            "subtitle": s.subtitle if s.subtitle and shared[s.subtitle] == 1 else None,
            "sheet_pdf": sheet_pdf if f"{FOLDER}/{sheet_pdf}" in pdfs else None,
            "quiz_pdf": quiz_pdf if f"{FOLDER}/{quiz_pdf}" in pdfs else None})
    return sorted(by_subject.items(),
                  key=lambda kv: (first[kv[0]][:2], kv[0].lower()))
