"""The answer kinds (true or false, number, short answer, blanks, matching) as GIFT.

Each is the Moodle question type GIFT has for it: ``{T}``/``{F}`` truefalse, ``{#a:t}``
or ``{#low..high}`` numerical, ``{=a =b}`` shortanswer, ``{=left -> right}`` match (a
distractor is ``= -> right``, a right-hand side no left one has), and a cloze passage
is GIFT's missing word: the braces where the blank is, ``{=answer ~wrong}`` with
distractors (multichoice) or ``{=answer}`` (shortanswer). GIFT has one answer set per
question, so a passage with several blanks is one question per blank, the other blanks
shown filled in. What cannot be carried is kept in ``Loss`` for the build's notes.
"""

from __future__ import annotations

from typing import NamedTuple

from markupsafe import Markup

from builder.diagnostics import Code, Diagnostic, codes, note, warning
from builder.model import (
    ID_MAX_LENGTH,
    AnswerKind,
    Cloze,
    Matching,
    Numeric,
    ShortAnswer,
    TrueFalse,
    number_text,
)
from builder.moodle import normalise_newlines
from builder.render.rendered import RenderedPage

from . import html as H
from .question import Choice, QType, Question
from .templates import Templates

# qformat_gift::escapedchar_pre/_post's placeholders, turned back into `: # = { } ~ \n \\`.
PLACEHOLDERS = ("&&058;", "&&035;", "&&061;", "&&123;", "&&125;", "&&126;", "&&010", "&&092;")


class Loss(NamedTuple):
    """Something of an item GIFT cannot carry: the note's code and the item."""

    code: str
    item_id: str


class Common(NamedTuple):
    """What every question of an item shares (from ``Mapper``)."""

    tags: tuple[str, ...]
    comment: str


def pattern(text: str) -> str:
    """A typed answer as Moodle's shortanswer pattern, where `*` is "any text" and `\\*` a
    star; trimmed, as Moodle's import trims it."""
    return normalise_newlines(text).strip().replace("*", "\\*")


def untypable(text: str) -> bool:
    """A typed answer Moodle's GIFT import would not store as written, whatever the
    escaping: with `->` it takes the question for a matching one, and it turns its own
    escape placeholders (`&&058;` ...) into the characters they stand for."""
    return "->" in text or any(p in text for p in PLACEHOLDERS)


def blank_id(item_id: str, number: int) -> str:
    """The ID number of blank ``number`` of a passage: ``<id>-<n>``, the id cut so it
    stays within Moodle's 100 characters (a longer one stops the whole import)."""
    suffix = f"-{number}"
    return item_id[:ID_MAX_LENGTH - len(suffix)] + suffix


