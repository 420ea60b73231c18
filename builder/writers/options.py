"""What a build may be told besides its source: one frozen dataclass per writer.

A field marked :data:`LINK_ONLY` is read by its writer's link step alone (whether to
print PDFs, where the Anki lock lives): changing it must not make the build compile every
page again, so :func:`compile_fields` leaves it out of the unit keys.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

LINK_ONLY = MappingProxyType({"link_only": True})


@dataclass(frozen=True)
class AnkiOptions:
    # The lock file that keeps note times between builds; None: beside the source.
    lock: Path | None = field(default=None, metadata=LINK_ONLY)
    # False: read the lock but leave it as it is (tests building a committed tree).
    lock_write: bool = field(default=True, metadata=LINK_ONLY)


@dataclass(frozen=True)
class GiftOptions:
    flashcards: bool = True  # False: flashcards are left out of the GIFT files


@dataclass(frozen=True)
class HtmlOptions:
    pdf: bool = field(default=True, metadata=LINK_ONLY)  # print each sheet to a PDF
    paper: str = field(default="a4", metadata=LINK_ONLY)  # a4 or letter
    # The engine's path or name; None: the first of chromium, chromium-browser,
    # google-chrome on PATH.
    chromium: str | None = field(default=None, metadata=LINK_ONLY)
    timeout: float = field(default=60, metadata=LINK_ONLY)  # seconds per sheet
    jobs: int = field(default=2, metadata=LINK_ONLY)  # sheets printing at once


@dataclass(frozen=True)
class Options:
    anki: AnkiOptions = AnkiOptions()
    gift: GiftOptions = GiftOptions()
    html: HtmlOptions = HtmlOptions()


WriterOptions = AnkiOptions | GiftOptions | HtmlOptions


def all_fields(options: WriterOptions | None) -> dict[str, object]:
    """Every field, by name (for the link step's key)."""
    if options is None:
        return {}
    return {f.name: getattr(options, f.name) for f in dataclasses.fields(options)}


def compile_fields(options: WriterOptions | None) -> dict[str, object]:
    """The fields a writer's ``compile`` may read (for its unit keys)."""
    if options is None:
        return {}
    return {f.name: getattr(options, f.name) for f in dataclasses.fields(options)
            if not f.metadata.get("link_only")}
