"""The correct option is noticeably longer than every distractor: a give-away."""

from __future__ import annotations

from collections.abc import Iterator

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Challenge, MultipleChoice, Tree

from .base import Rule

RATIO = 1.5  # longer than this many times the distractors' mean length
MIN_GAP = 12  # and by at least this many characters more than the longest distractor


def check(tree: Tree) -> Iterator[Diagnostic]:
    for _, item in tree.items():
        if not isinstance(item, MultipleChoice | Challenge) or item.multiple:
            continue
        correct = [o for o in item.options if o.correct]
        wrong = [len(o.text) for o in item.options if not o.correct]
        if len(correct) != 1 or not wrong:
            continue
        key = correct[0]
        mean = sum(wrong) / len(wrong)
        if len(key.text) >= RATIO * mean and len(key.text) - max(wrong) >= MIN_GAP:
            yield warning(codes.LONG_CORRECT_OPTION, key.span,
                          f"the correct option {key.letter} is {len(key.text)} characters, "
                          f"the distractors {round(mean)} on average: length gives it away",
                          "shorten the key or make the distractors as specific")


RULE = Rule(codes.LONG_CORRECT_OPTION, check)
