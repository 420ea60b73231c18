"""QTI 2.1 items of the answer kinds: ``textEntryInteraction`` for a number, a short
text and each blank of a passage, ``matchInteraction`` for pairs (a true-or-false
statement is a choice question, written by ``v21_item``).

A number is a ``float`` response scored by ``equal`` (``toleranceMode="absolute"`` for
an answer with a tolerance, ``exact`` without) or, for a range, by ``gte`` and ``lte``
on its ends. A short answer is a ``string`` response mapped to 1 by a ``mapEntry`` per
accepted answer (case as the item says). Each blank has its own ``string`` response
mapped to its share of 1; the score is the sum of the blanks answered. A match is a
``directedPair`` response mapped to a share per right pair, within 0..1.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree  # type: ignore[import-untyped]

from builder.model import Cloze, Numeric, ShortAnswer, number_text

from .common import Question
from .texts import Labels
from .v21_answers import Spec
from .v21_item import (
    QTI_XSD,
    XSI,
    Content,
    declare_outcomes,
    el,
    feedbacks,
    item_xml,
    set_outcome,
    shares,
    solution,
    value,
    var,
)
from .xhtml import QTI21_NS, append_html, q


def answer_item_xml(qn: Question, spec: Spec, labels: Labels) -> bytes:
    """The item's XML, indented outside its XHTML as ``v21_item.item_xml`` does."""
    if spec.kind == "truefalse":
        return item_xml(qn, labels)
    root, content, body = _tree(qn, spec, labels)
    etree.indent(root)
    for holder, html in content:
        append_html(holder, html)
    if spec.marker:
        _boxes(body, spec.marker, iter(_box_attrs(qn, spec)))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _tree(qn: Question, spec: Spec,
          labels: Labels) -> tuple[etree._Element, Content, etree._Element]:
    root = etree.Element(q("assessmentItem"), nsmap={None: QTI21_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI21_NS} {QTI_XSD}")
    root.set("identifier", qn.ident)
    root.set("title", qn.title or qn.item.id)
    root.set("adaptive", "false")
    root.set("timeDependent", "false")
    _declarations(root, qn, spec)
    declare_outcomes(root, [("SCORE", "single", "float", "0"),
                            ("MAXSCORE", "single", "float", "1"),
                            ("SOLUTION", "single", "identifier", "")])
    item_body = el(root, "itemBody")
    body = el(item_body, "div", {"class": f"question {qn.item.kind}"})
    content: Content = [(body, qn.body)]
    if spec.kind == "matching":
        content += _match_interaction(item_body, qn, spec)
    _processing(el(root, "responseProcessing"), qn, spec)
    return root, content + feedbacks(root, qn, labels), body


def _match_interaction(parent: etree._Element, qn: Question, spec: Spec) -> Content:
    interaction = el(parent, "matchInteraction", {
        "responseIdentifier": "RESPONSE", "shuffle": "true",
        "maxAssociations": str(spec.pairs)})
    content: Content = []
    for side in (qn.choices[:spec.pairs], qn.choices[spec.pairs:]):
        match_set = el(interaction, "simpleMatchSet")
        content += [(el(match_set, "simpleAssociableChoice",
                        {"identifier": c.ident, "matchMax": "1"}), c.html) for c in side]
    return content


def blank_ids(spec: Spec) -> list[str]:
    return [f"BLANK_{n}" for n in range(1, len(spec.typed) + 1)]


def _box_attrs(qn: Question, spec: Spec) -> list[dict[str, str]]:
    if spec.kind != "cloze":  # a number or a short text: one box
        return [{"responseIdentifier": "RESPONSE"}]
    return [{"responseIdentifier": ident, **({"placeholderText": hint} if hint else {})}
            for ident, hint in zip(blank_ids(spec), spec.hints, strict=True)]


def _boxes(holder: etree._Element, marker: str, boxes: Iterator[dict[str, str]]) -> None:
    """Put a ``textEntryInteraction`` (with the next of ``boxes``) at every ``marker``
    in the text of ``holder``'s XHTML."""
    for element in list(holder.iter()):
        if element.text and marker in element.text:
            first, *rest = element.text.split(marker)
            element.text = first
            for n, tail in enumerate(rest):
                box = etree.Element(q("textEntryInteraction"), next(boxes))
                box.tail = tail
                element.insert(n, box)
        if element is not holder and element.tail and marker in element.tail:
            first, *rest = element.tail.split(marker)
            element.tail = first
            parent, at = element.getparent(), element.getparent().index(element)
            for n, tail in enumerate(rest, 1):
                box = etree.Element(q("textEntryInteraction"), next(boxes))
                box.tail = tail
                parent.insert(at + n, box)
        for name, text in element.attrib.items():  # a blank in an image's alt text
            if marker in text:
                element.set(name, text.replace(marker, "___"))
    left = list(boxes)
    if left:  # so every blank has its box, even one the passage's markup swallowed
        last = etree.SubElement(holder, q("p"))
        for attrs in left:
            etree.SubElement(last, q("textEntryInteraction"), attrs)


def _mapping(parent: etree._Element, entries: list[tuple[str, str]],
             case_sensitive: bool | None) -> None:
    mapping = el(parent, "mapping", {"lowerBound": "0", "upperBound": "1", "defaultValue": "0"})
    for key, mapped in entries:
        attrs = {"mapKey": key, "mappedValue": mapped}
        if case_sensitive is not None:
            attrs["caseSensitive"] = str(case_sensitive).lower()
        el(mapping, "mapEntry", attrs)


def _response(root: etree._Element, ident: str, cardinality: str, base: str,
              correct: list[str]) -> etree._Element:
    response = el(root, "responseDeclaration",
                  {"identifier": ident, "cardinality": cardinality, "baseType": base})
    held = el(response, "correctResponse")
    for text in correct:
        el(held, "value", text=text)
    return response


def _declarations(root: etree._Element, qn: Question, spec: Spec) -> None:
    item = qn.item
    if isinstance(item, Numeric):
        _response(root, "RESPONSE", "single", "float", [number_text(item.answer)])
    elif isinstance(item, ShortAnswer):
        response = _response(root, "RESPONSE", "single", "string", [spec.typed[0]])
        fold = (lambda t: t) if item.case_sensitive else str.casefold
        keys = {fold(t): t for t in reversed(spec.typed)}  # one entry per answer
        _mapping(response, [(t, "1") for t in reversed(keys.values())], item.case_sensitive)
    elif isinstance(item, Cloze):
        for ident, answer, share in zip(blank_ids(spec), spec.typed, shares(len(spec.typed)),
                                        strict=True):
            response = _response(root, ident, "single", "string", [answer])
            _mapping(response, [(answer, format(share, "f"))], False)
    else:  # matching
        pairs = [f"left_{n} right_{n}" for n in range(1, spec.pairs + 1)]
        response = _response(root, "RESPONSE", "multiple", "directedPair", pairs)
        _mapping(response, [(p, format(s, "f")) for p, s in zip(pairs, shares(spec.pairs),
                                                                 strict=True)], None)


def _numeric_test(parent: etree._Element, item: Numeric) -> None:
    if item.written_as == "range":
        both = el(parent, "and")
        for op, end in (("gte", item.low), ("lte", item.high)):
            compare = el(both, op)
            var(compare, "RESPONSE")
            value(compare, "baseValue", "float", number_text(end))
        return
    if item.tolerance:
        t = number_text(item.tolerance)
        equal = el(parent, "equal", {"toleranceMode": "absolute", "tolerance": f"{t} {t}"})
    else:
        equal = el(parent, "equal", {"toleranceMode": "exact"})
    var(equal, "RESPONSE")
    el(equal, "correct", {"identifier": "RESPONSE"})


def _processing(rp: etree._Element, qn: Question, spec: Spec) -> None:
    item = qn.item
    if isinstance(item, Numeric):
        cond = el(rp, "responseCondition")
        right = el(cond, "responseIf")
        _numeric_test(right, item)
        set_outcome(right, "SCORE", "float", "1")
        set_outcome(el(cond, "responseElse"), "SCORE", "float", "0")
    elif isinstance(item, Cloze):
        # Each answered blank adds its share (an empty one is NULL, which a sum with it
        # would make the whole score).
        for ident in blank_ids(spec):
            answered = el(el(rp, "responseCondition"), "responseIf")
            var(el(el(answered, "not"), "isNull"), ident)
            total = el(el(answered, "setOutcomeValue", {"identifier": "SCORE"}), "sum")
            var(total, "SCORE")
            el(total, "mapResponse", {"identifier": ident})
    else:  # a short answer or a match: the mapped response, 0 without one
        cond = el(rp, "responseCondition")
        empty = el(cond, "responseIf")
        var(el(empty, "isNull"), "RESPONSE")
        set_outcome(empty, "SCORE", "float", "0")
        mapped = el(el(cond, "responseElse"), "setOutcomeValue", {"identifier": "SCORE"})
        el(mapped, "mapResponse", {"identifier": "RESPONSE"})
    solution(rp, qn)
