"""Questions across the whole tree that are (nearly) the same question.

Candidate pairs share a bigram of content words (an inverted index), so the cost grows
with the number of items, not its square; very common bigrams are skipped. Each later
question is reported once, against the first one it repeats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import chain, pairwise
from typing import NamedTuple

from rapidfuzz.fuzz import ratio

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Page, Span, Tree, identity_text

from .base import STOPWORDS, Rule, normal

THRESHOLD = 90.0  # percent alike, on the whole question and again on its content words
COMMON = 50  # a trigram in more questions than this says nothing about duplication


class Entry(NamedTuple):
    """One question as this rule compares it (builds keep one per item between runs)."""

    text: str  # normalised words
    core: str  # its content words
    file: str
    line: int


def entries(page: Page) -> list[Entry]:
    out = []
    for item in page.items:
        text = normal(identity_text(item))
        core = " ".join(t for t in text.split() if t not in STOPWORDS)
        out.append(Entry(text, core, item.span.file, item.span.start))
    return out


def check(tree: Tree) -> Iterator[Diagnostic]:
    return find([e for page in tree.pages for e in entries(page)])


def find(found: Sequence[Entry]) -> Iterator[Diagnostic]:
    # "What is data parallelism?" and "What is model parallelism?" share most letters but
    # not their point: the content words must match as closely as the whole text.
    index: dict[tuple[str, ...], list[int]] = {}
    for b, (text, core, file, line) in enumerate(found):
        w = core.split()
        grams = set(pairwise(w)) if len(w) > 1 else {tuple(w)}
        # Earlier questions sharing content bigrams with this one; two shared bigrams
        # (or all of a short question's) are needed before the costlier comparison.
        lists = []
        for g in grams:
            members = index.get(g)
            if members is None:
                index[g] = [b]
                continue
            if len(members) <= COMMON:
                lists.append(members)
            members.append(b)
        if not lists:
            continue
        need = min(2, len(grams))
        shared = Counter(chain.from_iterable(lists))
        for a in sorted(n for n, hits in shared.items() if hits >= need and n != b):
            first = found[a]
            if not (ratio(first.text, text, score_cutoff=THRESHOLD)
                    and ratio(first.core, core, score_cutoff=THRESHOLD)):
                continue
            yield warning(codes.NEAR_DUPLICATE, Span(file=file, start=line, end=line),
                          f"this question nearly repeats the one at {first.file}:{first.line}",
                          "merge them, or make each ask something different")
            break


RULE = Rule(codes.NEAR_DUPLICATE, check, tree_wide=True)
