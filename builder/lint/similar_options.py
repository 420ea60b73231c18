"""Two options of one question that differ only trivially.

Options that are alike on the whole can still differ where it matters: "O(log n) for
every built-in container" and "O(1) for every built-in container" share nearly all their
letters, and the question is exactly which one is right. So a pair is reported only when
what differs is trivial: case, punctuation, an article, or the spelling of a word (a
plural, a typo). A differing number, a negation, or any other word makes them distinct.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher

from rapidfuzz.fuzz import ratio

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Challenge, MultipleChoice, Option, Tree

from .base import Rule, normal

THRESHOLD = 92.0  # percent alike, on the whole text
SPELLING = 80.0  # percent alike for two words to count as one word spelt differently
EXCERPT = 40  # characters of each option quoted in the message

_TOKEN = re.compile(r"\w+(?:'\w+)*")
_ARTICLES = frozenset({"a", "an", "the"})
_NEGATIONS = frozenset({"not", "no", "never", "none", "nothing", "neither", "nor", "cannot",
                        "without", "non", "nobody", "nowhere"})


def check(tree: Tree) -> Iterator[Diagnostic]:
    for _, item in tree.items():
        if not isinstance(item, MultipleChoice | Challenge):
            continue
        if any(o.is_output for o in item.options):
            continue  # printed outputs differ in a digit or two by design
        texts = [(o, normal(o.text)) for o in item.options]
        for i, (a, na) in enumerate(texts):
            for b, nb in texts[i + 1:]:
                if a.text.strip().casefold() == b.text.strip().casefold():
                    continue  # exact repeats are the `duplicate-option` error
                if not na or not nb:
                    continue  # all punctuation: nothing to compare
                if na == nb or (min(len(na), len(nb)) >= 8
                                and ratio(na, nb, score_cutoff=THRESHOLD) > 0
                                and trivially_different(a.text, b.text)):
                    yield warning(
                        codes.SIMILAR_OPTIONS, b.span,
                        f"options {a.letter} and {b.letter} say nearly the same: "
                        f"{a.letter} {_excerpt(a)} and {b.letter} {_excerpt(b)}",
                        f"make them clearly distinct: reword {b.letter} into a real "
                        f"alternative, or delete it")


def trivially_different(a: str, b: str) -> bool:
    """Do ``a`` and ``b`` differ only in articles and in the spelling of words?"""
    ta, tb = _tokens(a), _tokens(b)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        left, right = ta[i1:i2], tb[j1:j2]
        changed = [t for t in left + right if t not in _ARTICLES]
        if any(_meaningful(t) for t in changed):
            return False
        if tag != "replace":
            if changed:
                return False  # a word added or left out
            continue
        words_a = [t for t in left if t not in _ARTICLES]
        words_b = [t for t in right if t not in _ARTICLES]
        if len(words_a) != len(words_b) or not all(
                _spelt_alike(x, y) for x, y in zip(words_a, words_b, strict=True)):
            return False
    return True


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _meaningful(token: str) -> bool:
    """A number (O(1), 8 GPUs) or a negation changes what an option says."""
    return any(c.isdigit() for c in token) or token in _NEGATIONS or token.endswith("n't")


def _spelt_alike(x: str, y: str) -> bool:
    # The same start keeps "valid" apart from "invalid" and "upper" from "lower"; the
    # same word with another ending ("gradient", "gradients") or a typo is alike.
    return x[:2] == y[:2] and ratio(x, y) >= SPELLING


def _excerpt(option: Option) -> str:
    text = " ".join(option.text.split())
    if len(text) > EXCERPT:
        text = text[: EXCERPT - 1].rstrip() + "…"
    return f"“{text}”"


RULE = Rule(codes.SIMILAR_OPTIONS, check)
