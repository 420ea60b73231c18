"""Notes: information that needs no action. Never a warning, never promoted by
--strict, counted apart in the summary and the manifest, `::notice` on GitHub."""

from __future__ import annotations

import json
from pathlib import Path

from builder.build import BuildResult
from builder.diagnostics import (
    Severity,
    apply_strict,
    codes,
    note,
    render,
    summary,
    warning,
)
from builder.model import Span

SPAN = Span(file="page.txt", start=3, end=3)
N, W = codes.QTI12_HINT, codes.SKIPPED  # a note and a warning
NOTHING_TO_DO = {"qti12-essay", "qti21-essay", "qti12-hint"}


def test_a_note_is_printed_as_a_note_everywhere() -> None:
    d = note(codes.QTI12_HINT, SPAN, "hints are folded", "see docs/outputs/qti.md")
    assert d.text() == "page.txt:3: note[qti12-hint]: hints are folded — see docs/outputs/qti.md"
    assert d.github().startswith("::notice file=page.txt,line=3,endLine=3,title=qti12-hint::")
    assert json.loads(render([d], "json"))[0]["severity"] == "note"


def test_strict_promotes_warnings_but_never_notes() -> None:
    found = apply_strict([note(N, SPAN, "m"), warning(W, SPAN, "m")], strict=True)
    assert [d.severity for d in found] == [Severity.NOTE, Severity.ERROR]


def test_the_summary_counts_notes_apart() -> None:
    diags = [note(N, SPAN, "m"), note(N, SPAN, "m"), warning(W, SPAN, "m")]
    assert summary(diags) == "0 errors, 1 warning, 2 notes"
    assert summary(diags[2:]) == "0 errors, 1 warning"


def test_what_a_format_cannot_carry_is_a_note(sample_build: tuple[Path, BuildResult]) -> None:
    out, result = sample_build
    by_code = {d.code: d.severity for d in result.diagnostics}
    assert set(by_code) >= NOTHING_TO_DO
    assert all(by_code[code] is Severity.NOTE for code in NOTHING_TO_DO)
    # Every warning left asks for something to be done.
    assert not [d.text() for d in result.diagnostics if d.severity is Severity.WARNING
                and "nothing to fix" in d.fix]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["notes"] == sum(d.severity is Severity.NOTE for d in result.diagnostics)
    assert manifest["warnings"] == sum(d.severity is Severity.WARNING
                                       for d in result.diagnostics)
