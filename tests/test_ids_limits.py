"""Every id fits every consumer (issue 13, finding 1): explicit ids over Moodle's 100
characters are refused at their `Id:` line, derived ids are short by construction and
keep their old value whenever it fitted, and every identifier and file name a build
writes stays within its consumer's limit."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped]
from pydantic import ValidationError

from builder.model import (
    ID_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    Flashcard,
    Matching,
    Span,
    identity_text,
)
from builder.pipeline import check
from builder.reader import read_page
from builder.reader.ids import ID_PATTERN, derived_id, normalise_question, slugify
from builder.schema import shipped

from .conftest import FIXTURES, NO_PDF, ROOT, run_build

IDS = FIXTURES / "consumers" / "ids"


def old_derived_id(slug: str, question: str) -> str:
    """The scheme before issue 13, which every id that fits must still follow."""
    digest = hashlib.sha256(f"{slug}\n{normalise_question(question)}".encode()).hexdigest()
    return f"{slug}-{digest[:10]}"


slugs = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,150}[a-z0-9])?", fullmatch=True)


@given(slugs, st.text(min_size=1, max_size=40))
def test_derived_ids_are_short_and_unchanged_when_they_fitted(slug: str, question: str) -> None:
    ident = derived_id(slug, question)
    assert ID_PATTERN.match(ident) and len(ident) <= ID_MAX_LENGTH
    old = old_derived_id(slug, question)
    if len(old) <= ID_MAX_LENGTH:
        assert ident == old
    else:
        assert len(ident) >= ID_MAX_LENGTH - 10 and ident.endswith(old[-11:])
        assert slug.startswith(ident[:-11])


def test_long_slugs_that_share_a_prefix_get_different_ids() -> None:
    shared = "a" * 95
    assert derived_id(shared + "-one", "Same question?") != derived_id(shared + "-two",
                                                                        "Same question?")


def test_source_ids_are_the_keys_of_the_committed_lock() -> None:
    """source/'s notes keep their GUIDs: its ids are exactly the lock's items (a
    matching question's pairs are a note each, `<id>/<hash of the left side>`)."""
    checked = check([ROOT / "source"])
    lock = json.loads((ROOT / "source.lock.json").read_text(encoding="utf-8"))
    keys = Counter(key.partition("/")[0] for key in lock["items"])
    assert set(keys) == {item.id for _, item in checked.tree.items()}
    for _, item in checked.tree.items():
        assert keys[item.id] == (len(item.pairs) if isinstance(item, Matching) else 1)
    for page, item in checked.tree.items():
        if not item.id_explicit:
            assert item.id == old_derived_id(page.slug, identity_text(item))


def test_explicit_id_over_the_limit_is_an_error_at_its_line() -> None:
    long_id = "x" * (ID_MAX_LENGTH + 1)
    text = (f"Title: T\nSubject: S\nRecall & Review\nbeginner\nWhat is a replica?\n"
            f"A copy of the model on one device.\nClick to reveal answer\nId: {long_id}\n")
    page, diags = read_page(text.encode(), "p.txt", "p")
    assert page is not None
    [found] = [d for d in diags if d.code == "id-too-long"]
    assert (found.line, found.severity.value) == (8, "error")
    assert "101 characters" in found.message
    assert len(page.items[0].id) <= ID_MAX_LENGTH and not page.items[0].id_explicit
    fits = text.replace(long_id, "x" * ID_MAX_LENGTH)
    page, diags = read_page(fits.encode(), "p.txt", "p")
    assert page is not None and page.items[0].id == "x" * ID_MAX_LENGTH
    assert not [d for d in diags if d.code == "id-too-long"]


def test_the_model_and_its_schema_refuse_longer_ids() -> None:
    span = Span(file="p.txt", start=1, end=1)
    with pytest.raises(ValidationError):
        Flashcard(id="x" * (ID_MAX_LENGTH + 1), id_explicit=True, span=span, difficulty=None,
                  question="q", answer="a")
    assert f'"maxLength": {ID_MAX_LENGTH}' in json.dumps(shipped())


def test_long_page_paths_give_short_slugs() -> None:
    path = "/".join(["a-folder-with-a-rather-long-name"] * 10)
    slug = slugify(path)
    assert len(slug) == SLUG_MAX_LENGTH and re.fullmatch(r"[a-z0-9][a-z0-9-]*[0-9a-f]{10}", slug)
    assert slugify(path + "-other") != slug
    assert slugify("short/page") == "short-page"


def test_every_identifier_of_a_long_path_build_fits(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    result = run_build(IDS, out, options=NO_PDF)
    assert result.ok
    assert not [d.text() for d in result.diagnostics if d.file]  # nothing about the source
    model = json.loads((out / "model.json").read_text(encoding="utf-8"))
    items = [i for p in model["pages"] for i in p["items"]]
    assert len(items) == 4 and max(len(i["id"]) for i in items) == ID_MAX_LENGTH
    # Moodle: [id:] and ::name:: of every question.
    gift = (out / "gift" / "all.gift.txt").read_text(encoding="utf-8")
    assert sorted(re.findall(r"\[id:([^\]]+)\]", gift)) == sorted(i["id"] for i in items)
    # Every file name, and every member of every package, under 255 bytes a component.
    names = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    for package in out.rglob("*.zip"):
        with zipfile.ZipFile(package) as zf:
            names += zf.namelist()
            # Canvas's migration_id (QTI 1.2 ident) and QTI 2.1 identifiers: 255 at most.
            for member in zf.namelist():
                if member.endswith(".xml"):
                    root = etree.fromstring(zf.read(member))
                    for el in root.iter():
                        for attr in ("ident", "identifier"):
                            if el.get(attr) is not None:
                                assert len(el.get(attr)) <= 255, (member, el.get(attr))
    assert max(len(part.encode()) for n in names for part in n.split("/")) <= 255
