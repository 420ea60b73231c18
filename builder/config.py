"""Settings from ``[tool.builder]`` in the project's pyproject.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from builder import resources


@dataclass(frozen=True)
class Config:
    root: Path
    source: Path
    out: Path
    templates: Path
    cache: Path


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load(start: Path | None = None) -> Config:
    start = (start or Path.cwd()).resolve()
    pyproject = find_pyproject(start)
    settings: dict[str, str] = {}
    root = start
    if pyproject is not None:
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            settings = data.get("tool", {}).get("builder", {})
            root = pyproject.parent
        except (OSError, tomllib.TOMLDecodeError):
            settings = {}
    # The package's own templates, unless a project names a folder of its own.
    templates = root / settings["templates"] if "templates" in settings else resources.templates()
    return Config(
        root=root,
        source=root / settings.get("source", "source"),
        out=root / settings.get("out", "dist"),
        templates=templates,
        cache=root / settings.get("cache", ".study-cache"),
    )
