"""`build`: refuses on errors without touching the output, swaps a finished build in."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from builder.cli import main
from builder.pipeline import check

from .conftest import FIXTURES, SAMPLE, run_build

PROBLEMS = FIXTURES / "reader" / "problems.txt"


def _tree_with(tmp: Path, *pages: Path) -> Path:
    src = tmp / "src"
    src.mkdir()
    for page in pages:
        shutil.copy(page, src / page.name)
    return src


def test_refused_build_leaves_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "previous.txt").write_text("keep me", encoding="utf-8")
    src = _tree_with(tmp_path, PROBLEMS, FIXTURES / "reader" / "annotations.txt")
    result = run_build(src, out)
    assert not result.ok
    assert {d.code for d in result.diagnostics} >= {"unknown-difficulty", "answer-count"}
    assert sorted(p.name for p in out.iterdir()) == ["previous.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_keep_going_builds_the_items_without_errors(tmp_path: Path) -> None:
    src = _tree_with(tmp_path, PROBLEMS, FIXTURES / "reader" / "annotations.txt")
    result = run_build(src, tmp_path / "dist", keep_going=True, formats=["model"])
    assert result.ok
    skipped = [d for d in result.diagnostics if d.code == "skipped"]
    # Of the three items read from problems.txt all have errors; annotations.txt is clean.
    assert len(skipped) == 3
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["items"] == 3 and manifest["counts"] == {"choice": 1, "flashcard": 1,
                                                              "open": 1}


def test_successful_build_replaces_output(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "stale.txt").write_text("old", encoding="utf-8")
    result = run_build(SAMPLE, out, formats=["model"])
    assert result.ok
    names = sorted(p.name for p in out.iterdir())
    assert names == [".gitignore", "manifest.json", "model.json"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    tree = check([SAMPLE]).tree
    assert manifest["items"] == sum(len(p.items) for p in tree.pages)
    assert manifest["pages"][0]["counts"] == {"challenge": 2, "choice": 4, "flashcard": 2,
                                              "open": 2}
    assert manifest["outputs"] == {"model": ["model.json"]}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_build_command_exit_codes(tmp_path: Path, monkeypatch: object) -> None:
    src = _tree_with(tmp_path, PROBLEMS)
    out = tmp_path / "dist"
    build = ["build", "--no-cache", "--out", str(out), "--source"]
    assert main([*build, str(src)]) == 1
    assert not out.exists()
    assert main([*build, str(SAMPLE), "--format", "model", "-q"]) == 0
    assert (out / "manifest.json").is_file()
    assert main([*build, str(SAMPLE), "--format", "nope"]) == 2
    assert main([*build, str(SAMPLE), "--strict", "--format", "model"]) == 1
