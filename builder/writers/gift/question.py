"""A GIFT question as the writer means it: the HTML (or typed text) of every field a
GIFT reader must give back, whatever item it was made from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import html as H

QType = Literal["multichoice", "essay", "truefalse", "numerical", "shortanswer", "match"]


@dataclass(frozen=True)
class Choice:
    text: str  # HTML; for a shortanswer the typed text, as Moodle's pattern (`\\*` a star)
    correct: bool
    weight: str | None = None  # percent for multi-answer questions; None writes `=` or `~`
    feedback: str | None = None  # HTML


@dataclass(frozen=True)
class Question:
    """One GIFT question as the writer means it: the HTML a GIFT reader must give back."""

    name: str
    qtype: QType
    text: str  # HTML
    choices: tuple[Choice, ...] = ()
    general_feedback: str | None = None  # HTML
    tags: tuple[str, ...] = ()
    comment: str = ""
    # The new item kinds (builder.writers.gift.answers has how each is written).
    key: str | None = None  # truefalse `T`/`F`; numerical `512:0.5` or `29..31`
    pairs: tuple[tuple[str, str], ...] = ()  # match: left HTML ("" for a distractor), right
    tail: str | None = None  # a missing word: the HTML after the answer braces
    idnumber: str | None = None  # the ID number when it is not the name

    @property
    def stored_text(self) -> str:
        """The question text Moodle stores: a missing word's braces become ``_____``."""
        return self.text if self.tail is None else H.finish(self.text + "_____" + self.tail)
