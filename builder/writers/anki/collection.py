"""Anki collections (SQLite, genanki's schema): a page's in memory, the tree's in a file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import genanki  # type: ignore[import-untyped]
from genanki.apkg_col import APKG_COL  # type: ignore[import-untyped]
from genanki.apkg_schema import APKG_SCHEMA  # type: ignore[import-untyped]

from .notes import stable_id
from .parts import Parts

# SQLite's page size. Every table and index takes a page of its own, so a page's small
# collection keeps the default; but a note is about 2 kB of HTML, which 4 kB pages hold
# one or two of with the rest empty: 16 kB pages make the tree's a quarter smaller.
PAGE_SIZE = 4096
TREE_PAGE_SIZE = 16384

_INSERT_NOTE = ("INSERT INTO notes (id, guid, mid, tags, flds, sfld, mod, usn, csum, flags, "
                "data) VALUES (?, ?, ?, ?, ?, ?, ?, -1, 0, 0, '')")
_INSERT_CARD = ("INSERT INTO cards (id, nid, did, ord, due, mod, usn, type, queue, ivl, "
                "factor, reps, lapses, left, odue, odid, flags, data) "
                "VALUES (?, ?, ?, ?, ?, ?, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '')")


def empty_collection(page_size: int) -> bytes:
    """genanki's collection with no decks of ours, no note types and no notes."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"PRAGMA page_size = {page_size:d}")
    conn.executescript(APKG_SCHEMA)
    conn.executescript(APKG_COL)
    data = conn.serialize()
    conn.close()
    return data


def with_decks(empty: bytes, decks: Iterable[str], models_json: str) -> sqlite3.Connection:
    """``empty`` in memory, with these decks and note types (``col.models``) added."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.deserialize(empty)
    (raw,) = conn.execute("SELECT decks FROM col").fetchone()
    found: dict[str, Any] = json.loads(raw)
    for name in sorted(decks):
        deck = genanki.Deck(stable_id("deck", name), name)
        found[str(deck.deck_id)] = deck.to_json()
    conn.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(found), models_json))
    return conn


def serialized(conn: sqlite3.Connection) -> bytes:
    data = conn.serialize()
    conn.close()
    return data


def page_collection(empty: bytes, parts: Parts, mtimes: tuple[int, ...],
                    models_json: str) -> bytes:
    """A page's collection; its cards are due in the order of the page."""
    conn = with_decks(empty, parts.decks, models_json)
    conn.execute("BEGIN")
    conn.executemany(_INSERT_NOTE, ((*n, t) for n, t in zip(parts.notes, mtimes,
                                                              strict=True)))
    conn.executemany(_INSERT_CARD, ((*c, mtimes[c.position]) for c in parts.cards))
    conn.execute("COMMIT")
    return serialized(conn)


class TreeCollection:
    """The tree's collection in a scratch file: at 100k notes it is hundreds of MB.

    Pages are gathered in a second file and copied over in id order at the end:
    appending packs the collection's B-trees full, where ids in page order (random,
    being hashes) leave their pages about half empty, the file larger and slower to
    compress.
    """

    def __init__(self, path: Path, empty: bytes) -> None:
        self.path = path
        self.path.write_bytes(empty)
        self._conn = sqlite3.connect(self.path, isolation_level=None)
        self._conn.execute("ATTACH ? AS stage", (str(path.parent / "stage.db"),))
        for schema in ("main", "stage"):  # a scratch file needs no journal
            self._conn.execute(f"PRAGMA {schema}.journal_mode = OFF")
            self._conn.execute(f"PRAGMA {schema}.synchronous = OFF")
        self._conn.execute("CREATE TABLE stage.notes (id, guid, mid, tags, flds, sfld, mod)")
        self._conn.execute("CREATE TABLE stage.cards (id, nid, did, ord, due, mod)")
        self._conn.execute("BEGIN")

    def add(self, parts: Parts, mtimes: tuple[int, ...], first_due: int) -> None:
        self._conn.executemany("INSERT INTO stage.notes VALUES (?, ?, ?, ?, ?, ?, ?)",
                               ((*n, t) for n, t in zip(parts.notes, mtimes, strict=True)))
        self._conn.executemany(
            f"INSERT INTO stage.cards VALUES (?, ?, ?, ?, ? + {first_due:d}, ?)",
            ((*c, mtimes[c.position]) for c in parts.cards))

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
