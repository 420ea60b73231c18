"""Quality rules over the model: each module here defines one ``RULE``, and
:data:`RULES` lists them all (add a row to add a rule).

Findings are warnings (errors under ``--strict``). An author silences a rule on one
item with ``Allow: <code>`` after the item, or on a whole page with ``Allow:`` in the
page header.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from builder.diagnostics import Diagnostic
from builder.model import Page, Tree

from . import (
    above_options,
    absolute_statement,
    all_options_correct,
    answer_repeats_question,
    hint_gives_answer,
    long_accepted_answer,
    long_correct_option,
    missing_explanation,
    near_duplicate,
    numeric_no_tolerance,
    pair_repeats_left,
    position_bias,
    similar_options,
)
from .base import Rule

__all__ = ["RULES", "Rule", "lint", "lint_page", "rules"]

# Every rule, in the order its findings are made.
RULES: tuple[Rule, ...] = (
    above_options.RULE,
    all_options_correct.RULE,
    position_bias.RULE,
    answer_repeats_question.RULE,
    long_correct_option.RULE,
    missing_explanation.RULE,
    near_duplicate.RULE,
    similar_options.RULE,
    absolute_statement.RULE,
    numeric_no_tolerance.RULE,
    long_accepted_answer.RULE,
    hint_gives_answer.RULE,
    pair_repeats_left.RULE,
)


def rules() -> tuple[Rule, ...]:
    return RULES


class Silenced(NamedTuple):
    """Lines where an author's ``Allow:`` silences some rules."""

    file: str
    start: int
    end: int
    codes: frozenset[str]


def silenced_in(page: Page) -> list[Silenced]:
    found: list[Silenced] = []
    if page.allow:
        found.append(Silenced(page.span.file, page.span.start, page.span.end,
                              frozenset(page.allow)))
    for item in page.items:
        if item.allow:
            found.append(Silenced(item.span.file, item.span.start, item.span.end,
                                  frozenset(item.allow)))
    return found


def unsilenced(diags: Iterable[Diagnostic], silenced: list[Silenced]) -> list[Diagnostic]:
    return [d for d in diags
            if not any(d.file == f and lo <= d.line <= hi and d.code in allowed
                       for f, lo, hi, allowed in silenced)]


def lint(tree: Tree) -> list[Diagnostic]:
    silenced = [s for page in tree.pages for s in silenced_in(page)]
    return unsilenced((d for rule in rules() for d in rule.check(tree)), silenced)


def lint_page(page: Page) -> list[Diagnostic]:
    """The findings of every rule that looks at one page at a time."""
    alone = Tree(root=".", pages=(page,))
    found = (d for rule in rules() if not rule.tree_wide for d in rule.check(alone))
    return unsilenced(found, silenced_in(page))