class AnswerKinds:
    """Maps the answer kinds; ``losses`` and ``report`` collect what GIFT cannot carry."""

    def __init__(self, templates: Templates, rendered: RenderedPage,
                 report: list[Diagnostic], losses: list[Loss]) -> None:
        self.templates = templates
        self.rendered = rendered
        self.html = H.Html(rendered)
        self.report = report
        self.losses = losses

    def questions(self, item: AnswerKind,
                  common: Common) -> list[Question]:
        match item:
            case TrueFalse():
                return [self._question(item, common, "truefalse",
                                       H.required(self.html.block, item.statement),
                                       key="T" if item.truth else "F")]
            case Numeric():
                return [self._question(item, common, "numerical", self._numeric_text(item),
                                       key=numeric_key(item))]
            case ShortAnswer():
                return self._short(item, common)
            case Cloze():
                return self._cloze(item, common)
            case Matching():
                return [self._matching(item, common)]

    def _question(self, item: AnswerKind,
                  common: Common, qtype: QType, text: str, name: str | None = None,
                  **fields: object) -> Question:
        return Question(name or item.id, qtype, text,
                        general_feedback=H.optional(self.html.block, item.explanation),
                        tags=common.tags, comment=common.comment, **fields)  # type: ignore[arg-type]

    def _numeric_text(self, item: Numeric) -> str:
        h = self.html
        return self.templates.render(
            "numeric.html.j2", question=Markup(H.required(h.block, item.question)),
            units=Markup(h.inline(item.units)) if item.units else None)

    def _short(self, item: ShortAnswer, common: Common) -> list[Question]:
        if item.case_sensitive:
            self.losses.append(Loss(codes.GIFT_CASE_SENSITIVE.code, item.id))
        kept = self._typed_answers(item, item.accepted)
        if not kept:
            return []
        choices = tuple(Choice(pattern(a), True) for a in kept)
        return [self._question(item, common, "shortanswer",
                               H.required(self.html.block, item.question), choices=choices)]

    def _typed_answers(self, item: ShortAnswer | Cloze, answers: tuple[str, ...]) -> list[str]:
        kept = [a for a in answers if not untypable(a)]
        if len(kept) < len(answers):
            left = "" if kept else " and the question with them"
            self.report.append(warning(
                codes.GIFT_TYPED_ANSWER, item.span,
                "Moodle's GIFT import reads a typed answer holding `->` as a matching "
                "question and turns `&&058;` and the like into other characters, so "
                f"the answers holding them were left out{left}",
                "write the answer without `->` or `&&0..;` (or accept a form without it)"))
        return kept

    def _cloze(self, item: Cloze, common: Common) -> list[Question]:
        if any(b.hint for b in item.blanks):
            self.losses.append(Loss(codes.GIFT_CLOZE_HINT.code, item.id))
        if len(item.blanks) > 1:
            self.losses.append(Loss(codes.GIFT_CLOZE_SPLIT.code, item.id))
        pieces = self.rendered.cloze(item, styled=True)
        filled = [self.templates.render("filled.html.j2",
                                        answer=Markup(H.required(self.html.inline, b.answer)))
                  for b in item.blanks]
        questions = []
        for n, blank in enumerate(item.blanks):
            before = "".join(p + f for p, f in zip(pieces[:n], filled[:n], strict=True))
            after = "".join(f + p for f, p in zip(filled[n + 1:], pieces[n + 2:], strict=True))
            if item.distractors:
                choices = (Choice(self.html.inline(blank.answer) or H.EMPTY, True),
                           *(Choice(self.html.inline(d) or H.EMPTY, False)
                             for d in item.distractors))
                qtype: QType = "multichoice"
            else:
                typed = self._typed_answers(item, (blank.answer,))
                if not typed:
                    continue
                choices = (Choice(pattern(typed[0]), True),)
                qtype = "shortanswer"
            name = item.id if len(item.blanks) == 1 else f"{item.id}-{n + 1}"
            questions.append(self._question(
                item, common, qtype, before + pieces[n], choices=choices,
                tail=pieces[n + 1] + after, name=name,
                idnumber=None if len(item.blanks) == 1 else blank_id(item.id, n + 1)))
        return questions

    def _matching(self, item: Matching, common: Common) -> Question:
        h = self.html
        pairs = tuple((h.inline(p.left) or H.EMPTY, h.inline(p.right) or H.EMPTY)
                      for p in item.pairs)
        extra = tuple(("", h.inline(d) or H.EMPTY) for d in item.distractors)
        return self._question(item, common, "match", H.required(h.block, item.question),
                              pairs=pairs + extra)


def numeric_key(item: Numeric) -> str:
    """``answer:tolerance`` or ``low..high``, as the author wrote it."""
    if item.written_as == "range":
        return f"{number_text(item.low)}..{number_text(item.high)}"
    return f"{number_text(item.answer)}:{number_text(item.tolerance)}"



def loss_notes(losses: list[Loss]) -> list[Diagnostic]:
    """One note per thing GIFT cannot carry, for the whole build, naming the items."""
    def listed(code: Code) -> str:
        ids = [loss.item_id for loss in losses if loss.code == code.code]
        if not ids:
            return ""
        shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
        return f"{len(ids)} " + "{} (" + shown + ")"

    fix = "nothing to fix; see docs/outputs/gift.md"
    found = []
    if cased := listed(codes.GIFT_CASE_SENSITIVE):
        found.append(note(codes.GIFT_CASE_SENSITIVE, None, cased.format(
            "short answer(s) marked `Case: sensitive` accept any case in Moodle: GIFT "
            "cannot set the question's case option and its import always ignores case"), fix))
    if hinted := listed(codes.GIFT_CLOZE_HINT):
        found.append(note(codes.GIFT_CLOZE_HINT, None, hinted.format(
            "passage(s) have hints at their blanks, which GIFT has no field for: they are "
            "not written"), fix))
    if split := listed(codes.GIFT_CLOZE_SPLIT):
        found.append(note(codes.GIFT_CLOZE_SPLIT, None, split.format(
            "passage(s) with several blanks became one missing-word question per blank "
            "(named `<id>-<n>`, the other blanks shown filled in): a GIFT question has one "
            "answer set"), fix))
    return found
