"""The build cache: signed entries, safe to lose, never trusted when altered."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

import pytest

from builder.cache import MISS, Cache, digest, fingerprint


@pytest.fixture(autouse=True)
def private_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))


def test_round_trip_and_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    assert cache.get("ns", b"k") is MISS
    cache.put("ns", b"k", {"a": (1, b"x")})
    assert cache.has("ns", b"k")
    assert Cache(tmp_path / "c").get("ns", b"k") == {"a": (1, b"x")}
    assert cache.get("other", b"k") is MISS


def test_key_lives_outside_the_project(tmp_path: Path) -> None:
    Cache(tmp_path / "c").put("ns", b"k", 1)
    key = tmp_path / "home-cache" / "study-builder" / "key"
    assert key.is_file() and oct(key.stat().st_mode & 0o777) == "0o600"


def test_an_entry_signed_with_another_key_is_a_miss(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # What a pull request that commits cache files would give: a pickle we never signed.
    Cache(tmp_path / "c").put("ns", b"k", "trusted")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "elsewhere"))
    assert Cache(tmp_path / "c").get("ns", b"k") is MISS


def test_memo_makes_once(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    calls: list[int] = []

    def make() -> str:
        calls.append(1)
        return "made"

    for _ in range(3):
        assert cache.memo("ns", b"k", make) == "made"
    assert calls == [1]


def test_no_root_keeps_nothing(tmp_path: Path) -> None:
    cache = Cache(None)
    cache.put("ns", b"k", 1)
    assert cache.get("ns", b"k") is MISS and not cache.has("ns", b"k")


def test_prune_removes_only_old_entries(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    cache.put("ns", b"old", 1)
    cache.put("ns", b"new", 2)
    old = cache._path("ns", b"old")
    week_ago = time.time() - 8 * 24 * 3600
    os.utime(old, (week_ago, week_ago))
    assert cache.prune() == 1
    assert cache.get("ns", b"old") is MISS and cache.get("ns", b"new") == 2


def test_digest_parts_do_not_run_together() -> None:
    assert digest("ab", "c") != digest("a", "bc")


def test_fingerprint_sees_a_template_edit(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("a", encoding="utf-8")
    before = fingerprint(tmp_path)
    (tmp_path / "t.j2").write_text("b", encoding="utf-8")
    assert fingerprint(tmp_path) != before


def test_memory_keeps_small_entries_and_forgets_the_unused(tmp_path: Path) -> None:
    cache = Cache(tmp_path, memory=True)
    cache.put("facts", b"a", ("A",))
    cache.put("unit-files", b"a", b"big")  # file contents stay on disk only
    for entry in tmp_path.rglob("*"):  # the disk copy is gone; memory still answers
        if entry.is_file():
            entry.unlink()
    assert cache.get("facts", b"a") == ("A",) and cache.has("facts", b"a")
    assert cache.get("unit-files", b"a") is MISS
    cache.forget_unused()  # "a" was used since it was put: kept
    assert cache.get("facts", b"a") == ("A",)
    cache.forget_unused()
    cache.forget_unused()  # not used between these two: dropped
    assert cache.get("facts", b"a") is MISS


def test_workers_get_the_cache_without_its_memory(tmp_path: Path) -> None:
    cache = Cache(tmp_path, memory=True)
    cache.put("facts", b"a", ("A",))
    copy = pickle.loads(pickle.dumps(cache))
    assert copy.root == tmp_path and copy.get("facts", b"a") == ("A",)  # from disk
    assert copy._memory is None
