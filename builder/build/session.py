"""What every task of one build shares: the session, made once in the plan phase."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from builder.cache import Cache, digest
from builder.keep_going import Spans
from builder.writers import Writer
from builder.writers.base import Settings
from builder.writers.options import all_fields, compile_fields

PARALLEL_FROM = 24  # pages: workers cost a process each and pay only from a few dozen on


def worker_count(jobs: int | None, pages: int) -> int:
    """``jobs`` when given, else one worker per core on trees big enough to pay for them."""
    return jobs or ((os.cpu_count() or 1) if pages >= PARALLEL_FROM else 1)


@dataclass(frozen=True)
class Source:
    """One page file as read, once, in the plan phase."""

    file: Path
    base: Path  # the source root it was listed under
    data: bytes
    key: bytes  # of its bytes, path and the code: what its facts are cached under


@dataclass(frozen=True)
class Session:
    """Frozen and picklable: the pool's initializer hands it to each worker once, so a
    worker may be forked or spawned alike."""

    cache: Cache
    settings: Settings
    print_: bytes  # fingerprint of code and templates
    writers: dict[str, Writer]
    keep_going: bool
    strict: bool
    out: Path  # the output folder the staging folder replaces

    def config(self, writer: str, link: bool = False) -> str:
        """The settings as ``writer`` sees them, as text: of the options only its own,
        and without those only its link step reads unless ``link``."""
        s = self.settings
        own = self.writers[writer].own_options(s.options)
        options = all_fields(own) if link else compile_fields(own)
        return json.dumps([str(s.templates), str(s.source_root), s.epoch, s.tree_root,
                           options], sort_keys=True, default=str)

    def unit_key(self, writer: str, source: bytes, dropped: Spans, media: object) -> bytes:
        """What a unit is cached under: everything a writer's ``compile`` may read."""
        return digest(self.print_, b"unit", writer, self.config(writer), source, repr(dropped),
                      repr(media))
