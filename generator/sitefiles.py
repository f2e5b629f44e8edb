"""The files of a site's folder (content/, templates/) that a build reads, and what it must not read.

Hidden files and editors' backups (`.name`, `name~`) are no part of a site. A symbolic link is
followed while it stays inside the site; one that resolves to a place outside the site root is
an error at its path (spec section 7: nothing outside the site is ever read into it), hidden or
not, for a template may include a hidden file. A broken link, and a file that is no regular file
(a named pipe would block the build for ever), are errors at their path too.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import FILE_START, Diagnostic


@dataclass(frozen=True, slots=True)
class Listing:
    files: tuple[str, ...]  # relative to the site root, sorted
    diagnostics: tuple[Diagnostic, ...]  # entries that must not be read


def is_ignored_file(name: str) -> bool:
    """Hidden files and editors' backups (`.name`, `name~`), which are no content."""
    return name.startswith(".") or name.endswith("~")


def is_ignored_folder(name: str) -> bool:
    return name.startswith(".")


def list_files(root: Path, folder: str) -> Listing:
    """The files below `root`/`folder` a build may read, and a diagnostic for each entry it must not."""
    site = Path(os.path.realpath(root))
    top = root / folder
    leaving = _leaves(top, site)
    if leaving is not None:
        return Listing((), (Diagnostic(folder, FILE_START, leaving),))
    files: list[str] = []
    problems: list[Diagnostic] = []
    for current, subfolders, names in os.walk(top, followlinks=True):
        here = Path(current)
        relative_folder = here.relative_to(root)
        hidden = any(is_ignored_folder(part) for part in relative_folder.parts)
        prefix = relative_folder.as_posix()
        subfolders[:] = [name for name in subfolders if _followed(here / name, top, site, root, problems)]
        for name in names:
            if not hidden and not is_ignored_file(name) and _is_plain_file(os.path.join(current, name)):
                files.append(f"{prefix}/{name}")  # the common case, at one system call
                continue
            path = here / name
            if not _followed(path, top, site, root, problems) or hidden or is_ignored_file(name):
                continue
            problem = _unreadable(path)
            if problem is not None:
                problems.append(Diagnostic(_relative(path, root), FILE_START, problem))
            else:
                files.append(_relative(path, root))
    return Listing(tuple(sorted(files)), tuple(problems))


def _followed(path: Path, top: Path, site: Path, root: Path, problems: list[Diagnostic]) -> bool:
    """Whether to go on with `path`: False, with a diagnostic, for a link out of the site or into a loop."""
    problem = _leaves(path, site) or _loops(path, top)
    if problem is not None:
        problems.append(Diagnostic(_relative(path, root), FILE_START, problem))
    return problem is None


def _leaves(path: Path, site: Path) -> str | None:
    """Why the symbolic link at `path` must not be followed out of the site, or None."""
    if not path.is_symlink():
        return None
    target = Path(os.path.realpath(path))
    if target == site or site in target.parents:
        return None
    return (
        f"symbolic link to {target}, outside the site: pitboard reads nothing from outside the site; "
        "copy the file into the site instead"
    )


def _loops(path: Path, top: Path) -> str | None:
    """Why the symbolic link at `path` to a folder that holds it must not be followed (for ever), or None.

    It holds the link when it holds a folder the walk went through to reach the link, through links
    or not.
    """
    if not path.is_symlink() or not path.is_dir():
        return None
    target = Path(os.path.realpath(path))
    walked = [path.parent, *(parent for parent in path.parent.parents if top in parent.parents or parent == top)]
    for folder in (Path(os.path.realpath(folder)) for folder in walked):
        if folder == target or target in folder.parents:
            return f"symbolic link to {target}, a folder that holds it: the site would have no end"
    return None


def _is_plain_file(path: str) -> bool:
    """Whether `path` is a regular file and no symbolic link: nothing to check about it."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _unreadable(path: Path) -> str | None:
    """Why a listed file cannot be read as content, or None."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        if path.is_symlink():
            return f"broken symbolic link to {os.readlink(path)}: {error.strerror}"
        return f"cannot be read: {error.strerror}"
    if not stat.S_ISREG(mode):
        return "not a regular file (a named pipe, socket or device); a site holds only files"
    return None


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()
