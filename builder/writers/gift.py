"""Moodle GIFT: one file per page and one for the whole tree, every field in ``[html]``.

Mapping (docs/outputs/gift.md has the full table): a choice question or a challenge is
a multichoice question (``=``/``~``, or ``~%w%`` weights when several options are
right); a flashcard, a question that lost its options and an open prompt are essay
questions whose general feedback (``####``) is the answer, the explanation or the
concept list. Question names are the item ids, so a rebuilt file names every question
as before.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from html import escape as html_escape
from typing import Literal

from markupsafe import Markup

from builder.diagnostics import Diagnostic, warning
from builder.media import embed_images, page_location
from builder.model import (
    Challenge,
    Flashcard,
    Item,
    MultipleChoice,
    OpenPrompt,
    Option,
    Page,
    minutes_seconds,
)
from builder.tags import author_tags, clean_tag

from . import _gift_html as H
from ._gift_text import category_path, escape, moodle_accepts, percent
from .base import LinkContext, PageUnit, Settings, Units, Writer

QType = Literal["multichoice", "essay"]
OUT_DIR = "gift"
ALL_FILE = f"{OUT_DIR}/all.gift.txt"
# Moodle's importer accepts a GIFT file only with a text/plain type, i.e. ending in .txt.
PAGE_FILE = OUT_DIR + "/pages/{slug}.gift.txt"


@dataclass(frozen=True)
class Choice:
    text: str  # HTML
    correct: bool
    weight: str | None = None  # percent for multi-answer questions; None writes `=` or `~`
    feedback: str | None = None  # HTML


@dataclass(frozen=True)
class Question:
    """One GIFT question as the writer means it: the HTML a GIFT reader must give back."""

    name: str
    qtype: QType
    text: str  # HTML
    choices: tuple[Choice, ...] = ()
    general_feedback: str | None = None  # HTML
    tags: tuple[str, ...] = ()
    comment: str = ""


class Mapper:
    """Model items to GIFT questions; what GIFT cannot carry goes to ``report``."""

    def __init__(self, templates: H.Templates, report: list[Diagnostic]) -> None:
        self.templates = templates
        self.report = report

    def question(self, page: Page, item: Item) -> Question | None:
        question = self._question(page, item)
        return None if question is None else with_images(question, page, item)

    def _question(self, page: Page, item: Item) -> Question | None:
        tags = self._tags(page, item)
        comment = f"{item.kind} from {_one_line(page.path)} line {item.span.start}"
        match item:
            case Flashcard():
                return Question(item.id, "essay", _text(H.block, item.question),
                                general_feedback=_text(H.block, item.answer), tags=tags,
                                comment=comment)
            case MultipleChoice(options_lost=True):
                return Question(item.id, "essay", _text(H.block, item.question),
                                general_feedback=_optional(H.block, item.explanation),
                                tags=tags, comment=comment)
            case MultipleChoice():
                choices = self._choices(item, item.options, item.multiple)
                if choices is None:
                    return None
                return Question(item.id, "multichoice", _text(H.block, item.question), choices,
                                _optional(H.block, item.explanation), tags, comment)
            case OpenPrompt():
                return Question(item.id, "essay", self._open_text(item),
                                general_feedback=self._concepts(item), tags=tags,
                                comment=comment)
            case Challenge():
                choices = self._choices(item, item.options, item.multiple)
                if choices is None:
                    return None
                return Question(item.id, "multichoice", self._challenge_text(item), choices,
                                _optional(H.block, item.explanation), tags, comment)
        raise TypeError(f"no GIFT mapping for {type(item).__name__}")

    def _choices(self, item: Item, options: tuple[Option, ...],
                 multiple: bool) -> tuple[Choice, ...] | None:
        right = [o for o in options if o.correct]
        wrong = [o for o in options if not o.correct]
        if not right:
            self.report.append(warning(
                "gift-no-key", item.span, "this question marks no correct option, so it was "
                "left out of the GIFT files", "add an `Answer:` line naming the right option"))
            return None
        if not multiple and len(right) == 1:
            return tuple(Choice(_option(o), o.correct, None, _optional(H.inline, o.feedback))
                         for o in options)
        # Several right options: each right one earns an equal share of 100%, each wrong
        # one costs an equal share, so ticking every box scores 0 (Moodle floors at 0).
        shares = {True: 1 / len(right), False: -1 / len(wrong) if wrong else 0.0}
        for fraction in {shares[True], shares[False]} - {0.0}:
            if not moodle_accepts(fraction):
                self.report.append(warning(
                    "gift-weight", item.span,
                    f"Moodle accepts no grade of {percent(fraction)}%, which this question "
                    f"needs for {len(right)} right and {len(wrong)} wrong options; its import "
                    "will fail", "split the question so it has at most 6 options"))
        return tuple(Choice(_option(o), o.correct, percent(shares[o.correct]),
                            _optional(H.inline, o.feedback)) for o in options)

    def _open_text(self, item: OpenPrompt) -> str:
        return self.templates.render(
            "open.html.j2", prompt=Markup(_text(H.block, item.prompt)),
            hint=Markup(H.inline(item.hint)) if item.hint else None,
            concept_count=item.concept_count)

    def _concepts(self, item: OpenPrompt) -> str | None:
        if not item.concepts:
            return None
        return self.templates.render("concepts.html.j2",
                                     concepts=[Markup(H.inline(c)) for c in item.concepts])

    def _challenge_text(self, item: Challenge) -> str:
        return self.templates.render(
            "challenge.html.j2", icon=item.category_icon, category=item.category,
            difficulty=item.difficulty,
            time_limit=minutes_seconds(item.time_limit_s) if item.time_limit_s else None,
            title=Markup(_text(H.inline, item.title)), body=Markup(H.block(item.body)),
            code=Markup(H.code(item.code.text, item.code.language))
            if item.code else None,
            hint=Markup(H.block(item.hint)) if item.hint else None)

    def _tags(self, page: Page, item: Item) -> tuple[str, ...]:
        difficulty = getattr(item, "difficulty", None)
        wanted = [*author_tags(page, item), *([difficulty] if difficulty else [])]
        kept = []
        for tag in dict.fromkeys(wanted):
            # The reader writes every tag as builder.tags says; a model made otherwise
            # may still hold one that GIFT or Moodle would change.
            if clean_tag(tag).tag != tag:
                self.report.append(warning(
                    "gift-tag", item.span, f"the tag {tag!r} cannot be written in GIFT "
                    "as it is (`[ ] < > ` \\`, spaces, over 50 characters), so it was "
                    "left out", "use letters, digits, `-` or `_` in tags"))
            else:
                kept.append(tag)
        return tuple(kept)


def with_images(q: Question, page: Page, item: Item) -> Question:
    """``q`` with its local images embedded as ``data:`` URIs: a GIFT file is text alone,
    and Moodle's import stores such an ``<img>`` as written (docs/outputs/gift.md)."""
    fields = [q.text, q.general_feedback, *(t for c in q.choices for t in (c.text, c.feedback))]
    if not any(f and "<img" in f for f in fields):
        return q
    root, page_dir = page_location(page, item)

    def embed(html: str) -> str:
        # An option left empty (its only picture unavailable) would be dropped by Moodle.
        return embed_images(html, root, page_dir, web=True) or "&#160;"

    return replace(
        q, text=embed(q.text),
        general_feedback=None if q.general_feedback is None else embed(q.general_feedback),
        choices=tuple(replace(c, text=embed(c.text),
                              feedback=None if c.feedback is None else embed(c.feedback))
                      for c in q.choices))


