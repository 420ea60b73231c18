"""Files the package ships beside its code (templates, the model schema), found with
:mod:`importlib.resources` so that an installed wheel finds them as a checkout does."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_dir(name: str) -> Path:
    """The folder ``name`` inside the installed ``builder`` package.

    The writers read templates as ordinary files (Jinja loaders, a fingerprint over
    every byte), so the package must be installed as files, which pip always does; a
    zipped import has no such folder and is refused here, not half-way through a build.
    """
    found = files("builder").joinpath(name)
    if not isinstance(found, Path) or not found.is_dir():
        raise RuntimeError(f"the builder package has no {name}/ folder on disk ({found}); "
                           "reinstall it with pip")
    return found


def templates() -> Path:
    return package_dir("templates")
