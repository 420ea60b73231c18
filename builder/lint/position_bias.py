"""Most answer keys of a page on the same letter: learners learn the letter."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Challenge, MultipleChoice, Span, Tree

from .base import Rule

MIN_QUESTIONS = 4


def check(tree: Tree) -> Iterator[Diagnostic]:
    for page in tree.pages:
        keys = [item.correct_letters[0] for item in page.items
                if isinstance(item, MultipleChoice | Challenge)
                and len(item.correct_letters) == 1 and len(item.options) >= 3]
        if len(keys) < MIN_QUESTIONS:
            continue
        letter, count = Counter(keys).most_common(1)[0]
        if count * 2 > len(keys):
            yield warning(codes.ANSWER_POSITION_BIAS,
                          Span(file=page.span.file, start=1, end=1),
                          f"{count} of the {len(keys)} single-answer questions on this page "
                          f"have the key {letter}",
                          "reorder options so the correct letters are spread out "
                          "(or `Allow: answer-position-bias` in the page header)")


RULE = Rule(codes.ANSWER_POSITION_BIAS, check)
