"""Packages (.apkg): a collection and its media, zipped with fixed member times."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path

import genanki  # type: ignore[import-untyped]

from ..base import Units, zip_bytes
from .collection import (
    PAGE_SIZE,
    TREE_PAGE_SIZE,
    TreeCollection,
    empty_collection,
    page_collection,
    serialized,
    with_decks,
)
from .media import media_members, sorted_media
from .parts import Parts

COLLECTION = "collection.anki2"
# A collection is mostly repetitive HTML (tens of MB for the tree): zlib's fastest
# level takes a third of the default's time for about a fifth more bytes.
_LEVEL = 1
_PACKAGE = Path(__file__).resolve().parent


class Maker:
    """Collections and packages for one link: note types and their times fixed."""

    def __init__(self, models: dict[str, genanki.Model], times: dict[str, int],
                 epoch: int) -> None:
        self._models = models
        self._times = times
        self.epoch = epoch
        self._json: dict[tuple[str, ...], str] = {}
        self._empty = {size: empty_collection(size) for size in (PAGE_SIZE, TREE_PAGE_SIZE)}

    def models_json(self, kinds: Iterable[str]) -> str:
        """The ``col.models`` of a collection holding these note types."""
        wanted = tuple(sorted(kinds))
        if wanted not in self._json:
            found = {str(self._models[k].model_id): self._models[k].to_json(self._times[k], None)
                     for k in wanted}
            self._json[wanted] = json.dumps(found, sort_keys=True)
        return self._json[wanted]

    def empty(self, decks: Iterable[str], models_json: str) -> bytes:
        """The tree's collection (genanki's) with these decks and note types, no notes."""
        return serialized(with_decks(self._empty[TREE_PAGE_SIZE], decks, models_json))

    def page(self, parts: Parts, mtimes: tuple[int, ...], models_json: str) -> bytes:
        """A page's package; its cards are due in the order of the page."""
        data = page_collection(self._empty[PAGE_SIZE], parts, mtimes, models_json)
        return zip_bytes([(COLLECTION, data), *media_members(parts.media)], self.epoch, _LEVEL)


def tree_package(units: Units, times: dict[str, int], maker: Maker, models_json: str,
                 decks: set[str]) -> bytes:
    """The tree's package: every page's notes, due one after another in tree order."""
    media: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="study-builder-anki-") as scratch:
        tree = TreeCollection(Path(scratch) / COLLECTION, maker.empty(decks, models_json))
        due = 0
        for unit in units:
            parts: Parts = unit.parts
            tree.add(parts, tuple(map(times.__getitem__, parts.ids)), due)
            due += len(parts.notes)
            media.update(parts.media)
        tree.finish()
        members: list[tuple[str, bytes | Path]] = [(COLLECTION, tree.path)]
        members += media_members(sorted_media(media))
        return zip_bytes(members, maker.epoch, _LEVEL)
