"""Semantic rules over the whole model: what the schema alone cannot say.

The pydantic classes in ``builder.model`` are the schema (field types, patterns,
required fields); ``builder/schema/model.schema.json`` is generated from them. The
rules here look across fields, items and pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from difflib import get_close_matches
from typing import NamedTuple

from builder.diagnostics import Diagnostic, codes, error, warning
from builder.media import check_images
from builder.model import (
    DIFFICULTIES,
    Challenge,
    Flashcard,
    Item,
    MultipleChoice,
    OpenPrompt,
    Page,
    Span,
    Tree,
)
from builder.moodle import category_levels, level_change

TODO = "TODO"  # placeholders left by `import`; the reader reports them at their line
Rule = Callable[[Page, Item], Iterator[Diagnostic]]
PageRule = Callable[[Page], Iterator[Diagnostic]]
MIN_OPTIONS, MAX_OPTIONS = 2, 6


def validate(tree: Tree) -> list[Diagnostic]:
    ids = [id_use(item) for _, item in tree.items()]
    diags: list[Diagnostic] = list(duplicate_ids(ids))
    for page in tree.pages:
        diags += validate_page(page)
    return diags


def validate_page(page: Page, rules: tuple[Rule, ...] | None = None) -> list[Diagnostic]:
    """What the item rules find on one page (all of ``ITEM_RULES`` by default)."""
    diags: list[Diagnostic] = []
    for item in page.items:
        for rule in rules or ITEM_RULES:
            diags.extend(d for d in rule(page, item) if d.code not in item.allow)
    if rules is None:
        for page_rule in PAGE_RULES:
            diags.extend(d for d in page_rule(page) if d.code not in page.allow)
    return diags


# An item's id, whether written (`Id:`) or derived, file, first and last line, and the
class IdUse(NamedTuple):
    """One item's id, as checks across pages see it (builds keep one per item)."""

    id: str
    explicit: bool
    file: str
    start: int
    end: int
    at: int  # the line a repeat is reported at: its `Id:` line, else its first


def id_use(item: Item) -> IdUse:
    at = item.id_span.start if item.id_span is not None else item.span.start
    return IdUse(item.id, item.id_explicit, item.span.file, item.span.start, item.span.end, at)


def duplicate_ids(ids: Iterable[IdUse]) -> Iterator[Diagnostic]:
    first: dict[str, IdUse] = {}
    for use in ids:
        seen = first.setdefault(use.id, use)
        if seen is use:
            continue
        where = f"{seen.file}:{seen.at}"
        if use.explicit:
            yield error(codes.DUPLICATE_ID, Span(file=use.file, start=use.at, end=use.at),
                        f"id {use.id!r} is already used at {where}",
                        "give this item an `Id:` of its own")
        else:
            yield error(codes.DUPLICATE_ID, Span(file=use.file, start=use.start, end=use.end),
                        f"this question has the same text as the one at {where}, so both "
                        f"get the id {use.id!r}",
                        "reword one of them, or give each an `Id:` line")


