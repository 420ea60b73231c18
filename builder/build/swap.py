"""The swap phase: the staging folder replaces the output in one step, and only then
are the files beside the source (the Anki lock) written, so a build that fails or is
killed before leaves them as they were."""

from __future__ import annotations

import json
from pathlib import Path

from builder.diagnostics import Diagnostic, codes, warning
from builder.model import Span
from builder.output import swap_into_place, write_atomic

DIST_GITIGNORE = (
    "# Build output: everything here is written by `python -m builder build`.\n*\n!.gitignore\n"
)


def finish_staging(tmp: Path, manifest: dict[str, object]) -> None:
    (tmp / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp / ".gitignore").write_text(DIST_GITIGNORE, encoding="utf-8")


def swap_in(tmp: Path, out: Path, beside: dict[str, bytes]) -> list[Diagnostic]:
    swap_into_place(tmp, out)
    return write_beside(beside)


def write_beside(files: dict[str, bytes]) -> list[Diagnostic]:
    problems = []
    for path, data in sorted(files.items()):
        try:
            write_atomic(Path(path), data)
        except OSError as exc:
            problems.append(warning(
                codes.LOCK_WRITE, Span(file=path, start=1, end=1),
                f"cannot write this file: {exc.strerror or exc}",
                "make the folder beside the source writable; until then edited notes may "
                "not update in Anki"))
    return problems
