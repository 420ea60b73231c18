"""`import`: raw pasted pages become clean source files with TODOs where data was lost.

Every piece of information a page lost (answer key, options, explanation, concept list,
title, subject) becomes a `TODO` that `check` reports at its line. Every lint finding on
the imported text (checked together with the tree it joins, so duplicates across pages
count) becomes `Allow: TODO <code>` on its item or page: the author decides whether to
reword the item or keep it as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.diagnostics import Diagnostic, Severity, codes, error
from builder.lint import lint
from builder.model import Page, Span, Tree
from builder.reader import display_path, read_page, read_paths
from builder.reader.ids import slugify
from builder.source_text import TODO, format_page


@dataclass(frozen=True)
class Imported:
    source: Path
    target: Path | None
    todos: int
    diagnostics: list[Diagnostic]


def import_pages(paths: list[Path], into: Path, *, force: bool = False) -> list[Imported]:
    results: list[Imported] = []
    planned: list[tuple[Path, Page, Path, list[Diagnostic]]] = []
    for path in paths:
        page, target, diags = _read(path, into, force, {t for *_, t, _ in planned})
        if page is None or target is None:
            results.append(Imported(path, None, 0, diags))
        else:
            planned.append((path, page, target, diags))
    findings = _lint_findings(into, [page for _, page, _, _ in planned])
    for path, page, target, diags in planned:
        page = _owe_decisions(page, findings.get(page.span.file, []))
        slug = slugify(target.relative_to(into).with_suffix("").as_posix())
        text = format_page(page, todos=True, slug=slug)
        into.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(target)
        todos = sum(line.endswith(TODO) or f" {TODO} " in line for line in text.splitlines())
        results.append(Imported(path, target, todos, diags))
    return results


def _read(path: Path, into: Path, force: bool,
          taken: set[Path]) -> tuple[Page | None, Path | None, list[Diagnostic]]:
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, None, [error(codes.UNREADABLE, Span(file=shown, start=1, end=1),
                                  f"cannot read the file: {exc.strerror or exc}",
                                  "check the path")]
    page, diags = read_page(data, shown)
    # What the page lost becomes a TODO in the output; what the reader could not place
    # at all is reported, because it would otherwise be lost.
    errors = [d for d in diags if d.severity is Severity.ERROR]
    if page is None:
        return None, None, errors
    if any(d.has(codes.SUBJECT_UNSPLIT) for d in diags):
        # The glued `SQLdatabases` is neither the subject nor the field: written as the
        # subject it would silence the question. The author splits it.
        page = page.model_copy(update={"subject": TODO, "field": page.field or TODO})
    stem = slugify(page.title) if page.title else slugify(path.stem)
    target = into / f"{stem}.txt"
    if (target.exists() and not force) or target in taken:
        return None, None, [error(
            codes.EXISTS, Span(file=display_path(target), start=1, end=1),
            "a page with this name is already in the source tree",
            "rename or delete it, or pass --force to overwrite")]
    return page, target, errors


def _lint_findings(into: Path, pages: list[Page]) -> dict[str, list[Diagnostic]]:
    existing: list[Page] = []
    if into.is_dir():
        existing, _ = read_paths([into])
    fresh = {page.span.file for page in pages}
    found: dict[str, list[Diagnostic]] = {}
    for d in lint(Tree(root=".", pages=(*existing, *pages))):
        if d.file in fresh:
            found.setdefault(d.file, []).append(d)
    return found


def _owe_decisions(page: Page, findings: list[Diagnostic]) -> Page:
    """Add `Allow: TODO <code>` where lint found something on the imported text."""
    by_item: dict[int, list[str]] = {}
    on_page: list[str] = []
    for d in findings:
        owner = next((n for n, item in enumerate(page.items)
                      if item.span.start <= d.line <= item.span.end), None)
        codes = on_page if owner is None else by_item.setdefault(owner, [])
        if d.code not in codes:
            codes.append(d.code)
    items = tuple(
        item.model_copy(update={"allow": (*item.allow, TODO, *by_item[n])})
        if n in by_item else item for n, item in enumerate(page.items))
    allow = (*page.allow, TODO, *on_page) if on_page else page.allow
    return page.model_copy(update={"items": items, "allow": allow})
