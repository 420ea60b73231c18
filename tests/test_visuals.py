"""Cards and sheets as a learner sees them: on a 390 px phone, on a desktop, light and
night, printed. Anki renders every card (tests/anki_reviewer.py), headless Chromium lays
it out in a page shaped like Anki's reviewer; the sheets load in the same Chromium.

One browser for the module, a tab per layout. The first two tests are the 390 px test
(every card side and every sheet of `source/`); each one after proves one finding of
issue 14, on `source/` or on tests/fixtures/visuals (lines longer than any phone).
"""

from __future__ import annotations

import base64
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from builder.model import Challenge, Cloze, Matching, MultipleChoice, Page
from builder.pipeline import check
from builder.writers.html.pdf import Printer

from .anki_reviewer import OPEN_DETAILS_JS, ORIGIN, OVERFLOW_JS, Side, card_sides, reviewer_page
from .answer_kinds import answer_kinds_page, answers, build_sheets, hidden_in_quiz
from .conftest import FIXTURES, NO_PDF, ROOT, require_tool, run_build

pytestmark = pytest.mark.consumer
playwright_api = pytest.importorskip("playwright.sync_api")

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1000, "height": 800}
VISUALS = FIXTURES / "visuals"
ARROW, ZWSP = "\u21aa", "\u200b"


# ---- builds, the browser, tabs -----------------------------------------------------------

def _build(source: Path, out: Path) -> Path:
    result = run_build(source, out, formats=["anki", "html"], options=NO_PDF)
    assert result.ok, [d.text() for d in result.diagnostics]
    return out


@pytest.fixture(scope="module")
def source_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(ROOT / "source", tmp_path_factory.mktemp("visuals-source") / "dist")


@pytest.fixture(scope="module")
def fixture_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(VISUALS, tmp_path_factory.mktemp("visuals-fixture") / "dist")


@pytest.fixture(scope="module")
def source_sides(source_out: Path) -> list[Side]:
    return card_sides(source_out / "anki" / "all.apkg")


@pytest.fixture(scope="module")
def fixture_sides(fixture_out: Path) -> list[Side]:
    return card_sides(fixture_out / "anki" / "all.apkg")


@pytest.fixture(scope="module")
def kinds_sides(tmp_path_factory: pytest.TempPathFactory) -> list[Side]:
    out = tmp_path_factory.mktemp("visuals-kinds") / "dist"
    result = run_build(FIXTURES / "consumers" / "answer-kinds", out, formats=["anki"])
    assert result.ok, [d.text() for d in result.diagnostics]
    return card_sides(out / "anki" / "all.apkg")


@pytest.fixture(scope="module")
def source_pages() -> tuple[Page, ...]:
    return check([ROOT / "source"]).tree.pages


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = require_tool("chromium")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        yield b
        b.close()


class Tab:
    """One tab of a given size; card sides and sheets are served from ORIGIN (a secure
    origin, so the cards' sessionStorage and the clipboard work)."""

    def __init__(self, browser: Any, viewport: dict[str, int], scheme: str = "light") -> None:
        self.context = browser.new_context(viewport=viewport, color_scheme=scheme)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=ORIGIN)
        self._pages: dict[str, str] = {}
        self.context.route(f"{ORIGIN}/**", self._serve)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _serve(self, route: Any, _request: Any = None) -> None:
        body = self._pages.get(route.request.url)
        if body is None:
            route.abort()
        else:
            route.fulfill(body=body, content_type="text/html; charset=utf-8")

    def card(self, side: Side, *, night: bool = False) -> Any:
        url = f"{ORIGIN}/{side.name}{'-night' if night else ''}.html"
        self._pages[url] = reviewer_page(side, night=night)
        self.page.goto(url)
        return self.page

    def swap(self, side: Side, *, night: bool = False) -> Any:
        """``side`` in the reviewer page already open, as Anki's desktop reviewer shows
        a card: it replaces the content of ``#qa`` (the card's scripts do not run)."""
        url = f"{ORIGIN}/reviewer-{hash(side.css)}.html"
        if self.page.url != url:
            self._pages[url] = reviewer_page(Side(side.note_type, "", "", "", side.css,
                                                  False))
            self.page.goto(url)
        self.page.evaluate("""([html, night]) => {
            document.getElementById("qa").innerHTML = html;
            document.body.classList.toggle("nightMode", night);
            document.body.classList.toggle("night_mode", night);
            window.scrollTo(0, 0);
        }""", [side.html, night])
        return self.page

    def sheet(self, path: Path) -> Any:
        url = f"{ORIGIN}/sheets/{path.name}"
        self._pages[url] = path.read_text(encoding="utf-8")
        self.page.goto(url)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Tab]:
    tab = Tab(browser, PHONE)
    yield tab
    assert tab.errors == []
    tab.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Tab]:
    tab = Tab(browser, DESKTOP)
    yield tab
    assert tab.errors == []
    tab.close()


