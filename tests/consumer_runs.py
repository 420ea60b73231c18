"""What the consumer tests share: the trees they build, one build per tree for the whole
session, and running a vendored consumer (tests/consumers/) on a build.

The trees are our own ``source/``, the hostile corpus and every tree under
``tests/fixtures/consumers/`` (one per consumer finding). Moodle's importer, Canvas's
converter and the QTI 2.1 player all read the same build of a tree, so a tree costs one
build however many consumers read it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NoReturn

import pytest

from builder.diagnostics import Diagnostic

from .conftest import FIXTURES, IN_CI, NO_PDF, NO_PDF_NO_LOCK, ROOT, run_build

CONSUMERS = ROOT / "tests" / "consumers"
FINDINGS = FIXTURES / "consumers"
# The lines a consumer prints for each thing it found wrong (the line after a Moodle
# MISMATCH, indented, says what was expected and what Moodle stored).
_PROBLEM = re.compile(r"^(MISMATCH|DIFF|ERROR|FAIL)\b|^\.\.\. ")


@dataclass(frozen=True)
class Tree:
    name: str
    path: Path
    # The hostile corpus has items with errors on purpose: built with keep_going, and
    # without writing the Anki lock it has none of.
    hostile: bool = False


def trees() -> list[Tree]:
    found = sorted(p for p in FINDINGS.iterdir() if p.is_dir()) if FINDINGS.is_dir() else []
    return [Tree("source", ROOT / "source"), Tree("hostile", FIXTURES / "hostile", hostile=True),
            *(Tree(f"fixture-{p.name}", p) for p in found)]


def tree(name: str) -> Tree:
    (found,) = [t for t in trees() if t.name == name]
    return found


def tree_params(known: Mapping[str, str]) -> list[object]:
    """One parameter per tree; a tree in ``known`` (name -> the finding it still shows)
    is a strict xfail, so that its fix turns the test red until the entry goes."""
    unknown = set(known) - {t.name for t in trees()}
    assert not unknown, f"known failures name no tree: {sorted(unknown)}"
    return [pytest.param(t, id=t.name, marks=[pytest.mark.xfail(strict=True, reason=known[t.name])]
                         if t.name in known else []) for t in trees()]


@dataclass(frozen=True)
class Built:
    dist: Path
    diagnostics: tuple[Diagnostic, ...]


@cache
def _build(tree: Tree, base: Path) -> Built:
    out = base / "consumer-builds" / tree.name / "dist"
    options = NO_PDF_NO_LOCK if tree.hostile else NO_PDF
    result = run_build(tree.path, out, keep_going=tree.hostile, options=options)
    errors = [d.text() for d in result.diagnostics if d.severity.value == "error"]
    assert result.ok, f"{tree.path} does not build: {errors}"
    return Built(out, tuple(result.diagnostics))


def built(tree: Tree, factory: pytest.TempPathFactory) -> Path:
    """The build (``dist/`` folder) of ``tree``, made once per session."""
    return _build(tree, factory.getbasetemp()).dist


def build_diagnostics(tree: Tree, factory: pytest.TempPathFactory) -> tuple[Diagnostic, ...]:
    """What the build of ``tree`` reported (the same build as ``built``)."""
    return _build(tree, factory.getbasetemp()).diagnostics


def with_key_moved(dist: Path, into: Path, item_id: str, letter: str) -> Path:
    """A copy of the build ``dist`` whose model.json (and only it) keys ``item_id`` on
    option ``letter``: a consumer comparing the unchanged outputs with it must object."""
    shutil.copytree(dist, into)
    model = json.loads((into / "model.json").read_text(encoding="utf-8"))
    (item,) = [it for page in model["pages"] for it in page["items"] if it["id"] == item_id]
    assert any(o["correct"] and o["letter"] != letter for o in item["options"])
    for option in item["options"]:
        option["correct"] = option["letter"] == letter
    (into / "model.json").write_text(json.dumps(model), encoding="utf-8")
    return into


def missing(message: str) -> NoReturn:
    """A consumer tool is not there: skip here, fail in CI (like conftest.require_tool)."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@dataclass(frozen=True)
class Run:
    command: str
    returncode: int
    output: str

    def __repr__(self) -> str:  # what pytest shows beside a failed assert: not the output
        return f"Run({self.command!r}, exit {self.returncode})"

    @property
    def lines(self) -> list[str]:
        return self.output.rstrip("\n").splitlines()

    @property
    def last(self) -> str:
        return self.lines[-1] if self.lines else ""

    def problems(self) -> str:
        """The consumer's MISMATCH/DIFF/ERROR/FAIL lines, each with its indented details."""
        kept: list[str] = []
        inside = False
        for line in self.lines:
            if _PROBLEM.match(line):
                inside = True
            elif not (inside and line.startswith(" ")):
                inside = False
            if inside:
                kept.append(line)
        return "\n".join(kept)

    def report(self) -> str:
        """What a failing test prints: the command, its exit status, what it found."""
        return (f"{self.command} exited {self.returncode}; last line {self.last!r}\n"
                f"{self.problems() or self.output[-4000:]}")


def run(command: Sequence[str | Path], *, env: Mapping[str, str] | None = None,
        timeout: float = 600, echo: bool = True) -> Run:
    """Run a consumer script. Its whole output is printed (pytest shows it when the test
    fails), unless ``echo`` is off: a run in a worker thread has no test to print into."""
    # No bytecode caches written beside the vendored Python.
    full = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    proc = subprocess.run([str(c) for c in command], env=full, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=timeout, check=False)
    if echo:
        print(proc.stdout)
    shown = " ".join(str(c) for c in command)
    return Run(shown, proc.returncode, proc.stdout)
