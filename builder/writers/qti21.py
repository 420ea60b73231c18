"""IMS QTI 2.1 content packages: one per page (items plus an assessmentTest) and one
item bank for the whole tree (items only). docs/outputs/qti.md has the full mapping.

Each item is its own ``assessmentItem`` file. A choice question is a
``choiceInteraction`` scored by explicit rules (match_correct for one right option,
map_response with a mapping for several); an essay is an ``extendedTextInteraction``
with its model answer as feedback. A hint is an ``endAttemptInteraction`` named
HINTREQUEST whose response processing shows the hint as ``modalFeedback`` without
scoring; such an item is adaptive so that asking for the hint does not use up one of
the learner's attempts (the item counts real answers itself and completes when the
answer is right or the attempts are spent).

Images are stored once per package in ``media/`` under content-hashed names; an item's
``<img src>`` is ``../media/<name>`` (relative to ``items/``) and its manifest resource
lists each image it shows as a ``<file>``. There is deliberately no separate
``webcontent`` resource per image: Canvas's QTI importer turns every manifest ``file``
into a course file except one that is some resource's ``href``, so such a resource
would make Canvas skip the image.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from itertools import chain

from lxml import etree  # type: ignore[import-untyped]

from builder.model import Page

from ._qti_common import (
    Conversions,
    Media,
    Question,
    merge,
    ncname,
    page_questions,
    report,
    serialize,
)
from ._qti_xhtml import QTI21_NS, append_html, q
from .base import (
    Deflated,
    LinkContext,
    Member,
    PageUnit,
    Settings,
    Units,
    Writer,
    write_zip,
    zip_bytes,
)

OUT_DIR = "qti21"
BANK = f"{OUT_DIR}/bank.zip"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
QTIM_NS = "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/imsqti_v2p1.xsd"
CP_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"
QTIM_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_metadata_v2p1p1.xsd"
MEDIA_DIR = "media"
_STEP = Decimal("0.000001")  # mapped values are written in millionths
INTERACTION = {"single": "choiceInteraction", "multiple": "choiceInteraction",
               "essay": "extendedTextInteraction"}


def _el(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None,
        text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, q(tag), attrs or {})
    if text is not None:
        el.text = text
    return el


def _value(parent: etree._Element, tag: str, base: str, value: str) -> etree._Element:
    return _el(parent, tag, {"baseType": base}, value)


def _set(parent: etree._Element, outcome: str, base: str, value: str) -> None:
    _value(_el(parent, "setOutcomeValue", {"identifier": outcome}), "baseValue", base, value)


def _var(parent: etree._Element, name: str) -> etree._Element:
    return _el(parent, "variable", {"identifier": name})


def item_xml(qn: Question) -> bytes:
    """The item's XML, indented for people outside its XHTML: there it is mixed
    content, where whitespace shows (and an indented ``<pre>`` would show it)."""
    root, content = _item_tree(qn)
    # Indented while the XHTML holders are empty, so lxml's indenter (in C) leaves
    # their inside as the HTML gives it.
    etree.indent(root)
    for holder, fragment in content:
        if len(holder):  # the hint button's paragraph: content, kept on one line
            holder.text = holder[-1].tail = None
        append_html(holder, fragment)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _item_tree(qn: Question) -> tuple[etree._Element, list[tuple[etree._Element, str]]]:
    """The item without its XHTML, and (element, HTML) for each place that takes some."""
    adaptive = qn.hint is not None
    root = etree.Element(q("assessmentItem"), nsmap={None: QTI21_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI21_NS} {QTI_XSD}")
    root.set("identifier", qn.ident)
    root.set("title", qn.title or qn.item.id)
    root.set("adaptive", str(adaptive).lower())
    root.set("timeDependent", "false")
    _declarations(root, qn)
    body = _el(root, "itemBody")
    content = [(_el(body, "div", {"class": f"question {qn.item.kind}"}), qn.body)]
    if qn.interaction == "essay":
        _el(body, "extendedTextInteraction", {"responseIdentifier": "RESPONSE"})
    else:
        interaction = _el(body, "choiceInteraction", {
            "responseIdentifier": "RESPONSE", "shuffle": "false",
            "maxChoices": "1" if qn.interaction == "single" else "0"})
        content += [(_el(interaction, "simpleChoice", {"identifier": choice.ident}),
                     choice.html) for choice in qn.choices]
    if qn.hint is not None:
        request = _el(body, "p", {"class": "hint-request"})
        _el(request, "endAttemptInteraction",
            {"responseIdentifier": "HINTREQUEST", "title": "Show hint"})
        content.append((request, ""))
    _processing(root, qn)
    for choice in qn.choices:
        if choice.feedback:
            content.append((_el(root, "modalFeedback", {
                "outcomeIdentifier": "FEEDBACK", "identifier": choice.ident,
                "showHide": "show"}), choice.feedback))
    if qn.feedback:
        content.append((_el(root, "modalFeedback", {
            "outcomeIdentifier": "SOLUTION", "identifier": "SOLUTION", "showHide": "show",
            "title": "Answer" if qn.interaction == "essay" else "Explanation"}),
            qn.feedback))
    if qn.hint is not None:
        content.append((_el(root, "modalFeedback", {
            "outcomeIdentifier": "HINTFEEDBACK", "identifier": "HINT", "showHide": "show",
            "title": "Hint"}), qn.hint))
    return root, content


def _declarations(root: etree._Element, qn: Question) -> None:
    if qn.interaction == "essay":
        _el(root, "responseDeclaration",
            {"identifier": "RESPONSE", "cardinality": "single", "baseType": "string"})
    else:
        response = _el(root, "responseDeclaration", {
            "identifier": "RESPONSE", "cardinality": qn.interaction,
            "baseType": "identifier"})
        correct = _el(response, "correctResponse")
        for ident in qn.answer_key:
            _el(correct, "value", text=ident)
        if qn.interaction == "multiple":
            # Each right option earns an equal share, each wrong one costs one; the
            # bounds keep the total within 0..1 (docs/outputs/qti.md, "Scoring").
            mapping = _el(response, "mapping",
                          {"lowerBound": "0", "upperBound": "1", "defaultValue": "0"})
            for choice, value in zip(qn.choices, mapped_values(qn), strict=True):
                _el(mapping, "mapEntry", {"mapKey": choice.ident,
                                          "mappedValue": format(value, "f")})
    if qn.hint is not None:
        _el(root, "responseDeclaration",
            {"identifier": "HINTREQUEST", "cardinality": "single", "baseType": "boolean"})
    outcomes = [("SCORE", "single", "float", "0"), ("MAXSCORE", "single", "float", "1")]
    if qn.choices:
        outcomes.append(("FEEDBACK", qn.interaction, "identifier", ""))
    outcomes.append(("SOLUTION", "single", "identifier", ""))
    if qn.hint is not None:
        outcomes += [("HINTFEEDBACK", "single", "identifier", ""),
                     ("TRIES", "single", "integer", "0")]
    for ident, cardinality, base, default in outcomes:
        decl = _el(root, "outcomeDeclaration",
                   {"identifier": ident, "cardinality": cardinality, "baseType": base})
        if default:
            _el(_el(decl, "defaultValue"), "value", text=default)


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
    rp = _el(root, "responseProcessing")
    target = rp
    if qn.hint is not None:
        cond = _el(rp, "responseCondition")
        ask = _el(cond, "responseIf")
        _var(ask, "HINTREQUEST")
        _set(ask, "HINTFEEDBACK", "identifier", "HINT")
        target = _el(cond, "responseElse")
        tries = _el(target, "setOutcomeValue", {"identifier": "TRIES"})
        plus = _el(tries, "sum")
        _var(plus, "TRIES")
        _value(plus, "baseValue", "integer", "1")
    if qn.choices:
        _score(target, qn)
        feedback = _el(target, "setOutcomeValue", {"identifier": "FEEDBACK"})
        _var(feedback, "RESPONSE")
    _solution(target, qn)


def _score(parent: etree._Element, qn: Question) -> None:
    cond = _el(parent, "responseCondition")
    if qn.interaction == "single":
        first = _el(cond, "responseIf")
        match = _el(first, "match")
        _var(match, "RESPONSE")
        _el(match, "correct", {"identifier": "RESPONSE"})
        _set(first, "SCORE", "float", "1")
        _set(_el(cond, "responseElse"), "SCORE", "float", "0")
    else:
        first = _el(cond, "responseIf")
        _var(_el(first, "isNull"), "RESPONSE")
        _set(first, "SCORE", "float", "0")
        mapped = _el(_el(cond, "responseElse"), "setOutcomeValue", {"identifier": "SCORE"})
        _el(mapped, "mapResponse", {"identifier": "RESPONSE"})


def _solution(parent: etree._Element, qn: Question) -> None:
    """Show the explanation once the answer is right or the attempts are spent, so a
    second attempt is not given away; an essay's model answer after every answer."""
    adaptive = qn.hint is not None
    if qn.interaction == "essay" or (not adaptive and not qn.attempts):
        then = parent
    else:
        cond = _el(parent, "responseCondition")
        then = _el(cond, "responseIf")
        either = _el(then, "or")
        match = _el(either, "match")
        _var(match, "RESPONSE")
        _el(match, "correct", {"identifier": "RESPONSE"})
        gte = _el(either, "gte")
        _var(gte, "TRIES" if adaptive else "numAttempts")
        _value(gte, "baseValue", "integer", str(qn.attempts or 1))
    _set(then, "SOLUTION", "identifier", "SOLUTION")
    if adaptive:
        _set(then, "completionStatus", "identifier", "completed")


