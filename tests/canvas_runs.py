"""What the Canvas consumer tests share (tests/test_consumer_canvas.py and
tests/test_consumer_canvas_answers.py): setting up tests/consumers/canvas, its verdict
lines, and whether canvas-qti-extra/ holds Canvas's converters of the answer kinds."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, require_tool
from .consumer_runs import CONSUMERS, Run, missing, run

CANVAS = CONSUMERS / "canvas"
# compare_canvas.py's last line; the part in brackets when canvas_import.rb could not
# convert some questions (their Canvas converters are not in canvas-qti-extra/).
VERDICT = re.compile(r"(\d+) model items checked(?: \((\d+) of them as far as "
                     r"QTIMigrationTool's QTI 2\.1\))?, 0 discrepancies, (\d+) notes")
EXACT = re.compile(r"(\d+) feedback fields compared exactly, 0 differ \(\d+ stored as text, "
                   r"\d+ as HTML\)")

EXTRA = CANVAS / "canvas-qti-extra"
CONVERTERS = ("numeric_interaction.rb", "fill_in_the_blank.rb", "associate_interaction.rb")
# canvas_import.rb without canvas-qti-extra/, whether or not this clone has it.
NO_EXTRA = "--no-extra"


def setup_canvas() -> Path:
    """The check set up: setup.sh (without --with-apt: Ruby and its gems come from Debian)
    makes tests/consumers/canvas/.venv with lxml once, and checks Ruby's gems and unzip."""
    require_tool("ruby")
    require_tool("unzip")
    # lxml at the version the project pins, in a .venv made from this interpreter.
    result = run([CANVAS / "setup.sh"], env={"PYTHON": sys.executable,
                                             "PIP_CONSTRAINT": str(ROOT / "requirements.txt")})
    if result.returncode:
        missing(f"the Canvas check could not be set up: {result.last} "
                "(apt-get install ruby ruby-nokogiri ruby-sanitize ruby-activesupport "
                "python3-venv unzip)")
    return CANVAS


def require_extra() -> None:
    """Skip, in CI too, a test of Canvas's own converters of the answer kinds when
    canvas-qti-extra/ lacks them: their code may not be committed, so no CI run has it."""
    absent = [name for name in CONVERTERS if not (EXTRA / name).is_file()]
    if absent:
        pytest.skip(f"{', '.join(absent)} not in {EXTRA.relative_to(ROOT)}: Canvas's "
                    "converters of the answer kinds are kept out of the repository "
                    "(tests/consumers/canvas/README.md, \"Converters of the answer kinds\"); "
                    "without them the answer kinds are checked as far as QTIMigrationTool's "
                    "QTI 2.1")


def exact_feedback(dist: Path, results: Path) -> Run:
    """exact_feedback.py (with this interpreter, which imports our builder) on what
    run_canvas.sh made of ``dist``."""
    # PYTHONPATH: this checkout's builder, whatever the interpreter has installed.
    return run([sys.executable, CANVAS / "exact_feedback.py", dist, results],
               env={"PYTHONPATH": str(ROOT)})


def compare(dist: Path, results: Path) -> Run:
    """compare_canvas.py alone, on results run_canvas.sh already made."""
    return run([CANVAS / ".venv" / "bin" / "python", CANVAS / "compare_canvas.py", dist,
                results])
