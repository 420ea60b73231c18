"""Quality rules over the model: each module here defines one ``RULE``.

Findings are warnings (errors under ``--strict``). An author silences a rule on one
item with ``Allow: <code>`` after the item, or on a whole page with ``Allow:`` in the
page header.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from functools import cache

from builder.diagnostics import Diagnostic
from builder.model import Page, Tree

from .base import Rule

__all__ = ["Rule", "lint", "lint_page", "rules"]


@cache
def rules() -> tuple[Rule, ...]:
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name in ("base",) or info.name.startswith("_"):
            continue
        rule = getattr(importlib.import_module(f"{__name__}.{info.name}"), "RULE", None)
        if isinstance(rule, Rule):
            found.append(rule)
    return tuple(sorted(found, key=lambda r: r.code))


Silenced = tuple[str, int, int, frozenset[str]]  # file, first and last line, codes


def silenced_in(page: Page) -> list[Silenced]:
    found: list[Silenced] = []
    if page.allow:
        found.append((page.span.file, page.span.start, page.span.end, frozenset(page.allow)))
    for item in page.items:
        if item.allow:
            found.append((item.span.file, item.span.start, item.span.end,
                          frozenset(item.allow)))
    return found


def unsilenced(diags: Iterable[Diagnostic], silenced: list[Silenced]) -> list[Diagnostic]:
    return [d for d in diags
            if not any(d.file == f and lo <= d.line <= hi and d.code in codes
                       for f, lo, hi, codes in silenced)]


def lint(tree: Tree) -> list[Diagnostic]:
    silenced = [s for page in tree.pages for s in silenced_in(page)]
    return unsilenced((d for rule in rules() for d in rule.check(tree)), silenced)


def lint_page(page: Page) -> list[Diagnostic]:
    """The findings of every rule that looks at one page at a time."""
    alone = Tree(root=".", pages=(page,))
    found = (d for rule in rules() if not rule.tree_wide for d in rule.check(alone))
    return unsilenced(found, silenced_in(page))
