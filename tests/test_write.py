"""The write stage: the output link moved to a whole new site in one rename, only changed files written,
unchanged files kept with their time, leftovers removed, other file systems handled."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from generator.write import MARKER, Published, build_id_in, publish, stage, unsafe_output_reason


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file() and path.name != MARKER
    }


class Builds:
    """Publishes builds of given files, remembering what each output folder holds, as the build does."""

    def __init__(self, output: Path):
        self.output = output
        self.known: dict[str, Published] = {}
        self.number = 0

    def publish(self, files: dict[str, bytes], changed: set[str] | None = None) -> str:
        """Publish `files`; `changed` the ones that differ from the shown site (default: all)."""
        self.number += 1
        fingerprints = {path: hashlib.blake2b(data, digest_size=16).digest() for path, data in files.items()}
        build = Published(f"build-{self.number}", fingerprints)
        sources = {path: data for path, data in files.items() if changed is None or path in changed}
        folder, held = publish(self.output, build, sources, self.known)
        self.known[folder] = held
        return folder


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def stage_and_finish(builds: Builds, pages: dict[str, bytes], index: dict[str, bytes], same: bool = False) -> str:
    """A build whose `index/` files are made from its staged pages, as the search index is; a file of the index
    that the output shows alike is taken from there, as the build does."""
    builds.number += 0 if same else 1
    build = Published(f"build-{builds.number}", {path: digest(data) for path, data in pages.items()})
    staged = stage(builds.output, build, {} if same else pages, builds.known, later="index")
    assert all((staged.folder / path).read_bytes() == data for path, data in pages.items())
    shown = builds.known.get(os.path.realpath(builds.output), Published("", {})).fingerprints
    changed = {path: data for path, data in index.items() if shown.get(path) != digest(data)}
    folder, held = staged.finish({path: digest(data) for path, data in index.items()}, changed)
    builds.known[folder] = held
    return folder


def test_files_made_from_the_staged_pages_are_published_with_them(tmp_path):
    builds = Builds(tmp_path / "out")
    stage_and_finish(builds, {"a.html": b"A"}, {"index/same": b"S", "index/a": b"1", "index/gone": b"G"})
    stage_and_finish(builds, {"a.html": b"A2"}, {"index/same": b"S", "index/a": b"2", "index/gone": b"G"})
    os.utime(tmp_path / "out/index/same", ns=(1_000_000_000, 1_000_000_000))
    kept = (tmp_path / "out/index/same").stat().st_ino

    stage_and_finish(builds, {"a.html": b"A3"}, {"index/same": b"S", "index/a": b"3"})

    assert tree(tmp_path / "out") == {"a.html": b"A3", "index/same": b"S", "index/a": b"3"}
    assert (tmp_path / "out/index/same").stat().st_mtime_ns == 1_000_000_000
    assert (tmp_path / "out/index/same").stat().st_ino == kept


def test_the_output_shows_no_staged_build_before_it_is_finished(tmp_path):
    builds = Builds(tmp_path / "out")
    stage_and_finish(builds, {"a.html": b"A"}, {"index/a": b"1"})
    build = Published("build-2", {"a.html": digest(b"A2")})
    staged = stage(builds.output, build, {"a.html": b"A2"}, builds.known, later="index")
    assert tree(tmp_path / "out") == {"a.html": b"A", "index/a": b"1"}
    staged.finish({"index/a": digest(b"2")}, {"index/a": b"2"})
    assert tree(tmp_path / "out") == {"a.html": b"A2", "index/a": b"2"}


def test_the_site_shown_again_with_other_files_made_from_it_goes_to_the_other_folder(tmp_path):
    builds = Builds(tmp_path / "out")
    shown = stage_and_finish(builds, {"a.html": b"A"}, {"index/a": b"1"})
    assert stage_and_finish(builds, {"a.html": b"A"}, {"index/a": b"1"}, same=True) == shown
    other = stage_and_finish(builds, {"a.html": b"A"}, {"index/a": b"made again"}, same=True)
    assert other != shown
    assert tree(tmp_path / "out") == {"a.html": b"A", "index/a": b"made again"}
    assert (Path(shown) / "index/a").read_bytes() == b"1"


def test_the_output_shows_exactly_the_new_files_and_names_the_build(tmp_path):
    builds = Builds(tmp_path / "out")
    builds.publish({"a/index.html": b"A", "gone.html": b"G"})
    builds.publish({"a/index.html": b"A2"})
    assert tree(tmp_path / "out") == {"a/index.html": b"A2"}
    assert build_id_in(tmp_path / "out") == "build-2"
    assert (tmp_path / "out").is_symlink()


def test_an_unchanged_file_keeps_its_bytes_and_time_across_builds(tmp_path):
    builds = Builds(tmp_path / "out")
    builds.publish({"same.html": b"S", "page.html": b"1"})
    os.utime(tmp_path / "out/same.html", ns=(1_000_000_000, 1_000_000_000))
    for version in (b"2", b"3", b"4"):
        builds.publish({"same.html": b"S", "page.html": version}, changed={"page.html"})
        assert (tmp_path / "out/same.html").stat().st_mtime_ns == 1_000_000_000
        assert tree(tmp_path / "out") == {"same.html": b"S", "page.html": version}


def test_the_folder_brought_up_to_date_writes_only_what_differs(tmp_path):
    builds = Builds(tmp_path / "out")
    builds.publish({f"p{n}.html": b"x" for n in range(5)})
    builds.publish({f"p{n}.html": b"x" for n in range(5)} | {"p0.html": b"y"}, changed={"p0.html"})
    behind = Path(os.path.realpath(tmp_path / "out"))
    shown_inode = (behind / "p3.html").stat().st_ino
    builds.publish({f"p{n}.html": b"x" for n in range(5)} | {"p0.html": b"z"}, changed={"p0.html"})
    other = Path(os.path.realpath(tmp_path / "out"))
    assert other != behind
    assert (other / "p3.html").stat().st_ino == shown_inode  # shared, not written again
    assert tree(tmp_path / "out")["p0.html"] == b"z"
    assert (behind / "p0.html").read_bytes() == b"y"  # the site shown before is untouched


def test_a_build_of_the_site_already_shown_touches_nothing(tmp_path):
    builds = Builds(tmp_path / "out")
    builds.publish({"index.html": b"1"})
    shown = os.readlink(tmp_path / "out")
    builds.number -= 1  # the same build again
    builds.publish({"index.html": b"1"}, changed=set())
    assert os.readlink(tmp_path / "out") == shown


def test_a_folder_whose_marker_is_gone_is_written_anew(tmp_path):
    builds = Builds(tmp_path / "out")
    builds.publish({"index.html": b"1", "a.html": b"a"})
    builds.publish({"index.html": b"2", "a.html": b"a"}, changed={"index.html"})
    behind = next(
        slot
        for slot in tmp_path.iterdir()
        if slot.name.startswith(".out.pitboard-") and slot != Path(os.path.realpath(tmp_path / "out"))
    )
    (behind / MARKER).unlink()  # a build killed while bringing it up to date
    (behind / "index.html").write_bytes(b"half")
    builds.publish({"index.html": b"3", "a.html": b"a"}, changed={"index.html"})
    assert tree(tmp_path / "out") == {"index.html": b"3", "a.html": b"a"}


def test_what_older_builds_left_beside_the_output_is_removed(tmp_path):
    builds = Builds(tmp_path / "out")
    builds.publish({"index.html": b"old"})
    leftover = tmp_path / ".out.pitboard-abc123"
    (leftover / "half").mkdir(parents=True)
    unrelated = tmp_path / ".other.pitboard-abc123"
    unrelated.mkdir()
    builds.publish({"index.html": b"new"})
    assert not leftover.exists()
    assert unrelated.exists()


def test_an_output_folder_of_an_earlier_layout_becomes_the_link(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    (output / MARKER).write_text("This folder is a pitboard build.\n")
    (output / "old.html").write_bytes(b"old")
    Builds(output).publish({"index.html": b"new"})
    assert output.is_symlink()
    assert tree(output) == {"index.html": b"new"}
    assert sorted(path.name for path in tmp_path.iterdir()) == [".out.pitboard-1", "out"]


def test_an_output_on_another_file_system_is_published_whole(tmp_path):
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("needs /dev/shm on a file system of its own")
    folder = Path(os.path.realpath(shm)) / f"pitboard-test-{os.getpid()}"
    try:
        photo = tmp_path / "photo.jpg"
        photo.write_bytes(b"jpeg")
        builds = Builds(folder / "out")
        builds.publish({"index.html": b"1"})
        number = builds.number + 1
        build = Published(f"build-{number}", {"index.html": b"2" * 16, "static/photo.jpg": b"p" * 16})
        _shown, _ = publish(folder / "out", build, {"index.html": b"2", "static/photo.jpg": photo}, builds.known)
        assert tree(folder / "out") == {"index.html": b"2", "static/photo.jpg": b"jpeg"}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_mount_point_is_refused_as_output(tmp_path):
    shm = Path("/dev/shm")
    if not os.path.ismount(shm):
        pytest.skip("needs /dev/shm to be a mount point")
    reason = unsafe_output_reason(shm, tmp_path)
    assert (
        reason == f"output folder {shm} is a mount point, which cannot be replaced as a whole; use a folder inside it"
    )
