"""Images in the QTI packages: each local picture stored once per package under a
content-hashed name, the ``<img src>`` pointing at it, the manifest listing it, and
every XML file still valid against the official IMS schemas. Web addresses stay;
pictures outside the source tree are not packaged (their alt text is shown)."""

from __future__ import annotations

import hashlib
import html
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from typing import cast

import pytest
from lxml import etree  # type: ignore[import-untyped]

from builder.build import BuildResult

from . import qti_schemas as S
from .conftest import FIXTURES, run_build

MEDIA = FIXTURES / "media"
LENS = (MEDIA / "img" / "lens.png").read_bytes()
PRISM = (MEDIA / "img" / "prism.png").read_bytes()
# Not the same bytes as any picture inside the tree, so finding it in a package means
# it was read from outside.
OUTSIDE = PRISM + b"outside"
QTI21 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
WEB = "https://example.com/prism.png"
PAGE = "optics-lenses"


def _name(data: bytes) -> str:
    return f"sb-{hashlib.sha256(data).hexdigest()[:20]}.png"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    base = tmp_path_factory.mktemp("qti-media")
    src = base / "src"
    shutil.copytree(MEDIA, src)
    (base / "outside.png").write_bytes(OUTSIDE)  # ../../outside.png from the page
    out = base / "dist"
    result = run_build(src, out, formats=["qti12", "qti21"])
    assert result.ok, [d.text() for d in result.diagnostics]
    return out, result


def _zips(out: Path, fmt: str) -> list[Path]:
    return [out / fmt / "bank.zip", out / fmt / "pages" / f"{PAGE}.zip"]


def _image_members(files: dict[str, bytes]) -> dict[str, bytes]:
    return {n: d for n, d in files.items() if not n.endswith(".xml")}


@pytest.mark.parametrize("which", [0, 1], ids=["bank", "page"])
def test_qti21_stores_each_image_once_and_items_point_at_it(
        built: tuple[Path, BuildResult], which: int) -> None:
    out, _ = built
    files = S.members(_zips(out, "qti21")[which])
    assert _image_members(files) == {f"media/{_name(LENS)}": LENS,
                                     f"media/{_name(PRISM)}": PRISM}
    manifest = etree.fromstring(files["imsmanifest.xml"])
    for res in manifest.iter("{*}resource"):
        if res.get("type") != "imsqti_item_xmlv2p1":
            continue
        item_path = res.get("href")
        item = etree.fromstring(files[item_path])
        srcs = [img.get("src") for img in item.iter(f"{QTI21}img")]
        local = {s for s in srcs if s and not s.startswith("https:")}
        # The src is relative to the item file, and names a member of the package.
        resolved = {str(PurePosixPath(item_path).parent.joinpath(s)) for s in local}
        resolved = {_normpath(p) for p in resolved}
        assert resolved <= set(files)
        listed = {f.get("href") for f in res.iter("{*}file")}
        assert listed == {item_path} | resolved, res.get("identifier")
    prism = etree.fromstring(files["items/item-prism-choice.xml"])
    choice_imgs = [img.get("src") for img in prism.iter(f"{QTI21}img")
                   if img.getparent().tag == f"{QTI21}simpleChoice"]
    assert choice_imgs == [f"../media/{_name(PRISM)}", f"../media/{_name(LENS)}"]
    lens = etree.fromstring(files["items/item-lens-card.xml"])
    # The same picture twice in one item: two tags, one file.
    assert [img.get("src") for img in lens.iter(f"{QTI21}img")] == \
        [f"../media/{_name(LENS)}"] * 2


