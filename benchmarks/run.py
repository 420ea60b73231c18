"""Time and memory of `build`, per format and in all, beside text2qti and raw genanki.

    python -m benchmarks.run 1000 10000 100000

Trees are generated afresh under /tmp/study-bench-N. Builds run with --no-pdf (printing
sheets is Chromium's time, measured by benchmarks.pdf). "cold cache" builds start from an
empty cache; then the same build again with nothing changed, and after one question of
one page was reworded (its output is compared with a clean build's, byte for byte).
Also `check` (no cache, one process: the memory it needs), the floor (benchmarks.floor:
reading, one Markdown render per field, one zip and one sqlite write of the items) and,
with --watch, the time from a save to the rewritten sheet (benchmarks.watch_latency).
Prints a table: wall seconds and peak RSS (MB) of each command, and the ratios the
targets name: full build ≤ 0.20 × text2qti (QTI only), Anki part ≤ 1.5 × raw genanki,
edited rebuild ≤ 0.5 s at 10k items, watch ≤ 0.3 s, check ≤ 300 MB and build ≤ 400 MB
peak at 100k items. Needs the `bench` extra (text2qti) and GNU time (/usr/bin/time).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from builder.writers import registry

from .generate import write_tree

TIME = "/usr/bin/time"


def measure(cmd: list[str], ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of ``cmd`` (which must exit with one of ``ok``)."""
    proc = subprocess.run([TIME, "-f", "%e %M", *cmd], capture_output=True, text=True)
    if proc.returncode not in ok:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    wall, rss = proc.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def tree(n: int) -> Path:
    root = Path(f"/tmp/study-bench-{n}")
    shutil.rmtree(root, ignore_errors=True)  # the edit below changes the tree
    write_tree(n, root)
    return root


def build_cmd(src: Path, out: Path, cache: Path, *extra: str) -> list[str]:
    # PDF printing is Chromium's time, measured apart (benchmarks.pdf).
    return [sys.executable, "-m", "builder", "build", "--source", str(src), "--out", str(out),
            "-q", "--no-pdf", "--cache", str(cache), *extra]


def fresh(cache: Path) -> Path:
    shutil.rmtree(cache, ignore_errors=True)
    return cache


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def edit_one_page(src: Path) -> None:
    """A contributor's typical change: one question of one page reworded."""
    page = sorted(src.glob("*.txt"))[len(list(src.glob("*.txt"))) // 2]
    text = page.read_text(encoding="utf-8")
    at = text.index("?")
    page.write_text(text[:at] + " (reworded)" + text[at:], encoding="utf-8")


def run(n: int) -> list[tuple[str, float, float]]:
    root = tree(n)
    src, out, cache = root / "source", root / "dist", root / "cache"
    py = sys.executable
    rows = []
    shutil.rmtree(out, ignore_errors=True)
    rows.append(("build (all formats), cold cache", *measure(
        build_cmd(src, out, fresh(cache)))))
    rows.append(("build (all formats), nothing changed", *measure(build_cmd(src, out, cache))))
    edit_one_page(src)
    rows.append(("build (all formats), one page edited", *measure(
        build_cmd(src, out, cache))))
    measure(build_cmd(src, root / "clean", fresh(root / "cache-clean")))
    same = snapshot(out) == snapshot(root / "clean")
    print(f"| {n} | edited build identical to a clean build: {'yes' if same else 'NO'} "
          "| | |", flush=True)
    for fmt in registry():
        rows.append((f"build --format {fmt}, cold cache", *measure(
            build_cmd(src, root / "one", fresh(root / "cache-one"), "--format", fmt))))
    rows.append(("check, no cache, one process", *measure(
        [py, "-m", "builder", "check", str(src), "--no-cache", "-j", "1"], ok=(0, 1))))
    rows.append(("floor: read, render once, zip + sqlite", *measure(
        [py, "-m", "benchmarks.floor", str(src)])))
    model = root / "model.json"
    subprocess.run([py, "-m", "builder", "export", str(src), "-o", str(model)], check=True,
                   capture_output=True)
    rows.append(("raw genanki (same notes)", *measure(
        [py, "-m", "benchmarks.genanki_driver", str(model), str(root / "raw.apkg")])))
    rows.append(("text2qti (QTI only)", *measure(
        [py, "-m", "benchmarks.text2qti_driver", str(root / "text2qti"),
         str(root / "t2q-out")])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--watch", action="store_true", help="also time watch's rebuilds")
    args = parser.parse_args()
    print("| items | command | seconds | peak RSS MB |\n|---:|---|---:|---:|")
    for n in args.sizes:
        rows = run(n)
        if args.watch:
            proc = subprocess.run([sys.executable, "-m", "benchmarks.watch_latency",
                                   f"/tmp/study-bench-{n}/source"], capture_output=True,
                                  text=True, check=True)
            print(f"| {n} | {proc.stdout.strip()} | | |", flush=True)
        for name, wall, rss in rows:
            print(f"| {n} | {name} | {wall:.2f} | {rss:.0f} |", flush=True)
        by = {name: wall for name, wall, _ in rows}
        full, t2q = by["build (all formats), cold cache"], by["text2qti (QTI only)"]
        anki = by.get("build --format anki, cold cache")
        raw = by["raw genanki (same notes)"]
        peak = max(rss for name, _, rss in rows if name.startswith("build"))
        floor = by["floor: read, render once, zip + sqlite"]
        print(f"| {n} | ratios: full/text2qti = {full / t2q:.2f} (≤ 0.20); "
              f"floor/text2qti = {floor / t2q:.2f}; full/floor = {full / floor:.2f}; "
              + (f"anki/genanki = {anki / raw:.2f} (≤ 1.5); " if anki else "")
              + f"edited {by['build (all formats), one page edited']:.2f} s (≤ 0.5); "
              f"peak build RSS {peak:.0f} MB (≤ 400 at 100k) | | |", flush=True)


if __name__ == "__main__":
    main()
