"""Rebuilds update the notes already in a collection, keep their history, and are stable."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import cast

import pytest
from anki.dbproxy import DBProxy

from builder.build import build
from builder.lock import Lock, lock_path
from builder.writers.anki.note_types import NOTE_TYPES
from builder.writers.anki.notes import stable_guid

from .anki_helpers import build_anki, collection, copy_sample, import_package, our_note_types
from .conftest import TEMPLATES, run_build
from .test_atomic import snapshot

pytestmark = pytest.mark.consumer

PAGE = Path("pytorch") / "ddp-basics.txt"
EDITS = [  # (old, new): an answer, an option, a hint, an explanation
    ("A single GPU: DDP launches", "One GPU: DDP starts"),
    ("Btorch.cuda.empty_cache()", "Btorch.cuda.synchronize()"),
    ("DDP hooks into autograd.", "DDP registers hooks with autograd."),
    ("`save` writes a file;", "`save` writes a checkpoint file;"),
]
EDITED = [  # (item id, note type) of the items the edits touch
    ("pytorch-ddp-basics-0c3abd53e0", "flashcard"), ("pytorch-ddp-basics-1fd92a07b6", "choice"),
    ("pytorch-ddp-basics-8741c76f18", "challenge"), ("collectives", "choice"),
]
EDITED_IDS = len(EDITED)


def _edit(src: Path, edits: list[tuple[str, str]]) -> None:
    page = src / PAGE
    text = page.read_bytes().decode("utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    page.write_bytes(text.encode("utf-8"))


def test_edits_update_notes_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A fixed SOURCE_DATE_EPOCH must not stop an edit from reaching the collection.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src, out = copy_sample(tmp_path), tmp_path / "dist"
    package = out / "anki" / "all.apkg"
    build_anki(src, out)
    with collection() as col:
        first = import_package(col, package)
        notes = col.note_count()
        assert first.new == notes == 10
        # Give one card a review history that an update must keep.
        (cid,) = col.find_cards("Back:*single*GPU*")
        col.sched.set_due_date([cid], "7")
        before = col.get_card(cid)
        reviews = cast(DBProxy, col.db).scalar("select count() from revlog where cid = ?", cid)
        assert before.type == 2 and reviews >= 1

        build_anki(src, out)
        again = import_package(col, package)
        assert (again.new, again.updated, again.conflicting) == (0, 0, 0)
        assert again.duplicate == notes  # Anki's word for "already there, not newer"

        _edit(src, EDITS)
        build_anki(src, out)
        edited = import_package(col, package)
        assert (edited.new, edited.updated, edited.conflicting) == (0, EDITED_IDS, 0)
        assert edited.duplicate == notes - EDITED_IDS and edited.first_field_match == 0
        assert col.note_count() == notes
        assert edited.updated_guids == {stable_guid(i, k) for i, k in EDITED}
        assert our_note_types(col) == sorted(nt.name for nt in NOTE_TYPES)  # no "+" copies

        after = col.get_card(cid)
        assert "One GPU" in after.note()["Back"]
        assert (after.type, after.due, after.ivl) == (before.type, before.due, before.ivl)
        assert cast(DBProxy, col.db).scalar(
            "select count() from revlog where cid = ?", cid) == reviews
        hinted = col.find_notes('"Hint:*registers hooks*"')
        option = col.find_notes('"Options:*synchronize*"')
        assert len(hinted) == len(option) == 1

        build_anki(src, out)
        unchanged = import_package(col, package)
        assert (unchanged.new, unchanged.updated, unchanged.duplicate) == (0, 0, notes)


def test_changed_templates_update_the_note_type(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    src, out = copy_sample(tmp_path), tmp_path / "dist"
    package = out / "anki" / "all.apkg"
    assert run_build(src, out, formats=["anki"], keep_going=True).ok
    with collection() as col:
        import_package(col, package)
        css = templates / "anki" / "style.css"
        css.write_text(css.read_text(encoding="utf-8") + "\n.sb-new-rule { color: red; }\n",
                       encoding="utf-8")
        assert build(src, out, templates, formats=["anki"], keep_going=True).ok
        counts = import_package(col, package)
        assert (counts.new, counts.updated, counts.conflicting) == (0, 0, 0)
        model = col.models.by_name("Study Builder: Flashcard")
        assert model is not None and ".sb-new-rule" in model["css"]
        assert our_note_types(col) == sorted(nt.name for nt in NOTE_TYPES)


def test_lock_file_is_sorted_and_rewritten_only_on_change(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src, out = copy_sample(tmp_path), tmp_path / "dist"
    build_anki(src, out)
    lock = lock_path(src)
    assert lock == tmp_path / "src.lock.json"
    data = json.loads(lock.read_text(encoding="utf-8"))
    assert list(data) == ["version", "items", "note_types"]
    assert list(data["items"]) == sorted(data["items"]) and len(data["items"]) == 10
    assert {e["mtime"] for e in data["items"].values()} == {1700000000}
    stamp = lock.stat().st_mtime_ns
    build_anki(src, out)
    assert lock.stat().st_mtime_ns == stamp  # unchanged source: not even rewritten

    _edit(src, EDITS[:1])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # a clock that went backwards
    build_anki(src, out)
    times = {k: e.mtime for k, e in Lock.load(lock).sections["items"].items()}
    assert sorted(times.values()) == [1700000000] * 9 + [1700000001]


def test_same_source_gives_the_same_bytes(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    src = copy_sample(tmp_path)
    build_anki(src, tmp_path / "a")  # the first build writes the lock
    build_anki(src, tmp_path / "b")
    first, second = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert first == second and "anki/all.apkg" in first
    with zipfile.ZipFile(tmp_path / "a" / "anki" / "all.apkg") as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_damaged_lock_is_reported_and_replaced(tmp_path: Path) -> None:
    src, out = copy_sample(tmp_path), tmp_path / "dist"
    lock = lock_path(src)
    lock.write_text("{not json", encoding="utf-8")
    result = build_anki(src, out)
    assert [d.code for d in result.diagnostics if d.code == "anki-lock"] == ["anki-lock"]
    assert len(Lock.load(lock).sections["items"]) == 10
