"""IMS QTI 2.1 content packages: one per page (items plus an assessmentTest) and one
item bank for the whole tree (items only). docs/outputs/qti.md has the full mapping;
``v21_item`` writes each item, ``v21_package`` the test and the manifests.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import chain

from builder.diagnostics import Diagnostic
from builder.model import Page
from builder.render.rendered import RenderedPage

from ..base import (
    Deflated,
    Linked,
    Member,
    Output,
    PageUnit,
    Settings,
    Units,
    Writer,
    write_zip,
    zip_bytes,
)
from .common import Conversions, Question, merge, ncname, report, serialize
from .questions import prepare
from .texts import Labels
from .v21_answers import Spec, answer_question, losses_report
from .v21_answers_xml import answer_item_xml
from .v21_item import item_xml
from .v21_package import (
    MEDIA_DIR,
    SEP,
    ItemRef,
    assessment_test_xml,
    item_ref,
    item_resources,
    manifest_xml,
    split,
)

OUT_DIR = "qti21"
BANK = f"{OUT_DIR}/bank.zip"


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

    def compile(self, page: Page, rendered: RenderedPage, settings: Settings) -> PageUnit:
        prepared, specs = prepare(page, rendered, settings,
                                  lambda name: f"../{MEDIA_DIR}/{name}", answer_question)
        page, questions, seen, texts, media = prepared
        labels = texts.labels()
        items = tuple((qn.ident, Deflated.of(_item_xml(qn, specs.get(qn.ident), labels)))
                      for qn in questions)
        refs = tuple(item_ref(qn, specs.get(qn.ident)) for qn in questions)
        images = media.used(questions)
        files: tuple[tuple[str, bytes], ...] = ()
        resources = b""
        if questions:
            test = ncname("test", page.slug)
            manifest = serialize(manifest_xml(ncname("manifest", page.slug), refs, test))
            resources = item_resources(manifest, refs[0].ident)
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

    def link(self, units: Units, out: Output) -> Linked:
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
            head, tail = split(serialize(manifest_xml("manifest-bank", refs[:1], None)))
            manifest = head + b"".join(SEP + unit.parts.resources for unit in units
                                       if unit.parts.refs) + tail
            # Streamed page by page: the bank of a 100k-item tree is gigabytes of XML.
            members = chain(
                [("imsmanifest.xml", manifest)],
                ((f"items/{ident}.xml", xml) for unit in units for ident, xml in unit.parts.items),
                ((f"{MEDIA_DIR}/{name}", media[name]) for name in sorted(media)))
            write_zip(out.path(BANK), members, out.settings.epoch)
            written.append(BANK)
        found: list[Diagnostic] = []
        report(seen, self.name, found, losses_report(seen.lost))
        counts = Counter(i for r in refs for i in r.interactions)
        return Linked(written, found, {
            "tests": tests,
            "items": len(refs),
            "interactions": dict(sorted(counts.items())),
            "cardinality": dict(sorted(Counter(
                r.interaction for r in refs if r.interaction in ("single", "multiple")).items())),
            "timed_items": timed,
            "left_out": len(seen.no_key),
            "media_files": len(media),
        })



def _item_xml(qn: Question, spec: Spec | None, labels: Labels) -> bytes:
    return item_xml(qn, labels) if spec is None else answer_item_xml(qn, spec, labels)
