"""Items as Anki notes: the note type, fields, tags and identity of each note.

A note's guid and id derive from its item id, so a re-imported package updates the notes
it made before instead of adding copies. Every item is one note but a matching item,
which is a note per pair: its guid adds the pair's left-hand text to the item id, so
reordering the pairs, or editing a right-hand side, keeps each pair's note.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import (
    Challenge,
    Cloze,
    Flashcard,
    Item,
    Matching,
    MultipleChoice,
    Numeric,
    OpenPrompt,
    Page,
    ShortAnswer,
    TrueFalse,
)
from builder.tags import author_tags

from .answer_fields import AnswerFields
from .fields import Fields, Values
from .note_types import (
    CHALLENGE,
    CHOICE,
    CLOZE,
    FLASHCARD,
    MATCHING,
    NUMERIC,
    OPEN,
    SHORT,
    TRUEFALSE,
    NoteType,
)


@dataclass(frozen=True)
class NoteData:
    item_id: str
    note_type: NoteType
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str
    # Which of its item's notes this is, when the item has several: a matching pair's
    # left-hand text.
    part: str | None = None

    @property
    def guid(self) -> str:
        # The item id names the note; the note type is part of the name because Anki
        # refuses to move a note to another note type on import (a "conflicting" note):
        # an item that changes kind arrives as a new note instead of never updating.
        name = self.item_id if self.part is None else f"{self.item_id}\n{self.part}"
        return stable_guid(name, self.note_type.key)

    @property
    def lock_key(self) -> str:
        """The note's entry in the lock: its item id, and after a ``/`` (which no id
        holds) a hash of its part when the item has several notes."""
        if self.part is None:
            return self.item_id
        return f"{self.item_id}/{hashlib.sha256(self.part.encode()).hexdigest()[:12]}"

    def content_hash(self) -> str:
        """What the note carries: a change here must reach the user's collection."""
        body = json.dumps([self.note_type.id, self.fields, self.tags], ensure_ascii=False)
        return "sha256:" + hashlib.sha256(body.encode()).hexdigest()


_BASE91 = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
           "!#$%&()*+,-./:;<=>?@[]^_`{|}~")


def stable_guid(item_id: str, kind: str) -> str:
    """A base91 GUID (Anki's alphabet) from a hash of the item id and the note type."""
    number = int.from_bytes(
        hashlib.sha256(f"study-builder\n{kind}\n{item_id}".encode()).digest()[:8], "big")
    digits = []
    while number:
        number, rest = divmod(number, len(_BASE91))
        digits.append(_BASE91[rest])
    return "".join(reversed(digits)) or "a"


def stable_id(kind: str, name: str) -> int:
    """A positive id below 2**53 (JSON- and JavaScript-safe) derived from a stable name."""
    digest = hashlib.sha256(f"study-builder\n{kind}\n{name}".encode()).digest()
    return (1 << 40) + int.from_bytes(digest[:6], "big")


_SPACES = re.compile(r"\s+")


def anki_tag(text: str) -> str:
    """Anki tags cannot hold spaces; ``::`` builds a tag hierarchy."""
    return _SPACES.sub("_", text.strip())


def tags_for(page: Page, item: Item, kind: str) -> tuple[str, ...]:
    found = [f"kind::{kind}", f"page::{page.slug}"]
    if page.subject:
        found.append(f"subject::{anki_tag(page.subject)}")
    difficulty = getattr(item, "difficulty", None)
    if difficulty:
        found.append(f"difficulty::{anki_tag(difficulty)}")
    if isinstance(item, Challenge) and item.category:
        found.append(f"category::{anki_tag(item.category)}")
    found += author_tags(page, item)  # already as every output writes them
    unique: dict[str, str] = {}
    for tag in found:
        if tag:
            unique.setdefault(tag.casefold(), tag)  # Anki's tags are case-insensitive
    return tuple(sorted(unique.values(), key=str.casefold))


def note_for(page: Page, item: Item, fields: Fields,
             answers: AnswerFields) -> tuple[list[NoteData], list[Diagnostic]]:
    """The notes for one item, and a warning for what the notes cannot carry."""
    diags: list[Diagnostic] = []
    values: Values
    if isinstance(item, Matching):
        return pair_notes(page, item, answers), diags
    if isinstance(item, Flashcard):
        kind, values = FLASHCARD, fields.flashcard(item)
    elif isinstance(item, MultipleChoice) and item.options_lost:
        kind, values = FLASHCARD, fields.options_lost(item)
        diags.append(warning(
            codes.ANKI_OPTIONS_LOST, item.feedback_span or item.span,
            "this question lost its options, so its Anki note is a flashcard with the "
            "feedback text as the answer",
            "put the options and an `Answer:` line back; the question then becomes a new "
            "multiple-choice note (delete the old flashcard in Anki)"))
    elif isinstance(item, MultipleChoice):
        kind, values = CHOICE, fields.choice(item)
    elif isinstance(item, OpenPrompt):
        kind, values = OPEN, fields.open(item)
    elif isinstance(item, Challenge):
        kind, values = CHALLENGE, fields.challenge(item)
    else:
        kind, values = answer_note(item, answers)
    note = NoteData(item_id=item.id, note_type=kind, fields=values,
                    tags=tags_for(page, item, kind.key), deck=page.deck_name)
    return [note], diags


def answer_note(item: TrueFalse | Numeric | ShortAnswer | Cloze,
                answers: AnswerFields) -> tuple[NoteType, Values]:
    match item:
        case TrueFalse():
            return TRUEFALSE, answers.truefalse(item)
        case Numeric():
            return NUMERIC, answers.numeric(item)
        case ShortAnswer():
            return SHORT, answers.short(item)
        case Cloze():
            return CLOZE, answers.cloze(item)


def pair_notes(page: Page, item: Matching, answers: AnswerFields) -> list[NoteData]:
    """A note per pair (each pair is a fact of its own, scheduled on its own). The
    reader refuses a repeated left side (``matching-repeated``), so each pair's guid is
    its own."""
    tags = tags_for(page, item, MATCHING.key)
    return [NoteData(item_id=item.id, note_type=MATCHING, fields=answers.pair(item, pair),
                     tags=tags, deck=page.deck_name, part=pair.left) for pair in item.pairs]


def losses(item: Item) -> tuple[str, ...]:
    """What of ``item`` its Anki notes do not carry, for link's notes (one per build)."""
    found = []
    if isinstance(item, Cloze | Matching) and item.distractors:
        found.append("distractors")
    if isinstance(item, ShortAnswer) and (len(item.accepted) > 1 or not item.case_sensitive):
        found.append("typed")
    return tuple(found)
