"""The vendored consumers (tests/consumers/) stay as published, keep their licence files,
and stay out of the MIT package and of our linters; CI installs what they need."""

from __future__ import annotations

import hashlib
import tomllib

import yaml

from .conftest import ROOT
from .consumer_runs import CONSUMERS

SUMS = CONSUMERS / "SHA256SUMS"
# Folders of third-party code, vendored whole: every file in them is in SHA256SUMS.
VENDORED = ("moodle/vendor", "moodle/stubs", "canvas/vendor")
LICENCES = ("moodle/COPYING.txt", "canvas/vendor/canvas-qti/LICENSE",
            "canvas/vendor/QTIMigrationTool/LICENSE.txt")
# What the consumers need from Debian (tests/consumers/README.md).
DEBIAN = ("php-cli", "php-mbstring", "ruby", "ruby-nokogiri", "ruby-sanitize",
          "ruby-activesupport", "unzip", "python3-venv")


def _sums() -> dict[str, str]:
    listed = {}
    for line in SUMS.read_text(encoding="utf-8").splitlines():
        digest, _, rel = line.partition("  ")
        listed[rel] = digest
    return listed


def test_vendored_files_are_byte_for_byte_as_published() -> None:
    listed = _sums()
    changed = [rel for rel, digest in listed.items()
               if hashlib.sha256((CONSUMERS / rel).read_bytes()).hexdigest() != digest]
    assert changed == [], "vendored files changed (vendor a new version whole, with its sums)"
    present = {p.relative_to(CONSUMERS).as_posix() for folder in VENDORED
               for p in (CONSUMERS / folder).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts}
    assert present - listed.keys() == set(), "files added to vendored folders"
    assert {"qti-player/package.json", "qti-player/package-lock.json"} <= listed.keys()


def test_every_consumer_keeps_its_licence_and_origin() -> None:
    for rel in LICENCES:
        assert (CONSUMERS / rel).is_file(), rel
        assert rel in _sums()
    assert "GNU AFFERO GENERAL PUBLIC LICENSE" in (
        CONSUMERS / "canvas/vendor/canvas-qti/LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in (CONSUMERS / "moodle/COPYING.txt").read_text(
        encoding="utf-8")
    assert (CONSUMERS / "canvas/vendor/canvas-qti/SOURCES.md").is_file()
    for consumer in ("moodle", "canvas", "qti-player"):
        assert (CONSUMERS / consumer / "README.md").is_file(), consumer
        assert f"`{consumer}/`" in (CONSUMERS / "README.md").read_text(encoding="utf-8")


def test_consumers_stay_out_of_the_package_and_our_linters() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["setuptools"]["packages"]["find"]["include"] == ["builder*"]
    assert "tests/consumers" in config["tool"]["ruff"]["extend-exclude"]
    assert "^tests/consumers/" in config["tool"]["mypy"]["exclude"]


def test_ci_installs_what_the_consumers_need() -> None:
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(
        encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    apt = " ".join(str(s.get("run", "")) for s in job["steps"] if "apt-get install" in
                   str(s.get("run", "")))
    for package in DEBIAN:
        assert f" {package}" in ci_run.replace("(", " ").replace(")", " "), package
        assert f" {package} " in apt.replace("\\\n", " ").replace("\n", " ") + " ", package
