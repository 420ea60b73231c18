"""The plain ``Key: value`` lines authors add after an item to supply what pages lose."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from builder.diagnostics import Diagnostic, error, warning
from builder.model import Span

from .lines import Line

ITEM_KEY = re.compile(
    r"^(?P<key>Id|Answers?|Explanation|Feedback\s+[A-Fa-f]|Concepts|Tags|Allow)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
PAGE_KEY = re.compile(
    r"^(?P<key>Title|Subtitle|Subject|Field|Minutes|Order|Deck|Tags|Allow)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
TODO = "TODO"
TODO_FIXES = {
    "answer": "write the letter of the correct option (`Answers: A, C` for several)",
    "explanation": "write why the correct option is right",
    "concepts": "list the concepts a good answer names, separated by `;`",
    "feedback": "write the feedback for a learner who picks that option",
    "option": "write the option text after its letter",
    "title": "write the page title",
    "subject": "write the subject, e.g. PyTorch",
    "allow": "decide: reword the item so the warning no longer applies and delete the line, "
             "or delete just the word TODO to keep the item as it is",
}


def is_todo(value: str) -> bool:
    return value.strip() == TODO


def todo(span: Span, what: str, fix: str) -> Diagnostic:
    return error("todo", span, f"{what} is still a TODO placeholder", fix or "fill it in")


LETTERS = re.compile(r"^[A-Fa-f](?:\s*[,;]?\s*[A-Fa-f])*$")


@dataclass
class Annotations:
    """What the lines after one item say; ``span`` covers them all."""

    id: str | None = None
    id_span: Span | None = None
    answer: list[str] = field(default_factory=list)
    answer_multiple: bool = False
    answer_span: Span | None = None
    explanation: str | None = None
    feedback: dict[str, str] = field(default_factory=dict)
    feedback_spans: dict[str, Span] = field(default_factory=dict)
    concepts: list[str] = field(default_factory=list)
    concepts_span: Span | None = None
    tags: list[str] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)
    last_line: int = 0
    seen: dict[str, Span] = field(default_factory=dict)


def is_item_annotation(text: str) -> bool:
    return ITEM_KEY.match(text) is not None


def read_item_annotations(
    lines: list[Line], pos: int, path: str, diags: list[Diagnostic]
) -> tuple[Annotations, int]:
    """Read consecutive annotation lines from ``pos``; blank lines between them are fine."""
    notes = Annotations()
    while pos < len(lines):
        line = lines[pos]
        if line.blank:
            nxt = pos + 1
            while nxt < len(lines) and lines[nxt].blank:
                nxt += 1
            if nxt < len(lines) and is_item_annotation(lines[nxt].text):
                pos = nxt
                continue
            break
        m = ITEM_KEY.match(line.text)
        if not m:
            break
        _apply(notes, m["key"], m["value"].strip(), Span(file=path, start=line.no, end=line.no),
               diags)
        notes.last_line = line.no
        pos += 1
    return notes, pos


def split_tags(value: str) -> list[str]:
    return [t for t in re.split(r"[\s,]+", value) if t]


def _apply(notes: Annotations, raw_key: str, value: str, span: Span,
           diags: list[Diagnostic]) -> None:
    key = " ".join(raw_key.lower().split())
    canonical = "answer" if key in ("answer", "answers") else key
    if canonical in notes.seen and canonical not in ("tags", "allow"):
        diags.append(error("duplicate-annotation", span,
                           f"`{raw_key}:` is given twice for this item "
                           f"(first at line {notes.seen[canonical].start})",
                           "keep one of the two lines"))
        return
    notes.seen[canonical] = span
    if not value:
        diags.append(error("empty-annotation", span, f"`{raw_key}:` has no value",
                           "write the value after the colon or delete the line"))
        return
    if is_todo(value):
        diags.append(todo(span, f"`{raw_key}:`", TODO_FIXES.get(canonical.split()[0], "")))
        if canonical == "answer":
            notes.answer_span = span  # the key is owed, and this line says so
            return
    if canonical == "id":
        notes.id, notes.id_span = value, span
    elif canonical == "answer":
        if len(value) > 64 or not LETTERS.match(value):
            diags.append(error("bad-answer", span,
                               f"`{raw_key}: {value}` is not a list of option letters",
                               "write the letters of the correct options, e.g. `Answer: B` "
                               "or `Answers: A, C`"))
            return
        notes.answer = [c.upper() for c in value if c.isalpha()]
        notes.answer_multiple = key == "answers"
        notes.answer_span = span
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
        notes.tags.extend(split_tags(value))
    elif canonical == "allow":
        codes = split_tags(value)
        if TODO in codes and not is_todo(value):
            diags.append(todo(span, "`Allow:`", TODO_FIXES["allow"]))
        notes.allow.extend(c for c in codes if c != TODO)
    else:  # pragma: no cover - ITEM_KEY admits only the keys above
        diags.append(warning("unknown-annotation", span, f"unknown key {raw_key}", ""))
