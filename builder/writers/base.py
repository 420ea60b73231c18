"""The one interface every output format implements (a Sphinx-builder-like class)."""

from __future__ import annotations

import os
import zipfile
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from builder.diagnostics import Diagnostic
from builder.model import Tree

# 1980-01-01, the earliest time a zip entry can hold.
_ZIP_EPOCH = 315532800


@dataclass
class BuildContext:
    """What a writer may read; writers put files only under ``out``."""

    tree: Tree
    out: Path
    source_root: Path
    templates: Path
    epoch: int  # seconds; SOURCE_DATE_EPOCH when set, so builds are reproducible
    options: dict[str, object] = field(default_factory=dict)
    report: list[Diagnostic] = field(default_factory=list)
    # Per-format facts for the manifest (e.g. how many notes a package holds).
    stats: dict[str, object] = field(default_factory=dict)

    def path(self, *parts: str) -> Path:
        target = self.out.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target


class Writer(ABC):
    """Turns the model into files. A writer never parses source text.

    ``write`` returns the paths it wrote (relative to ``ctx.out``) and appends a
    diagnostic to ``ctx.report`` for anything in the model its format cannot carry.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    order: ClassVar[int] = 50

    @abstractmethod
    def write(self, ctx: BuildContext) -> list[str]: ...


def source_date_epoch(default: int = _ZIP_EPOCH) -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else default


def write_zip(target: Path, members: list[tuple[str, bytes]], epoch: int) -> None:
    """A zip whose bytes depend only on ``members`` and ``epoch``: fixed order and times."""
    import time

    stamp = time.gmtime(max(epoch, _ZIP_EPOCH))[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
