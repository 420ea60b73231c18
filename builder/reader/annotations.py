"""The plain ``Key: value`` lines authors add after an item to supply what pages lose."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Protocol

from builder.diagnostics import Diagnostic, codes, error, warning
from builder.model import Span
from builder.tags import clean_tag

from .lines import Line

ITEM_KEY = re.compile(
    r"^(?P<key>Id|Answers?|Explanation|Feedback\s+[A-Fa-f]|Concepts|Tags|Allow)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# The item keys as an author writes them, for "did you mean" on a misspelt one.
ITEM_KEY_NAMES = ("Id", "Answer", "Answers", "Explanation", "Feedback", "Concepts", "Tags",
                  "Allow")
# A line shaped like an item line, `Word: value` or `Word X: value`, whatever the word.
_KEY_SHAPE = re.compile(
    r"^(?P<key>(?P<word>[A-Za-z]+)(?:\s+(?P<letter>[A-Fa-f]))?)\s*:\s*(?P<value>.*)$")
_NEAR = 0.8  # "Anwser" and "Explenation" are near misses; "Task" (for Tags) is not
PAGE_KEY = re.compile(
    r"^(?P<key>Title|Subtitle|Subject|Field|Minutes|Order|Deck|Tags|Allow)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
TODO = "TODO"
TODO_FIXES = MappingProxyType({
    "answer": "write the letter of the correct option (`Answers: A, C` for several)",
    "explanation": "write why the correct option is right",
    "concepts": "list the concepts a good answer names, separated by `;`",
    "feedback": "write the feedback for a learner who picks that option",
    "option": "write the option text after its letter",
    "title": "write the page title",
    "subject": "write the subject, e.g. PyTorch",
    "field": "write the field, e.g. ml (or delete the line)",
    "allow": "decide: reword the item so the warning no longer applies and delete the line, "
             "or delete just the word TODO to keep the item as it is",
})


def is_todo(value: str) -> bool:
    return value.strip() == TODO


def todo(span: Span, what: str, fix: str) -> Diagnostic:
    return error(codes.TODO, span, f"{what} is still a TODO placeholder", fix or "fill it in")


LETTERS = re.compile(r"^[A-Fa-f](?:\s*[,;]?\s*[A-Fa-f])*$")
TRUTH = re.compile(r"^(?:true|false)$", re.IGNORECASE)


class ExtraLines(Protocol):
    """Key lines one kind of item adds to the common ones (the answer kinds' keys)."""

    def matches(self, text: str) -> bool: ...

    def take(self, line: Line) -> None: ...


@dataclass
class Annotations:
    """What the lines after one item say; ``span`` covers them all."""

    id: str | None = None
    id_span: Span | None = None
    answer: list[str] = field(default_factory=list)
    answer_multiple: bool = False
    answer_span: Span | None = None
    # `Answer: true` or `Answer: false`: the key of a true-or-false statement.
    truth: bool | None = None
    explanation: str | None = None
    feedback: dict[str, str] = field(default_factory=dict)
    feedback_spans: dict[str, Span] = field(default_factory=dict)
    concepts: list[str] = field(default_factory=list)
    concepts_span: Span | None = None
    tags: list[str] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)
    seen: dict[str, Span] = field(default_factory=dict)
    # Item lines already reported (empty, misspelt, a placeholder): nothing more is said
    # about them.
    reported: list[Span] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class NearKey:
    """A line such as `Anwser: A`: the key as written, the one meant, and the value."""

    written: str
    meant: str
    value: str


def is_item_annotation(text: str) -> bool:
    return ITEM_KEY.match(text) is not None


def near_key(text: str) -> NearKey | None:
    """The item key a line that is not an item line probably meant (`Anwser:` → `Answer:`)."""
    if ITEM_KEY.match(text):
        return None
    m = _KEY_SHAPE.match(text)
    meant = closest_name(m["word"], ITEM_KEY_NAMES) if m is not None else None
    if m is None or meant is None:
        return None
    if meant == "Feedback":
        meant += f" {m['letter'].upper()}" if m["letter"] else " <letter>"
    return NearKey(" ".join(m["key"].split()), meant, m["value"].strip())


def closest_name(word: str, names: Sequence[str]) -> str | None:
    """The key of ``names`` that ``word`` is a near miss of (`Anwser` → `Answer`)."""
    lowered = {n.lower(): n for n in names}
    close = difflib.get_close_matches(word.lower(), lowered, n=1, cutoff=_NEAR)
    return lowered[close[0]] if close else None


def is_item_line(text: str) -> bool:
    """An item line, or a misspelt one (which is reported, never read as text)."""
    return is_item_annotation(text) or near_key(text) is not None


