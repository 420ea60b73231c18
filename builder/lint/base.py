"""What a lint rule is, and text helpers the rules share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from builder.diagnostics import Code, Diagnostic
from builder.model import Tree

_WORD = re.compile(r"\w+")
STOPWORDS = frozenset({
    "a", "an", "the", "is", "are", "was", "were", "be", "to", "of", "in", "on", "for", "and",
    "or", "with", "by", "as", "at", "it", "its", "this", "that", "what", "which", "why", "how",
    "when", "does", "do", "did", "can", "you", "your", "one",
})


@dataclass(frozen=True)
class Rule:
    finding: Code  # what it reports, from the registry
    check: Callable[[Tree], Iterator[Diagnostic]]
    # Compares items across pages; every other rule looks at one page at a time, so the
    # build can keep its findings per page between runs.
    tree_wide: bool = False

    @property
    def code(self) -> str:
        return self.finding.code

    @property
    def summary(self) -> str:
        return self.finding.summary


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def normal(text: str) -> str:
    return " ".join(words(text))


def content_words(text: str) -> set[str]:
    return {w for w in words(text) if w not in STOPWORDS}
