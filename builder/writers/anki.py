"""Anki packages: the whole tree as one deck hierarchy, and one package per page.

Compile renders each page's notes once, into the rows a collection stores. Link gives
them their times from the lock file (so a note looks newer to Anki exactly when its
content changed; note types likewise), which is state outside the source and so cannot
be known in compile. It then writes each page's package, and the tree's from the same
rows, each from the build cache when its notes and times are unchanged. Note and card
ids derive from item ids and the zips have fixed member times, so the bytes depend on
the source alone.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from importlib import metadata
from pathlib import Path
from typing import Any

import genanki  # type: ignore[import-untyped]
from genanki.apkg_col import APKG_COL  # type: ignore[import-untyped]
from genanki.apkg_schema import APKG_SCHEMA  # type: ignore[import-untyped]

from builder.clock import source_date_epoch
from builder.diagnostics import Diagnostic, warning
from builder.lock import Lock, lock_path
from builder.model import Page, Span

from . import base
from ._anki_media import package_media
from ._anki_notes import FOLDER, NOTE_TYPES, Fields, NoteData, NoteType, note_for, stable_id
from .base import LinkContext, PageUnit, Settings, Units, Writer, zip_bytes

OUT = "anki"
ALL = f"{OUT}/all.apkg"
PAGE = OUT + "/pages/{slug}.apkg"
COLLECTION = "collection.anki2"
Media = tuple[tuple[str, bytes], ...]  # (packaged name, bytes), sorted by name
# SQLite's page size. Every table and index takes a page of its own, so a page's small
# collection keeps the default; but a note is about 2 kB of HTML, which 4 kB pages hold
# one or two of with the rest empty: 16 kB pages make the tree's a quarter smaller.
_PAGE_SIZE = 4096
_TREE_PAGE_SIZE = 16384
# A collection is mostly repetitive HTML (tens of MB for the tree): zlib's fastest
# level takes a third of the default's time for about a fifth more bytes.
_LEVEL = 1


# Rows as compile leaves them: all a collection stores but the note times (from the
# lock) and the place of each card in the queue (from the page's place in the tree).
NoteRow = tuple[int, str, int, str, str, str]  # id, guid, note type id, tags, fields, sort field
CardRow = tuple[int, int, int, int, int]  # id, note id, deck id, template, note's index


@dataclass(frozen=True)
class _Parts:
    ids: tuple[str, ...]  # item ids, for the lock
    hashes: tuple[str, ...]  # their content hashes, for the lock
    notes: tuple[NoteRow, ...]  # in the order of the page, like the two above
    cards: tuple[CardRow, ...]
    decks: tuple[str, ...]
    kinds: tuple[str, ...]  # the note types used
    media: Media
    # Of everything above (media by name, which is a hash of the bytes): with the note
    # times and the note types, it fixes the page's package.
    digest: str


class AnkiWriter(Writer):
    name = "anki"
    description = "Anki packages (.apkg): the whole tree, and one per page"

    def compile(self, page: Page, settings: Settings) -> PageUnit:
        fields = Fields(settings.templates)
        requirements = _requirements(settings.templates)
        report: list[Diagnostic] = []
        ids, hashes, notes, cards, kinds = [], [], [], [], set()
        media: dict[str, bytes] = {}
        did = stable_id("deck", page.deck_name)
        for index, item in enumerate(page.items):
            note, diags = note_for(page, item, fields)
            note, files = package_media(note, page, item)
            report += diags
            media.update(files)
            ids.append(note.item_id)
            hashes.append(note.content_hash())
            row = _note_row(note)
            notes.append(row)
            cards += _card_rows(row[0], did, note.fields, requirements[note.note_type.key],
                                index)
            kinds.add(note.note_type.key)
        packaged = tuple(sorted(media.items()))
        decks = (page.deck_name,) if notes else ()
        digest = _digest(ids, hashes, cards, decks, [name for name, _ in packaged])
        parts = _Parts(tuple(ids), tuple(hashes), tuple(notes), tuple(cards), decks,
                       tuple(sorted(kinds)), packaged, digest)
        return PageUnit(page.slug, (), parts, tuple(report))

    def link_inputs(self, settings: Settings, pending: Mapping[str, bytes]) -> bytes:
        # Note times come from the lock; a missing lock must be written again.
        path = _lock_file(settings)
        if str(path) in pending:
            return pending[str(path)]
        try:
            return path.read_bytes()
        except OSError:
            return b"no lock"

    def link(self, units: Units, ctx: LinkContext) -> list[str]:
        settings = ctx.settings
        lock = _load_lock(settings, ctx.report)
        when = source_date_epoch()
        models = _models(settings.templates)
        model_times = lock.stamp("note_types",
                                 {k: _model_hash(m) for k, m in models.items()}, when)
        hashes: dict[str, str] = {}
        decks: set[str] = set()
        kinds: set[str] = set()
        for unit in units:
            parts: _Parts = unit.parts
            hashes.update(zip(parts.ids, parts.hashes, strict=True))
            decks.update(parts.decks)
            kinds.update(parts.kinds)
        times = lock.stamp("items", hashes, when)

        maker = _Maker(models, model_times, settings.epoch)
        pages = _Pages()
        for unit in units:
            if unit.parts.notes:
                pages.write(unit.slug, unit.parts, times, maker, ctx)
        # The pages' keys fix the tree's package too: its notes, times, decks, note
        # types and media are theirs, in their order.
        tree_key = maker.key(b"".join(pages.keys).hex(), "tree")
        make = partial(_tree_package, units, times, maker, maker.models_json(kinds), decks)
        ctx.write_memo(ALL, "anki-tree", tree_key, make)

        if settings.options.get("anki_lock_write") is not False:
            data = lock.pending()
            if data is not None:
                ctx.beside[str(lock.path)] = data
        tree = _facts(decks, pages.notes, pages.cards, len(pages.media))
        ctx.stats[self.name] = {
            "packages": {ALL: tree, **pages.facts},
            "note_types": {nt.name: nt.id for nt in NOTE_TYPES},
            "lock": lock.path.name,
        }
        return [ALL, *pages.facts]


@dataclass
class _Pages:
    """The pages' packages as link writes them, and what the tree's needs of them."""

    facts: dict[str, object] = field(default_factory=dict)  # by path, in tree order
    keys: list[bytes] = field(default_factory=list)
    media: set[str] = field(default_factory=set)
    notes: int = 0
    cards: int = 0

    def write(self, slug: str, parts: _Parts, times: dict[str, int], maker: _Maker,
              ctx: LinkContext) -> None:
        mtimes = tuple(map(times.__getitem__, parts.ids))
        models_json = maker.models_json(parts.kinds)
        key = maker.key(parts.digest, repr(mtimes), models_json)
        rel = PAGE.format(slug=slug)
        ctx.write_memo(rel, "anki-page", key, partial(maker.page, parts, mtimes, models_json))
        self.facts[rel] = _facts(parts.decks, len(parts.notes), len(parts.cards),
                                 len(parts.media))
        self.keys.append(key)
        self.media.update(name for name, _ in parts.media)
        self.notes += len(parts.notes)
        self.cards += len(parts.cards)


def _note_row(note: NoteData) -> NoteRow:
    guid = note.guid
    # As genanki writes a note: tags space-padded, fields joined by the unit separator,
    # the first field to sort by.
    return (stable_id("note", guid), guid, note.note_type.id, " " + " ".join(note.tags) + " ",
            "\x1f".join(note.fields), note.fields[0])


def _card_rows(nid: int, did: int, fields: tuple[str, ...],
               requirements: tuple[Requirement, ...], index: int) -> list[CardRow]:
    """A card for each template whose required fields are filled, as genanki decides
    (Anki's old rule); its id follows the note's."""
    rows: list[CardRow] = []
    for ord_, how, required in requirements:
        test = any if how == "any" else all
        if test(fields[i] for i in required):
            rows.append((nid + len(rows) + 1, nid, did, ord_, index))
    return rows


def _digest(ids: Sequence[str], hashes: Sequence[str], cards: Sequence[CardRow],
            decks: Sequence[str], media: Sequence[str]) -> str:
    # The content hashes stand for the notes' fields, tags and note types, the ids for
    # their guids, so the fields need not be hashed twice.
    return hashlib.sha256(repr((ids, hashes, cards, decks, media)).encode()).hexdigest()


class _Maker:
    """Collections and packages for one link: note types and their times fixed."""

    def __init__(self, models: dict[str, genanki.Model], times: dict[str, int],
                 epoch: int) -> None:
        self._models = models
        self._times = times
        self.epoch = epoch
        self._json: dict[tuple[str, ...], str] = {}
        self._empty = {size: _empty(size) for size in (_PAGE_SIZE, _TREE_PAGE_SIZE)}
        self._version = _code_version() + repr(epoch).encode()

    def models_json(self, kinds: Iterable[str]) -> str:
        """The ``col.models`` of a collection holding these note types."""
        wanted = tuple(sorted(kinds))
        if wanted not in self._json:
            found = {str(self._models[k].model_id): self._models[k].to_json(self._times[k], None)
                     for k in wanted}
            self._json[wanted] = json.dumps(found, sort_keys=True)
        return self._json[wanted]

    def key(self, *parts: str) -> bytes:
        """Bytes that fix a package: what makes it, and this code."""
        h = hashlib.sha256(self._version)
        for part in parts:
            h.update(len(part).to_bytes(8, "little") + part.encode())
        return h.digest()

    def empty(self, decks: Iterable[str], models_json: str) -> bytes:
        """The tree's collection (genanki's) with these decks and note types, no notes."""
        conn = self._open(decks, models_json, _TREE_PAGE_SIZE)
        data = conn.serialize()
        conn.close()
        return data

    def _open(self, decks: Iterable[str], models_json: str,
              page_size: int = _PAGE_SIZE) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        conn.deserialize(self._empty[page_size])
        (raw,) = conn.execute("SELECT decks FROM col").fetchone()
        found: dict[str, Any] = json.loads(raw)
        for name in sorted(decks):
            deck = genanki.Deck(stable_id("deck", name), name)
            found[str(deck.deck_id)] = deck.to_json()
        conn.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(found), models_json))
        return conn

    def page(self, parts: _Parts, mtimes: tuple[int, ...], models_json: str) -> bytes:
        """A page's package; its cards are due in the order of the page."""
        conn = self._open(parts.decks, models_json)
        conn.execute("BEGIN")
        conn.executemany(_INSERT_NOTE, ((*n, t) for n, t in zip(parts.notes, mtimes,
                                                                  strict=True)))
        conn.executemany(_INSERT_CARD, ((*c, mtimes[c[4]]) for c in parts.cards))
        conn.execute("COMMIT")
        data = conn.serialize()
        conn.close()
        return zip_bytes([(COLLECTION, data), *_media_members(parts.media)], self.epoch, _LEVEL)


