"""The progress bar shows on a terminal for builds over a second, and never otherwise."""

from __future__ import annotations

import io
import time

import pytest

from builder.cli import main
from builder.progress import Progress

from .conftest import SAMPLE


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_appears_on_a_terminal_after_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    term = FakeTerminal()
    monkeypatch.setattr("sys.stderr", term)
    monkeypatch.setenv("COLUMNS", "80")
    bar = Progress(5, enabled=True)
    for n in range(5):
        time.sleep(0.3)
        bar.tick(f"step {n}")
    bar.close()
    assert "step 4" in term.getvalue() and "5/5" in term.getvalue()


def test_quick_steps_show_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    term = FakeTerminal()
    monkeypatch.setattr("sys.stderr", term)
    bar = Progress(3, enabled=True)
    for n in range(3):
        bar.tick(f"step {n}")
    bar.close()
    assert "step" not in term.getvalue()


def test_no_bar_when_quiet_or_not_a_terminal(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: object) -> None:
    term = FakeTerminal()
    monkeypatch.setattr("sys.stderr", term)
    bar = Progress(3, enabled=False)  # --quiet
    for n in range(3):
        time.sleep(0.4)
        bar.tick(f"step {n}")
    bar.close()
    assert term.getvalue() == ""
    pipe = io.StringIO()  # not a terminal
    monkeypatch.setattr("sys.stderr", pipe)
    assert main(["build", "--no-cache", "--source", str(SAMPLE), "--out", f"{tmp_path}/d",
                 "--format", "model"]) == 0
    assert "\r" not in pipe.getvalue() and "built 10 items" in pipe.getvalue()
