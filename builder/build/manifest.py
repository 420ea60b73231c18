"""The manifest phase: ``manifest.json``, what the build made of every page."""

from __future__ import annotations

from collections import Counter

from builder import __version__
from builder.diagnostics import Diagnostic, Severity, count
from builder.facts import PageFacts
from builder.keep_going import Spans


def make_manifest(pages: list[PageFacts], dropped: list[Spans], outputs: dict[str, list[str]],
                  stats: dict[str, object], diags: list[Diagnostic]) -> dict[str, object]:
    listed = []
    total: Counter[str] = Counter()
    for facts, spans in zip(pages, dropped, strict=True):
        kinds = Counter(kind for use, kind in zip(facts.ids, facts.kinds, strict=True)
                        if (use.start, use.end) not in spans)
        total.update(kinds)
        listed.append({
            "path": facts.path, "slug": facts.slug, "title": facts.title,
            "deck": facts.deck, "items": sum(kinds.values()),
            "counts": dict(sorted(kinds.items())),
        })
    return {
        "generator": f"study-builder {__version__}",
        "items": sum(total.values()),
        "counts": dict(sorted(total.items())),
        "pages": listed,
        "outputs": outputs,
        "formats": {k: v for k, v in stats.items() if v is not None},
        "warnings": count(diags, Severity.WARNING),
        "notes": count(diags, Severity.NOTE),
    }
