"""Builds of one site at once (spec 12, issue 12 point 3): the lock lets one write at a time, the output
is always a whole site, and it ends as the last build made it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import Site, copy_site
from output_tree import tree
from test_serve import free_port, wait_until

RACE_2 = "content/reports/2023-spa-race-2.en.md"


def pitboard(site: Site, *arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "--site", str(site.root), *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def reference(site: Site, tmp_path: Path) -> dict[str, bytes]:
    """The output of the site as it is now, built from nothing elsewhere."""
    copy = copy_site("basic", tmp_path / "reference")
    for path in site.root.joinpath("content").rglob("*"):
        if path.is_file():
            target = copy.root / path.relative_to(site.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    assert copy.build("--no-cache").exit_code == 0
    return tree(copy.output)


def test_two_builds_at_once_take_turns_and_the_output_is_whole(site, tmp_path):
    assert site.build().exit_code == 0
    site.write(RACE_2, (site.root / RACE_2).read_text().replace("A gearbox failure", "A broken gearbox"))
    builds = [pitboard(site, "build") for _ in range(3)]
    outcomes = [build.communicate(timeout=120) for build in builds]
    assert [build.returncode for build in builds] == [0, 0, 0], outcomes
    assert tree(site.output) == reference(site, tmp_path)
    assert sorted(path.name for path in site.root.iterdir() if path.name.startswith(".output")) == [
        ".output.pitboard-1",
        ".output.pitboard-2",
    ]


def test_a_build_while_serve_runs_waits_for_its_rebuild_and_both_stay_whole(site, tmp_path):
    port = free_port()
    server = pitboard(site, "serve", "--port", str(port))
    try:
        wait_until(lambda: site.output.is_symlink() and (site.output / "en/index.html").is_file(), "serve's build")
        site.write(RACE_2, (site.root / RACE_2).read_text().replace("A gearbox failure", "A broken gearbox"))
        build = pitboard(site, "build")
        build.communicate(timeout=120)
        assert build.returncode == 0
        expected = reference(site, tmp_path)
        wait_until(lambda: tree(site.output) == expected, "the site as the last save made it")
    finally:
        server.terminate()
        server.communicate(timeout=30)
