"""A progress bar for builds that take more than a second, on a terminal only."""

from __future__ import annotations

import sys

from tqdm import tqdm


class _Bar(tqdm):  # type: ignore[type-arg]
    # tqdm's monitor is a thread, and a build may fork workers while the bar is up.
    monitor_interval = 0


class Progress:
    def __init__(self, total: int, *, enabled: bool) -> None:
        # disable=None lets tqdm switch itself off when stderr is not a terminal;
        # delay keeps quick builds quiet.
        self._bar = _Bar(total=total, delay=1.0, disable=None if enabled else True,
                         file=sys.stderr, unit="step", leave=False,
                         bar_format="{desc:<28.28} {bar} {n_fmt}/{total_fmt} {elapsed}")

    def tick(self, label: str) -> None:
        self._bar.set_description_str(label, refresh=False)
        self._bar.update(1)

    def close(self) -> None:
        self._bar.close()
