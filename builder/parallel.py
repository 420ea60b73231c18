"""Worker processes for a build, used only when they pay.

Tasks get everything they need as arguments (a small frozen session and their job), so
a worker may be forked or spawned alike. Forking is fastest, but forking a process
that runs other threads can copy a lock some thread holds, and macOS and Windows have
no safe fork at all: the pool forks only on Linux and only while this process runs a
single thread, and otherwise starts workers the platform's safe way.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from multiprocessing import get_all_start_methods, get_context
from typing import Any, Generic, TypeVar

T = TypeVar("T")


# Names the start method for every build of this process (CI runs the tests once
# with ``spawn``, as macOS and Windows would).
START_METHOD_VARIABLE = "STUDY_BUILDER_START_METHOD"


def start_method(asked: str | None = None) -> str:
    """``asked`` (``fork``, ``forkserver`` or ``spawn``), else the one the environment
    names, else what is safe now."""
    asked = asked or os.environ.get(START_METHOD_VARIABLE) or None
    if asked:
        if asked not in get_all_start_methods():
            raise ValueError(f"no start method {asked!r} here; one of "
                             f"{', '.join(get_all_start_methods())}")
        return asked
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in get_all_start_methods() else "spawn"


class Pool:
    """Worker processes when they pay (``jobs`` of 2 or more), else the calling process."""

    def __init__(self, jobs: int, method: str | None = None) -> None:
        self.jobs = jobs
        self._method = method
        self._executor: Executor | None = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)

    def _start(self) -> Executor:
        if self._executor is None:
            # Decided when the first task goes out: a thread started since must count.
            context = get_context(start_method(self._method))
            self._executor = ProcessPoolExecutor(self.jobs, mp_context=context)
        return self._executor

    def map(self, fn: Callable[[Any], Any], jobs: list[Any]) -> Iterator[tuple[int, Any]]:
        """``(index, fn(job))`` as they finish."""
        if self.jobs < 2 or len(jobs) < 2:
            for i, job in enumerate(jobs):
                yield i, fn(job)
            return
        executor = self._start()
        futures: dict[Future[Any], int] = {executor.submit(fn, job): i
                                           for i, job in enumerate(jobs)}
        for future in as_completed(futures):
            yield futures[future], future.result()

    def submit(self, fn: Callable[[Any], T], job: Any) -> Later[T]:
        """``fn(job)`` in a worker when there are workers, else right away."""
        if self.jobs < 2:
            return Later(value=fn(job))
        return Later(future=self._start().submit(fn, job))


class Later(Generic[T]):
    def __init__(self, *, value: T | None = None, future: Future[T] | None = None) -> None:
        self._value, self._future = value, future

    def result(self) -> T:
        return self._future.result() if self._future is not None else self._value  # type: ignore[return-value]
