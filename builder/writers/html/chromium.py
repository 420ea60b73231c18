"""Which Chromium prints, and what a print depends on (so a print can be reused).

An upgraded Chromium, a font installed since or another Playwright may print a sheet
differently, so each is part of :func:`print_key` and of the writer's link inputs.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from functools import lru_cache
from importlib import metadata
from types import MappingProxyType
from typing import Any

from builder.cache import digest

ENGINE_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Flags that keep a headless browser offline, quiet and independent of any profile
# (Playwright adds --headless and a fresh --user-data-dir of its own).
FLAGS = (
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--hide-scrollbars",
)
PAPER = MappingProxyType({"a4": "A4", "letter": "letter", "auto": "auto"})
# page.pdf() as --print-to-pdf printed: the sheet's own @page rules (size, margins, margin
# boxes with its title and page numbers), backgrounds, no header or footer of Chromium's
# own, and a tagged PDF (its structure, for screen readers and reflow).
PDF_OPTIONS: Mapping[str, Any] = MappingProxyType({
    "prefer_css_page_size": True, "print_background": True, "display_header_footer": False,
    "tagged": True})


def find_engine(explicit: str | None = None) -> str | None:
    """The Chromium to print with: ``explicit`` if given (a path or a name on PATH)."""
    if explicit:
        return shutil.which(explicit)
    for name in ENGINE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@lru_cache(maxsize=8)
def engine_identity(engine: str) -> bytes:
    """``engine``'s path and what its ``--version`` says: an upgraded Chromium may print
    differently, so its prints must not be reused. Read once per process (~0.1 s)."""
    try:
        done = subprocess.run([engine, "--version"], capture_output=True, timeout=30,
                              start_new_session=True, check=False)
        said = done.stdout.strip() + b" exit " + str(done.returncode).encode()
    except (OSError, subprocess.TimeoutExpired) as exc:
        said = f"unknown ({type(exc).__name__})".encode()
    return engine.encode() + b"\0" + said


def font_identity() -> bytes:
    """The fonts Chromium can fall back to (fontconfig's list, ~15 ms): a font installed
    since, such as an emoji font, changes the prints, so they must not be reused."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return b"no fc-list"
    try:
        done = subprocess.run([fc_list, ":", "file", "family", "style"], capture_output=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({type(exc).__name__})".encode()
    return b"\n".join(sorted(done.stdout.splitlines()))


def playwright_version() -> str:
    try:
        return metadata.version("playwright")
    except metadata.PackageNotFoundError:
        return "none"


def print_key(html: bytes, *, engine: str, paper: str, epoch: int, fonts: bytes) -> bytes:
    """Everything a print depends on: the markup, the paper, the engine, the fonts, the
    driver, the flags and print options, and the dates stamped in."""
    return digest(html, paper, engine_identity(engine), fonts, playwright_version(),
                  *FLAGS, *(f"{k}={v!r}" for k, v in sorted(PDF_OPTIONS.items())),
                  str(epoch))
