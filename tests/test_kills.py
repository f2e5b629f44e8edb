"""Builds killed with SIGKILL at every step and at random moments (spec 7 and 12, issue 12 point 2).

After each kill the output is the previous build or the complete new one, byte for byte, and
the next build leaves nothing beside the output but its two folders. The kill points are
counted from a run that is not killed: every call of each step of the write stage, the
stage boundaries of a build, the cache's commit. The child that is killed is a fork of this
process, so a kill costs no start-up; the hook that kills exists only in that child.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Site, copy_site
from output_tree import INDEX_DIR, tree
from test_import_results import CSV
from webcheck.figures import count

from generator import build as build_module
from generator import cache as cache_module
from generator import journal as journal_module
from generator import render as render_module
from generator import write as write_module
from generator.build import build_site
from generator.cli import main
from generator.write import MARKER

# Each step where a build may be killed: (module, attribute, "before" or "after" the call).
STEPS = (
    (build_module.SiteBuilder, "load", "after"),
    (render_module.SiteRenderer, "render_pages", "after"),
    (write_module, "_put", "before"),
    (write_module, "_put", "after"),
    (write_module, "_remove", "after"),
    (write_module, "_write_marker", "before"),
    (write_module, "_write_marker", "after"),
    (write_module, "_point", "before"),
    (write_module, "_point", "after"),
    (write_module.os, "rename", "after"),
    (cache_module.BuildCache, "commit", "before"),
)
RACE_2 = "content/reports/2023-spa-race-2.en.md"
ABOUT_DE = "content/pages/about.de.md"
ABOUT_EN = "content/pages/about.en.md"


@dataclass(frozen=True)
class KillPoint:
    owner: object
    name: str
    when: str
    call: int  # 1-based: the call of that step the kill comes at

    def __str__(self) -> str:
        return f"{getattr(self.owner, '__name__', self.owner)}.{self.name} {self.when} call {self.call}"


class Versions:
    """A site in three versions: an older one, the previous one P and the new one N.

    Each kill starts from the same state: the output shows P and its other folder holds the
    older version, so the killed build brings that folder from the older version to N —
    changed, new and removed pages alike.
    """

    def __init__(self, site: Site, output: Path):
        self.site = site
        self.output = output
        self.originals = {path: (site.root / path).read_bytes() for path in (RACE_2, ABOUT_DE, ABOUT_EN)}

    def to_older(self) -> None:
        self.to_previous()
        self.site.write(ABOUT_EN, "---\ntitle: About\n---\nAn older text.\n")

    def to_previous(self) -> None:
        for path, data in self.originals.items():
            (self.site.root / path).write_bytes(data)
        (self.site.root / "content/reports/2023-spa-preview.en.md").unlink(missing_ok=True)

    def to_new(self) -> None:
        self.to_previous()
        report = self.site.root / RACE_2
        report.write_text(report.read_text(encoding="utf-8").replace("A gearbox failure", "A broken gearbox"))
        (self.site.root / ABOUT_DE).unlink()
        self.site.write(
            "content/reports/2023-spa-preview.en.md",
            "---\ntitle: Preview\ndate: 2023-07-27\nevent: 2023-spa\n---\nTomorrow it starts.\n",
        )

    def ready(self) -> dict[str, bytes]:
        """The output shows P, the folder behind it the older version; the content is N's. P's output."""
        self.to_older()
        self.build()
        self.to_previous()
        shown = self.build()
        self.to_new()
        return shown

    def build(self) -> dict[str, bytes]:
        build_site(self.site.root, self.output)
        return tree(self.output)

    def leftovers(self) -> list[str]:
        ours = f".{self.output.name}.pitboard-"
        allowed = {f"{ours}1", f"{ours}2", self.output.name}
        return sorted(
            path.name
            for path in self.output.parent.iterdir()
            if path.name.startswith((ours, self.output.name)) and path.name not in allowed
        )


def killed_in_a_fork(action: Callable[[], object], point: KillPoint | None = None, after: float | None = None) -> bool:
    """Run `action` in a forked child killed at `point` or after `after` seconds; whether it was killed."""
    pid = os.fork()
    if pid == 0:
        try:
            if point is not None:
                _arm(point)
            action()
        finally:
            os._exit(0)
    if after is not None:
        time.sleep(after)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    count("kills: processes killed with SIGKILL", killed)
    return killed


def _arm(point: KillPoint) -> None:
    """In the child only: the `point.call`-th call of the step kills the process."""
    original = getattr(point.owner, point.name)
    calls = 0

    def step(*arguments, **keywords):
        nonlocal calls
        calls += 1
        if calls == point.call and point.when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*arguments, **keywords)
        if calls == point.call and point.when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(point.owner, point.name, step)


@contextmanager
def counted_calls() -> Iterator[dict[tuple[int, str], int]]:
    """How often each step is called while the block runs (in this process)."""
    counts: dict[tuple[int, str], int] = {}
    originals = [(owner, name, getattr(owner, name)) for owner, name in dict.fromkeys((o, n) for o, n, _ in STEPS)]
    for owner, name, original in originals:
        setattr(owner, name, _counting(original, counts, (id(owner), name)))
    try:
        yield counts
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)


def _counting(original: Callable, counts: dict[tuple[int, str], int], key: tuple[int, str]) -> Callable:
    def counting(*arguments, **keywords):
        counts[key] = counts.get(key, 0) + 1
        return original(*arguments, **keywords)

    return counting


def kill_points(versions: Versions, action: Callable[[], object] | None = None) -> list[KillPoint]:
    """Every step of a build from P to N (by `action`, default `pitboard build`'s), each call of it: counted
    from a build that is not killed."""
    versions.ready()
    with counted_calls() as counts:
        (action or versions.build)()
    return [
        KillPoint(owner, name, when, call)
        for owner, name, when in STEPS
        for call in range(1, counts.get((id(owner), name), 0) + 1)
    ]


def expected_builds(site: Site, tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The outputs of P and N, each built from nothing."""
    reference = copy_site("basic", tmp_path / "reference")
    versions = Versions(reference, reference.root / "output")
    previous = versions.build()
    versions.to_new()
    return previous, versions.build()


@pytest.fixture
def versions(site: Site) -> Versions:
    return Versions(site, site.output)


def check_kills(versions: Versions, points: list[KillPoint], previous: dict, new: dict) -> list[KillPoint]:
    """Kill a build at each point; the points the build never came to (it had finished)."""
    missed = []
    for point in points:
        assert versions.ready() == previous, point
        if not killed_in_a_fork(lambda: build_site(versions.site.root, versions.output), point):
            missed.append(point)
        after_kill = tree(versions.output)
        assert after_kill in (previous, new), f"killed at {point}: a mix of the two builds"
        assert versions.build() == new, f"after a kill at {point}"
        assert versions.leftovers() == [], f"after a kill at {point}"
    return missed


def assert_killed_at_every_point(missed: list[KillPoint]) -> None:
    """Every point was a kill, but for a few of the last writes and removals: Pagefind names some files by their
    bytes, which it writes in an order of its own each time, so how many files of the new search index are new
    (and written) and how many of the older one have the name of one of the new (and stay) varies from build
    to build."""
    assert all(point.name in ("_put", "_remove") for point in missed) and len(missed) <= 8, missed


def test_a_build_killed_at_any_step_leaves_the_previous_or_the_new_site(versions, tmp_path):
    previous, new = expected_builds(versions.site, tmp_path)
    points = kill_points(versions)
    assert len(points) >= 60
    assert_killed_at_every_point(check_kills(versions, points, previous, new))


def test_a_first_build_killed_at_any_step_leaves_nothing_or_the_site(site, tmp_path):
    _, new = expected_builds(site, tmp_path)
    versions = Versions(site, site.output)
    versions.to_new()
    for call in range(1, 40, 3):
        shutil.rmtree(site.root / ".pitboard-cache", ignore_errors=True)
        for path in site.root.glob(".output.pitboard-*"):
            shutil.rmtree(path)
        site.output.unlink(missing_ok=True)
        killed_in_a_fork(lambda: build_site(site.root, site.output), KillPoint(write_module, "_put", "before", call))
        assert not site.output.exists() or tree(site.output) == new
        assert versions.build() == new


def test_a_build_killed_at_random_moments_leaves_the_previous_or_the_new_site(versions, tmp_path):
    previous, new = expected_builds(versions.site, tmp_path)
    chance = random.Random(12)
    versions.ready()
    started = time.perf_counter()
    versions.build()
    duration = time.perf_counter() - started  # a kill comes while the build runs, wherever it is then
    for _ in range(80):
        versions.ready()
        killed_in_a_fork(lambda: build_site(versions.site.root, versions.output), after=chance.uniform(0, duration))
        assert tree(versions.output) in (previous, new)
        assert versions.build() == new
        assert versions.leftovers() == []


def test_a_build_process_killed_at_random_moments_leaves_the_previous_or_the_new_site(versions, tmp_path):
    previous, new = expected_builds(versions.site, tmp_path)
    chance = random.Random(7)
    command = [sys.executable, "-m", "generator", "--site", str(versions.site.root), "build"]
    for _ in range(10):
        versions.ready()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.2, 1.0))
        process.kill()
        process.wait()
        count("kills: processes killed with SIGKILL")
        assert tree(versions.output) in (previous, new)
        assert versions.build() == new
        assert versions.leftovers() == []


