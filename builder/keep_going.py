"""``--keep-going``: which items a build leaves out, and what it says about each.

An item is left out when the lines of an error overlap its own; the rest of its page is
built. One rule, the build's.
"""

from __future__ import annotations

from collections.abc import Iterable

from builder.diagnostics import Diagnostic, Severity, codes, warning
from builder.model import Page, Span

Spans = tuple[tuple[int, int], ...]  # first and last line of each item left out


def left_out(items: Iterable[tuple[int, int]], diags: Iterable[Diagnostic], file: str) -> Spans:
    """The ``(start, end)`` of each of ``items`` that an error in ``file`` overlaps."""
    lines = [(d.line, d.end_line or d.line) for d in diags
             if d.severity is Severity.ERROR and d.file == file]
    if not lines:
        return ()
    return tuple((start, end) for start, end in items
                 if any(lo <= end and hi >= start for lo, hi in lines))


def without(page: Page, spans: Spans) -> Page:
    """``page`` less the items at ``spans``."""
    if not spans:
        return page
    keep = tuple(i for i in page.items if (i.span.start, i.span.end) not in spans)
    return page.model_copy(update={"items": keep})


def skipped(file: str, spans: Spans) -> list[Diagnostic]:
    return [warning(codes.SKIPPED, Span(file=file, start=lo, end=hi),
                    "item left out of the build: it has errors",
                    "fix the errors reported for these lines") for lo, hi in spans]
