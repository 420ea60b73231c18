"""``build``: check the source, compile every page, link, and swap the result in.

Like a compiler with object files. Each page is read once into its facts
(:mod:`builder.facts`) and compiled by every writer into a unit; both are kept in the
cache under a hash of the page's bytes, the code, the settings and the images it uses.
Checks across pages then run on the facts of all pages, and each writer links its
units into the files that span pages. An edit to one page re-reads and re-compiles
that page only. Pages are read and compiled in worker processes, and writers link in
parallel; everything lands in a staging folder that replaces the output in one step.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from builder import __version__
from builder.cache import MISS, Cache, digest, fingerprint
from builder.clock import ZIP_EPOCH, source_date_epoch
from builder.diagnostics import Diagnostic, Severity, apply_strict, warning
from builder.facts import PageFacts, current_media, id_findings, near_findings, page_facts
from builder.keep_going import Spans, left_out, skipped, without
from builder.model import Page, Span
from builder.output import discard, staging_dir, swap_into_place, write_atomic
from builder.parallel import Pool
from builder.progress import Progress
from builder.reader import display_path, list_sources, read_file, unreadable
from builder.reuse import LinkRecord, WriterRecord, link_files, stat_files
from builder.writers import Writer, load, names
from builder.writers.base import LinkContext, PageUnit, Settings, Units

DIST_GITIGNORE = (
    "# Build output: everything here is written by `python -m builder build`.\n*\n!.gitignore\n"
)
PARALLEL_FROM = 24  # pages


@dataclass
class BuildResult:
    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: dict[str, list[str]] = field(default_factory=dict)
    manifest: dict[str, object] = field(default_factory=dict)
    # Pages read and units compiled afresh, units taken from the cache.
    work: dict[str, int] = field(default_factory=dict)
    state: dict[str, WriterRecord] = field(default_factory=dict)  # for the next build


@dataclass(frozen=True)
class _Source:
    file: Path
    base: Path
    data: bytes
    key: bytes


@dataclass(frozen=True)
class Session:
    """What every task of one build needs, passed to each (it is small and picklable, so
    workers get it the same way whether they are forked or spawned)."""

    cache: Cache
    settings: Settings
    print_: bytes  # fingerprint of code and templates
    writers: dict[str, Writer]
    keep_going: bool
    strict: bool
    out: Path  # the output folder the staging folder replaces

    def config(self, writer: str | None = None) -> str:
        """The settings as text; with ``writer``, without the options only link reads."""
        s = self.settings
        skip = self.writers[writer].link_options if writer else frozenset()
        options = {k: v for k, v in s.options.items() if k not in skip}
        return json.dumps([str(s.templates), str(s.source_root), s.epoch, options],
                          sort_keys=True, default=str)

    def unit_key(self, writer: str, source: bytes, dropped: Spans, media: object) -> bytes:
        return digest(self.print_, b"unit", writer, self.config(writer), source, repr(dropped),
                      repr(media))


def build(source: Path, out: Path, templates: Path, *, formats: list[str] | None = None,
          keep_going: bool = False, strict: bool = False,
          options: dict[str, object] | None = None, progress: bool = False,
          cache: Path | None = None, jobs: int | None = None,
          start_method: str | None = None) -> BuildResult:
    """``cache`` is the folder to keep results in between builds (none: start afresh);
    ``jobs`` the number of processes (default: one per core, on trees big enough);
    ``start_method`` how to start them (see :class:`builder.parallel.Pool`)."""
    chosen = {name: load(name)() for name in formats or names()}
    files, listed = list_sources([source])
    bar = Progress(len(files) + len(chosen), enabled=progress)
    scratch = None if cache is not None else tempfile.TemporaryDirectory(prefix="sb-cache-")
    store = Cache(cache if cache is not None else Path(scratch.name))  # type: ignore[union-attr]
    settings = Settings(templates, source, source_date_epoch(ZIP_EPOCH),
                        {"tree_root": display_path(source), **(options or {})})
    print_ = fingerprint(templates)
    state_key = digest(print_, b"state", str(out.resolve()))
    previous = store.get("state", state_key) if out.is_dir() else MISS
    session = Session(store, settings, print_, chosen, keep_going, strict, out)
    try:
        # Workers cost a process each and pay only from a few dozen pages on.
        workers = jobs or ((os.cpu_count() or 1) if len(files) >= PARALLEL_FROM else 1)
        with Pool(workers, start_method) as pool:
            result = _build(session, {} if previous is MISS else previous, files, listed,
                            pool, bar)
        if result.ok:
            store.put("state", state_key, result.state)
            if cache is not None:
                store.prune()
        return result
    finally:
        bar.close()
        if scratch is not None:
            scratch.cleanup()


def _build(work: Session, previous: dict[str, WriterRecord], files: list[tuple[Path, Path]],
           listed: list[Diagnostic], pool: Pool, bar: Progress) -> BuildResult:
    out = work.out
    done = Counter[str]()
    sources = []
    diags = list(listed)
    for file, base in files:
        try:
            data = file.read_bytes()
        except OSError as exc:
            diags.append(unreadable(display_path(file), exc))
            continue
        shown, rel = display_path(file), file.relative_to(base).as_posix()
        sources.append(_Source(file, base, data, digest(work.print_, b"page", shown, rel, data)))

    facts = _facts(work, sources, pool, bar.tick, done)
    pages = [(s, f) for s, f in zip(sources, facts, strict=True) if isinstance(f, PageFacts)]
    for f in facts:
        diags += f.diagnostics if isinstance(f, PageFacts) else f
    diags += id_findings([f for _, f in pages])
    # Near-duplicates are warnings, which change no output unless --strict makes them
    # errors: then they must be known now; otherwise they are found beside the linking.
    near = pool.submit(near_findings, [f for _, f in pages])
    if work.strict:
        diags += near.result()
    diags = apply_strict(diags, work.strict)
    if any(d.severity is Severity.ERROR for d in diags) and not work.keep_going:
        return BuildResult(ok=False, diagnostics=diags + ([] if work.strict else near.result()),
                           work=+done)

    # A page whose outputs would overwrite another's is left out whole.
    clash = {d.file for d in diags if d.code == "duplicate-slug"}
    pages = [(s, f) for s, f in pages if f.file not in clash]
    dropped = [_dropped(f, diags) for _, f in pages]
    diags += [d for (_, f), spans in zip(pages, dropped, strict=True)
              for d in skipped(f.file, spans)]
    keys = {name: [work.unit_key(name, s.key, d, f.media)
                   for (s, f), d in zip(pages, dropped, strict=True)]
            for name in work.writers}
    done["compiled"] += _compile_missing(work, pages, dropped, keys, pool)
    done["reused"] = sum(map(len, keys.values())) - done["compiled"]

    tmp = staging_dir(out)
    try:
        outputs: dict[str, list[str]] = {}
        stats: dict[str, object] = {}
        state: dict[str, WriterRecord] = {}
        beside: dict[str, bytes] = {}
        for name, (written, report, stat, record, after) in _link(
                work, previous, pages, dropped, keys, tmp, pool, bar.tick, done):
            state[name] = record
            beside.update(after)
            outputs[name] = sorted(written)
            diags += report
            stats[name] = stat
        if not work.strict:
            diags += near.result()
        manifest = make_manifest([f for _, f in pages], dropped, outputs, stats, diags)
        (tmp / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (tmp / ".gitignore").write_text(DIST_GITIGNORE, encoding="utf-8")
    except BaseException:
        discard(tmp)
        raise
    swap_into_place(tmp, out)
    # Files beside the source (the Anki lock) only once the output they describe is in
    # place: a build that fails or is killed before this leaves them as they were.
    diags += _write_beside(beside)
    return BuildResult(ok=True, diagnostics=diags, outputs=outputs, manifest=manifest,
                       work=+done, state=state)


def _write_beside(files: dict[str, bytes]) -> list[Diagnostic]:
    problems = []
    for path, data in sorted(files.items()):
        try:
            write_atomic(Path(path), data)
        except OSError as exc:
            problems.append(warning(
                "lock-write", Span(file=path, start=1, end=1),
                f"cannot write this file: {exc.strerror or exc}",
                "make the folder beside the source writable; until then edited notes may "
                "not update in Anki"))
    return problems


# -- reading: facts per page ------------------------------------------------------------

Facts = PageFacts | list[Diagnostic]  # a page, or why it could not be read


def _facts(work: Session, sources: list[_Source], pool: Pool, tick: Callable[[str], None],
           done: Counter[str]) -> list[Facts]:
    found: list[Facts | None] = []
    for s in sources:
        cached = work.cache.get("facts", s.key)
        if isinstance(cached, PageFacts) and cached.media != current_media(cached):
            cached = MISS  # an image it uses changed: its findings may too
        found.append(None if cached is MISS else cached)
        if cached is not MISS:
            tick(s.file.name)
    todo = [i for i, f in enumerate(found) if f is None]
    for i, (result, compiled) in pool.map(partial(_read_task, work),
                                          [sources[i] for i in todo]):
        found[todo[i]] = result
        done["read"] += 1
        done["compiled"] += compiled
        tick(sources[todo[i]].file.name)
    return [f for f in found if f is not None]


def _read_task(work: Session, source: _Source) -> tuple[Facts, int]:
    """In a worker: read one page into facts, and compile it while it is at hand (a
    guess at what the build will need, right unless items are dropped or the build is
    refused; the cache keeps it either way)."""
    page, read = read_file(source.file, source.base, source.data)
    if page is None:
        work.cache.put("facts", source.key, read)
        return read, 0
    facts = page_facts(page, read)
    work.cache.put("facts", source.key, facts)
    local = apply_strict(facts.diagnostics, work.strict)
    compiled = 0
    if not any(d.severity is Severity.ERROR for d in local):
        compiled = _compile(work, page, source.key, (), facts.media, list(work.writers))
    elif work.keep_going:
        spans = _dropped(facts, local)
        compiled = _compile(work, without(page, spans), source.key, spans, facts.media,
                            list(work.writers))
    return facts, compiled


# -- compiling: one unit per page and writer -----------------------------------------------

def _dropped(facts: PageFacts, diags: list[Diagnostic]) -> Spans:
    """Items of this page that overlap an error (left out under ``--keep-going``)."""
    return left_out(((use.start, use.end) for use in facts.ids), diags, facts.file)


def _compile(work: Session, page: Page, source_key: bytes, dropped: Spans, media: object,
             names: list[str], force: bool = False) -> int:
    """Compile and keep the units not kept yet; returns how many."""
    made = 0
    for name in names:
        key = work.unit_key(name, source_key, dropped, media)
        if not force and work.cache.has("unit", key) and work.cache.has("unit-files", key):
            continue
        unit = work.writers[name].compile(page, work.settings)
        work.cache.put("unit-files", key, unit.files)
        work.cache.put("unit", key, replace(unit, files=()))
        made += 1
    return made


def _compile_missing(work: Session, pages: list[tuple[_Source, PageFacts]],
                     dropped: list[Spans], keys: dict[str, list[bytes]], pool: Pool) -> int:
    jobs = []
    for n, ((source, facts), spans) in enumerate(zip(pages, dropped, strict=True)):
        missing = [name for name in work.writers if not work.cache.has("unit", keys[name][n])]
        if missing:
            jobs.append((source, spans, facts.media, missing))
    return sum(n for _, n in pool.map(partial(_compile_task, work), jobs))


def _compile_task(work: Session, job: tuple[_Source, Spans, object, list[str]],
                  force: bool = False) -> int:
    source, spans, media, names = job
    page, _ = read_file(source.file, source.base, source.data)
    assert page is not None  # it was read into facts from these same bytes
    return _compile(work, without(page, spans), source.key, spans, media, names, force)


# -- linking: one writer at a time, each in a worker ---------------------------------------

class _CachedUnits(Units):
    def __init__(self, cache: Cache, keys: list[bytes]) -> None:
        super().__init__([])
        self._cache, self._keys = cache, keys

    def __len__(self) -> int:
        return len(self._keys)

    def __getitem__(self, index: int) -> PageUnit:  # type: ignore[override]
        unit = self._cache.get("unit", self._keys[index])
        if unit is MISS:
            raise RuntimeError("a compiled unit vanished from the build cache mid-build")
        return unit  # type: ignore[no-any-return]


# Files written, report, stats, what the next build may reuse, files beside the source.
Linked = tuple[list[str], list[Diagnostic], object, WriterRecord, dict[str, bytes]]


@dataclass(frozen=True)
class _Missing:
    """A unit gone or altered between compiling and linking (someone else's hands in
    the cache folder): compile it again and link once more."""

    key: bytes


def _link(work: Session, previous: dict[str, WriterRecord],
          pages: list[tuple[_Source, PageFacts]], dropped: list[Spans],
          keys: dict[str, list[bytes]], out: Path, pool: Pool,
          tick: Callable[[str], None], done: Counter[str]) -> list[tuple[str, Linked]]:
    jobs = [(name, k, out, previous.get(name, WriterRecord())) for name, k in keys.items()]
    linked = _link_all(work, pool, jobs, tick)
    for n, (name, result) in enumerate(linked):
        if isinstance(result, _Missing):
            for (source, facts), spans in zip(pages, dropped, strict=True):
                _compile_task(work, (source, spans, facts.media, [name]), force=True)
                done["compiled"] += 1
                done["reused"] -= 1
            again = _link_task(work, jobs[n])[1]
            if isinstance(again, _Missing):
                raise RuntimeError(f"cannot keep units in the build cache for {name}")
            linked[n] = (name, again)
    return linked  # type: ignore[return-value]


LinkJob = tuple[str, list[bytes], Path, WriterRecord]  # writer, unit keys, staging, last


def _link_all(work: Session, pool: Pool, jobs: list[LinkJob],
              tick: Callable[[str], None]) -> list[tuple[str, Linked | _Missing]]:
    done: dict[int, tuple[str, Linked | _Missing]] = {}
    for i, result in pool.map(partial(_link_task, work), jobs):
        done[i] = result
        tick(f"writing {result[0]}")
    return [done[i] for i in range(len(jobs))]


def _link_task(work: Session, job: LinkJob) -> tuple[str, Linked | _Missing]:
    """One writer: its pages' files (linked from the last build when unchanged), then
    its link step (taken whole from the last build when nothing it reads changed)."""
    name, keys, out, before = job
    writer = work.writers[name]
    record = WriterRecord()
    written: list[str] = []
    for key in keys:
        kept = before.units.get(key)
        if kept is not None and link_files(work.out, kept, out):
            record.units[key] = kept
            written += [rel for rel, _, _ in kept]
            continue
        files = work.cache.get("unit-files", key)
        if files is MISS:
            return name, _Missing(key)
        for rel, data in files:
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        rels = [rel for rel, _ in files]
        record.units[key] = stat_files(out, rels)
        written += rels

    def link_key(pending: dict[str, bytes]) -> bytes:
        return digest(work.print_, b"link", name, work.config(),
                      writer.link_inputs(work.settings, pending), *keys)

    old = before.link
    if old is not None and old.key == link_key({}) and link_files(work.out, old.files, out):
        record.link, record.memo_files = old, before.memo_files
        return name, (written + [rel for rel, _, _ in old.files], list(old.report), old.stats,
                      record, {})

    report: list[Diagnostic] = []
    for key in keys:
        unit = work.cache.get("unit", key)
        if unit is MISS:
            return name, _Missing(key)
        report.extend(unit.report)

    def memo(namespace: str, key: bytes, make: Callable[[], Any]) -> Any:
        # The code's fingerprint goes into every key, so writers need not hash themselves.
        return work.cache.memo(namespace, digest(work.print_, namespace, key), make)

    def memo_file(rel: str, namespace: str, key: bytes, make: Callable[[], bytes]) -> None:
        full = digest(work.print_, namespace, key)
        kept = before.memo_files.get(rel)
        if not (kept is not None and kept[0] == full
                and link_files(work.out, ((rel, kept[1], kept[2]),), out)):
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(work.cache.memo(namespace, full, make))
        (_, size, mtime), = stat_files(out, [rel])
        record.memo_files[rel] = (full, size, mtime)

    ctx = LinkContext(work.settings, out, report, {}, memo, memo_file)
    linked = writer.link(_CachedUnits(work.cache, keys), ctx)
    stats = ctx.stats.get(name)
    if ctx.lasting:  # keyed by the inputs as the build will leave them (the new Anki lock)
        record.link = LinkRecord(link_key(ctx.beside), stat_files(out, linked), tuple(report),
                                 stats)
    return name, (written + linked, report, stats, record, dict(ctx.beside))


# -- the manifest ------------------------------------------------------------------------

def make_manifest(pages: list[PageFacts], dropped: list[Spans], outputs: dict[str, list[str]],
                  stats: dict[str, object], diags: list[Diagnostic]) -> dict[str, object]:
    listed = []
    total: Counter[str] = Counter()
    for facts, spans in zip(pages, dropped, strict=True):
        kinds = Counter(kind for use, kind in zip(facts.ids, facts.kinds, strict=True)
                        if (use[3], use[4]) not in spans)
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
        "warnings": sum(d.severity.value == "warning" for d in diags),
        "notes": sum(d.severity.value == "note" for d in diags),
    }
