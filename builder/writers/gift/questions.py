"""Model items as GIFT questions: the HTML of every field a GIFT reader must give back.

A choice question or a challenge is a multichoice question (``=``/``~``, or ``~%w%``
weights when several options are right); a flashcard, a question that lost its options
and an open prompt are essay questions whose general feedback (``####``) is the answer,
the explanation or the concept list (docs/outputs/gift.md has the full table).
"""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup

from builder.diagnostics import Diagnostic, codes, warning
from builder.media import embed_images, page_location
from builder.model import (
    AnswerKind,
    Challenge,
    Flashcard,
    Item,
    MultipleChoice,
    OpenPrompt,
    Option,
    Page,
    minutes_seconds,
)
from builder.moodle import moodle_accepts
from builder.render.rendered import RenderedPage
from builder.tags import author_tags, clean_tag

from . import html as H
from .answers import AnswerKinds, Common, Loss
from .question import Choice, Question
from .templates import Templates
from .text import percent


class Mapper:
    """Model items to GIFT questions; what GIFT cannot carry goes to ``report``."""

    def __init__(self, templates: Templates, rendered: RenderedPage,
                 report: list[Diagnostic], losses: list[Loss] | None = None) -> None:
        self.templates = templates
        self.html = H.Html(rendered)
        self.report = report
        self.losses: list[Loss] = [] if losses is None else losses
        self.answers = AnswerKinds(templates, rendered, report, self.losses)

    def questions(self, page: Page, item: Item) -> list[Question]:
        """The item's questions: none when left out, several for a passage's blanks."""
        tags = self._tags(page, item)
        comment = self.templates.question_comment(item.kind, page.path, item.span.start)
        if isinstance(item, AnswerKind):
            found = self.answers.questions(item, Common(tags, comment))
        else:
            one = self._question(item, tags, comment)
            found = [] if one is None else [one]
        return [with_images(q, page, item) for q in found]

    def question(self, page: Page, item: Item) -> Question | None:
        """The item's one question (a passage with several blanks: the first)."""
        found = self.questions(page, item)
        return found[0] if found else None

    def _question(self, item: Item, tags: tuple[str, ...], comment: str) -> Question | None:
        h = self.html
        match item:
            case Flashcard():
                return Question(item.id, "essay", H.required(h.block, item.question),
                                general_feedback=H.required(h.block, item.answer), tags=tags,
                                comment=comment)
            case MultipleChoice(options_lost=True):
                return Question(item.id, "essay", H.required(h.block, item.question),
                                general_feedback=H.optional(h.block, item.explanation),
                                tags=tags, comment=comment)
            case MultipleChoice():
                choices = self._choices(item, item.options, item.multiple)
                if choices is None:
                    return None
                return Question(item.id, "multichoice", H.required(h.block, item.question),
                                choices, H.optional(h.block, item.explanation), tags, comment)
            case OpenPrompt():
                return Question(item.id, "essay", self._open_text(item),
                                general_feedback=self._concepts(item), tags=tags,
                                comment=comment)
            case Challenge():
                choices = self._choices(item, item.options, item.multiple)
                if choices is None:
                    return None
                return Question(item.id, "multichoice", self._challenge_text(item), choices,
                                H.optional(h.block, item.explanation), tags, comment)
        raise TypeError(f"no GIFT mapping for {type(item).__name__}")

    def _choices(self, item: Item, options: tuple[Option, ...],
                 multiple: bool) -> tuple[Choice, ...] | None:
        h = self.html
        right = [o for o in options if o.correct]
        wrong = [o for o in options if not o.correct]
        if not right:
            self.report.append(warning(
                codes.GIFT_NO_KEY, item.span, "this question marks no correct option, so it was "
                "left out of the GIFT files", "add an `Answer:` line naming the right option"))
            return None
        if not multiple and len(right) == 1:
            return tuple(Choice(h.option_field(o), o.correct, None,
                                H.optional(h.inline, o.feedback)) for o in options)
        # Several right options: each right one earns an equal share of 100%, each wrong
        # one costs an equal share, so ticking every box scores 0 (Moodle floors at 0).
        shares = {True: 1 / len(right), False: -1 / len(wrong) if wrong else 0.0}
        for fraction in {shares[True], shares[False]} - {0.0}:
            if not moodle_accepts(fraction):
                self.report.append(warning(
                    codes.GIFT_WEIGHT, item.span,
                    f"Moodle accepts no grade of {percent(fraction)}%, which this question "
                    f"needs for {len(right)} right and {len(wrong)} wrong options; its import "
                    "will fail", "split the question so it has at most 6 options"))
        return tuple(Choice(h.option_field(o), o.correct, percent(shares[o.correct]),
                            H.optional(h.inline, o.feedback)) for o in options)

    def _open_text(self, item: OpenPrompt) -> str:
        h = self.html
        return self.templates.render(
            "open.html.j2", prompt=Markup(H.required(h.block, item.prompt)),
            hint=Markup(h.inline(item.hint)) if item.hint else None,
            concept_count=item.concept_count)

    def _concepts(self, item: OpenPrompt) -> str | None:
        if not item.concepts:
            return None
        concepts = [Markup(self.html.inline(c)) for c in item.concepts]
        return self.templates.render("concepts.html.j2", concepts=concepts)

    def _challenge_text(self, item: Challenge) -> str:
        h = self.html
        return self.templates.render(
            "challenge.html.j2", icon=item.category_icon, category=item.category,
            difficulty=item.difficulty,
            time_limit=minutes_seconds(item.time_limit_s) if item.time_limit_s else None,
            title=Markup(H.required(h.inline, item.title)), body=Markup(h.block(item.body)),
            code=Markup(h.code(item.code.text, item.code.language))
            if item.code else None,
            hint=Markup(h.block(item.hint)) if item.hint else None)

    def _tags(self, page: Page, item: Item) -> tuple[str, ...]:
        difficulty = getattr(item, "difficulty", None)
        wanted = [*author_tags(page, item), *([difficulty] if difficulty else [])]
        kept = []
        for tag in dict.fromkeys(wanted):
            # The reader writes every tag as builder.tags says; a model made otherwise
            # may still hold one that GIFT or Moodle would change.
            if clean_tag(tag).tag != tag:
                self.report.append(warning(
                    codes.GIFT_TAG, item.span, f"the tag {tag!r} cannot be written in GIFT "
                    "as it is (`[ ] < > ` \\`, spaces, over 50 characters), so it was "
                    "left out", "use letters, digits, `-` or `_` in tags"))
            else:
                kept.append(tag)
        return tuple(kept)


