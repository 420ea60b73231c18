"""The note types: their fields, and the genanki models built from the templates.

The note types' fields are a contract with every collection that imported a package:
Anki keeps a note type by its id, so renaming, adding or reordering fields is a breaking
change (docs/outputs/anki.md). Templates and CSS may change freely; a changed note type
reaches users through the lock file's time for it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import genanki  # type: ignore[import-untyped]

FOLDER = "anki"
# The name Anki's card-type editor shows; part of each note type's hash in the lock.
_CARD_NAME = "Card 1"
_CLOZE_NAME = "Cloze"  # as Anki's own Cloze note type names its one template


@dataclass(frozen=True)
class NoteType:
    key: str
    id: int  # fixed forever: Anki knows a note type by its id
    name: str
    fields: tuple[str, ...]
    # Tappable options: the front remembers the picks and the back marks them
    # (templates/anki/remember-picks.js, mark-picks.js), shared by both such types.
    picks: bool = False
    # Anki's cloze type: a card per cloze number in the first field, not per template.
    cloze: bool = False
    # The note types of issue 16 add answers.css to the shared style; the first four
    # keep theirs as it was, so their hashes in every lock stay the same.
    answers: bool = False


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
# Always in the lock, used or not (as before the kinds below existed).
NOTE_TYPES: tuple[NoteType, ...] = (FLASHCARD, CHOICE, OPEN, CHALLENGE)
# The answer kinds' note types: in the lock only while the tree uses them, so a tree
# without such items keeps its lock and packages byte for byte.
CLOZE = NoteType("cloze", 1_718_203_100_005, "Study Builder: Cloze",
                 ("Text", "Extra", "Id"), cloze=True, answers=True)
TRUEFALSE = NoteType("truefalse", 1_718_203_100_006, "Study Builder: True or false",
                     ("Statement", "Answer", "Explanation", "Id"), answers=True)
NUMERIC = NoteType("numeric", 1_718_203_100_007, "Study Builder: Number",
                   ("Question", "Answer", "Explanation", "Id"), answers=True)
SHORT = NoteType("short", 1_718_203_100_008, "Study Builder: Short answer",
                 ("Question", "Answer", "Accepted", "Explanation", "Id"), answers=True)
MATCHING = NoteType("matching", 1_718_203_100_009, "Study Builder: Matching pair",
                    ("Left", "Right", "Question", "Explanation", "Id"), answers=True)
ANSWER_NOTE_TYPES: tuple[NoteType, ...] = (CLOZE, TRUEFALSE, NUMERIC, SHORT, MATCHING)
EVERY_NOTE_TYPE = NOTE_TYPES + ANSWER_NOTE_TYPES


class Requirement(NamedTuple):
    """Which fields a note type's template needs filled to make a card."""

    template: int  # the template's ord
    how: str  # "any" or "all" of them
    fields: tuple[int, ...]  # field indexes


# The files the note types are made of; the fronts alone decide which fields make a card.
_FRONTS = ("remember-picks.js", *(f"{nt.key}.front.html" for nt in EVERY_NOTE_TYPE))
_BACKS = ("style.css", "code.css", "answers.css", "mark-picks.js",
          *(f"{nt.key}.back.html" for nt in EVERY_NOTE_TYPE))


def models(templates: Path) -> dict[str, genanki.Model]:
    """The note types, afresh: genanki changes a model's templates as it writes them."""
    texts = _texts(templates, _FRONTS + _BACKS)
    # code.css is Pygments' rules as committed (builder.render.styles), not the
    # installed Pygments': the note types' hashes are in the committed lock.
    css = texts["style.css"] + "\n" + texts["code.css"]
    answers = css + "\n" + texts["answers.css"]
    return {nt.key: _model(texts, nt, answers if nt.answers else css)
            for nt in EVERY_NOTE_TYPE}


def _texts(templates: Path, names: tuple[str, ...]) -> dict[str, str]:
    return {n: (templates / FOLDER / n).read_text(encoding="utf-8") for n in names}


def requirements(templates: Path) -> dict[str, tuple[Requirement, ...]]:
    """Which fields each note type's templates need to make a card."""
    return _requirements_of(tuple(_texts(templates, _FRONTS).items()))


@lru_cache(maxsize=4)
def _requirements_of(fronts: tuple[tuple[str, str], ...]) -> dict[str, tuple[Requirement, ...]]:
    # Keyed by the templates' text: every page's compile needs this, and genanki works
    # it out by rendering each front once per field. A cloze note's cards come from
    # its cloze numbers instead (parts.card_rows).
    texts = dict(fronts) | dict.fromkeys(_BACKS, "")
    return {nt.key: () if nt.cloze else tuple(Requirement(o, how, tuple(f))
                                              for o, how, f in _model(texts, nt, "")._req)
            for nt in EVERY_NOTE_TYPE}


def _model(texts: dict[str, str], nt: NoteType, css: str) -> genanki.Model:
    front, back = texts[f"{nt.key}.front.html"], texts[f"{nt.key}.back.html"]
    if nt.picks:
        front += _script(texts["remember-picks.js"])
        back += _script(texts["mark-picks.js"])
    template = {"name": _CLOZE_NAME if nt.cloze else _CARD_NAME, "qfmt": front, "afmt": back}
    kind = genanki.Model.CLOZE if nt.cloze else genanki.Model.FRONT_BACK
    return genanki.Model(model_id=nt.id, name=nt.name, fields=[{"name": f} for f in nt.fields],
                         templates=[template], css=css, model_type=kind)


def _script(text: str) -> str:
    return f"<script>\n{text}</script>\n"


def model_hash(model: genanki.Model) -> str:
    """What the lock keeps of a note type: a change gives it a new time."""
    body = json.dumps([model.name, model.fields, model.templates, model.css], sort_keys=True)
    return "sha256:" + hashlib.sha256(body.encode()).hexdigest()
