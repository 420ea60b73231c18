"""The pull-request gate runs the real commands, and CONTRIBUTING shows real ones."""

from __future__ import annotations

import re
import shlex

import yaml

from builder.cli import _parser

from .conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def _steps() -> list[dict[str, object]]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = data["jobs"].values()
    steps: list[dict[str, object]] = job["steps"]
    return steps


def test_workflow_parses_and_runs_check_tests_build_upload() -> None:
    runs = [str(s.get("run", "")) for s in _steps()]
    assert "python -m builder check --format github --strict source" in runs
    assert "python -m pytest" in runs
    assert any(r.startswith("python -m builder build") for r in runs)
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


def test_readme_and_ci_run_the_same_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    commands = [ln.strip() for ln in readme[:2]]
    assert commands[0].startswith("pip install -e .") and "builder build" in commands[0]
    assert "[test]" in commands[1] and "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_contributing_commands_parse() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    parser = _parser()
    found = re.findall(r"python -m builder ([^\n#`]+)", text)
    assert len(found) >= 5
    for command in found:
        parser.parse_args(shlex.split(command))
