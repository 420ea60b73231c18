"""The QTI 2.1 packages' assessmentTest and manifests.

Images are stored once per package in ``media/`` under content-hashed names; an item's
``<img src>`` is ``../media/<name>`` (relative to ``items/``) and its manifest resource
lists each image it shows as a ``<file>``. There is deliberately no separate
``webcontent`` resource per image: Canvas's QTI importer turns every manifest ``file``
into a course file except one that is some resource's ``href``, so such a resource
would make Canvas skip the image.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from lxml import etree  # type: ignore[import-untyped]

from .common import Question
from .v21_answers import Spec
from .v21_item import QTI_XSD, XSI, el
from .xhtml import QTI21_NS, q

CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
QTIM_NS = "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1"
CP_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"
QTIM_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_metadata_v2p1p1.xsd"
MEDIA_DIR = "media"
INTERACTION = MappingProxyType({"single": "choiceInteraction", "multiple": "choiceInteraction",
               "essay": "extendedTextInteraction"})


def assessment_test_xml(ident: str, title: str, questions: list[Question]) -> etree._Element:
    root = etree.Element(q("assessmentTest"), nsmap={None: QTI21_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI21_NS} {QTI_XSD}")
    root.set("identifier", ident)
    root.set("title", title)
    el(root, "outcomeDeclaration",
       {"identifier": "SCORE", "cardinality": "single", "baseType": "float"})
    timed = any(qn.time_limit_s for qn in questions)
    # Item time limits hold in a linear test part; a page without them stays free to
    # move around in.
    part = el(root, "testPart", {"identifier": "part-1",
                                 "navigationMode": "linear" if timed else "nonlinear",
                                 "submissionMode": "individual"})
    el(part, "itemSessionControl", {"showFeedback": "true", "allowReview": "true",
                                    "showSolution": "true"})
    section = el(part, "assessmentSection",
                 {"identifier": "section-1", "title": title, "visible": "true"})
    for qn in questions:
        ref = el(section, "assessmentItemRef",
                 {"identifier": qn.ident, "href": f"../items/{qn.ident}.xml"})
        if qn.attempts:
            el(ref, "itemSessionControl", {"maxAttempts": str(qn.attempts)})
        if qn.time_limit_s:
            el(ref, "timeLimits", {"maxTime": str(qn.time_limit_s)})
    processing = el(root, "outcomeProcessing")
    total = el(el(processing, "setOutcomeValue", {"identifier": "SCORE"}), "sum")
    el(total, "testVariables", {"variableIdentifier": "SCORE"})
    return root


def _cp(tag: str) -> str:
    return f"{{{CP_NS}}}{tag}"


@dataclass(frozen=True)
class ItemRef:
    """What a manifest says of an item (kept per page for the bank's manifest)."""

    ident: str
    interaction: str  # single, multiple or essay; or an answer kind: numeric, short, ...
    interactions: tuple[str, ...]
    adaptive: bool
    media: tuple[str, ...]


def item_ref(qn: Question, spec: Spec | None = None) -> ItemRef:
    if spec is not None and spec.kind != "truefalse":
        return ItemRef(qn.ident, spec.kind, (spec.interaction,), False, qn.media)
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


SEP = b"\n    "  # before each <resource> in a serialised manifest


def split(manifest: bytes) -> tuple[bytes, bytes]:
    """A serialised manifest cut around its resources: (up to ``<resources>``, from the
    line break before ``</resources>``)."""
    head, rest = manifest.split(b"<resources>", 1)
    _, tail = rest.rsplit(b"</resources>", 1)
    return head + b"<resources>", b"\n  </resources>" + tail


def item_resources(manifest: bytes, first: str) -> bytes:
    """The item <resource> elements of a page's serialised ``manifest``, from the one
    of item ``first`` on: the bank's manifest holds them at the same depth, so with the
    same bytes."""
    start = manifest.index(b'<resource identifier="' + first.encode() + b'"')
    return manifest[start: len(manifest) - len(split(manifest)[1])]


