"""The registry of output formats: every module here that defines ``WRITER`` is one."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from .base import BuildContext, Writer

__all__ = ["BuildContext", "Writer", "registry"]


@cache
def registry() -> dict[str, type[Writer]]:
    found: list[type[Writer]] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        writer = getattr(module, "WRITER", None)
        if writer is not None:
            found.append(writer)
    return {w.name: w for w in sorted(found, key=lambda w: (w.order, w.name))}
