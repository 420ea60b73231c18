"""The project installs and builds the same everywhere: pinned libraries, committed
styles, a lock that a clean build leaves alone, and a wheel that carries everything."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import cast

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from builder.lock import lock_path
from builder.render import styles

from .conftest import NO_PDF, ROOT, TEMPLATES, run_build

PINS = ROOT / "requirements.txt"


def _pins() -> dict[str, Requirement]:
    found: dict[str, Requirement] = {}
    for line in PINS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            found[canonicalize_name(req.name)] = req
    return found


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = [*project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        listed += extra
    return [Requirement(r) for r in listed]


def _pinned_version(req: Requirement) -> str:
    (spec,) = req.specifier
    assert spec.operator == "==", f"{req} is not an exact pin"
    return spec.version


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    assert len(pins) > 20
    for req in _declared():
        pin = pins.get(canonicalize_name(req.name))
        assert pin is not None, f"{req.name} is not in requirements.txt: regenerate it"
        assert req.specifier.contains(_pinned_version(pin), prereleases=True), (
            f"requirements.txt pins {pin} outside pyproject's {req}: regenerate it")


def test_the_suite_runs_on_the_pinned_libraries() -> None:
    """Goldens hold what the pinned libraries write (Pygments' escaping, lxml's
    serialisation): on other versions they would fail for reasons no change made."""
    # Every value of the marker environment is a string; packaging's TypedDict for it is not
    # a Mapping to mypy.
    env = cast(Mapping[str, str], default_environment())
    wrong = []
    for name, pin in _pins().items():
        if pin.marker is not None and not pin.marker.evaluate(env):
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # an extra this run did not install (the benchmarks' text2qti)
        if installed != _pinned_version(pin):
            wrong.append(f"{name} {installed} (pinned {_pinned_version(pin)})")
    assert not wrong, ("installed without the pins; run the README's test command: "
                       + ", ".join(wrong))


def test_committed_code_styles_are_what_pygments_writes() -> None:
    for style in styles.generated():
        committed = (TEMPLATES / style.path).read_text(encoding="utf-8")
        assert committed == styles.text(style), (
            f"{style.path} is stale for this Pygments: run python -m builder.render.styles")


def test_building_our_source_leaves_the_committed_lock_unchanged(tmp_path: Path) -> None:
    src = tmp_path / "source"
    shutil.copytree(ROOT / "source", src)
    committed = lock_path(ROOT / "source").read_bytes()
    lock = lock_path(src)
    lock.write_bytes(committed)
    result = run_build(src, tmp_path / "dist", options=NO_PDF)
    assert result.ok and (tmp_path / "dist" / "anki" / "all.apkg").is_file()
    assert lock.read_bytes() == committed, (
        "a clean build of source/ rewrites source.lock.json: build and commit it")


def _tracked_copy(target: Path) -> Path:
    """The checkout's tracked files as they are now, as a clone would have them."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], check=True,
                            capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        if (ROOT / rel).is_file():
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, target / rel)
    return target


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git to list the files")
def test_wheel_installed_elsewhere_builds_every_format(tmp_path: Path) -> None:
    tree = _tracked_copy(tmp_path / "checkout")
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(tree)], check=True, timeout=600)
    (wheel,) = wheels.glob("study_builder-*.whl")

    # A new environment holding the wheel alone; the libraries come from this one's
    # site-packages through a path entry (which does not run this environment's .pth
    # files, so the checkout's editable install stays out of it).
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    code = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site = subprocess.run([str(python), "-c", code],
                          check=True, capture_output=True, text=True).stdout.strip()
    libraries = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    Path(site, "libraries.pth").write_text("\n".join(sorted(libraries)) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, timeout=600)

    work = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "source", work / "pages")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    where = subprocess.run([str(python), "-c", "import builder; print(builder.__file__)"],
                           cwd=work, env=env, check=True, capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout
    proc = subprocess.run([str(python), "-m", "builder", "build", "--source", "pages",
                           "--out", "out", "--no-pdf", "-q"],
                          cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    out = work / "out"
    for made in ("anki/all.apkg", "gift/all.gift.txt", "qti12/bank.zip", "qti21/bank.zip",
                 "html/index.html", "model.json", "manifest.json"):
        assert (out / made).is_file(), made
    assert (work / "pages.lock.json").is_file()  # the Anki lock, beside the source
