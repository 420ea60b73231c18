"""``build``: check the source, compile every page, link, and swap the result in.

Like a compiler with object files, in named phases (see ARCHITECTURE.md):

plan
    choose the writers, list the pages, make the frozen :class:`Session`;
read (:mod:`.read`)
    each page's bytes once, then its facts (cached under a hash of the bytes, the code
    and the images it uses); checks across pages run on the facts of all pages;
compile (:mod:`.compile`)
    one unit per page and writer, cached under everything ``compile`` reads;
link (:mod:`.link`)
    each writer joins its units into the files that span pages, in a staging folder;
swap and manifest (:mod:`.swap`, :mod:`.manifest`)
    the staging folder replaces the output in one step, then the lock is written.

An edit to one page re-reads and re-compiles that page only. Pages are read and
compiled in worker processes, and writers link in parallel.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from builder.cache import LINK_NEEDS, MISS, Cache, digest, fingerprint
from builder.clock import ZIP_EPOCH, source_date_epoch
from builder.diagnostics import Diagnostic, Severity, apply_strict, codes
from builder.facts import PageFacts, id_findings
from builder.keep_going import Spans, skipped
from builder.output import discard, staging_dir
from builder.parallel import Later, Pool
from builder.progress import Progress
from builder.reader import display_path, list_sources
from builder.reuse import WriterRecord
from builder.writers import load, names
from builder.writers.base import Settings
from builder.writers.options import Options

from . import across
from .check import Checked, check
from .compile import compile_missing, dropped_items
from .link import link_writers
from .manifest import make_manifest
from .read import read_facts, read_sources
from .session import PARALLEL_FROM, Session, Source, worker_count
from .swap import DIST_GITIGNORE, finish_staging, swap_in

__all__ = ["DIST_GITIGNORE", "PARALLEL_FROM", "BuildResult", "Checked", "Session", "build", "check"]



@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: dict[str, list[str]] = field(default_factory=dict)
    manifest: dict[str, object] = field(default_factory=dict)
    # Pages read and units compiled afresh, units taken from the cache.
    work: dict[str, int] = field(default_factory=dict)
    state: dict[str, WriterRecord] = field(default_factory=dict)  # for the next build


def build(source: Path, out: Path, templates: Path, *, formats: list[str] | None = None,
          keep_going: bool = False, strict: bool = False,
          options: Options | None = None, progress: bool = False,
          cache: Path | Cache | None = None, jobs: int | None = None,
          start_method: str | None = None) -> BuildResult:
    """``cache`` is the folder to keep results in between builds (none: start afresh), or
    a :class:`Cache` a long-lived caller keeps across builds (``watch``);
    ``jobs`` the number of processes (default: one per core, on trees big enough);
    ``start_method`` how to start them (see :class:`builder.parallel.Pool`)."""
    chosen = {name: load(name)() for name in formats or names()}
    files, listed = list_sources([source])
    bar = Progress(len(files) + len(chosen), enabled=progress)
    scratch = None if cache is not None else tempfile.TemporaryDirectory(prefix="sb-cache-")
    if isinstance(cache, Cache):
        store = cache
    else:
        store = (Cache(cache) if scratch is None
                 else Cache(Path(scratch.name), only=LINK_NEEDS))
    settings = Settings(templates, source, source_date_epoch(ZIP_EPOCH),
                        display_path(source), options or Options())
    print_ = fingerprint(templates)
    state_key = digest(print_, b"state", str(out.resolve()))
    previous = store.get("state", state_key) if out.is_dir() else MISS
    session = Session(store, settings, print_, chosen, keep_going, strict, out)
    try:
        with Pool(worker_count(jobs, len(files)), session, start_method) as pool:
            result = _run(session, {} if previous is MISS else previous, files, listed,
                          pool, bar)
        if result.ok:
            store.put("state", state_key, result.state)
            if isinstance(cache, Path):
                store.prune()
            store.forget_unused()
        return result
    finally:
        bar.close()
        if scratch is not None:
            scratch.cleanup()


def _run(session: Session, previous: dict[str, WriterRecord], files: list[tuple[Path, Path]],
         listed: list[Diagnostic], pool: Pool[Session], bar: Progress) -> BuildResult:
    done = Counter[str]()
    diags = list(listed)
    sources = read_sources(session, files, diags)
    facts = read_facts(session, sources, pool, bar.tick, done)
    pages = [(s, f) for s, f in zip(sources, facts, strict=True) if isinstance(f, PageFacts)]
    for f in facts:
        diags += f.diagnostics if isinstance(f, PageFacts) else f
    diags += id_findings([f for _, f in pages])
    # Near-duplicates are warnings, which change no output unless --strict makes them
    # errors: then they must be known now; otherwise they are found beside the linking.
    near = pool.submit(across.near, [f for _, f in pages])
    if session.strict:
        diags += near.result()
    diags = apply_strict(diags, session.strict)
    if any(d.severity is Severity.ERROR for d in diags) and not session.keep_going:
        return BuildResult(ok=False, work=+done,
                           diagnostics=diags + ([] if session.strict else near.result()))
    # A page whose outputs would overwrite another's is left out whole.
    clash = {d.file for d in diags if d.has(codes.DUPLICATE_SLUG)}
    pages = [(s, f) for s, f in pages if f.file not in clash]
    dropped = [dropped_items(f, diags) for _, f in pages]
    diags += [d for (_, f), spans in zip(pages, dropped, strict=True)
              for d in skipped(f.file, spans)]
    keys = {name: [session.unit_key(name, s.key, d, f.media)
                   for (s, f), d in zip(pages, dropped, strict=True)]
            for name in session.writers}
    done["compiled"] += compile_missing(session, pages, dropped, keys, pool)
    done["reused"] = sum(map(len, keys.values())) - done["compiled"]
    late = None if session.strict else near  # found beside the linking
    return _link_and_swap(session, previous, pages, dropped, keys, pool, bar, done, diags,
                          late)


def _link_and_swap(session: Session, previous: dict[str, WriterRecord],
                   pages: list[tuple[Source, PageFacts]], dropped: list[Spans],
                   keys: dict[str, list[bytes]], pool: Pool[Session], bar: Progress,
                   done: Counter[str], diags: list[Diagnostic],
                   late: Later[list[Diagnostic]] | None) -> BuildResult:
    tmp = staging_dir(session.out)
    try:
        outputs: dict[str, list[str]] = {}
        stats: dict[str, object] = {}
        state: dict[str, WriterRecord] = {}
        beside: dict[str, bytes] = {}
        for name, linked in link_writers(session, previous, pages, dropped, keys, tmp, pool,
                                         bar.tick, done):
            state[name] = linked.record
            beside.update(linked.beside)
            outputs[name] = sorted(linked.written)
            diags += linked.report
            stats[name] = linked.stats
        diags += late.result() if late is not None else []
        manifest = make_manifest([f for _, f in pages], dropped, outputs, stats, diags)
        finish_staging(tmp, manifest)
    except BaseException:
        discard(tmp)
        raise
    diags += swap_in(tmp, session.out, beside)
    return BuildResult(ok=True, diagnostics=diags, outputs=outputs, manifest=manifest,
                       work=+done, state=state)
