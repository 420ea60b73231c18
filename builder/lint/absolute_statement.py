"""A true-or-false statement with an absolute word (always, never...): test-wise learners
answer false without knowing why."""

from __future__ import annotations

from collections.abc import Iterator

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Tree, TrueFalse

from .base import Rule, words

ABSOLUTES = frozenset({"always", "never", "completely", "absolutely", "entirely",
                       "impossible", "guaranteed", "invariably"})


def check(tree: Tree) -> Iterator[Diagnostic]:
    for _, item in tree.items():
        if isinstance(item, TrueFalse):
            found = sorted(ABSOLUTES.intersection(words(item.statement)))
            if found:
                yield warning(codes.ABSOLUTE_STATEMENT, item.span.model_copy(
                    update={"end": item.span.start}),
                    f"the statement says {found[0]!r}: absolute words give a statement away "
                    "as false", "state the condition under which it holds instead")


RULE = Rule(codes.ABSOLUTE_STATEMENT, check)
