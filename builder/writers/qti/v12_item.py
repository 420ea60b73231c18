"""QTI 1.2 items the way Canvas writes and reads them, and the quiz and bank that hold
them. Items are multiple_choice_question, multiple_answers_question or essay_question;
docs/outputs/qti.md has the mapping and what is lost."""

from __future__ import annotations

from types import MappingProxyType

from lxml import etree  # type: ignore[import-untyped]

from .common import Choice, Question, numeric_ident
from .fragments import markup, text_only
from .texts import Texts

XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI_XSD = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
QUESTION_TYPE = MappingProxyType({"single": "multiple_choice_question",
                                  "multiple": "multiple_answers_question",
                                  "essay": "essay_question"})


def _q(tag: str) -> str:
    return f"{{{QTI_NS}}}{tag}"


def _el(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None,
        text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, _q(tag), attrs or {})
    if text is not None:
        el.text = text
    return el


def _html(parent: etree._Element, html: str) -> None:
    """``<material><mattext texttype="text/html">`` with the HTML as (escaped) text,
    the way Canvas writes and reads it."""
    _el(_el(parent, "material"), "mattext", {"texttype": "text/html"}, html)


def _fields(parent: etree._Element, fields: list[tuple[str, str]]) -> None:
    meta = _el(parent, "qtimetadata")
    for label, entry in fields:
        field = _el(meta, "qtimetadatafield")
        _el(field, "fieldlabel", text=label)
        _el(field, "fieldentry", text=entry)


def _answer_id(qn: Question, choice: Choice) -> str:
    return numeric_ident(qn.item.id, choice.letter)


def _body(qn: Question, texts: Texts) -> str:
    if qn.hint is None:
        return qn.body
    return qn.body + "\n" + texts.render("hint.html.j2", hint=markup(qn.hint))


def item_xml(parent: etree._Element, qn: Question, texts: Texts) -> None:
    item = _el(parent, "item", {"ident": qn.ident, "title": qn.title or qn.item.id})
    answers = [(c, _answer_id(qn, c)) for c in qn.choices]
    _fields(_el(item, "itemmetadata"), [
        ("question_type", QUESTION_TYPE[qn.interaction]),
        ("points_possible", "1.0"),
        ("original_answer_ids", ",".join(a for _, a in answers)),
    ])
    presentation = _el(item, "presentation")
    _html(presentation, _body(qn, texts))
    if qn.interaction == "essay":
        fib = _el(_el(presentation, "response_str", {"ident": "response1",
                                                     "rcardinality": "Single"}), "render_fib")
        _el(fib, "response_label", {"ident": "answer1", "rshuffle": "No"})
    else:
        lid = _el(presentation, "response_lid", {
            "ident": "response1",
            "rcardinality": "Single" if qn.interaction == "single" else "Multiple"})
        render = _el(lid, "render_choice")
        for choice, ident in answers:
            _html(_el(render, "response_label", {"ident": ident}), choice.html)
    _processing(item, qn, answers)
    if qn.feedback:
        _feedback(item, "general_fb", qn.feedback)
    for choice, ident in answers:
        if choice.feedback:
            _feedback(item, f"{ident}_fb", choice.feedback)


def _processing(item: etree._Element, qn: Question, answers: list[tuple[Choice, str]]) -> None:
    rp = _el(item, "resprocessing")
    _el(_el(rp, "outcomes"), "decvar", {"maxvalue": "100", "minvalue": "0",
                                        "varname": "SCORE", "vartype": "Decimal"})
    if qn.feedback:
        cond = _el(rp, "respcondition", {"continue": "Yes"})
        _el(_el(cond, "conditionvar"), "other")
        _el(cond, "displayfeedback", {"feedbacktype": "Response", "linkrefid": "general_fb"})
    for choice, ident in answers:
        if choice.feedback:
            cond = _el(rp, "respcondition", {"continue": "Yes"})
            _el(_el(cond, "conditionvar"), "varequal", {"respident": "response1"}, ident)
            _el(cond, "displayfeedback", {"feedbacktype": "Response",
                                          "linkrefid": f"{ident}_fb"})
    if qn.interaction == "essay":
        _el(_el(_el(rp, "respcondition", {"continue": "No"}), "conditionvar"), "other")
        return
    cond = _el(rp, "respcondition", {"continue": "No"})
    test = _el(cond, "conditionvar")
    if qn.interaction == "multiple":
        # Full marks for exactly the right set; Canvas grades partial answers itself.
        test = _el(test, "and")
    for choice, ident in answers:
        if choice.correct:
            _el(test, "varequal", {"respident": "response1"}, ident)
        elif qn.interaction == "multiple":
            _el(_el(test, "not"), "varequal", {"respident": "response1"}, ident)
    _el(cond, "setvar", {"action": "Set", "varname": "SCORE"}, "100")


def _feedback(item: etree._Element, ident: str, html: str) -> None:
    """Feedback that is only text is written as text, the way Canvas exports a plain
    comment: Canvas stores a ``text/html`` feedback of one bare paragraph as plain text
    with its HTML escapes kept, so ``a &lt; b`` would show (docs/outputs/qti.md)."""
    holder = _el(_el(item, "itemfeedback", {"ident": ident}), "flow_mat")
    text = text_only(html)
    if text is None:
        _html(holder, html)
    else:
        _el(_el(holder, "material"), "mattext", {"texttype": "text/plain"}, text)


def _root() -> etree._Element:
    root = etree.Element(_q("questestinterop"), nsmap={None: QTI_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI_NS} {QTI_XSD}")
    return root


def assessment_xml(ident: str, title: str, attempts: int | None,
                   ) -> tuple[etree._Element, etree._Element]:
    """A quiz without items: (root, the section that takes them)."""
    root = _root()
    assessment = _el(root, "assessment", {"ident": ident, "title": title})
    _fields(assessment, [("cc_maxattempts", str(attempts) if attempts else "unlimited")])
    return root, _el(assessment, "section", {"ident": "root_section"})


def bank_xml(ident: str, title: str) -> tuple[etree._Element, etree._Element]:
    """A question bank without items: (root, the element that takes them)."""
    root = _root()
    bank = _el(root, "objectbank", {"ident": ident})
    _fields(bank, [("bank_title", title)])
    return root, bank
