"""The one interface every output format implements (a Sphinx-builder-like class).

A writer works in two steps, so that builds can be cached and run in parallel:

``compile(page, rendered, settings)``
    One page in, a :class:`PageUnit` out: the page's own files, ready to write, and
    whatever parts the link step needs. It must be a pure function of the page, the
    settings and the code, because the build caches the unit under a hash of exactly
    those and compiles pages in several processes at once. ``rendered`` holds the HTML
    of the page's Markdown fields, rendered once for every writer
    (:mod:`builder.render.rendered`): a writer takes its fragments from there.
``link(units, out)``
    Every page's unit in, in tree order; writes what spans pages (``all`` packages,
    banks, indexes) and what needs state outside the source (the Anki lock file).

The build (:mod:`builder.build`) runs both, in its compile and link phases.
"""

from __future__ import annotations

import io
import shutil
import time
import zipfile
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar, NamedTuple

from builder.clock import ZIP_EPOCH
from builder.diagnostics import Diagnostic
from builder.model import Page
from builder.render.rendered import RenderedPage

from .options import Options, WriterOptions


@dataclass(frozen=True)
class Settings:
    """Everything besides the page that a writer's output may depend on.

    The build folds all of it into every cache key (of ``options`` only the writer's
    own, and in unit keys only what ``compile`` reads), so a writer must read nothing
    else: no clock, no environment, no file outside ``templates`` and ``source_root``.
    """

    templates: Path
    source_root: Path
    epoch: int  # seconds; SOURCE_DATE_EPOCH when set, so builds are reproducible
    tree_root: str = "."  # the source folder as the model names it (``Tree.root``)
    options: Options = field(default_factory=Options)


@dataclass(frozen=True)
class PageUnit:
    """What one writer made of one page. Picklable: only builtins and frozen dataclasses.

    ``files`` are written under the output folder exactly as given. ``parts`` is for
    the writer's own link step. ``report`` holds what the format could not carry.
    """

    slug: str
    files: tuple[tuple[str, bytes], ...] = ()
    parts: Any = None
    report: tuple[Diagnostic, ...] = ()


KeyPart = bytes | str


class Output:
    """Where a writer's link step puts what spans pages. The writer sees no cache: it
    names a file and the parts that fix its bytes, and the build decides whether the
    last build's file or a cached copy will do (adding its own fingerprint of the code,
    the settings and the writer to the key).

    This base class writes everything afresh; the build's own output reuses."""

    def __init__(self, settings: Settings, out: Path) -> None:
        self.settings = settings
        self.out = out
        self.lasting = True
        self.beside: dict[str, bytes] = {}

    def path(self, *parts: str) -> Path:
        """A file to write under the output folder (its folder made)."""
        target = self.out.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def read(self, rel: str) -> bytes:
        """A file written already in this build (a page's own, or by ``path``)."""
        return self.out.joinpath(rel).read_bytes()

    def memoized(self, rel: str, key: Sequence[KeyPart], make: Callable[[], bytes]) -> None:
        """``rel`` holds ``make()``, whose bytes ``key`` (with the settings and code)
        must determine completely."""
        self.path(rel).write_bytes(make())

    def write_beside(self, path: Path, data: bytes) -> None:
        """A file outside the output folder (the Anki lock beside the source): the build
        writes it only once the new output is in place."""
        self.beside[str(path)] = data

    def retry(self) -> None:
        """What this link made came from a failure worth trying again (a PDF that did
        not print): the next build links afresh even if nothing changed."""
        self.lasting = False


class Linked(NamedTuple):
    """What a writer's link step made."""

    files: list[str]  # relative to the output folder
    report: list[Diagnostic]  # what the format could not carry, once per build
    stats: object = None  # facts for the manifest (how many notes a package holds)


class Units(Sequence[PageUnit]):
    """The units of one writer in tree order; a subclass may load each on demand."""

    def __init__(self, units: Sequence[PageUnit]) -> None:
        self._units = units

    def __len__(self) -> int:
        return len(self._units)

    def __getitem__(self, index: int) -> PageUnit:  # type: ignore[override]
        return self._units[index]

    def __iter__(self) -> Iterator[PageUnit]:
        for i in range(len(self)):
            yield self[i]