def _text(render: H.Renderer, text: str) -> str:
    # An empty field would make Moodle drop an option or refuse the question.
    return render(text) or html_escape(text.strip()) or "&#160;"


def _optional(render: H.Renderer, text: str | None) -> str | None:
    return (render(text) or None) if text and text.strip() else None


def _option(opt: Option) -> str:
    return H.option(opt) or "&#160;"


def _field(html: str) -> str:
    # `[html]` on every field: Moodle and gift-pegjs read a leading `[html]`, `[plain]`...
    # of the text itself as a format otherwise, and Moodle a leading `%50%` as a weight.
    return "[html]" + escape(html)


def format_question(q: Question) -> str:
    lines = [f"// {q.comment}"] if q.comment else []
    marks = [f"[id:{q.name}]", *(f"[tag:{t}]" for t in q.tags)]
    lines.append("// " + " ".join(marks))
    head = f"::{escape(q.name)}::{_field(q.text)}"
    if q.qtype == "essay" and q.general_feedback is None:
        return "\n".join([*lines, head + "{}"])
    lines.append(head + "{")
    for c in q.choices:
        mark = f"~%{c.weight}%" if c.weight is not None else "=" if c.correct else "~"
        feedback = f"#{_field(c.feedback)}" if c.feedback else ""
        lines.append(mark + _field(c.text) + feedback)
    if q.general_feedback is not None:
        lines.append("####" + _field(q.general_feedback))
    lines.append("}")
    return "\n".join(lines)


