"""Questions across the whole tree that are (nearly) the same question.

Candidate pairs share a bigram of content words (an inverted index), so the cost grows
with the number of items, not its square; very common bigrams are skipped. Each later
question is reported once, against the first one it repeats.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from rapidfuzz.fuzz import ratio

from builder.diagnostics import Diagnostic, warning
from builder.model import Challenge, Flashcard, Item, MultipleChoice, OpenPrompt, Tree

from .base import STOPWORDS, Rule, normal

THRESHOLD = 90.0  # percent alike, on the whole question and again on its content words
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
    for b, core in enumerate(cores):
        w = core.split()
        grams = {tuple(w[k:k + 2]) for k in range(max(len(w) - 1, 1))}
        # Earlier questions sharing content bigrams with this one; two shared bigrams
        # (or all of a short question's) are needed before the costlier comparison.
        shared: Counter[int] = Counter()
        for g in grams:
            members = index[g]
            if len(members) <= COMMON:
                shared.update(members)
            members.append(b)
        need = min(2, len(grams))
        for a in sorted(n for n, hits in shared.items() if hits >= need):
            if not (ratio(texts[a], texts[b], score_cutoff=THRESHOLD)
                    and ratio(cores[a], cores[b], score_cutoff=THRESHOLD)):
                continue
            first, second = items[a], items[b]
            yield warning("near-duplicate", second.span.model_copy(
                update={"end": second.span.start}),
                f"this question nearly repeats the one at "
                f"{first.span.file}:{first.span.start}",
                "merge them, or make each ask something different")
            break


RULE = Rule("near-duplicate", "near-duplicate questions across the tree", check)
