"""Quality rules over the model: each module here defines one ``RULE``.

Findings are warnings (errors under ``--strict``). An author silences a rule on one
item with ``Allow: <code>`` after the item, or on a whole page with ``Allow:`` in the
page header.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from builder.diagnostics import Diagnostic
from builder.model import Tree

from .base import Rule

__all__ = ["Rule", "lint", "rules"]


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


def lint(tree: Tree) -> list[Diagnostic]:
    silenced: list[tuple[str, int, int, frozenset[str]]] = []
    for page in tree.pages:
        if page.allow:
            silenced.append((page.span.file, page.span.start, page.span.end,
                             frozenset(page.allow)))
        for item in page.items:
            if item.allow:
                silenced.append((item.span.file, item.span.start, item.span.end,
                                 frozenset(item.allow)))
    out: list[Diagnostic] = []
    for rule in rules():
        for d in rule.check(tree):
            if not any(d.file == f and lo <= d.line <= hi and d.code in codes
                       for f, lo, hi, codes in silenced):
                out.append(d)
    return out
