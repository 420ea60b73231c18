"""The link phase: one writer at a time, each in a worker. Its pages' files are hard
links to the last build's when unchanged, and its link step is taken whole from the
last build when nothing it reads changed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from builder.cache import MISS, Cache, digest
from builder.diagnostics import Diagnostic
from builder.facts import PageFacts
from builder.keep_going import Spans
from builder.parallel import Pool
from builder.reuse import LinkRecord, WriterRecord, link_files, stat_files
from builder.writers.base import KeyPart, Output, PageUnit, Units

from .compile import CompileJob, compile_task
from .session import Session, Source


class LinkResult(NamedTuple):
    written: list[str]
    report: list[Diagnostic]
    stats: object  # for the manifest
    record: WriterRecord  # what the next build may reuse
    beside: dict[str, bytes]  # files to write beside the source once the output is in


class LinkJob(NamedTuple):
    writer: str
    keys: list[bytes]  # of its units, in tree order
    out: Path  # the staging folder
    before: WriterRecord  # the last build's


@dataclass(frozen=True)
class Missing:
    """A unit gone or altered between compiling and linking (someone else's hands in
    the cache folder): compile it again and link once more."""

    key: bytes


class CachedUnits(Units):
    """A writer's units, each loaded from the cache when the writer reaches it."""

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


def link_writers(session: Session, previous: dict[str, WriterRecord],
                 pages: list[tuple[Source, PageFacts]], dropped: list[Spans],
                 keys: dict[str, list[bytes]], out: Path, pool: Pool[Session],
                 tick: Callable[[str], None], done: Counter[str]) -> list[tuple[str, LinkResult]]:
    jobs = [LinkJob(name, k, out, previous.get(name, WriterRecord())) for name, k in keys.items()]
    finished: dict[int, tuple[str, LinkResult | Missing]] = {}
    for i, (name, result) in pool.map(link_task, jobs):
        finished[i] = (name, result)
        tick(f"writing {name}")
    linked = [finished[i] for i in range(len(jobs))]
    for n, (name, result) in enumerate(linked):
        if isinstance(result, Missing):
            for (source, facts), spans in zip(pages, dropped, strict=True):
                compile_task(session, CompileJob(source, spans, facts.media, [name]), force=True)
                done["compiled"] += 1
                done["reused"] -= 1
            again = link_task(session, jobs[n])[1]
            if isinstance(again, Missing):
                raise RuntimeError(f"cannot keep units in the build cache for {name}")
            linked[n] = (name, again)
    return linked  # type: ignore[return-value]


def link_task(session: Session, job: LinkJob) -> tuple[str, LinkResult | Missing]:
    """One writer: its pages' files, then its link step."""
    record = WriterRecord()
    written = _unit_files(session, job, record)
    if isinstance(written, Missing):
        return job.writer, written
    writer = session.writers[job.writer]

    def link_key(pending: dict[str, bytes]) -> bytes:
        return digest(session.print_, b"link", job.writer, session.config(job.writer, link=True),
                      writer.link_inputs(session.settings, pending), *job.keys)

    old = job.before.link
    if old is not None and old.key == link_key({}) and link_files(session.out, old.files,
                                                                  job.out):
        record.link, record.memo_files = old, job.before.memo_files
        return job.writer, LinkResult(written + [rel for rel, _, _ in old.files], list(old.report),
                                  old.stats, record, {})
    report: list[Diagnostic] = []
    for key in job.keys:
        unit = session.cache.get("unit", key)
        if unit is MISS:
            return job.writer, Missing(key)
        report.extend(unit.report)
    out = StagingOutput(session, job, record)
    linked = writer.link(CachedUnits(session.cache, job.keys), out)
    report += linked.report
    if out.lasting:  # keyed by the inputs as the build will leave them (the new Anki lock)
        record.link = LinkRecord(link_key(out.beside), stat_files(job.out, linked.files),
                                 tuple(report), linked.stats)
    return job.writer, LinkResult(written + linked.files, report, linked.stats, record,
                                  dict(out.beside))


def _unit_files(session: Session, job: LinkJob, record: WriterRecord) -> list[str] | Missing:
    """Each unit's own files in the staging folder: linked from the last build when it
    is the same unit and its files are untouched, else written from the cache."""
    written: list[str] = []
    for key in job.keys:
        kept = job.before.units.get(key)
        if kept is not None and link_files(session.out, kept, job.out):
            record.units[key] = kept
            written += [rel for rel, _, _ in kept]
            continue
        files = session.cache.get("unit-files", key)
        if files is MISS:
            return Missing(key)
        for rel, data in files:
            target = job.out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        rels = [rel for rel, _ in files]
        record.units[key] = stat_files(job.out, rels)
        written += rels
    return written


class StagingOutput(Output):
    """The build's output for one writer's link step: a memoized file is hard-linked
    from the last build's output, else taken from the cache, else made, under a key
    of the writer's parts plus the code's fingerprint and the settings."""

    def __init__(self, session: Session, job: LinkJob, record: WriterRecord) -> None:
        super().__init__(session.settings, job.out)
        self._session, self._job, self._record = session, job, record

    def memoized(self, rel: str, key: Sequence[KeyPart], make: Callable[[], bytes]) -> None:
        session, job = self._session, self._job
        full = digest(session.print_, b"memo", job.writer, session.config(job.writer, link=True),
                      rel, *key)
        kept = job.before.memo_files.get(rel)
        if not (kept is not None and kept[0] == full
                and link_files(session.out, ((rel, kept[1], kept[2]),), job.out)):
            self.path(rel).write_bytes(session.cache.memo("link-file", full, make))
        (_, size, mtime), = stat_files(job.out, [rel])
        self._record.memo_files[rel] = (full, size, mtime)
