"""Model items to neutral questions (``common.Question``), every text rendered once."""

from __future__ import annotations

from lxml.html import builder as E  # type: ignore[import-untyped]

from builder.model import (
    Challenge,
    Flashcard,
    Item,
    MultipleChoice,
    OpenPrompt,
    Page,
    minutes_seconds,
)
from builder.render.markdown import highlight_block, render_inline

from .clean import clean_page
from .common import Choice, Conversions, Interaction, Question, item_ident
from .fragments import block, inline_or_none, markup, option_html, plain, tostring, with_html
from .media import Media
from .texts import Texts


def _choices(item: MultipleChoice | Challenge) -> tuple[Choice, ...]:
    return tuple(
        Choice(ident=f"choice_{o.letter}", letter=o.letter, html=option_html(o),
               correct=o.correct, feedback=inline_or_none(o.feedback))
        for o in item.options)


def _challenge_body(item: Challenge, texts: Texts) -> str:
    time_limit = minutes_seconds(item.time_limit_s) if item.time_limit_s else None
    parts = [texts.render("challenge-meta.html.j2", icon=item.category_icon,
                          category=item.category, difficulty=item.difficulty,
                          time_limit=time_limit)]
    title = render_inline(item.title)
    if title:
        parts.append(tostring(E.P(E.CLASS("challenge-title"), with_html(E.STRONG(), title))))
    parts.append(block(item.body))
    if item.code:
        parts.append(highlight_block(item.code.text, item.code.language))
    return "\n".join(p for p in parts if p)


def _open_body(item: OpenPrompt, texts: Texts) -> str:
    parts = [block(item.prompt)]
    if item.concept_count:
        parts.append(texts.render("concept-count.html.j2", count=item.concept_count))
    return "\n".join(p for p in parts if p)


def _concepts(item: OpenPrompt, texts: Texts) -> str | None:
    if not item.concepts:
        return None
    return texts.render("concepts.html.j2",
                        concepts=[markup(render_inline(c)) for c in item.concepts])


def _kind(item: MultipleChoice | Challenge) -> Interaction:
    return "multiple" if item.multiple or len(item.correct_letters) > 1 else "single"


def question(page: Page, item: Item, seen: Conversions, texts: Texts) -> Question | None:
    """The neutral question for ``item``; None (and noted in ``seen``) when it has no key."""
    ident = item_ident(item)
    match item:
        case Flashcard():
            seen.essays["flashcard"] += 1
            body = block(item.question)
            return Question(item, ident, plain(body), "essay", body,
                            feedback=block(item.answer) or None)
        case MultipleChoice(options_lost=True):
            seen.essays["lost-options question"] += 1
            body = block(item.question)
            return Question(item, ident, plain(body), "essay", body,
                            feedback=block(item.explanation) or None)
        case MultipleChoice() | Challenge() if not any(o.correct for o in item.options):
            seen.no_key.append(item.id)
            return None
        case MultipleChoice():
            body = block(item.question)
            return Question(item, ident, plain(body), _kind(item), body, _choices(item),
                            feedback=block(item.explanation) or None)
        case OpenPrompt():
            seen.essays["open prompt"] += 1
            body = _open_body(item, texts)
            return Question(item, ident, plain(body), "essay", body,
                            feedback=_concepts(item, texts), hint=block(item.hint) or None)
        case Challenge():
            title = plain(render_inline(item.title)) or plain(block(item.body))
            return Question(item, ident, title, _kind(item), _challenge_body(item, texts),
                            _choices(item), feedback=block(item.explanation) or None,
                            hint=block(item.hint) or None, time_limit_s=item.time_limit_s,
                            attempts=item.attempts)
    raise TypeError(f"no QTI mapping for {type(item).__name__}")


def page_questions(page: Page, seen: Conversions, media: Media, texts: Texts,
                   ) -> tuple[Page, list[Question]]:
    """The page made XML-safe, and its questions with their images packaged into
    ``media``."""
    page = clean_page(page, seen)
    return page, [media.package(page, qn, seen)
                  for qn in (question(page, item, seen, texts) for item in page.items) if qn]

