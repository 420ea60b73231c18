"""The format-neutral model every reader produces and every writer consumes.

Text fields hold the author's source text (Markdown), never rendered output:
each writer renders for its own target. Every node carries the span of source
lines it came from so that any later stage can point at the author's text.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

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


class Flashcard(ItemBase):
    kind: Literal["flashcard"] = "flashcard"
    difficulty: str | None
    question: str
    answer: str


class MultipleChoice(ItemBase):
    kind: Literal["choice"] = "choice"
    question: str
    options: tuple[Option, ...]
    multiple: bool = Field(description="Several options may be correct (an `Answers:` line).")
    explanation: str | None = None
    options_lost: bool = Field(
        description="The page kept only feedback: the options were not copied."
    )
    feedback_span: Span | None = None
    key_span: Span | None = None

    @property
    def correct_letters(self) -> list[str]:
        return [o.letter for o in self.options if o.correct]

    @property
    def says_pick_all(self) -> bool:
        """The question itself asks to pick all that apply (writers then do not repeat it)."""
        return self.multiple and PICK_ALL.search(self.question) is not None


class OpenPrompt(ItemBase):
    kind: Literal["open"] = "open"
    prompt: str
    hint: str | None = None
    concept_count: int | None = None
    concepts: tuple[str, ...] = ()
    concepts_span: Span | None = None


class Challenge(ItemBase):
    kind: Literal["challenge"] = "challenge"
    category: str
    category_icon: str | None = None
    difficulty: str | None
    time_limit_s: int | None = None
    attempts: int | None = None
    title: str
    body: str
    code: CodeBlock | None = None
    options: tuple[Option, ...]
    multiple: bool = False
    explanation: str | None = None
    hint: str | None = None
    key_span: Span | None = None

    @property
    def correct_letters(self) -> list[str]:
        return [o.letter for o in self.options if o.correct]


Item = Annotated[Flashcard | MultipleChoice | OpenPrompt | Challenge, Field(discriminator="kind")]


def challenge_identity(title: str, body: str) -> str:
    return title + "\n" + body


def identity_text(item: Item) -> str:
    """What makes an item the item it is: the text its derived id hashes (the reader
    hashes the same text as it reads) and near-duplicate detection compares."""
    if isinstance(item, Flashcard | MultipleChoice):
        return item.question
    if isinstance(item, OpenPrompt):
        return item.prompt
    return challenge_identity(item.title, item.body)
ITEM_KINDS: tuple[str, ...] = ("flashcard", "choice", "open", "challenge")


class Badge(Node):
    icon: str | None = None
    name: str
    slogans: tuple[str, ...] = ()
    span: Span


class Page(Node):
    path: str = Field(description="POSIX path of the page relative to the source root.")
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=SLUG_MAX_LENGTH)
    title: str | None = None
    subtitle: str | None = None
    subject: str | None = None
    field: str | None = None
    minutes: int | None = None
    order: int | None = Field(
        default=None,
        description="Place in the reading order (the `Order:` line): the sheets' index lists "
                    "pages by it, lower first, then pages without one by title.")
    deck: str | None = None
    tags: tuple[Tag, ...] = ()
    allow: tuple[str, ...] = Field(default=(), description="Lint codes silenced on the page.")
    badge: Badge | None = None
    declared_challenges: int | None = None
    items: tuple[Item, ...] = ()
    span: Span
    # The header lines the title, subject and deck were read from (None when absent).
    title_span: Span | None = None
    subject_span: Span | None = None
    deck_span: Span | None = None

    @property
    def display_title(self) -> str:
        return self.title or self.slug

    @property
    def deck_name(self) -> str:
        """Anki-style deck path; the page's own `Deck:` line wins."""
        if self.deck:
            return self.deck
        parts = [p for p in (self.subject, self.display_title) if p]
        return "::".join(parts)


class Tree(Node):
    schema_version: Literal[1] = 1
    root: str = Field(description="The source root as given on the command line.")
    pages: tuple[Page, ...] = ()

    def items(self) -> list[tuple[Page, Item]]:
        return [(page, item) for page in self.pages for item in page.items]
