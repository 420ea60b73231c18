"""The HTML writer without a browser: structure, escaping rules, PDF options and dates.
The browser-side proofs (Chromium, pdftotext) are in test_html_browser.py."""

from __future__ import annotations

import re
import time
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.build import BuildResult
from builder.model import Tree
from builder.pipeline import check
from builder.writers.html.filters import css_string
from builder.writers.html.pdf import with_paper
from builder.writers.html.pdfbytes import page_count, stamp_dates
from builder.writers.html.sheet import sections
from builder.writers.options import HtmlOptions, Options

from .conftest import NO_PDF, SAMPLE, run_build, writer_report

SLUG = "pytorch-ddp-basics"


def has(cls: str) -> str:
    """XPath test for an element with the HTML class ``cls``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')"


def sample_tree() -> Tree:
    return check([SAMPLE]).tree


def write(out: Path, html: HtmlOptions, source: Path = SAMPLE) -> BuildResult:
    """A build of the HTML alone; its sheets are in ``out``/html."""
    result = run_build(source, out, formats=["html"], keep_going=True,
                       options=Options(html=html))
    assert result.ok
    return result


@pytest.fixture(scope="module")
def html_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "dist"
    assert run_build(SAMPLE, out, formats=["html"], keep_going=True, options=NO_PDF).ok
    return out / "html"


def test_files_per_page_and_an_index(html_only: Path) -> None:
    assert sorted(p.name for p in html_only.iterdir()) == [
        "index.html", f"{SLUG}.html", f"{SLUG}.quiz.html"]
    index = lxml.html.parse(str(html_only / "index.html")).getroot()
    assert {a.get("href") for a in index.iter("a")} == {f"{SLUG}.html", f"{SLUG}.quiz.html"}


def test_every_item_once_numbered_in_source_order_within_its_kind() -> None:
    (page,) = sample_tree().pages
    secs = sections(page)
    assert [s.key for s in secs] == ["flashcard", "choice", "lost", "open", "challenge"]
    entries = [e for s in secs for e in s.entries]
    assert [e.number for e in entries] == list(range(1, len(page.items) + 1))
    assert sorted(e.item.id for e in entries) == sorted(i.id for i in page.items)
    for s in secs:
        order = [page.items.index(e.item) for e in s.entries]
        assert order == sorted(order)


def test_sheet_shape(html_only: Path) -> None:
    doc = lxml.html.parse(str(html_only / f"{SLUG}.html")).getroot()
    (page,) = sample_tree().pages
    assert len(doc.xpath(f"//li[{has('item')}]")) == len(page.items)
    assert doc.xpath("//h1")[0].text_content() == page.display_title
    # Each correct option carries a tick and the class that frames it; no other does.
    for li in doc.xpath(f"//li[{has('option')}]"):
        tick = li.xpath(f".//span[{has('mark')}]")[0].text_content()
        assert (tick == "✔") == ("correct" in li.classes)
    assert len(doc.xpath(f"//li[{has('option')} and {has('correct')}]")) == sum(
        len(i.correct_letters) for i in page.items if hasattr(i, "correct_letters"))
    label = doc.xpath(f"//li[{has('lost')}]/p[{has('lost-label')}]")[0]
    assert label.text_content() == "Options not kept"
    # The challenge's code, highlighted by Pygments.
    assert doc.xpath(f"//pre[{has('hl')}]/code[{has('language-python')}]")
    assert not doc.xpath("//details"), "the revision sheet shows every answer in place"


def test_quiz_hides_answers_behind_details_and_keys_them(html_only: Path) -> None:
    doc = lxml.html.parse(str(html_only / f"{SLUG}.quiz.html")).getroot()
    (page,) = sample_tree().pages
    assert not doc.xpath(f"//li[{has('correct')}]")
    assert not doc.xpath("//script"), "the quiz needs no script"
    items = doc.xpath(f"//main/section/ol[{has('items')}]/li[{has('item')}]")
    assert len(items) == len(page.items)
    assert all(li.xpath(f"details[{has('reveal')}]") for li in items)
    key = doc.xpath(f"//section[{has('answer-key')}]/ol/li")
    assert len(key) == len(page.items)


def test_self_contained(html_only: Path) -> None:
    for path in html_only.glob("*.html"):
        doc = lxml.html.parse(str(path)).getroot()
        assert not doc.xpath("//script | //link[@rel='stylesheet'] | //iframe | //object | //img")
        csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
        assert "default-src 'none'" in csp
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:src|href)=\"(?:https?:)?//", text)
        assert "@import" not in text and "url(http" not in text


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_css_string_cannot_leave_the_string_or_the_style(text: str) -> None:
    quoted = str(css_string(text))
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"'
    assert re.fullmatch(r"(?:[A-Za-z0-9 ]|\\[0-9a-f]{6} )*", inner)
    # Decoding the escapes the way CSS does gives the text back.
    assert re.sub(r"\\([0-9a-f]{6}) ", lambda m: chr(int(m[1], 16)), inner) == text


def test_remote_images_become_alt_text_and_check_warns(tmp_path: Path) -> None:
    src = tmp_path / "source"
    src.mkdir()
    (src / "p.txt").write_text(
        "Title: Images\nSubject: Logos\nRecall & Review\nbeginner\nWhich logo?\n"
        '![a "<logo>" & more](https://example.com/l.png) this one\nClick to reveal answer\n',
        encoding="utf-8")
    result = write(tmp_path / "dist", HtmlOptions(pdf=False), src)
    html = (tmp_path / "dist" / "html" / "p.html").read_text(encoding="utf-8")
    assert "example.com" not in html and "<img" not in html
    assert '[image: a "&lt;logo&gt;" &amp; more]' in html.replace("&#34;", '"')
    # `check` says so (at the image's line); the writer adds nothing of its own.
    assert writer_report(result, src) == []
    found = check([src]).diagnostics
    assert [d.code for d in found] == ["html-image-not-embedded"]
    assert found[0].line == 6


def test_pdf_off_writes_no_pdf_and_says_nothing(tmp_path: Path) -> None:
    result = write(tmp_path / "dist", HtmlOptions(pdf=False))
    assert not list(tmp_path.rglob("*.pdf")) and writer_report(result, SAMPLE) == []
    assert result.manifest["formats"]["html"] == {  # type: ignore[index]
        "sheets": 2, "pdf": "off (options pdf=False)"}


def test_missing_engine_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    result = write(tmp_path / "dist", HtmlOptions(chromium="no-such-chromium-here"))
    assert not list(tmp_path.rglob("*.pdf"))
    assert (tmp_path / "dist" / "html" / f"{SLUG}.html").is_file()
    (diag,) = writer_report(result, SAMPLE)
    assert diag.code == "pdf-skipped" and "no-such-chromium-here" in diag.message
    index = (tmp_path / "dist" / "html" / "index.html").read_text(encoding="utf-8")
    assert ".pdf" not in index


def test_a_failing_engine_is_reported_per_file(tmp_path: Path) -> None:
    result = write(tmp_path / "out", HtmlOptions(chromium="false"))
    report = writer_report(result, SAMPLE)
    assert [d.code for d in report] == ["pdf-failed", "pdf-failed"]
    assert f"html/{SLUG}.pdf was not printed" in report[0].message
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_pdf_dates_become_the_epoch_without_moving_bytes() -> None:
    pdf = (b"%PDF-1.4\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261122070713+00'00')\n"
           b"/ModDate (D:20261122070713+00'00')>>\n")
    fixed = stamp_dates(pdf, 1700000000)
    assert len(fixed) == len(pdf)
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(1700000000)).encode()
    assert fixed.count(b"(D:" + stamp + b"+00'00')") == 2


def test_pdf_copy_fixes_the_paper_only() -> None:
    html = "<html><head><style>@page { size: auto }</style></head><body>x</body></html>"
    a4 = with_paper(html, "a4")
    assert a4.replace("<style>@page { size: A4; }</style>\n", "") == html
    assert a4.index("size: A4") > a4.index("size: auto")  # later rule wins
    assert page_count(b"<</Type /Pages /Count 2>> <</Type /Page>> <</Type/Page /X 1>>") == 2
