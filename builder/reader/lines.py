"""Turn a page's bytes into numbered lines, tolerating what editors and pastes add."""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.diagnostics import Diagnostic, codes, error, warning
from builder.model import Span

_NEWLINE = re.compile(r"\r\n|\r|\n")
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Line:
    no: int
    raw: str  # right-stripped, indentation kept (code needs it)

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


def decode(data: bytes, path: str) -> tuple[list[Line] | None, list[Diagnostic]]:
    """Lines of ``data``, or ``None`` with the reason when it is not a text page."""
    whole = Span(file=path, start=1, end=1)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [error(codes.NOT_UTF8, whole, "file is UTF-16 encoded",
                            "save it as UTF-8 (without BOM) and build again")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in data[:8192]:
            return None, [_binary(whole)]
        line = data.count(b"\n", 0, exc.start) + 1
        span = Span(file=path, start=line, end=line)
        return None, [error(codes.NOT_UTF8, span,
                            f"byte 0x{data[exc.start]:02x} is not valid UTF-8",
                            "re-save the file as UTF-8 in your editor")]
    text = text.removeprefix(_BOM)
    controls = _CONTROL.findall(text)
    # Measured without line ends, so CRLF and LF copies of a page are judged alike.
    if len(controls) * 10 > len(text) - text.count("\n") - text.count("\r"):
        return None, [_binary(whole)]
    diags: list[Diagnostic] = []
    if controls:
        text, diags = _strip_controls(text, path)
    if not text.strip():
        return None, [error(codes.EMPTY_FILE, whole, "page is empty",
                            "add content or delete the file")]
    parts = _NEWLINE.split(text)
    if parts and parts[-1] == "":
        parts.pop()  # a final newline ends the last line; it does not start another
    lines = [Line(no, _clean(raw)) for no, raw in enumerate(parts, start=1)]
    return lines, diags


# C0 controls but tab, LF and CR; DEL; the noncharacters XML forbids.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_REPORTED = 5


def _binary(span: Span) -> Diagnostic:
    return error(codes.BINARY_FILE, span, "file looks binary (it is full of control bytes)",
                 "only plain-text pages belong in the source tree; move it out")


def _strip_controls(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """Drop invisible control characters (no output format can carry them), saying where."""
    diags: list[Diagnostic] = []
    for no, line in enumerate(_NEWLINE.split(text), start=1):
        found = _CONTROL.search(line)
        if found is None:
            continue
        if len(diags) == _REPORTED:
            diags.append(warning(codes.CONTROL_CHARACTER, Span(file=path, start=no, end=no),
                                 "more lines have control characters; not listed",
                                 "search the file for control characters"))
            break
        diags.append(warning(
            codes.CONTROL_CHARACTER, Span(file=path, start=no, end=no),
            f"invisible control character U+{ord(found[0]):04X} removed from this line",
            "delete it in your editor (it usually comes from a copy and paste)"))
    return _CONTROL.sub("", text), diags


def _clean(raw: str) -> str:
    # NBSP and other odd spaces come in with pastes from web pages.
    raw = raw.replace("\u00a0", " ").replace("\u200b", "")
    return raw.expandtabs(4).rstrip()


def dedent(raw: list[str]) -> str:
    """Join lines, removing the indentation they share (pages indent whole blocks)."""
    indents = [len(r) - len(r.lstrip(" ")) for r in raw if r.strip()]
    cut = min(indents, default=0)
    return "\n".join(r[cut:] for r in raw)
