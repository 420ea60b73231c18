"""The format-neutral model every reader produces and every writer consumes.

Text fields hold the author's source text (Markdown), never rendered output:
each writer renders for its own target. Every node carries the span of source
lines it came from so that any later stage can point at the author's text.
"""

from .answers import (
    ANSWER_KINDS,
    AnswerKind,
    Blank,
    Cloze,
    Matching,
    Numeric,
    Pair,
    ShortAnswer,
    TrueFalse,
)
from .base import (
    DIFFICULTIES,
    ID_MAX_LENGTH,
    PICK_ALL,
    SLUG_MAX_LENGTH,
    TAG_MAX_LENGTH,
    CodeBlock,
    ItemBase,
    Node,
    Option,
    Span,
    Tag,
    minutes_seconds,
    number_text,
)
from .page import ITEM_KINDS, Badge, Item, Page, Tree, challenge_identity, identity_text
from .site import Challenge, Flashcard, MultipleChoice, OpenPrompt

__all__ = [
    "ANSWER_KINDS", "DIFFICULTIES", "ID_MAX_LENGTH", "ITEM_KINDS", "PICK_ALL",
    "SLUG_MAX_LENGTH", "TAG_MAX_LENGTH", "AnswerKind", "Badge", "Blank", "Challenge",
    "Cloze", "CodeBlock", "Flashcard", "Item", "ItemBase", "Matching", "MultipleChoice",
    "Node", "Numeric", "OpenPrompt", "Option", "Page", "Pair", "ShortAnswer", "Span", "Tag",
    "Tree", "TrueFalse", "challenge_identity", "identity_text", "minutes_seconds",
    "number_text",
]
