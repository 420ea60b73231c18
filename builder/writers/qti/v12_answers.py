"""The answer kinds (true or false, a number, a short text, blanks, matching) as the
QTI 1.2 writer means them: Canvas's own question types, as Canvas exports them.

Each item becomes a neutral ``Question`` (its HTML, so that images are packaged as for
every other item) and a ``Spec`` with what only Canvas's types need: the plain texts
Canvas compares typed answers with, the blank ids, the right-hand sides of a match.
docs/outputs/qti.md has the mapping and what is lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from builder.diagnostics import Diagnostic, codes, note
from builder.model import AnswerKind, Cloze, Matching, Numeric, ShortAnswer, TrueFalse
from builder.render.rendered import RenderedPage

from .common import Choice, Conversions, Question, item_ident
from .fragments import block, fragment, markup, plain, text_only
from .questions import inline_text, truefalse_question
from .texts import Texts


@dataclass(frozen=True)
class Spec:
    """What a Canvas question type needs beside the neutral question."""

    question_type: str
    # short: the accepted answers; cloze: each blank's answer; matching: the right-hand
    # sides, pairs' first and then the distractors. Plain text: Canvas compares (or, for
    # a match, shows) them as text.
    texts: tuple[str, ...] = ()
    blank_ids: tuple[str, ...] = ()  # cloze: blank1, blank2, ...


def _listed(ids: list[str]) -> str:
    return f"{len(ids)} item(s) ({', '.join(ids[:5])})"


def losses_report(lost: Mapping[str, list[str]]) -> list[Diagnostic]:
    """One note per kind of loss for the whole build."""
    found = []
    if ids := lost.get(codes.QTI12_CASE_SENSITIVE.code):
        found.append(note(
            codes.QTI12_CASE_SENSITIVE, None,
            f"Canvas compares short answers without regard to case: {_listed(ids)} marked "
            "`Case: sensitive` also accept other capitalisations in Canvas",
            "nothing to fix; see docs/outputs/qti.md"))
    if ids := lost.get(codes.QTI12_BLANK_HINT.code):
        found.append(note(
            codes.QTI12_BLANK_HINT, None,
            f"Canvas blanks have no hint: the hints of the blanks of {_listed(ids)} are left "
            "out of the QTI 1.2 packages", "nothing to fix; see docs/outputs/qti.md"))
    if ids := lost.get(codes.QTI12_CLOZE_DISTRACTORS.code):
        found.append(note(
            codes.QTI12_CLOZE_DISTRACTORS, None,
            f"Canvas blanks are typed, not chosen: the distractors of {_listed(ids)} are left "
            "out of the QTI 1.2 packages", "nothing to fix; see docs/outputs/qti.md"))
    if ids := lost.get(codes.QTI12_MATCH_MARKUP.code):
        found.append(note(
            codes.QTI12_MATCH_MARKUP, None,
            f"Canvas shows the right-hand sides of a match as plain text: {_listed(ids)} "
            "have formatting, code or images there, of which only the text is kept",
            "nothing to fix; see docs/outputs/qti.md"))
    return found


def text_of(html_text: str) -> str:
    """What a learner reads of an inline HTML fragment, on one line (HTML's own spaces
    collapsed; a no-break space stays)."""
    if not html_text:
        return ""
    return re.sub("[ \t\n\r\f]+", " ", fragment(html_text).text_content()).strip()


def _numeric_body(r: RenderedPage, item: Numeric, texts: Texts) -> str:
    body = block(r, item.question)
    if item.units:
        units = texts.render("v12-units.html.j2", units=markup(r.inline(item.units)))
        body = f"{body}\n{units}" if body else units
    return body


def _cloze_body(r: RenderedPage, item: Cloze, ids: tuple[str, ...]) -> str:
    pieces = r.cloze(item)
    return "".join(p + (f"[{ids[i]}]" if i < len(ids) else "") for i, p in enumerate(pieces))


def _matching(r: RenderedPage, item: Matching, seen: Conversions) -> tuple[Question, Spec]:
    lefts = tuple(Choice(ident=f"left_{n}", letter=f"left{n}", html=inline_text(r, p.left),
                         correct=True, feedback=None)
                  for n, p in enumerate(item.pairs, 1))
    rights = [inline_text(r, t) for t in (*(p.right for p in item.pairs), *item.distractors)]
    if any(html and text_only(html) is None for html in rights):
        seen.lose(codes.QTI12_MATCH_MARKUP, item.id)
    body = block(r, item.question)
    return (Question(item, item_ident(item), plain(body), "single", body, lefts),
            Spec("matching_question", tuple(text_of(h) for h in rights)))


def answer_question(r: RenderedPage, item: AnswerKind, texts: Texts,
                    seen: Conversions) -> tuple[Question, Spec]:
    """The neutral question and Canvas's spec for an answer-kind ``item``. The
    question's ``interaction`` is only what the shared code needs (the spec's type is
    what is written); its choices are the true/false answers or the left-hand sides."""
    ident = item_ident(item)
    match item:
        case TrueFalse():
            qn = truefalse_question(r, item, texts, "v12-truefalse.html.j2")
            spec = Spec("true_false_question")
        case Numeric():
            body = _numeric_body(r, item, texts)
            title = plain(block(r, item.question))
            qn, spec = (Question(item, ident, title, "essay", body),
                        Spec("numerical_question"))
        case ShortAnswer():
            if item.case_sensitive:
                seen.lose(codes.QTI12_CASE_SENSITIVE, item.id)
            body = block(r, item.question)
            qn = Question(item, ident, plain(body), "essay", body)
            spec = Spec("short_answer_question",
                        tuple(text_of(inline_text(r, a)) for a in item.accepted))
        case Cloze():
            if any(b.hint for b in item.blanks):
                seen.lose(codes.QTI12_BLANK_HINT, item.id)
            if item.distractors:
                seen.lose(codes.QTI12_CLOZE_DISTRACTORS, item.id)
            ids = tuple(f"blank{n}" for n in range(1, len(item.blanks) + 1))
            body = _cloze_body(r, item, ids)
            qn = Question(item, ident, plain(r.inline(item.gapped)), "essay", body)
            spec = Spec("fill_in_multiple_blanks_question",
                        tuple(text_of(inline_text(r, b.answer)) for b in item.blanks), ids)
        case Matching():
            qn, spec = _matching(r, item, seen)
    feedback = block(r, item.explanation) or None
    return Question(qn.item, qn.ident, qn.title, qn.interaction, qn.body, qn.choices,
                    feedback=feedback), spec
