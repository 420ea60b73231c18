"""Near-duplicate detection from the last run's state finds exactly what a run from
scratch finds, whatever was edited, added, removed or moved since."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate import ITEMS_PER_PAGE, write_tree
from builder.build import check
from builder.diagnostics import Diagnostic
from builder.lint import near_duplicate
from builder.lint.base import STOPWORDS, normal
from builder.lint.near_duplicate import Entry, find

from .conftest import TEMPLATES

# Few words, so that many questions share bigrams and many are near-duplicates.
WORDS = ("rank", "gradient", "bucket", "shard", "replica", "device", "what", "is", "the")


def _entry(words: list[str], file: str, line: int) -> Entry:
    text = normal(" ".join(words))
    core = " ".join(t for t in text.split() if t not in STOPWORDS)
    return Entry(text, core, file, line, near_duplicate._grams(core))


questions = st.lists(st.lists(st.sampled_from(WORDS), min_size=2, max_size=7),
                     min_size=1, max_size=40)


def _tree(qs: list[list[str]]) -> list[Entry]:
    return [_entry(q, f"p{n // 5}.txt", n % 5 + 1) for n, q in enumerate(qs)]


@settings(max_examples=150, deadline=None)
@given(questions, questions, st.integers(0, 40), st.integers(0, 40), st.booleans())
def test_from_the_last_state_is_the_same_as_from_scratch(
        before: list[list[str]], new: list[list[str]], at: int, cut: int, move: bool) -> None:
    old = _tree(before)
    _, state = find(old)
    # An edit: part of the old tree, new questions spliced in, part removed, maybe moved.
    edited = [*old[:at], *_tree(new)[: max(1, len(new) // 3)], *old[at + cut:]]
    if move and len(edited) > 2:
        edited = [*edited[len(edited) // 2:], *edited[: len(edited) // 2]]
    fresh, _ = find(edited)
    again, _ = find(edited, state)
    assert [d.text() for d in again] == [d.text() for d in fresh]


def test_an_unrelated_edit_reuses_every_other_finding() -> None:
    qs = [["what", "is", "rank", "gradient", "bucket"], ["what", "is", "rank", "gradient",
                                                         "buckets"],
          ["shard", "replica", "device"], ["the", "shard", "replica", "device"]]
    old = _tree(qs)
    first, state = find(old)
    assert len(first) == 1  # the shard questions (the bucket pair shares one bigram only)
    edited = [*old[:2], _entry(["device", "bucket"], "p9.txt", 1), *old[2:]]
    again, _ = find(edited, state)
    assert [d.text() for d in again] == [d.text() for d in find(edited)[0]]


def test_a_check_after_one_edit_compares_only_what_it_can_affect(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(10 * ITEMS_PER_PAGE, tmp_path / "t")
    source, cache = tmp_path / "t" / "source", tmp_path / "cache"
    check([source], TEMPLATES, cache=cache, jobs=1)
    page = sorted(source.rglob("*.txt"))[4]
    page.write_text(page.read_text(encoding="utf-8").replace("?", " (reworded)?", 1),
                    encoding="utf-8")
    compared: list[int] = []
    real = near_duplicate._match

    def counting(found: Sequence[Entry], b: int, lists: list[list[int]],
                 grams: int) -> Diagnostic | None:
        compared.append(b)
        return real(found, b, lists, grams)

    monkeypatch.setattr(near_duplicate, "_match", counting)
    again = check([source], TEMPLATES, cache=cache, jobs=1)
    incremental = len(compared)
    compared.clear()
    scratch = check([source], TEMPLATES, jobs=1)  # no cache: every question compared
    assert again.diagnostics == scratch.diagnostics
    assert 0 < incremental < len(compared) / 2