def side(sides: list[Side], note_type: str, item_id: str, which: str) -> Side:
    (found,) = [s for s in sides if (s.note_type, s.item_id, s.side) == (note_type, item_id,
                                                                           which)]
    return found


def source_cards() -> int:
    """The cards Anki makes of source/: one per blank of a passage, one per matching pair
    (a note each), one for every other item."""
    count = 0
    for _, item in check([ROOT / "source"]).tree.items():
        if isinstance(item, Cloze):
            count += len(item.blanks)
        elif isinstance(item, Matching):
            count += len(item.pairs)
        else:
            count += 1
    return count


def sheets(out: Path) -> list[Path]:
    return sorted((out / "html").glob("*.html"))


def visible_text(page: Any, selector: str = "body") -> str:
    """The rendered text, one line per line of text (no blank lines)."""
    text = str(page.locator(selector).first.inner_text())
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


# ---- the 390 px test ---------------------------------------------------------------------

def test_every_card_side_fits_a_phone(phone: Tab, source_sides: list[Side]) -> None:
    """Every side of every card, light and night, hints open: no content wider than its
    box, nothing past the screen's edge, no sideways scrolling."""
    assert len(source_sides) == 2 * source_cards()
    problems = {}
    for s in source_sides:
        for night in (False, True):
            page = phone.swap(s, night=night)
            page.evaluate(OPEN_DETAILS_JS)
            found = page.evaluate(OVERFLOW_JS)
            if found:
                problems[f"{s.name}{' night' if night else ''}"] = found
    assert problems == {}


def test_every_sheet_fits_a_phone(browser: Any, source_out: Path) -> None:
    """Every sheet, quiz and the index, light and dark, answers and hints open."""
    problems = {}
    tab = Tab(browser, PHONE)
    for path in sheets(source_out):
        page = tab.sheet(path)
        page.evaluate(OPEN_DETAILS_JS)
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            found = page.evaluate(OVERFLOW_JS)
            if found:
                problems[f"{path.name} {scheme}"] = found
    tab.close()
    assert len(sheets(source_out)) == 15
    assert problems == {}


# ---- 1. code is wrapped, marked, and copied as written -----------------------------------

# For each `.line` of the first <pre> matching `selector`: how many rows it takes, where
# each row's text starts (from the line's own left edge), the hanging indent, and what
# its ::before draws.
LINE_ROWS_JS = """selector => {
  const pre = document.querySelector(selector);
  return [...pre.querySelectorAll(".line")].map(line => {
    const box = line.getBoundingClientRect();
    const style = getComputedStyle(line);
    const range = document.createRange();
    range.selectNodeContents(line);
    const starts = new Map();
    for (const r of range.getClientRects()) {
      if (r.width === 0) continue;
      const top = Math.round(r.top);
      starts.set(top, Math.min(starts.get(top) ?? Infinity, r.left - box.left));
    }
    const before = getComputedStyle(line, "::before");
    const probe = document.createElement("span");
    probe.textContent = "0".repeat(20);
    line.append(probe);
    const ch = probe.getBoundingClientRect().width / 20;
    probe.remove();
    return {ch, text: line.textContent, rows: [...starts.keys()].length,
            starts: [...starts.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1]),
            hang: parseFloat(style.paddingLeft), mark: before.content,
            rule: style.backgroundImage, position: style.position};
  });
}"""

