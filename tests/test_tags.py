"""Tags written the same way in every format (issue 13, finding 2): one rule
(builder.tags), applied when the page is read and reported at the tag's line; Anki,
GIFT (read back by gift-pegjs) and model.json then hold the same tags."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from builder.model import TAG_MAX_LENGTH, Tag
from builder.pipeline import check
from builder.reader import read_page
from builder.tags import author_tags, clean_tag

from .conftest import FIXTURES, NO_PDF, run_build

TAGS = FIXTURES / "consumers" / "tags"
OURS = ("kind::", "page::", "subject::", "difficulty::", "category::")


@pytest.mark.parametrize(("raw", "written"), [
    ("pytorch::ddp", "pytorch::ddp"),
    ("c++", "c++"),
    ("50%", "50%"),
    ("{braces}", "{braces}"),
    ("<generic>", "generic"),
    ("`code`", "code"),
    ("[v2]", "v2"),
    ("back\\slash", "backslash"),
    ("lead::", "lead"),
    ("::tail", "tail"),
    ("a::::b", "a::b"),
    ("::", ""),
    ("<>", ""),
    ("cafe\u0301", "café"),  # NFC
    ("x" * 60, "x" * TAG_MAX_LENGTH),
    ("a" * 49 + "::b", "a" * 49),  # cut inside `::`: no empty level is left
])
def test_clean_tag(raw: str, written: str) -> None:
    clean = clean_tag(raw)
    assert clean.tag == written
    # Unicode normalisation changes nothing the author sees, so it is not reported.
    assert bool(clean.why) == (unicodedata.normalize("NFC", raw) != written)


@given(st.text(min_size=1, max_size=80).filter(lambda t: not t.isspace()))
def test_a_clean_tag_is_a_model_tag_and_stays_as_it_is(raw: str) -> None:
    tag = clean_tag(raw).tag
    if tag:
        TypeAdapter(Tag).validate_python(tag)
        assert clean_tag(tag) == (tag, ())


def test_reader_reports_each_changed_tag_at_its_line() -> None:
    text = ("Title: T\nSubject: S\nTags: fine <bad>\nRecall & Review\nbeginner\n"
            "What does a tag group?\nCards about one topic.\nClick to reveal answer\n"
            "Tags: ok\nTags: " + "y" * 55 + "\n")
    page, diags = read_page(text.encode(), "p.txt", "p")
    assert page is not None
    assert [(d.code, d.line) for d in diags] == [("tag-changed", 3), ("tag-changed", 10)]
    assert "'<bad>' is written 'bad'" in diags[0].message
    assert page.tags == ("fine", "bad")
    assert page.items[0].tags == ("ok", "y" * TAG_MAX_LENGTH)


def test_tags_that_differ_in_case_are_one_tag() -> None:
    text = ("Title: T\nSubject: S\nTags: DDP nccl\nRecall & Review\nbeginner\n"
            "What does a tag group?\nCards about one topic.\nClick to reveal answer\n"
            "Tags: ddp NCCL extra\n")
    page, _ = read_page(text.encode(), "p.txt", "p")
    assert page is not None
    assert author_tags(page, page.items[0]) == ("DDP", "nccl", "extra")


@pytest.mark.consumer
def test_every_format_writes_the_same_tags(tmp_path: Path) -> None:
    from tests.anki_helpers import collection, import_package
    from tests.gift_parser import parse_many

    checked = check([TAGS])
    assert {d.code for d in checked.diagnostics} == {"tag-changed"}
    out = tmp_path / "dist"
    result = run_build(TAGS, out, keep_going=True, options=NO_PDF)
    assert result.ok
    model = json.loads((out / "model.json").read_text(encoding="utf-8"))
    [page] = model["pages"]
    wanted = {item["id"]: [*page["tags"], *item["tags"]] for item in page["items"]}
    assert "a-tag-name-that-goes-on-and-on-well-past-the-fifty" in wanted[
        page["items"][1]["id"]]

    [gift] = parse_many([(out / "gift" / "all.gift.txt").read_text(encoding="utf-8")])
    for question in gift["questions"]:
        if question["type"] == "Category":
            continue
        item = next(i for i in page["items"] if i["id"] == question["id"])
        extra = [item["difficulty"]] if item.get("difficulty") else []
        assert question["tags"] == wanted[item["id"]] + extra

    with collection() as col:
        import_package(col, out / "anki" / "all.apkg")
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            ident = note["Id"]
            assert sorted(t for t in note.tags if not t.startswith(OURS)) == sorted(
                wanted[ident])
