"""`check` is the build's read phase: the same findings, the same cache, the same workers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from benchmarks.generate import ITEMS_PER_PAGE, write_tree
from builder.build import PARALLEL_FROM, check
from builder.diagnostics import Diagnostic
from builder.pipeline import check as check_tree

from .conftest import FIXTURES, NO_PDF, SAMPLE, TEMPLATES, run_build


def _texts(diags: Sequence[Diagnostic]) -> list[str]:
    return sorted(d.text() for d in diags)


@pytest.mark.parametrize("tree", [SAMPLE, FIXTURES / "hostile"], ids=["sample", "hostile"])
def test_check_finds_what_the_tree_reader_finds(tree: Path, tmp_path: Path) -> None:
    checked = check([tree], TEMPLATES, cache=tmp_path / "cache")
    alone = check_tree([tree])
    assert _texts(checked.diagnostics) == _texts(alone.diagnostics)
    assert checked.pages == len(alone.tree.pages)
    assert checked.items == sum(len(p.items) for p in alone.tree.pages)


def test_check_reads_only_what_changed_and_shares_the_build_cache(tmp_path: Path) -> None:
    write_tree(3 * ITEMS_PER_PAGE, tmp_path / "t")
    source, cache = tmp_path / "t" / "source", tmp_path / "cache"
    first = check([source], TEMPLATES, cache=cache)
    assert first.work["read"] == 3
    again = check([source], TEMPLATES, cache=cache)
    assert again.work.get("read", 0) == 0 and again.diagnostics == first.diagnostics
    page = sorted(source.rglob("*.txt"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nStray line\n", encoding="utf-8")
    edited = check([source], TEMPLATES, cache=cache)
    assert edited.work["read"] == 1 and edited.errors
    # A build after it reads nothing more: the facts are the check's.
    built = run_build(source, tmp_path / "dist", cache=cache, keep_going=True, options=NO_PDF)
    assert built.work.get("read", 0) == 0


def test_check_with_workers_finds_the_same(tmp_path: Path) -> None:
    write_tree(PARALLEL_FROM * ITEMS_PER_PAGE, tmp_path / "t")
    source = tmp_path / "t" / "source"
    alone = check([source], TEMPLATES, jobs=1)
    workers = check([source], TEMPLATES, jobs=2)
    assert alone.work["read"] == workers.work["read"] == PARALLEL_FROM
    assert _texts(alone.diagnostics) == _texts(workers.diagnostics)
