"""PDFs through one Chromium per build: one browser for every sheet, PDFs that poppler
reads (pages, paper, text), prints of unchanged sheets reused without a browser, and
`watch` printing none."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder import watch
from builder.cache import Cache
from builder.writers.html import printing
from builder.writers.html.pdf import PdfError, Printer, with_paper

from .conftest import NO_PDF, SAMPLE, TEMPLATES, require_tool, run_build, writer_report

pytestmark = pytest.mark.consumer


class Counting(Printer):
    """The real printer, counting what it prints."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.printed = 0
        self._count = threading.Lock()

    def print(self, html: str) -> bytes:
        with self._count:
            self.printed += 1
        return super().print(html)


@pytest.fixture
def printers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Counting]]:
    """Every printer the HTML writer makes from now on."""
    made: list[Counting] = []

    class Recorded(Counting):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(printing, "Printer", Recorded)
    yield made


def pdfinfo(pdf: Path) -> dict[str, str]:
    require_tool("pdfinfo")
    said = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    return dict(line.split(":", 1) for line in said.splitlines() if ":" in line)


def pdftext(pdf: Path) -> str:
    require_tool("pdftotext")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout


def write_tree(folder: Path, names: list[str]) -> Path:
    """A page per name, each of three flashcards."""
    folder.mkdir(parents=True)
    for name in names:
        cards = "".join(f"beginner\nWhat is {name} number {n}?\nThe {name} answer {n}.\n"
                        f"Click to reveal answer\nId: {name}-{n}\n" for n in range(3))
        (folder / f"{name}.txt").write_text(
            f"Title: Page {name}\nSubject: Test\nField: ml\n\nRecall & Review\n\n{cards}",
            encoding="utf-8")
    return folder


