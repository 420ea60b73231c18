"""Deck levels as Moodle category paths (issue 13, finding 3): what Moodle's import
cannot store as written is reported at the header line that made the level, and every
other level (the fixture tests/fixtures/consumers/category-paths/) is written so that
Moodle's path splitting gives it back."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.model import Tree
from builder.moodle import category_levels, level_change
from builder.pipeline import check
from builder.writers.gift.categories import category_path
from tests.gift_parser import moodle_category

from .conftest import FIXTURES

CATEGORIES = FIXTURES / "consumers" / "category-paths"


@pytest.mark.parametrize(("levels", "changed"), [
    (["top", "A"], [0]),
    (["A", "top", "B"], [1]),
    (["A", "top"], [1]),
    (["$course$", "A"], [0]),
    (["$cat$"], [0]),
    (["A", "$course$"], []),
    (["<b>bold</b>"], [0]),
    (["a<b"], [0]),
    (["ends with <"], [0]),
    (["a < b", "x > y"], []),
    (["a&&092;b"], [0]),
    (["&&058; &&035; &amp;"], []),
    (["Top", "top ten", "$HOME"], []),
])
def test_level_change(levels: list[str], changed: list[int]) -> None:
    found = [i for i, level in enumerate(levels) if level_change(level, i, len(levels))]
    assert found == changed


def test_a_last_top_level_says_the_path_is_ignored() -> None:
    last = level_change("top", 1, 2)
    middle = level_change("top", 0, 2)
    assert last is not None and middle is not None
    assert "ignores the whole path" in last.why and "ignores" not in middle.why


def _page(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / name).write_text(text + "Recall & Review\nbeginner\nWhere is this card "
                                 f"filed ({name})?\nIn the category its header names.\n"
                                 "Click to reveal answer\n", encoding="utf-8")
    return tmp_path / name


def test_each_unkept_level_is_reported_at_the_line_that_made_it(tmp_path: Path) -> None:
    _page(tmp_path, "deck.txt", "Title: T\nMinutes: 5\nDeck: top::Fine::a&&092;b\n")
    _page(tmp_path, "subject.txt", "Title: <i>Styled</i>\nSubject: $course$\n")
    _page(tmp_path, "pasted.txt", "0\nPyTorchml~20 mins\n\nfoo <bar - Cheat Sheet\n")
    _page(tmp_path, "top.txt", "")  # no header: the file name names the deck
    _page(tmp_path, "allowed.txt", "Title: top\nAllow: gift-category\n")
    found = sorted((d.file.rsplit("/", 1)[-1], d.line, d.message.split("'")[1])
                   for d in check([tmp_path]).diagnostics if d.code == "gift-category")
    assert found == [("deck.txt", 3, "a&&092;b"), ("deck.txt", 3, "top"),
                     ("pasted.txt", 4, "foo <bar"), ("subject.txt", 1, "<i>Styled</i>"),
                     ("subject.txt", 2, "$course$"), ("top.txt", 1, "top")]


def test_the_fixture_levels_are_all_kept_and_split_back() -> None:
    checked = check([CATEGORIES])
    assert not checked.diagnostics, [d.text() for d in checked.diagnostics]
    assert len(checked.tree.pages) >= 9
    for page in checked.tree.pages:
        levels = category_levels(page.deck_name)
        assert levels and not [lv for i, lv in enumerate(levels)
                               if level_change(lv, i, len(levels))]
        # The line as Moodle splits it (its escape pass, then split_category_path).
        assert moodle_category(category_path(page.deck_name)) == levels


@pytest.mark.consumer
@pytest.mark.parametrize("name", ["ids", "tags", "category-paths", "images"])
def test_gift_pegjs_reads_each_consumer_fixture_as_meant(name: str, tmp_path: Path) -> None:
    """An independent GIFT parser gives back every field, name, id, tag and category of
    each issue-13 fixture exactly as the writer means it."""
    from tests.conftest import TEMPLATES, run_build
    from tests.gift_parser import parse_many, round_trip_problems

    out = tmp_path / "dist"
    assert run_build(FIXTURES / "consumers" / name, out, keep_going=True,
                     formats=["gift", "model"]).ok
    tree = Tree.model_validate_json((out / "model.json").read_text(encoding="utf-8"))
    [parsed] = parse_many([(out / "gift" / "all.gift.txt").read_text(encoding="utf-8")])
    assert round_trip_problems(tree, parsed, TEMPLATES) == []
