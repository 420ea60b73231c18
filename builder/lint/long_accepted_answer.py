"""A short answer so long that a learner will rarely type it exactly."""

from __future__ import annotations

from collections.abc import Iterator

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import ShortAnswer, Tree

from .base import Rule

MAX_WORDS = 5


def check(tree: Tree) -> Iterator[Diagnostic]:
    for _, item in tree.items():
        if not isinstance(item, ShortAnswer):
            continue
        if all(len(text.split()) > MAX_WORDS for text in item.accepted):
            yield warning(codes.LONG_ACCEPTED_ANSWER, item.key_span or item.span,
                          f"every accepted answer is over {MAX_WORDS} words: typed answers "
                          "must match exactly, so learners who know it are marked wrong",
                          "accept the key term as well, or make the item a flashcard")


RULE = Rule(codes.LONG_ACCEPTED_ANSWER, check)
