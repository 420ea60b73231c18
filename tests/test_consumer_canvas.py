"""Canvas LMS's "QTI .zip file" import conversion reads every QTI 1.2 package of a build
as the model says.

tests/consumers/canvas runs what a Canvas course import does before anything reaches the
database: instructure/QTIMigrationTool (Python, unchanged) turns each package into
QTI 2.1, and canvas-lms's qti_exporter Ruby classes turn that into Canvas's question and
quiz hashes, which compare_canvas.py holds against model.json: type, text, answers
(order, text, weight), feedback, points, images; each quiz's title, order, time limit,
attempts and points.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, require_tool
from .consumer_runs import (
    CONSUMERS,
    Tree,
    built,
    missing,
    run,
    tree,
    tree_params,
    with_key_moved,
)

pytestmark = pytest.mark.consumer
CANVAS = CONSUMERS / "canvas"
VERDICT = re.compile(r"(\d+) model items checked, 0 discrepancies, (\d+) notes")

# Trees on which Canvas still makes something else of a package than the model says,
# each with the finding it shows (strict: the fix must remove the entry).
KNOWN = {
    "hostile": (
        "issue 13 Canvas feedback escaping: hostile-markup-card's answer reaches Canvas's "
        "plain-text neutral_comments as '&lt;b onclick=...&gt;' entities, not as the text "
        "'<b onclick=...>'; issue 13 images: media-card's data: image loses its src and "
        "its file: image is no image at all"
    ),
}


@pytest.fixture(scope="session")
def canvas() -> Path:
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


@pytest.mark.parametrize("tree", tree_params(KNOWN))
def test_canvas_converts_every_package_as_the_model_says(
        tree: Tree, canvas: Path, tmp_path: Path,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    dist = built(tree, tmp_path_factory)
    result = run([canvas / "run_canvas.sh", dist, tmp_path / "canvas"])
    verdict = VERDICT.fullmatch(result.last)
    assert result.returncode == 0 and verdict, result.report()
    assert int(verdict[1]) > 0


def test_canvas_check_reports_a_model_the_packages_do_not_match(
        canvas: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The check can fail: with the key of one question moved in model.json (and only
    there), Canvas's reading of the unchanged packages must differ from it."""
    dist = with_key_moved(built(tree("fixture-every-kind"), tmp_path_factory),
                          tmp_path / "dist", "git-undo-restore", "B")
    result = run([canvas / "run_canvas.sh", dist, tmp_path / "canvas"])
    assert result.returncode == 1, result.output
    assert re.fullmatch(r"\d+ model items checked, [1-9]\d* discrepancies, \d+ notes",
                        result.last), result.output
    assert any(line.startswith("DIFF ") and "git-undo-restore" in line
               for line in result.lines), result.output
