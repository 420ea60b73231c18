"""A numeric answer with three or more decimals and no tolerance: every rounding is
marked wrong."""

from __future__ import annotations

from collections.abc import Iterator

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Numeric, Tree, number_text

from .base import Rule

DECIMALS = 3  # 3.6 or 0.25 are typed as written; 0.875 is often rounded


def check(tree: Tree) -> Iterator[Diagnostic]:
    for _, item in tree.items():
        if isinstance(item, Numeric) and item.written_as == "tolerance" and \
                item.tolerance == 0 and _decimals(number_text(item.answer)) >= DECIMALS:
            yield warning(codes.NUMERIC_NO_TOLERANCE, item.key_span or item.span,
                          f"{number_text(item.answer)} must be typed exactly: a learner who "
                          "rounds it is marked wrong",
                          f"give a tolerance, e.g. `Number: {number_text(item.answer)} ± ...`, "
                          "or a range `low..high`")


def _decimals(text: str) -> int:
    """Digits after the point; a number written with an exponent counts as many."""
    if "e" in text:
        return DECIMALS
    return len(text.partition(".")[2])


RULE = Rule(codes.NUMERIC_NO_TOLERANCE, check)
