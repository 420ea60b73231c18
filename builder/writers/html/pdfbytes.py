"""The bytes of a PDF Chromium wrote: its dates fixed to the build's epoch, its pages
counted.

Chromium stamps the print time into the PDF's info dictionary; both dates are
overwritten with the epoch in place (same length, so the cross-reference offsets stay
valid), which makes the PDF bytes depend only on the HTML, Chromium and the fonts.
"""

from __future__ import annotations

import re
import time

_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)")
_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def stamp_dates(pdf: bytes, epoch: int) -> bytes:
    """Replace Chromium's print time by ``epoch`` (UTC) without moving any byte."""
    when = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode()

    def fix(m: re.Match[bytes]) -> bytes:
        tail = m[3]
        zone = b"+00'00'" if len(tail) == 7 else tail  # keep the length whatever the zone
        return b"/" + m[1] + b" (D:" + when + zone + b")"

    return _DATE.sub(fix, pdf)


def page_count(pdf: bytes) -> int:
    """Pages in a PDF Chromium wrote (its page objects are not compressed)."""
    return len(_PAGE.findall(pdf))
