"""Worker processes for a build, used only when they pay.

Tasks get everything they need as arguments: the build's small frozen session, given
to each worker once by the pool's initializer, and their job. So a worker may be forked
or spawned alike. Forking is fastest, but forking a process
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
C = TypeVar("C")
J = TypeVar("J")


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


class _Worker:
    """The session of the build a worker process serves, installed once by the pool's
    initializer (a class attribute, so no task carries it and no module global holds
    it)."""

    context: Any = None

    @staticmethod
    def install(context: Any) -> None:
        _Worker.context = context

    @staticmethod
    def run(fn: Callable[[Any, Any], Any], job: Any) -> Any:
        return fn(_Worker.context, job)


class Pool(Generic[C]):
    """Worker processes when they pay (``jobs`` of 2 or more), else the calling process.

    Every task is ``fn(context, job)``: ``context`` (the build's frozen session) reaches
    each worker once, through the initializer; only ``fn`` and ``job`` travel per task.
    """

    def __init__(self, jobs: int, context: C, method: str | None = None) -> None:
        self.jobs = jobs
        self._context = context
        self._method = method
        self._executor: Executor | None = None

    def __enter__(self) -> Pool[C]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)

    def _start(self) -> Executor:
        if self._executor is None:
            # Decided when the first task goes out: a thread started since must count.
            context = get_context(start_method(self._method))
            self._executor = ProcessPoolExecutor(self.jobs, mp_context=context,
                                                 initializer=_Worker.install,
                                                 initargs=(self._context,))
        return self._executor

    def map(self, fn: Callable[[C, J], T], jobs: list[J]) -> Iterator[tuple[int, T]]:
        """``(index, fn(context, job))`` as they finish."""
        if self.jobs < 2 or len(jobs) < 2:
            for i, job in enumerate(jobs):
                yield i, fn(self._context, job)
            return
        executor = self._start()
        futures: dict[Future[T], int] = {executor.submit(_Worker.run, fn, job): i
                                         for i, job in enumerate(jobs)}
        for future in as_completed(futures):
            yield futures[future], future.result()

    def submit(self, fn: Callable[[C, J], T], job: J) -> Later[T]:
        """``fn(context, job)`` in a worker when there are workers, else right away."""
        if self.jobs < 2:
            return Later(value=fn(self._context, job))
        return Later(future=self._start().submit(_Worker.run, fn, job))


class Later(Generic[T]):
    def __init__(self, *, value: T | None = None, future: Future[T] | None = None) -> None:
        self._value, self._future = value, future

    def result(self) -> T:
        return self._future.result() if self._future is not None else self._value  # type: ignore[return-value]