def write_page(folder: Path, name: str, answer: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(
        f"Title: Page {name}\nSubject: Test\nField: ml\n\nRecall & Review\n\nbeginner\n"
        f"What is {name}?\n{answer}\nClick to reveal answer\nId: {name}-1\n", encoding="utf-8")


def test_one_browser_prints_every_sheet_of_a_build(tmp_path: Path, printers: list[Counting],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    require_tool("chromium")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    names = ["north", "south", "east", "west"]
    source, out = write_tree(tmp_path / "source", names), tmp_path / "dist"
    result = run_build(source, out, formats=["html"], jobs=1)
    assert result.ok and writer_report(result, source) == []
    (printer,) = printers
    assert printer.launches == 1 and printer.printed == 8
    for name in names:
        # The quiz's answer key starts a page of its own.
        for suffix, kind, pages in (("", "Revision sheet", 1), (".quiz", "Quiz", 2)):
            pdf = out / "html" / f"{name}{suffix}.pdf"
            info = pdfinfo(pdf)
            assert int(info["Pages"]) == pages and "(A4)" in info["Page size"], info
            assert info["Tagged"].strip() == "yes"
            # The epoch, not the print time (pdfinfo shows it in local time: the year).
            assert "2023" in info["CreationDate"]
            text = pdftext(pdf)
            assert f"Page {name}" in text and kind in text and f"Page 1 of {pages}" in text
            assert f"What is {name} number 2?" in text
    counted = result.manifest["formats"]["html"]["pdf_pages"]  # type: ignore[index]
    assert counted == {f"html/{n}{s}.pdf": p for n in names for s, p in (("", 1), (".quiz", 2))}


def test_letter_paper_from_a_printer_called_from_many_threads(tmp_path: Path) -> None:
    require_tool("chromium")
    sheet = ("<!doctype html><html><head><title>t</title></head><body><h1>Sheet {n}</h1>"
             "</body></html>")
    with Printer(require_tool("chromium"), paper="letter", timeout=60, jobs=2,
                 epoch=1700000000) as printer:
        results: dict[int, bytes] = {}

        def one(n: int) -> None:
            results[n] = printer.print(sheet.format(n=n))

        threads = [threading.Thread(target=one, args=(n,)) for n in range(5)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert printer.launches == 1
    assert sorted(results) == list(range(5))
    for n, pdf in results.items():
        path = tmp_path / f"{n}.pdf"
        path.write_bytes(pdf)
        info = pdfinfo(path)
        assert "(letter)" in info["Page size"] and "2023" in info["CreationDate"], info
        assert f"Sheet {n}" in pdftext(path)  # each caller got its own sheet


def test_prints_look_as_chromiums_own_print_to_pdf(tmp_path: Path) -> None:
    """The same sheet printed by Chromium's command line (``--print-to-pdf``, what the
    writer ran before) and by the printer: the same pages, pixel for pixel."""
    chromium = require_tool("chromium")
    require_tool("pdftoppm")
    out = tmp_path / "dist"
    assert run_build(SAMPLE, out, formats=["html"], keep_going=True,
                     options=NO_PDF).ok
    sheet = out / "html" / "pytorch-ddp-basics.html"
    ours = tmp_path / "ours.pdf"
    with Printer(chromium, paper="a4", timeout=60, jobs=1, epoch=0) as printer:
        ours.write_bytes(printer.print(sheet.read_text(encoding="utf-8")))
    # The command line prints the file as it is, so it gets the paper rule we add.
    fixed = tmp_path / "sheet.html"
    fixed.write_text(with_paper(sheet.read_text(encoding="utf-8"), "a4"), encoding="utf-8")
    theirs = tmp_path / "theirs.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-extensions", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={theirs}",
                    fixed.as_uri()], check=True, capture_output=True, timeout=120)
    assert pdfinfo(ours)["Pages"] == pdfinfo(theirs)["Pages"]
    assert pdfinfo(ours)["Page size"] == pdfinfo(theirs)["Page size"]
    assert pdfinfo(ours)["Tagged"] == pdfinfo(theirs)["Tagged"]
    for name in ("ours", "theirs"):
        subprocess.run(["pdftoppm", "-r", "50", "-gray", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True, timeout=60)
    pages = sorted(p.name.removeprefix("ours") for p in tmp_path.glob("ours-*.pgm"))
    assert len(pages) == int(pdfinfo(ours)["Pages"])
    for page in pages:
        assert (tmp_path / f"ours{page}").read_bytes() == \
            (tmp_path / f"theirs{page}").read_bytes(), page


def test_a_browser_that_cannot_start_fails_every_print_fast() -> None:
    with Printer("/bin/false", paper="a4", timeout=30, jobs=2, epoch=0) as printer:
        for _ in range(3):
            with pytest.raises(PdfError, match="Chromium did not start"):
                printer.print("<p>x</p>")
        assert printer.launches == 1  # tried once, not once per sheet


def browsers_of_this_process() -> set[int]:
    """Chromium browser processes (not their helpers) started under this test process."""
    parents: dict[int, int] = {}
    pipes: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(stat[1])
            args = (entry / "cmdline").read_bytes().split(b"\0")
            if b"--remote-debugging-pipe" in args and not any(
                    a.startswith(b"--type=") for a in args):  # helpers have a --type
                pipes.add(int(entry.name))
        except OSError:
            continue

    def ours(pid: int) -> bool:
        while pid > 1:
            if pid == os.getpid():
                return True
            pid = parents.get(pid, 0)
        return False

    return {pid for pid in pipes if ours(pid)}


def test_a_browser_that_dies_is_started_again() -> None:
    require_tool("chromium")
    if not Path("/proc/self/stat").is_file():
        pytest.skip("needs /proc to find the browser")
    before = browsers_of_this_process()
    with Printer(require_tool("chromium"), paper="a4", timeout=60, jobs=1,
                 epoch=0) as printer:
        assert printer.print("<p>first</p>").startswith(b"%PDF")
        (browser,) = browsers_of_this_process() - before
        os.kill(browser, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while browser in browsers_of_this_process() and time.monotonic() < deadline:
            time.sleep(0.1)
        # The print in flight when it died may fail; the next starts a new browser.
        with contextlib.suppress(PdfError):
            printer.print("<p>second</p>")
        assert printer.print("<p>third</p>").startswith(b"%PDF")
        assert printer.launches == 2


def test_unchanged_sheets_keep_their_pdfs_and_start_no_browser(
        tmp_path: Path, printers: list[Counting]) -> None:
    require_tool("chromium")
    src, out, cache = tmp_path / "src", tmp_path / "dist", tmp_path / "cache"
    write_page(src, "alpha", "The first one.")
    write_page(src, "beta", "The second one.")

    def build() -> None:
        result = run_build(src, out, formats=["html"], cache=cache, jobs=1)
        assert result.ok and not [d for d in result.diagnostics if d.code.startswith("pdf")]

    build()
    assert [(p.launches, p.printed) for p in printers] == [(1, 4)]
    inode = {p.name: p.stat().st_ino for p in (out / "html").glob("*.pdf")}
    assert len(inode) == 4

    build()  # nothing changed: the link step is the last build's
    assert len(printers) == 1

    write_page(src, "beta", "The second one, reworded.")
    build()
    assert (printers[-1].launches, printers[-1].printed) == (1, 2)  # beta's two sheets
    now = {p.name: p.stat().st_ino for p in (out / "html").glob("*.pdf")}
    assert now["alpha.pdf"] == inode["alpha.pdf"]  # hard-linked from the last build
    assert now["alpha.quiz.pdf"] == inode["alpha.quiz.pdf"]
    assert now["beta.pdf"] != inode["beta.pdf"]
    assert "reworded" in pdftext(out / "html" / "beta.pdf")

    # A new output folder: the prints come from the build cache, still with no browser.
    fresh = tmp_path / "elsewhere"
    assert run_build(src, fresh, formats=["html"], cache=cache, jobs=1).ok
    assert (printers[-1].launches, printers[-1].printed) == (0, 0)
    assert sorted(p.name for p in (fresh / "html").glob("*.pdf")) == sorted(now)


def test_watch_prints_no_pdf(tmp_path: Path, printers: list[Counting]) -> None:
    src, out = tmp_path / "src", tmp_path / "dist"
    write_page(src, "alpha", "The first one.")
    said: list[str] = []
    watch.rebuild(src, out, TEMPLATES, ["html"], watch.Status(), said.append,
                  Cache(tmp_path / "cache", memory=True))
    assert said == ["rebuilt: 1 items"]
    assert printers == [] and not list(out.rglob("*.pdf"))
