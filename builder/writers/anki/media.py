"""Images packaged into Anki: each note's ``src`` rewritten to a content-hashed name.

Which images may be used is decided in ``builder.media``. Web addresses are left as they
are (Anki loads them when online). A packaged file is named after a hash of its bytes,
so two pages may use the same picture and an edited picture is a new file that updates
the note.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from typing import NamedTuple

from builder.media import package_images, page_location
from builder.model import Item, Page

from .notes import NoteData


class MediaFile(NamedTuple):
    name: str  # as packaged, and as the notes' ``src``
    data: bytes


Media = tuple[MediaFile, ...]  # sorted by name


def package_media(note: NoteData, page: Page, item: Item) -> tuple[NoteData, dict[str, bytes]]:
    """``note`` with its local images pointing at packaged names, and those files
    (packaged name -> bytes)."""
    if not any("<img" in f for f in note.fields):
        return note, {}
    root, page_dir = page_location(page, item)
    files: dict[str, bytes] = {}
    fields = []
    # Anki keeps media flat beside the collection: the packaged name is the src.
    for field in note.fields:
        done = package_images(field, root, page_dir, lambda name: name)
        files.update(done.files)
        fields.append(done.html)
    return replace(note, fields=tuple(fields)), files


def sorted_media(files: Mapping[str, bytes]) -> Media:
    return tuple(MediaFile(name, data) for name, data in sorted(files.items()))


def media_members(media: Media) -> list[tuple[str, bytes]]:
    """A package's media: an index of the files (named by number) and the files."""
    index = json.dumps({str(i): f.name for i, f in enumerate(media)}, sort_keys=True)
    return [("media", index.encode()), *((str(i), f.data) for i, f in enumerate(media))]
