"""Atomic replacement of the output folder: a failed or killed build leaves the old one."""

from __future__ import annotations

import os
import shutil
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
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        os.rename(out, old)
    os.rename(tmp, out)
    shutil.rmtree(old, ignore_errors=True)


def discard(tmp: Path) -> None:
    shutil.rmtree(tmp, ignore_errors=True)