def _tree_package(units: Units, times: dict[str, int], maker: _Maker, models_json: str,
                  decks: set[str]) -> bytes:
    """The tree's package: every page's notes, due one after another in tree order."""
    media: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="study-builder-anki-") as scratch:
        tree = _TreeCollection(Path(scratch), maker.empty(decks, models_json))
        due = 0
        for unit in units:
            parts: _Parts = unit.parts
            tree.add(parts, tuple(map(times.__getitem__, parts.ids)), due)
            due += len(parts.notes)
            media.update(parts.media)
        tree.finish()
        members: list[tuple[str, bytes | Path]] = [(COLLECTION, tree.path)]
        members += _media_members(tuple(sorted(media.items())))
        return zip_bytes(members, maker.epoch, _LEVEL)


def _empty(page_size: int) -> bytes:
    conn = sqlite3.connect(":memory:")
    conn.execute(f"PRAGMA page_size = {page_size:d}")
    conn.executescript(APKG_SCHEMA)
    conn.executescript(APKG_COL)
    data = conn.serialize()
    conn.close()
    return data


_INSERT_NOTE = ("INSERT INTO notes (id, guid, mid, tags, flds, sfld, mod, usn, csum, flags, "
                "data) VALUES (?, ?, ?, ?, ?, ?, ?, -1, 0, 0, '')")
