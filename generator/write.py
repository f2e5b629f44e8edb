"""Stage 6: the rendered site put on disk, as a whole or not at all.

The new site is written into a hidden folder next to the output folder and then swapped
in with one rename, so readers see the old site or the new one, never a mix; a failed
build leaves the old site as it was. Only a folder that is empty or holds an earlier
pitboard build (it has the marker file) is ever replaced.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .render import OutputFile

MARKER = ".pitboard-build"
MARKER_TEXT = "This folder is a pitboard build. pitboard replaces it as a whole on every build.\n"
PROTECTED_FOLDERS = ("content", "templates", "generator")
_RENAME_EXCHANGE = 2


def unsafe_output_reason(output: Path, site_root: Path) -> str | None:
    """Why `output` must not be (re)built, or None when it is safe."""
    target = Path(os.path.realpath(output))
    root = Path(os.path.realpath(site_root))
    if target == root or target in root.parents:
        return f"output folder {output} is the site root or contains it"
    for name in PROTECTED_FOLDERS:
        protected = Path(os.path.realpath(root / name))
        if target == protected or protected in target.parents:
            return f"output folder {output} is inside the site's {name}/ folder"
    if target.exists() and not target.is_dir():
        return f"output {output} is a file, not a folder"
    if target.is_dir() and not (target / MARKER).is_file() and any(target.iterdir()):
        return (
            f"refusing to replace {output}: the folder is not empty and holds no pitboard build "
            f"(no {MARKER} file); choose a new or empty folder"
        )
    return None


def write_output(files: Iterable[OutputFile], output: Path) -> None:
    """Replace `output` by exactly `files` (plus the marker), atomically."""
    target = Path(os.path.realpath(output))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.pitboard-", dir=target.parent))
    try:
        _write_tree(staging, files)
        staging.chmod(0o777 & ~_umask())
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write_tree(folder: Path, files: Iterable[OutputFile]) -> None:
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    made: set[Path] = {folder}
    for file in files:
        path = folder / file.path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(file.content)


def _swap_into_place(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.pitboard-old-", dir=target.parent))
    os.rename(target, retired / "site")
    os.rename(staging, target)
    shutil.rmtree(retired)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where that is not available."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd = -100
    result = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_in_place(files: Iterable[OutputFile], output: Path) -> None:
    """Write `files` into an earlier build in `output`, each replacing its old version in one rename.

    For the dev server, which updates the pages a change touches while it serves them.
    """
    for file in files:
        path = output / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = path.with_name(f".{path.name}.pitboard-new")
        fresh.write_bytes(file.content)
        os.replace(fresh, path)


def remove_from_output(paths: Iterable[str], output: Path) -> None:
    """Delete files of an earlier build in `output`, and the folders that leaves empty."""
    root = Path(os.path.realpath(output))
    for relative in paths:
        path = root / relative
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != root and root in folder.parents and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