COPY_JS = """async selector => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector(selector));
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  const selected = selection.toString();
  document.execCommand("copy");
  return [selected, await navigator.clipboard.readText()];
}"""


def _fenced_code(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    found = re.search(r"```python\n(.*?)\n```", text, re.S)
    assert found
    return found[1]


def _assert_hanging(lines: list[dict[str, Any]]) -> None:
    wrapped = [line for line in lines if line["rows"] > 1]
    assert wrapped, "no line wraps: the fixture's lines are meant to be too long"
    for line in wrapped:
        first, *rest = line["starts"]
        indent = len(line["text"]) - len(line["text"].lstrip(" "))
        assert abs(first) <= 1, line  # the first row starts at the line's edge
        # Continuation rows hang two columns past the line's own indentation, behind
        # an arrow on each of them.
        assert abs(line["hang"] - (indent + 2) * line["ch"]) <= 0.5, line
        assert all(abs(start - line["hang"]) <= 1 for start in rest), line
        assert line["mark"].count(ARROW) >= len(rest), line


def test_code_wraps_with_a_hanging_mark_that_copies_as_written(
        phone: Tab, fixture_sides: list[Side], fixture_out: Path) -> None:
    code = _fenced_code(VISUALS / "wrapping.txt")
    views: tuple[tuple[Callable[[], Any], str], ...] = (
        (lambda: phone.card(side(fixture_sides, "flashcard", "wrap-join", "back")),
         ".sb-answer pre"),
        (lambda: phone.sheet(fixture_out / "html" / "wrapping.html"), "#i-wrap-join pre"))
    for show, selector in views:
        page = show()
        lines = page.evaluate(LINE_ROWS_JS, selector)
        assert [line["text"].rstrip("\n") for line in lines] == code.split("\n")
        _assert_hanging(lines)
        # The deeper line hangs deeper: its continuation starts past its indentation.
        deep = next(line for line in lines if line["text"].startswith("    dist."))
        assert deep["rows"] >= 3 and all(s >= 6 * deep["ch"] - 1 for s in deep["starts"][1:])
        selected, copied = page.evaluate(COPY_JS, selector)
        assert selected == copied == code  # no arrow, no break character, no lost space
        assert page.evaluate(OVERFLOW_JS) == []


def test_printed_output_options_wrap_like_code(phone: Tab, fixture_sides: list[Side],
                                               fixture_out: Path) -> None:
    front = phone.card(side(fixture_sides, "challenge", "wrap-printed", "front"))
    for letter in "AB":
        selector = f".sb-options li:nth-child({'AB'.index(letter) + 1}) pre.output"
        lines = front.evaluate(LINE_ROWS_JS, selector)
        assert len(lines) == (1 if letter == "A" else 2)
        _assert_hanging(lines)
    assert front.evaluate(OVERFLOW_JS) == []
    sheet = phone.sheet(fixture_out / "html" / "wrapping.html")
    _assert_hanging(sheet.evaluate(LINE_ROWS_JS, "#i-wrap-printed .option pre.output"))
    assert sheet.evaluate(OVERFLOW_JS) == []


def test_printed_code_wraps_with_a_rule_that_is_not_text(browser: Any,
                                                          fixture_out: Path) -> None:
    """On paper the mark is a background rule (a PDF would keep an arrow as text, and
    copying code out of it would bring the arrows along); the PDF's text is the code
    as written, in reading order."""
    sheet = fixture_out / "html" / "wrapping.html"
    tab = Tab(browser, {"width": 680, "height": 900})  # about A4 minus the margins
    page = tab.sheet(sheet)
    page.emulate_media(media="print")
    lines = page.evaluate(LINE_ROWS_JS, "#i-wrap-join pre")
    wrapped = [line for line in lines if line["rows"] > 1]
    assert wrapped and all(line["mark"] == "none" and "gradient" in line["rule"]
                           and line["position"] == "static" for line in wrapped)
    tab.close()
    require_tool("pdftotext")
    with Printer(require_tool("chromium"), paper="a4", timeout=60, jobs=1, epoch=0) as printer:
        pdf = printer.print(sheet.read_text(encoding="utf-8"))
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf,
                          check=True, capture_output=True, timeout=60).stdout.decode("utf-8")
    assert ARROW not in text and ZWSP not in text
    squashed = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", _fenced_code(VISUALS / "wrapping.txt")) in squashed
    # A printed-output option is read after its tick and letter, not after the page.
    assert "✔Arank0holdsshard0ofthedatasetandshard4ofthelabels,rank1" in squashed


