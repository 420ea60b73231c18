"""read → validate: the part of a build that the checker shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builder.diagnostics import Diagnostic, Severity, apply_strict
from builder.facts import PageFacts, page_facts, tree_findings
from builder.model import Page, Tree
from builder.reader import display_path, list_sources, read_file


@dataclass(frozen=True)
class Checked:
    tree: Tree
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def check(paths: list[Path], *, strict: bool = False,
          tick: Callable[[str], None] | None = None) -> Checked:
    """Read, validate and lint ``paths`` into one tree (what `check` and `export` use).

    Findings come from the same per-page facts and cross-page checks as a build's, so
    both report exactly the same things."""
    files, diags = list_sources(paths)
    pages: list[Page] = []
    facts: list[PageFacts] = []
    for file, base in files:
        if tick is not None:
            tick(file.name)
        page, read = read_file(file, base)
        if page is None:
            diags += read
            continue
        pages.append(page)
        facts.append(page_facts(page, read))
        diags += facts[-1].diagnostics
    diags += tree_findings(facts)
    root = display_path(paths[0]) if len(paths) == 1 else "."
    return Checked(Tree(root=root, pages=tuple(pages)), apply_strict(diags, strict))