def test_an_output_on_another_file_system_survives_kills_too(site, tmp_path):
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("needs /dev/shm on a file system of its own")
    folder = Path(os.path.realpath(shm)) / f"pitboard-kills-{os.getpid()}"
    folder.mkdir()
    try:
        versions = Versions(site, folder / "www")
        previous, new = expected_builds(site, tmp_path)
        points = kill_points(versions)[::3]
        assert len(points) >= 20
        assert_killed_at_every_point(check_kills(versions, points, previous, new))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_serve_rebuilds_killed_at_any_step_leave_the_previous_or_the_new_site(versions, tmp_path):
    """Serve shows the new pages first, with P's search index until N's is made: that is a whole site too."""
    from generator.cache import BuildCache, BuildLock
    from generator.config import load_config
    from generator.serve import DevSite

    previous, new = expected_builds(versions.site, tmp_path)
    config = load_config(versions.site.root)

    def serve_rebuild() -> None:
        builder = build_module.SiteBuilder(versions.site.root, BuildCache(config.cache))
        site = DevSite(config, builder, versions.output, BuildLock(config.cache))

        async def rebuild_and_index() -> None:
            site.rebuild()
            while site.indexing:
                await asyncio.sleep(0.01)

        # serve's loop of its own, on a thread of its own: this one may have the browser tests' loop
        with ThreadPoolExecutor(max_workers=1) as thread:
            thread.submit(asyncio.run, rebuild_and_index()).result()
        site.stop()

    def without_index(output: dict[str, bytes]) -> dict[str, bytes]:
        return {path: content for path, content in output.items() if path not in (MARKER, f"{INDEX_DIR}/")}

    points = kill_points(versions, serve_rebuild)[::4]
    for point in points:
        versions.ready()
        killed_in_a_fork(serve_rebuild, point)
        shown = tree(versions.output)
        new_pages_earlier_index = (
            without_index(shown) == without_index(new) and shown[INDEX_DIR + "/"] == previous[INDEX_DIR + "/"]
        )
        assert shown in (previous, new) or new_pages_earlier_index, point
        assert versions.build() == new
        assert versions.leftovers() == []