def format_page(page: Page, questions: list[Question]) -> str:
    # A blank line ends every question (and the category) in both importers.
    blocks = [f"$CATEGORY: {category_path(page.deck_name) or category_path(page.slug)}"]
    blocks += [format_question(q) for q in questions]
    return "\n\n".join(blocks) + "\n"


def format_file(page_texts: list[str], source: str) -> str:
    """A whole file from ``format_page`` texts."""
    header = (f"// Moodle GIFT written by study-builder from {_one_line(source)}.\n"
              "// Import with \"Get category from file\" on; rebuild, do not edit.")
    return header + "\n\n" + "\n".join(page_texts)


def _one_line(text: str) -> str:
    return " ".join(text.replace("[", "(").replace("]", ")").split())


def wanted(item: Item, flashcards: bool) -> bool:
    """``--no-flashcards-in-gift`` leaves out flashcards, lost-options questions included
    (they are built as flashcards everywhere)."""
    is_card = isinstance(item, Flashcard) or (
        isinstance(item, MultipleChoice) and item.options_lost)
    return flashcards or not is_card


@dataclass(frozen=True)
class _Parts:
    text: str  # the page's category and questions, as they stand in the file for the tree
    counts: tuple[tuple[str, int], ...]
    left_out: int
    challenges: int
    challenge_extras: bool  # a challenge with a hint, time limit or attempts


class GiftWriter(Writer):
    name = "gift"
    description = "Moodle GIFT question files, one per page and one for the tree (gift/)"

    def compile(self, page: Page, settings: Settings) -> PageUnit:
        report: list[Diagnostic] = []
        mapper = Mapper(H.Templates(settings.templates), report)
        flashcards = bool(settings.option("gift_flashcards", True))
        questions, left_out = [], 0
        for item in page.items:
            question = mapper.question(page, item) if wanted(item, flashcards) else None
            if question is None:
                left_out += 1
            else:
                questions.append(question)
        challenges = [i for i in page.items if isinstance(i, Challenge)]
        parts = _Parts(
            format_page(page, questions) if questions else "",
            tuple(sorted(Counter(q.qtype for q in questions).items())), left_out,
            len(challenges), any(c.hint or c.time_limit_s or c.attempts for c in challenges))
        files: tuple[tuple[str, bytes], ...] = ()
        if questions:
            files = ((PAGE_FILE.format(slug=page.slug),
                      _encode(format_file([parts.text], page.path))),)
        return PageUnit(page.slug, files, parts, tuple(report))

    def link(self, units: Units, ctx: LinkContext) -> list[str]:
        # The file for the tree is streamed: at 100k items it is over 100 MB of text.
        parts: list[_Parts] = []
        written: list[str] = []
        categories = 0
        with ctx.path(ALL_FILE).open("wb") as fh:
            for unit in units:
                part: _Parts = unit.parts
                if part.text:
                    fh.write(_encode(("\n" if written else format_file([], _TREE)) + part.text))
                    written = [ALL_FILE]
                    categories += 1
                parts.append(replace(part, text=""))
        if not written:
            ctx.path(ALL_FILE).unlink()
        challenges = sum(p.challenges for p in parts)
        if any(p.challenge_extras for p in parts):
            ctx.report.append(warning(
                "gift-challenge", None,
                f"GIFT has no hint, time limit or attempts field: the {challenges} "
                "challenge problems carry their hint (folded) and suggested time in the "
                "question text, and their attempts are not written",
                "set the time limit and attempts on the Moodle quiz"))
        counts: Counter[str] = Counter()
        for p in parts:
            counts.update(dict(p.counts))
        ctx.stats[self.name] = {
            "questions": dict(sorted(counts.items())),
            "categories": categories,
            "flashcards": bool(ctx.settings.option("gift_flashcards", True)),
            "left_out": sum(p.left_out for p in parts),
        }
        return written


_TREE = "the whole source tree"


def _encode(text: str) -> bytes:
    # UTF-8 without BOM, LF only: what Moodle's importer and gift-pegjs read as is.
    return text.encode("utf-8")