# ---- 3. "Pick all that apply." once ------------------------------------------------------

def test_pick_all_that_apply_is_said_once(phone: Tab, source_sides: list[Side],
                                          source_out: Path) -> None:
    fronts = [s for s in source_sides if s.note_type == "choice" and s.side == "front"
              and s.multiple]
    assert len(fronts) == 7
    for s in fronts:
        text = visible_text(phone.swap(s), ".sb").lower()
        assert text.count("pick all that apply") == 1, s.name
    for path in sheets(source_out):
        if path.name == "index.html":
            continue
        page = phone.sheet(path)
        for text in page.locator(".item.choice").all_inner_texts():
            assert text.lower().count("pick all that apply") <= 1, path.name
            assert "apply. (pick" not in text.lower(), path.name


# ---- 4. the back starts with the result --------------------------------------------------

RESULT_JS = """() => {
  const rule = document.querySelectorAll("hr#answer");
  const result = document.querySelector(".sb-result");
  const first = document.querySelector(".sb-key li");
  return {rules: rule.length,
          after: result ? !!(rule[0].compareDocumentPosition(result)
                             & Node.DOCUMENT_POSITION_FOLLOWING) : null,
          bottom: result ? result.getBoundingClientRect().bottom : null,
          key: first ? first.getBoundingClientRect().top : null};
}"""


def test_the_back_starts_with_the_result(phone: Tab, source_sides: list[Side]) -> None:
    backs = [s for s in source_sides if s.side == "back"]
    for s in backs:
        found = phone.swap(s).evaluate(RESULT_JS)
        assert found["rules"] == 1, s.name  # the rule Anki scrolls to
        if s.note_type in ("choice", "challenge"):
            assert found["after"], s.name
            # The verdict and the first marked option are on the first screen.
            assert found["bottom"] < PHONE["height"] and found["key"] < PHONE["height"], (
                s.name, found)
    challenge = side(source_sides, "challenge", "chl-sampler-output", "back")
    page = phone.card(challenge)
    order = page.evaluate("""() => ["hr#answer", ".sb-key", ".sb-explanation", "pre.hl"]
        .map(s => document.querySelector(s).getBoundingClientRect().top)""")
    assert order == sorted(order)  # the verdict, why, then the problem for reference


# ---- 5. night mode -----------------------------------------------------------------------

MEAN_LIGHTNESS_JS = """async png => {
  const img = new Image();
  img.src = "data:image/png;base64," + png;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width; canvas.height = img.height;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += (data[i] + data[i + 1] + data[i + 2]) / 3;
  return sum / (data.length / 4) / 255;
}"""


def _lightness(tab: Tab, png: bytes) -> float:
    blank = tab.context.new_page()
    value = float(blank.evaluate(MEAN_LIGHTNESS_JS, base64.b64encode(png).decode()))
    blank.close()
    return value


def test_night_mode_draws_dark_controls(phone: Tab, source_sides: list[Side]) -> None:
    for kind in ("radio", "checkbox"):
        s = next(x for x in source_sides if x.side == "front" and x.note_type == "choice"
                 and x.multiple == (kind == "checkbox"))
        for night in (False, True):
            page = phone.card(s, night=night)
            control = page.locator(f"input[type={kind}]").first
            scheme = control.evaluate("e => getComputedStyle(e).colorScheme")
            lightness = _lightness(phone, control.screenshot())
            if night:
                assert scheme == "dark" and lightness < 0.35, (kind, lightness)
            else:
                assert scheme != "dark" and lightness > 0.65, (kind, lightness)


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


