"""Questions across the whole tree that are (nearly) the same question.

Candidate pairs share a bigram of content words (an inverted index), so the cost grows
with the number of items, not its square; very common bigrams are skipped. Each later
question is reported once, against the first one it repeats.

A build keeps the last run's :class:`NearState` in its cache: a question whose own text
and place are unchanged, and that shares no bigram with any question added, removed or
changed since, has the same finding as before, so an edit to one page compares only the
questions it can affect.
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


Gram = tuple[str, ...]


class Entry(NamedTuple):
    """One question as this rule compares it (builds keep one per item between runs)."""

    text: str  # normalised words
    core: str  # its content words
    file: str
    line: int
    grams: frozenset[Gram]  # bigrams of the content words (the one word of a short one)


class NearState(NamedTuple):
    """The last run: its questions in order, and each one's finding."""

    entries: tuple[Entry, ...]
    found: dict[Entry, Diagnostic | None]


def entries(page: Page) -> list[Entry]:
    out = []
    for item in page.items:
        text = normal(identity_text(item))
        core = " ".join(t for t in text.split() if t not in STOPWORDS)
        w = core.split()
        grams = frozenset(pairwise(w)) if len(w) > 1 else frozenset({tuple(w)})
        out.append(Entry(text, core, item.span.file, item.span.start, grams))
    return out


def check(tree: Tree) -> Iterator[Diagnostic]:
    return iter(find([e for page in tree.pages for e in entries(page)])[0])


def find(found: Sequence[Entry], before: NearState | None = None,
         ) -> tuple[list[Diagnostic], NearState]:
    """Each question's finding, and the state the next run can start from."""
    keep = _unaffected(found, before)
    index: dict[Gram, list[int]] = {}
    results: dict[Entry, Diagnostic | None] = {}
    for b, entry in enumerate(found):
        # Earlier questions sharing content bigrams with this one (the index is built in
        # full every run: it is cheap, and the common-bigram cap depends on it).
        lists = []
        for g in entry.grams:
            members = index.get(g)
            if members is None:
                index[g] = [b]
                continue
            if len(members) <= COMMON:
                lists.append(members)
            members.append(b)
        if before is not None and b in keep:
            results[entry] = before.found[entry]
        else:
            results[entry] = _match(found, b, lists) if lists else None
    return [d for d in results.values() if d is not None], NearState(tuple(found), results)


def _match(found: Sequence[Entry], b: int, lists: list[list[int]]) -> Diagnostic | None:
    # "What is data parallelism?" and "What is model parallelism?" share most letters but
    # not their point: the content words must match as closely as the whole text. Two
    # shared bigrams (or all of a short question's) come before the costlier comparison.
    entry = found[b]
    need = min(2, len(entry.grams))
    shared = Counter(chain.from_iterable(lists))
    for a in sorted(n for n, hits in shared.items() if hits >= need and n != b):
        first = found[a]
        if not (ratio(first.text, entry.text, score_cutoff=THRESHOLD)
                and ratio(first.core, entry.core, score_cutoff=THRESHOLD)):
            continue
        return warning(codes.NEAR_DUPLICATE, Span(file=entry.file, start=entry.line,
                                                  end=entry.line),
                       f"this question nearly repeats the one at {first.file}:{first.line}",
                       "merge them, or make each ask something different")
    return None


def _unaffected(found: Sequence[Entry], before: NearState | None) -> set[int]:
    """Positions whose finding stands from ``before``: the question is unchanged, shares
    no bigram with a changed one, and the unchanged questions kept their order."""
    if before is None:
        return set()
    old, new = set(before.entries), set(found)
    changed = old ^ new
    if [e for e in before.entries if e in new] != [e for e in found if e in old]:
        return set()  # pages moved: what comes first changed
    touched = set().union(*(e.grams for e in changed)) if changed else set()
    return {b for b, e in enumerate(found) if e in old and touched.isdisjoint(e.grams)}


RULE = Rule(codes.NEAR_DUPLICATE, check, tree_wide=True)
