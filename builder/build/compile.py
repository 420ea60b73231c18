"""The compile phase: one unit per page and writer, kept in the cache under its key; each
page rendered once for all its writers (builder.render.rendered)."""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from builder.cache import digest
from builder.diagnostics import Diagnostic
from builder.facts import PageFacts
from builder.keep_going import Spans, left_out, without
from builder.model import Page
from builder.parallel import Pool
from builder.reader import read_file
from builder.render.rendered import RenderedPage, render_page

from .session import Session, Source


class CompileJob(NamedTuple):
    source: Source
    dropped: Spans  # items left out under --keep-going
    media: object  # the page's image state, part of every unit key
    writers: list[str]


def dropped_items(facts: PageFacts, diags: list[Diagnostic]) -> Spans:
    """Items of this page that overlap an error (left out under ``--keep-going``)."""
    return left_out(((use.start, use.end) for use in facts.ids), diags, facts.file)


def compile_page(session: Session, page: Page, source_key: bytes, dropped: Spans,
                 media: object, names: list[str], force: bool = False) -> int:
    """Compile and keep the units not kept yet; returns how many. The page is rendered
    once for all of them, and only when one of them reads it."""
    cache = session.cache
    todo = []
    for name in names:
        key = session.unit_key(name, source_key, dropped, media)
        if force or not (cache.has("unit", key) and cache.has("unit-files", key)):
            todo.append((session.writers[name], key))
    if not todo:
        return 0
    rendered = RenderedPage()
    if any(writer.renders for writer, _ in todo):
        rendered = rendered_page(session, page, source_key, dropped)
    for writer, key in todo:
        unit = writer.compile(page, rendered, session.settings)
        cache.put("unit-files", key, unit.files)
        cache.put("unit", key, replace(unit, files=()))
    return len(todo)


def rendered_page(session: Session, page: Page, source_key: bytes,
                  dropped: Spans) -> RenderedPage:
    """The page's fragments, from the cache when an earlier build rendered them (it
    compiled other writers, or other options). They depend on the page's text and the
    code alone: the source key holds both, and the items left out change the page."""
    key = digest(source_key, repr(dropped)) if dropped else source_key
    found = session.cache.get("rendered", key)
    if isinstance(found, RenderedPage):
        return found
    rendered = render_page(page)
    session.cache.put("rendered", key, rendered)
    return rendered


def compile_missing(session: Session, pages: list[tuple[Source, PageFacts]],
                    dropped: list[Spans], keys: dict[str, list[bytes]],
                    pool: Pool[Session]) -> int:
    jobs = []
    for n, ((source, facts), spans) in enumerate(zip(pages, dropped, strict=True)):
        missing = [name for name in session.writers
                   if not session.cache.has("unit", keys[name][n])]
        if missing:
            jobs.append(CompileJob(source, spans, facts.media, missing))
    return sum(n for _, n in pool.map(compile_task, jobs))


def compile_task(session: Session, job: CompileJob, force: bool = False) -> int:
    page, _ = read_file(job.source.file, job.source.base, job.source.data)
    assert page is not None  # it was read into facts from these same bytes
    return compile_page(session, without(page, job.dropped), job.source.key, job.dropped,
                        job.media, job.writers, force)
