"""The nodes every item is built from: spans, options, code, and the item base."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

DIFFICULTIES: tuple[str, ...] = ("beginner", "intermediate", "advanced", "expert")
# The tightest limit of any consumer on an item id: Moodle's question ID number column
# (question_bank_entries.idnumber, char(100)); a longer one aborts its whole import.
ID_MAX_LENGTH = 100
# Page slugs name output files and package identifiers (`quiz-<slug>`): far below the
# 255 bytes of a file name and of Canvas's migration_id column.
SLUG_MAX_LENGTH = 200
# Moodle cuts tags to 50 characters (TAG_MAX_LENGTH) and drops < > ` from them; GIFT's
# `[tag:]` token cannot carry [ ] \ safely; Anki splits tags at spaces.
TAG_MAX_LENGTH = 50
Tag = Annotated[str, StringConstraints(min_length=1, max_length=TAG_MAX_LENGTH,
                                       pattern=r"^[^\s<>`\[\]\\\x00-\x1f\x7f-\x9f]+$")]
# How pasted questions ask for several answers in their own words.
PICK_ALL = re.compile(r"\b(?:pick|select|choose|tick|mark|check) all that apply\b", re.IGNORECASE)



def minutes_seconds(seconds: int) -> str:
    """A time limit as every output and the source format write it: ``m:ss``."""
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}:{secs:02d}"


def number_text(value: float) -> str:
    """A number as every output writes it: the shortest text that reads back as the
    same float, without a trailing ``.0`` (``4``, ``0.1``, ``1e-05``)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


class Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Node):
    """Lines ``start``..``end`` (1-based, inclusive) of ``file`` (a POSIX path)."""

    file: str
    start: int = Field(ge=1)
    end: int = Field(ge=1)


class Option(Node):
    letter: str = Field(pattern=r"^[A-Z]$")
    text: str
    correct: bool = False
    feedback: str | None = None
    # In "predict the output" problems a literal backslash-n marks a line break of
    # the printed output; writers show such options as preformatted lines.
    is_output: bool = False
    span: Span

    @property
    def output_lines(self) -> list[str]:
        return self.text.split("\\n") if self.is_output else [self.text]


class CodeBlock(Node):
    label: str = Field(description="The language label as the author wrote it, e.g. PyTorch.")
    language: str = Field(description="A Pygments lexer alias for the label, e.g. python.")
    text: str
    span: Span


class ItemBase(Node):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=ID_MAX_LENGTH)
    id_explicit: bool = Field(description="True when the source names the id with an `Id:` line.")
    id_span: Span | None = Field(default=None, description="The `Id:` line, when there is one.")
    tags: tuple[Tag, ...] = ()
    allow: tuple[str, ...] = Field(default=(), description="Diagnostic codes silenced here.")
    span: Span
