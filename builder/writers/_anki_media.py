"""Images packaged into Anki: each note's ``src`` rewritten to a content-hashed name.

Which images may be used is decided in ``builder.media``. Web addresses are left as they
are (Anki loads them when online). A packaged file is named after a hash of its bytes,
so two pages may use the same picture and an edited picture is a new file that updates
the note.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from builder.media import package_images, page_location
from builder.model import Item, Page

from ._anki_notes import NoteData
from .base import BuildContext


class Media:
    """Collects the files a build's notes use; rewrites their ``src`` to packaged names."""

    def __init__(self, ctx: BuildContext) -> None:
        self._ctx = ctx
        self._files: dict[str, bytes] = {}  # packaged name -> bytes
        self._by_note: dict[str, tuple[str, ...]] = {}

    def rewrite(self, note: NoteData, page: Page, item: Item) -> NoteData:
        if not any("<img" in f for f in note.fields):
            return note
        root, page_dir = page_location(page, item)
        used: list[str] = []
        fields = []
        # Anki keeps media flat beside the collection: the packaged name is the src.
        for field in note.fields:
            done = package_images(field, root, page_dir, lambda name: name)
            self._files.update(done.files)
            used += done.files
            fields.append(done.html)
        self._by_note[note.item_id] = tuple(dict.fromkeys(used))
        return replace(note, fields=tuple(fields))

    def files_for(self, notes: Iterable[NoteData]) -> list[tuple[str, bytes]]:
        names = sorted({n for note in notes for n in self._by_note.get(note.item_id, ())})
        return [(name, self._files[name]) for name in names]
