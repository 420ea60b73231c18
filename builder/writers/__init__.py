"""The table of output formats, in the order a build runs and lists them.

A format's module is imported only when that format is used, so
``build --format gift`` never loads genanki or Playwright. To add a format, write its
writer (see ARCHITECTURE.md) and add one row here.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

from .base import Writer

__all__ = ["FORMATS", "Format", "Writer", "load", "names", "registry"]


class Format(NamedTuple):
    name: str
    module: str  # under builder.writers
    cls: str  # the Writer subclass in it


FORMATS: tuple[Format, ...] = (
    Format("model", "model_json", "ModelWriter"),
    Format("anki", "anki", "AnkiWriter"),
    Format("gift", "gift", "GiftWriter"),
    Format("qti12", "qti", "Qti12Writer"),
    Format("qti21", "qti", "Qti21Writer"),
    Format("html", "html", "HtmlWriter"),
)


def names() -> tuple[str, ...]:
    return tuple(f.name for f in FORMATS)


def load(name: str) -> type[Writer]:
    """The writer of format ``name``, importing its module now. KeyError if unknown."""
    row = next((f for f in FORMATS if f.name == name), None)
    if row is None:
        raise KeyError(name)
    writer: type[Writer] = getattr(importlib.import_module(f"{__name__}.{row.module}"), row.cls)
    return writer


def registry() -> dict[str, type[Writer]]:
    """Every format's writer, in table order (imports them all)."""
    return {name: load(name) for name in names()}
