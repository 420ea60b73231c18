"""The read phase: every page's bytes once, then its facts (from the cache when the
bytes, the code and the images it uses are unchanged, else read in a worker)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from builder.cache import MISS, digest
from builder.diagnostics import Diagnostic, Severity, apply_strict
from builder.facts import PageFacts, current_media, page_facts
from builder.keep_going import without
from builder.parallel import Pool
from builder.reader import display_path, read_file, unreadable

from .compile import compile_page, dropped_items
from .session import Session, Source

Facts = PageFacts | list[Diagnostic]  # a page, or why it could not be read


def read_sources(session: Session, files: list[tuple[Path, Path]],
                 diags: list[Diagnostic]) -> list[Source]:
    """Each file's bytes, read here and only here; an unreadable file is reported."""
    sources = []
    for file, base in files:
        try:
            data = file.read_bytes()
        except OSError as exc:
            diags.append(unreadable(display_path(file), exc))
            continue
        shown, rel = display_path(file), file.relative_to(base).as_posix()
        sources.append(Source(file, base, data, digest(session.print_, b"page", shown, rel,
                                                       data)))
    return sources


def read_facts(session: Session, sources: list[Source], pool: Pool[Session],
               tick: Callable[[str], None], done: Counter[str]) -> list[Facts]:
    found: list[Facts | None] = []
    for s in sources:
        cached = session.cache.get("facts", s.key)
        if isinstance(cached, PageFacts) and cached.media != current_media(cached):
            cached = MISS  # an image it uses changed: its findings may too
        found.append(None if cached is MISS else cached)
        if cached is not MISS:
            tick(s.file.name)
    todo = [i for i, f in enumerate(found) if f is None]
    for i, (result, compiled) in pool.map(read_task, [sources[i] for i in todo]):
        found[todo[i]] = result
        done["read"] += 1
        done["compiled"] += compiled
        tick(sources[todo[i]].file.name)
    return [f for f in found if f is not None]


def read_task(session: Session, source: Source) -> tuple[Facts, int]:
    """In a worker: read one page into facts, and compile it while it is at hand (a
    guess at what the build will need, right unless items are dropped or the build is
    refused; the cache keeps it either way)."""
    page, read = read_file(source.file, source.base, source.data)
    if page is None:
        session.cache.put("facts", source.key, read)
        return read, 0
    facts = page_facts(page, read)
    session.cache.put("facts", source.key, facts)
    local = apply_strict(facts.diagnostics, session.strict)
    names = list(session.writers)
    if not any(d.severity is Severity.ERROR for d in local):
        return facts, compile_page(session, page, source.key, (), facts.media, names)
    if session.keep_going:
        spans = dropped_items(facts, local)
        return facts, compile_page(session, without(page, spans), source.key, spans,
                                   facts.media, names)
    return facts, 0
