"""Anki packages: the whole tree as one deck hierarchy, and one package per page.

genanki writes the collection; this module makes its bytes depend on the source alone:
note and card ids derive from item ids, note times come from the lock file (so a note
looks newer to Anki exactly when its content changed), note type times likewise, and
the zip is written with fixed member times.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import genanki  # type: ignore[import-untyped]

from builder.diagnostics import warning
from builder.lock import Lock, lock_path, now
from builder.model import Span
from builder.render import code_css

from ._anki_media import Media
from ._anki_notes import FOLDER, NOTE_TYPES, Fields, NoteData, NoteType, note_for, stable_id
from .base import BuildContext, Writer, write_zip

OUT = "anki"
ALL = f"{OUT}/all.apkg"


class _Note(genanki.Note):  # type: ignore[misc]
    """A genanki note whose ids and time are ours rather than the clock's."""

    def __init__(self, data: NoteData, model: genanki.Model, mtime: int, due: int) -> None:
        super().__init__(model=model, fields=list(data.fields), tags=list(data.tags),
                         guid=data.guid, due=due)
        self.mtime = mtime
        self.first_id = stable_id("note", data.guid)

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        # genanki takes the note id, then one id per card, from id_gen: make them ours.
        super().write_to_db(cursor, self.mtime, deck_id, itertools.count(self.first_id))


@dataclass(frozen=True)
class _Built:
    note: NoteData
    mtime: int
    due: int


class AnkiWriter(Writer):
    name = "anki"
    description = "Anki packages (.apkg): the whole tree, and one per page"
    order = 20

    def write(self, ctx: BuildContext) -> list[str]:
        fields = Fields(ctx.templates)
        media = Media(ctx)
        notes: list[tuple[str, NoteData]] = []
        for page, item in ctx.tree.items():
            note, diags = note_for(page, item, fields)
            ctx.report.extend(diags)
            notes.append((page.slug, media.rewrite(note, page, item)))

        lock = self._lock(ctx)
        when = now()
        css = (ctx.templates / FOLDER / "style.css").read_text(encoding="utf-8")
        css += "\n" + code_css("default", "monokai", ".nightMode")
        models = {nt.key: self._model(ctx, nt, css) for nt in NOTE_TYPES}
        model_times = lock.stamp("note_types", {k: _model_hash(m) for k, m in models.items()},
                                 when)
        times = lock.stamp("items", {n.item_id: n.content_hash() for _, n in notes}, when)
        built = [(slug, _Built(n, times[n.item_id], due)) for due, (slug, n) in enumerate(notes)]

        written: list[str] = []
        packages: dict[str, object] = {}
        groups: list[tuple[str, list[_Built]]] = [(ALL, [b for _, b in built])]
        for slug in dict.fromkeys(s for s, _ in built):
            groups.append((f"{OUT}/pages/{slug}.apkg", [b for s, b in built if s == slug]))
        for rel, group in groups:
            files = media.files_for(b.note for b in group)
            data = _collection(group, models, model_times)
            members = [("collection.anki2", data),
                       ("media", json.dumps({str(i): name for i, (name, _) in enumerate(files)},
                                            sort_keys=True).encode())]
            members += [(str(i), blob) for i, (_, blob) in enumerate(files)]
            write_zip(ctx.path(rel), members, ctx.epoch)
            written.append(rel)
            packages[rel] = _facts(group, len(files))
        self._save(ctx, lock)
        ctx.stats[self.name] = {
            "packages": packages,
            "note_types": {nt.name: nt.id for nt in NOTE_TYPES},
            "lock": lock.path.name,
        }
        return written

    @staticmethod
    def _lock(ctx: BuildContext) -> Lock:
        path = Path(str(ctx.options.get("anki_lock") or lock_path(ctx.source_root)))
        try:
            return Lock.load(path)
        except ValueError as exc:
            ctx.report.append(warning("anki-lock", Span(file=path.as_posix(), start=1, end=1),
                                      str(exc), "delete the file; the build writes a new one"))
            return Lock(path, {}, None)

    @staticmethod
    def _save(ctx: BuildContext, lock: Lock) -> None:
        if ctx.options.get("anki_lock_write") is False:
            return
        try:
            lock.save()
        except OSError as exc:
            ctx.report.append(warning(
                "anki-lock", Span(file=lock.path.as_posix(), start=1, end=1),
                f"cannot write the lock file: {exc.strerror or exc}",
                "make the folder beside the source writable; until then edited notes may "
                "not update in Anki"))

    @staticmethod
    def _model(ctx: BuildContext, nt: NoteType, css: str) -> genanki.Model:
        folder = ctx.templates / FOLDER
        front = (folder / f"{nt.key}.front.html").read_text(encoding="utf-8")
        back = (folder / f"{nt.key}.back.html").read_text(encoding="utf-8")
        if nt.picks:
            front += _script(folder / "remember-picks.js")
            back += _script(folder / "mark-picks.js")
        template = {"name": "Card 1", "qfmt": front, "afmt": back}
        return genanki.Model(model_id=nt.id, name=nt.name, fields=[{"name": f} for f in nt.fields],
                             templates=[template], css=css)


def _script(path: Path) -> str:
    return f"<script>\n{path.read_text(encoding='utf-8')}</script>\n"


def _model_hash(model: genanki.Model) -> str:
    body = json.dumps([model.name, model.fields, model.templates, model.css], sort_keys=True)
    return "sha256:" + hashlib.sha256(body.encode()).hexdigest()


def _decks(group: list[_Built]) -> Iterator[tuple[str, list[_Built]]]:
    names = sorted({b.note.deck for b in group})
    for name in names:
        yield name, [b for b in group if b.note.deck == name]


def _collection(group: list[_Built], models: dict[str, genanki.Model],
                model_times: dict[str, int]) -> bytes:
    decks = []
    for name, members in _decks(group):
        deck = genanki.Deck(stable_id("deck", name), name)
        for b in members:
            deck.add_note(_Note(b.note, models[b.note.note_type.key], b.mtime, b.due))
        decks.append(deck)
    with tempfile.TemporaryDirectory(prefix="study-builder-anki-") as tmp:
        path = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(path)
        try:
            genanki.Package(decks).write_to_db(conn.cursor(), 0, itertools.count(1))
            _fix_models(conn, models, model_times)
            conn.commit()
        finally:
            conn.close()
        return path.read_bytes()


def _fix_models(conn: sqlite3.Connection, models: dict[str, genanki.Model],
                times: dict[str, int]) -> None:
    """One entry per note type (genanki may repeat a shared one), stamped with its lock time."""
    (raw,) = conn.execute("SELECT models FROM col").fetchone()
    found: dict[str, Any] = json.loads(raw)
    by_id = {str(m.model_id): key for key, m in models.items()}
    for model_id, body in found.items():
        body["mod"] = times[by_id[model_id]]
        body["did"] = None  # the deck last added to; meaningless across packages
    conn.execute("UPDATE col SET models = ?", (json.dumps(found, sort_keys=True),))


def _ancestors(names: Iterable[str]) -> list[str]:
    """Every deck Anki creates for ``names``: each one and its parents."""
    found: set[str] = set()
    for name in names:
        parts = [p.strip() for p in name.split("::")]
        found.update("::".join(parts[: i + 1]) for i in range(len(parts)))
    return sorted(found)


def _facts(group: list[_Built], media_files: int) -> dict[str, object]:
    return {
        "notes": len(group),
        "cards": len(group),  # one card per note in every note type
        "decks": _ancestors(b.note.deck for b in group),
        "media": media_files,
    }


WRITER = AnkiWriter
