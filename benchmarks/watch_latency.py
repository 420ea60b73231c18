"""From a save to the rewritten sheet, with `watch` running (its in-memory state).

    python -m benchmarks.watch_latency /tmp/study-bench-10000/source [saves]

Starts `python -m builder watch` on a copy of the tree, waits for the first build,
then rewords one question of one page `saves` times (default 5), each time timing
from the write until that page's sheet on disk holds the new words. Prints each
latency and the median.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEADLINE = 120.0


def _wait(predicate: object, what: str) -> None:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.005)
    raise SystemExit(f"timed out waiting for {what}")


def main() -> None:
    source, saves = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "source", Path(tmp) / "dist"
        shutil.copytree(source, src)
        page = sorted(src.rglob("*.txt"))[len(list(src.rglob("*.txt"))) // 2]
        sheet = out / "html" / f"{page.stem}.html"
        watch = subprocess.Popen(
            [sys.executable, "-m", "builder", "watch", "--source", str(src), "--out", str(out),
             "--port", "0", "--cache", str(Path(tmp) / "cache")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _wait(lambda: sheet.is_file(), "the first build")
            time.sleep(1.0)  # let the watcher settle
            latencies = []
            for n in range(saves):
                word = f"reworded{n}"
                text = page.read_text(encoding="utf-8")
                at = text.index("?")
                page.write_text(text[:at] + f" {word}" + text[at:], encoding="utf-8")
                saved = time.monotonic()
                _wait(lambda w=word: sheet.is_file() and w in sheet.read_text(encoding="utf-8"),
                      "the rebuilt sheet")
                latencies.append(time.monotonic() - saved)
                time.sleep(0.5)
        finally:
            watch.terminate()
            watch.wait(timeout=30)
    shown = ", ".join(f"{s:.3f}" for s in latencies)
    print(f"watch: save to sheet, {saves} saves: {shown}; median "
          f"{statistics.median(latencies):.3f}s (the file watcher's wait for more changes "
          "included)")


if __name__ == "__main__":
    main()
