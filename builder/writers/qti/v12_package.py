"""The QTI 1.2 packages' other files: Canvas's quiz settings and the manifests.

A page's zip holds ``imsmanifest.xml``, ``<quiz>/<quiz>.xml`` (a ``questestinterop``
with one ``assessment``) and ``<quiz>/assessment_meta.xml`` (Canvas's quiz settings in
its ``cccv1p0`` namespace: time limit in minutes, allowed attempts).

Images go where Canvas's own exports put files: under ``web_resources/`` (here
``web_resources/media/<content-hashed name>``), listed by one ``webcontent`` resource
the quiz or bank depends on, and named in the question HTML as
``$IMS-CC-FILEBASE$/media/<name>``, which Canvas resolves to the imported course file.
That resource has no ``href``: Canvas's importer makes a course file of every manifest
``file`` except a resource's ``href``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from lxml import etree  # type: ignore[import-untyped]
from lxml.html import builder as E  # type: ignore[import-untyped]
from lxml.html import tostring as html_tostring

from builder.model import Page

from .common import Question, ncname, serialize
from .texts import Texts
from .v12_answers import Spec
from .v12_answers_xml import answer_item_xml
from .v12_item import XSI, assessment_xml, bank_xml, item_xml

CANVAS_CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
CANVAS_XSD = "https://canvas.instructure.com/xsd/cccv1p0.xsd"
WEB_RESOURCES = "web_resources"
MEDIA_DIR = "media"  # under web_resources/
FILEBASE = "$IMS-CC-FILEBASE$"
MEDIA_RESOURCE = "web-resources"


def quiz_and_bank(page: Page, questions: list[Question], attempts: int | None,
                  texts: Texts, specs: Mapping[str, Spec]) -> tuple[bytes, bytes]:
    """The page's quiz and its question bank, serialised. Each item is built once and
    moved from the one into the other; serialising indents it for where it sits.
    ``specs``: the answer kinds' Canvas types, by question ident."""
    quiz, section = assessment_xml(ncname("quiz", page.slug), page.display_title, attempts)
    for qn in questions:
        spec = specs.get(qn.ident)
        if spec is None:
            item_xml(section, qn, texts)
        else:
            answer_item_xml(section, qn, spec)
    quiz_bytes = serialize(quiz)
    bank, holder = bank_xml(bank_names(page.slug)[0], page.deck_name or page.display_title)
    holder.extend(list(section))
    return quiz_bytes, serialize(bank)


def meta_xml(ident: str, page: Page, points: int, time_limit_min: int | None,
             attempts: int | None) -> etree._Element:
    def add(tag: str, text: str | None = None) -> None:
        etree.SubElement(root, f"{{{CANVAS_NS}}}{tag}").text = text

    root = etree.Element(f"{{{CANVAS_NS}}}quiz", nsmap={None: CANVAS_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{CANVAS_NS} {CANVAS_XSD}")
    root.set("identifier", ident)
    add("title", page.display_title)
    description = [E.P(page.subtitle)] if page.subtitle else []
    add("description", "".join(html_tostring(d, encoding="unicode") for d in description))
    add("shuffle_answers", "false")
    add("scoring_policy", "keep_highest")
    add("hide_results")
    add("quiz_type", "practice_quiz")
    add("points_possible", f"{points:.1f}")
    add("show_correct_answers", "true")
    add("anonymous_submissions", "false")
    add("could_be_locked", "false")
    if time_limit_min:
        add("time_limit", str(time_limit_min))
    add("allowed_attempts", str(attempts) if attempts else "-1")
    add("one_question_at_a_time", "false")
    add("cant_go_back", "false")
    add("available", "false")
    add("one_time_results", "false")
    add("show_correct_answers_last_attempt", "false")
    add("only_visible_to_overrides", "false")
    add("module_locked", "false")
    return root


def _cp(tag: str) -> str:
    return f"{{{CANVAS_CP_NS}}}{tag}"


def manifest_xml(ident: str, resources: list[tuple[str, str, str | None]],
                 media: Sequence[str] = ()) -> etree._Element:
    """``resources``: (identifier, qti file, assessment_meta file or None); ``media``:
    the image files of the package, one ``webcontent`` resource that the others use."""
    root = etree.Element(_cp("manifest"), nsmap={None: CANVAS_CP_NS, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{CANVAS_CP_NS} {CP_XSD}")
    root.set("identifier", ident)
    meta = etree.SubElement(root, _cp("metadata"))
    etree.SubElement(meta, _cp("schema")).text = "IMS Content"
    etree.SubElement(meta, _cp("schemaversion")).text = "1.1.3"
    etree.SubElement(root, _cp("organizations"))
    res_root = etree.SubElement(root, _cp("resources"))
    for res_id, href, meta_href in resources:
        res = etree.SubElement(res_root, _cp("resource"),
                               {"identifier": res_id, "type": "imsqti_xmlv1p2"})
        etree.SubElement(res, _cp("file"), {"href": href})
        if meta_href:
            etree.SubElement(res, _cp("dependency"), {"identifierref": f"{res_id}-meta"})
        if media:
            etree.SubElement(res, _cp("dependency"), {"identifierref": MEDIA_RESOURCE})
    for res_id, _, meta_href in resources:
        if meta_href:
            res = etree.SubElement(res_root, _cp("resource"), {
                "identifier": f"{res_id}-meta",
                "type": "associatedcontent/imscc_xmlv1p1/learning-application-resource",
                "href": meta_href})
            etree.SubElement(res, _cp("file"), {"href": meta_href})
    if media:
        res = etree.SubElement(res_root, _cp("resource"),
                               {"identifier": MEDIA_RESOURCE, "type": "webcontent"})
        for href in media:
            etree.SubElement(res, _cp("file"), {"href": href})
    return root


def quiz_settings(questions: list[Question]) -> tuple[int | None, int | None]:
    """(time limit in minutes, allowed attempts) for a Canvas quiz from its challenges:
    the sum of their times, and the fewest attempts any of them allows."""
    seconds = sum(qn.time_limit_s or 0 for qn in questions)
    attempts = [qn.attempts for qn in questions if qn.attempts]
    return (math.ceil(seconds / 60) if seconds else None), (min(attempts) if attempts else None)


def page_package(page: Page, questions: list[Question], quiz: bytes,
                 images: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The members of the page's zip, ``quiz`` being its serialised assessment."""
    ident = ncname("quiz", page.slug)
    minutes, attempts = quiz_settings(questions)
    qti, meta = f"{ident}/{ident}.xml", f"{ident}/assessment_meta.xml"
    members = [(f"{WEB_RESOURCES}/{MEDIA_DIR}/{name}", data) for name, data in images]
    return [
        ("imsmanifest.xml", serialize(manifest_xml(ncname("manifest", page.slug),
                                                   [(ident, qti, meta)],
                                                   [name for name, _ in members]))),
        (qti, quiz),
        (meta, serialize(meta_xml(ident, page, len(questions), minutes, attempts))),
        *members,
    ]


def bank_names(slug: str) -> tuple[str, str]:
    ident = ncname("bank", slug)
    return ident, f"{ident}/{ident}.xml"
