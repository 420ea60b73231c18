"""Importing our packages with Anki itself (the `anki` package from PyPI)."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.notes import NoteId

from builder.build import BuildResult

from .conftest import SAMPLE, run_build

STOCK_NOTE_TYPES = {"Basic", "Basic (and reversed card)", "Basic (optional reversed card)",
                    "Basic (type in the answer)", "Cloze", "Image Occlusion"}


@dataclass(frozen=True)
class ImportCounts:
    new: int
    updated: int
    duplicate: int
    conflicting: int
    first_field_match: int
    missing_notetype: int
    updated_guids: frozenset[str]


@contextmanager
def collection() -> Iterator[Collection]:
    folder = Path(tempfile.mkdtemp(prefix="anki-col-"))
    col = Collection(str(folder / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()
        shutil.rmtree(folder, ignore_errors=True)


def import_package(col: Collection, package: Path) -> ImportCounts:
    request = ImportAnkiPackageRequest(package_path=str(package),
                                       options=ImportAnkiPackageOptions())
    log = col.import_anki_package(request).log
    guids = frozenset(col.get_note(NoteId(n.id.nid)).guid for n in log.updated)
    return ImportCounts(len(log.new), len(log.updated), len(log.duplicate),
                        len(log.conflicting), len(log.first_field_match),
                        len(log.missing_notetype), guids)


def our_note_types(col: Collection) -> list[str]:
    return sorted(n.name for n in col.models.all_names_and_ids()
                  if n.name not in STOCK_NOTE_TYPES)


def visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def copy_sample(tmp: Path) -> Path:
    src = tmp / "src"
    shutil.copytree(SAMPLE, src)
    return src


def build_anki(src: Path, out: Path) -> BuildResult:
    result = run_build(src, out, formats=["anki"], keep_going=True)
    assert result.ok, [d.text() for d in result.diagnostics]
    return result


def card_problems(col: Collection) -> list[str]:
    """Every card whose sides Anki cannot render, or whose front shows nothing."""
    problems = []
    for cid in col.find_cards(""):
        out = col.get_card(cid).render_output(reload=True)
        sides = (out.question_text, out.answer_text)
        broken = [s for s in sides if "template has a problem" in s.lower() or "{{" in s]
        if broken:
            problems.append(f"card {cid}: {visible_text(broken[0])[:200]}")
        elif not all(visible_text(s) for s in sides):
            problems.append(f"card {cid}: a side shows nothing")
    return problems
