"""Items as Anki notes: the four note types and the fields, tags and identity of each note.

The note types' fields are a contract with every collection that imported a package:
Anki keeps a note type by its id, so renaming, adding or reordering fields is a breaking
change (docs/outputs/anki.md). Templates and CSS may change freely; a changed note type
reaches users through the lock file's time for it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup, escape

from builder.diagnostics import Diagnostic, warning
from builder.jinja import environment
from builder.model import (
    Challenge,
    Flashcard,
    Item,
    MultipleChoice,
    OpenPrompt,
    Option,
    Page,
    minutes_seconds,
)
from builder.render import highlight_block, output_block, render_block, render_inline
from builder.tags import author_tags

FOLDER = "anki"


@dataclass(frozen=True)
class NoteType:
    key: str
    id: int  # fixed forever: Anki knows a note type by its id
    name: str
    fields: tuple[str, ...]
    # Tappable options: the front remembers the picks and the back marks them
    # (templates/anki/remember-picks.js, mark-picks.js), shared by both such types.
    picks: bool = False


# Ids are constants, not derived from names, so a note type may be renamed in place.
FLASHCARD = NoteType("flashcard", 1_718_203_100_001, "Study Builder: Flashcard",
                     ("Front", "Back", "Difficulty", "Id"))
CHOICE = NoteType("choice", 1_718_203_100_002, "Study Builder: Multiple choice",
                  ("Question", "Options", "Key", "Explanation", "Instruction", "Id"), picks=True)
OPEN = NoteType("open", 1_718_203_100_003, "Study Builder: Open prompt",
                ("Prompt", "Hint", "Concepts", "ConceptCount", "Id"))
CHALLENGE = NoteType("challenge", 1_718_203_100_004, "Study Builder: Challenge",
                     ("Title", "Body", "Code", "Options", "Key", "Explanation", "Hint",
                      "Category", "Difficulty", "TimeLimit", "Attempts", "Id"), picks=True)
NOTE_TYPES: tuple[NoteType, ...] = (FLASHCARD, CHOICE, OPEN, CHALLENGE)


@dataclass(frozen=True)
class NoteData:
    item_id: str
    note_type: NoteType
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck: str

    @property
    def guid(self) -> str:
        # The item id names the note; the note type is part of the name because Anki
        # refuses to move a note to another note type on import (a "conflicting" note):
        # an item that changes kind arrives as a new note instead of never updating.
        return stable_guid(self.item_id, self.note_type.key)

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


class OptionView(NamedTuple):
    """An option as the field templates see it (``opt.letter`` or ``opt["letter"]``).

    Not a dict: Jinja looks ``opt.letter`` up as an attribute first, and on a dict that
    raises and catches an AttributeError every time, a third of these templates' cost.
    """

    letter: str
    correct: bool
    html: Markup
    feedback: Markup | None


class Fields:
    """Field HTML: Markdown through builder.render, lists through templates/anki/fields."""

    def __init__(self, templates: Path) -> None:
        env = environment(templates / FOLDER / "fields")
        self._options = env.get_template("options.html.j2")
        self._key = env.get_template("key.html.j2")
        self._concepts = env.get_template("concepts.html.j2")
        self._instruction = env.get_template("instruction.html.j2")
        self._instructions: dict[tuple[bool, bool], str] = {}  # one of three sentences

    @staticmethod
    def option_html(opt: Option) -> Markup:
        if opt.is_output:
            return Markup(output_block(opt.output_lines))
        return Markup(render_inline(opt.text))

    def _option_values(self, options: tuple[Option, ...]) -> list[OptionView]:
        return [OptionView(o.letter, o.correct, self.option_html(o),
                           Markup(render_block(o.feedback)) if o.feedback else None)
                for o in options]

    def choices(self, note: str, options: tuple[Option, ...],
                multiple: bool) -> tuple[str, str]:
        """The front's options and the back's key, from one rendering of each option."""
        if not options:
            return "", ""
        values = self._option_values(options)
        right = [o.letter for o in options if o.correct]
        return (self._options.render(note=note, multiple=multiple, options=values).strip(),
                self._key.render(note=note, multiple=multiple, right=right,
                                 options=values).strip())

    def instruction(self, item: MultipleChoice) -> str:
        key = (item.multiple, item.says_pick_all)
        if key not in self._instructions:
            self._instructions[key] = self._instruction.render(
                multiple=key[0], stated=key[1]).strip()
        return self._instructions[key]

    def concepts(self, concepts: tuple[str, ...], count: int | None) -> str:
        return self._concepts.render(
            count=count, concepts=[Markup(render_inline(c)) for c in concepts]).strip()


def _block(text: str | None) -> str:
    return render_block(text) if text else ""


def _plain(text: object) -> str:
    return str(escape(text)) if text is not None else ""


def _category(item: Challenge) -> str:
    """The badge shows the category's emoji, as the sheets do (tags keep the bare name)."""
    return f"{item.category_icon} {item.category}" if item.category_icon else item.category


def note_for(page: Page, item: Item, fields: Fields) -> tuple[NoteData, list[Diagnostic]]:
    """The note for one item, and a warning for what the note cannot carry."""
    diags: list[Diagnostic] = []
    values: tuple[str, ...]
    if isinstance(item, Flashcard):
        kind = FLASHCARD
        values = (_block(item.question), _block(item.answer), _plain(item.difficulty), item.id)
    elif isinstance(item, MultipleChoice) and item.options_lost:
        kind = FLASHCARD
        back = _block(item.explanation) or "<p>(The source kept no answer for this question.)</p>"
        values = (_block(item.question), back, "", item.id)
        diags.append(warning(
            "anki-options-lost", item.feedback_span or item.span,
            "this question lost its options, so its Anki note is a flashcard with the "
            "feedback text as the answer",
            "put the options and an `Answer:` line back; the question then becomes a new "
            "multiple-choice note (delete the old flashcard in Anki)"))
    elif isinstance(item, MultipleChoice):
        kind = CHOICE
        values = (_block(item.question), *fields.choices(item.id, item.options, item.multiple),
                  _block(item.explanation), fields.instruction(item), item.id)
    elif isinstance(item, OpenPrompt):
        kind = OPEN
        values = (_block(item.prompt), _block(item.hint),
                  fields.concepts(item.concepts, item.concept_count),
                  _plain(item.concept_count), item.id)
    else:
        kind = CHALLENGE
        code = highlight_block(item.code.text, item.code.language) if item.code else ""
        attempts = None
        if item.attempts is not None:
            attempts = f"{item.attempts} attempt{'s' if item.attempts != 1 else ''}"
        values = (render_inline(item.title), _block(item.body), code,
                  *fields.choices(item.id, item.options, item.multiple), _block(item.explanation),
                  _block(item.hint), _plain(_category(item)), _plain(item.difficulty),
                  _plain(minutes_seconds(item.time_limit_s) if item.time_limit_s else None),
                  _plain(attempts), item.id)
    note = NoteData(item_id=item.id, note_type=kind, fields=values,
                    tags=tags_for(page, item, kind.key), deck=page.deck_name)
    return note, diags
