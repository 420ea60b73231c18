"""The link step's printing: every sheet to a PDF beside it, through one browser for the
whole build (:class:`.pdf.Printer`, started only when a sheet needs printing), each print
reused when the last build or the build cache holds one of the same bytes on the same
paper with the same Chromium and fonts."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from builder.diagnostics import Diagnostic, codes, warning

from ..base import Output, Settings
from .chromium import PAPER, engine_identity, find_engine, font_identity, print_key
from .filters import FOLDER
from .pdf import PdfError, Printer
from .pdfbytes import page_count


@dataclass(frozen=True)
class Job:
    """How this build prints (options read and checked)."""

    engine: str
    paper: str
    timeout: float  # seconds per sheet
    jobs: int  # sheets printing at once
    epoch: int
    fonts: bytes  # font_identity(), read once a build


def _explicit(settings: Settings) -> str | None:
    return settings.options.html.chromium or None


def link_inputs(settings: Settings) -> bytes:
    """Whether a browser is there to print with (one installed since is used)."""
    if not settings.options.html.pdf:
        return b""
    engine = find_engine(_explicit(settings))
    if engine is None:
        return b"no engine"
    # An upgraded Chromium or a font installed since prints differently: print again.
    return engine_identity(engine) + b"\0" + font_identity()


def print_sheets(out: Output, names: list[str], stats: dict[str, object],
                 report: list[Diagnostic]) -> list[str]:
    """Print each sheet (``names`` under html/, already written) to a PDF beside it,
    reusing an earlier build's print of the same bytes; returns the PDFs written."""
    if not out.settings.options.html.pdf:
        stats["pdf"] = "off (options pdf=False)"
        return []
    job = _job(out.settings, stats, report)
    if job is None:
        return []
    # Twice as many threads as tabs: while one thread writes a PDF or reads the cache,
    # the browser already has the next sheet.
    with Printer(job.engine, paper=job.paper, timeout=job.timeout, jobs=job.jobs,
                 epoch=job.epoch) as printer, \
            ThreadPoolExecutor(max_workers=2 * job.jobs) as pool:
        outcomes = list(pool.map(partial(_print_one, out, job, printer), names))
    written = _written(out, names, outcomes, report)
    stats.update(pdf=f"chromium ({job.paper})",
                 pdf_pages={rel: page_count(out.read(rel))
                            for rel in written})
    return written


def _job(settings: Settings, stats: dict[str, object],
         report: list[Diagnostic]) -> Job | None:
    """The build's printing options, or None (and a warning) without a Chromium."""
    explicit = _explicit(settings)
    engine = find_engine(explicit)
    if engine is None:
        looked = explicit or "chromium, chromium-browser, google-chrome"
        stats["pdf"] = "skipped: no Chromium"
        report.append(warning(
            codes.PDF_SKIPPED, None,
            f"no PDF engine found (looked for {looked}); the HTML sheets were written "
            "without PDFs",
            "install Chromium (apt-get install chromium) or build with PDFs off"))
        return None
    html = settings.options.html
    paper = html.paper.lower()
    if paper not in PAPER:
        raise ValueError(f"HtmlOptions paper={paper!r} is not one of {', '.join(PAPER)}")
    return Job(engine, paper, timeout=float(html.timeout), jobs=max(1, html.jobs),
               epoch=settings.epoch, fonts=font_identity())


def _pdf_name(name: str) -> str:
    return f"{FOLDER}/{name.removesuffix('.html')}.pdf"


def _print_one(out: Output, job: Job, printer: Printer, name: str) -> str | PdfError:
    # The sheet is read back from the output: the build caches units without their
    # files, and a print reused from the last build or the cache never needs the
    # markup beyond its key (nor a browser: the printer starts on its first print).
    html = out.read(f"{FOLDER}/{name}")
    rel = _pdf_name(name)
    key = print_key(html, engine=job.engine, paper=job.paper, epoch=job.epoch,
                    fonts=job.fonts)
    try:
        out.memoized(rel, (key,), lambda: printer.print(html.decode("utf-8")))
    except PdfError as exc:  # not cached: the next build tries again
        return exc
    return rel


def _written(out: Output, names: list[str], outcomes: list[str | PdfError],
             report: list[Diagnostic]) -> list[str]:
    """The PDFs printed; a warning for each sheet that was not."""
    written: list[str] = []
    for name, outcome in zip(names, outcomes, strict=True):
        if isinstance(outcome, PdfError):
            rel = _pdf_name(name)
            out.retry()  # try again next build
            report.append(warning(
                codes.PDF_FAILED, None, f"{rel} was not printed: {outcome}",
                f"open {rel.removesuffix('.pdf')}.html in a browser to see why, or "
                "build with PDFs off"))
            continue
        written.append(outcome)
    return written
