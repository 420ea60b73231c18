"""Anki packages: the whole tree as one deck hierarchy, and one package per page.

Compile renders each page's notes once, into the rows a collection stores (parts).
Link gives them their times from the lock file (so a note looks newer to Anki exactly
when its content changed; note types likewise), which is state outside the source and
so cannot be known in compile. It then writes each page's package, and the tree's from
the same rows, each from the build cache when its notes and times are unchanged
(writer, package, collection). Note and card ids derive from item ids and the zips have
fixed member times, so the bytes depend on the source alone.

The modules, from an item to a package: note_types (the note types and their genanki
models), fields and answer_fields (each note's field HTML), notes (an item's notes: type,
fields, tags and identity), media (its images), parts (a page's rows), collection
(SQLite), package (the zips), losses (what the notes cannot carry) and writer (the lock,
and what each link writes).
"""

from __future__ import annotations

from .writer import AnkiWriter

__all__ = ["AnkiWriter"]
