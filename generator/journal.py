"""Several content files replaced as one: all of them or none, even when the process is killed.

Each new content is first written beside its file under a hidden name (which the read
stage ignores) and flushed to disk; then a journal naming every pair is put in place with
one rename; then each new file is renamed over its old one, and the journal is removed.
Killed before the journal is in place, nothing has changed (and the hidden files go at the
next run); killed after, the next pitboard command that takes the site's lock finishes the
renames before it reads anything (`complete_replacements`).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path

JOURNAL = "replacing.json"
_SUFFIX = ".pitboard-new"


def replace_files(contents: Mapping[Path, bytes], journal: Path) -> None:
    """Replace each file of `contents` by its bytes, keeping its permissions; all or nothing."""
    pairs = {}
    for path, data in contents.items():
        fresh = path.with_name(f".{path.name}{_SUFFIX}")
        _write_durably(fresh, data, stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644)
        pairs[str(fresh)] = str(path)
    planned = journal.with_name(f".{journal.name}{_SUFFIX}")
    _write_durably(planned, json.dumps(pairs).encode(), 0o644)
    os.replace(planned, journal)
    complete_replacements(journal)


def complete_replacements(journal: Path) -> None:
    """Finish the replacements a journal names, if a killed process left one; then remove it."""
    try:
        pairs = json.loads(journal.read_bytes())
    except (OSError, ValueError):
        journal.with_name(f".{journal.name}{_SUFFIX}").unlink(missing_ok=True)
        return
    for fresh, path in pairs.items():
        if os.path.exists(fresh):
            os.replace(fresh, path)
    journal.unlink()


def remove_unfinished(folder: Path) -> None:
    """New contents written beside files of `folder` by a process killed before its journal was in place."""
    if folder.is_dir():
        for path in folder.glob(f".*{_SUFFIX}"):
            path.unlink(missing_ok=True)


def _write_durably(path: Path, data: bytes, mode: int) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.chmod(path, mode)
