"""Shared fixtures. Consumer tools (Chromium, Node, pdftotext) skip locally when absent
but fail under CI (CI=true), where .ci/run installs them."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from builder.build import BuildResult, Session, build
from builder.build.compile import compile_page
from builder.build.link import LinkJob, LinkResult, link_task
from builder.cache import Cache, digest, fingerprint
from builder.config import load
from builder.diagnostics import Diagnostic, codes
from builder.lock import lock_path
from builder.model import Tree
from builder.pipeline import check
from builder.reuse import WriterRecord
from builder.writers import load as load_writer
from builder.writers.base import Settings
from builder.writers.options import AnkiOptions, HtmlOptions, Options

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = FIXTURES / "sample"
SEEDS = ROOT.parent / "shared" / "seeds"
# The IMS schemas, vendored (tests/schemas/README.md says from where).
XSD = ROOT / "tests" / "schemas"
TEMPLATES = load(ROOT).templates
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# The options most tests build with: no browser (Chromium also stamps a creation time and
# document id into each PDF it prints), and a lock left as it is.
NO_PDF = Options(html=HtmlOptions(pdf=False))
NO_PDF_NO_LOCK = Options(anki=AnkiOptions(lock_write=False), html=HtmlOptions(pdf=False))


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


def run_build(source: Path, out: Path, *, options: Options | None = None,
              **kwargs: Any) -> BuildResult:
    """A build of ``source``; one of a tree in this checkout keeps its Anki lock in a copy
    beside ``out``, so that the suite never rewrites a committed lock."""
    options = options or Options()
    if source.resolve().is_relative_to(ROOT) and options.anki.lock is None:
        committed = lock_path(source)
        copy = out.parent / f"{out.name}-{committed.name}"
        if committed.is_file() and not copy.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(committed, copy)
        options = replace(options, anki=replace(options.anki, lock=copy))
    return build(source, out, TEMPLATES, options=options, **kwargs)


def writer_report(result: BuildResult, source: Path) -> list[Diagnostic]:
    """What a build's writers reported: its findings less those ``check`` makes of the
    source, and less the notes on items left out."""
    found = set(check([source]).diagnostics)
    return [d for d in result.diagnostics if d not in found and not d.has(codes.SKIPPED)]


@dataclass(frozen=True)
class ModelBuild:
    written: list[str]  # under the output folder
    report: list[Diagnostic]  # what the writers reported
    stats: dict[str, object]  # by format, as the manifest would hold them


def build_model(tree: Tree, out: Path, formats: list[str], *, options: Options = NO_PDF,
                source_root: Path | None = None, epoch: int = 0) -> ModelBuild:
    """``tree`` through the build's own compile and link phases, into ``out``.

    For the property tests whose trees no reader makes (hostile text in every field,
    even where the reader or the checks allow none): they start the build after its
    read phase, so nothing is checked, left out or refused."""
    with tempfile.TemporaryDirectory(prefix="sb-cache-") as scratch:
        settings = Settings(TEMPLATES, source_root or out, epoch, tree.root, options)
        session = Session(Cache(Path(scratch)), settings, fingerprint(TEMPLATES),
                          {name: load_writer(name)() for name in formats}, False, False, out)
        keys: dict[str, list[bytes]] = {name: [] for name in formats}
        for page in tree.pages:
            source = digest(b"model", repr(page.model_dump()))
            compile_page(session, page, source, (), None, formats)
            for name in formats:
                keys[name].append(session.unit_key(name, source, (), None))
        built = ModelBuild([], [], {})
        for name in formats:
            _, linked = link_task(session, LinkJob(name, keys[name], out, WriterRecord()))
            assert isinstance(linked, LinkResult)
            built.written.extend(linked.written)
            built.report.extend(linked.report)
            built.stats[name] = linked.stats
    return built


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


# -- the suite writes only to temporary folders ---------------------------------------

# What tools write beside the code by design, never something a test made.
_TOOL_LEFTOVERS = ("__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis",
                   ".egg-info", "node_modules")


def _checkout_state() -> dict[str, str] | None:
    """Every file git tracks with a hash of its bytes, plus every other file in the
    checkout that no tool leaves (None outside a git checkout)."""
    import hashlib
    import subprocess

    try:
        listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached",
                                 "--others", "--exclude-standard"],
                                capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    # Ignored, but where a build that forgot its temporary folder would write.
    outputs = [p.relative_to(ROOT).as_posix() for folder in ("dist", ".study-cache")
               for p in (ROOT / folder).rglob("*") if p.is_file()]
    state = {}
    for rel in [*filter(None, listed.decode("utf-8", "surrogateescape").split("\0")), *outputs]:
        if any(part in rel for part in _TOOL_LEFTOVERS):
            continue
        path = ROOT / rel
        try:
            state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            state[rel] = "gone"
    return state


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_STATE] = _checkout_state()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_STATE, None)
    if before is None:
        return
    after = _checkout_state() or {}
    changed = sorted(rel for rel in before.keys() | after.keys()
                     if before.get(rel) != after.get(rel))
    if changed and not os.environ.get("UPDATE_GOLDEN"):
        print("\nthe test run changed files in the checkout (tests must write only to "
              "temporary folders):\n  " + "\n  ".join(changed))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_STATE = pytest.StashKey[dict[str, str] | None]()