def _normpath(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


@pytest.mark.parametrize("which", [0, 1], ids=["bank", "page"])
def test_qti12_stores_images_under_web_resources_for_canvas(
        built: tuple[Path, BuildResult], which: int) -> None:
    out, _ = built
    files = S.members(_zips(out, "qti12")[which])
    expected = {f"web_resources/media/{_name(LENS)}": LENS,
                f"web_resources/media/{_name(PRISM)}": PRISM}
    assert _image_members(files) == expected
    manifest = etree.fromstring(files["imsmanifest.xml"])
    (web,) = [r for r in manifest.iter("{*}resource") if r.get("type") == "webcontent"]
    # No href: Canvas imports every manifest file except a resource's href.
    assert web.get("href") is None
    assert [f.get("href") for f in web.iter("{*}file")] == sorted(expected)
    qti = [r for r in manifest.iter("{*}resource") if r.get("type") == "imsqti_xmlv1p2"]
    assert qti and all(web.get("identifier") in
                       [d.get("identifierref") for d in r.iter("{*}dependency")] for r in qti)
    # Question HTML names the file by its path under web_resources/.
    (doc,) = [d for n, d in files.items() if n.endswith(".xml") and "meta" not in n
              and n != "imsmanifest.xml"]
    markup = " ".join(t.text or "" for t in etree.fromstring(doc).iter("{*}mattext"))
    srcs = {html.unescape(s) for s in _srcs(markup)}
    assert srcs == {f"$IMS-CC-FILEBASE$/media/{_name(LENS)}",
                    f"$IMS-CC-FILEBASE$/media/{_name(PRISM)}", WEB}
    for src in srcs - {WEB}:
        assert "web_resources/" + src.removeprefix("$IMS-CC-FILEBASE$/") in files


def _srcs(markup: str) -> list[str]:
    import lxml.html  # type: ignore[import-untyped]

    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    return [img.get("src") for img in root.iter("img")]


def test_web_address_stays_and_outside_image_is_not_packaged(
        built: tuple[Path, BuildResult]) -> None:
    out, result = built
    for fmt in ("qti12", "qti21"):
        for package in _zips(out, fmt):
            files = S.members(package)
            assert OUTSIDE not in files.values()
            text = b"".join(d for n, d in files.items() if n.endswith(".xml"))
            assert WEB.encode() in text
            assert b"outside.png" not in text and b"notes.csv" not in text
            # The refused pictures show as their alt text.
            assert b"outside text file" in text
    codes = [d.code for d in result.diagnostics]
    assert codes.count("image-outside-source") == 2
    # One build-wide warning per format, naming only the item whose images were dropped.
    media = [d for d in result.diagnostics if d.code in ("qti12-media", "qti21-media")]
    assert sorted(d.code for d in media) == ["qti12-media", "qti21-media"]
    assert all("bad-card" in d.message and "prism-choice" not in d.message for d in media)
    stats = cast(dict[str, dict[str, object]], result.manifest["formats"])
    assert stats["qti12"]["media_files"] == stats["qti21"]["media_files"] == 2


def test_packages_with_images_validate(built: tuple[Path, BuildResult]) -> None:
    out, _ = built
    failures = [f for p in _zips(out, "qti12") for f in S.validate_qti12_package(p)]
    failures += [f for p in _zips(out, "qti21") for f in S.validate_qti21_package(p)]
    assert not failures, "\n".join(map(str, failures))


def test_rebuild_gives_the_same_bytes(built: tuple[Path, BuildResult], tmp_path: Path) -> None:
    out, _ = built
    src = tmp_path / "src"
    shutil.copytree(MEDIA, src)
    (tmp_path / "outside.png").write_bytes(OUTSIDE)
    again = tmp_path / "dist"
    assert run_build(src, again, formats=["qti12", "qti21"]).ok
    for fmt in ("qti12", "qti21"):
        for first, second in zip(_zips(out, fmt), _zips(again, fmt), strict=True):
            assert first.read_bytes() == second.read_bytes(), first
            with zipfile.ZipFile(first) as zf:
                names = zf.namelist()
            assert len(names) == len(set(names))


def test_page_without_images_has_no_media(sample_build: tuple[Path, BuildResult]) -> None:
    out, result = sample_build
    for fmt in ("qti12", "qti21"):
        for package in (out / fmt).rglob("*.zip"):
            assert all(n.endswith(".xml") for n in S.members(package)), package
            manifest = S.members(package)["imsmanifest.xml"]
            assert b"webcontent" not in manifest
        assert result.manifest["formats"][fmt]["media_files"] == 0  # type: ignore[index]
