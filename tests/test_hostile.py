"""Hostile pages (tests/fixtures/hostile) and oversized input: the reader answers with
diagnostics, quickly, and reads nothing outside the source tree."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from builder.pipeline import check

from .conftest import FIXTURES

HOSTILE = sorted((FIXTURES / "hostile").glob("*.txt"))


@pytest.mark.parametrize("page", HOSTILE, ids=lambda p: p.stem)
def test_hostile_page_reads_without_errors(page: Path) -> None:
    result = check([page])
    assert result.errors == [], [d.text() for d in result.errors]
    assert result.tree.pages and result.tree.pages[0].items


def test_markup_stays_source_text() -> None:
    (page,) = check([FIXTURES / "hostile" / "markup.txt"]).tree.pages
    assert page.title is not None and page.title.startswith("<script>")
    assert "<script>" in page.items[0].question  # type: ignore[union-attr]


def test_control_bytes_are_removed_and_reported() -> None:
    result = check([FIXTURES / "hostile" / "controls.txt"])
    lines = sorted({d.line for d in result.diagnostics if d.code == "control-character"})
    assert lines == [1, 2, 5, 6]
    dumped = result.tree.model_dump_json()
    assert "\\u0000" not in dumped and "\\u001b" not in dumped and "\\u0007" not in dumped


def test_ten_megabyte_lines(tmp_path: Path) -> None:
    line = "word " * 2_000_000
    page = tmp_path / "huge.txt"
    page.write_text(f"Title: {'t - ' * 100_000}Huge\nSubject: Size\nRecall & Review\n"
                    f"beginner\n{line}?\n{line}x.\nClick to reveal answer\n"
                    f"Which is long?\nA{'a ' * 50_000}\nB{'b ' * 50_000}\n"
                    f"Answer: {' ' * 100_000}A\nExplanation: {line}\n", encoding="utf-8")
    started = time.monotonic()
    result = check([page])
    assert time.monotonic() - started < 60
    # Read whole all the same, and said once each: the page's size, and every long line.
    assert [(d.line, d.code) for d in result.errors] == [(1, "page-too-large")]
    assert [d.line for d in result.diagnostics if d.code == "long-line"] == [1, 5, 6, 9, 10, 11,
                                                                              12]
    card, choice = result.tree.pages[0].items
    assert len(card.question) > 10_000_000  # type: ignore[union-attr]
    assert choice.correct_letters == ["A"]  # type: ignore[union-attr]


def test_links_out_of_the_tree_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Recall & Review\nbeginner\nSecret?\nYes.\nClick to reveal answer\n",
                      encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "own.txt").write_text("Title: Own\nSubject: S\nRecall & Review\nbeginner\n"
                                 "Mine?\nYes, mine.\nClick to reveal answer\n",
                                 encoding="utf-8")
    os.symlink(secret, src / "link.txt")
    result = check([src])
    assert [p.path for p in result.tree.pages] == ["own.txt"]
    assert [d.code for d in result.diagnostics] == ["outside-source"]