class Writer(ABC):
    """Turns the model into files. A writer never parses source text."""

    name: ClassVar[str]
    description: ClassVar[str]
    # Whether ``compile`` reads ``rendered``: a build that compiles only writers that
    # do not renders nothing (they are given an empty page).
    renders: ClassVar[bool] = True

    def own_options(self, options: Options) -> WriterOptions | None:
        """This writer's part of ``options`` (the only part its cache keys hold)."""
        return None

    @abstractmethod
    def compile(self, page: Page, rendered: RenderedPage, settings: Settings) -> PageUnit: ...

    def link_inputs(self, settings: Settings, pending: Mapping[str, bytes]) -> bytes:
        """What ``link`` reads besides the units and settings (a build takes the last
        build's link output as it is when none of it changed). ``pending`` holds what
        this build will write beside the source (``Output.write_beside``) but has not yet:
        read a file from there first."""
        return b""

    @abstractmethod
    def link(self, units: Units, out: Output) -> Linked:
        """Write what spans pages through ``out``; say what was written."""


@dataclass(frozen=True)
class Deflated:
    """A zip member compressed ahead of time (in a page's compile, in a worker), so a
    bank of every page's items is written by copying, not by compressing again."""

    crc: int
    size: int
    data: bytes  # raw deflate stream, as zipfile would have written it

    @classmethod
    def of(cls, data: bytes, level: int = 6) -> Deflated:
        # zipfile's own compressor: the bytes are the same as ZipFile.writestr's.
        packer = zlib.compressobj(level, zlib.DEFLATED, -15)
        return cls(zlib.crc32(data), len(data), packer.compress(data) + packer.flush())


# A name in the zip, and its bytes, a file to stream, or bytes compressed already.
Member = tuple[str, "bytes | Path | Deflated"]


def zip_bytes(members: Iterable[Member], epoch: int, level: int = 6) -> bytes:
    """A zip whose bytes depend only on ``members``, ``epoch`` and ``level``."""
    buffer = io.BytesIO()
    zip_into(buffer, members, epoch, level)
    return buffer.getvalue()


def write_zip(target: Path, members: Iterable[Member], epoch: int, level: int = 6) -> None:
    with open(target, "wb") as fh:
        zip_into(fh, members, epoch, level)


def zip_into(target: IO[bytes], members: Iterable[Member], epoch: int, level: int = 6) -> None:
    """Members in the given order, all stamped ``epoch``, deflated at ``level`` (1 is
    several times faster than 6 and about 10% bigger on our XML and databases)."""
    stamp = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if isinstance(data, bytes):
                zf.writestr(info, data, compresslevel=level)
                continue
            if isinstance(data, Deflated):
                _write_deflated(zf, info, data)
                continue
            # How ZipFile passes a level to a member it opens itself (public in 3.13).
            info._compresslevel = level  # type: ignore[attr-defined]
            big = data.stat().st_size > zipfile.ZIP64_LIMIT
            with data.open("rb") as src, zf.open(info, "w", force_zip64=big) as dst:
                shutil.copyfileobj(src, dst, 1 << 20)


def _write_deflated(zf: zipfile.ZipFile, info: zipfile.ZipInfo, member: Deflated) -> None:
    """What ``ZipFile.writestr`` does once the data is compressed, through the same
    private fields its own writer uses (zipfile has no public way to add raw data)."""
    info.flag_bits = 0
    info.CRC, info.file_size, info.compress_size = member.crc, member.size, len(member.data)
    fp: Any = zf.fp
    fp.seek(zf.start_dir)
    info.header_offset = fp.tell()
    fp.write(info.FileHeader(member.size * 1.05 > zipfile.ZIP64_LIMIT))
    fp.write(member.data)
    zf.start_dir = fp.tell()
    zf.filelist.append(info)
    zf.NameToInfo[info.filename] = info
    zf._didModify = True  # type: ignore[attr-defined]
