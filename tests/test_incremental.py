"""Builds from the cache: an edit rebuilds only what it touches, and the output is byte
for byte what a clean build gives, for every format."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import cast

import pytest

from builder.build import build
from builder.writers.options import GiftOptions, HtmlOptions, Options

from .conftest import FIXTURES, NO_PDF, SAMPLE, TEMPLATES
from .test_atomic import snapshot


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the sample (the build writes its Anki lock beside it) and the
    media fixture, as two folders of one source tree."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    src = tmp_path / "source"
    shutil.copytree(SAMPLE, src)
    shutil.copytree(FIXTURES / "media", src / "media")
    return src


def _edit(page: Path, old: str, new: str) -> None:
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")


def _same_as_clean(src: Path, out: Path, tmp: Path) -> None:
    clean = tmp / "clean"
    assert build(src, clean, TEMPLATES, options=NO_PDF, keep_going=True).ok
    assert snapshot(out) == snapshot(clean)


def test_edit_rebuilds_one_page_and_matches_a_clean_build(tree: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "dist"
    first = build(tree, out, TEMPLATES, options=NO_PDF, keep_going=True, cache=cache)
    assert first.ok and first.work["reused"] == 0
    pages, units = first.work["read"], first.work["compiled"]
    assert pages >= 2 and units == pages * len(first.outputs)
    again = build(tree, out, TEMPLATES, options=NO_PDF, keep_going=True, cache=cache)
    assert again.work == {"reused": units}, "an unchanged tree must come wholly from the cache"

    page = next(tree.glob("pytorch/*.txt"))
    _edit(page, "?", "? (edited)")
    edited = build(tree, out, TEMPLATES, options=NO_PDF, keep_going=True, cache=cache)
    # One page read, one unit per writer compiled: nothing else is done again.
    assert edited.work == {"read": 1, "compiled": len(edited.outputs),
                           "reused": units - len(edited.outputs)}, edited.work
    assert "(edited)" in (out / "model.json").read_text(encoding="utf-8")
    _same_as_clean(tree, out, tmp_path)


def test_edited_image_is_seen(tree: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "dist"
    assert build(tree, out, TEMPLATES, options=NO_PDF, keep_going=True, cache=cache).ok
    image = tree / "media" / "img" / "lens.png"
    image.write_bytes(image.read_bytes() + b"\0")
    build(tree, out, TEMPLATES, options=NO_PDF, keep_going=True, cache=cache)
    _same_as_clean(tree, out, tmp_path)
    image.unlink()
    missing = build(tree, out, TEMPLATES, options=NO_PDF, cache=cache)
    assert not missing.ok
    assert any(d.code == "missing-image" for d in missing.diagnostics)


def test_template_edit_invalidates(tree: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    cache, out = tmp_path / "cache", tmp_path / "dist"
    assert build(tree, out, templates, formats=["gift"], cache=cache, keep_going=True).ok
    sheet = templates / "gift" / next(p.name for p in (templates / "gift").iterdir())
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after = build(tree, out, templates, formats=["gift"], cache=cache, keep_going=True)
    assert after.work["reused"] == 0 and after.work["compiled"] == after.work["read"] > 0


def test_tampered_entries_are_misses(tree: Path, tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "dist"
    first = build(tree, out, TEMPLATES, options=NO_PDF, keep_going=True, cache=cache)
    for entry in cache.glob("*/*/*"):
        data = bytearray(entry.read_bytes())
        data[-1] ^= 1
        entry.write_bytes(bytes(data))
    again = build(tree, out, TEMPLATES, options=NO_PDF, keep_going=True, cache=cache)
    assert again.work["reused"] == 0 and again.work["read"] == first.work["read"]
    _same_as_clean(tree, out, tmp_path)


def test_workers_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from benchmarks.generate import write_tree

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_tree(300, tmp_path)  # ten pages
    src = tmp_path / "source"
    one = build(src, tmp_path / "one", TEMPLATES, options=NO_PDF, jobs=1)
    two = build(src, tmp_path / "two", TEMPLATES, options=NO_PDF, jobs=2,
                cache=tmp_path / "cache")
    assert one.ok and two.ok
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert [d.text() for d in one.diagnostics] == [d.text() for d in two.diagnostics]


def test_pages_whose_outputs_would_collide_are_refused(tmp_path: Path) -> None:
    # `a-b.txt` and `a/b.txt` both slugify to `a-b`: one would overwrite the other's files.
    page = next(SAMPLE.glob("pytorch/*.txt")).read_text(encoding="utf-8")
    src = tmp_path / "source"
    (src / "a").mkdir(parents=True)
    (src / "a-b.txt").write_text(page, encoding="utf-8")
    (src / "a" / "b.txt").write_text(page.replace("Id: ", "Id: other-"), encoding="utf-8")
    refused = build(src, tmp_path / "dist", TEMPLATES, options=NO_PDF)
    clash = [d for d in refused.diagnostics if d.code == "duplicate-slug"]
    assert not refused.ok and [d.file for d in clash] == [f"{src.as_posix()}/a/b.txt"]
    kept = build(src, tmp_path / "dist", TEMPLATES, options=NO_PDF, keep_going=True)
    pages = cast(list[dict[str, object]], kept.manifest["pages"])
    assert [p["path"] for p in pages] == ["a-b.txt"]


def test_output_edited_by_hand_is_written_again(tree: Path, tmp_path: Path) -> None:
    # Unchanged files are hard-linked from the last build, but only while they are as
    # that build left them.
    cache, out = tmp_path / "cache", tmp_path / "dist"
    assert build(tree, out, TEMPLATES, options=NO_PDF, keep_going=True, cache=cache).ok
    clean = snapshot(out)
    page = next((out / "gift" / "pages").iterdir())
    page.write_text("edited by hand", encoding="utf-8")
    (out / "model.json").write_text("{}", encoding="utf-8")
    lock = tree.parent / "source.lock.json"
    lock.unlink()
    assert build(tree, out, TEMPLATES, options=NO_PDF, keep_going=True, cache=cache).ok
    assert snapshot(out) == clean
    assert lock.is_file()


def test_options_recompile_only_their_own_writer(tree: Path, tmp_path: Path) -> None:
    # Link-only options (the PDFs' paper) compile nothing again; a writer's own compile
    # option (GIFT's flashcards) compiles that writer's units alone.
    cache, out = tmp_path / "cache", tmp_path / "dist"
    first = build(tree, out, TEMPLATES, options=NO_PDF, keep_going=True, cache=cache)
    units, pages = first.work["compiled"], first.work["read"]
    letter = Options(html=HtmlOptions(pdf=False, paper="letter"))
    again = build(tree, out, TEMPLATES, options=letter, keep_going=True, cache=cache)
    assert again.work == {"reused": units}
    no_cards = Options(gift=GiftOptions(flashcards=False), html=HtmlOptions(pdf=False))
    gift = build(tree, out, TEMPLATES, options=no_cards, keep_going=True, cache=cache)
    assert gift.work == {"compiled": pages, "reused": units - pages}, gift.work
