"""`watch` serves the built sheets on 127.0.0.1 and rebuilds after an edit."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from builder.writers import registry

from .conftest import SAMPLE

DEADLINE = 30.0


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        data: bytes = response.read()
        return data


def _wait_for(predicate: object, what: str) -> None:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_watch_rebuilds_after_an_edit_and_serves_on_loopback(tmp_path: Path) -> None:
    if "html" not in registry():
        pytest.skip("the html writer is not registered")
    src = tmp_path / "src"
    shutil.copytree(SAMPLE, src)
    out = tmp_path / "dist"
    proc = subprocess.Popen(
        [sys.executable, "-m", "builder", "watch", "--source", str(src), "--out", str(out),
         "--port", "0", "--format", "html", "--cache", str(tmp_path / "cache")],
        stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        url = ""
        end = time.monotonic() + DEADLINE
        while not url and time.monotonic() < end:
            line = proc.stderr.readline()
            m = re.search(r"on (http://127\.0\.0\.1:\d+/)", line)
            url = m[1] if m else ""
        assert url, "watch never said where it serves"

        def status() -> dict[str, object]:
            result: dict[str, object] = json.loads(_get(url + "__status"))
            return result

        assert status()["version"] == 1
        pages = sorted(p.name for p in (out / "html").glob("*.html"))
        assert pages
        first = _get(url + pages[0]).decode()
        assert "/__status" in first  # the reload script is added when served
        assert "/__status" not in (out / "html" / pages[0]).read_text(encoding="utf-8")

        page = src / "pytorch" / "ddp-basics.txt"
        page.write_text(page.read_text(encoding="utf-8").replace(
            "one process per device", "one process per accelerator"), encoding="utf-8")
        _wait_for(lambda: status()["version"] == 2, "a rebuild after the edit")
        assert any("one process per accelerator" in _get(url + name).decode()
                   for name in pages)

        page.write_text(page.read_text(encoding="utf-8").replace("beginner", "begginer", 1),
                        encoding="utf-8")
        _wait_for(lambda: status()["errors"], "the broken build's errors")
        assert status()["version"] == 2 and not status()["ok"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_state_lives_in_memory_between_saves(tmp_path: Path) -> None:
    # As watch does: one Cache with memory for the session, one build per save.
    from benchmarks.generate import ITEMS_PER_PAGE, write_tree
    from builder.build import build
    from builder.cache import Cache

    from .conftest import TEMPLATES

    write_tree(4 * ITEMS_PER_PAGE, tmp_path / "t")
    source, out, folder = tmp_path / "t" / "source", tmp_path / "dist", tmp_path / "cache"
    store = Cache(folder, memory=True)
    assert build(source, out, TEMPLATES, formats=["html"], cache=store, jobs=1).ok
    shutil.rmtree(folder)  # what is left must be in memory
    page = sorted(source.rglob("*.txt"))[0]
    page.write_text(page.read_text(encoding="utf-8").replace("gradient", "bucket", 1),
                    encoding="utf-8")
    again = build(source, out, TEMPLATES, formats=["html"], cache=store, jobs=1)
    assert again.ok and again.work["read"] == 1 and again.work["compiled"] == 1
    assert again.work["reused"] == 3  # the other pages' units, from memory
