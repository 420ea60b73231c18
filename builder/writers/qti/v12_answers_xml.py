"""QTI 1.2 items for the answer kinds, in the shape of Canvas's own quiz exports
(canvas-lms ``CC::Qti::QtiItems``), which its importer reads back as
true_false_question, numerical_question, short_answer_question,
fill_in_multiple_blanks_question and matching_question."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree  # type: ignore[import-untyped]

from builder.model import Numeric, number_text

from .common import Question, numeric_ident
from .fragments import text_only
from .v12_answers import Spec
from .v12_item import _el, _feedback, _fields, _html

FULL = Decimal(100)


def answer_ids(qn: Question, spec: Spec) -> list[str]:
    """Canvas's numbered answer ids, stable per item: one per choice (true/false), per
    left-hand side (matching), per blank or accepted text, one for a number."""
    if qn.choices:
        keys = [c.letter for c in qn.choices]
    elif spec.question_type == "numerical_question":
        keys = ["number"]
    else:
        keys = [f"answer{n}" for n in range(1, len(spec.texts) + 1)]
    return [numeric_ident(qn.item.id, key) for key in keys]


def _match_ids(qn: Question, spec: Spec) -> dict[str, str]:
    """Each distinct right-hand text and its id (one id for a text given twice)."""
    return {text: numeric_ident(qn.item.id, f"match:{text}") for text in spec.texts}


def answer_item_xml(parent: etree._Element, qn: Question, spec: Spec) -> None:
    item = _el(parent, "item", {"ident": qn.ident, "title": qn.title or qn.item.id})
    ids = answer_ids(qn, spec)
    _fields(_el(item, "itemmetadata"), [
        ("question_type", spec.question_type),
        ("points_possible", "1.0"),
        ("original_answer_ids", ",".join(ids)),
    ])
    presentation = _el(item, "presentation")
    _html(presentation, qn.body)
    rp = _el(item, "resprocessing")
    _el(_el(rp, "outcomes"), "decvar", {"maxvalue": "100", "minvalue": "0",
                                        "varname": "SCORE", "vartype": "Decimal"})
    if qn.feedback:
        cond = _el(rp, "respcondition", {"continue": "Yes"})
        _el(_el(cond, "conditionvar"), "other")
        _el(cond, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})
    match spec.question_type:
        case "true_false_question":
            _true_false(presentation, rp, qn, ids)
        case "numerical_question":
            _numerical(presentation, rp, qn)
        case "short_answer_question":
            _short(presentation, rp, spec)
        case "fill_in_multiple_blanks_question":
            _blanks(presentation, rp, spec, ids)
        case _:
            _matching(presentation, rp, qn, spec, ids)
    if qn.feedback:
        _feedback(item, "general_fb", qn.feedback)


def _plain(parent: etree._Element, text: str, texttype: str | None = "text/plain") -> None:
    _el(_el(parent, "material"), "mattext", {"texttype": texttype} if texttype else {}, text)


def _html_or_text(parent: etree._Element, html: str) -> None:
    """A left-hand side that is only text as ``text/plain``, the way Canvas exports it:
    Canvas's importer keeps a bare ``text/html`` one as its HTML source in the plain
    field (``AT&amp;T``), as it does feedback (v12_item._feedback)."""
    text = text_only(html)
    if text is None:
        _html(parent, html)
    else:
        _plain(parent, text)


def _score(rp: etree._Element, continue_: str, action: str, points: str) -> etree._Element:
    """A scoring respcondition; its conditionvar, to fill."""
    cond = _el(rp, "respcondition", {"continue": continue_})
    test = _el(cond, "conditionvar")
    _el(cond, "setvar", {"action": action, "varname": "SCORE"}, points)
    return test


def _true_false(presentation: etree._Element, rp: etree._Element, qn: Question,
                ids: list[str]) -> None:
    lid = _el(presentation, "response_lid", {"ident": "response1", "rcardinality": "Single"})
    render = _el(lid, "render_choice")
    for choice, ident in zip(qn.choices, ids, strict=True):
        _plain(_el(render, "response_label", {"ident": ident}), choice.html)
    (key,) = [ident for choice, ident in zip(qn.choices, ids, strict=True) if choice.correct]
    _el(_score(rp, "No", "Set", "100"), "varequal", {"respident": "response1"}, key)


def _response_str(presentation: etree._Element, fib: dict[str, str],
                  label: dict[str, str]) -> None:
    holder = _el(presentation, "response_str", {"ident": "response1", "rcardinality": "Single"})
    _el(_el(holder, "render_fib", fib), "response_label", {"ident": "answer1", **label})


def _numerical(presentation: etree._Element, rp: etree._Element, qn: Question) -> None:
    item = qn.item
    assert isinstance(item, Numeric)
    _response_str(presentation, {"fibtype": "Decimal"}, {})
    test = _score(rp, "No", "Set", "100")
    if item.written_as == "range":
        # Canvas's range answer: vargte and varlte side by side (an implicit and).
        _el(test, "vargte", {"respident": "response1"}, number_text(item.low))
        _el(test, "varlte", {"respident": "response1"}, number_text(item.high))
        return
    # Canvas's exact answer: the number, or (with a margin) anything from number minus
    # margin to number plus margin; Canvas reads the margin back as varlte - varequal,
    # so both ends are the decimal sums of the texts, not float arithmetic.
    either = _el(test, "or")
    _el(either, "varequal", {"respident": "response1"}, number_text(item.answer))
    if item.tolerance:
        answer, margin = Decimal(number_text(item.answer)), Decimal(number_text(item.tolerance))
        both = _el(either, "and")
        _el(both, "vargte", {"respident": "response1"}, number_text(float(answer - margin)))
        _el(both, "varlte", {"respident": "response1"}, number_text(float(answer + margin)))


def _short(presentation: etree._Element, rp: etree._Element, spec: Spec) -> None:
    _response_str(presentation, {}, {"rshuffle": "No"})
    test = _score(rp, "No", "Set", "100")
    for text in dict.fromkeys(spec.texts):
        _el(test, "varequal", {"respident": "response1"}, text)


def _shares(count: int) -> list[str]:
    """100 in ``count`` parts of two decimals, the last taking what rounding left, so
    that a fully right answer scores exactly 100."""
    part = (FULL / count).quantize(Decimal("0.01"))
    return [f"{part}"] * (count - 1) + [f"{FULL - part * (count - 1)}"]


def _blanks(presentation: etree._Element, rp: etree._Element, spec: Spec,
            ids: list[str]) -> None:
    for blank, text, ident in zip(spec.blank_ids, spec.texts, ids, strict=True):
        lid = _el(presentation, "response_lid", {"ident": f"response_{blank}"})
        _plain(lid, blank, None)
        _plain(_el(_el(lid, "render_choice"), "response_label", {"ident": ident}), text)
    # continue="Yes": each blank adds its share (Canvas's exports leave continue out).
    for blank, ident, points in zip(spec.blank_ids, ids, _shares(len(ids)), strict=True):
        _el(_score(rp, "Yes", "Add", points), "varequal", {"respident": f"response_{blank}"},
            ident)


def _matching(presentation: etree._Element, rp: etree._Element, qn: Question, spec: Spec,
              ids: list[str]) -> None:
    matches = _match_ids(qn, spec)
    # Canvas lists the right-hand sides in one drop-down per left-hand side, in the order
    # given: sorted, so that the order does not give the pairs away.
    listed = sorted(matches, key=lambda text: (text.casefold(), text))
    for choice, ident in zip(qn.choices, ids, strict=True):
        lid = _el(presentation, "response_lid", {"ident": f"response_{ident}"})
        _html_or_text(lid, choice.html)
        render = _el(lid, "render_choice")
        for text in listed:
            _plain(_el(render, "response_label", {"ident": matches[text]}), text, None)
    rights = spec.texts[:len(ids)]
    for ident, right, points in zip(ids, rights, _shares(len(ids)), strict=True):
        _el(_score(rp, "Yes", "Add", points), "varequal", {"respident": f"response_{ident}"},
            matches[right])
