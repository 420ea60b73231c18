"""Two options of one question that differ only trivially."""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz.fuzz import ratio

from builder.diagnostics import Diagnostic, warning
from builder.model import Challenge, MultipleChoice, Tree

from .base import Rule, normal

THRESHOLD = 92.0  # percent alike


def check(tree: Tree) -> Iterator[Diagnostic]:
    for _, item in tree.items():
        if not isinstance(item, MultipleChoice | Challenge):
            continue
        if any(o.is_output for o in item.options):
            continue  # printed outputs differ in a digit or two by design
        texts = [(o, normal(o.text)) for o in item.options]
        for i, (a, na) in enumerate(texts):
            for b, nb in texts[i + 1:]:
                if a.text.strip().casefold() == b.text.strip().casefold():
                    continue  # exact repeats are the `duplicate-option` error
                if not na or not nb:
                    continue  # all punctuation: nothing to compare
                if na == nb or (min(len(na), len(nb)) >= 8 and
                                ratio(na, nb, score_cutoff=THRESHOLD) > 0):
                    yield warning("similar-options", b.span,
                                  f"options {a.letter} and {b.letter} say nearly the same",
                                  "make the options clearly distinct")


RULE = Rule("similar-options", "options that are not distinct", check)
