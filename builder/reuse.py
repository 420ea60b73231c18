"""Files of the last build that the next one can take as they are, by hard link.

A build records, for the output folder it replaced, which files each unit and each
writer's link step wrote, with their size and change time. The next build into the
same folder links a file into its staging folder instead of writing it again when the
unit (or, for a link step, every unit and input) is the same and the file on disk still
has the recorded size and time, so a file someone edited by hand is written afresh.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from builder.diagnostics import Diagnostic

FileStat = tuple[str, int, int]  # path under the output folder, size, mtime (ns)


@dataclass(frozen=True)
class LinkRecord:
    key: bytes  # every unit key, the settings and the writer's other inputs
    files: tuple[FileStat, ...]
    report: tuple[Diagnostic, ...]
    stats: object


@dataclass
class WriterRecord:
    units: dict[bytes, tuple[FileStat, ...]] = field(default_factory=dict)
    link: LinkRecord | None = None
    # Files link wrote through ``Output.memoized``: path -> (key, size, mtime).
    memo_files: dict[str, tuple[bytes, int, int]] = field(default_factory=dict)


def stat_files(root: Path, rels: list[str]) -> tuple[FileStat, ...]:
    found = []
    for rel in rels:
        st = os.stat(root / rel)
        found.append((rel, st.st_size, st.st_mtime_ns))
    return tuple(found)


def link_files(previous: Path, files: tuple[FileStat, ...], staging: Path) -> bool:
    """Hard-link ``files`` from ``previous`` into ``staging`` if all are as recorded."""
    try:
        for rel, size, mtime in files:
            st = os.stat(previous / rel)
            if (st.st_size, st.st_mtime_ns) != (size, mtime):
                return False
        for rel, _, _ in files:
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target.unlink()
            os.link(previous / rel, target)
    except OSError:
        return False  # gone, or no hard links here: the caller writes the files
    return True