TOKEN_COLOURS_JS = """() => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  return [...document.querySelectorAll("pre.hl")].flatMap(pre => {
    const back = rgb(getComputedStyle(pre).backgroundColor);
    return [...pre.querySelectorAll("span[class]:not(.line):not(.w)")]
      .filter(s => s.textContent.trim())
      .map(s => [s.className, s.textContent, rgb(getComputedStyle(s).color), back]);
  });
}"""


def test_code_is_readable_by_night_and_by_day(browser: Any, phone: Tab,
                                             source_sides: list[Side],
                                             source_out: Path) -> None:
    """Every token drawn in the cards' and sheets' code, comments above all, has a
    contrast of at least 4.5:1 against the code's background (WCAG AA)."""
    codes = [s for s in source_sides if '<pre class="hl">' in s.html]
    with_code = [p for p in sheets(source_out) if '<pre class="hl">' in p.read_text("utf-8")]
    assert codes and with_code
    seen: list[tuple[str, str, float]] = []
    for s in codes:
        for night in (False, True):
            tokens = phone.swap(s, night=night).evaluate(TOKEN_COLOURS_JS)
            seen += [(f"{s.name} {'night' if night else 'day'}", cls, contrast(fg, bg))
                     for cls, _text, fg, bg in tokens]
    for scheme in ("light", "dark"):
        tab = Tab(browser, DESKTOP, scheme)
        for path in with_code:
            tokens = tab.sheet(path).evaluate(TOKEN_COLOURS_JS)
            seen += [(f"{path.name} {scheme}", cls, contrast(fg, bg))
                     for cls, _text, fg, bg in tokens]
        tab.close()
    assert {"c1", "k", "s2"} <= {cls for _, cls, _ in seen}  # comments among them
    assert [t for t in seen if t[2] < 4.5] == []


# ---- 6. the back of a choice card --------------------------------------------------------

PICKS_JS = """() => [...document.querySelectorAll(".sb-key li")].map(li => {
  const shown = el => el && el.getClientRects().length > 0
                     && getComputedStyle(el).visibility !== "hidden";
  return {letter: li.dataset.letter, picked: li.classList.contains("sb-picked"),
          labels: [...li.querySelectorAll(".sb-label")].filter(shown)
                    .map(e => e.textContent.trim()),
          mark: shown(li.querySelector(".sb-mark")) ? li.querySelector(".sb-mark").textContent : "",
          faded: Number(getComputedStyle(li.querySelector(".sb-text")).opacity) < 1};
})"""


def _pick_then_show_back(tab: Tab, sides: list[Side], kind: str, item_id: str,
                         letters: str) -> Any:
    page = tab.card(side(sides, kind, item_id, "front"))
    for letter in letters:
        page.locator(f".sb-options label:has(input[value={letter}])").click()
    return tab.card(side(sides, kind, item_id, "back"))


def test_back_greys_wrong_options_and_says_what_was_missed(
        phone: Tab, fixture_sides: list[Side], source_sides: list[Side]) -> None:
    # Right: A, B, D. The learner picks A (right) and C (wrong), and misses B and D.
    page = _pick_then_show_back(phone, fixture_sides, "choice", "wrap-collectives", "AC")
    assert {o["letter"]: (o["mark"], o["labels"], o["faded"]) for o in page.evaluate(PICKS_JS)} == {
        "A": ("✓", ["right", "your pick"], False),
        "B": ("✓", ["right", "missed"], False),
        "C": ("✗", ["your pick"], False),
        "D": ("✓", ["right", "missed"], False),
    }
    assert visible_text(page, ".sb-result") == (
        "Answers: A, B, D\nYour picks: 1 of 3 right, 1 wrong.")
    assert "not correct" not in visible_text(page)
    # No picks (or no script): the key, the right options marked, the wrong ones greyed.
    page = _pick_then_show_back(phone, fixture_sides, "choice", "wrap-collectives", "")
    marks = {o["letter"]: (o["mark"], o["labels"], o["faded"]) for o in page.evaluate(PICKS_JS)}
    assert marks["C"] == ("", [], True) and marks["A"] == ("✓", ["right"], False)
    assert visible_text(page, ".sb-result") == "Answers: A, B, D"
    # One answer: a wrong pick is named.
    page = _pick_then_show_back(phone, source_sides, "challenge", "chl-gil", "A")
    assert visible_text(page, ".sb-result") == "Answer: B\nYour pick, A, is not right."
    picks = {o["letter"]: (o["mark"], o["labels"]) for o in page.evaluate(PICKS_JS)}
    assert picks["A"] == ("✗", ["your pick"]) and picks["B"] == ("✓", ["right"])


