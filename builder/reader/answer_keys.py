"""The key lines of the answer kinds: `Number:`, `Accept:`, `Case:` and `Distractors:`.

They are item lines only after an item of those kinds: everywhere else (a flashcard's
answer, a challenge's body) a line such as `Number: 4` stays text, as it always was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from builder.diagnostics import Diagnostic, codes, error
from builder.model import Span

from .annotations import closest_name, is_todo, todo
from .lines import Line

ANSWER_KEY = re.compile(r"^(?P<key>Number|Accept|Case|Distractors)\s*:\s*(?P<value>.*)$",
                        re.IGNORECASE)
ANSWER_KEY_NAMES = ("Number", "Accept", "Case", "Distractors")
_WORD_KEY = re.compile(r"^(?P<word>[A-Za-z]+)\s*:\s*(?P<value>.*)$")
_FIXES = MappingProxyType({
    "number": "write the number, e.g. `Number: 4`, `Number: 0.5 ± 0.05` or `Number: 2..4`",
    "accept": "write the accepted answers, separated by `;`",
    "case": "write `Case: sensitive` or `Case: insensitive`",
    "distractors": "write the wrong answers to offer, separated by `;`",
})


class Keyed(NamedTuple):
    value: str
    span: Span


@dataclass
class AnswerKeys:
    """The answer-key lines after one item, each with its line."""

    path: str
    diags: list[Diagnostic]
    number: Keyed | None = None
    accept: Keyed | None = None
    case: Keyed | None = None
    distractors: Keyed | None = None

    def matches(self, text: str) -> bool:
        return ANSWER_KEY.match(text) is not None or _near(text) is not None

    def take(self, line: Line) -> None:
        span = Span(file=self.path, start=line.no, end=line.no)
        m = ANSWER_KEY.match(line.text)
        if m is None:
            meant = _near(line.text)
            self.diags.append(error(
                codes.UNKNOWN_ANNOTATION, span,
                f"`{line.text.split(':', 1)[0].strip()}:` is not an item key; "
                f"did you mean `{meant}:`?", f"change it to `{meant}:`"))
            return
        key, value = m["key"].lower(), m["value"].strip()
        seen: Keyed | None = getattr(self, key)
        if seen is not None:
            self.diags.append(error(
                codes.DUPLICATE_ANNOTATION, span,
                f"`{m['key']}:` is given twice for this item (first at line "
                f"{seen.span.start})", "keep one of the two lines"))
            return
        if not value:
            self.diags.append(error(codes.EMPTY_ANNOTATION, span, f"`{m['key']}:` has no value",
                                    _FIXES[key]))
        elif is_todo(value):
            self.diags.append(todo(span, f"`{m['key']}:`", _FIXES[key]))
        setattr(self, key, Keyed(value, span))

    def usable(self, key: Keyed | None) -> str | None:
        """The value of a line that was not reported already (empty, a placeholder)."""
        return key.value if key is not None and key.value and not is_todo(key.value) else None

    def split(self, key: Keyed | None) -> tuple[str, ...]:
        value = self.usable(key)
        return tuple(p.strip() for p in value.split(";") if p.strip()) if value else ()


def is_answer_key(text: str) -> bool:
    return ANSWER_KEY.match(text) is not None


def _near(text: str) -> str | None:
    """The answer key a misspelt line meant (`Acept:` → `Accept`)."""
    m = _WORD_KEY.match(text)
    if m is None or ANSWER_KEY.match(text):
        return None
    return closest_name(m["word"], ANSWER_KEY_NAMES)
