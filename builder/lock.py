"""The lock file: what each item's content was and since when, kept beside the source.

Anki replaces a note already in a collection only when the incoming note is *newer*
(its modification time is later) and has the same note type. So a note's time must
change exactly when its content changes: an unchanged rebuild then updates nothing and
an edit updates the note, keeping its review history. The build cannot know this from
the source alone, so ``<source>.lock.json`` (committed beside the source folder) maps
each key (an item id, or a note type) to the hash of its content and the time that
content first appeared. The build reads it, gives new or changed content a new time and
rewrites the file only when something changed; its bytes depend only on its entries.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

LOCK_VERSION = 1
SUFFIX = ".lock.json"


@dataclass(frozen=True)
class Entry:
    hash: str
    mtime: int


Section = dict[str, Entry]


def lock_path(source_root: Path) -> Path:
    """``source/`` locks in ``source.lock.json`` beside it (a single page: ``page.lock.json``)."""
    root = source_root.resolve()
    name = root.stem if root.is_file() else root.name
    return root.parent / f"{name or 'source'}{SUFFIX}"


@dataclass
class Lock:
    path: Path
    sections: dict[str, Section]
    _original: bytes | None = None
    _changed: bool = False  # since load: a stamp gave a new entry or dropped one

    @classmethod
    def load(cls, path: Path) -> Lock:
        """The lock at ``path``; empty when missing. Raises ValueError when it is not a lock."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return cls(path, {}, None)
        try:
            raw = json.loads(data.decode("utf-8"))
            sections = {
                name: {key: Entry(str(v["hash"]), int(v["mtime"])) for key, v in entries.items()}
                for name, entries in raw.items() if name != "version"
            }
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ValueError(f"{path}: not a study-builder lock file ({exc}); delete it to "
                             "start a new one (notes then count as changed once)") from exc
        return cls(path, sections, data)

    def stamp(self, section: str, hashes: Mapping[str, str], when: int) -> dict[str, int]:
        """Times for ``hashes`` (key -> content hash): kept when unchanged, else ``when``.

        A changed entry's time always moves forward, even under a fixed
        SOURCE_DATE_EPOCH, so Anki sees the note as newer. Keys not in ``hashes`` are
        dropped: the lock describes the source as it is now.
        """
        old = self.sections.get(section, {})
        new: Section = {}
        for key in sorted(hashes):
            before = old.get(key)
            if before is not None and before.hash == hashes[key]:
                new[key] = before
            else:
                floor = before.mtime + 1 if before is not None else 0
                new[key] = Entry(hashes[key], max(when, floor))
        if new != old:
            self._changed = True
        self.sections[section] = new
        return {key: entry.mtime for key, entry in new.items()}

    def dumps(self) -> bytes:
        body: dict[str, object] = {"version": LOCK_VERSION}
        for name in sorted(self.sections):
            body[name] = {key: {"hash": e.hash, "mtime": e.mtime}
                          for key, e in sorted(self.sections[name].items())}
        return (json.dumps(body, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()

    def pending(self) -> bytes | None:
        """The lock's new bytes, or None when writing it would change nothing."""
        if not self._changed and self._original is not None:
            return None  # dumping 10k entries costs a tenth of a second; skip it
        data = self.dumps()
        return None if data == self._original else data
