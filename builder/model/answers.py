"""The item kinds with a key a learner types or picks outside lettered options: true or
false, a number, a short text, blanks in a passage, and pairs to match."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from .base import ItemBase, Node, Span


class TrueFalse(ItemBase):
    kind: Literal["truefalse"] = "truefalse"
    statement: str
    truth: bool
    explanation: str | None = None
    key_span: Span | None = Field(default=None, description="The `Answer:` line.")


class Numeric(ItemBase):
    """A number: ``answer`` within ``tolerance``, or anything from ``low`` to ``high``.

    ``written_as`` keeps the author's form, so that formats with both (GIFT, Canvas)
    write the one the author wrote; ``low`` and ``high`` always hold the accepted range.
    """

    kind: Literal["numeric"] = "numeric"
    question: str
    written_as: Literal["tolerance", "range"]
    answer: float
    tolerance: float = Field(ge=0)
    low: float
    high: float
    units: str | None = Field(default=None, description="Text after the number, e.g. GB.")
    explanation: str | None = None
    key_span: Span | None = Field(default=None, description="The `Number:` line.")

    @model_validator(mode="after")
    def _range_holds_the_answer(self) -> Self:
        if not self.low <= self.answer <= self.high:
            raise ValueError("a numeric key needs low <= answer <= high")
        return self


class ShortAnswer(ItemBase):
    kind: Literal["short"] = "short"
    question: str
    accepted: tuple[str, ...] = Field(min_length=1)
    case_sensitive: bool = False
    explanation: str | None = None
    key_span: Span | None = Field(default=None, description="The `Accept:` line.")


class Blank(Node):
    answer: str
    hint: str | None = None
    span: Span


class Cloze(ItemBase):
    """A passage with blanks: ``text[0]``, ``blanks[0]``, ``text[1]``, ... ``text[-1]``.

    The pieces are Markdown as written, cut at the blanks: writers ask the render stage
    for the passage with their own blank markup, never splice the pieces themselves.
    """

    kind: Literal["cloze"] = "cloze"
    text: tuple[str, ...] = Field(min_length=1)
    blanks: tuple[Blank, ...] = Field(min_length=1)
    distractors: tuple[str, ...] = Field(
        default=(), description="Wrong words to offer beside a single blank's answer.")
    explanation: str | None = None

    @model_validator(mode="after")
    def _a_piece_around_every_blank(self) -> Self:
        if len(self.text) != len(self.blanks) + 1:
            raise ValueError("a cloze has one more text piece than blanks")
        return self

    @property
    def gapped(self) -> str:
        """The passage with every blank as ``___``: what the item is, its answers apart."""
        return "___".join(self.text)


class Pair(Node):
    left: str
    right: str
    span: Span


class Matching(ItemBase):
    kind: Literal["matching"] = "matching"
    question: str
    pairs: tuple[Pair, ...] = Field(min_length=3)
    distractors: tuple[str, ...] = Field(
        default=(), description="Right-hand texts that match no left-hand one.")
    explanation: str | None = None


# Every kind of this module, for annotations and isinstance().
AnswerKind = TrueFalse | Numeric | ShortAnswer | Cloze | Matching
ANSWER_KINDS: tuple[str, ...] = ("truefalse", "numeric", "short", "cloze", "matching")
