"""The Anki writer: compile each page into rows, link them into packages.

Link gives the rows their times from the lock file and writes each page's package, and
the tree's from the same rows, each from the build cache when its notes and times are
unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from builder.cache import digest
from builder.clock import source_date_epoch
from builder.diagnostics import Diagnostic, codes, warning
from builder.lock import Lock, lock_path
from builder.model import Page, Span
from builder.render.rendered import RenderedPage

from ..base import Linked, Output, PageUnit, Settings, Units, Writer
from ..options import AnkiOptions, Options
from .losses import loss_notes
from .note_types import EVERY_NOTE_TYPE, NOTE_TYPES, model_hash, models
from .package import Maker, tree_package
from .parts import Parts, page_unit

OUT = "anki"
ALL = f"{OUT}/all.apkg"
PAGE = OUT + "/pages/{slug}.apkg"


class AnkiWriter(Writer):
    name = "anki"
    description = "Anki packages (.apkg): the whole tree, and one per page"

    def own_options(self, options: Options) -> AnkiOptions:
        return options.anki

    def compile(self, page: Page, rendered: RenderedPage, settings: Settings) -> PageUnit:
        return page_unit(page, rendered, settings)

    def link_inputs(self, settings: Settings, pending: Mapping[str, bytes]) -> bytes:
        # Note times come from the lock; a missing lock must be written again.
        path = _lock_file(settings)
        if str(path) in pending:
            return pending[str(path)]
        try:
            return path.read_bytes()
        except OSError:
            return b"no lock"

    def link(self, units: Units, out: Output) -> Linked:
        settings = out.settings
        report: list[Diagnostic] = []
        lock = _load_lock(settings, report)
        when = source_date_epoch()
        hashes: dict[str, str] = {}
        decks: set[str] = set()
        kinds: set[str] = set()
        for unit in units:
            parts: Parts = unit.parts
            hashes.update(zip(parts.ids, parts.hashes, strict=True))
            decks.update(parts.decks)
            kinds.update(parts.kinds)
        found = models(settings.templates)
        stamped = kinds | {nt.key for nt in NOTE_TYPES}
        model_times = lock.stamp("note_types", {k: model_hash(m) for k, m in found.items()
                                                if k in stamped}, when)
        times = lock.stamp("items", hashes, when)
        report += loss_notes(units)

        maker = Maker(found, model_times, settings.epoch)
        pages = _Pages()
        for unit in units:
            if unit.parts.notes:
                pages.write(unit.slug, unit.parts, times, maker, out)
        # The pages' keys fix the tree's package too: its notes, times, decks, note
        # types and media are theirs, in their order.
        make = partial(tree_package, units, times, maker, maker.models_json(kinds), decks)
        out.memoized(ALL, (b"".join(pages.keys),), make)

        if settings.options.anki.lock_write:
            data = lock.pending()
            if data is not None:
                out.write_beside(lock.path, data)
        tree = _facts(decks, pages.notes, pages.cards, len(pages.media))
        return Linked([ALL, *pages.facts], report, {
            "packages": {ALL: tree, **pages.facts},
            "note_types": {nt.name: nt.id for nt in EVERY_NOTE_TYPE if nt.key in stamped},
            "lock": lock.path.name,
        })


@dataclass
class _Pages:
    """The pages' packages as link writes them, and what the tree's needs of them."""

    facts: dict[str, object] = field(default_factory=dict)  # by path, in tree order
    keys: list[bytes] = field(default_factory=list)
    media: set[str] = field(default_factory=set)
    notes: int = 0
    cards: int = 0

    def write(self, slug: str, parts: Parts, times: dict[str, int], maker: Maker,
              out: Output) -> None:
        mtimes = tuple(map(times.__getitem__, parts.ids))
        models_json = maker.models_json(parts.kinds)
        key = (parts.digest, repr(mtimes), models_json)
        rel = PAGE.format(slug=slug)
        out.memoized(rel, key, partial(maker.page, parts, mtimes, models_json))
        self.facts[rel] = _facts(parts.decks, len(parts.notes), len(parts.cards),
                                 len(parts.media))
        self.keys.append(digest(*key))
        self.media.update(f.name for f in parts.media)
        self.notes += len(parts.notes)
        self.cards += len(parts.cards)


def _lock_file(settings: Settings) -> Path:
    return settings.options.anki.lock or lock_path(settings.source_root)


def _load_lock(settings: Settings, report: list[Diagnostic]) -> Lock:
    path = _lock_file(settings)
    try:
        return Lock.load(path)
    except ValueError as exc:
        report.append(warning(codes.ANKI_LOCK, Span(file=path.as_posix(), start=1, end=1),
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
