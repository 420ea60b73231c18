"""GIFT text: questions, pages and files as Moodle's importer and gift-pegjs read them."""

from __future__ import annotations

from builder.model import Page

from .categories import category_line
from .question import Question
from .templates import Templates
from .text import escape, field

OUT_DIR = "gift"
ALL_FILE = f"{OUT_DIR}/all.gift.txt"
# Moodle's importer accepts a GIFT file only with a text/plain type, i.e. ending in .txt.
PAGE_FILE = OUT_DIR + "/pages/{slug}.gift.txt"


def format_question(q: Question) -> str:
    lines = [f"// {q.comment}"] if q.comment else []
    marks = [f"[id:{q.name if q.idnumber is None else q.idnumber}]",
             *(f"[tag:{t}]" for t in q.tags)]
    lines.append("// " + " ".join(marks))
    head = f"::{escape(q.name)}::{field(q.text)}"
    if q.qtype == "essay" and q.general_feedback is None:
        return "\n".join([*lines, head + "{}"])
    lines.append(head + "{")
    lines += answer_lines(q)
    if q.general_feedback is not None:
        lines.append("####" + field(q.general_feedback))
    # A missing word: the text goes on after the braces (Moodle puts `_____` there).
    lines.append("}" + ("" if q.tail is None else escape(q.tail)))
    return "\n".join(lines)


def answer_lines(q: Question) -> list[str]:
    """The lines inside the braces, before the general feedback."""
    if q.qtype in ("truefalse", "numerical"):
        return [("#" if q.qtype == "numerical" else "") + (q.key or "")]
    if q.qtype == "shortanswer":
        # `[plain]`: a typed answer is no HTML, and text that starts like a format or a
        # weight (`%50%`) stays text.
        return ["=[plain]" + escape(c.text) for c in q.choices]
    if q.qtype == "match":
        return [f"={field(left) if left else ''} -> {escape(right)}" for left, right in q.pairs]
    lines = []
    for c in q.choices:
        mark = f"~%{c.weight}%" if c.weight is not None else "=" if c.correct else "~"
        feedback = f"#{field(c.feedback)}" if c.feedback else ""
        lines.append(mark + field(c.text) + feedback)
    return lines


def format_page(page: Page, questions: list[Question]) -> str:
    # A blank line ends every question (and the category) in both importers.
    blocks = [category_line(page), *(format_question(q) for q in questions)]
    return "\n\n".join(blocks) + "\n"


def format_file(templates: Templates, page_texts: list[str], source: str | None) -> str:
    """A whole file from ``format_page`` texts; ``source`` is None for the whole tree."""
    return templates.file_header(source) + "\n\n" + "\n".join(page_texts)


def encode(text: str) -> bytes:
    # UTF-8 without BOM, LF only: what Moodle's importer and gift-pegjs read as is.
    return text.encode("utf-8")
