"""The pull-request gate runs the real commands, and CONTRIBUTING shows real ones."""

from __future__ import annotations

import re
import shlex
from typing import Any

import yaml

from builder.cli import _parser

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def _job() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = data["jobs"].values()
    return job  # type: ignore[no-any-return]


def _steps() -> list[dict[str, object]]:
    steps: list[dict[str, object]] = _job()["steps"]
    return steps


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in readme[:2]]


def test_workflow_parses_and_runs_check_tests_build_upload() -> None:
    runs = [str(s.get("run", "")) for s in _steps()]
    assert "python -m builder check --format github --strict source" in runs
    assert any(r.endswith("python -m pytest") for r in runs)
    assert any(r.endswith("python -m builder build") for r in runs)
    upload = [s for s in _steps() if str(s.get("uses", "")).startswith(
        "actions/upload-artifact@")]
    assert upload and upload[0]["with"]["path"] == "dist/"  # type: ignore[index]


def test_workflow_commands_are_commands_the_cli_accepts() -> None:
    parser = _parser()
    for step in _steps():
        for line in str(step.get("run", "")).splitlines():
            m = re.match(r"python -m builder (.*)$", line.strip())
            if m:
                parser.parse_args(m[1].split())  # raises SystemExit on a wrong command


def test_readme_ci_run_and_workflow_run_the_same_commands() -> None:
    commands = _readme_commands()
    assert commands[0].startswith("pip install -c requirements.txt -e .")
    assert commands[0].endswith("python -m builder build")
    assert "[test]" in commands[1] and commands[1].endswith("python -m pytest")
    assert "-c requirements.txt" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    runs = [str(s.get("run", "")).strip() for s in _steps()]
    assert commands[0] in runs and commands[1] in runs


# The first majors that run on Node 24 (Node 20 is past its end of life) or later.
CURRENT_MAJORS = {"actions/checkout": 7, "actions/setup-python": 7, "actions/setup-node": 7,
                  "actions/upload-artifact": 7}


def test_workflow_uses_current_actions_node_and_pythons() -> None:
    for step in _steps():
        uses = str(step.get("uses", ""))
        if uses:
            name, _, version = uses.partition("@")
            assert name in CURRENT_MAJORS, f"{name}: add its current major to CURRENT_MAJORS"
            assert int(version.lstrip("v")) >= CURRENT_MAJORS[name], uses
        if uses.startswith("actions/setup-node@"):
            assert int(str(step["with"]["node-version"])) >= 22  # type: ignore[index]
    assert _job()["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]


def test_workflow_fails_on_stale_pins_or_lock_and_builds_under_spawn() -> None:
    steps = _steps()
    runs = [str(s.get("run", "")) for s in steps]
    assert ".ci/check-pins" in runs
    build = runs.index(_readme_commands()[0])
    assert "git diff --exit-code" in runs[build + 1]
    spawned = [s for s in steps
               if dict(s.get("env") or {}).get("STUDY_BUILDER_START_METHOD") == "spawn"]  # type: ignore[call-overload]
    assert spawned and "tests/test_build.py" in str(spawned[0]["run"])


def test_contributing_commands_parse() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    parser = _parser()
    found = re.findall(r"python -m builder ([^\n#`]+)", text)
    assert len(found) >= 5
    for command in found:
        parser.parse_args(shlex.split(command))
