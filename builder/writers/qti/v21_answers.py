"""The answer kinds (true or false, a number, a short text, blanks, matching) as the
QTI 2.1 writer means them: QTI 2.1's own interactions.

Each item becomes a neutral ``Question`` (interaction "single": one response, scored,
with an explanation) holding all of its HTML (so that images are
packaged as for every other item) and a ``Spec`` with what only its interaction needs:
the texts a learner types, the blanks' place-holders, the number of pairs. A text entry
box cannot be HTML, so the body holds a ``marker`` character where each box goes
(``v21_answers_xml`` puts the boxes there). docs/outputs/qti.md has the mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from builder.diagnostics import Diagnostic, codes, note
from builder.model import AnswerKind, Cloze, Matching, Numeric, ShortAnswer, TrueFalse
from builder.render.rendered import RenderedPage

from .common import Choice, Conversions, Question, item_ident
from .fragments import block, fragment, markup, plain, text_only
from .questions import inline_text, truefalse_question
from .texts import Texts

# Private-use characters: the first one a body does not hold stands for its boxes.
_MARKERS = range(0xF0001, 0xF0101)


@dataclass(frozen=True)
class Spec:
    """What a QTI 2.1 interaction of an answer kind needs beside the neutral question."""

    kind: str  # the model kind: truefalse, numeric, short, cloze, matching
    interaction: str  # the QTI interaction, for the manifest
    marker: str = ""  # the character that stands for each text entry box in the body
    # short: the accepted answers; cloze: each blank's answer (plain text, as typed).
    typed: tuple[str, ...] = ()
    hints: tuple[str | None, ...] = ()  # cloze: each blank's hint, plain text
    pairs: int = 0  # matching: the first ``pairs`` choices are the left-hand sides


def typed_text(html_text: str) -> str:
    """What a learner reads of an inline HTML fragment (and so types), on one line."""
    return " ".join(fragment(html_text).text_content().split()) if html_text else ""


def _marker(*htmls: str) -> str:
    return next(chr(c) for c in _MARKERS if not any(chr(c) in h for h in htmls))


def _boxed(r: RenderedPage, stem: str, units: str | None, texts: Texts) -> tuple[str, str]:
    """The body of a numeric or short-answer item and its marker: the stem, then the box
    (and the units) from the template."""
    body = block(r, stem)
    units_html = inline_text(r, units) if units else ""
    mark = _marker(body, units_html)
    box = texts.render("v21-answer-box.html.j2", box=Markup(mark),
                       units=markup(units_html) if units_html else None)
    return "\n".join(p for p in (body, box) if p), mark


def _cloze(r: RenderedPage, item: Cloze, seen: Conversions) -> tuple[Question, Spec]:
    if item.distractors:
        seen.lose(codes.QTI21_CLOZE_DISTRACTORS, item.id)
    hints: list[str | None] = []
    for blank in item.blanks:
        html = inline_text(r, blank.hint) if blank.hint else ""
        if html and text_only(html) is None:
            seen.lose(codes.QTI21_BLANK_HINT_MARKUP, item.id)
        hints.append(typed_text(html) or None)
    pieces = r.cloze(item)
    mark = _marker(*pieces)
    body = mark.join(pieces)
    qn = Question(item, item_ident(item), plain(r.inline(item.gapped)), "single", body)
    return qn, Spec("cloze", "textEntryInteraction", mark,
                    tuple(typed_text(inline_text(r, b.answer)) for b in item.blanks),
                    tuple(hints))


def _matching(r: RenderedPage, item: Matching) -> tuple[Question, Spec]:
    lefts = [Choice(ident=f"left_{n}", letter=f"left{n}", html=inline_text(r, p.left),
                    correct=True, feedback=None) for n, p in enumerate(item.pairs, 1)]
    texts = (*(p.right for p in item.pairs), *item.distractors)
    rights = [Choice(ident=f"right_{n}", letter=f"right{n}", html=inline_text(r, t),
                     correct=n <= len(item.pairs), feedback=None)
              for n, t in enumerate(texts, 1)]
    body = block(r, item.question)
    return (Question(item, item_ident(item), plain(body), "single", body,
                     (*lefts, *rights)),
            Spec("matching", "matchInteraction", pairs=len(item.pairs)))


def answer_question(r: RenderedPage, item: AnswerKind, texts: Texts,
                    seen: Conversions) -> tuple[Question, Spec]:
    """The neutral question and the QTI 2.1 spec for an answer-kind ``item``."""
    ident = item_ident(item)
    match item:
        case TrueFalse():
            qn = truefalse_question(r, item, texts, "v21-truefalse.html.j2")
            spec = Spec("truefalse", "choiceInteraction")
        case Numeric():
            body, mark = _boxed(r, item.question, item.units, texts)
            qn = Question(item, ident, plain(block(r, item.question)), "single", body)
            spec = Spec("numeric", "textEntryInteraction", mark)
        case ShortAnswer():
            body, mark = _boxed(r, item.question, None, texts)
            qn = Question(item, ident, plain(block(r, item.question)), "single", body)
            spec = Spec("short", "textEntryInteraction", mark,
                        tuple(typed_text(inline_text(r, a)) for a in item.accepted))
        case Cloze():
            qn, spec = _cloze(r, item, seen)
        case Matching():
            qn, spec = _matching(r, item)
    feedback = block(r, item.explanation) or None
    return Question(qn.item, qn.ident, qn.title, qn.interaction, qn.body, qn.choices,
                    feedback=feedback), spec


def losses_report(lost: Mapping[str, list[str]]) -> list[Diagnostic]:
    """One note per kind of loss for the whole build."""
    found = []
    fix = "nothing to fix; see docs/outputs/qti.md"
    ids = lost.get(codes.QTI21_CLOZE_DISTRACTORS.code)
    if ids:
        found.append(note(
            codes.QTI21_CLOZE_DISTRACTORS, None,
            f"{len(ids)} fill-in-the-blanks passage(s) with distractors; their QTI 2.1 "
            "blanks are typed (textEntryInteraction), not chosen, so the distractors are "
            f"left out ({', '.join(ids[:5])})", fix))
    ids = lost.get(codes.QTI21_BLANK_HINT_MARKUP.code)
    if ids:
        found.append(note(
            codes.QTI21_BLANK_HINT_MARKUP, None,
            f"{len(ids)} fill-in-the-blanks passage(s) with formatting, code or links in a "
            "blank's hint; QTI 2.1 shows a hint as its box's placeholder text, so only the "
            f"text is kept ({', '.join(ids[:5])})", fix))
    return found
