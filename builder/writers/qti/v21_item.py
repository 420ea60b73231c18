"""QTI 2.1 items: one ``assessmentItem`` per question.

A choice question is a ``choiceInteraction`` scored by explicit rules (match_correct
for one right option, map_response with a mapping for several); an essay is an
``extendedTextInteraction`` with its model answer as feedback. A hint is an
``endAttemptInteraction`` named HINTREQUEST whose response processing shows the hint
as ``modalFeedback`` without scoring; such an item is adaptive so that asking for the
hint does not use up one of the learner's attempts (the item counts real answers
itself and completes when the answer is right or the attempts are spent).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from lxml import etree  # type: ignore[import-untyped]

from .common import Question
from .texts import Labels
from .xhtml import QTI21_NS, append_html, q

XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_XSD = "http://www.imsglobal.org/xsd/imsqti_v2p1.xsd"
_STEP = Decimal("0.000001")  # mapped values are written in millionths


def el(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None,
       text: str | None = None) -> etree._Element:
    made = etree.SubElement(parent, q(tag), attrs or {})
    if text is not None:
        made.text = text
    return made


def value(parent: etree._Element, tag: str, base: str, text: str) -> etree._Element:
    return el(parent, tag, {"baseType": base}, text)


def set_outcome(parent: etree._Element, outcome: str, base: str, text: str) -> None:
    value(el(parent, "setOutcomeValue", {"identifier": outcome}), "baseValue", base, text)


def var(parent: etree._Element, name: str) -> etree._Element:
    return el(parent, "variable", {"identifier": name})


def item_xml(qn: Question, labels: Labels) -> bytes:
    """The item's XML, indented for people outside its XHTML: there it is mixed
    content, where whitespace shows (and an indented ``<pre>`` would show it)."""
    root, content = _item_tree(qn, labels)
    # Indented while the XHTML holders are empty, so lxml's indenter (in C) leaves
    # their inside as the HTML gives it.
    etree.indent(root)
    for holder, fragment in content:
        if len(holder):  # the hint button's paragraph: content, kept on one line
            holder.text = holder[-1].tail = None
        append_html(holder, fragment)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


Content = list[tuple[etree._Element, str]]  # (XHTML holder, the HTML it takes)


def _item_tree(qn: Question, labels: Labels) -> tuple[etree._Element, Content]:
    """The item without its XHTML, and (element, HTML) for each place that takes some."""
    adaptive = qn.hint is not None
    root = etree.Element(q("assessmentItem"), nsmap={None: QTI21_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI21_NS} {QTI_XSD}")
    root.set("identifier", qn.ident)
    root.set("title", qn.title or qn.item.id)
    root.set("adaptive", str(adaptive).lower())
    root.set("timeDependent", "false")
    _declarations(root, qn)
    body = el(root, "itemBody")
    content = [(el(body, "div", {"class": f"question {qn.item.kind}"}), qn.body)]
    if qn.interaction == "essay":
        el(body, "extendedTextInteraction", {"responseIdentifier": "RESPONSE"})
    else:
        interaction = el(body, "choiceInteraction", {
            "responseIdentifier": "RESPONSE", "shuffle": "false",
            "maxChoices": "1" if qn.interaction == "single" else "0"})
        content += [(el(interaction, "simpleChoice", {"identifier": choice.ident}),
                     choice.html) for choice in qn.choices]
    if qn.hint is not None:
        request = el(body, "p", {"class": "hint-request"})
        el(request, "endAttemptInteraction",
           {"responseIdentifier": "HINTREQUEST", "title": labels.show_hint})
        content.append((request, ""))
    _processing(root, qn)
    return root, content + feedbacks(root, qn, labels)


def feedbacks(root: etree._Element, qn: Question, labels: Labels) -> Content:
    content: Content = []
    for choice in qn.choices:
        if choice.feedback:
            content.append((el(root, "modalFeedback", {
                "outcomeIdentifier": "FEEDBACK", "identifier": choice.ident,
                "showHide": "show"}), choice.feedback))
    if qn.feedback:
        content.append((el(root, "modalFeedback", {
            "outcomeIdentifier": "SOLUTION", "identifier": "SOLUTION", "showHide": "show",
            "title": labels.answer if qn.interaction == "essay" else labels.explanation}),
            qn.feedback))
    if qn.hint is not None:
        content.append((el(root, "modalFeedback", {
            "outcomeIdentifier": "HINTFEEDBACK", "identifier": "HINT", "showHide": "show",
            "title": labels.hint}), qn.hint))
    return content


def _declarations(root: etree._Element, qn: Question) -> None:
    if qn.interaction == "essay":
        el(root, "responseDeclaration",
           {"identifier": "RESPONSE", "cardinality": "single", "baseType": "string"})
    else:
        response = el(root, "responseDeclaration", {
            "identifier": "RESPONSE", "cardinality": qn.interaction,
            "baseType": "identifier"})
        correct = el(response, "correctResponse")
        for ident in qn.answer_key:
            el(correct, "value", text=ident)
        if qn.interaction == "multiple":
            # Each right option earns an equal share, each wrong one costs one; the
            # bounds keep the total within 0..1 (docs/outputs/qti.md, "Scoring").
            mapping = el(response, "mapping",
                         {"lowerBound": "0", "upperBound": "1", "defaultValue": "0"})
            for choice, mapped in zip(qn.choices, mapped_values(qn), strict=True):
                el(mapping, "mapEntry", {"mapKey": choice.ident,
                                         "mappedValue": format(mapped, "f")})
    if qn.hint is not None:
        el(root, "responseDeclaration",
           {"identifier": "HINTREQUEST", "cardinality": "single", "baseType": "boolean"})
    outcomes = [("SCORE", "single", "float", "0"), ("MAXSCORE", "single", "float", "1")]
    if qn.choices:
        outcomes.append(("FEEDBACK", qn.interaction, "identifier", ""))
    outcomes.append(("SOLUTION", "single", "identifier", ""))
    if qn.hint is not None:
        outcomes += [("HINTFEEDBACK", "single", "identifier", ""),
                     ("TRIES", "single", "integer", "0")]
    declare_outcomes(root, outcomes)


def declare_outcomes(root: etree._Element, outcomes: list[tuple[str, str, str, str]]) -> None:
    """An ``outcomeDeclaration`` for each (identifier, cardinality, base type, default)."""
    for ident, cardinality, base, default in outcomes:
        decl = el(root, "outcomeDeclaration",
                  {"identifier": ident, "cardinality": cardinality, "baseType": base})
        if default:
            el(el(decl, "defaultValue"), "value", text=default)


def shares(count: int) -> list[Decimal]:
    """``count`` equal shares of 1 in millionths that add up to exactly 1: 1/count
    rounded down, and one millionth more on the last ones for what rounding left."""
    base = (Decimal(1) / count).quantize(_STEP, rounding=ROUND_FLOOR)
    extra = int((1 - base * count) / _STEP)
    return [(base + _STEP if n >= count - extra else base).normalize() for n in range(count)]


def mapped_values(qn: Question) -> list[Decimal]:
    """Each choice's value in a multiple-answer mapping, in choice order.

    The right options share +1 exactly (so the keyed set maps to 1 in decimal, and to
    1.0 in binary floating point summed in any order, for up to six options). Each wrong
    one costs 1/wrong rounded up, so an answer worth nothing exactly (every box ticked,
    or as many right as wrong thirds) never keeps a millionth above 0.
    """
    right = iter(shares(len(qn.answer_key)))
    wrong = len(qn.choices) - len(qn.answer_key)
    cost = (Decimal(1) / wrong).quantize(_STEP, rounding=ROUND_CEILING).normalize() \
        if wrong else Decimal(0)
    return [next(right) if c.correct else -cost for c in qn.choices]


def _processing(root: etree._Element, qn: Question) -> None:
    rp = el(root, "responseProcessing")
    target = rp
    if qn.hint is not None:
        cond = el(rp, "responseCondition")
        ask = el(cond, "responseIf")
        var(ask, "HINTREQUEST")
        set_outcome(ask, "HINTFEEDBACK", "identifier", "HINT")
        target = el(cond, "responseElse")
        tries = el(target, "setOutcomeValue", {"identifier": "TRIES"})
        plus = el(tries, "sum")
        var(plus, "TRIES")
        value(plus, "baseValue", "integer", "1")
    if qn.choices:
        _score(target, qn)
        feedback = el(target, "setOutcomeValue", {"identifier": "FEEDBACK"})
        var(feedback, "RESPONSE")
    solution(target, qn)


def _score(parent: etree._Element, qn: Question) -> None:
    cond = el(parent, "responseCondition")
    if qn.interaction == "single":
        first = el(cond, "responseIf")
        match = el(first, "match")
        var(match, "RESPONSE")
        el(match, "correct", {"identifier": "RESPONSE"})
        set_outcome(first, "SCORE", "float", "1")
        set_outcome(el(cond, "responseElse"), "SCORE", "float", "0")
    else:
        first = el(cond, "responseIf")
        var(el(first, "isNull"), "RESPONSE")
        set_outcome(first, "SCORE", "float", "0")
        mapped = el(el(cond, "responseElse"), "setOutcomeValue", {"identifier": "SCORE"})
        el(mapped, "mapResponse", {"identifier": "RESPONSE"})


def solution(parent: etree._Element, qn: Question) -> None:
    """Show the explanation once the answer is right or the attempts are spent, so a
    second attempt is not given away; an essay's model answer after every answer."""
    adaptive = qn.hint is not None
    if qn.interaction == "essay" or (not adaptive and not qn.attempts):
        then = parent
    else:
        cond = el(parent, "responseCondition")
        then = el(cond, "responseIf")
        either = el(then, "or")
        match = el(either, "match")
        var(match, "RESPONSE")
        el(match, "correct", {"identifier": "RESPONSE"})
        gte = el(either, "gte")
        var(gte, "TRIES" if adaptive else "numAttempts")
        value(gte, "baseValue", "integer", str(qn.attempts or 1))
    set_outcome(then, "SOLUTION", "identifier", "SOLUTION")
    if adaptive:
        set_outcome(then, "completionStatus", "identifier", "completed")