CONTROLS_JS = """() => [...document.querySelectorAll(".sb-options li, .sb-key li")].map(li => {
  const text = li.querySelector(".sb-text");
  const before = li.querySelector("input, .sb-letter");
  const range = document.createRange();
  range.selectNodeContents(text);
  const lefts = [...range.getClientRects()].filter(r => r.width > 0).map(r => r.left);
  const input = li.querySelector("input");
  return {control: input ? input.getBoundingClientRect().height : null,
          font: parseFloat(getComputedStyle(text).fontSize),
          column: text.getBoundingClientRect().left,
          after: li.querySelector(".sb-letter").getBoundingClientRect().right,
          rows: new Set([...range.getClientRects()].map(r => Math.round(r.top))).size,
          leftmost: Math.min(...lefts)};
})"""


def test_options_keep_their_text_in_a_column_beside_a_control_as_tall(
        phone: Tab, fixture_sides: list[Side]) -> None:
    for which in ("front", "back"):
        options = phone.card(side(fixture_sides, "choice", "wrap-collectives", which)).evaluate(
            CONTROLS_JS)
        assert any(o["rows"] > 1 for o in options)  # option C wraps on a phone
        for o in options:
            assert o["leftmost"] >= o["column"] - 0.5 and o["column"] >= o["after"], o
            if which == "front":
                assert o["control"] >= 18 and o["control"] >= 0.9 * o["font"], o


def test_answer_kind_cards_fit_a_phone(phone: Tab, kinds_sides: list[Side]) -> None:
    """The answer kinds' cards (cloze, true or false, number, short answer with Anki's
    type-in box, matching pairs) as the 390 px test: nothing wider than the screen."""
    assert {s.note_type for s in kinds_sides} == {
        "cloze", "truefalse", "numeric", "short", "matching"}
    problems = {}
    for n, s in enumerate(kinds_sides):
        for night in (False, True):
            page = phone.swap(s, night=night)
            found = page.evaluate(OVERFLOW_JS)
            box = page.evaluate("() => { const b = document.getElementById('typeans');"
                                " return b ? b.getBoundingClientRect().right : 0; }")
            if found or box > PHONE["width"]:
                problems[f"{n} {s.name}{' night' if night else ''}"] = (found, box)
    assert problems == {}
    fronts = [s for s in kinds_sides if s.note_type == "short" and s.side == "front"]
    assert fronts and all('id=typeans' in s.html for s in fronts)


# ---- 7. the note types agree -------------------------------------------------------------

def test_note_types_agree(desktop: Tab, source_sides: list[Side],
                          source_pages: tuple[Page, ...]) -> None:
    rules = []
    for kind in ("flashcard", "open", "choice", "challenge"):
        s = next(x for x in source_sides if x.note_type == kind and x.side == "back")
        rules.append(desktop.card(s).locator("hr#answer").evaluate(
            "e => { const r = e.getBoundingClientRect(); return [r.left, r.width]; }"))
    assert rules[0][1] < DESKTOP["width"] - 40  # the card's column, not the window
    assert all(r == rules[0] for r in rules), rules
    hints = set()
    for kind in ("open", "challenge"):
        s = next(x for x in source_sides if x.note_type == kind and x.side == "front"
                 and "sb-hint" in x.html)
        page = desktop.card(s)
        hints.add(visible_text(page, ".sb-hint summary"))
        if kind == "open":
            order = page.evaluate("""() => [".sb-instruction", "details.sb-hint"]
                .map(q => document.querySelector(q).getBoundingClientRect().top)""")
            assert order == sorted(order)  # "Name 4 concepts." before the hint
    assert hints == {"💡 Hint"}
    challenges = {i.id: i for p in source_pages for i in p.items if isinstance(i, Challenge)}
    assert any(c.category_icon for c in challenges.values())
    for s in source_sides:
        if s.note_type == "challenge":
            item = challenges[s.item_id]
            badge = visible_text(desktop.card(s), ".sb-category")
            assert badge == " ".join(filter(None, (item.category_icon, item.category)))


