"""IMS QTI 1.2 packages shaped like Canvas's own quiz exports (Canvas classic quizzes
and New Quizzes import them): one quiz per page and one package of question banks.

Each page's zip is described in ``v12_package``; ``bank.zip`` holds one ``objectbank``
per page, which Canvas imports as a question bank named by ``bank_title``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import chain

from builder.diagnostics import Diagnostic, codes, note, warning
from builder.model import Page
from builder.render.rendered import RenderedPage

from ..base import (
    Deflated,
    Linked,
    Output,
    PageUnit,
    Settings,
    Units,
    Writer,
    write_zip,
    zip_bytes,
)
from .common import Conversions, Question, merge, report, serialize
from .questions import prepare
from .v12_answers import Spec, answer_question, losses_report
from .v12_item import QUESTION_TYPE
from .v12_package import (
    FILEBASE,
    MEDIA_DIR,
    WEB_RESOURCES,
    bank_names,
    manifest_xml,
    page_package,
    quiz_and_bank,
    quiz_settings,
)

OUT_DIR = "qti12"
BANK = f"{OUT_DIR}/bank.zip"


def _settings_report(parts: list[_Parts]) -> list[Diagnostic]:
    found = []
    timed = [p.slug for p in parts if p.mixed_times]
    if timed:
        found.append(warning(
            codes.QTI12_TIME_LIMIT, None,
            f"Canvas has one time limit per quiz: on {len(timed)} page(s) "
            f"({', '.join(timed[:5])}) the quiz gets the sum of the challenge times, which "
            "then also covers the page's untimed items",
            "change the time limit in the quiz settings after import if it is too short"))
    mixed = [p.slug for p in parts if p.mixed_attempts]
    if mixed:
        found.append(warning(
            codes.QTI12_ATTEMPTS, None,
            f"Canvas has one number of attempts per quiz: on {len(mixed)} page(s) "
            f"({', '.join(mixed[:5])}) challenges allow different attempts; the quiz allows "
            "the fewest", "change allowed attempts in the quiz settings after import"))
    hints = sum(p.hints for p in parts)
    if hints:
        found.append(note(
            codes.QTI12_HINT, None,
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


def _type(qn: Question, specs: Mapping[str, Spec]) -> str:
    spec = specs.get(qn.ident)
    return QUESTION_TYPE[qn.interaction] if spec is None else spec.question_type


class Qti12Writer(Writer):
    name = "qti12"
    description = "IMS QTI 1.2 packages for Canvas: a quiz per page, question banks (qti12/)"

    def compile(self, page: Page, rendered: RenderedPage, settings: Settings) -> PageUnit:
        prepared, specs = prepare(page, rendered, settings,
                                  lambda name: f"{FILEBASE}/{MEDIA_DIR}/{name}", answer_question)
        page, questions, seen, texts, media = prepared
        images = media.used(questions)
        files: tuple[tuple[str, bytes], ...] = ()
        bank: tuple[str, str, Deflated] | None = None
        if questions:
            quiz, bank_bytes = quiz_and_bank(page, questions, quiz_settings(questions)[1],
                                             texts, specs)
            files = ((f"{OUT_DIR}/pages/{page.slug}.zip",
                      zip_bytes(page_package(page, questions, quiz, images), settings.epoch)),)
            bank = (*bank_names(page.slug), Deflated.of(bank_bytes))
        parts = _Parts(
            page.slug, bank, images, seen,
            tuple(sorted(Counter(_type(qn, specs) for qn in questions).items())),
            quiz_settings(questions)[0] is not None,
            any(qn.time_limit_s for qn in questions)
            and any(not qn.time_limit_s for qn in questions),
            len({qn.attempts for qn in questions if qn.attempts}) > 1,
            sum(qn.hint is not None for qn in questions))
        return PageUnit(page.slug, files, parts)

    def link(self, units: Units, out: Output) -> Linked:
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
            write_zip(out.path(BANK), members, out.settings.epoch)
            written.append(BANK)
        found: list[Diagnostic] = []
        report(seen, self.name, found, [*_settings_report(kept), *losses_report(seen.lost)])
        return Linked(written, found, {
            "assessments": len(kept),
            "banks": len(kept),
            "items": sum(types.values()),
            "question_types": dict(sorted(types.items())),
            "timed_assessments": sum(p.timed for p in kept),
            "left_out": len(seen.no_key),
            "media_files": len(media),
        })

