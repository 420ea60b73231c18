"""The sheets in their real consumers: headless Chromium (through Playwright, driving the
system Chromium, never a downloaded one) and poppler's pdftotext / pdftoppm / pdfinfo."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html  # type: ignore[import-untyped]
import pytest
from pydantic import BaseModel

from builder.build import BuildResult
from builder.model import (
    Challenge,
    Flashcard,
    Item,
    Matching,
    MultipleChoice,
    OpenPrompt,
    Page,
    Tree,
)
from builder.pipeline import check
from builder.render import render_block
from builder.writers.options import Options

from .answer_kinds import answer_kinds_page, answers, build_sheets, hidden_in_quiz, offered
from .conftest import SAMPLE, build_model, require_tool, run_build, writer_report

pytestmark = pytest.mark.consumer
playwright_api = pytest.importorskip("playwright.sync_api")

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The sample tree, html only, PDFs on (the default)."""
    require_tool("chromium")
    out = tmp_path_factory.mktemp("html") / "dist"
    result = run_build(SAMPLE, out, formats=["html"], keep_going=True)
    assert result.ok
    assert not [d for d in result.diagnostics if d.code.startswith("pdf-")]
    return out, result


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = require_tool("chromium")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        yield b
        b.close()


class Visit:
    """A page opened in Chromium with every console message, script error and request
    recorded; any request that is not the page's own file is aborted."""

    def __init__(self, browser: Any, path: Path, *, bypass_csp: bool = False) -> None:
        self.context = browser.new_context(bypass_csp=bypass_csp)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.requests: list[str] = []
        own = path.resolve().as_uri()
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))

        def route(r: Any) -> None:
            if r.request.url == own:
                r.continue_()
            else:
                r.abort()

        self.context.route("**/*", route)
        self.page.goto(own, wait_until="load")
        self.own = own

    def open_all_details(self) -> None:
        for summary in self.page.locator("details > summary").all():
            summary.click()
        self.page.wait_for_timeout(200)  # time for any handler that got through to fire

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.own]

    def close(self) -> None:
        self.context.close()


def pdftext(pdf: Path, *args: str) -> str:
    require_tool("pdftotext")
    # -raw: content-stream order, which Chromium keeps in document order (the default
    # layout analysis can interleave the two columns).
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", *args, str(pdf), "-"],
                          check=True,
                          capture_output=True, text=True, timeout=60).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def plain(markdown: str) -> str:
    """What a reader sees of a Markdown text: the rendered HTML's text."""
    html = render_block(markdown)
    return lxml.html.fragment_fromstring(html, create_parent="div").text_content() if html \
        else ""


def item_texts(item: Item, *, feedback: bool = True) -> list[str]:
    """Every text of an item a printed sheet must show, one entry per line: a list's
    numbers are drawn by the printer, not part of the text."""
    texts = _item_texts(item, feedback)
    return [line for t in texts for line in t.splitlines() if line.strip()]


def _item_texts(item: Item, feedback: bool) -> list[str]:
    if isinstance(item, Flashcard):
        return [plain(item.question), plain(item.answer)]
    if isinstance(item, OpenPrompt):
        return [plain(item.prompt), plain(item.hint or ""), *map(plain, item.concepts)]
    texts = [plain(item.explanation or "")]
    if isinstance(item, MultipleChoice):
        texts.append(plain(item.question))
    else:
        assert isinstance(item, Challenge)
        texts += [plain(item.title), plain(item.body), plain(item.hint or ""), item.category]
        texts += [item.code.text] if item.code else []
    for o in item.options:
        texts += o.output_lines if o.is_output else [plain(o.text)]
        texts += [plain(o.feedback)] if feedback and o.feedback else []
    return texts


def sheets(out: Path) -> list[Path]:
    return sorted((out / "html").glob("*.html"))


def sample_page() -> Page:
    (page,) = check([SAMPLE]).tree.pages
    return page


def test_every_sheet_loads_with_no_console_error_and_no_request(
        browser: Any, built: tuple[Path, BuildResult]) -> None:
    out, _ = built
    assert len(sheets(out)) == 3
    for path in sheets(out):
        visit = Visit(browser, path)
        visit.open_all_details()
        assert visit.console == [], (path.name, visit.console)
        assert visit.foreign_requests() == [], (path.name, visit.foreign_requests())
        visit.close()


