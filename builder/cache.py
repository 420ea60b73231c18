"""The build cache: results keyed by a hash of everything that determines them.

Entries live under one dot folder (``.study-cache`` by default), one file each, named by
the SHA-256 of namespace and key, so deleting the folder at any time only costs time.
Keys always include :func:`fingerprint` (this code, the templates, the libraries that
shape output), so an upgrade or a template edit never reuses an old result.

Entries are pickles, and a pickle can run code when loaded; a pull request could add
files to the folder. So every entry carries an HMAC under a key kept outside the
project (``$XDG_CACHE_HOME/study-builder/key``), and an entry that fails the check is
a miss. Writes go through a temporary file and a rename, so a killed build or two
builds at once never leave half an entry.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sqlite3
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
_MAC = 32
_PACKAGE = Path(__file__).resolve().parent
# Libraries whose version can change what a writer produces.
_SHAPING = ("genanki", "markdown-it-py", "mdit-py-plugins", "pygments", "nh3", "lxml",
            "jinja2", "pydantic")
# Entries unused for this long are removed after a build.
KEEP_SECONDS = 7 * 24 * 3600


class _Miss:
    pass


MISS: Any = _Miss()


def fingerprint(templates: Path) -> bytes:
    """A digest of the code, the templates and the shaping libraries' versions (read
    afresh each build: a few milliseconds, and an edited template is always seen)."""
    # sqlite and zlib shape the bytes of every Anki collection and every zip.
    h = hashlib.sha256(f"{sys.version}\0{sqlite3.sqlite_version}\0{zlib.ZLIB_RUNTIME_VERSION}"
                       .encode())
    for name in _SHAPING:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=none\0".encode())
    # Templates inside the package are part of it already.
    bases = [_PACKAGE] if templates.resolve().is_relative_to(_PACKAGE) else [_PACKAGE, templates]
    for base in bases:
        for path in sorted(_files(base)):
            h.update(path.relative_to(base).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.digest()


def _files(base: Path) -> Iterable[Path]:
    if not base.is_dir():
        return []
    return (p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def digest(*parts: bytes | str) -> bytes:
    """A key from parts: each is length-prefixed, so no two part lists collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def _secret() -> bytes:
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(home) / "study-builder" / "key"
    try:
        return path.read_bytes()
    except OSError:
        pass
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
    except FileExistsError:
        return path.read_bytes()
    except OSError:
        pass  # no writable home: entries are good for this run only
    return key


# What a long-lived process (``watch``) keeps in memory between builds: small, frozen
# values every build looks up. File contents and linked files stay on disk only.
IN_MEMORY = frozenset({"facts", "unit", "rendered", "state", "near"})
# What a build without a cache (``--no-cache``) must still keep for itself: the units
# its link step reads back (in other processes) and the files it memoizes. The rest
# would be written only to be thrown away.
LINK_NEEDS = frozenset({"unit", "unit-files", "link-file"})


class Cache:
    """A folder of signed entries. ``root=None`` keeps nothing (every lookup misses).

    With ``memory``, entries of the :data:`IN_MEMORY` namespaces are also kept in this
    process, so the next build in it (``watch``, on every save) finds them without
    reading or unpickling; :meth:`forget_unused` drops those the last build did not
    use. Workers get the cache without that memory (it stays in its own process)."""

    def __init__(self, root: Path | None, *, memory: bool = False,
                 only: frozenset[str] | None = None) -> None:
        self.root = root
        self._only = only  # the namespaces ``put`` keeps (all when None)
        self._key = _secret() if root is not None else b""
        self._memory: dict[tuple[str, bytes], Any] | None = {} if memory else None
        self._used: set[tuple[str, bytes]] = set()

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_memory": None, "_used": set()}

    def _remember(self, namespace: str, key: bytes, value: Any) -> None:
        if self._memory is not None and namespace in IN_MEMORY:
            self._memory[namespace, key] = value
            self._used.add((namespace, key))

    def forget_unused(self) -> None:
        """Drop the entries kept in memory that no lookup used since the last call."""
        if self._memory is not None:
            self._memory = {k: v for k, v in self._memory.items() if k in self._used}
            self._used = set()

    def _path(self, namespace: str, key: bytes) -> Path:
        assert self.root is not None
        name = hashlib.sha256(namespace.encode() + b"\0" + key).hexdigest()
        return self.root / namespace / name[:2] / name

    def get(self, namespace: str, key: bytes) -> Any:
        if self._memory is not None and (namespace, key) in self._memory:
            self._used.add((namespace, key))
            return self._memory[namespace, key]
        found = self._get(namespace, key)
        if found is not MISS:
            self._remember(namespace, key, found)
        return found

    def _get(self, namespace: str, key: bytes) -> Any:
        if self.root is None or (self._only is not None and namespace not in self._only):
            return MISS
        path = self._path(namespace, key)
        try:
            data = path.read_bytes()
        except OSError:
            return MISS
        mac, body = data[:_MAC], data[_MAC:]
        if not hmac.compare_digest(mac, hmac.digest(self._key, body, "sha256")):
            return MISS
        try:
            value = pickle.loads(body)
        except Exception:  # an entry from an older layout of our own classes
            return MISS
        self._touch(path)
        return value

    def has(self, namespace: str, key: bytes) -> bool:
        """Whether an entry exists (unverified: ``get`` still checks it)."""
        if self._memory is not None and (namespace, key) in self._memory:
            return True
        if self._only is not None and namespace not in self._only:
            return False
        return self.root is not None and self._path(namespace, key).is_file()

    def put(self, namespace: str, key: bytes, value: Any) -> None:
        self._remember(namespace, key, value)
        if self.root is None or (self._only is not None and namespace not in self._only):
            return
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        path = self._path(namespace, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(hmac.digest(self._key, body, "sha256"))
                fh.write(body)
            os.replace(tmp, path)
        except OSError:
            return  # a cache that cannot be written only makes the next build slower

    def memo(self, namespace: str, key: bytes, make: Callable[[], T]) -> T:
        found = self.get(namespace, key)
        if found is MISS:
            found = make()
            self.put(namespace, key, found)
        return found  # type: ignore[no-any-return]

    @staticmethod
    def _touch(path: Path) -> None:
        # Only when a day old: keeps `prune` working without a write per hit.
        try:
            if path.stat().st_mtime < time.time() - 86400:
                os.utime(path)
        except OSError:
            pass

    def prune(self, keep_seconds: float = KEEP_SECONDS) -> int:
        """Remove entries unused for ``keep_seconds``; returns how many."""
        if self.root is None or not self.root.is_dir():
            return 0
        limit = time.time() - keep_seconds
        removed = 0
        for path in self.root.glob("*/*/*"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed
