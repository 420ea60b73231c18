"""Questions across the whole tree that are (nearly) the same question.

Candidate pairs share a bigram of content words (an inverted index), so the cost grows
with the number of items, not its square; very common bigrams are skipped. Each later
question is reported once, against the first one it repeats.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from difflib import SequenceMatcher

from builder.diagnostics import Diagnostic, warning
from builder.model import Challenge, Flashcard, Item, MultipleChoice, OpenPrompt, Tree

from .base import STOPWORDS, Rule, normal

THRESHOLD = 0.9  # on the whole question, and again on its content words alone
COMMON = 50  # a trigram in more questions than this says nothing about duplication


def question_of(item: Item) -> str:
    if isinstance(item, Flashcard | MultipleChoice):
        return item.question
    if isinstance(item, OpenPrompt):
        return item.prompt
    assert isinstance(item, Challenge)
    return f"{item.title} {item.body}"


def check(tree: Tree) -> Iterator[Diagnostic]:
    items = [item for _, item in tree.items()]
    texts = [normal(question_of(i)) for i in items]
    # "What is data parallelism?" and "What is model parallelism?" share most letters but
    # not their point: the content words must match as closely as the whole text.
    cores = [" ".join(t for t in text.split() if t not in STOPWORDS) for text in texts]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for n, text in enumerate(texts):
        w = [t for t in text.split() if t not in STOPWORDS]
        grams = {tuple(w[k:k + 2]) for k in range(max(len(w) - 1, 1))}
        for g in grams:
            index[g].append(n)
    pairs: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) > COMMON:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs.add((a, b))
    reported: set[int] = set()
    for a, b in sorted(pairs):
        if b in reported:
            continue
        if SequenceMatcher(None, texts[a], texts[b]).ratio() >= THRESHOLD and \
                SequenceMatcher(None, cores[a], cores[b]).ratio() >= THRESHOLD:
            reported.add(b)
            first, second = items[a], items[b]
            yield warning("near-duplicate", second.span.model_copy(
                update={"end": second.span.start}),
                f"this question nearly repeats the one at "
                f"{first.span.file}:{first.span.start}",
                "merge them, or make each ask something different")


RULE = Rule("near-duplicate", "near-duplicate questions across the tree", check)
