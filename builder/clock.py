"""The build's one reading of time.

``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/), when
set, stands for "now" everywhere: zip stamps, note modification times and the lock,
so the same source gives the same bytes on every machine.
"""

from __future__ import annotations

import os
import time

ZIP_EPOCH = 315532800  # 1980-01-01, the earliest time a zip entry can hold


def source_date_epoch(default: int | None = None) -> int:
    """``SOURCE_DATE_EPOCH`` when set, else ``default``, else the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if value.isdigit():
        return int(value)
    return int(time.time()) if default is None else default
