"""A build killed at any point leaves the previous output whole; so does a failed one."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.generate import write_tree
from builder.build import build
from builder.lock import lock_path

from .conftest import ROOT, SAMPLE, TEMPLATES

KILLS = 8


def snapshot(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build_cmd(src: Path, out: Path) -> list[str]:
    # PDFs are left out: printing is Chromium's time, not the build's to protect.
    return [sys.executable, "-m", "builder", "build", "--source", str(src), "--out", str(out),
            "-q", "--no-pdf", "--no-cache"]  # the cache would be in the checkout


def test_killed_builds_leave_old_or_new_output_never_a_mix(tmp_path: Path) -> None:
    write_tree(600, tmp_path / "bench")
    src = tmp_path / "bench" / "source"
    lock = lock_path(src)
    out = tmp_path / "dist"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run(build_cmd(src, out), check=True, env=env, cwd=ROOT, timeout=600)
    old, old_lock = snapshot(out), lock.read_bytes()
    assert "manifest.json" in old

    # The edited tree, built elsewhere: what a finished build must give (and the lock it
    # leaves, put back as it was for the builds to kill).
    page = src / "page-0000.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("(case 1)", "(case one)"),
                    encoding="utf-8")
    started = time.monotonic()
    subprocess.run(build_cmd(src, tmp_path / "new"), check=True, env=env, cwd=ROOT,
                   timeout=600)
    full = time.monotonic() - started
    new, new_lock = snapshot(tmp_path / "new"), lock.read_bytes()
    assert new != old and new_lock != old_lock
    lock.write_bytes(old_lock)

    outcomes = set()
    for k in range(KILLS):
        proc = subprocess.Popen(build_cmd(src, out), env=env, cwd=ROOT)
        time.sleep(full * (k + 0.5) / KILLS)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        now = snapshot(out)
        assert now in (old, new), f"kill {k} at {full * (k + 0.5) / KILLS:.2f}s left a mix"
        # The lock describes the output in place, never one that did not land.
        assert lock.read_bytes() in ((old_lock,) if now == old else (old_lock, new_lock))
        outcomes.add("new" if now == new else "old")
    assert "old" in outcomes
    # The next build cleans up what the killed ones left beside the output.
    subprocess.run(build_cmd(src, out), check=True, env=env, cwd=ROOT, timeout=600)
    assert snapshot(out) == new and lock.read_bytes() == new_lock
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert [p.name for p in src.parent.iterdir() if p.name.startswith(".")] == []


def test_a_build_that_fails_after_linking_leaves_the_lock_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "source"
    shutil.copytree(SAMPLE, src)
    lock = lock_path(src)
    out = tmp_path / "dist"
    assert build(src, out, TEMPLATES, formats=["anki"], keep_going=True).ok
    before, built = lock.read_bytes(), snapshot(out)
    page = next(src.glob("pytorch/*.txt"))
    text = page.read_text(encoding="utf-8")
    assert "A single GPU" in text
    page.write_text(text.replace("A single GPU", "One GPU", 1), encoding="utf-8")

    def refuse(tmp: Path, target: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("builder.build.swap.swap_into_place", refuse)
    with pytest.raises(OSError, match="disk full"):
        build(src, out, TEMPLATES, formats=["anki"], keep_going=True, jobs=1)
    assert lock.read_bytes() == before and snapshot(out) == built
    monkeypatch.undo()
    # The same build, allowed to finish, does move the lock.
    assert build(src, out, TEMPLATES, formats=["anki"], keep_going=True).ok
    assert lock.read_bytes() != before


def test_failed_build_leaves_old_output(tmp_path: Path) -> None:
    write_tree(50, tmp_path / "bench")
    src = tmp_path / "bench" / "source"
    out = tmp_path / "dist"
    subprocess.run(build_cmd(src, out), check=True, cwd=ROOT, timeout=600)
    old = snapshot(out)
    page = src / "page-0000.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("Answer: ", "Answer: Z", 1),
                    encoding="utf-8")
    proc = subprocess.run(build_cmd(src, out), cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 1 and "bad-answer" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(out) == old


def test_unwritable_output_is_exit_3_with_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    proc = subprocess.run(build_cmd(ROOT / "tests" / "fixtures" / "sample",
                                    blocker / "dist"),
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 3, proc.stderr
    assert "Traceback" not in proc.stderr and "error:" in proc.stderr