def read_item_annotations(
    lines: list[Line], pos: int, path: str, diags: list[Diagnostic],
    opens_item: Callable[[int], bool] | None = None, extra: ExtraLines | None = None,
) -> tuple[Annotations, int]:
    """Read consecutive annotation lines from ``pos``; blank lines between them are fine.

    ``opens_item(k)`` says whether line ``k`` starts the next item: such a line is never
    taken for a misspelt key. ``extra`` takes the lines of the keys only some kinds have."""
    notes = Annotations()

    def here(k: int) -> bool:
        text = lines[k].text
        return is_item_annotation(text) or (extra is not None and extra.matches(text)) or (
            near_key(text) is not None and not (opens_item and opens_item(k)))

    while pos < len(lines):
        line = lines[pos]
        if line.blank:
            nxt = pos + 1
            while nxt < len(lines) and lines[nxt].blank:
                nxt += 1
            if nxt < len(lines) and here(nxt):
                pos = nxt
                continue
            break
        if not here(pos):
            break
        if extra is not None and not is_item_annotation(line.text) and extra.matches(line.text):
            extra.take(line)
        else:
            apply_line(notes, line, path, diags)
        pos += 1
    return notes, pos


def apply_line(notes: Annotations, line: Line, path: str, diags: list[Diagnostic]) -> bool:
    """Read one item line (or report a misspelt one) into ``notes``; False if it is
    neither."""
    span = Span(file=path, start=line.no, end=line.no)
    m = ITEM_KEY.match(line.text)
    if m:
        _apply(notes, m["key"], m["value"].strip(), span, diags)
    else:
        near = near_key(line.text)
        if near is None:
            return False
        diags.append(error(
            codes.UNKNOWN_ANNOTATION, span,
            f"`{near.written}:` is not an item key; did you mean `{near.meant}:`?",
            f"change it to `{near.meant}:`"
            + (" with the letter of the option it is for" if "<" in near.meant else "")))
        _owe(notes, near.meant.split()[0].lower(), near.value, span)
    return True


def split_tags(value: str) -> list[str]:
    return [t for t in re.split(r"[\s,]+", value) if t]


def read_tags(value: str, span: Span, diags: list[Diagnostic]) -> list[str]:
    """The tags of a `Tags:` line as every output writes them; what that changes is
    reported at the line."""
    tags = []
    for raw in split_tags(value):
        clean = clean_tag(raw)
        if clean.why:
            became = f"is written {clean.tag!r}" if clean.tag else "is left out"
            diags.append(warning(
                codes.TAG_CHANGED, span, f"tag {raw!r} {became} in every output: "
                + "; ".join(clean.why),
                "rename the tag (letters, digits, `-`, `_`, `::` between levels, "
                "at most 50 characters)"))
        if clean.tag:
            tags.append(clean.tag)
    return tags


def _apply(notes: Annotations, raw_key: str, value: str, span: Span,
           diags: list[Diagnostic]) -> None:
    key = " ".join(raw_key.lower().split())
    canonical = "answer" if key in ("answer", "answers") else key
    if canonical in notes.seen and canonical not in ("tags", "allow"):
        diags.append(error(codes.DUPLICATE_ANNOTATION, span,
                           f"`{raw_key}:` is given twice for this item "
                           f"(first at line {notes.seen[canonical].start})",
                           "keep one of the two lines"))
        return
    notes.seen[canonical] = span
    if not value:
        diags.append(error(codes.EMPTY_ANNOTATION, span, f"`{raw_key}:` has no value",
                           "write the value after the colon or delete the line"))
        _owe(notes, canonical, value, span)
        return
    if is_todo(value):
        diags.append(todo(span, f"`{raw_key}:`", TODO_FIXES.get(canonical.split()[0], "")))
        if canonical == "answer":
            _owe(notes, canonical, value, span)
            return
    if canonical == "id":
        notes.id, notes.id_span = value, span
    elif canonical == "answer":
        _answer(notes, key, raw_key, value, span, diags)
    elif canonical == "explanation":
        notes.explanation = value
    elif canonical.startswith("feedback"):
        letter = canonical[-1].upper()
        notes.feedback[letter] = value
        notes.feedback_spans[letter] = span
    elif canonical == "concepts":
        notes.concepts = [c.strip() for c in value.split(";") if c.strip()]
        notes.concepts_span = span
    elif canonical == "tags":
        notes.tags.extend(read_tags(value, span, diags))
    elif canonical == "allow":
        allowed = split_tags(value)
        if TODO in allowed and not is_todo(value):
            diags.append(todo(span, "`Allow:`", TODO_FIXES["allow"]))
        notes.allow.extend(c for c in allowed if c != TODO)


def _answer(notes: Annotations, key: str, raw_key: str, value: str, span: Span,
            diags: list[Diagnostic]) -> None:
    if TRUTH.match(value):
        notes.truth, notes.answer_span = value.lower() == "true", span
    elif len(value) > 64 or not LETTERS.match(value):
        diags.append(error(codes.BAD_ANSWER, span,
                           f"`{raw_key}: {value}` is not a list of option letters",
                           "write the letters of the correct options, e.g. `Answer: B` "
                           "or `Answers: A, C`"))
    else:
        notes.answer = [c.upper() for c in value if c.isalpha()]
        notes.answer_multiple = key == "answers"
        notes.answer_span = span


def _owe(notes: Annotations, canonical: str, value: str, span: Span) -> None:
    """A key the author did write, on a line already reported (empty, misspelt, a
    placeholder): its absence must not be reported a second time."""
    notes.reported.append(span)
    if canonical in ("answer", "answers"):
        notes.answer_span = span
    elif canonical == "explanation":
        notes.explanation = value