def test_quiz_reveals_an_answer_on_click(browser: Any,
                                         built: tuple[Path, BuildResult]) -> None:
    out, _ = built
    page = sample_page()
    card = page.items[0]
    assert isinstance(card, Flashcard)
    visit = Visit(browser, out / "html" / f"{page.slug}.quiz.html")
    first = visit.page.locator("details.reveal").first
    answer = plain(card.answer)
    assert answer not in first.inner_text()
    assert not visit.page.locator(".answer-key").is_visible()  # the key is for paper
    first.locator("summary").click()
    assert answer in first.inner_text()
    visit.close()


def test_pdfs_have_sane_pages_and_every_item_text(
        built: tuple[Path, BuildResult]) -> None:
    out, result = built
    page = sample_page()
    assert sorted(result.outputs["html"]) == sorted(
        [f"html/{page.slug}{mode}.{ext}" for mode in ("", ".quiz") for ext in ("html", "pdf")]
        + ["html/index.html"])
    for mode, feedback in (("", True), (".quiz", False)):
        pdf = out / "html" / f"{page.slug}{mode}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                              text=True, timeout=60).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
        assert 1 <= pages <= 4, (pdf.name, pages)
        assert "(A4)" in info
        text = squash(pdftext(pdf))
        missing = [t for item in page.items for t in item_texts(item, feedback=feedback)
                   if squash(t) not in text]
        assert missing == [], (pdf.name, missing)
        assert squash(f"Page 1 of {pages}") in text  # @page margin box
    sheet = squash(pdftext(out / "html" / f"{page.slug}.pdf"))
    # In black and white the key is the tick before its letter, not a colour.
    for item in page.items:
        if isinstance(item, MultipleChoice | Challenge):
            for o in item.options:
                first = o.output_lines[0] if o.is_output else plain(o.text)
                ticked = squash(f"✔{o.letter}{first}") in sheet
                assert ticked == o.correct, (item.id, o.letter)
    quiz = squash(pdftext(out / "html" / f"{page.slug}.quiz.pdf"))
    assert "✔" not in quiz and "Answerkey" in quiz


def test_no_question_is_split_from_its_options(built: tuple[Path, BuildResult]) -> None:
    out, _ = built
    page = sample_page()
    pdf = out / "html" / f"{page.slug}.pdf"
    count = len(re.findall("\f", pdftext(pdf)))
    per_page = [squash(pdftext(pdf, "-f", str(n), "-l", str(n))) for n in range(1, count + 1)]
    for item in page.items:
        if isinstance(item, MultipleChoice | Challenge) and item.options:
            head = plain(item.question if isinstance(item, MultipleChoice) else item.title)
            parts = [head] + [o.output_lines[0] if o.is_output else plain(o.text)
                              for o in item.options]
            where = {i for i, text in enumerate(per_page) for p in parts if squash(p) in text}
            assert len(where) == 1, (item.id, where)


def test_a_long_page_breaks_between_items_never_inside_one(tmp_path: Path) -> None:
    """Thirty-six questions of mixed lengths fill several pages; each question's text,
    options and explanation stay on one page."""
    lines = ["Title: Long", "Subject: Test", "Recall & Review"]
    for n in range(36):
        lines += [f"Question {n:02d} asks " + "which of these is right " * (n % 4 + 1),
                  *(f"{letter}option {letter} of {n:02d} " + "more words " * (n % 7 * 2)
                    for letter in "ABCD"),
                  "Answer: A", f"Explanation: Reason {n:02d}: " + "because it is so " * (n % 5 + 1),
                  f"Id: q{n:02d}"]
    source = tmp_path / "source"
    source.mkdir()
    (source / "long.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (page,) = check([source]).tree.pages
    assert [i.id for i in page.items] == [f"q{n:02d}" for n in range(36)]
    result = run_build(source, tmp_path / "dist", formats=["html"])
    assert result.ok and writer_report(result, source) == []
    pdf = tmp_path / "dist" / "html" / "long.pdf"
    count = pdftext(pdf).count("\f")
    assert count >= 3
    per_page = [squash(pdftext(pdf, "-f", str(n), "-l", str(n))) for n in range(1, count + 1)]
    for n in range(36):
        parts = [f"Question {n:02d} asks", f"Reason {n:02d}:",
                 *(f"option {letter} of {n:02d}" for letter in "ABCD")]
        where = [{i for i, text in enumerate(per_page) if squash(p) in text} for p in parts]
        assert all(len(w) == 1 for w in where) and len(set.union(*where)) == 1, (n, where)


def test_printed_page_renders_to_an_image(built: tuple[Path, BuildResult],
                                          tmp_path: Path) -> None:
    """The first printed page as a greyscale image (pdftoppm): A4-shaped and inked, with
    neither an empty page nor a black one."""
    require_tool("pdftoppm")
    out, _ = built
    pdf = out / "html" / f"{sample_page().slug}.pdf"
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-gray", "-singlefile",
                    str(pdf), str(tmp_path / "page")], check=True, timeout=60)
    data = (tmp_path / "page.pgm").read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert m
    width, height = int(m[1]), int(m[2])
    assert abs(height / width - 297 / 210) < 0.02
    pixels = data[m.end():]
    assert len(pixels) == width * height
    ink = sum(1 for b in pixels if b < 160) / len(pixels)
    assert 0.01 < ink < 0.4, ink


