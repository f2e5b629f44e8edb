"""What the dev server sees as a change: any difference in the size, mtime or inode of a file the build reads."""

from __future__ import annotations

import pytest

from generator.watch import FileState, changed_paths, file_states

REPORT = "content/reports/a.en.md"
BEFORE = {"site.toml": FileState(100, 1_000, 7), REPORT: FileState(200, 2_000, 8)}


def test_the_same_states_are_no_change():
    assert changed_paths(BEFORE, dict(BEFORE)) == ()


@pytest.mark.parametrize(
    "state",
    [FileState(201, 2_000, 8), FileState(200, 1_500, 8), FileState(200, 2_000, 9)],
    ids=["size", "an older mtime", "inode"],
)
def test_any_difference_of_a_file_is_a_change(state):
    assert changed_paths(BEFORE, {**BEFORE, REPORT: state}) == (REPORT,)


def test_added_and_removed_files_are_changes_whatever_their_mtime():
    after = {"site.toml": BEFORE["site.toml"], "content/drivers/b.yaml": FileState(10, 1, 9)}
    assert changed_paths(BEFORE, after) == ("content/drivers/b.yaml", REPORT)


def test_states_cover_site_toml_content_and_templates_only(site):
    site.write("notes.txt", "not the site's")
    site.write("templates/static/extra.css", "p { color: navy; }\n")
    assert site.build().exit_code == 0
    paths = set(file_states(site.root))
    assert {"site.toml", "content/reports/2023-spa-race-2.en.md", "templates/static/extra.css"} <= paths
    assert {path.split("/")[0] for path in paths} == {"site.toml", "content", "templates"}


def test_hidden_and_backup_files_are_left_out_as_the_build_leaves_them(site):
    for name in ("content/reports/.draft.en.md", "content/reports/a.en.md~", "content/.git/HEAD", "templates/.x.swp"):
        site.write(name, "ignored")
    paths = set(file_states(site.root))
    assert not any("/." in path or path.endswith("~") for path in paths)


def test_a_state_is_size_mtime_and_inode(site):
    path = site.root / "content/drivers/anna-berg.yaml"
    status = path.stat()
    state = file_states(site.root)["content/drivers/anna-berg.yaml"]
    assert state == FileState(status.st_size, status.st_mtime_ns, status.st_ino)
