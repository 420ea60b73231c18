"""Print HTML sheets to PDF with headless Chromium (``--print-to-pdf``).

One Chromium process per file: about a second each here (startup dominates), so tens of
pages cost tens of seconds; ``options["pdf"] = False`` skips printing altogether.
Chromium stamps the print time into the PDF's info dictionary; we overwrite both dates
with the build's epoch in place (same length, so the cross-reference offsets stay
valid), which makes the PDF bytes depend only on the HTML, Chromium and the fonts: so
:func:`print_key` names a print well enough to reuse it from the build cache.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from functools import lru_cache
from pathlib import Path

ENGINE_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Flags that keep a headless print offline, quiet and independent of any profile.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--no-pdf-header-footer", "--hide-scrollbars",
)
PAPER = {"a4": "A4", "letter": "letter", "auto": "auto"}
_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)")


class PdfError(Exception):
    """Chromium did not produce a PDF; the message says why."""


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
    differently, so its prints must not be reused. Read once per process (~0.2 s)."""
    try:
        done = subprocess.run([engine, "--version"], capture_output=True, timeout=30,
                              start_new_session=True, check=False)
        said = done.stdout.strip() + b" exit " + str(done.returncode).encode()
    except (OSError, subprocess.TimeoutExpired) as exc:
        said = f"unknown ({type(exc).__name__})".encode()
    return engine.encode() + b"\0" + said


def print_key(html: bytes, *, engine: str, paper: str, epoch: int) -> bytes:
    """Everything a print depends on, hashed: the markup, the paper, the engine, its flags
    and the dates stamped in."""
    h = hashlib.sha256()
    for part in (html, paper.encode(), engine_identity(engine), "\0".join(FLAGS).encode(),
                 str(epoch).encode()):
        h.update(len(part).to_bytes(8, "little") + part)
    return h.digest()


def with_paper(html: str, paper: str) -> str:
    """The sheet with its page box fixed to ``paper``: the file itself says ``size: auto``
    so that a reader's own printer paper wins, but a PDF needs one size."""
    size = PAPER[paper]
    rule = f"<style>@page {{ size: {size}; }}</style>\n"
    cut = html.find("</head>")
    return html[:cut] + rule + html[cut:] if cut >= 0 else rule + html


def stamp_dates(pdf: bytes, epoch: int) -> bytes:
    """Replace Chromium's print time by ``epoch`` (UTC) without moving any byte."""
    when = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode()

    def fix(m: re.Match[bytes]) -> bytes:
        tail = m[3]
        zone = b"+00'00'" if len(tail) == 7 else tail  # keep the length whatever the zone
        return b"/" + m[1] + b" (D:" + when + zone + b")"

    return _DATE.sub(fix, pdf)


def print_pdf(engine: str, html: str, *, paper: str, timeout: float, epoch: int) -> bytes:
    """Print one sheet; returns the PDF. Raises PdfError."""
    with tempfile.TemporaryDirectory(prefix="study-builder-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "sheet.html"
        source.write_text(with_paper(html, paper), encoding="utf-8")
        # Chromium writes into our private folder, never into the output directly: a
        # Chromium left running by a killed build cannot drop a file into dist/.
        printed = folder / "sheet.pdf"
        cmd = [engine, *FLAGS, f"--user-data-dir={folder / 'profile'}",
               f"--print-to-pdf={printed}", source.as_uri()]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # Its own session: the renderer and GPU helpers go with the browser.
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise PdfError(f"Chromium took more than {timeout:g} s") from None
        data = printed.read_bytes() if printed.is_file() else b""
        if proc.returncode != 0 or not data.startswith(b"%PDF"):
            last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise PdfError(f"Chromium exited with {proc.returncode} and no PDF ({last[0]})")
    return stamp_dates(data, epoch)


def page_count(pdf: bytes) -> int:
    """Pages in a PDF Chromium wrote (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
