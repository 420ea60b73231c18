"""A page's notes as compile leaves them: the rows its collection stores, and its media.

All a collection stores but the note times (from the lock) and the place of each card
in the queue (from the page's place in the tree), which link adds.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from builder.diagnostics import Diagnostic
from builder.model import Page
from builder.render.rendered import RenderedPage

from ..base import PageUnit, Settings
from .answer_fields import AnswerFields
from .fields import Fields
from .media import Media, package_media, sorted_media
from .note_types import Requirement, requirements
from .notes import NoteData, losses, note_for, stable_id

# A cloze number as Anki finds it in a cloze note's field (a card per number).
_CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")


class NoteRow(NamedTuple):
    """A row of the ``notes`` table, but its time."""

    id: int
    guid: str
    note_type: int  # the note type's id
    tags: str
    fields: str
    sort_field: str


class CardRow(NamedTuple):
    """A row of the ``cards`` table, but its time and place in the queue."""

    id: int
    note: int  # the note's id
    deck: int  # the deck's id
    template: int
    position: int  # its note's in the page: the card's due, and the index of its time


@dataclass(frozen=True)
class Parts:
    ids: tuple[str, ...]  # the notes' keys in the lock (item ids; NoteData.lock_key)
    hashes: tuple[str, ...]  # their content hashes, for the lock
    notes: tuple[NoteRow, ...]  # in the order of the page, like the two above
    cards: tuple[CardRow, ...]
    decks: tuple[str, ...]
    kinds: tuple[str, ...]  # the note types used
    media: Media
    # Of everything above (media by name, which is a hash of the bytes): with the note
    # times and the note types, it fixes the page's package.
    digest: str
    # What the notes do not carry (notes.losses), by item id: reported once per build.
    losses: tuple[tuple[str, str], ...] = ()


def page_unit(page: Page, rendered: RenderedPage, settings: Settings) -> PageUnit:
    """Each of the page's notes rendered once, into rows; and what they cannot carry."""
    fields = Fields(settings.templates, rendered)
    answers = AnswerFields(settings.templates, rendered)
    needs = requirements(settings.templates)
    report: list[Diagnostic] = []
    ids, hashes, cards, kinds = [], [], [], set()
    notes: list[NoteRow] = []
    lost: list[tuple[str, str]] = []
    media: dict[str, bytes] = {}
    did = stable_id("deck", page.deck_name)
    for item in page.items:
        made, diags = note_for(page, item, fields, answers)
        report += diags
        lost += ((item.id, what) for what in losses(item))
        for made_note in made:
            note, files = package_media(made_note, page, item)
            media.update(files)
            ids.append(note.lock_key)
            hashes.append(note.content_hash())
            row = note_row(note)
            cards += card_rows(row.id, did, note, needs[note.note_type.key], len(notes))
            notes.append(row)
            kinds.add(note.note_type.key)
    packaged = sorted_media(media)
    decks = (page.deck_name,) if notes else ()
    digest = _digest(ids, hashes, cards, decks, [f.name for f in packaged])
    parts = Parts(tuple(ids), tuple(hashes), tuple(notes), tuple(cards), decks,
                  tuple(sorted(kinds)), packaged, digest, tuple(lost))
    return PageUnit(page.slug, (), parts, tuple(report))


def note_row(note: NoteData) -> NoteRow:
    guid = note.guid
    # As genanki writes a note: tags space-padded, fields joined by the unit separator,
    # the first field to sort by.
    return NoteRow(stable_id("note", guid), guid, note.note_type.id,
                   " " + " ".join(note.tags) + " ", "\x1f".join(note.fields), note.fields[0])


def card_rows(nid: int, did: int, note: NoteData,
              needs: tuple[Requirement, ...], index: int) -> list[CardRow]:
    """A card for each template whose required fields are filled, as genanki decides
    (Anki's old rule), or for each cloze number of a cloze note, as Anki does; its id
    follows the note's."""
    fields = note.fields
    if note.note_type.cloze:
        numbers = sorted({int(n) for n in _CLOZE_NUMBER.findall(fields[0]) if int(n) > 0})
        return [CardRow(nid + n, nid, did, n - 1, index) for n in numbers]
    rows: list[CardRow] = []
    for need in needs:
        test = any if need.how == "any" else all
        if test(fields[i] for i in need.fields):
            rows.append(CardRow(nid + len(rows) + 1, nid, did, need.template, index))
    return rows


def _digest(ids: Sequence[str], hashes: Sequence[str], cards: Sequence[CardRow],
            decks: Sequence[str], media: Sequence[str]) -> str:
    # The content hashes stand for the notes' fields, tags and note types, the ids for
    # their guids, so the fields need not be hashed twice. Cards as plain tuples: their
    # repr is a fraction of the named one's.
    plain = [tuple(c) for c in cards]
    return hashlib.sha256(repr((ids, hashes, plain, decks, media)).encode()).hexdigest()
