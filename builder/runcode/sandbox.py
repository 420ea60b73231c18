"""Run one snippet of Python in a child process, as far apart from us as we can without
root: see docs/source-format.md#running-the-code for what this does and does not promise.

The child's side is the ``_child_*`` functions below: each imports what it needs, and
their source is sent to ``python -I -B -c``, so the child never imports builder (nor
reads a file of this tree) and they are still checked by ruff and mypy like the rest.
"""

from __future__ import annotations

import inspect
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from enum import Enum
from pathlib import Path


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0  # wall clock; the CPU limit is this rounded up, plus one
    memory: int = 2 << 30  # bytes of address space
    output: int = 1 << 20  # bytes of stdout (and of any file the code writes)


class Outcome(Enum):
    """How a run ended; the child names the first four in its verdict line."""

    PRINTED = "printed"  # ran to the end; ``text`` is its stdout
    MISSING_MODULE = "missing-module"  # ``text`` is the module's name
    RAISED = "raised"  # ``text`` is the exception's last line
    REFUSED = "refused"  # the sandbox refused something; ``text`` says what
    TIMED_OUT = "timed-out"
    LIMIT = "limit"  # ``text`` says which
    EXITED = "exited"  # a non-zero status of its own; ``text`` is it


@dataclass(frozen=True)
class Run:
    outcome: Outcome
    text: str


def run(code: str, hidden: list[Path], limits: Limits) -> Run:
    """Run ``code`` in a fresh temporary folder, unable to open anything under ``hidden``."""
    # The child's verdict is its last stderr line, after a token the code cannot know.
    token = secrets.token_hex(8)
    config = json.dumps({"code": code, "token": token, "hidden": [str(p) for p in hidden],
                         "seconds": limits.seconds, "memory": limits.memory,
                         "output": limits.output})
    env = {k: os.environ[k] for k in ("SYSTEMROOT",) if k in os.environ}  # Windows needs it
    with tempfile.TemporaryDirectory(prefix="study-run-") as cwd, \
            tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-I", "-B", "-c", _child_source(), config],
            cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            close_fds=True, start_new_session=True)
        try:
            status = proc.wait(timeout=limits.seconds)
        except subprocess.TimeoutExpired:
            _kill(proc)
            return Run(Outcome.TIMED_OUT, f"{limits.seconds:g} s")
        finally:
            _kill(proc)  # whatever it started in its session goes with it
        out.seek(0)
        err.seek(0)
        verdict = err.read().decode("utf-8", errors="replace").rpartition(token + " ")[2]
        return _outcome(status, out.read(limits.output + 1), verdict, limits)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows has no process groups of this kind
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def _outcome(status: int, out: bytes, verdict: str, limits: Limits) -> Run:
    """``verdict`` is ``outcome text`` from the child, or what stderr ended with."""
    kind, _, text = " ".join(verdict.split()).partition(" ")
    if len(out) > limits.output:
        return Run(Outcome.LIMIT, f"it printed more than {limits.output} bytes")
    if status == 0:
        return Run(Outcome.PRINTED, out.decode("utf-8", errors="replace"))
    if kind in {"missing-module", "raised", "refused"}:
        return Run(Outcome(kind), text)
    if kind == "memory":
        return Run(Outcome.LIMIT, f"it ran out of its {limits.memory >> 20} MB of memory")
    if status < 0:
        name = signal.Signals(-status).name
        why = "its CPU time" if name == "SIGXCPU" else f"a signal ({name})"
        return Run(Outcome.LIMIT, f"it was stopped by {why}")
    return Run(Outcome.EXITED, str(status))


def _child_source() -> str:
    parts = [inspect.getsource(f) for f in (_child_limits, _child_guard, _child_main)]
    return "\n\n".join(parts) + "\n_child_main()\n"


def _child_limits(config: dict[str, float]) -> None:
    import contextlib

    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return
    cpu = int(config["seconds"]) + 2
    for which, value in ((resource.RLIMIT_CPU, cpu), (resource.RLIMIT_AS, int(config["memory"])),
                         (resource.RLIMIT_FSIZE, int(config["output"]) + 1),
                         (resource.RLIMIT_CORE, 0)):
        with contextlib.suppress(ValueError, OSError):  # a lower hard limit stays
            resource.setrlimit(which, (value, value))


def _child_guard(hidden: list[str]) -> None:
    """Refuse the network, new processes, and any path under ``hidden``, for good: an
    audit hook cannot be removed from Python code."""
    import os
    import sys

    def under(path: str, roots: list[str]) -> bool:
        return any(path == r or path.startswith(r + os.sep) for r in roots)

    roots = [os.path.realpath(h) for h in hidden]
    # A virtual environment inside the project folder keeps its packages importable.
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.exec_prefix, sys.base_prefix)}
    kept = [p for p in prefixes if under(p, roots)]
    blocked = ("socket.", "subprocess.", "os.system", "os.exec", "os.spawn", "os.posix_spawn",
               "os.fork", "os.forkpty", "pty.")
    pathed = {"open", "os.listdir", "os.scandir", "os.chdir", "os.walk", "glob.glob",
              "shutil.copyfile", "os.rename", "os.remove", "os.mkdir", "os.symlink"}

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event.startswith(blocked):
            what = "the network" if event.startswith("socket.") else "starting processes"
            raise PermissionError(f"the sandbox does not allow {what} ({event})")
        if event in pathed and args and isinstance(args[0], str | bytes | os.PathLike):
            path = os.path.realpath(os.fsdecode(args[0]))
            if under(path, roots) and not under(path, kept):
                raise PermissionError(f"the sandbox hides {path}")

    sys.addaudithook(hook)


def _child_main() -> None:
    import json
    import sys
    import traceback

    config = json.loads(sys.argv[1])
    sys.argv = [""]
    _child_limits(config)
    sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")  # type: ignore[union-attr]
    _child_guard(config["hidden"])
    verdict = ""
    try:
        code = compile(config["code"], "<snippet>", "exec")  # a SyntaxError is the code's own
        exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
    except ModuleNotFoundError as exc:
        verdict = f"missing-module {exc.name or exc}"
    except MemoryError:
        verdict = "memory -"
    except PermissionError as exc:
        verdict = f"{'refused' if 'sandbox' in str(exc) else 'raised'} {exc}"
    except Exception as exc:  # the code's own error, reported by its last line
        verdict = "raised " + traceback.format_exception_only(exc)[-1].strip()
    try:
        sys.stdout.flush()
    except OSError:
        verdict = verdict or "raised the output could not be written"
    if verdict:
        print(config["token"], verdict, file=sys.stderr)
    sys.exit(1 if verdict else 0)
