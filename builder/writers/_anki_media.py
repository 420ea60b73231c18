"""Images packaged into Anki: each note's ``src`` rewritten to a content-hashed name.

Which images may be used is decided in ``builder.media``. Web addresses are left as they
are (Anki loads them when online). A packaged file is named after a hash of its bytes,
so two pages may use the same picture and an edited picture is a new file that updates
the note.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import unquote

from builder.media import ALT_ATTR, IMG_TAG, SRC_ATTR, locate, page_location
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

        def swap(tag: re.Match[str]) -> str:
            attr = SRC_ATTR.search(tag[0])
            if attr is None:
                return tag[0]
            src = unquote(html.unescape(attr[2]))
            found = locate(src, root, page_dir)
            if found.path is None:
                if not found.problem:
                    return tag[0]  # a web address: Anki loads it
                # `check` reported it at its line; the card shows the description instead.
                alt = ALT_ATTR.search(tag[0])
                return alt[1] if alt else ""  # still escaped as it was in the attribute
            data = found.path.read_bytes()
            name = f"sb-{hashlib.sha256(data).hexdigest()[:20]}{found.path.suffix.lower()}"
            self._files[name] = data
            used.append(name)
            return tag[0][: attr.start(2)] + html.escape(name) + tag[0][attr.end(2):]

        fields = tuple(IMG_TAG.sub(swap, f) for f in note.fields)
        self._by_note[note.item_id] = tuple(dict.fromkeys(used))
        return replace(note, fields=fields)

    def files_for(self, notes: Iterable[NoteData]) -> list[tuple[str, bytes]]:
        names = sorted({n for note in notes for n in self._by_note.get(note.item_id, ())})
        return [(name, self._files[name]) for name in names]
