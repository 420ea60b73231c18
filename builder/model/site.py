"""The item kinds the revision site's pages hold: flashcards, multiple choice, open
prompts and timed challenges."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import PICK_ALL, CodeBlock, ItemBase, Option, Span


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
