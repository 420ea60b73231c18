"""Fuzz the reader and every writer for a bounded time (not part of the test suite).

    python -m benchmarks.fuzz --seconds 300

Hypothesis generates pages out of the format's marker lines mixed with arbitrary text
(and arbitrary bytes); each page goes through the real build (``builder.build.build``,
keep-going): read, validated, linted and built by every registered writer. Any
exception is a crash. Prints executions, crashes and the first
failing input.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.build import build
from builder.writers import registry
from builder.writers.options import HtmlOptions, Options

MARKERS = [
    "Recall & Review", "Challenge - 2 Problems", "beginner", "expert",
    "Click to reveal answer", "✗ Incorrect", "You got /2 concepts.", "2:00remaining",
    "Attempts:", "2 left", "💡 Hint", "🧠 Conceptual", "Predict Output", "PyTorch",
    "AOption one", "BOption two", "C<b>three</b> ~ = # { } :", "D]]> & \\n",
    "Answer: A", "Answers: A, C", "Explanation: why {=x}", "Feedback B: no ~",
    "Concepts: a; b", "Id: fuzz", "Tags: t", "Title: T", "Subject: S", "", "```python",
    "```", "    indented", "![img](x.png)", "\\(x^2\\)",
]
LINE = st.one_of(st.sampled_from(MARKERS), st.text(max_size=30))
PAGE = st.one_of(st.lists(LINE, max_size=50).map(lambda ls: "\n".join(ls).encode()),
                 st.binary(max_size=300))


def run_once(data: bytes, templates: Path) -> None:
    """One page through the whole build, every format, keeping going past its errors."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        source.mkdir()
        (source / "fuzz.txt").write_bytes(data)
        build(source, Path(tmp) / "dist", templates, keep_going=True,
              options=Options(html=HtmlOptions(pdf=False)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    from builder.config import load

    templates = load().templates
    stats = {"executions": 0, "crashes": 0}
    first: list[str] = []

    # Rounds of a few hundred examples, each from a fresh random seed, until time is up.
    @settings(max_examples=300, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(PAGE)
    def fuzz(data: bytes) -> None:
        if time.monotonic() > end:
            return
        stats["executions"] += 1
        try:
            run_once(data, templates)
        except Exception:
            stats["crashes"] += 1
            if not first:
                first.append(f"{data!r}\n{traceback.format_exc()}")

    end = time.monotonic() + args.seconds
    while time.monotonic() < end:
        fuzz()
    print(f"executions: {stats['executions']}  crashes: {stats['crashes']}  "
          f"writers: {', '.join(registry())}  seconds: {args.seconds:g}")
    if first:
        print("first crash:\n" + first[0])
        raise SystemExit(1)


if __name__ == "__main__":
    main()
