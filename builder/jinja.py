"""The one way this project makes a Jinja environment.

Every environment is cached per folder and flavour for the life of the process: Jinja
then compiles each template once (compiling them again for every page cost more than
rendering them), and ``auto_reload`` still re-reads a template whose file changed,
which ``watch`` relies on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

Filters = tuple[tuple[str, Callable[..., Any]], ...]


@lru_cache(maxsize=16)
def environment(folder: Path, *, markup: bool = True, trim: bool = True,
                keep_trailing_newline: bool = False, filters: Filters = ()) -> Environment:
    """Templates under ``folder``. ``markup`` autoescapes (every HTML and XML template);
    only plain text (the ``new`` scaffold, the ``//`` comments of a GIFT file) turns it
    off. Undefined names are errors."""
    env = Environment(loader=FileSystemLoader(folder), autoescape=markup,
                      undefined=StrictUndefined, trim_blocks=trim, lstrip_blocks=trim,
                      keep_trailing_newline=keep_trailing_newline)
    env.filters.update(dict(filters))
    return env
