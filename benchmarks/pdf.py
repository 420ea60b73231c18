"""What printing PDFs costs per sheet: the same tree built with PDFs and without, in one run.

    python -m benchmarks.pdf 10000 --runs 3

The tree is generated afresh under /tmp/study-bench-pdf-N (benchmarks.generate). Each run
builds it twice from nothing (a fresh output folder and cache), all formats as `build`
does by default: with `--no-pdf`, then with PDFs. A sheet's PDF costs
(with − without) / sheets, amortised over the build; the table gives min, median and
max over the runs (target: ≤ 150 ms a sheet on 2 cores) and the ratio of the two builds.
For scale, ``--baseline K`` also prints K sheets the way the writer did before one
browser served a whole build: a ``chromium --headless --print-to-pdf`` process per sheet,
two at a time. Needs Chromium and GNU time (/usr/bin/time).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from builder.writers.html.chromium import find_engine

from .generate import write_tree
from .run import measure

OLD_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-extensions", "--no-pdf-header-footer",
             "--hide-scrollbars")


def build(src: Path, root: Path, fmt: list[str], pdf: bool) -> tuple[float, dict[str, object]]:
    out, cache = root / "dist", root / "cache"
    for folder in (out, cache):
        shutil.rmtree(folder, ignore_errors=True)
    cmd = [sys.executable, "-m", "builder", "build", "--source", str(src), "--out", str(out), "-q",
           "--cache", str(cache), *fmt, *([] if pdf else ["--no-pdf"])]
    wall, _ = measure(cmd)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    html: dict[str, object] = manifest["formats"]["html"]
    return wall, html


def one_process_per_sheet(engine: str, sheets: list[Path]) -> float:
    """Seconds per sheet printing ``sheets`` as the writer once did."""
    def one(sheet: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
            subprocess.run([engine, *OLD_FLAGS, f"--user-data-dir={tmp}/profile",
                            f"--print-to-pdf={tmp}/sheet.pdf", sheet.as_uri()],
                           capture_output=True, timeout=120, check=True)

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, sheets))
    return (time.perf_counter() - start) / len(sheets)


def spread(values: list[float]) -> str:
    return (f"{min(values):.0f} / {statistics.median(values):.0f} / {max(values):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("items", type=int, nargs="?", default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", action="append", default=[],
                        help="build only these formats (html is always among them)")
    parser.add_argument("--baseline", type=int, default=20, metavar="K",
                        help="sheets printed one process each, for scale (0: none)")
    args = parser.parse_args()
    engine = find_engine()
    if engine is None:
        raise SystemExit("no Chromium on PATH: nothing to measure")
    root = Path(f"/tmp/study-bench-pdf-{args.items}")
    shutil.rmtree(root, ignore_errors=True)
    write_tree(args.items, root)
    src = root / "source"
    fmt = [f for name in sorted({*args.format, "html"}) for f in ("--format", name)] \
        if args.format else []

    without: list[float] = []
    with_pdf: list[float] = []
    sheets = 0
    for _ in range(args.runs):
        wall, _ = build(src, root / "no-pdf", fmt, pdf=False)
        without.append(wall)
        wall, html = build(src, root / "pdf", fmt, pdf=True)
        with_pdf.append(wall)
        sheets = int(str(html["sheets"]))
        printed = html.get("pdf_pages")
        if not isinstance(printed, dict) or len(printed) != sheets:
            raise SystemExit(f"only {len(printed or {})} of {sheets} sheets were printed")
    per_sheet = [(w - n) / sheets * 1000 for w, n in zip(with_pdf, without, strict=True)]
    ratios = [w / n for w, n in zip(with_pdf, without, strict=True)]
    what = " ".join(fmt[1::2]) or "all formats"
    print(f"{args.items} items, {sheets} sheets, {what}, cold builds, {args.runs} runs "
          "(min / median / max)")
    print("| measure | value |\n|---|---:|")
    print(f"| build without PDFs, s | {spread(without)} |")
    print(f"| build with PDFs, s | {spread(with_pdf)} |")
    print(f"| PDF cost per sheet, amortised, ms (target ≤ 150) | {spread(per_sheet)} |")
    print(f"| with / without | {min(ratios):.2f} / {statistics.median(ratios):.2f} / "
          f"{max(ratios):.2f} |")
    print(f"| build with PDFs per sheet, ms | {spread([w / sheets * 1000 for w in with_pdf])} |")
    if args.baseline:
        sample = sorted((root / "pdf" / "dist" / "html").glob("*.html"))
        sample = [s for s in sample if s.name != "index.html"][:args.baseline]
        old = one_process_per_sheet(engine, sample) * 1000
        print(f"| one Chromium process per sheet, 2 at a time ({len(sample)} sheets), "
              f"ms per sheet | {old:.0f} |")
        print(f"| that / PDF cost per sheet (median) | "
              f"{old / statistics.median(per_sheet):.1f} |")


if __name__ == "__main__":
    main()
