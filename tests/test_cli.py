"""The command line as a contributor meets it: messages, formats, exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builder.cli import main

from .conftest import FIXTURES, ROOT, SAMPLE

PROBLEMS = FIXTURES / "reader" / "problems.txt"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (error|warning)\[[a-z0-9-]+\]: .+ — .+$")


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_check_text_lines_have_place_code_and_fix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache", str(PROBLEMS)]) == 1
    out = [ln for ln in capsys.readouterr().out.splitlines() if not ln.startswith(" ")]
    assert len(out) == 8  # 7 errors and a missing-explanation warning
    for line in out:
        m = LINE.match(line)
        assert m, line
        assert m["path"].endswith("problems.txt") and int(m["line"]) > 0


def test_check_exit_codes_and_strict(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache", str(SAMPLE)]) == 0  # only warnings
    assert main(["check", "--no-cache", "--strict", str(SAMPLE)]) == 1
    out = capsys.readouterr().out
    assert "warning[options-lost]" in out and "error[options-lost]" in out


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache", "--format", "json", str(PROBLEMS)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {d["code"] for d in data} >= {"unknown-difficulty", "answer-count"}
    assert all(set(d) == {"file", "line", "end_line", "severity", "code", "message", "fix"}
               for d in data)


def test_check_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--no-cache", "--format", "github", str(PROBLEMS)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    annotation = re.compile(
        r"^::(error|warning) file=[^,]+,line=\d+,endLine=\d+,title=[a-z-]+::")
    assert lines and all(annotation.match(ln) for ln in lines)


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    cases = {
        "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary-file"),
        "empty": (b"  \n\n", "empty-file"),
        "latin1": ("Recall & Review\nbeginner\nCaf\xe9?\n".encode("latin-1"), "not-utf8"),
        "utf16": ("Recall & Review\n".encode("utf-16"), "not-utf8"),
        "noitems": (b"Title: Nothing here\nSubject: Void\n", "no-items"),
    }
    made = {}
    for name, (data, code) in cases.items():
        path = tmp / f"{name}.txt"
        path.write_bytes(data)
        made[name] = (path, code)
    made["missing"] = (tmp / "does-not-exist.txt", "unreadable")
    (tmp / "nopages").mkdir()
    made["emptydir"] = (tmp / "nopages", "no-pages")
    return made


@pytest.mark.parametrize("case", ["binary", "empty", "latin1", "utf16", "noitems", "missing",
                                  "emptydir"])
def test_bad_input_gets_a_message_not_a_traceback(tmp_path: Path, case: str) -> None:
    path, code = _bad_inputs(tmp_path)[case]
    proc = run_cli("check", "--no-cache", str(path))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    (line, *excerpt) = proc.stdout.strip().splitlines()
    assert f"error[{code}]" in line and LINE.match(line), line
    assert all(ln.startswith(" ") for ln in excerpt)


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "locked.txt"
    page.write_text("Recall & Review\n", encoding="utf-8")

    read = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self.name == page.name:
            raise PermissionError(13, "Permission denied", str(self))
        return read(self)

    # Root can read a chmod-000 file, so refuse the read itself (of the page only: the
    # checker reads its own code and templates too).
    monkeypatch.setattr(Path, "read_bytes", deny)
    assert main(["check", "--no-cache", str(page)]) == 1
    out = capsys.readouterr().out
    assert "error[unreadable]" in out and "Permission denied" in out


def test_latin1_points_at_the_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "p.txt"
    page.write_bytes(b"Recall & Review\nbeginner\nCaf\xe9?\nYes\nClick to reveal answer\n")
    assert main(["check", "--no-cache", str(page)]) == 1
    assert ":3: error[not-utf8]: byte 0xe9" in capsys.readouterr().out


def test_usage_error_exit_code() -> None:
    proc = run_cli("check", "--format", "xml")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_export_validates_against_shipped_schema(tmp_path: Path) -> None:
    from builder.schema import schema_errors

    target = tmp_path / "model.json"
    assert main(["export", str(SAMPLE), "-o", str(target)]) == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    assert schema_errors(document) == []
    assert sum(len(p["items"]) for p in document["pages"]) == 10


def test_source_line_and_caret_under_each_message(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    main(["check", "--no-cache", str(PROBLEMS)])
    out = capsys.readouterr().out.splitlines()
    first = out.index(next(ln for ln in out if "unknown-difficulty" in ln))
    assert out[first + 1] == "    4 | begginer"
    assert out[first + 2] == "      | ^^^^^^^^"
    assert "\x1b[" not in "".join(out)


def test_colour_only_when_asked_or_on_a_terminal(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    main(["check", "--no-cache", str(PROBLEMS)])
    assert "\x1b[1;31merror[unknown-difficulty]" in capsys.readouterr().out
    monkeypatch.delenv("FORCE_COLOR")
    main(["check", "--no-cache", str(PROBLEMS)])  # captured output is not a terminal
    assert "\x1b[" not in capsys.readouterr().out


_BLOCK = """
import runpy, sys
from importlib.abc import MetaPathFinder

gone = sys.argv[1]

class Missing(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == gone or name.startswith(gone + "."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, Missing())
sys.argv = ["builder", *sys.argv[2:]]
runpy.run_module("builder", run_name="__main__")
"""


@pytest.mark.parametrize("library", ["rapidfuzz", "pydantic"])
def test_a_missing_library_is_named_not_a_traceback(library: str) -> None:
    proc = subprocess.run([sys.executable, "-c", _BLOCK, library, "check", "--no-cache",
                           str(SAMPLE)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert f"the library '{library}' is not installed" in proc.stderr
    assert "requirements.txt" in proc.stderr and "Traceback" not in proc.stderr


def test_a_missing_module_of_our_own_is_still_a_traceback() -> None:
    # builder.build is imported by `check` itself, after the command line: a bug of ours.
    proc = subprocess.run([sys.executable, "-c", _BLOCK, "builder.build", "check",
                           "--no-cache", str(SAMPLE)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1 and "Traceback" in proc.stderr
    assert "No module named 'builder.build'" in proc.stderr
