"""What the dev server watches for: the state of every file a build reads, and what differs between two looks.

A file's state is its size, modification time and inode, and any difference is a change. A
watcher that looks only for modification times newer than its own start misses a file that
comes back with its old one: moved back with `mv`, copied with `cp -p`, `rsync -a` or unzip,
restored from the trash.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from .config import CONFIG_FILE
from .kinds import CONTENT_DIR
from .sitefiles import is_ignored_file, is_ignored_folder
from .theme import TEMPLATE_DIR

WATCHED = (CONFIG_FILE, CONTENT_DIR, TEMPLATE_DIR)


class FileState(NamedTuple):
    size: int
    mtime_ns: int
    inode: int


FileStates = Mapping[str, FileState]  # by path relative to the site root


def file_states(root: Path, watched: Iterable[str] = WATCHED) -> dict[str, FileState]:
    """The state of every file at or below the `watched` paths of `root`, hidden and backup files left out."""
    states = {}
    for name in watched:
        for path in _files_at(root / name):
            state = _state(path)
            if state is not None:
                states[path.relative_to(root).as_posix()] = state
    return states


def changed_paths(before: FileStates, after: FileStates) -> tuple[str, ...]:
    """The paths added, removed, or of another size, modification time or inode, sorted."""
    return tuple(sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path)))


class ChangeWatcher:
    """Tells which files of a site changed since it last looked."""

    def __init__(self, root: Path):
        self.root = root
        self.seen = file_states(root)

    def changes(self) -> tuple[str, ...]:
        now = file_states(self.root)
        changed = changed_paths(self.seen, now)
        self.seen = now
        return changed


def _files_at(path: Path) -> Iterator[Path]:
    if not path.is_dir():
        yield path
        return
    for folder, subfolders, names in os.walk(path):
        subfolders[:] = [name for name in subfolders if not is_ignored_folder(name)]
        yield from (Path(folder) / name for name in names if not is_ignored_file(name))


def _state(path: Path) -> FileState | None:
    try:
        status = path.stat()
    except OSError:  # not there, or gone since its folder was listed
        return None
    return FileState(status.st_size, status.st_mtime_ns, status.st_ino)