_INSERT_CARD = ("INSERT INTO cards (id, nid, did, ord, due, mod, usn, type, queue, ivl, "
                "factor, reps, lapses, left, odue, odid, flags, data) "
                "VALUES (?, ?, ?, ?, ?, ?, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')")


class _TreeCollection:
    """The tree's collection in a scratch file: at 100k notes it is hundreds of MB.

    Pages are gathered in a second file and copied over in id order at the end:
    appending packs the collection's B-trees full, where ids in page order (random,
    being hashes) leave their pages about half empty, the file larger and slower to
    compress.
    """

    def __init__(self, folder: Path, empty: bytes) -> None:
        self.path = folder / COLLECTION
        self.path.write_bytes(empty)
        self._conn = sqlite3.connect(self.path, isolation_level=None)
        self._conn.execute("ATTACH ? AS stage", (str(folder / "stage.db"),))
        for schema in ("main", "stage"):  # a scratch file needs no journal
            self._conn.execute(f"PRAGMA {schema}.journal_mode = OFF")
            self._conn.execute(f"PRAGMA {schema}.synchronous = OFF")
        self._conn.execute("CREATE TABLE stage.notes (id, guid, mid, tags, flds, sfld, mod)")
        self._conn.execute("CREATE TABLE stage.cards (id, nid, did, ord, due, mod)")
        self._conn.execute("BEGIN")

    def add(self, parts: _Parts, mtimes: tuple[int, ...], first_due: int) -> None:
        self._conn.executemany("INSERT INTO stage.notes VALUES (?, ?, ?, ?, ?, ?, ?)",
                               ((*n, t) for n, t in zip(parts.notes, mtimes, strict=True)))
        self._conn.executemany(
            f"INSERT INTO stage.cards VALUES (?, ?, ?, ?, ? + {first_due:d}, ?)",
            ((*c, mtimes[c[4]]) for c in parts.cards))

    def finish(self) -> None:
        self._conn.execute(
            "INSERT INTO main.notes SELECT id, guid, mid, mod, -1, tags, flds, sfld, 0, 0, '' "
            "FROM stage.notes ORDER BY id")
        self._conn.execute(
            "INSERT INTO main.cards SELECT id, nid, did, ord, mod, -1, 0, 0, due, "
            "0, 0, 0, 0, 0, 0, 0, 0, '' FROM stage.cards ORDER BY id")
        self._conn.execute("COMMIT")
        self._conn.execute("DETACH stage")
        self._conn.close()


