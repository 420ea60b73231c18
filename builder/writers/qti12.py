"""IMS QTI 1.2 packages shaped like Canvas's own quiz exports (Canvas classic quizzes
and New Quizzes import them): one quiz per page and one package of question banks.

A page's zip holds ``imsmanifest.xml``, ``<quiz>/<quiz>.xml`` (a ``questestinterop``
with one ``assessment``) and ``<quiz>/assessment_meta.xml`` (Canvas's quiz settings in
its ``cccv1p0`` namespace: time limit in minutes, allowed attempts). ``bank.zip``
holds one ``objectbank`` per page, which Canvas imports as a question bank named by
``bank_title``. Items are multiple_choice_question, multiple_answers_question or
essay_question; docs/outputs/qti.md has the mapping and what is lost.

Images go where Canvas's own exports put files: under ``web_resources/`` (here
``web_resources/media/<content-hashed name>``), listed by one ``webcontent`` resource
the quiz or bank depends on, and named in the question HTML as
``$IMS-CC-FILEBASE$/media/<name>``, which Canvas resolves to the imported course file.
That resource has no ``href``: Canvas's importer makes a course file of every manifest
``file`` except a resource's ``href``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import chain

from lxml import etree  # type: ignore[import-untyped]
from lxml.html import builder as E  # type: ignore[import-untyped]
from lxml.html import tostring as html_tostring

from builder.diagnostics import Diagnostic, note, warning
from builder.model import Page

from ._qti_common import (
    Choice,
    Conversions,
    Media,
    Question,
    merge,
    ncname,
    numeric_ident,
    page_questions,
    report,
    serialize,
    text_only,
    with_html,
)
from .base import (
    Deflated,
    LinkContext,
    PageUnit,
    Settings,
    Units,
    Writer,
    write_zip,
    zip_bytes,
)

OUT_DIR = "qti12"
BANK = f"{OUT_DIR}/bank.zip"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI_XSD = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
CANVAS_CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
CANVAS_XSD = "https://canvas.instructure.com/xsd/cccv1p0.xsd"
WEB_RESOURCES = "web_resources"
MEDIA_DIR = "media"  # under web_resources/
FILEBASE = "$IMS-CC-FILEBASE$"
MEDIA_RESOURCE = "web-resources"
QUESTION_TYPE = {"single": "multiple_choice_question", "multiple": "multiple_answers_question",
                 "essay": "essay_question"}


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


def _body(qn: Question) -> str:
    if qn.hint is None:
        return qn.body
    # Canvas has no hint field: the hint goes folded under the question.
    details = E.DETAILS(E.CLASS("hint"), E.SUMMARY("Hint"), with_html(E.DIV(), qn.hint))
    return qn.body + "\n" + str(html_tostring(details, encoding="unicode"))


def item_xml(parent: etree._Element, qn: Question) -> None:
    item = _el(parent, "item", {"ident": qn.ident, "title": qn.title or qn.item.id})
    answers = [(c, _answer_id(qn, c)) for c in qn.choices]
    _fields(_el(item, "itemmetadata"), [
        ("question_type", QUESTION_TYPE[qn.interaction]),
        ("points_possible", "1.0"),
        ("original_answer_ids", ",".join(a for _, a in answers)),
    ])
    presentation = _el(item, "presentation")
    _html(presentation, _body(qn))
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


def quiz_and_bank(page: Page, questions: list[Question], attempts: int | None,
                  ) -> tuple[bytes, bytes]:
    """The page's quiz and its question bank, serialised. Each item is built once and
    moved from the one into the other; serialising indents it for where it sits."""
    quiz, section = assessment_xml(ncname("quiz", page.slug), page.display_title, attempts)
    for qn in questions:
        item_xml(section, qn)
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


def _settings_report(parts: list[_Parts]) -> list[Diagnostic]:
    found = []
    timed = [p.slug for p in parts if p.mixed_times]
    if timed:
        found.append(warning(
            "qti12-time-limit", None,
            f"Canvas has one time limit per quiz: on {len(timed)} page(s) "
            f"({', '.join(timed[:5])}) the quiz gets the sum of the challenge times, which "
            "then also covers the page's untimed items",
            "change the time limit in the quiz settings after import if it is too short"))
    mixed = [p.slug for p in parts if p.mixed_attempts]
    if mixed:
        found.append(warning(
            "qti12-attempts", None,
            f"Canvas has one number of attempts per quiz: on {len(mixed)} page(s) "
            f"({', '.join(mixed[:5])}) challenges allow different attempts; the quiz allows "
            "the fewest", "change allowed attempts in the quiz settings after import"))
    hints = sum(p.hints for p in parts)
    if hints:
        found.append(note(
            "qti12-hint", None,
            f"Canvas quizzes have no hint field: {hints} hint(s) are folded under their "
            "question (<details>), shown expanded where Canvas strips that element",
            "nothing to fix; see docs/outputs/qti.md"))
    return found


@dataclass(frozen=True)
class _Parts:
    slug: str
    bank: tuple[str, str, Deflated] | None  # (ident, path, XML); None: no questions
    media: tuple[tuple[str, bytes], ...]
    seen: Conversions
    types: tuple[tuple[str, int], ...]  # questions by Canvas type
    timed: bool  # the quiz has a time limit
    mixed_times: bool  # timed and untimed questions share the quiz
    mixed_attempts: bool
    hints: int


class Qti12Writer(Writer):
    name = "qti12"
    description = "IMS QTI 1.2 packages for Canvas: a quiz per page, question banks (qti12/)"

    def compile(self, page: Page, settings: Settings) -> PageUnit:
        seen = Conversions()
        media = Media(lambda name: f"{FILEBASE}/{MEDIA_DIR}/{name}")
        page, questions = page_questions(page, seen, media)
        images = media.used(questions)
        files: tuple[tuple[str, bytes], ...] = ()
        bank: tuple[str, str, Deflated] | None = None
        if questions:
            quiz, bank_bytes = quiz_and_bank(page, questions, quiz_settings(questions)[1])
            files = ((f"{OUT_DIR}/pages/{page.slug}.zip",
                      zip_bytes(page_package(page, questions, quiz, images), settings.epoch)),)
            bank = (*bank_names(page.slug), Deflated.of(bank_bytes))
        parts = _Parts(
            page.slug, bank, images, seen,
            tuple(sorted(Counter(QUESTION_TYPE[qn.interaction] for qn in questions).items())),
            quiz_settings(questions)[0] is not None,
            any(qn.time_limit_s for qn in questions)
            and any(not qn.time_limit_s for qn in questions),
            len({qn.attempts for qn in questions if qn.attempts}) > 1,
            sum(qn.hint is not None for qn in questions))
        return PageUnit(page.slug, files, parts)

    def link(self, units: Units, ctx: LinkContext) -> list[str]:
        seen = Conversions()
        kept: list[_Parts] = []
        media: dict[str, bytes] = {}
        types: Counter[str] = Counter()
        for unit in units:
            parts: _Parts = unit.parts
            merge(seen, parts.seen)
            media.update(parts.media)
            types.update(dict(parts.types))
            if parts.bank is not None:
                kept.append(replace(parts, bank=None, media=()))
        written = []
        if kept:
            folder = f"{WEB_RESOURCES}/{MEDIA_DIR}"
            images = [(f"{folder}/{name}", media[name]) for name in sorted(media)]
            resources: list[tuple[str, str, str | None]] = [
                (*bank_names(p.slug), None) for p in kept]
            manifest = manifest_xml("manifest-bank", resources, [name for name, _ in images])
            # Streamed page by page: the banks of a 100k-item tree are gigabytes of XML.
            members = chain(
                [("imsmanifest.xml", serialize(manifest))],
                ((unit.parts.bank[1], unit.parts.bank[2]) for unit in units if unit.parts.bank),
                images)
            write_zip(ctx.path(BANK), members, ctx.settings.epoch)
            written.append(BANK)
        report(seen, self.name, ctx.report, _settings_report(kept))
        ctx.stats[self.name] = {
            "assessments": len(kept),
            "banks": len(kept),
            "items": sum(types.values()),
            "question_types": dict(sorted(types.items())),
            "timed_assessments": sum(p.timed for p in kept),
            "left_out": len(seen.no_key),
            "media_files": len(media),
        }
        return written

