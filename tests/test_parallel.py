"""Workers give the same build however they are started, and are never forked beside
another thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from benchmarks.generate import ITEMS_PER_PAGE, write_tree
from builder.build import PARALLEL_FROM
from builder.cli import main
from builder.parallel import start_method

from .conftest import NO_PDF_NO_LOCK, run_build
from .test_atomic import snapshot


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tree")
    write_tree(PARALLEL_FROM * ITEMS_PER_PAGE, root)  # enough pages for workers
    return root / "source"


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_workers_started_without_fork_build_the_same_bytes(
        tree: Path, tmp_path: Path, method: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    options = NO_PDF_NO_LOCK
    alone = run_build(tree, tmp_path / "alone", jobs=1, options=options)
    forked = run_build(tree, tmp_path / "fork", jobs=2, start_method="fork", options=options)
    other = run_build(tree, tmp_path / method, jobs=2, start_method=method, options=options)
    assert alone.ok and forked.ok and other.ok
    assert alone.work["read"] >= PARALLEL_FROM
    assert snapshot(tmp_path / "alone") == snapshot(tmp_path / "fork") \
        == snapshot(tmp_path / method)


def test_no_fork_while_another_thread_runs() -> None:
    # As in `watch`, whose server thread is up while it builds.
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert start_method() != "fork"
    finally:
        stop.set()
        other.join()


def test_start_method_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDY_BUILDER_START_METHOD", "spawn")
    assert start_method() == "spawn"
    monkeypatch.setenv("STUDY_BUILDER_START_METHOD", "teleport")
    with pytest.raises(ValueError, match="teleport"):
        start_method()


def test_a_wrong_start_method_is_a_usage_error(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("STUDY_BUILDER_START_METHOD", "teleport")
    assert main(["build", "--no-cache", "--format", "model", "--out", "unused"]) == 2
    assert "STUDY_BUILDER_START_METHOD" in capsys.readouterr().err
