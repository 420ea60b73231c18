"""Images (issue 13, finding 4): local pictures embedded as data: URIs in GIFT and the
HTML sheets, left-out ones in no output at all, and every image finding made by `check`
at the image's own line, so that a build reports nothing about images that `check` did
not."""

from __future__ import annotations

import base64
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from builder.media import EMBED_MAX_BYTES
from builder.pipeline import check

from .conftest import FIXTURES, NO_PDF, require_tool, run_build

IMAGES = FIXTURES / "consumers" / "images"
HOSTILE = FIXTURES / "hostile"
IMAGE_CODES = {"missing-image", "image-outside-source", "image-too-large",
               "html-image-not-embedded"}
DATA_SRC = re.compile(r'src(?:\\)?="data(?:\\)?:image/([a-z+]+);base64,([A-Za-z0-9+/\\=]+)"')


def _embedded(text: str) -> set[bytes]:
    """The pictures a file embeds (GIFT escapes `=` and `:` with a backslash)."""
    return {base64.b64decode(data.replace("\\", "")) for _, data in DATA_SRC.findall(text)}


def _files(folder: Path) -> set[bytes]:
    return {p.read_bytes() for p in folder.rglob("*") if p.suffix in (".png", ".svg")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("images") / "dist"
    result = run_build(IMAGES, out, options=NO_PDF)
    assert result.ok and not [d for d in result.diagnostics if d.file]
    return out


def test_gift_embeds_every_local_picture(built: Path) -> None:
    gift = (built / "gift" / "pages" / "optics-lenses.gift.txt").read_text(encoding="utf-8")
    assert _embedded(gift) == _files(IMAGES / "img")
    assert "../img" not in gift and "<img" in gift


def test_sheets_embed_every_local_picture(built: Path) -> None:
    for name in ("optics-lenses.html", "optics-lenses.quiz.html"):
        sheet = (built / "html" / name).read_text(encoding="utf-8")
        assert _embedded(sheet) == _files(IMAGES / "img")
        assert "[image" not in sheet and "../img" not in sheet
        assert "img-src data:" in sheet  # the policy that allows them, unchanged


def _page(tmp_path: Path, body: str) -> Path:
    src = tmp_path / "src"
    (src / "img").mkdir(parents=True)
    shutil.copy(IMAGES / "img" / "lens.png", src / "img" / "lens.png")
    (src / "img" / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * EMBED_MAX_BYTES)
    (src / "page.txt").write_text(
        "Title: Pictures\nSubject: Tests\nRecall & Review\nbeginner\n"
        "Which picture is this?\nA lens.\n" + body + "Click to reveal answer\n",
        encoding="utf-8")
    return src


def test_image_findings_are_at_the_image_line_in_check_and_build(tmp_path: Path) -> None:
    src = _page(tmp_path, "![small](img/lens.png)\n![big](img/big.png)\n"
                          "![web](https://example.com/w.png)\n![out](../../etc/passwd)\n"
                          "![gone](img/gone.png)\n")
    checked = sorted((d.code, d.line) for d in check([src]).diagnostics
                     if d.code in IMAGE_CODES)
    assert checked == [("html-image-not-embedded", 9), ("image-outside-source", 10),
                       ("image-too-large", 8), ("missing-image", 11)]
    result = run_build(src, tmp_path / "dist", keep_going=True, options=NO_PDF)
    built = sorted((d.code, d.line) for d in result.diagnostics
                   if d.code in IMAGE_CODES or "image" in d.code)
    assert built == checked


def test_too_large_web_and_refused_pictures_are_their_description(tmp_path: Path) -> None:
    src = _page(tmp_path, "![small](img/lens.png) ![big one](img/big.png) "
                          "![on the web](https://example.com/w.png) ![outside](../../etc/passwd)\n")
    out = tmp_path / "dist"
    assert run_build(src, out, options=NO_PDF).ok
    sheet = (out / "html" / "page.html").read_text(encoding="utf-8")
    assert len(_embedded(sheet)) == 1
    for alt in ("big one", "on the web", "outside"):
        assert f"[image: {alt}]" in sheet
    gift = (out / "gift" / "pages" / "page.gift.txt").read_text(encoding="utf-8")
    assert len(_embedded(gift)) == 1 and "big one" in gift and "outside" in gift
    assert 'src\\="https\\://example.com/w.png"' in gift  # Moodle loads web images
    assert "passwd" not in sheet and "passwd" not in gift and "big.png" not in gift


def test_a_left_out_image_is_in_no_output(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    assert run_build(HOSTILE, out, keep_going=True, options=NO_PDF).ok
    refused = (b"../../../../etc/passwd", b"/etc/hostname")
    for path in out.rglob("*"):
        if not path.is_file() or path.name == "model.json":  # the model keeps the source
            continue
        blobs = [path.read_bytes()]
        if path.suffix in (".zip", ".apkg"):
            with zipfile.ZipFile(path) as zf:
                blobs += [zf.read(n) for n in zf.namelist()]
        for blob in blobs:
            assert not any(r in blob for r in refused), path


@pytest.mark.consumer
def test_embedded_pictures_show_in_chromium(built: Path) -> None:
    require_tool("chromium")
    from tests.test_html_browser import Visit, playwright_api

    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=require_tool("chromium"),
                                    args=["--no-sandbox", "--disable-gpu"])
        try:
            visit = Visit(browser, built / "html" / "optics-lenses.html")
            sizes = visit.page.eval_on_selector_all(
                "img", "imgs => imgs.map(i => [i.complete, i.naturalWidth])")
            assert len(sizes) >= 10 and all(done and width > 0 for done, width in sizes)
            assert visit.console == []
            assert [r for r in visit.requests if not r.startswith("data:")] == [visit.own]
        finally:
            browser.close()
