"""The build cache of spec section 12: what one build computed, kept for the next.

The cache folder (`<site>/.pitboard-cache/`, or `[build] cache` of site.toml) holds

- `cache.sqlite3`: tables of pickled values by key — parsed files, Markdown HTML, the
  drivers each text names, the facts of photo files, each page's fingerprint and what its context read (`pages`), the
  fingerprints of the pages of the last build, what the link check read from each page, the last
  search index;
- `images/`: processed photos, kept by the image code itself (`image_cache`);
- `search/`: the last search index, kept by `search` under a digest of the pages it indexed;
- `lock`: held by the build that runs (see `BuildLock`).

Nothing in it is trusted by name. Every value is stored with its digest and read back only
when the digest matches; a database written by another version of pitboard, or one that
cannot be read (truncated, garbage), is thrown away and rebuilt — never a traceback.
`images/` is kept through that: each of its entries is keyed by everything that shapes its
files (the image code's version, the encoders' versions and options) and trusted only when
every file has the digest recorded for it, so a new pitboard re-encodes no photo it would
encode alike, and never uses one it would not.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pickle
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import IO

from . import __version__

CACHE_DIR = ".pitboard-cache"
DATABASE = "cache.sqlite3"
IMAGES_DIR = "images"
SEARCH_DIR = "search"
SPOOL_DIR = "rendered"
NO_CACHE_DIR = "no-cache"  # the processed photos and search index of a build with --no-cache, until its end
TABLES = ("parsed", "markdown", "mentions", "media", "pages", "checked", "links", "meta", "search")
_PACKAGE = Path(__file__).resolve().parent


@cache
def code_version() -> str:
    """pitboard's version and a digest of its code: a cache of other code is never used."""
    hasher = hashlib.blake2b(digest_size=8)
    for path in sorted(_PACKAGE.rglob("*.py")):
        hasher.update(path.relative_to(_PACKAGE).as_posix().encode())
        hasher.update(path.read_bytes())
    return f"{__version__}+{hasher.hexdigest()}"


class BuildCache:
    """Tables of values by key, in memory and (unless it has no folder) in the cache folder.

    A table is read from disk on first use; changes reach the disk with `commit`.
    """

    def __init__(self, folder: Path | None, scratch: Path | None = None):
        self.folder = folder
        self._scratch = scratch  # the folder of images and the search index of a cache without a folder
        self._tables: dict[str, dict[bytes, object]] = {}
        self._changed: dict[str, dict[bytes, object]] = {}  # per table: key -> new value, or _GONE
        self._database: sqlite3.Connection | None = _open_database(folder) if folder is not None else None

    @classmethod
    def in_memory(cls, scratch: Path | None = None) -> BuildCache:
        """A cache that lives as long as the process (`--no-cache`, or a test). The photos it processes and the
        search index it makes are kept in `scratch` (by default a new temporary folder), removed at its end."""
        return cls(None, scratch)

    def __enter__(self) -> BuildCache:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    @property
    def images_folder(self) -> Path:
        """Where processed photos are kept: `images/` of the cache folder; for a cache in memory, a
        temporary folder that lives as long as the cache (the build links its files into the output)."""
        return self._subfolder(IMAGES_DIR)

    @property
    def search_folder(self) -> Path:
        """Where the search index is kept, as the processed photos are."""
        return self._subfolder(SEARCH_DIR)

    @property
    def spool_folder(self) -> Path | None:
        """Where the pages a build renders are written until the output has them (see `render`); None for a
        cache without a folder, whose build keeps them in memory."""
        return self.folder / SPOOL_DIR if self.folder is not None else None

    def _subfolder(self, name: str) -> Path:
        if self.folder is not None:
            return self.folder / name
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="pitboard-cache-"))
        self._scratch.mkdir(parents=True, exist_ok=True)
        return self._scratch / name

    def table(self, name: str) -> Mapping[bytes, object]:
        """Every entry of a table."""
        if name not in self._tables:
            self._tables[name] = dict(self._read_table(name))
        return self._tables[name]

    def forget(self, *names: str) -> None:
        """Read these tables from disk again on next use: another process may have written them."""
        for name in names:
            self._tables.pop(name, None)

    def get(self, name: str, key: bytes) -> object | None:
        return self.table(name).get(key)

    def put(self, name: str, key: bytes, value: object) -> None:
        self.table(name)
        self._tables[name][key] = value
        self._changed.setdefault(name, {})[key] = value

    def sync(self, name: str, entries: Mapping[bytes, object]) -> None:
        """The table holds exactly `entries` from now on; only what differs is written."""
        table = self.table(name)
        changes = self._changed.setdefault(name, {})
        for key in table.keys() - entries.keys():
            changes[key] = _GONE
        for key, value in entries.items():
            if key not in table or (table[key] is not value and table[key] != value):
                changes[key] = value
        self._tables[name] = dict(entries)

    def commit(self) -> None:
        """Write what changed since the last commit; a cache that cannot be written is given up."""
        if self._database is None:
            self._changed.clear()
            return
        try:
            with self._database:
                for name, changes in self._changed.items():
                    gone = [(key,) for key, value in changes.items() if value is _GONE]
                    self._database.executemany(f"DELETE FROM {name} WHERE key = ?", gone)
                    self._database.executemany(
                        f"INSERT OR REPLACE INTO {name} (key, digest, value) VALUES (?, ?, ?)",
                        (_row(key, value) for key, value in changes.items() if value is not _GONE),
                    )
        except sqlite3.Error:
            self._give_up()
        self._changed.clear()

    def close(self) -> None:
        self.commit()
        if self._database is not None:
            self._database.close()
            self._database = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def _read_table(self, name: str) -> Iterator[tuple[bytes, object]]:
        if self._database is None:
            return iter(())
        try:
            rows = self._database.execute(f"SELECT key, digest, value FROM {name}").fetchall()
        except sqlite3.Error:
            self._give_up()
            return iter(())
        return _trusted(rows)

    def _give_up(self) -> None:
        """A database that fails to read or write is damaged: start over with an empty one."""
        if self._database is not None:
            with contextlib.suppress(sqlite3.Error):
                self._database.close()
        assert self.folder is not None
        self._database = _open_database(self.folder, discard=True)
        self._tables.clear()


