"""Anki packages, proved by importing them with Anki itself into fresh collections."""

from __future__ import annotations

import base64
import json
import shutil
import zipfile
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]
import pytest

from builder.build import BuildResult, build
from builder.pipeline import check
from builder.writers.anki.note_types import NOTE_TYPES

from .anki_helpers import (
    build_anki,
    card_problems,
    collection,
    copy_sample,
    import_package,
    our_note_types,
)
from .conftest import FIXTURES, TEMPLATES

pytestmark = pytest.mark.consumer

EPOCH = "1700000000"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    tmp = tmp_path_factory.mktemp("anki")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build_anki(copy_sample(tmp), tmp / "dist")
    return tmp / "dist", result


def _stats(result: BuildResult) -> dict[str, dict[str, object]]:
    formats = result.manifest["formats"]
    assert isinstance(formats, dict)
    packages = formats["anki"]["packages"]
    assert isinstance(packages, dict)
    return packages


def test_writes_the_tree_and_one_package_per_page(sample: tuple[Path, BuildResult]) -> None:
    out, result = sample
    assert result.outputs["anki"] == ["anki/all.apkg", "anki/pages/pytorch-ddp-basics.apkg"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["formats"]["anki"]["packages"]["anki/all.apkg"]["notes"] == manifest["items"]


@pytest.mark.parametrize("package", ["anki/all.apkg", "anki/pages/pytorch-ddp-basics.apkg"])
def test_imports_into_a_fresh_collection(sample: tuple[Path, BuildResult], package: str) -> None:
    out, result = sample
    facts = _stats(result)[package]
    with collection() as col:
        counts = import_package(col, out / package)
        assert (counts.new, counts.updated, counts.duplicate, counts.conflicting) == (
            facts["notes"], 0, 0, 0)
        assert counts.missing_notetype == 0
        assert col.note_count() == facts["notes"]
        assert col.card_count() == facts["cards"]
        decks = sorted(d.name for d in col.decks.all_names_and_ids() if d.name != "Default")
        assert decks == facts["decks"] == ["PyTorch", "PyTorch::Gradient sync with DDP"]
        assert our_note_types(col) == sorted(nt.name for nt in NOTE_TYPES)
        assert card_problems(col) == []


def test_a_broken_template_would_be_caught(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    front = templates / "anki" / "flashcard.front.html"
    front.write_text(front.read_text(encoding="utf-8").replace("{{Front}}", "{{Fornt}}"),
                     encoding="utf-8")
    result = build(copy_sample(tmp_path), tmp_path / "dist", templates, formats=["anki"],
                   keep_going=True)
    assert result.ok
    with collection() as col:
        import_package(col, tmp_path / "dist" / "anki" / "all.apkg")
        problems = card_problems(col)
        assert problems and all("Fornt" in p for p in problems)


def test_note_types_are_fixed(sample: tuple[Path, BuildResult]) -> None:
    out, _ = sample
    with collection() as col:
        import_package(col, out / "anki/all.apkg")
        for nt in NOTE_TYPES:
            model = col.models.get(nt.id)  # type: ignore[arg-type]
            assert model is not None and model["name"] == nt.name
            assert [f["name"] for f in model["flds"]] == list(nt.fields)
            assert ".nightMode" in model["css"] and "pre.hl" in model["css"]
            assert "http" not in model["css"]  # no fonts or scripts from the network


def _note(col: object, tag: str) -> dict[str, str]:
    ids = col.find_notes(tag)  # type: ignore[attr-defined]
    assert len(ids) == 1, tag
    note = col.get_note(ids[0])  # type: ignore[attr-defined]
    return dict(note.items()) | {
        "_tags": " ".join(note.tags), "_type": note.note_type()["name"]}


def test_fields_tags_and_rendering(sample: tuple[Path, BuildResult]) -> None:
    out, _ = sample
    with collection() as col:
        import_package(col, out / "anki/all.apkg")
        card = _note(col, "Id:ddp-overlap")
        assert card["_type"] == "Study Builder: Flashcard"
        assert "<ol>" in card["Back"] and card["Difficulty"] == "intermediate"
        for tag in ("difficulty::intermediate", "page::pytorch-ddp-basics", "subject::PyTorch",
                    "performance", "sample"):
            assert tag in card["_tags"].split()
        multi = _note(col, "Id:collectives")
        assert multi["Instruction"] == ""  # the question itself says "Pick all that apply."
        assert 'type="checkbox"' in multi["Options"]
        assert multi["Key"].count("sb-correct") == 3 and multi["Key"].count("sb-wrong") == 1
        printed = _note(col, "Id:world-size-print")
        assert '<pre class="hl"><code class="language-python">' in printed["Code"]
        assert '<span class="n">per_rank</span>' in printed["Code"]
        assert ('<pre class="output"><code><span class="line">16\n</span>'
                '<span class="line">64</span></code></pre>') in printed["Options"]
        assert "written backwards" in printed["Key"]  # per-option feedback on the back
        assert printed["TimeLimit"] == "3:00" and printed["Attempts"] == "1 attempt"
        assert "category::Predict_Output" in printed["_tags"].split()
        hint_card = col.get_card(col.find_cards('"note:Study Builder: Challenge"')[0])
        front = hint_card.render_output(reload=True).question_text
        assert '<details class="sb-hint">' in front  # revealed on demand, no script needed


def test_lost_options_become_a_flashcard(sample: tuple[Path, BuildResult]) -> None:
    out, result = sample
    warned = [d for d in result.diagnostics if d.code == "anki-options-lost"]
    assert len(warned) == 1 and warned[0].line == 42
    with collection() as col:
        import_package(col, out / "anki/all.apkg")
        note = _note(col, "Back:*DistributedSampler*")
        assert note["_type"] == "Study Builder: Flashcard"
        assert "its own part of the dataset" in note["Front"]


def test_source_html_is_shown_as_text(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(FIXTURES / "hostile" / "markup.txt", src / "markup.txt")
    math = ("Recall & Review\nbeginner\nWhat is \\(x^2\\) at 3?\n\\[ 3^2 = 9 \\]\n"
            "Click to reveal answer\n")
    (src / "math.txt").write_text(f"Title: Maths\nSubject: Numbers\n{math}", encoding="utf-8")
    build_anki(src, tmp_path / "dist")
    with collection() as col:
        import_package(col, tmp_path / "dist" / "anki" / "all.apkg")
        for cid in col.find_cards(""):
            out = col.get_card(cid).render_output(reload=True)
            for side in (out.question_text, out.answer_text):
                _assert_inert(side)
        question = _note(col, "Id:hostile-markup-card")["Front"]
        assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in question
        maths = _note(col, "deck:Numbers*")
        assert "\\(x^2\\)" in maths["Front"] and "\\[ 3^2 = 9 \\]" in maths["Back"]


def _assert_inert(html: str) -> None:
    """No element or attribute from the source can run: only our template's one script."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    scripts = root.findall(".//script")
    assert len(scripts) <= 1 and all("sessionStorage" in (s.text or "") for s in scripts)
    for el in root.iter():
        assert el.tag not in ("iframe", "object", "meta", "marquee", "svg", "style", "embed")
        assert not [a for a in el.attrib if a.startswith("on") or a == "style"], el.attrib
        assert not el.get("href", "").strip().lower().startswith("javascript")
        assert el.tag != "img" or el.get("src") != "x"


PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGA"
                       "WjR9awAAAABJRU5ErkJggg==")


def _picture_page(src: Path, picture: str) -> Path:
    (src / "maps").mkdir(parents=True)
    (src / "img").mkdir()
    (src / "img" / "dot.png").write_bytes(PNG)
    page = src / "maps" / "p.txt"
    page.write_text("Title: Pictures\nSubject: Maps\nRecall & Review\nbeginner\n"
                    f"Which picture is this? ![a dot]({picture})\nA dot.\n"
                    "Click to reveal answer\n", encoding="utf-8")
    return page


def test_images_are_packaged_under_content_names(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _picture_page(src, "../img/dot.png")
    build_anki(src, tmp_path / "dist")
    package = tmp_path / "dist" / "anki" / "all.apkg"
    with zipfile.ZipFile(package) as zf:
        media = json.loads(zf.read("media"))
        (name,) = media.values()
        assert name.startswith("sb-") and name.endswith(".png")
        assert zf.read(next(iter(media))) == PNG
    with collection() as col:
        import_package(col, package)
        assert (Path(col.media.dir()) / name).read_bytes() == PNG
        assert f'src="{name}"' in _note(col, "deck:Maps*")["Front"]
        assert col.media.check().missing == []


@pytest.mark.parametrize(("picture", "code"), [
    ("../img/missing.png", "missing-image"),
    ("../../outside.png", "image-outside-source"),
    ("/etc/hostname", "image-outside-source"),
])
def test_bad_images_are_reported_at_their_line(tmp_path: Path, picture: str, code: str) -> None:
    (tmp_path / "outside.png").write_bytes(PNG)
    page = _picture_page(tmp_path / "src", picture)
    found = [d for d in check([tmp_path / "src"]).diagnostics if d.code == code]
    assert [(Path(d.file).name, d.line) for d in found] == [(page.name, 5)]


def test_symlink_out_of_the_tree_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(PNG)
    src = tmp_path / "src"
    _picture_page(src, "../img/link.png")
    (src / "img" / "link.png").symlink_to(tmp_path / "secret.png")
    assert [d.code for d in check([src]).diagnostics if "image" in d.code] == [
        "image-outside-source"]
    build_anki(src, tmp_path / "dist")
    with zipfile.ZipFile(tmp_path / "dist" / "anki" / "all.apkg") as zf:
        assert json.loads(zf.read("media")) == {}