def _difficulty(page: Page, item: Item) -> Iterator[Diagnostic]:
    if not isinstance(item, Flashcard | Challenge) or item.difficulty is None:
        return
    if item.difficulty not in DIFFICULTIES:
        close = get_close_matches(item.difficulty, DIFFICULTIES, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        yield error(codes.UNKNOWN_DIFFICULTY, item.span,
                    f"difficulty {item.difficulty!r} is not one of {', '.join(DIFFICULTIES)}",
                    f"{hint}write one of the four levels")


def _answer_key(page: Page, item: Item) -> Iterator[Diagnostic]:
    if not isinstance(item, MultipleChoice | Challenge) or not item.options:
        return
    correct = item.correct_letters
    last = item.options[-1].letter
    if not correct and item.key_span is None:
        yield error(codes.MISSING_ANSWER_KEY, item.span.model_copy(update={"end": item.span.start}),
                    "no option is marked correct (the page lost its answer key)",
                    f"add a line `Answer: <letter A-{last}>` after the options "
                    "(`Answers: A, C` when several are correct)")
    elif len(correct) > 1 and not item.multiple:
        yield error(codes.ANSWER_COUNT, item.key_span or item.span,
                    f"`Answer:` names {len(correct)} options but means exactly one",
                    "write `Answers:` for a question with several correct options")


def _options(page: Page, item: Item) -> Iterator[Diagnostic]:
    if not isinstance(item, MultipleChoice | Challenge):
        return
    if isinstance(item, MultipleChoice) and item.options_lost:
        yield warning(codes.OPTIONS_LOST, item.feedback_span or item.span,
                      "the options of this question were lost; only its feedback survived, "
                      "so it is built as a flashcard",
                      "put the options as lines A..., B... between the question and "
                      "`✗ Incorrect`, then add `Answer: <letter>`")
        return
    if 0 < len(item.options) < MIN_OPTIONS:
        yield error(codes.TOO_FEW_OPTIONS, item.options[0].span,
                    "a choice question needs at least two options",
                    "add options B, C, ... or make it a flashcard")
    seen: dict[str, str] = {}
    for opt in item.options:
        if opt.text == TODO:
            continue  # the reader reported the placeholder
        key = " ".join(opt.text.split()).casefold()
        if key in seen:
            yield error(codes.DUPLICATE_OPTION, opt.span,
                        f"option {opt.letter} repeats option {seen[key]}",
                        "make every option different")
        seen.setdefault(key, opt.letter)


def _concepts(page: Page, item: Item) -> Iterator[Diagnostic]:
    if not isinstance(item, OpenPrompt):
        return
    n = item.concept_count
    if not item.concepts:
        yield warning(codes.MISSING_CONCEPTS, item.concepts_span or item.span,
                      f"the list of the {n or ''} expected concepts was lost".replace("  ", " "),
                      "add a line `Concepts: first; second; ...` after "
                      "`You got /N concepts.`")
    elif n is not None and len(item.concepts) != n and item.concepts != (TODO,):
        yield warning(codes.CONCEPT_COUNT, item.concepts_span or item.span,
                      f"{len(item.concepts)} concepts listed but the prompt expects {n}",
                      f"list {n} concepts, or change the line to `You got "
                      f"/{len(item.concepts)} concepts.`")


def _images(page: Page, item: Item) -> Iterator[Diagnostic]:
    # Images are read from disk by the writers that package them (Anki): a missing one is
    # an error here, at its line, rather than a broken picture in a learner's deck.
    yield from check_images(page, item)


ITEM_RULES: tuple[Rule, ...] = (_difficulty, _answer_key, _options, _concepts, _images)


def deck_levels(page: Page) -> list[tuple[str, Span]]:
    """Each level of the page's deck with the header line it came from (line 1 for the
    file name, which names the deck when the page has no title)."""
    first = Span(file=page.span.file, start=1, end=1)
    if page.deck:
        found = [(level, page.deck_span or first) for level in category_levels(page.deck)]
        return found or [(page.slug, first)]
    found = [(level, span or first)
             for text, span in ((page.subject, page.subject_span),
                                (page.display_title, page.title_span if page.title else None))
             if text for level in category_levels(text)]
    return found or [(page.slug, first)]


def _category(page: Page) -> Iterator[Diagnostic]:
    # GIFT writes the deck as a Moodle category path; what Moodle's import then stores
    # differently is said at the line that named the level (`check` sees it too).
    if not page.items:
        return
    levels = deck_levels(page)
    for index, (level, span) in enumerate(levels):
        change = level_change(level, index, len(levels))
        if change is not None:
            yield warning(codes.GIFT_CATEGORY, span,
                          f"the deck level {level!r} is not kept as a Moodle category: "
                          f"{change.why}", change.fix)


PAGE_RULES: tuple[PageRule, ...] = (_category,)
