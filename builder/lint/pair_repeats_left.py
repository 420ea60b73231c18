"""A matching pair whose right side repeats its left side: it matches itself."""

from __future__ import annotations

from collections.abc import Iterator

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Matching, Tree

from .base import Rule, normal


def check(tree: Tree) -> Iterator[Diagnostic]:
    for _, item in tree.items():
        if not isinstance(item, Matching):
            continue
        for pair in item.pairs:
            left = normal(pair.left)
            if left and f" {left} " in f" {normal(pair.right)} ":
                yield warning(codes.PAIR_REPEATS_LEFT, pair.span,
                              f"the right side repeats {pair.left!r}, so the pair gives itself "
                              "away", "describe it without naming the left side")


RULE = Rule(codes.PAIR_REPEATS_LEFT, check)
