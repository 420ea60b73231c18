"""Emoji on the sheets and in their PDFs are drawn from a colour emoji font, never as an
empty box (tofu). Each proof runs twice: once as built, and once with a Chromium whose
fontconfig knows only DejaVu, where the same check must find boxes, so it can fail."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.writers.options import HtmlOptions, Options

from .conftest import IN_CI, NO_PDF, SAMPLE, require_tool, run_build, writer_report

pytestmark = pytest.mark.consumer
playwright_api = pytest.importorskip("playwright.sync_api")

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]
# A code point no font has: every browser draws it as its missing-glyph box.
NO_GLYPH = "\U0010fffd"
# Emoji (and the variation selector and joiner that build them) as Unicode has them.
EMOJI = re.compile("[\u2300-\u23ff\u2600-\u27bf\U0001f000-\U0001faff]"
                   "[\ufe0f\u200d\U0001f000-\U0001faff]*")
# Shown on the sheet and printed into its PDF (the source has ⏱, 💡 and category icons).
PRINTED = "⏱ 💡 🧠 🐞"


def require_emoji_font() -> None:
    """Skip here, fail in CI, when fontconfig knows no colour emoji font."""
    listed = subprocess.run([require_tool("fc-list"), ":", "family"], capture_output=True,
                            text=True, timeout=60, check=False).stdout
    if "Color Emoji" not in listed:
        message = ("no colour emoji font is installed "
                   "(apt-get install fonts-noto-color-emoji, or run .ci/run)")
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def no_emoji_fonts(folder: Path) -> dict[str, str]:
    """An environment whose fontconfig sees DejaVu only: no font with emoji in it."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("DejaVu fonts (fonts-dejavu-core) are needed for the control")
    conf = folder / "fonts.conf"
    conf.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><dir>{dejavu}</dir><cachedir>{folder / "fc-cache"}</cachedir></fontconfig>
""", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("emoji") / "dist"
    assert run_build(SAMPLE, out, formats=["html"], keep_going=True, options=NO_PDF).ok
    return sorted((out / "html").glob("*.html"))


@pytest.fixture(scope="module")
def browsers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any]]:
    """Chromium as installed, and Chromium with no emoji font."""
    chromium = require_tool("chromium")
    require_emoji_font()
    env = no_emoji_fonts(tmp_path_factory.mktemp("fonts"))
    with playwright_api.sync_playwright() as p:
        usual = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        bare = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS, env=env)
        yield usual, bare
        usual.close()
        bare.close()


def boxed_emoji(browser: Any, sheet: Path) -> tuple[list[str], list[str]]:
    """The emoji ``sheet`` shows, and those of them drawn as a box: each is drawn beside a
    missing glyph in the same place and style, and a box is pixel for pixel the same."""
    context = browser.new_context(java_script_enabled=False, offline=True)
    page = context.new_page()
    page.goto(sheet.resolve().as_uri())
    shown: list[str] = sorted(set(EMOJI.findall(page.locator("body").inner_text())))
    boxed = []
    for n, emoji in enumerate(shown):
        # Each probe goes into the element the emoji is in, so it has that element's font.
        page.evaluate("""([emoji, missing, n]) => {
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                if (walker.currentNode.data.includes(emoji)) break;
            }
            const host = walker.currentNode.parentElement;
            for (const [id, text] of [['e' + n, emoji], ['m' + n, missing]]) {
                const probe = document.createElement('span');
                probe.id = id;
                probe.textContent = text;
                probe.style.cssText = 'display:inline-block;font-size:32px;line-height:1;' +
                                      'margin:0 4px;padding:0;border:0;background:#fff';
                host.append(probe);
            }
        }""", [emoji, NO_GLYPH, n])
        drawn = page.locator(f"#e{n}").screenshot()
        missing = page.locator(f"#m{n}").screenshot()
        if drawn == missing:
            boxed.append(emoji)
    context.close()
    return shown, boxed


def test_every_emoji_on_a_sheet_is_drawn_not_boxed(browsers: tuple[Any, Any],
                                                   sheets: list[Path]) -> None:
    usual, bare = browsers
    seen: dict[str, list[str]] = {}
    for sheet in sheets:
        shown, boxed = boxed_emoji(usual, sheet)
        assert boxed == [], (sheet.name, boxed)
        seen[sheet.name] = shown
    assert "🧠" in seen["pytorch-ddp-basics.html"], seen  # the sample's category icon
    # The control: without an emoji font the same check finds the pictographs boxed
    # (DejaVu has a plain ✔ of its own).
    for name in ("pytorch-ddp-basics.html", "pytorch-ddp-basics.quiz.html"):
        shown, boxed = boxed_emoji(bare, sheets[0].with_name(name))
        pictographs = [e for e in shown if e >= "\U0001f000"]
        assert shown == seen[name] and pictographs and boxed == pictographs, (name, boxed)


def emoji_tree(folder: Path) -> Path:
    """A page of one flashcard whose question prints the emoji between two markers."""
    folder.mkdir()
    (folder / "emoji.txt").write_text(
        f"Title: Emoji\nSubject: Test\nRecall & Review\nbeginner\nEMOJIFROM {PRINTED} EMOJITO\n"
        "Timer, hint, brain, bug.\nClick to reveal answer\nId: emoji\n", encoding="utf-8")
    return folder


def colour_between_markers(pdf: Path, folder: Path) -> int:
    """Coloured pixels in page 1 between the words EMOJIFROM and EMOJITO (a box is
    black; an emoji from a colour font is not)."""
    require_tool("pdftotext")
    require_tool("pdftoppm")
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                          check=True, capture_output=True, text=True, timeout=60).stdout
    words = {m["word"]: m for m in re.finditer(
        r'<word xMin="(?P<x0>[\d.]+)" yMin="(?P<y0>[\d.]+)" xMax="(?P<x1>[\d.]+)" '
        r'yMax="(?P<y1>[\d.]+)">(?P<word>EMOJIFROM|EMOJITO)</word>', bbox)}
    start, end = words["EMOJIFROM"], words["EMOJITO"]
    assert abs(float(start["y0"]) - float(end["y0"])) < 2  # one line
    scale = 150 / 72  # points to pixels at 150 dpi
    x, y = float(start["x1"]) * scale, float(start["y0"]) * scale
    width = (float(end["x0"]) - float(start["x1"])) * scale
    height = (float(start["y1"]) - float(start["y0"])) * scale
    assert width > 40  # five glyphs and their spaces
    stem = folder / "crop"
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-singlefile",
                    "-x", str(int(x)), "-y", str(int(y)), "-W", str(int(width)),
                    "-H", str(int(height) + 1), str(pdf), str(stem)], check=True, timeout=60)
    data = (folder / "crop.ppm").read_bytes()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    assert m
    rgb = data[m.end():]
    return sum(1 for i in range(0, len(rgb) - 2, 3)
               if max(rgb[i:i + 3]) - min(rgb[i:i + 3]) > 60)


@pytest.mark.parametrize("fonts", ["installed", "none"])
def test_emoji_in_a_pdf_are_printed_in_colour_not_boxed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fonts: str) -> None:
    chromium = require_tool("chromium")
    require_emoji_font()
    if fonts == "none":  # the control: Chromium inherits this environment
        for key, value in no_emoji_fonts(tmp_path).items():
            monkeypatch.setenv(key, value)
    source = emoji_tree(tmp_path / "source")
    result = run_build(source, tmp_path / "out", formats=["html"],
                       options=Options(html=HtmlOptions(chromium=chromium)))
    assert result.ok and writer_report(result, source) == []
    pdf = tmp_path / "out" / "html" / "emoji.pdf"
    coloured = colour_between_markers(pdf, tmp_path)
    if fonts == "installed":
        assert coloured > 50, coloured
    else:
        assert coloured == 0, coloured