def assessment_test_xml(ident: str, title: str, questions: list[Question]) -> etree._Element:
    root = etree.Element(q("assessmentTest"), nsmap={None: QTI21_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI21_NS} {QTI_XSD}")
    root.set("identifier", ident)
    root.set("title", title)
    _el(root, "outcomeDeclaration",
        {"identifier": "SCORE", "cardinality": "single", "baseType": "float"})
    timed = any(qn.time_limit_s for qn in questions)
    # Item time limits hold in a linear test part; a page without them stays free to
    # move around in.
    part = _el(root, "testPart", {"identifier": "part-1",
                                  "navigationMode": "linear" if timed else "nonlinear",
                                  "submissionMode": "individual"})
    _el(part, "itemSessionControl", {"showFeedback": "true", "allowReview": "true",
                                     "showSolution": "true"})
    section = _el(part, "assessmentSection",
                  {"identifier": "section-1", "title": title, "visible": "true"})
    for qn in questions:
        ref = _el(section, "assessmentItemRef",
                  {"identifier": qn.ident, "href": f"../items/{qn.ident}.xml"})
        if qn.attempts:
            _el(ref, "itemSessionControl", {"maxAttempts": str(qn.attempts)})
        if qn.time_limit_s:
            _el(ref, "timeLimits", {"maxTime": str(qn.time_limit_s)})
    processing = _el(root, "outcomeProcessing")
    total = _el(_el(processing, "setOutcomeValue", {"identifier": "SCORE"}), "sum")
    _el(total, "testVariables", {"variableIdentifier": "SCORE"})
    return root


def _cp(tag: str) -> str:
    return f"{{{CP_NS}}}{tag}"


@dataclass(frozen=True)
class ItemRef:
    """What a manifest says of an item (kept per page for the bank's manifest)."""

    ident: str
    interaction: str  # single, multiple or essay
    interactions: tuple[str, ...]
    adaptive: bool
    media: tuple[str, ...]


def item_ref(qn: Question) -> ItemRef:
    return ItemRef(qn.ident, qn.interaction, tuple(interactions(qn)), qn.hint is not None,
                   qn.media)


def manifest_xml(ident: str, questions: Sequence[ItemRef], test: str | None) -> etree._Element:
    root = etree.Element(_cp("manifest"), nsmap={None: CP_NS, "imsqti": QTIM_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{CP_NS} {CP_XSD} {QTIM_NS} {QTIM_XSD}")
    root.set("identifier", ident)
    meta = etree.SubElement(root, _cp("metadata"))
    etree.SubElement(meta, _cp("schema")).text = \
        "QTIv2.1 Package" if test else "QTIv2.1 Item Bank Package"
    etree.SubElement(meta, _cp("schemaversion")).text = "1.0.0"
    etree.SubElement(root, _cp("organizations"))
    resources = etree.SubElement(root, _cp("resources"))
    if test:
        href = f"tests/{test}.xml"
        res = etree.SubElement(resources, _cp("resource"),
                               {"identifier": test, "type": "imsqti_test_xmlv2p1", "href": href})
        etree.SubElement(res, _cp("file"), {"href": href})
        for qn in questions:
            etree.SubElement(res, _cp("dependency"), {"identifierref": qn.ident})
    for qn in questions:
        href = f"items/{qn.ident}.xml"
        res = etree.SubElement(resources, _cp("resource"),
                               {"identifier": qn.ident, "type": "imsqti_item_xmlv2p1",
                                "href": href})
        qmd = etree.SubElement(etree.SubElement(res, _cp("metadata")),
                               f"{{{QTIM_NS}}}qtiMetadata")
        etree.SubElement(qmd, f"{{{QTIM_NS}}}timeDependent").text = "false"
        for interaction in qn.interactions:
            etree.SubElement(qmd, f"{{{QTIM_NS}}}interactionType").text = interaction
        etree.SubElement(qmd, f"{{{QTIM_NS}}}feedbackType").text = \
            "adaptive" if qn.adaptive else "nonadaptive"
        etree.SubElement(qmd, f"{{{QTIM_NS}}}solutionAvailable").text = "true"
        etree.SubElement(qmd, f"{{{QTIM_NS}}}toolName").text = "study-builder"
        etree.SubElement(res, _cp("file"), {"href": href})
        for name in qn.media:
            etree.SubElement(res, _cp("file"), {"href": f"{MEDIA_DIR}/{name}"})
    return root


def interactions(qn: Question) -> list[str]:
    found = [INTERACTION[qn.interaction]]
    if qn.hint is not None:
        found.append("endAttemptInteraction")
    return found


_SEP = b"\n    "  # before each <resource> in a serialised manifest


def _split(manifest: bytes) -> tuple[bytes, bytes]:
    """A serialised manifest cut around its resources: (up to ``<resources>``, from the
    line break before ``</resources>``)."""
    head, rest = manifest.split(b"<resources>", 1)
    _, tail = rest.rsplit(b"</resources>", 1)
    return head + b"<resources>", b"\n  </resources>" + tail


def _item_resources(manifest: bytes, first: str) -> bytes:
    """The item <resource> elements of a page's serialised ``manifest``, from the one
    of item ``first`` on: the bank's manifest holds them at the same depth, so with the
    same bytes."""
    start = manifest.index(b'<resource identifier="' + first.encode() + b'"')
    return manifest[start: len(manifest) - len(_split(manifest)[1])]


@dataclass(frozen=True)
class _Parts:
    items: tuple[tuple[str, Deflated], ...]  # (ident, the item's XML, compressed)
    refs: tuple[ItemRef, ...]
    resources: bytes  # the bank manifest's <resource> elements for these items
    media: tuple[tuple[str, bytes], ...]
    seen: Conversions
    timed: int


class Qti21Writer(Writer):
    name = "qti21"
    description = "IMS QTI 2.1 content packages: a test per page, an item bank (qti21/)"

    def compile(self, page: Page, settings: Settings) -> PageUnit:
        seen = Conversions()
        media = Media(lambda name: f"../{MEDIA_DIR}/{name}")
        page, questions = page_questions(page, seen, media)
        items = tuple((qn.ident, Deflated.of(item_xml(qn))) for qn in questions)
        refs = tuple(item_ref(qn) for qn in questions)
        images = media.used(questions)
        files: tuple[tuple[str, bytes], ...] = ()
        resources = b""
        if questions:
            test = ncname("test", page.slug)
            manifest = serialize(manifest_xml(ncname("manifest", page.slug), refs, test))
            resources = _item_resources(manifest, refs[0].ident)
            members: list[Member] = [
                ("imsmanifest.xml", manifest),
                (f"tests/{test}.xml",
                 serialize(assessment_test_xml(test, page.display_title, questions))),
                *((f"items/{ident}.xml", xml) for ident, xml in items),
                *((f"{MEDIA_DIR}/{name}", data) for name, data in images),
            ]
            files = ((f"{OUT_DIR}/pages/{page.slug}.zip", zip_bytes(members, settings.epoch)),)
        timed = sum(bool(qn.time_limit_s) for qn in questions)
        return PageUnit(page.slug, files, _Parts(items, refs, resources, images, seen, timed))

    def link(self, units: Units, ctx: LinkContext) -> list[str]:
        seen = Conversions()
        refs: list[ItemRef] = []
        media: dict[str, bytes] = {}
        tests = timed = 0
        for unit in units:
            parts: _Parts = unit.parts
            merge(seen, parts.seen)
            refs += parts.refs
            media.update(parts.media)
            tests += bool(parts.refs)
            timed += parts.timed
        written = []
        if refs:
            # The manifest from each page's resources: as one lxml tree it took 0.7 GB
            # at 100k items.
            head, tail = _split(serialize(manifest_xml("manifest-bank", refs[:1], None)))
            manifest = head + b"".join(_SEP + unit.parts.resources for unit in units
                                       if unit.parts.refs) + tail
            # Streamed page by page: the bank of a 100k-item tree is gigabytes of XML.
            members = chain(
                [("imsmanifest.xml", manifest)],
                ((f"items/{ident}.xml", xml) for unit in units for ident, xml in unit.parts.items),
                ((f"{MEDIA_DIR}/{name}", media[name]) for name in sorted(media)))
            write_zip(ctx.path(BANK), members, ctx.settings.epoch)
            written.append(BANK)
        report(seen, self.name, ctx.report)
        counts = Counter(i for r in refs for i in r.interactions)
        ctx.stats[self.name] = {
            "tests": tests,
            "items": len(refs),
            "interactions": dict(sorted(counts.items())),
            "cardinality": dict(sorted(Counter(
                r.interaction for r in refs if r.interaction != "essay").items())),
            "timed_items": timed,
            "left_out": len(seen.no_key),
            "media_files": len(media),
        }
        return written

