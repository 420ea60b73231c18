"""The answer kinds (true or false, numeric, short answer, fill in the blanks, matching):
every place that teaches the format shows each, and each reads back as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.model import ITEM_KINDS, Blank, Cloze, Flashcard, Item, Page, Span
from builder.pipeline import check
from builder.reader import read_page
from builder.render.rendered import render_page
from builder.resources import templates
from builder.scaffold import scaffold
from builder.source_text import format_page

from .conftest import FIXTURES, ROOT

ANSWER_KINDS = ("truefalse", "numeric", "short", "cloze", "matching")
HEADER = "Title: Kinds\nSubject: PyTorch\nField: ml\nRecall & Review\n"


def _read(text: str, tmp_path: Path) -> tuple[list[str], list[str]]:
    page = tmp_path / "kinds.txt"
    page.write_text(text, encoding="utf-8")
    checked = check([page])
    kinds: list[str] = [i.kind for p in checked.tree.pages for i in p.items]
    return kinds, [d.text() for d in checked.diagnostics]


def test_the_cheat_sheet_shows_every_answer_kind(tmp_path: Path) -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    sheet = text.split("## The format on one screen", 1)[1].split("```text", 1)[1]
    sheet = sheet.split("```", 1)[0]
    # The sheet's right-hand column explains each line; the page is the left one.
    lines = [re.split(r"\s+←|\s{3,}", line)[0].rstrip() for line in sheet.splitlines()]
    kinds, problems = _read("\n".join(lines) + "\n", tmp_path)
    assert not [p for p in problems if "error[" in p]  # its choice question is lint bait
    assert set(ANSWER_KINDS) <= set(kinds)


def test_the_scaffold_shows_every_kind(tmp_path: Path) -> None:
    made = scaffold("Every kind", tmp_path, templates(), subject="PyTorch", field="ml")
    kinds, problems = _read(made.path.read_text(encoding="utf-8"), tmp_path)
    assert not problems
    assert sorted(set(kinds)) == sorted(ITEM_KINDS)


def _doc_examples() -> list[tuple[str, str]]:
    text = (ROOT / "docs" / "source-format.md").read_text(encoding="utf-8")
    section = text.split("## Answer kinds", 1)[1].split("\n## ", 1)[0]
    found = []
    for part in section.split("\n### ")[1:]:
        heading, body = part.split("\n", 1)
        found += [(heading, block) for block in re.findall(r"```text\n(.*?)```", body, re.S)]
    return found


@pytest.mark.parametrize("heading, example", _doc_examples(), ids=lambda v: v[:20])
def test_each_worked_example_reads_without_a_problem(heading: str, example: str,
                                                     tmp_path: Path) -> None:
    kinds, problems = _read(HEADER + example, tmp_path)
    assert not problems
    expected = {"True or false": "truefalse", "Numeric answers": "numeric",
                "Short answers": "short", "Fill in the blanks": "cloze",
                "Matching": "matching"}[heading]
    assert kinds and set(kinds) == {expected}


def test_every_answer_kind_has_a_worked_example() -> None:
    assert len({heading for heading, _ in _doc_examples()}) == len(ANSWER_KINDS)


def _items(page: Page) -> list[dict[str, object]]:
    def strip(item: Item) -> dict[str, object]:
        dumped = item.model_dump(exclude={"span", "id_span", "key_span", "id_explicit"})
        for part in ("blanks", "pairs"):
            for entry in dumped.get(part, ()):
                entry.pop("span")
        return dumped
    return [strip(i) for i in page.items]


def test_written_back_they_read_as_the_same_items() -> None:
    """`import` and `new` write pages through the source formatter."""
    source = FIXTURES / "reader" / "answer-kinds.txt"
    page, diags = read_page(source.read_bytes(), "answer-kinds.txt")
    assert page is not None and not diags
    assert set(ANSWER_KINDS) <= {i.kind for i in page.items}
    again, diags = read_page(format_page(page, todos=False).encode(), "answer-kinds.txt")
    assert again is not None and not diags, [d.text() for d in diags]
    assert _items(again) == _items(page)


@pytest.mark.parametrize("key", ["Number: 4", "Accept: four", "Case: sensitive",
                                 "Distractors: a; b"])
def test_their_key_lines_stay_text_in_a_flashcard_answer(key: str, tmp_path: Path) -> None:
    kinds, problems = _read(HEADER + f"beginner\nWhat is it?\nIt is so.\n{key}\n"
                            "Click to reveal answer\n", tmp_path)
    assert kinds == ["flashcard"] and not problems
    (item,) = check([tmp_path / "kinds.txt"]).tree.pages[0].items
    assert isinstance(item, Flashcard) and key in item.answer


@pytest.mark.parametrize("pieces", [("```", " x\ny\n```"), ("See [the docs](https://", ")."),
                                    ("**Rank** is ", " and `", "` in code.")])
def test_a_cloze_passage_always_keeps_a_piece_per_blank(pieces: tuple[str, ...]) -> None:
    """Even where Markdown would swallow a blank (a fence's info string, a link's
    address), the render stage gives writers one more piece than blanks."""
    span = Span(file="p.txt", start=1, end=1)
    blanks = tuple(Blank(answer=f"a{n}", span=span) for n in range(len(pieces) - 1))
    item = Cloze(id="c", id_explicit=True, span=span, text=pieces, blanks=blanks)
    page = Page(path="p.txt", slug="p", items=(item,), span=span)
    assert len(render_page(page).cloze(item)) == len(pieces)
