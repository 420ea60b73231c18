"""``build``: check the source, run every writer into a staging folder, swap it in."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from builder import __version__
from builder.diagnostics import Diagnostic
from builder.model import Tree
from builder.output import discard, staging_dir, swap_into_place
from builder.pipeline import buildable, check
from builder.progress import Progress
from builder.reader import find_pages
from builder.writers import BuildContext, Writer, registry
from builder.writers.base import source_date_epoch

DIST_GITIGNORE = (
    "# Build output: everything here is written by `python -m builder build`.\n*\n!.gitignore\n"
)


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: dict[str, list[str]] = field(default_factory=dict)
    manifest: dict[str, object] = field(default_factory=dict)


class BuildRefused(Exception):
    """The source has errors and ``keep_going`` was not asked for."""


def build(source: Path, out: Path, templates: Path, *, formats: list[str] | None = None,
          keep_going: bool = False, strict: bool = False,
          options: dict[str, object] | None = None, progress: bool = False) -> BuildResult:
    known = registry()
    chosen = {name: known[name] for name in formats or known}
    pages = len(find_pages(source)) if source.exists() else 0
    bar = Progress(pages + len(chosen), enabled=progress)
    try:
        return _build(source, out, templates, chosen, keep_going, strict, options, bar)
    finally:
        bar.close()


def _build(source: Path, out: Path, templates: Path, chosen: dict[str, type[Writer]],
           keep_going: bool,
           strict: bool, options: dict[str, object] | None, bar: Progress) -> BuildResult:
    checked = check([source], strict=strict, tick=bar.tick)
    diags = list(checked.diagnostics)
    if checked.errors and not keep_going:
        return BuildResult(ok=False, diagnostics=diags)
    tree, skipped = buildable(checked)
    diags += skipped
    tmp = staging_dir(out)
    try:
        ctx = BuildContext(tree=tree, out=tmp, source_root=source, templates=templates,
                           epoch=source_date_epoch(), options=dict(options or {}))
        outputs: dict[str, list[str]] = {}
        for name, writer in chosen.items():
            bar.tick(f"writing {name}")
            outputs[name] = writer().write(ctx)
        diags += ctx.report
        manifest = make_manifest(tree, outputs, ctx.stats, diags)
        (tmp / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (tmp / ".gitignore").write_text(DIST_GITIGNORE, encoding="utf-8")
    except BaseException:
        discard(tmp)
        raise
    swap_into_place(tmp, out)
    return BuildResult(ok=True, diagnostics=diags, outputs=outputs, manifest=manifest)


def counts(tree: Tree) -> dict[str, int]:
    total = Counter(item.kind for _, item in tree.items())
    return dict(sorted(total.items()))


def make_manifest(tree: Tree, outputs: dict[str, list[str]], stats: dict[str, object],
                  diags: list[Diagnostic]) -> dict[str, object]:
    pages = []
    for page in tree.pages:
        by_kind = Counter(item.kind for item in page.items)
        pages.append({
            "path": page.path, "slug": page.slug, "title": page.display_title,
            "deck": page.deck_name, "items": len(page.items),
            "counts": dict(sorted(by_kind.items())),
        })
    return {
        "generator": f"study-builder {__version__}",
        "items": sum(len(p.items) for p in tree.pages),
        "counts": counts(tree),
        "pages": pages,
        "outputs": outputs,
        "formats": stats,
        "warnings": sum(d.severity.value == "warning" for d in diags),
    }
