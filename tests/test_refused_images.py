"""Images whose address the renderer refuses (``file:``, ``javascript:``, ``data:``, any
scheme but http, https and mailto): every output shows each as its description, the way
it shows other pictures it cannot carry, and `check` reports each at its own line
(issue 13, follow-up)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]
import pytest

from builder.media import embed_images, package_images
from builder.pipeline import check
from builder.render import refused_images, render_block, render_inline

from .conftest import NO_PDF, run_build

# Each refused address with the description it is written with.
REFUSED = {
    "file:///etc/passwd": "file pic",
    "javascript:alert(1)": "script pic",
    "data:image/png;base64,iVBORw0KGgo=": "png data pic",
    "data:image/svg+xml;base64,PHN2Zz4=": "svg data pic",
    "vbscript:msgbox(1)": "vb pic",
    "ftp://example.com/x.png": "ftp pic",
}
ADDRESSES = tuple(REFUSED)


def _image(src: str) -> str:
    return f"![{REFUSED[src]}]({src})"


# Line numbers below are where each refused image is written.
PAGE = f"""Title: Refused pictures
Subject: Tests
Recall & Review
beginner
What does this show? {_image(ADDRESSES[0])}
It shows {_image(ADDRESSES[1])} and {_image(ADDRESSES[2])}.
Click to reveal answer
Id: refused-card
Which one is a picture?
A{_image(ADDRESSES[3])}
BA word
Answer: A
Explanation: See {_image(ADDRESSES[4])}.
Feedback B: Not {_image(ADDRESSES[5])}.
Id: refused-choice
"""
LINES = {ADDRESSES[0]: 5, ADDRESSES[1]: 6, ADDRESSES[2]: 6, ADDRESSES[3]: 10,
         ADDRESSES[4]: 13, ADDRESSES[5]: 14}
# What must not be left of a refused image in any output.
LEFTOVER = re.compile(r"!\[|passwd|javascript|vbscript|base64|ftp:|<img(?![^>]*\ssrc=)[^>]*>")


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("refused") / "src"
    src.mkdir()
    (src / "page.txt").write_text(PAGE, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def dist(source: Path) -> Path:
    out = source.parent / "dist"
    result = run_build(source, out, options=NO_PDF)
    assert result.ok, [d.text() for d in result.diagnostics]
    return out


def test_the_renderer_makes_each_refused_image_a_description_without_address() -> None:
    for src, alt in REFUSED.items():
        for rendered in (render_block(_image(src)), render_inline(_image(src))):
            (img,) = lxml.html.fragment_fromstring(rendered, create_parent="div").iter("img")
            assert img.get("alt") == alt and img.get("src") is None, rendered
            assert "![" not in rendered
        assert refused_images(f"before {_image(src)} after") == [src]


def test_kept_addresses_and_links_are_as_before() -> None:
    kept = "![web](https://example.com/a.png) ![here](img/a.png) [a link](https://example.com)"
    assert refused_images(kept) == []
    rendered = render_block(kept)
    assert 'src="https://example.com/a.png"' in rendered and 'src="img/a.png"' in rendered
    # A refused link is not an image: markdown-it leaves it as text, as before.
    assert render_inline("[x](javascript:alert(1))") == "[x](javascript:alert(1))"


def test_media_shows_an_image_without_address_as_its_description(tmp_path: Path) -> None:
    rendered = render_block(f"Look: {_image(ADDRESSES[2])}")
    done = package_images(rendered, tmp_path, tmp_path, lambda name: name)
    assert done.html == "<p>Look: png data pic</p>" and done.dropped == [""]
    assert embed_images(rendered, tmp_path, tmp_path, web=True) == "<p>Look: png data pic</p>"


def test_check_reports_each_refused_image_at_its_line(source: Path) -> None:
    found = [d for d in check([source]).diagnostics if d.code == "image-outside-source"]
    assert sorted((d.line, d.message) for d in found) == sorted(
        (LINES[src], f"image {src!r} is a `{src.split(':')[0]}:` address, which the "
         "outputs refuse; they show its description instead") for src in ADDRESSES)
    assert all(d.severity.value == "warning" and "into the source folder" in d.fix for d in found)
    result = run_build(source, source.parent / "dist-check", options=NO_PDF)
    assert sorted((d.code, d.line) for d in result.diagnostics if "image" in d.code) == \
        sorted(("image-outside-source", LINES[src]) for src in ADDRESSES)


def test_a_long_data_address_is_shortened_in_the_message(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    long = "data:image/png;base64," + "A" * 400
    (src / "page.txt").write_text(PAGE.replace(ADDRESSES[2], long), encoding="utf-8")
    (found,) = [d for d in check([src]).diagnostics
                if d.code == "image-outside-source" and "AAAA" in d.message]
    assert found.line == LINES[ADDRESSES[2]]
    assert "AAAA…'" in found.message and len(found.message) < 200


def _clean(text: str, where: str) -> None:
    assert not LEFTOVER.search(text), (where, LEFTOVER.search(text))


def test_anki_cards_show_the_descriptions(dist: Path) -> None:
    from .anki_helpers import collection, import_package

    with collection() as col:
        import_package(col, dist / "anki" / "all.apkg")
        fields = "\n".join(f for n in col.find_notes("") for f in col.get_note(n).fields)
    for alt in REFUSED.values():
        assert alt in fields
    _clean(fields, "anki")


def test_gift_shows_the_descriptions(dist: Path) -> None:
    gift = (dist / "gift" / "pages" / "page.gift.txt").read_text(encoding="utf-8")
    for alt in REFUSED.values():
        assert alt in gift
    _clean(gift, "gift")


@pytest.mark.parametrize("fmt", ["qti12", "qti21"])
def test_qti_items_show_the_descriptions(dist: Path, fmt: str) -> None:
    with zipfile.ZipFile(dist / fmt / "pages" / "page.zip") as zf:
        xml = "\n".join(zf.read(n).decode() for n in zf.namelist() if n.endswith(".xml"))
        assert [n for n in zf.namelist() if not n.endswith(".xml")] == []
    for alt in REFUSED.values():
        assert alt in xml
    # QTI 1.2 holds the HTML escaped in <mattext>: unescape it to look for tags.
    _clean(xml.replace("&lt;", "<").replace("&gt;", ">"), fmt)


def test_html_sheets_show_the_descriptions_as_other_pictures_they_cannot_show(
        dist: Path) -> None:
    for name in ("page.html", "page.quiz.html"):
        sheet = (dist / "html" / name).read_text(encoding="utf-8")
        for alt in REFUSED.values():
            assert f'<span class="img-alt">[image: {alt}]</span>' in sheet, (name, alt)
        body = sheet[sheet.index("<body"):]
        _clean(body, name)
