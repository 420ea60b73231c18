"""The GIFT writer: a file per page as it compiles, and the file for the whole tree."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Challenge, Page
from builder.render.rendered import RenderedPage

from ..base import Linked, Output, PageUnit, Settings, Units, Writer
from ..options import GiftOptions, Options
from .answers import Loss, loss_notes
from .files import ALL_FILE, PAGE_FILE, encode, format_file, format_page
from .question import Question
from .questions import Mapper, wanted
from .templates import Templates


@dataclass(frozen=True)
class _Parts:
    text: str  # the page's category and questions, as they stand in the file for the tree
    counts: tuple[tuple[str, int], ...]
    left_out: int
    challenges: int
    challenge_extras: bool  # a challenge with a hint, time limit or attempts
    losses: tuple[Loss, ...] = ()  # what GIFT cannot carry of the answer kinds


class GiftWriter(Writer):
    name = "gift"
    description = "Moodle GIFT question files, one per page and one for the tree (gift/)"

    def own_options(self, options: Options) -> GiftOptions:
        return options.gift

    def compile(self, page: Page, rendered: RenderedPage, settings: Settings) -> PageUnit:
        report: list[Diagnostic] = []
        losses: list[Loss] = []
        mapper = Mapper(Templates(settings.templates), rendered, report, losses)
        flashcards = settings.options.gift.flashcards
        questions: list[Question] = []
        left_out = 0
        for item in page.items:
            found = mapper.questions(page, item) if wanted(item, flashcards) else []
            left_out += not found
            questions += found
        challenges = [i for i in page.items if isinstance(i, Challenge)]
        parts = _Parts(
            format_page(page, questions) if questions else "",
            tuple(sorted(Counter(q.qtype for q in questions).items())), left_out,
            len(challenges), any(c.hint or c.time_limit_s or c.attempts for c in challenges),
            tuple(losses))
        files: tuple[tuple[str, bytes], ...] = ()
        if questions:
            text = format_file(mapper.templates, [parts.text], page.path)
            files = ((PAGE_FILE.format(slug=page.slug), encode(text)),)
        return PageUnit(page.slug, files, parts, tuple(report))

    def link(self, units: Units, out: Output) -> Linked:
        # The file for the tree is streamed: at 100k items it is over 100 MB of text.
        templates = Templates(out.settings.templates)
        parts: list[_Parts] = []
        written: list[str] = []
        categories = 0
        with out.path(ALL_FILE).open("wb") as fh:
            for unit in units:
                part: _Parts = unit.parts
                if part.text:
                    head = "\n" if written else format_file(templates, [], None)
                    fh.write(encode(head + part.text))
                    written = [ALL_FILE]
                    categories += 1
                parts.append(replace(part, text=""))
        if not written:
            out.path(ALL_FILE).unlink()
        challenges = sum(p.challenges for p in parts)
        report = []
        if any(p.challenge_extras for p in parts):
            report.append(warning(
                codes.GIFT_CHALLENGE, None,
                f"GIFT has no hint, time limit or attempts field: the {challenges} "
                "challenge problems carry their hint (folded) and suggested time in the "
                "question text, and their attempts are not written",
                "set the time limit and attempts on the Moodle quiz"))
        report += loss_notes([loss for p in parts for loss in p.losses])
        counts: Counter[str] = Counter()
        for p in parts:
            counts.update(dict(p.counts))
        return Linked(written, report, {
            "questions": dict(sorted(counts.items())),
            "categories": categories,
            "flashcards": out.settings.options.gift.flashcards,
            "left_out": sum(p.left_out for p in parts),
        })
