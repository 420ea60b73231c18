"""A flashcard whose answer adds nothing to its question."""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz.fuzz import ratio

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Flashcard, MultipleChoice, Tree

from .base import Rule, content_words, normal


def check(tree: Tree) -> Iterator[Diagnostic]:
    for _, item in tree.items():
        if isinstance(item, Flashcard):
            question, answer = item.question, item.answer
        elif isinstance(item, MultipleChoice) and item.options_lost and item.explanation:
            question, answer = item.question, item.explanation  # built as a flashcard
        else:
            continue
        new = content_words(answer) - content_words(question)
        similar = ratio(normal(question), normal(answer), score_cutoff=85.0) > 0
        if similar or not new:
            yield warning(codes.ANSWER_REPEATS_QUESTION, item.span,
                          "the answer only repeats the question",
                          "say what the learner should recall: a fact, a reason, an example")


RULE = Rule(codes.ANSWER_REPEATS_QUESTION, check)
