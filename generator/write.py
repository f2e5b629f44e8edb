"""Stage 6: the rendered site put on disk, as a whole or not at all.

The output path is a symbolic link to one of two folders beside it, `.NAME.pitboard-1` and
`.NAME.pitboard-2` (a web server, `rsync -a output/` and `cp -rL` follow it). The folder
the link points to is the site being served; the other one holds the build before it. A
build brings that other folder up to date — writing only the files that differ from what
it holds, as the cache recorded it or else as its files' bytes say — and then points the
link at it with one rename: readers see the old site or the new one, never a mix, and a
build killed at any moment leaves the link at a whole site.

A file is never changed where it stands: a new version is a new file renamed into place,
so the two folders can share the files that did not change (hard links: same bytes, same
modification time). Only a folder that is empty or holds an earlier pitboard build (it has
the marker file) is ever replaced.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fingerprint import content_digest

MARKER = ".pitboard-build"
MARKER_TEXT = "This folder is a pitboard build. pitboard replaces it as a whole on every build.\n"
_BUILD_LINE = "build "
PROTECTED_FOLDERS = ("content", "templates", "generator")
SLOTS = ("1", "2")
_RENAME_EXCHANGE = 2

Fingerprint = bytes
Source = bytes | Path  # a new file's content, or a file to take as it is (a processed photo)


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
    if os.path.ismount(target):
        return f"output folder {output} is a mount point, which cannot be replaced as a whole; use a folder inside it"
    if target.is_dir() and not (target / MARKER).is_file() and any(target.iterdir()):
        return (
            f"refusing to replace {output}: the folder is not empty and holds no pitboard build "
            f"(no {MARKER} file); choose a new or empty folder"
        )
    return None


@dataclass(frozen=True, slots=True)
class Published:
    """What a folder of the output holds: a build, by its id, and the fingerprint of each of its files."""

    build_id: str
    fingerprints: Mapping[str, Fingerprint]


@dataclass(frozen=True, slots=True)
class Output:
    """The output link and its two folders, and what the link points to now."""

    link: Path
    current: Path | None  # the folder being served; None before the first build, or for an older layout

    @classmethod
    def at(cls, output: Path) -> Output:
        """The output at `output`; a link of the user's own (not to a folder of ours) is followed. Its folder is
        named by its real path (a folder on the way may be a link), as the cache knows the output folders."""
        link = Path(os.path.abspath(output))
        link = Path(os.path.realpath(link.parent)) / link.name
        if link.is_symlink() and Path(os.readlink(link)).name not in _slot_names(link):
            link = Path(os.path.realpath(link))
        current = None
        if link.is_symlink():
            target = link.parent / os.readlink(link)
            current = target if target.name in _slot_names(link) and target.is_dir() else None
        return cls(link, current)

    @property
    def slots(self) -> tuple[Path, Path]:
        first, second = _slot_names(self.link)
        return self.link.parent / first, self.link.parent / second

    @property
    def next(self) -> Path:
        """The folder the next build goes into: the one the link does not point to."""
        first, second = self.slots
        return second if self.current == first else first


def _slot_names(link: Path) -> tuple[str, str]:
    first, second = SLOTS
    return f".{link.name}.pitboard-{first}", f".{link.name}.pitboard-{second}"


def output_build(output: Path) -> tuple[str, str | None]:
    """The folder the output shows (its real path) and the id of the build in it."""
    shown = Path(os.path.realpath(output))
    return str(shown), build_id_in(shown)


def build_id_in(folder: Path) -> str | None:
    """The id of the build a folder holds, as its marker names it."""
    try:
        lines = (folder / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((line.removeprefix(_BUILD_LINE) for line in lines if line.startswith(_BUILD_LINE)), None)


def publish(
    output: Path, build: Published, sources: Mapping[str, Source], known: Mapping[str, Published]
) -> tuple[str, Published]:
    """Make `output` show `build`; returns the folder it now shows (its real path) and what that holds.

    `sources` holds the files that may differ from the folder shown now (every file when
    there is none); any other file of `build` is taken from that folder as it is. `known`
    is what each folder held after the builds that wrote it (by real path): a folder whose
    marker still names that build is brought up to date file by file, any other is written anew.
    """
    return stage(output, build, sources, known).finish({}, {})


@dataclass(frozen=True, slots=True)
class Staged:
    """A build written where the output will show it, not shown yet: its files can be read at `folder`, and
    `finish` adds the files made from them (the search index) and shows the build.

    `folder` is the folder the output shows next, brought up to date in place (then `target` too); a new
    folder beside it that will take its place; or, when the output already shows this build, the folder shown.
    """

    link: Path
    folder: Path
    target: Path
    build: Published
    later: Mapping[str, Fingerprint]  # what `folder` holds of the files `finish` writes
    shown: Path | None
    known: Mapping[str, Published]

    def finish(
        self, files: Mapping[str, Fingerprint], sources: Mapping[str, Source], build_id: str | None = None
    ) -> tuple[str, Published]:
        """Add `files` where they differ from what the folder holds, each from `sources` or else from the folder
        shown now, and make the output show the build (named `build_id` when `files` are not the ones its id
        counted on); returns the folder it now shows and what that holds."""
        build = Published(build_id or self.build.build_id, {**self.build.fingerprints, **files})
        changed = [path for path, fingerprint in files.items() if self.later.get(path) != fingerprint]
        gone = self.later.keys() - files.keys()
        if self.folder == self.shown:
            if not changed and not gone:
                return str(self.folder), build
            differing = {path: sources[path] for path in changed if path in sources}
            return stage(self.link, build, differing, self.known).finish({}, {})
        made: set[Path] = set()
        new_folder = self.folder != self.target
        for path in changed:
            _put(self.folder / path, path, sources, self.shown, made, in_place=new_folder)
        for path in gone:
            _remove(self.folder, path)
        _write_marker(self.folder, build.build_id)
        if new_folder:
            self.folder.chmod(0o777 & ~_umask())
            shutil.rmtree(self.target, ignore_errors=True)
            os.rename(self.folder, self.target)
        _point(self.link, self.target)
        return str(self.target), build


def stage(
    output: Path,
    build: Published,
    sources: Mapping[str, Source],
    known: Mapping[str, Published],
    later: str | None = None,
) -> Staged:
    """Write `build` into the folder `output` will show, as `publish` does, without showing it yet. The files
    below the folder `later` are left to `Staged.finish`: a file of an earlier build there stays meanwhile."""
    place = Output.at(output)
    place.link.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(place.link)
    if place.current is not None and build_id_in(place.current) == build.build_id and not sources:
        shown = known.get(str(place.current), Published(build.build_id, {}))
        return Staged(place.link, place.current, place.current, build, _below(shown, later), place.current, known)
    folder = place.next
    held = known.get(str(folder))
    if held is not None and folder.is_dir() and build_id_in(folder) == held.build_id:
        present: Published | None = _present(folder, held)
    else:  # not what the cache knows it holds (--no-cache, a cache thrown away): as its files' bytes say
        present = _read_back(folder)
    if present is not None:
        _update(folder, present, build, sources, place.current, later)
        return Staged(place.link, folder, folder, build, _below(present, later), place.current, known)
    staging = _write_anew(folder, build, sources, place.current)
    return Staged(place.link, staging, folder, build, {}, place.current, known)


def _below(held: Published, folder: str | None) -> dict[str, Fingerprint]:
    """The files of `held` below `folder`."""
    if folder is None:
        return {}
    return {path: fingerprint for path, fingerprint in held.fingerprints.items() if path.startswith(f"{folder}/")}


def remove_leftovers(output: Path) -> None:
    """What older or interrupted builds left beside the output: anything of ours but the two folders."""
    link = Path(os.path.abspath(output))
    if not link.parent.is_dir():
        return
    keep = set(_slot_names(link))
    for path in link.parent.iterdir():
        if path.name.startswith(f".{link.name}.pitboard-") and path.name not in keep:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _present(folder: Path, held: Published) -> Published:
    """What a folder holds of what it was written with: a file someone removed is written again."""
    base = str(folder)  # files named by strings: at 60,000 files, making Paths costs more than the stat calls
    present = {path: digest for path, digest in held.fingerprints.items() if os.path.isfile(f"{base}/{path}")}
    return held if len(present) == len(held.fingerprints) else Published(held.build_id, present)


def _read_back(folder: Path) -> Published | None:
    """What a folder holds, each file by the digest of its bytes (the fingerprint the build gives a page, a
    static file or a file of the search index; a file it fingerprints otherwise is written again). None for
    a folder that is not there, or holds something other than files and folders with files in them (a
    link, an empty folder), which only writing the build anew gets rid of."""
    if folder.is_symlink() or not folder.is_dir():
        return None
    fingerprints: dict[str, Fingerprint] = {}
    try:
        only_files = _read_files(folder, "", fingerprints)
    except OSError:  # a file that cannot be read
        return None
    fingerprints.pop(MARKER, None)
    return Published("", fingerprints) if only_files else None


def _read_files(folder: str | Path, prefix: str, fingerprints: dict[str, Fingerprint]) -> bool:
    """Each file below `folder` in `fingerprints`, by its path after `prefix`; False for a folder that is empty
    or holds anything but files and folders."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            empty = False
            if entry.is_dir(follow_symlinks=False):
                if not _read_files(entry.path, f"{prefix}{entry.name}/", fingerprints):
                    return False
            elif entry.is_file(follow_symlinks=False):
                with open(entry.path, "rb") as file:
                    fingerprints[prefix + entry.name] = content_digest(file.read())
            else:
                return False
    return not empty


