"""``check --run-code``: run each "Predict Output" challenge's Python and compare what it
prints with the keyed option (docs/source-format.md#running-the-code).

A mismatch is an error (``wrong-key``) at the `Answer:` line; code that cannot run here,
or that raises, is a note (``code-not-run``): a key can only be judged by a run that ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from builder.diagnostics import Diagnostic, codes, error, note
from builder.model import Challenge, Option, Page

from .sandbox import Limits, Outcome, Run, run

__all__ = ["Limits", "check_pages", "runnable"]

CATEGORY = "predict output"
QUOTE_MAX = 200  # characters of printed output quoted in a message


def runnable(page: Page) -> list[Challenge]:
    """The page's Predict Output challenges whose code is Python."""
    return [i for i in page.items if isinstance(i, Challenge) and i.code is not None
            and i.category.strip().casefold() == CATEGORY and i.code.language == "python"]


def check_pages(pages: Iterable[Page], hidden: list[Path],
                limits: Limits | None = None) -> list[Diagnostic]:
    """Run every runnable challenge of ``pages`` (two at a time: each run is its own
    process) where it cannot open anything under ``hidden``; what their keys say."""
    items = [c for page in pages for c in runnable(page)]
    if not items:
        return []
    lim = limits or Limits()
    with ThreadPoolExecutor(max_workers=min(2, len(items))) as pool:
        runs = list(pool.map(lambda c: run(c.code.text if c.code else "", hidden, lim), items))
    found = [_verdict(c, r) for c, r in zip(items, runs, strict=True)]
    return [d for d in found if d is not None]


def normalised(text: str) -> str:
    """Output as an option can write it: the reader strips an option's text, so ends of
    lines and of the whole are not compared; Windows line ends count as ``\\n``."""
    lines = text.replace("\r\n", "\n").strip().split("\n")
    return "\n".join(line.rstrip() for line in lines)


def _printed_by(option: Option) -> str:
    return normalised("\n".join(option.output_lines))


def quoted(printed: str) -> str:
    """Printed output as an option would write it (the ``\\n`` convention), shortened."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1]
                    for c in printed.replace("\n", "\\n"))
    return "`" + (shown if len(shown) <= QUOTE_MAX else shown[:QUOTE_MAX] + "…") + "`"


def _verdict(item: Challenge, result: Run) -> Diagnostic | None:
    if result.outcome is not Outcome.PRINTED:
        return _not_run(item, result)
    keyed = [o for o in item.options if o.correct]
    if not keyed or item.key_span is None:
        return None  # no key to check (`missing-answer-key` says so)
    printed = normalised(result.text)
    if any(_printed_by(o) == printed for o in keyed):
        return None
    key = ", ".join(o.letter for o in keyed)
    match = next((o.letter for o in item.options if _printed_by(o) == printed), None)
    fix = (f"make the option that prints it ({match}) the key, or fix the code" if match
           else "make an option that prints it the key, or fix the code")
    return error(codes.WRONG_KEY, item.key_span,
                 f"challenge {item.title!r}: the code prints {quoted(printed)}, not what "
                 f"the key ({key}) says", fix)


def _not_run(item: Challenge, result: Run) -> Diagnostic:
    why = {
        Outcome.MISSING_MODULE: f"it imports {result.text}, which is not installed here",
        Outcome.RAISED: f"it raised {result.text}",
        Outcome.REFUSED: f"it tried something the sandbox refuses: {result.text}",
        Outcome.TIMED_OUT: f"it did not finish within {result.text}",
        Outcome.LIMIT: result.text,
        Outcome.EXITED: f"it exited with status {result.text}",
    }[result.outcome]
    ran = "it was run, but its key was not checked" if result.outcome in (
        Outcome.RAISED, Outcome.EXITED) else "it was not run to the end, so its key was " \
        "not checked"
    span = item.code.span if item.code else item.span
    return note(codes.CODE_NOT_RUN, span, f"challenge {item.title!r}: {why}; {ran}")
