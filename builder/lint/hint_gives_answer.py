"""A cloze blank whose hint holds its answer."""

from __future__ import annotations

from collections.abc import Iterator

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Cloze, Tree

from .base import Rule, normal


def check(tree: Tree) -> Iterator[Diagnostic]:
    for _, item in tree.items():
        if not isinstance(item, Cloze):
            continue
        for blank in item.blanks:
            answer = normal(blank.answer)
            if blank.hint and answer and f" {answer} " in f" {normal(blank.hint)} ":
                yield warning(codes.HINT_GIVES_ANSWER, blank.span,
                              f"the hint of the blank [[{blank.answer}]] holds its answer",
                              "hint at the answer without naming it")


RULE = Rule(codes.HINT_GIVES_ANSWER, check)
