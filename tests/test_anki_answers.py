"""The answer kinds (true or false, numbers, short answers, cloze, matching) in Anki,
proved by importing the packages with Anki itself and rendering every card with its own
template engine (``render_output``: rslib's cloze filter and ``{{type:}}`` handling)."""

from __future__ import annotations

import html
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from anki.collection import Collection

from builder.lock import lock_path
from builder.writers.anki.note_types import ANSWER_NOTE_TYPES, NOTE_TYPES
from builder.writers.anki.notes import stable_guid

from .anki_helpers import (
    build_anki,
    card_problems,
    collection,
    copy_sample,
    import_package,
    our_note_types,
    visible_text,
)
from .conftest import FIXTURES

if TYPE_CHECKING:  # anki.cards imported before anki.collection is a circular import
    from anki.cards import Card

pytestmark = pytest.mark.consumer

KINDS = FIXTURES / "consumers" / "answer-kinds"
PAGE = Path("git") / "answer-kinds.txt"
PACKAGE = Path("anki") / "all.apkg"
# (item id, blank answers in order, hints) of the fixture's cloze passages.
CLOZES = {"git-kinds-objects": (("blobs", "trees"), (None, "they list names and modes")),
          "git-kinds-branch": (("commit",), (None,))}
PAIRS = {"git-kinds-areas": {"git add": "the index", "git commit": "the history",
                             "git checkout -- file": "the working tree"},
         "git-kinds-object-types": {"blob": "a file's bytes",
                                    "tree": "names of blobs and trees",
                                    "commit": "a tree, its parents and a message"}}


def _tree(tmp: Path) -> Path:
    src = tmp / "src"
    shutil.copytree(KINDS, src)
    return src


@pytest.fixture(scope="module")
def kinds_col(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collection]:
    tmp = tmp_path_factory.mktemp("anki-kinds")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        result = build_anki(_tree(tmp), tmp / "dist")
    found = sorted(d.code for d in result.diagnostics if d.code.startswith("anki-"))
    assert found == ["anki-distractors", "anki-typed-answer"]  # once each, not per item
    with collection() as col:
        counts = import_package(col, tmp / "dist" / PACKAGE)
        assert (counts.new, counts.updated, counts.conflicting) == (15, 0, 0)
        yield col


def _sides(card: Card) -> tuple[str, str]:
    out = card.render_output(reload=True)
    return html.unescape(visible_text(out.question_text)), html.unescape(
        visible_text(out.answer_text))


def _cards(col: Collection, item_id: str) -> list[Card]:
    return sorted((col.get_card(c) for c in col.find_cards(f'"Id:{item_id}"')),
                  key=lambda c: c.ord)


def test_every_card_renders(kinds_col: Collection) -> None:
    col = kinds_col
    # 9 items of one note each, 6 pairs; the two-blank passage has two cards.
    assert (col.note_count(), col.card_count()) == (15, 16)
    assert our_note_types(col) == sorted(nt.name for nt in ANSWER_NOTE_TYPES)
    assert card_problems(col) == []
    cloze = col.models.by_name("Study Builder: Cloze")
    assert cloze is not None and cloze["type"] == 1  # Anki's cloze kind, not front/back


@pytest.mark.parametrize("item_id", sorted(CLOZES))
def test_cloze_cards_hide_their_blank(kinds_col: Collection, item_id: str) -> None:
    answers, hints = CLOZES[item_id]
    cards = _cards(kinds_col, item_id)
    assert [c.ord for c in cards] == list(range(len(answers)))  # a card per blank
    for card, answer, hint in zip(cards, answers, hints, strict=True):
        front, back = _sides(card)
        assert answer not in front.split(), (answer, front)
        assert f"[{hint}]" in front if hint else "[...]" in front
        assert answer in back.split() and "[...]" not in back
        others = [a for a in answers if a != answer]
        assert all(a in front.split() for a in others)  # the other blanks shown


def test_cloze_back_has_the_explanation(kinds_col: Collection) -> None:
    _front, back = _sides(_cards(kinds_col, "git-kinds-objects")[0])
    assert back.endswith("A tree maps each name to a blob or to another tree.")


def test_short_answer_types_the_first_accepted(kinds_col: Collection) -> None:
    col = kinds_col
    (card,) = _cards(col, "git-kinds-ahead")
    out = card.render_output(reload=True)
    # Anki leaves the box's place for the reviewer, which puts an <input> there.
    assert "[[type:Answer]]" in out.question_text
    expected = card.note()["Answer"]
    right = col.compare_answer(expected, "git log origin/main..HEAD")
    assert "typeBad" not in right and "typeMissed" not in right
    # Anki compares with one text only: the second accepted answer shows as wrong, which
    # is why the back lists them all (anki-typed-answer).
    assert "typeBad" in col.compare_answer(expected, "git log @{u}..")
    _front, back = _sides(card)
    assert "Accepted answers: git log origin/main..HEAD git log @{u}.. " in back
    assert "Case does not matter." in back
    (single,) = _cards(col, "git-kinds-ignore-file")
    assert "Accepted answer: .gitignore Case matters." in _sides(single)[1]


