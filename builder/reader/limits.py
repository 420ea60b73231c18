"""Sizes past which a page or a line is almost always a paste gone wrong.

The pages in ``source/`` are under 10 KB, and their longest line is a few hundred
characters. A page of a megabyte, or a question as long as an essay, is not something an
author meant: it is a whole web page pasted in, or line breaks lost in a copy.
"""

from __future__ import annotations

from builder.diagnostics import Diagnostic, codes, error, warning
from builder.model import Span

from .lines import Line

MAX_PAGE_BYTES = 1024 * 1024
# A question, prompt, challenge title or option: one line a learner reads at a glance.
MAX_SHORT_LINE = 500
# Any other line: one paragraph of an answer, body, explanation, feedback or hint.
MAX_LINE = 2000


def page_size(size: int, path: str) -> Diagnostic | None:
    if size <= MAX_PAGE_BYTES:
        return None
    return error(codes.PAGE_TOO_LARGE, Span(file=path, start=1, end=1),
                 f"page is {_megabytes(size)}; a page over {_megabytes(MAX_PAGE_BYTES)} is "
                 "almost always text pasted by mistake",
                 "delete what does not belong, or split the page into several pages")


def long_line(line: Line, path: str, what: str | None = None) -> Diagnostic | None:
    """``what`` names a short field (a question, an option); None is any other line."""
    limit = MAX_LINE if what is None else MAX_SHORT_LINE
    size = len(line.text)
    if size <= limit:
        return None
    name = what or "line"
    return warning(codes.LONG_LINE, Span(file=path, start=line.no, end=line.no),
                   f"this {name} is {size:,} characters long (the limit is {limit:,})",
                   "shorten it, or break it into lines where a line break was lost"
                   if what is None else
                   "shorten it: move detail into the answer or explanation "
                   "(or `Allow: long-line` after the item to keep it)")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