def _media_members(media: Media) -> list[tuple[str, bytes]]:
    """A package's media: an index of the files (named by number) and the files."""
    index = json.dumps({str(i): name for i, (name, _) in enumerate(media)}, sort_keys=True)
    return [("media", index.encode()), *((str(i), blob) for i, (_, blob) in enumerate(media))]


def _code_version() -> bytes:
    """What shapes a package besides its inputs: this code and the libraries below it."""
    h = hashlib.sha256()
    for module in (__file__, base.__file__):
        h.update(Path(module).read_bytes())
    versions = [metadata.version("genanki"), sqlite3.sqlite_version, zlib.ZLIB_RUNTIME_VERSION]
    h.update(" ".join(versions).encode())
    return h.digest()


# The files the note types are made of; the fronts alone decide which fields make a card.
_FRONTS = ("remember-picks.js", *(f"{nt.key}.front.html" for nt in NOTE_TYPES))
_BACKS = ("style.css", "code.css", "mark-picks.js", *(f"{nt.key}.back.html" for nt in NOTE_TYPES))


def _models(templates: Path) -> dict[str, genanki.Model]:
    """The note types, afresh: genanki changes a model's templates as it writes them."""
    texts = _texts(templates, _FRONTS + _BACKS)
    # code.css is Pygments' rules as committed (builder.render.styles), not the
    # installed Pygments': the note types' hashes are in the committed lock.
    css = texts["style.css"] + "\n" + texts["code.css"]
    return {nt.key: _model(texts, nt, css) for nt in NOTE_TYPES}


def _texts(templates: Path, names: tuple[str, ...]) -> dict[str, str]:
    return {n: (templates / FOLDER / n).read_text(encoding="utf-8") for n in names}


Requirement = tuple[int, str, tuple[int, ...]]  # template, "any" or "all", field indexes


def _requirements(templates: Path) -> dict[str, tuple[Requirement, ...]]:
    """Which fields each note type's templates need to make a card."""
    return _requirements_of(tuple(_texts(templates, _FRONTS).items()))


@lru_cache(maxsize=4)
def _requirements_of(fronts: tuple[tuple[str, str], ...]) -> dict[str, tuple[Requirement, ...]]:
    # Keyed by the templates' text: every page's compile needs this, and genanki works
    # it out by rendering each front once per field.
    texts = dict(fronts) | dict.fromkeys(_BACKS, "")
    return {nt.key: tuple((o, how, tuple(f)) for o, how, f in _model(texts, nt, "")._req)
            for nt in NOTE_TYPES}


def _model(texts: dict[str, str], nt: NoteType, css: str) -> genanki.Model:
    front, back = texts[f"{nt.key}.front.html"], texts[f"{nt.key}.back.html"]
    if nt.picks:
        front += _script(texts["remember-picks.js"])
        back += _script(texts["mark-picks.js"])
    template = {"name": "Card 1", "qfmt": front, "afmt": back}
    return genanki.Model(model_id=nt.id, name=nt.name, fields=[{"name": f} for f in nt.fields],
                         templates=[template], css=css)


def _script(text: str) -> str:
    return f"<script>\n{text}</script>\n"


def _model_hash(model: genanki.Model) -> str:
    body = json.dumps([model.name, model.fields, model.templates, model.css], sort_keys=True)
    return "sha256:" + hashlib.sha256(body.encode()).hexdigest()


def _lock_file(settings: Settings) -> Path:
    return Path(str(settings.options.get("anki_lock") or lock_path(settings.source_root)))


def _load_lock(settings: Settings, report: list[Diagnostic]) -> Lock:
    path = _lock_file(settings)
    try:
        return Lock.load(path)
    except ValueError as exc:
        report.append(warning("anki-lock", Span(file=path.as_posix(), start=1, end=1),
                              str(exc), "delete the file; the build writes a new one"))
        return Lock(path, {}, None)


def _ancestors(names: Iterable[str]) -> list[str]:
    """Every deck Anki creates for ``names``: each one and its parents."""
    found: set[str] = set()
    for name in names:
        parts = [p.strip() for p in name.split("::")]
        found.update("::".join(parts[: i + 1]) for i in range(len(parts)))
    return sorted(found)


def _facts(decks: Iterable[str], notes: int, cards: int, media: int) -> dict[str, object]:
    return {"notes": notes, "cards": cards, "decks": _ancestors(decks), "media": media}

