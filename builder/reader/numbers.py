"""The value of a `Number:` line: a number, a number with a tolerance, or a range, and
the units text after it."""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Literal, NamedTuple

from builder.diagnostics import Diagnostic, codes, error

from .answer_keys import Keyed

_NUM = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
NUMBER = re.compile(rf"^{_NUM}$")
_RANGE = re.compile(rf"^(?P<low>{_NUM})\s*\.\.\s*(?P<high>\S+)(?:\s+(?P<units>.+))?$")
_TOLERANCE = re.compile(
    rf"^(?P<answer>{_NUM})\s*(?:±|\+/-|\+-)\s*(?P<tolerance>\S+)(?:\s+(?P<units>.+))?$")
_EXACT = re.compile(rf"^(?P<answer>{_NUM})(?:\s*(?P<units>[^\s\d.+\-±].*))?$")
_FIX = "write the number in digits, e.g. `Number: 4`, `Number: 0.5 ± 0.05` or `Number: 2..4`"


class NumberKey(NamedTuple):
    written_as: Literal["tolerance", "range"]
    answer: float
    tolerance: float
    low: float
    high: float
    units: str | None


def read_number(key: Keyed, diags: list[Diagnostic]) -> NumberKey | None:
    """The key of ``key``'s line, or None with the reason reported at the line."""
    value = key.value.strip()
    if (m := _RANGE.match(value)) is not None:
        low, high = _finite(m["low"]), _finite(m["high"])
        if low is None or high is None:
            return _bad(key, m["high"] if low is not None else m["low"], diags)
        if low > high:
            diags.append(error(codes.BAD_RANGE, key.span,
                               f"the range {m['low']}..{m['high']} runs backwards",
                               f"write the smaller number first: `{m['high']}..{m['low']}`"))
            return None
        # In decimal, so that 0.1..0.15 is 0.125 ± 0.025, not ± 0.024999999999999994.
        lo, hi = Decimal(m["low"]), Decimal(m["high"])
        return NumberKey("range", float((lo + hi) / 2), float((hi - lo) / 2), low, high,
                         m["units"])
    if (m := _TOLERANCE.match(value)) is not None:
        answer, tolerance = _finite(m["answer"]), _finite(m["tolerance"])
        if answer is None or tolerance is None:
            return _bad(key, m["tolerance"] if answer is not None else m["answer"], diags)
        if tolerance < 0:
            diags.append(error(codes.NEGATIVE_TOLERANCE, key.span,
                               f"the tolerance {m['tolerance']} is below zero",
                               f"write how far an answer may be off as a positive number: "
                               f"`{m['answer']} ± {m['tolerance'].lstrip('-')}`"))
            return None
        at, off = Decimal(m["answer"]), Decimal(m["tolerance"])
        return NumberKey("tolerance", answer, tolerance, float(at - off), float(at + off),
                         m["units"])
    if (m := _EXACT.match(value)) is not None and (answer := _finite(m["answer"])) is not None:
        return NumberKey("tolerance", answer, 0.0, answer, answer, m["units"])
    return _bad(key, value.split()[0] if value.split() else value, diags)


def bare_units(units: str) -> bool:
    """Can ``units`` follow a number with no tolerance (`Number: 4 GB`)? Units that
    start like a number (`2nd`) need one written out (`Number: 4 ± 0 2nd`)."""
    return _EXACT.match(f"0 {units}") is not None


def _finite(text: str) -> float | None:
    if not NUMBER.match(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _bad(key: Keyed, text: str, diags: list[Diagnostic]) -> NumberKey | None:
    diags.append(error(codes.BAD_NUMBER, key.span, f"{text!r} in `Number: {key.value}` is "
                       "not a number", _FIX))
    return None