@pytest.mark.parametrize(("item_id", "answer"), [
    ("git-kinds-parent", "True Each commit names its parent by hash"),
    ("git-kinds-stash", "False"),
    ("git-kinds-sha1-length", "Answer: 40 SHA-1 gives 160 bits"),
    ("git-kinds-big-file", "Answer: 512 ± 0.5 MB Any number from 511.5 to 512.5 MB is right."),
    ("git-kinds-reflog-days", "Answer: any number from 29 days to 31 days Unreachable"),
])
def test_answers_are_on_the_back_only(kinds_col: Collection, item_id: str,
                                      answer: str) -> None:
    (card,) = _cards(kinds_col, item_id)
    front, back = _sides(card)
    assert answer in back and answer not in front


@pytest.mark.parametrize("item_id", sorted(PAIRS))
def test_matching_is_a_note_per_pair(kinds_col: Collection, item_id: str) -> None:
    col = kinds_col
    cards = _cards(col, item_id)
    found = {}
    for card in cards:
        note = card.note()
        front, back = _sides(card)
        assert note["Right"] not in front and note["Right"] in back
        assert note.guid == stable_guid(f"{item_id}\n{note['Left']}", "matching")
        found[note["Left"]] = note["Right"]
    assert found == PAIRS[item_id] and len(cards) == len(found)


def _edit(src: Path, old: str, new: str) -> None:
    page = src / PAGE
    text = page.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    page.write_text(text.replace(old, new), encoding="utf-8")


def test_edited_items_update_their_notes(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src, out = _tree(tmp_path), tmp_path / "dist"
    build_anki(src, out)
    with collection() as col:
        import_package(col, out / PACKAGE)
        (nid,) = col.find_notes('"Id:git-kinds-objects"')
        assert col.note_count() == 15

        _edit(src, "as [[blobs]] and folders as [[trees | they list names and modes]].",
              "as [[blobs | not files]] and directories as [[trees | names and modes]].")
        build_anki(src, out)
        counts = import_package(col, out / PACKAGE)
        assert (counts.new, counts.updated, counts.conflicting) == (0, 1, 0)
        assert col.find_notes('"Id:git-kinds-objects"') == [nid] and col.note_count() == 15
        first, second = _cards(col, "git-kinds-objects")
        assert "directories" in _sides(first)[0] and "[not files]" in _sides(first)[0]
        assert "[names and modes]" in _sides(second)[0]

        # A third blank adds a card to the same note.
        _edit(src, "and directories as", "and [[directories]] as")
        build_anki(src, out)
        counts = import_package(col, out / PACKAGE)
        assert (counts.new, counts.updated) == (0, 1)
        cards = _cards(col, "git-kinds-objects")
        assert [c.ord for c in cards] == [0, 1, 2] and {c.nid for c in cards} == {nid}
        assert "[...]" in _sides(cards[1])[0] and "directories" not in _sides(cards[1])[0]


def test_reordered_pairs_keep_their_notes(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src, out = _tree(tmp_path), tmp_path / "dist"
    build_anki(src, out)
    with collection() as col:
        import_package(col, out / PACKAGE)
        before = set(col.find_notes('"Id:git-kinds-areas"'))
        _edit(src, "git add -> the index\ngit commit -> the history\n",
              "git commit -> the history\ngit add -> the staging area\n")
        build_anki(src, out)
        counts = import_package(col, out / PACKAGE)
        assert (counts.new, counts.updated, counts.conflicting) == (0, 1, 0)
        assert set(col.find_notes('"Id:git-kinds-areas"')) == before
        assert col.find_notes('"Right:the staging area"') and col.note_count() == 15


ESCAPES = """Title: Cloze markup
Subject: C++
Fill in the blanks
The growable array is [[std::vector | ends in }} or ::]] and a [[{{c9::x}} | a:]] is odd;
a dict maps a [[key: | before a colon]] to a value, and Anki writes {{c7::x}} itself.
Id: cpp-cloze-markup
"""


def test_cloze_markup_in_answers_is_escaped(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "cpp").mkdir(parents=True)
    (src / "cpp" / "markup.txt").write_text(ESCAPES, encoding="utf-8")
    build_anki(src, tmp_path / "dist")
    with collection() as col:
        import_package(col, tmp_path / "dist" / PACKAGE)
        first, second, third = _cards(col, "cpp-cloze-markup")
        assert card_problems(col) == []
        front, back = _sides(first)
        assert "[ends in }} or ::]" in front and "std::vector" not in front
        assert "std::vector" in back and "{{c9::x}}" in back
        front, back = _sides(second)
        assert "std::vector" in front and "[a:]" in front and "c9" not in front
        front, back = _sides(third)
        assert "[before a colon]" in front and "key:" in back.split()
        assert "writes {{c7::x}} itself." in front and col.card_count() == 3


def test_trees_without_answer_kinds_keep_their_lock(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src = copy_sample(tmp_path)
    build_anki(src, tmp_path / "dist")
    data = json.loads(lock_path(src).read_text(encoding="utf-8"))
    assert sorted(data["note_types"]) == sorted(nt.key for nt in NOTE_TYPES)
    kinds = _tree(tmp_path / "kinds")
    build_anki(kinds, tmp_path / "kinds-dist")
    data = json.loads(lock_path(kinds).read_text(encoding="utf-8"))
    assert sorted(data["note_types"]) == sorted(
        nt.key for nt in NOTE_TYPES + ANSWER_NOTE_TYPES)
    assert [k for k in data["items"] if k.startswith("git-kinds-areas")] == [
        k for k in sorted(data["items"]) if k.startswith("git-kinds-areas/")]
