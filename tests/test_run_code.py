"""``check --run-code``: Predict Output keys checked by running their Python in a sandbox."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from builder.build import check
from builder.cli import main
from builder.diagnostics import Diagnostic, Severity
from builder.model import Page
from builder.reader import read_file
from builder.runcode import Limits, check_pages
from builder.runcode.sandbox import Outcome, Run, run

from .conftest import FIXTURES, ROOT, TEMPLATES

HERE = FIXTURES / "run_code"
QUICK = Limits(seconds=2.0)


def _page(name: str) -> Page:
    page, _ = read_file(HERE / name, HERE)
    assert page is not None
    return page


def _checked(name: str) -> list[Diagnostic]:
    return check_pages([_page(name)], [HERE], QUICK)


def _answer_lines(name: str) -> list[int]:
    lines = (HERE / name).read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, 1) if line.startswith("Answer:")]


def test_right_keys_single_and_multi_line_pass_silently() -> None:
    page = _page("right.txt")
    assert len([i for i in page.items if i.kind == "challenge"]) == 2
    assert _checked("right.txt") == []


def test_multi_line_output_uses_the_backslash_n_convention() -> None:
    # The key of the second problem is `6 36\n4 16\n2 4`; make B (one line more) the key.
    page = _page("right.txt")
    loop = page.items[-1]
    assert loop.kind == "challenge"
    rekeyed = loop.model_copy(update={"options": tuple(
        o.model_copy(update={"correct": o.letter == "B"}) for o in loop.options)})
    (found,) = check_pages([page.model_copy(update={"items": (rekeyed,)})], [HERE], QUICK)
    assert found.code == "wrong-key"
    assert "prints `6 36\\n4 16\\n2 4`," in found.message and "(A)" in found.fix


def test_wrong_key_is_an_error_at_the_answer_line_quoting_the_output() -> None:
    found = sorted(_checked("wrong.txt"), key=lambda d: d.line)
    assert [(d.severity, d.code) for d in found] == [(Severity.ERROR, "wrong-key")] * 2
    assert [d.line for d in found] == _answer_lines("wrong.txt")
    division, joining = found
    assert "prints `3 1`," in division.message and "key (A)" in division.message
    assert division.fix == "make the option that prints it (B) the key, or fix the code"
    assert "prints `tea-for-two`," in joining.message
    assert joining.fix == "make an option that prints it the key, or fix the code"


def test_code_that_cannot_run_is_a_note_never_an_error() -> None:
    found = sorted(_checked("not_run.txt"), key=lambda d: d.line)
    assert [(d.severity, d.code) for d in found] == [(Severity.NOTE, "code-not-run")] * 3
    missing, raised, loop = (d.message for d in found)
    assert "imports study_builder_no_such_module_here, which is not installed" in missing
    assert "not run" in missing and "not checked" in missing
    assert "raised ZeroDivisionError: division by zero" in raised
    assert "did not finish within 2 s" in loop and "not run" in loop


def test_errors_and_exits_of_the_code_itself_are_told_apart() -> None:
    assert run("print(", [HERE], QUICK).outcome is Outcome.RAISED
    raised = run("print('partial')\nraise ValueError('no\\nway')", [HERE], QUICK)
    assert raised == Run(Outcome.RAISED, "ValueError: no way")
    assert run("import sys\nsys.exit(3)", [HERE], QUICK) == Run(Outcome.EXITED, "3")
    assert run("import sys\nprint('x')\nsys.exit(0)", [HERE], QUICK) == Run(
        Outcome.PRINTED, "x\n")


def test_an_infinite_loop_is_stopped_by_the_time_limit() -> None:
    result = run("while True:\n    pass\n", [HERE], Limits(seconds=0.5))
    assert result.outcome is Outcome.TIMED_OUT


def test_the_memory_and_output_limits_stop_a_run() -> None:
    hog = run("block = bytearray(1 << 30)\nprint(len(block))\n", [HERE],
              Limits(seconds=5.0, memory=256 << 20))
    assert hog.outcome is Outcome.LIMIT and "memory" in hog.text
    chatty = run("while True:\n    print('x' * 1000)\n", [HERE], Limits(seconds=5.0,
                                                                       output=10_000))
    assert chatty.outcome is Outcome.LIMIT and "more than 10000 bytes" in chatty.text


@pytest.mark.parametrize("opening", [
    "import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=2)",
    "import _socket\ns = _socket.socket()\ns.connect(('127.0.0.1', {port}))",
])
def test_the_network_is_blocked(opening: str) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        result = run(opening.format(port=port) + "\nprint('connected')\n", [HERE], QUICK)
        assert result.outcome is Outcome.REFUSED and "network" in result.text
        with pytest.raises(TimeoutError):
            listener.accept()


def test_the_working_folder_is_temporary_and_the_source_is_hidden(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    code = ("import os\nprint(os.getcwd())\n"
            "with open('made.txt', 'w') as f:\n    f.write('x')\nprint(os.listdir('.'))\n")
    result = run(code, [source, ROOT], QUICK)
    assert result.outcome is Outcome.PRINTED
    cwd, listing = result.text.splitlines()
    assert Path(cwd).name.startswith("study-run-") and not Path(cwd).exists()
    assert str(source) not in cwd and str(ROOT) not in cwd
    assert listing == "['made.txt']"
    assert not (source / "made.txt").exists() and not (ROOT / "made.txt").exists()
    (source / "page.txt").write_text("secret", encoding="utf-8")
    for peek in (f"print(open({str(source / 'page.txt')!r}).read())",
                 f"import os\nprint(os.listdir({str(source)!r}))",
                 f"open({str(source / 'new.txt')!r}, 'w')",
                 "import builder", "import builder.model"):
        assert run(peek, [source, ROOT], QUICK).outcome in (Outcome.REFUSED,
                                                             Outcome.MISSING_MODULE), peek
    assert sorted(p.name for p in source.iterdir()) == ["page.txt"]
    installed = run("import pydantic\nprint('ok')", [source, ROOT], QUICK)
    assert installed == Run(Outcome.PRINTED, "ok\n")  # even from a .venv inside ROOT


def test_the_workflow_runs_check_with_run_code() -> None:
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "run: python -m builder check --format github --run-code source" in workflow


def test_without_run_code_nothing_runs(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    marker = tmp_path / "ran"
    page = (HERE / "wrong.txt").read_text(encoding="utf-8").replace(
        'print(7 // 2, 7 % 2)', f"open({str(marker)!r}, 'w').close()\nprint(7 // 2, 7 % 2)")
    (source / "page.txt").write_text(page, encoding="utf-8")
    quiet = check([source], TEMPLATES)
    assert not marker.exists() and not any(d.code == "wrong-key" for d in quiet.diagnostics)
    ran = check([source], TEMPLATES, run_code=QUICK)
    assert marker.exists() and [d.code for d in ran.diagnostics].count("wrong-key") == 2


def test_cli_exit_code_is_1_on_a_wrong_key_and_0_on_right_ones() -> None:
    assert main(["check", "--no-cache", str(HERE / "wrong.txt")]) == 0
    assert main(["check", "--no-cache", "--run-code", str(HERE / "wrong.txt")]) == 1
    assert main(["check", "--no-cache", "--run-code", str(HERE / "right.txt")]) == 0