_GONE = object()


def _open_database(folder: Path, discard: bool = False) -> sqlite3.Connection:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / DATABASE
    if discard:
        _remove_contents(folder)
    try:
        database = _connect(path)
        if _stored_version(database) == code_version():
            return database
        database.close()
    except sqlite3.Error:
        pass
    _remove_contents(folder)
    database = _connect(path)
    with database:
        database.execute("INSERT INTO meta (key, digest, value) VALUES (?, ?, ?)", _row(b"version", code_version()))
    return database


def _connect(path: Path) -> sqlite3.Connection:
    database = sqlite3.connect(path)
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("PRAGMA synchronous=NORMAL")
    with database:
        for name in TABLES:
            database.execute(f"CREATE TABLE IF NOT EXISTS {name} (key BLOB PRIMARY KEY, digest BLOB, value BLOB)")
    return database


def _stored_version(database: sqlite3.Connection) -> object:
    row = database.execute("SELECT key, digest, value FROM meta WHERE key = ?", (b"version",)).fetchone()
    return dict(_trusted([row])).get(b"version") if row else None


def _remove_contents(folder: Path) -> None:
    """Everything in the cache folder but the lock, which another process may hold, and the processed
    photos, which check themselves (see the module's docstring)."""
    for path in folder.iterdir():
        if path.name in (BuildLock.FILE, IMAGES_DIR):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _row(key: bytes, value: object) -> tuple[bytes, bytes, bytes]:
    blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return key, hashlib.blake2b(blob, digest_size=16).digest(), blob


def _trusted(rows: Iterable[tuple[bytes, bytes, bytes]]) -> Iterator[tuple[bytes, object]]:
    """The values of rows whose blob still has the digest it was stored with."""
    for key, digest, blob in rows:
        if not isinstance(blob, bytes) or hashlib.blake2b(blob, digest_size=16).digest() != digest:
            continue
        try:
            yield key, pickle.loads(blob)
        except Exception:
            continue


class BuildLock:
    """One build of a site at a time: an exclusive lock on a file of the cache folder.

    The operating system releases it when the process ends, however it ends, so a killed
    build never leaves a site locked. The file names the holder for whoever waits.
    """

    FILE = "lock"

    def __init__(self, folder: Path):
        self.path = folder / self.FILE
        self._file: IO[str] | None = None

    def acquire(self, wait: bool, on_wait: Callable[[str], None]) -> None:
        """Take the lock; if another build holds it, wait (telling `on_wait` who) or raise LockBusy."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_file = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(lock_file)
            if not wait:
                lock_file.close()
                raise LockBusy(holder) from None
            on_wait(holder)
            fcntl.flock(lock_file, fcntl.LOCK_EX)
        lock_file.seek(0)
        lock_file.truncate()
        lock_file.write(f"pid {os.getpid()}: pitboard {' '.join(sys.argv[1:])}\n")
        lock_file.flush()
        self._file = lock_file

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the file releases the lock
            self._file = None


class LockBusy(Exception):
    """Another build of the site holds the lock; the message names it."""


def _holder(lock_file: IO[str]) -> str:
    lock_file.seek(0)
    return lock_file.read().strip() or "another pitboard process"
