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

from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from hashlib import blake2b
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
    grams: bytes  # its content bigrams (the one word of a short one), packed: see _grams


class NearState(NamedTuple):
    """The last run, kept small (100k questions): each question's identity, its bigrams
    and its finding, in order."""

    keys: tuple[bytes, ...]
    grams: tuple[bytes, ...]
    found: tuple[Diagnostic | None, ...]


def _grams(core: str) -> bytes:
    """The content bigrams as sorted 64-bit digests: a few bytes each, where a set of
    string tuples took kilobytes a question (the digests only find candidates, which
    the comparison then checks)."""
    w = core.split()
    grams = {" ".join(p) for p in pairwise(w)} if len(w) > 1 else {" ".join(w)}
    ids = sorted(int.from_bytes(blake2b(g.encode(), digest_size=8).digest(), "little")
                 for g in grams)
    return array("Q", ids).tobytes()


def gram_ids(entry: Entry) -> array[int]:
    return array("Q", entry.grams)


def _key(entry: Entry) -> bytes:
    return blake2b(f"{entry.file}\0{entry.line}\0{entry.text}\0{entry.core}".encode(),
                   digest_size=16).digest()


def entries(page: Page) -> list[Entry]:
    out = []
    for item in page.items:
        text = normal(identity_text(item))
        core = " ".join(t for t in text.split() if t not in STOPWORDS)
        out.append(Entry(text, core, item.span.file, item.span.start, _grams(core)))
    return out


def check(tree: Tree) -> Iterator[Diagnostic]:
    return iter(find([e for page in tree.pages for e in entries(page)])[0])


def find(found: Sequence[Entry], before: NearState | None = None,
         ) -> tuple[list[Diagnostic], NearState]:
    """Each question's finding, and the state the next run can start from."""
    keys = tuple(_key(e) for e in found)
    kept = _unaffected(keys, found, before)
    index: dict[int, list[int]] = {}
    results: list[Diagnostic | None] = []
    for b, entry in enumerate(found):
        # Earlier questions sharing content bigrams with this one (the index is built in
        # full every run: it is cheap, and the common-bigram cap depends on it).
        grams = gram_ids(entry)
        lists = []
        for g in grams:
            members = index.get(g)
            if members is None:
                index[g] = [b]
                continue
            if len(members) <= COMMON:
                lists.append(members)
            members.append(b)
        if before is not None and b in kept:
            results.append(before.found[kept[b]])
        else:
            results.append(_match(found, b, lists, len(grams)) if lists else None)
    state = NearState(keys, tuple(e.grams for e in found), tuple(results))
    return [d for d in results if d is not None], state


def _match(found: Sequence[Entry], b: int, lists: list[list[int]],
           grams: int) -> Diagnostic | None:
    # "What is data parallelism?" and "What is model parallelism?" share most letters but
    # not their point: the content words must match as closely as the whole text. Two
    # shared bigrams (or all of a short question's) come before the costlier comparison.
    entry = found[b]
    need = min(2, grams)
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


def _unaffected(keys: tuple[bytes, ...], found: Sequence[Entry],
                before: NearState | None) -> dict[int, int]:
    """Positions whose finding stands from ``before`` (with their place there): the
    question is unchanged, shares no bigram with a changed one, and the unchanged
    questions kept their order."""
    if before is None:
        return {}
    old = {k: i for i, k in enumerate(before.keys)}
    new = set(keys)
    if [k for k in before.keys if k in new] != [k for k in keys if k in old]:
        return {}  # pages moved: what comes first changed
    touched: set[int] = set()
    for i, k in enumerate(before.keys):
        if k not in new:
            touched.update(array("Q", before.grams[i]))
    for b, k in enumerate(keys):
        if k not in old:
            touched.update(gram_ids(found[b]))
    return {b: old[k] for b, k in enumerate(keys)
            if k in old and touched.isdisjoint(gram_ids(found[b]))}


RULE = Rule(codes.NEAR_DUPLICATE, check, tree_wide=True)
