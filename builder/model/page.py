"""Pages, the tree of them, and the union of every item kind."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .answers import ANSWER_KINDS, Cloze, Matching, Numeric, ShortAnswer, TrueFalse
from .base import SLUG_MAX_LENGTH, Node, Span, Tag
from .site import Challenge, Flashcard, MultipleChoice, OpenPrompt

Item = Annotated[
    Flashcard | MultipleChoice | OpenPrompt | Challenge | TrueFalse | Numeric | ShortAnswer
    | Cloze | Matching,
    Field(discriminator="kind"),
]


def challenge_identity(title: str, body: str) -> str:
    return title + "\n" + body


def identity_text(item: Item) -> str:
    """What makes an item the item it is: the text its derived id hashes (the reader
    hashes the same text as it reads) and near-duplicate detection compares."""
    match item:
        case Flashcard() | MultipleChoice() | Numeric() | ShortAnswer() | Matching():
            return item.question
        case OpenPrompt():
            return item.prompt
        case TrueFalse():
            return item.statement
        case Cloze():
            return item.gapped
        case Challenge():
            return challenge_identity(item.title, item.body)


ITEM_KINDS: tuple[str, ...] = ("flashcard", "choice", "open", "challenge", *ANSWER_KINDS)



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