# ---- 8. sheets on screen -----------------------------------------------------------------

COLUMNS_JS = """() => [...document.querySelectorAll(".items.cols")].map(list => {
  const columns = new Map();
  for (const item of list.children) {
    const r = item.getBoundingClientRect();
    const left = Math.round(r.left);
    if (!columns.has(left)) columns.set(left, []);
    columns.get(left).push([r.top, r.bottom]);
  }
  const gaps = [...columns.values()].flatMap(c => c.sort((a, b) => a[0] - b[0])
      .slice(1).map((box, i) => box[0] - c[i][1]));
  return {columns: columns.size, items: list.children.length,
          widest: Math.max(0, ...gaps)};
})"""


def test_sheet_items_flow_down_columns_without_holes(browser: Any, source_out: Path) -> None:
    tab = Tab(browser, DESKTOP)
    found = []
    for path in sheets(source_out):
        if path.name != "index.html":
            found += tab.sheet(path).evaluate(COLUMNS_JS)
    tab.page.emulate_media(media="print")
    assert tab.page.evaluate(
        "() => getComputedStyle(document.querySelector('.items.cols > .item')).breakInside"
    ) == "avoid"
    tab.close()
    # A list of one item (a page's only matching question) has one column to fill.
    assert [f for f in found if f["items"] > 1]
    assert all(f["columns"] == min(2, f["items"]) for f in found), found
    assert max(f["widest"] for f in found) <= 12  # the items' own margin, never a hole


TILES_JS = """() => [...document.querySelectorAll(".sheets > .item")].map(tile => ({
  title: tile.querySelector("h3").innerText, text: tile.innerText,
  top: Math.round(tile.getBoundingClientRect().top),
  links: tile.querySelector(".links").getBoundingClientRect().top}))"""


def test_index_tiles_follow_the_reading_order_and_line_up(
        desktop: Tab, source_out: Path, source_pages: tuple[Page, ...]) -> None:
    tiles = desktop.sheet(source_out / "html" / "index.html").evaluate(TILES_JS)
    ordered = sorted(source_pages, key=lambda p: (p.order is None, p.order or 0))
    assert all(p.order is not None for p in source_pages)
    assert [t["title"] for t in tiles] == [p.display_title for p in ordered]
    assert tiles[0]["title"].startswith("Foundations")
    assert not any("Cheat Sheet & Quick Revision" in t["text"] for t in tiles)
    assert any("Challenge Your Understanding" in t["text"] for t in tiles)  # its own
    rows: dict[int, list[float]] = {}
    for t in tiles:
        rows.setdefault(t["top"], []).append(t["links"])
    assert any(len(r) > 1 for r in rows.values())
    assert all(max(r) - min(r) <= 1 for r in rows.values()), rows


def test_choice_questions_in_the_fixture_are_what_the_tests_assume() -> None:
    """The fixture's shape, so that a test above cannot pass on an empty page."""
    (page,) = check([VISUALS]).tree.pages
    collectives = next(i for i in page.items if i.id == "wrap-collectives")
    assert isinstance(collectives, MultipleChoice) and collectives.says_pick_all
    assert collectives.correct_letters == ["A", "B", "D"]


# ---- the kinds answered outside lettered options (issue 16) ------------------------------

# Every box inside an item (a line to write on, a blank, a table cell, a word of the word
# bank) within its item's box: nothing runs past an item's frame.
INSIDE_ITEMS_JS = """() => {
  const bad = [];
  for (const item of document.querySelectorAll("main .item")) {
    const frame = item.getBoundingClientRect();
    for (const el of item.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < frame.left - 0.5 || r.right > frame.right + 0.5) {
        bad.push(`${item.id} ${el.tagName}.${el.className} ${r.left}..${r.right} in ` +
                 `${frame.left}..${frame.right}`);
      }
    }
  }
  return bad;
}"""

