"""A multiple-answer question whose every option is marked correct."""

from __future__ import annotations

from collections.abc import Iterator

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Challenge, MultipleChoice, Tree

from .base import Rule


def check(tree: Tree) -> Iterator[Diagnostic]:
    for _, item in tree.items():
        # Only `Answers:` questions: `Answer: A, B` is already an error (answer-count).
        if not isinstance(item, MultipleChoice | Challenge) or not item.multiple \
                or len(item.options) < 2:
            continue
        if all(o.correct for o in item.options):
            # Ticking every box is full marks in every output, so nothing is tested.
            yield warning(codes.ALL_OPTIONS_CORRECT, item.key_span or item.span,
                          f"all {len(item.options)} options are marked correct, so ticking "
                          "every box scores full marks without knowing anything",
                          "add a wrong option (a real distractor), or make the item a "
                          "flashcard")


RULE = Rule(codes.ALL_OPTIONS_CORRECT, check)