def _update(
    folder: Path,
    held: Published,
    build: Published,
    sources: Mapping[str, Source],
    shown: Path | None,
    later: str | None,
) -> None:
    """Bring a folder that holds `held` up to `build`, touching only the files that differ; the marker goes,
    and is back when the build is finished (see `Staged.finish`). A file of `held` below `later` stays."""
    (folder / MARKER).unlink(missing_ok=True)  # from here on the folder is no known build until the marker is back
    made: set[Path] = set()
    for path, fingerprint in build.fingerprints.items():
        if held.fingerprints.get(path) != fingerprint:
            _put(folder / path, path, sources, shown, made)
    for path in held.fingerprints.keys() - build.fingerprints.keys() - _below(held, later).keys():
        _remove(folder, path)


def _write_anew(folder: Path, build: Published, sources: Mapping[str, Source], shown: Path | None) -> Path:
    """Every file of `build` in a new folder beside `folder`, which takes its place when the build is finished."""
    staging = Path(tempfile.mkdtemp(prefix=f"{folder.name}-new-", dir=folder.parent))
    try:
        made: set[Path] = {staging}
        for path in build.fingerprints:
            _put(staging / path, path, sources, shown, made, in_place=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _put(
    destination: Path,
    path: str,
    sources: Mapping[str, Source],
    shown: Path | None,
    made: set[Path],
    in_place: bool = False,
) -> None:
    """One file, as a new file: never written through a link another folder may share. `in_place`: the
    folder is new and no one reads it yet, so the file is made where it goes, not renamed there."""
    if destination.parent not in made:
        destination.parent.mkdir(parents=True, exist_ok=True)
        made.add(destination.parent)
    source = sources.get(path)
    if source is None:
        if shown is None:
            raise ValueError(f"no content for {path}, and no earlier build to take it from")
        source = shown / path
    fresh = destination if in_place else destination.with_name(f".{destination.name}.pitboard-new")
    if isinstance(source, Path):
        if not in_place:
            fresh.unlink(missing_ok=True)  # left by a build killed here
        link_or_copy(source, fresh)
    else:
        fresh.write_bytes(source)
    if not in_place:
        os.replace(fresh, destination)


def _remove(folder: Path, path: str) -> None:
    """A file of an earlier build, and the folders that leaves empty."""
    file = folder / path
    file.unlink(missing_ok=True)
    parent = file.parent
    while parent != folder and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def _write_marker(folder: Path, build_id: str) -> None:
    (folder / MARKER).write_text(MARKER_TEXT + f"{_BUILD_LINE}{build_id}\n", encoding="utf-8")


def link_or_copy(source: Path, destination: Path) -> None:
    """`source` at `destination` too: the same file where the file system allows, else a copy."""
    try:
        os.link(source, destination)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, destination)


def _point(link: Path, folder: Path) -> None:
    """Point the output link at `folder` in one rename; an older output folder in its place goes."""
    temporary = link.with_name(f".{link.name}.pitboard-link")
    temporary.unlink(missing_ok=True)
    os.symlink(folder.name, temporary)
    if link.is_symlink() or not link.exists():
        os.replace(temporary, link)
        return
    # a folder of an earlier layout, or an empty one: exchanged with the link, then removed
    if not _exchange(temporary, link):
        retired = link.with_name(f".{link.name}.pitboard-retired")
        os.rename(link, retired)
        os.replace(temporary, link)
        temporary = retired
    shutil.rmtree(temporary)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where that is not available."""
    renameat2 = c_function("renameat2")
    if renameat2 is None:
        return False
    at_cwd = -100
    result = renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), _RENAME_EXCHANGE)
    return bool(result == 0)


def c_function(name: str) -> Any:
    """A function of the system's C library, which the Python program is linked with; None where it has no
    such function. (Not looked up by `ctypes.util.find_library`, which runs another program to find it.)"""
    try:
        program = ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):  # a system whose loader cannot open the program itself
        return None
    return getattr(program, name, None)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
