"""Shared fixtures. Consumer tools (Chromium, Node, pdftotext) skip locally when absent
but fail under CI (CI=true), where .ci/run installs them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from builder.build import BuildResult, build
from builder.config import load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = FIXTURES / "sample"
SEEDS = ROOT.parent / "shared" / "seeds"
XSD = ROOT.parent / "shared" / "xsd"
TEMPLATES = load(ROOT).templates
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str) -> str:
    """Path of a consumer tool; skip when missing here, fail when missing in CI."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (apt-get install it, or run .ci/run)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def require_dir(path: Path, what: str) -> Path:
    if not path.is_dir():
        pytest.skip(f"{what} not found at {path}")
    return path


@pytest.fixture
def seeds() -> Path:
    return require_dir(SEEDS, "../shared/seeds")


def run_build(source: Path, out: Path, **kwargs: object) -> BuildResult:
    return build(source, out, TEMPLATES, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The sample tree (every item kind) built once with all formats, keep-going."""
    out = tmp_path_factory.mktemp("sample") / "dist"
    result = run_build(SAMPLE, out, keep_going=True)
    assert result.ok
    return out, result


@pytest.fixture(scope="session")
def source_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """Our own source/ built once with all formats."""
    out = tmp_path_factory.mktemp("source") / "dist"
    result = run_build(ROOT / "source", out)
    assert result.ok, [d.text() for d in result.diagnostics]
    return out, result
