"""A keyed question (choice, challenge or an answer kind) with no explanation."""

from __future__ import annotations

from collections.abc import Iterator

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import (
    AnswerKind,
    Challenge,
    MultipleChoice,
    Tree,
)

from .base import Rule


def check(tree: Tree) -> Iterator[Diagnostic]:
    for _, item in tree.items():
        # An empty or misspelt `Explanation:` line was reported by the reader: the
        # explanation is owed there ("" or the misspelt line's text), not missing.
        keyed = isinstance(item, AnswerKind) or (
            isinstance(item, MultipleChoice | Challenge) and bool(item.options)
            and bool(item.correct_letters))
        if keyed and getattr(item, "explanation", "") is None:
            yield warning(codes.MISSING_EXPLANATION, item.span.model_copy(
                update={"end": item.span.start}),
                "this question has no explanation, so a learner who gets it wrong learns "
                "nothing", "add a line `Explanation: ...` saying why the key is right")


RULE = Rule(codes.MISSING_EXPLANATION, check)
