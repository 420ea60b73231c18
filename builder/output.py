"""Atomic replacement of the output folder: a failed or killed build leaves the old one."""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from pathlib import Path


def staging_dir(out: Path) -> Path:
    recover(out)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    return tmp


def recover(out: Path) -> None:
    """Undo what a build killed mid-swap left: restore the old output, drop staging."""
    parent = out.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f".{out.name}.old-*"))
    if olds and not out.exists():
        os.rename(olds.pop(), out)
    for stale in [*olds, *parent.glob(f".{out.name}.tmp-*")]:
        if stale.name.endswith(f"-{os.getpid()}"):
            continue
        if _owner_alive(stale):
            continue
        shutil.rmtree(stale, ignore_errors=True)


def _owner_alive(path: Path) -> bool:
    pid = path.name.rsplit("-", 1)[-1]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_into_place(tmp: Path, out: Path) -> None:
    """Put ``tmp`` where ``out`` is. On Linux one atomic exchange, so that at every
    instant ``out`` is either the whole old build or the whole new one."""
    if out.exists() and _exchange(tmp, out):
        shutil.rmtree(tmp, ignore_errors=True)  # it holds the old build now
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.rename(out, old)
    os.rename(tmp, out)  # a kill between the renames is undone by recover()
    shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE); False where the platform or filesystem lacks it."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(done == 0)


def write_atomic(path: Path, data: bytes) -> None:
    """``path`` holds either its old bytes or ``data``, whenever the process dies."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def discard(tmp: Path) -> None:
    shutil.rmtree(tmp, ignore_errors=True)