def test_an_import_killed_at_any_step_changes_all_files_or_none(tmp_path):
    sepang = copy_site("sepang", tmp_path)
    reports = sorted((sepang.root / "content/reports").glob("2024-sepang-race-1.*.md"))
    english = sepang.root / "content/reports/2024-sepang-race-1.en.md"
    entries = english.read_text(encoding="utf-8").split("---\n")[1].split("entries:", 1)[1]
    german = sepang.root / "content/reports/2024-sepang-race-1.de.md"
    front, body = german.read_text(encoding="utf-8").split("---\n")[1:3]
    german.write_text(f"---\n{front}entries:{entries}---\n{body}", encoding="utf-8")  # both state the entries
    before = {path: path.read_bytes() for path in reports}
    arguments = [
        "--site",
        str(sepang.root),
        "import",
        "results",
        str(CSV / "sepang-race-1.csv"),
        "--report",
        "2024-sepang-race-1",
        "--team",
        "Nordlicht Motorsport",
    ]
    assert main(arguments) == 0
    after = {path: path.read_bytes() for path in reports}
    assert all(after[path] != before[path] for path in reports)
    kills = 0
    for owner, name, when in (
        (journal_module, "_write_durably", "after"),
        (journal_module.os, "replace", "before"),
        (journal_module.os, "replace", "after"),
    ):
        for call in range(1, len(reports) + 2):
            for path, data in before.items():
                path.write_bytes(data)
            point = KillPoint(owner, name, when, call)
            kills += killed_in_a_fork(lambda: main(arguments), point)
            build_site(sepang.root)  # the next command finishes or forgets what the killed one began
            now = {path: path.read_bytes() for path in reports}
            assert now in (before, after), f"killed at {point}: some files changed, not all"
            assert not [path.name for path in english.parent.iterdir() if path.name.startswith(".")], point
    assert kills >= 7
