"""Worker processes for a build: forked, so they share the state the build set up
before starting them (nothing of it is pickled), and used only when they pay."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Pool:
    """Worker processes (forked, so they share the build's state) when they pay."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._executor: Executor | None = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)

    def _start(self) -> Executor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(self.jobs, mp_context=get_context("fork"))
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