# ---- hostile text in every field -------------------------------------------------------

PAYLOADS = (
    "<script>window.__pwned='script'</script>",
    "<img src=x onerror=\"window.__pwned='img'\">",
    "[click](javascript:window.__pwned='link')",
    "\"><svg onload=\"window.__pwned='svg'\">",
    "</style><script>window.__pwned='style'</script>",
    "'; } body { display: none } /*",
    "javascript:window.__pwned='bare'",
)
HOSTILE = " ".join(PAYLOADS)
# Fields whose values are constrained (ids, letters, paths) or not text.
KEEP = {"id", "slug", "path", "letter", "file", "root", "kind", "schema_version"}


def poison(node: BaseModel) -> Any:
    def one(value: object) -> object:
        if isinstance(value, str):
            return f"{value} {HOSTILE}"
        if isinstance(value, BaseModel):
            return poison(value)
        if isinstance(value, tuple):
            return tuple(one(v) for v in value)
        return value

    return node.model_copy(update={name: one(value) for name, value in node
                                   if name not in KEEP})


def test_hostile_text_in_every_field_is_shown_and_never_runs(browser: Any,
                                                             tmp_path: Path) -> None:
    tree: Tree = poison(check([SAMPLE]).tree)
    assert HOSTILE in tree.pages[0].items[0].question  # type: ignore[union-attr]
    build_model(tree, tmp_path, ["html"], source_root=SAMPLE)
    files = sheets(tmp_path)
    assert len(files) == 3
    for path in files:
        # Even with the page's CSP switched off, nothing the source wrote can run.
        for bypass in (True, False):
            visit = Visit(browser, path, bypass_csp=bypass)
            visit.open_all_details()
            p = visit.page
            assert p.evaluate("typeof window.__pwned") == "undefined", path.name
            assert p.evaluate("document.scripts.length") == 0
            assert p.evaluate("""() => [...document.querySelectorAll('*')].flatMap(
                e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on'))""") == []
            assert p.evaluate("""() => [...document.querySelectorAll('[href],[src]')].map(
                e => e.getAttribute('href') || e.getAttribute('src'))
                .filter(u => /^\\s*javascript:/i.test(u))""") == []
            assert p.locator("h1").inner_text() != ""  # CSS from the source hid nothing
            assert p.locator("h1").is_visible()
            assert visit.console == [] and visit.foreign_requests() == [], path.name
            text = p.locator("body").inner_text()
            assert PAYLOADS[0] in text and PAYLOADS[4] in text  # shown as text
            visit.close()


def test_answer_kind_pdfs_print_answers_on_the_sheet_and_in_the_key(
        tmp_path: Path) -> None:
    """tests/fixtures/consumers/answer-kinds printed by the build: the revision sheet's
    PDF has every answer; the quiz's pages before its answer key have none of the answers
    a learner writes, and the key has them all."""
    require_tool("chromium")
    html = build_sheets(tmp_path / "dist", Options())
    items = answer_kinds_page().items
    sheet = squash(pdftext(html / "git-answer-kinds.pdf"))
    assert [a for item in items for a in answers(item) if squash(a) not in sheet] == []
    assert all(squash(t) in sheet for item in items for t in offered(item)
               if t not in ("True", "False"))
    quiz = html / "git-answer-kinds.quiz.pdf"
    pages = [squash(pdftext(quiz, "-f", str(n), "-l", str(n)))
             for n in range(1, pdftext(quiz).count("\f") + 1)]
    start = next(n for n, text in enumerate(pages) if "Answerkey" in text)
    assert start >= 1 and "Showanswer" not in "".join(pages)
    before, key = "".join(pages[:start]), "".join(pages[start:])
    shown = squash(" ".join(t for item in items for t in offered(item)))
    hidden = [a for item in items for a in hidden_in_quiz(item) if squash(a) not in shown]
    assert hidden and [a for a in hidden if squash(a) in before] == []
    assert [a for item in items if not isinstance(item, Matching) for a in answers(item)
            if squash(a) not in key] == []
    assert all(squash(t) in before for item in items for t in offered(item))