def with_images(q: Question, page: Page, item: Item) -> Question:
    """``q`` with its local images embedded as ``data:`` URIs: a GIFT file is text alone,
    and Moodle's import stores such an ``<img>`` as written (docs/outputs/gift.md). A
    shortanswer's answers are typed text and a match's right-hand sides plain choices:
    not HTML, so left as they are."""
    html_choices = q.qtype != "shortanswer"
    fields = [q.text, q.tail, q.general_feedback, *(left for left, _ in q.pairs),
              *(t for c in q.choices for t in ((c.text, c.feedback) if html_choices
                                               else (c.feedback,)))]
    if not any(f and "<img" in f for f in fields):
        return q
    root, page_dir = page_location(page, item)

    def embed(html: str) -> str:
        # An option left empty (its only picture unavailable) would be dropped by Moodle.
        return embed_images(html, root, page_dir, web=True) or H.EMPTY

    def maybe(html: str | None) -> str | None:
        return embed(html) if html and "<img" in html else html

    return replace(
        q, text=embed(q.text), tail=maybe(q.tail),
        general_feedback=maybe(q.general_feedback),
        pairs=tuple((maybe(left) or "", right) for left, right in q.pairs),
        choices=tuple(replace(c, text=embed(c.text) if html_choices else c.text,
                              feedback=maybe(c.feedback))
                      for c in q.choices))


def wanted(item: Item, flashcards: bool) -> bool:
    """``--no-flashcards-in-gift`` leaves out flashcards, lost-options questions included
    (they are built as flashcards everywhere)."""
    is_card = isinstance(item, Flashcard) or (
        isinstance(item, MultipleChoice) and item.options_lost)
    return flashcards or not is_card
