"""What a diagnostic code is: its severity and its registry entry (the registry itself
is ``builder.diagnostics.codes``; kept apart so that it has room for every code)."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Severity(StrEnum):
    """An error stops the build; a warning asks for action (``--strict`` makes it an
    error); a note only informs, needs no action and is never promoted."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


class Code(NamedTuple):
    code: str  # as printed: ``path:line: severity[code]: ...`` and in ``Allow:``
    severity: Severity
    doc: str  # docs page and anchor
    summary: str
