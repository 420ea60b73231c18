"""Problems found in the source, reported as ``path:line: severity[code]: message — fix``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from types import MappingProxyType

from builder.model import Span

from . import codes
from .codes import Code, Severity

__all__ = ["Code", "Diagnostic", "Severity", "apply_strict", "codes", "count", "error", "note",
           "render", "render_pretty", "sort_key", "summary", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: Severity
    code: str
    message: str
    fix: str
    file: str
    line: int = 0
    end_line: int = 0

    @classmethod
    def at(
        cls, severity: Severity, code: str, span: Span | None, message: str, fix: str
    ) -> Diagnostic:
        if span is None:
            return cls(severity, code, message, fix, "", 0, 0)
        return cls(severity, code, message, fix, span.file, span.start, span.end)

    def has(self, code: Code) -> bool:
        return self.code == code.code

    @property
    def location(self) -> str:
        if not self.file:
            return "<build>"
        return f"{self.file}:{self.line}" if self.line else self.file

    def text(self) -> str:
        tail = f" — {self.fix}" if self.fix else ""
        return f"{self.location}: {self.severity.value}[{self.code}]: {self.message}{tail}"

    def github(self) -> str:
        # GitHub Actions workflow command; data must have %, CR and LF encoded.
        def esc(s: str, prop: bool = False) -> str:
            s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return s.replace(":", "%3A").replace(",", "%2C") if prop else s

        kind = _GITHUB_KIND[self.severity]
        props = [f"title={esc(self.code, True)}"]
        if self.file:
            props.insert(0, f"file={esc(self.file, True)}")
            if self.line:
                props.insert(1, f"line={self.line}")
                props.insert(2, f"endLine={max(self.line, self.end_line)}")
        body = self.message + (f" — {self.fix}" if self.fix else "")
        return f"::{kind} {','.join(props)}::{esc(body)}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "end_line": self.end_line,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "fix": self.fix,
        }

    def promoted(self) -> Diagnostic:
        """Under ``--strict`` a warning becomes an error; a note stays a note."""
        if self.severity is not Severity.WARNING:
            return self
        return replace(self, severity=Severity.ERROR)


def error(code: Code, span: Span | None, message: str, fix: str = "") -> Diagnostic:
    return Diagnostic.at(Severity.ERROR, code.code, span, message, fix)


def warning(code: Code, span: Span | None, message: str, fix: str = "") -> Diagnostic:
    return Diagnostic.at(Severity.WARNING, code.code, span, message, fix)


def note(code: Code, span: Span | None, message: str, fix: str = "") -> Diagnostic:
    """Information that needs no action (what a format cannot carry, and how it is
    carried instead): never a warning, so that a warning always means something."""
    return Diagnostic.at(Severity.NOTE, code.code, span, message, fix)


def sort_key(d: Diagnostic) -> tuple[str, int, str]:
    return (d.file, d.line, d.code)


def apply_strict(diags: Iterable[Diagnostic], strict: bool) -> list[Diagnostic]:
    return [d.promoted() if strict else d for d in diags]


def count(diags: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(d.severity is severity for d in diags)


def summary(diags: list[Diagnostic]) -> str:
    """``N errors, M warnings, K notes`` (notes only when there are some)."""
    parts = [(count(diags, Severity.ERROR), "error"), (count(diags, Severity.WARNING), "warning")]
    notes = count(diags, Severity.NOTE)
    if notes:
        parts.append((notes, "note"))
    return ", ".join(f"{n} {word}{'s' * (n != 1)}" for n, word in parts)


def render(diags: list[Diagnostic], fmt: str) -> str:
    ordered = sorted(diags, key=sort_key)
    if fmt == "json":
        return json.dumps([d.as_dict() for d in ordered], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(d.github() for d in ordered)
    return "\n".join(d.text() for d in ordered)


_COLOURS = MappingProxyType({Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m",
                             Severity.NOTE: "\x1b[1;36m"})
_GITHUB_KIND = MappingProxyType({Severity.ERROR: "error", Severity.WARNING: "warning",
                                 Severity.NOTE: "notice"})
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def render_pretty(diags: list[Diagnostic], source: dict[str, list[str]], *,
                  colour: bool) -> str:
    """Compiler-style text: the message, then the source line with a caret under it.

    ``source`` maps a diagnostic's file to its lines (files not in it get no excerpt).
    """
    out: list[str] = []
    for d in sorted(diags, key=sort_key):
        if not colour:
            out.append(d.text())
        else:
            tail = f" {_DIM}— {d.fix}{_RESET}" if d.fix else ""
            out.append(f"{_BOLD}{d.location}:{_RESET} {_COLOURS[d.severity]}"
                       f"{d.severity.value}[{d.code}]{_RESET}: {d.message}{tail}")
        lines = source.get(d.file)
        if lines and 0 < d.line <= len(lines):
            # Control bytes from the page must not reach the terminal (ESC sequences).
            text = _UNPRINTABLE.sub("\ufffd", lines[d.line - 1].expandtabs(4).rstrip())
            if text.strip():
                indent = len(text) - len(text.lstrip())
                gutter = f"{d.line:>5} | "
                caret = " " * (len(gutter) - 2) + "| " + " " * indent + "^" * len(text.strip())
                if colour:
                    caret = caret[: len(gutter)] + _COLOURS[d.severity] + caret[len(gutter):] \
                        + _RESET
                out.append(gutter + text)
                out.append(caret)
    return "\n".join(out)
