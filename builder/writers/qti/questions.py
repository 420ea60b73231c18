"""Model items to neutral questions (``common.Question``), from the page's rendered text."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, TypeVar

from lxml.html import builder as E  # type: ignore[import-untyped]

from builder.model import (
    AnswerKind,
    Challenge,
    Flashcard,
    Item,
    MultipleChoice,
    OpenPrompt,
    Page,
    TrueFalse,
    minutes_seconds,
)
from builder.render.rendered import RenderedPage

from ..base import Settings
from .clean import clean_page
from .common import Choice, Conversions, Interaction, Question, item_ident
from .fragments import block, inline_or_none, markup, option_html, plain, tostring, with_html
from .media import Media
from .texts import Texts

S = TypeVar("S")


def _choices(r: RenderedPage, item: MultipleChoice | Challenge) -> tuple[Choice, ...]:
    return tuple(
        Choice(ident=f"choice_{o.letter}", letter=o.letter, html=option_html(r, o),
               correct=o.correct, feedback=inline_or_none(r, o.feedback))
        for o in item.options)


def _challenge_body(r: RenderedPage, item: Challenge, texts: Texts) -> str:
    time_limit = minutes_seconds(item.time_limit_s) if item.time_limit_s else None
    parts = [texts.render("challenge-meta.html.j2", icon=item.category_icon,
                          category=item.category, difficulty=item.difficulty,
                          time_limit=time_limit)]
    title = r.inline(item.title)
    if title:
        parts.append(tostring(E.P(E.CLASS("challenge-title"), with_html(E.STRONG(), title))))
    parts.append(block(r, item.body))
    if item.code:
        parts.append(r.code(item.code.text, item.code.language))
    return "\n".join(p for p in parts if p)


def _open_body(r: RenderedPage, item: OpenPrompt, texts: Texts) -> str:
    parts = [block(r, item.prompt)]
    if item.concept_count:
        parts.append(texts.render("concept-count.html.j2", count=item.concept_count))
    return "\n".join(p for p in parts if p)


def _concepts(r: RenderedPage, item: OpenPrompt, texts: Texts) -> str | None:
    if not item.concepts:
        return None
    return texts.render("concepts.html.j2", concepts=[markup(r.inline(c)) for c in item.concepts])


def _kind(item: MultipleChoice | Challenge) -> Interaction:
    return "multiple" if item.multiple or len(item.correct_letters) > 1 else "single"


def question(page: Page, r: RenderedPage, item: Item, seen: Conversions,
             texts: Texts) -> Question | None:
    """The neutral question for ``item`` (of ``page``, rendered as ``r``); None (and noted
    in ``seen``) when it has no key."""
    ident = item_ident(item)
    match item:
        case Flashcard():
            seen.essays["flashcard"] += 1
            body = block(r, item.question)
            return Question(item, ident, plain(body), "essay", body,
                            feedback=block(r, item.answer) or None)
        case MultipleChoice(options_lost=True):
            seen.essays["lost-options question"] += 1
            body = block(r, item.question)
            return Question(item, ident, plain(body), "essay", body,
                            feedback=block(r, item.explanation) or None)
        case MultipleChoice() | Challenge() if not any(o.correct for o in item.options):
            seen.no_key.append(item.id)
            return None
        case MultipleChoice():
            body = block(r, item.question)
            return Question(item, ident, plain(body), _kind(item), body, _choices(r, item),
                            feedback=block(r, item.explanation) or None)
        case OpenPrompt():
            seen.essays["open prompt"] += 1
            body = _open_body(r, item, texts)
            return Question(item, ident, plain(body), "essay", body,
                            feedback=_concepts(r, item, texts), hint=block(r, item.hint) or None)
        case Challenge():
            title = plain(r.inline(item.title)) or plain(block(r, item.body))
            return Question(item, ident, title, _kind(item), _challenge_body(r, item, texts),
                            _choices(r, item), feedback=block(r, item.explanation) or None,
                            hint=block(r, item.hint) or None, time_limit_s=item.time_limit_s,
                            attempts=item.attempts)
    raise TypeError(f"no QTI mapping for {type(item).__name__}")


class Prepared(NamedTuple):
    """A page as both QTI writers start from it."""

    page: Page  # XML-safe
    questions: list[Question]
    seen: Conversions
    texts: Texts
    media: Media


def prepare(page: Page, rendered: RenderedPage, settings: Settings,
            place: Callable[[str], str],
            answer: Callable[[RenderedPage, AnswerKind, Texts, Conversions],
                             tuple[Question, S]],
            ) -> tuple[Prepared, dict[str, S]]:
    """The page made XML-safe (``rendered`` holds the XML-safe texts too:
    builder.render.rendered) and its questions, with their images packaged under
    ``place(name)``; each answer kind's question, and its spec (what only its
    interaction needs, by question ident), from ``answer``, the writer's own."""
    seen, texts, media = Conversions(), Texts(settings.templates), Media(place)
    page = clean_page(page, seen)
    specs: dict[str, S] = {}
    questions = []
    for item in page.items:
        if isinstance(item, AnswerKind):  # each QTI version writes its own interactions
            qn, specs[item_ident(item)] = answer(rendered, item, texts, seen)
        else:
            found = question(page, rendered, item, seen, texts)
            if found is None:
                continue
            qn = found
        questions.append(media.package(page, qn, seen))
    return Prepared(page, questions, seen, texts, media), specs


def inline_text(rendered: RenderedPage, text: str) -> str:
    """An answer kind's inline field as HTML; "" for a blank one."""
    return rendered.inline(text) if text.strip() else ""


def truefalse_question(rendered: RenderedPage, item: TrueFalse, texts: Texts,
                       label: str) -> Question:
    """A true-or-false statement as a choice between two answers, ``label`` (a template)
    naming each."""
    choices = tuple(
        Choice(ident=f"choice_{value}".lower(), letter=str(value).lower(),
               html=texts.render(label, value=value), correct=value == item.truth,
               feedback=None)
        for value in (True, False))
    body = block(rendered, item.statement)
    return Question(item, item_ident(item), plain(body), "single", body, choices)