# What a learner can see of each item: its text with closed <details> left out.
SHOWN_JS = """id => {
  const item = document.getElementById(id);
  const copy = item.cloneNode(true);
  copy.querySelectorAll("details:not([open])").forEach(d => d.remove());
  copy.style.position = "absolute"; copy.style.left = "-9999px";
  document.body.append(copy);
  const text = copy.innerText;
  copy.remove();
  return text;
}"""


@pytest.fixture(scope="module")
def answer_kinds_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sheets(tmp_path_factory.mktemp("visuals-answer-kinds") / "dist")


def test_answer_kind_sheets_fit_a_phone_and_a_desktop(browser: Any,
                                                      answer_kinds_html: Path) -> None:
    """Both sheets and the index of tests/fixtures/consumers/answer-kinds at 390 px and
    at a desktop's width, light and dark, answers closed and open, and laid out for
    print: no page wider than the screen, no box past its item's frame."""
    problems = {}
    paths = sorted(answer_kinds_html.glob("*.html"))
    assert [p.name for p in paths] == ["git-answer-kinds.html", "git-answer-kinds.quiz.html",
                                       "index.html"]
    for viewport in (PHONE, DESKTOP, {"width": 680, "height": 900}):
        tab = Tab(browser, viewport)
        for path in paths:
            page = tab.sheet(path)
            media = "print" if viewport["width"] == 680 else "screen"
            for opened, scheme in ((False, "light"), (True, "light"), (True, "dark")):
                if opened:
                    page.evaluate(OPEN_DETAILS_JS)
                page.emulate_media(media=media, color_scheme=scheme)
                found = page.evaluate(OVERFLOW_JS) + page.evaluate(INSIDE_ITEMS_JS)
                if found:
                    problems[f"{path.name} {viewport['width']} {media} {scheme} "
                             f"{'open' if opened else 'closed'}"] = found
        tab.close()
    assert problems == {}


def test_answer_kinds_show_their_answers_on_the_right_sheet(phone: Tab,
                                                            answer_kinds_html: Path) -> None:
    """The revision sheet shows every answer in its item; the quiz shows none of the
    answers a learner writes until "Show answer" is opened, keeps them out of print
    but for the answer key, and prints that key with all of them."""
    items = answer_kinds_page().items
    page = phone.sheet(answer_kinds_html / "git-answer-kinds.html")
    for item in items:
        shown = page.evaluate(SHOWN_JS, f"i-{item.id}")
        assert all(a in shown for a in answers(item)), (item.id, shown)
    page = phone.sheet(answer_kinds_html / "git-answer-kinds.quiz.html")
    assert not page.locator(".answer-key").is_visible()
    for item in items:
        shown = page.evaluate(SHOWN_JS, f"i-{item.id}")
        assert not [a for a in hidden_in_quiz(item) if a in shown], (item.id, shown)
        page.locator(f"#i-{item.id} details.reveal > summary").click()
        opened = page.evaluate(SHOWN_JS, f"i-{item.id}")
        assert all(a in opened for a in answers(item)), (item.id, opened)
    blanks = page.locator(".blank .write-line")
    assert blanks.count() == sum(len(i.blanks) for i in items if isinstance(i, Cloze))
    assert all((blanks.nth(n).bounding_box() or {"width": 0})["width"] > 30
               for n in range(blanks.count()))
    assert page.locator(".match-left > li").count() == sum(
        len(i.pairs) for i in items if isinstance(i, Matching))
    page.emulate_media(media="print")
    assert page.locator(".answer-key").is_visible()
    key = page.locator(".answer-key").inner_text()
    for item in items:  # on paper, the open <details> are left out
        printed = page.locator(f"#i-{item.id}").inner_text()
        assert "Show answer" not in printed
        assert not [a for a in hidden_in_quiz(item) if a in printed], (item.id, printed)
        if not isinstance(item, Matching):  # its key is numbers to letters
            assert all(a in key for a in answers(item)), item.id
