"""``pin``: write each item's derived id into its page as an ``Id:`` line.

A derived id hashes the question text, so rewording a question would give its Anki
note a new identity (and lose its review history). Pinning makes the id explicit.
Only the new lines are added: the rest of the file keeps its bytes (BOM, line ends,
final newline or none), and a page whose items all have ids is not written at all.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from builder.diagnostics import Diagnostic, Severity
from builder.reader import find_pages
from builder.reader import read_file as read_page_file

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_BOM = b"\xef\xbb\xbf"


@dataclass
class PinResult:
    pinned: dict[Path, list[str]] = field(default_factory=dict)  # page -> ids written
    refused: list[Diagnostic] = field(default_factory=list)  # pages left alone, and why


def pin(paths: list[Path], source_root: Path) -> PinResult:
    """Pin the items of every page under ``paths``.

    Ids derive from the page's path under ``source_root``, so a page outside it is
    read relative to the folder given (or its own folder).
    """
    result = PinResult()
    root = source_root.resolve()
    for given in paths:
        for page in find_pages(given):
            base = root if page.resolve().is_relative_to(root) else (
                given if given.is_dir() else page.parent)
            _pin_page(page, base, result)
    return result


def _pin_page(path: Path, base: Path, result: PinResult) -> None:
    page, diags = read_page_file(path.resolve(), base.resolve())
    errors = [d for d in diags if d.severity is Severity.ERROR]
    if errors or page is None:
        # Spans of a page the reader could not place are not safe to write at.
        result.refused.extend(errors or diags)
        return
    inserts = {item.span.end: item.id for item in page.items if not item.id_explicit}
    if not inserts:
        return
    data = path.read_bytes()
    path.write_bytes(insert_ids(data, inserts))
    result.pinned[path] = [inserts[k] for k in sorted(inserts)]


def insert_ids(data: bytes, after: dict[int, str]) -> bytes:
    """``data`` with ``Id: <id>`` after each line number in ``after`` (1-based)."""
    bom = data.startswith(_BOM)
    text = data[len(_BOM):].decode("utf-8") if bom else data.decode("utf-8")
    lines = [m for m in _LINE.findall(text)]
    if lines and lines[-1] == "":
        lines.pop()
    eol = _dominant_eol(lines)
    out: list[str] = []
    for no, line in enumerate(lines, start=1):
        if no not in after:
            out.append(line)
            continue
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        if ending:
            out += [line, f"Id: {after[no]}{ending}"]
        else:  # the file's last line, with no final newline: keep it that way
            out += [body + eol, f"Id: {after[no]}"]
    new = "".join(out).encode("utf-8")
    return _BOM + new if bom else new


def _dominant_eol(lines: list[str]) -> str:
    counts = {e: sum(1 for ln in lines if ln.endswith(e) and not (e == "\n" and
                                                                 ln.endswith("\r\n")))
              for e in ("\r\n", "\r", "\n")}
    best = max(counts.values())
    if not best:
        return os.linesep if os.linesep in ("\r\n", "\n") else "\n"
    return next(e for e in ("\n", "\r\n", "\r") if counts[e] == best)
