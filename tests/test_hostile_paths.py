"""Hostile paths (issue 12, point 4; spec section 7): symbolic links that leave the site are refused at
their path and nothing outside the site is read; links inside it are followed; ids cannot climb out
with `..`; a symbolic link as the output folder is written through."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import generator
from generator.theme_files import default_theme

OUTSIDE_TEXT = "root:x:0:0:secret outside the site"


@pytest.fixture
def outside(tmp_path):
    """A folder beside the site with a file in it, and a named pipe: opening the pipe would block the build."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "passwd").write_text(OUTSIDE_TEXT)
    os.mkfifo(folder / "pipe")
    return folder


def refused(site, *expected: str) -> list[str]:
    run = site.build()
    assert run.exit_code == 1, run.stdout + run.stderr
    assert OUTSIDE_TEXT not in run.stderr
    assert not site.output.exists()
    assert run.errors == list(expected)
    return run.errors


def leaving(path: str, target) -> str:
    return (
        f"{path}:1:1: error: symbolic link to {target}, outside the site: pitboard reads nothing from outside "
        "the site; copy the file into the site instead"
    )


def test_a_content_file_linked_outside_is_refused_unread(site, outside):
    os.symlink(outside / "passwd", site.root / "content/reports/x.en.md")
    os.symlink(outside / "pipe", site.root / "content/drivers/pipe.yaml")  # read, it would hang the build
    refused(
        site,
        leaving("content/drivers/pipe.yaml", outside / "pipe"),
        leaving("content/reports/x.en.md", outside / "passwd"),
    )


def test_a_content_folder_linked_outside_is_refused(site, outside):
    os.symlink(outside, site.root / "content/reports/more")
    refused(site, leaving("content/reports/more", outside))


def test_the_content_folder_itself_linked_outside_is_refused(site, tmp_path):
    (site.root / "content").rename(tmp_path / "content")
    os.symlink(tmp_path / "content", site.root / "content")
    refused(site, leaving("content", tmp_path / "content"))


def test_a_hidden_link_outside_is_refused_too(site, outside):
    os.symlink(outside / "pipe", site.root / "content/reports/.draft.en.md")
    refused(site, leaving("content/reports/.draft.en.md", outside / "pipe"))


def test_links_that_stay_inside_the_site_are_followed(site):
    shared = site.write("shared/about.md", "---\ntitle: About us\n---\nShared text.\n")
    (site.root / "content/pages/about.de.md").unlink()
    os.symlink(shared, site.root / "content/pages/about.de.md")
    os.symlink("../drivers", site.root / "content/series/more")  # inside the site: followed, to stray files
    stray = "error: stray file: series/ has no subfolders; expected content/series/<id>.yaml"
    assert site.build().errors == [
        f"content/series/more/{name}.yaml:1:1: {stray}" for name in ("anna-berg", "ben-carter", "carla-diaz")
    ]
    (site.root / "content/series/more").unlink()
    assert site.build().exit_code == 0
    assert "Shared text." in site.page("de/about/index.html")


def symlink(target: object, link: Path) -> None:
    """A symbolic link at `link`, in a folder made for it (a site's templates/ starts empty, spec 14)."""
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)


def test_a_link_to_a_folder_that_holds_it_is_refused(site):
    os.symlink("..", site.root / "content/reports/up")
    os.symlink("../..", site.root / "content/drivers/site")
    symlink(".", site.root / "templates/static/here")
    loop = "a folder that holds it: the site would have no end"
    refused(
        site,
        f"content/drivers/site:1:1: error: symbolic link to {site.root}, {loop}",
        f"content/reports/up:1:1: error: symbolic link to {site.root / 'content'}, {loop}",
        f"templates/static/here:1:1: error: symbolic link to {site.root / 'templates/static'}, {loop}",
    )


def test_two_links_that_lead_to_each_other_end_the_walk(site):
    os.symlink("../pages", site.root / "content/series/pages")
    os.symlink("../series", site.root / "content/pages/series")
    loop = "a folder that holds it: the site would have no end"
    errors = site.build().errors
    assert f"content/series/pages/series:1:1: error: symbolic link to {site.root / 'content/series'}, {loop}" in errors
    assert f"content/pages/series/pages:1:1: error: symbolic link to {site.root / 'content/pages'}, {loop}" in errors


def test_a_broken_link_and_a_named_pipe_in_content_are_errors(site):
    os.symlink("nowhere.md", site.root / "content/reports/gone.en.md")
    os.mkfifo(site.root / "content/reports/pipe.en.md")
    refused(
        site,
        "content/reports/gone.en.md:1:1: error: broken symbolic link to nowhere.md: No such file or directory",
        "content/reports/pipe.en.md:1:1: error: not a regular file (a named pipe, socket or device); "
        "a site holds only files",
    )


@pytest.mark.parametrize(
    "link",
    ["templates/evil.html", "templates/static/evil.css", "templates/translations/de.po", "templates/.hidden.html"],
)
def test_a_template_file_linked_outside_is_refused_unread(site, outside, link):
    (site.root / link).unlink(missing_ok=True)
    symlink(outside / "passwd", site.root / link)
    refused(site, leaving(link, outside / "passwd"))


def test_a_template_folder_linked_outside_is_refused(site, outside):
    symlink(outside, site.root / "templates/static/more")
    refused(site, leaving("templates/static/more", outside))


def test_templates_and_content_are_refused_together(site, outside):
    symlink(outside / "passwd", site.root / "templates/static/evil.css")
    os.symlink(outside / "passwd", site.root / "content/reports/x.en.md")
    refused(
        site,
        leaving("content/reports/x.en.md", outside / "passwd"),
        leaving("templates/static/evil.css", outside / "passwd"),
    )


def test_a_static_file_linked_inside_the_site_is_published(site):
    site.write("assets/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    symlink(site.root / "assets/logo.svg", site.root / "templates/static/logo.svg")
    assert site.build().exit_code == 0
    assert (site.output / "static/logo.svg").read_text() == "<svg xmlns='http://www.w3.org/2000/svg'/>"


@pytest.mark.parametrize("name", ["x..y.en.md", "a%2f..%2fb.en.md", "x\\..\\y.en.md"])
def test_a_file_name_with_dot_dot_is_not_a_valid_id(site, name):
    site.write(f"content/reports/{name}", "---\ntitle: x\ndate: 2023-07-29\nevent: 2023-spa\n---\n")
    run = site.build()
    assert run.exit_code == 1
    assert len(run.errors) == 1 and "is not a valid id" in run.errors[0]


def test_a_file_name_starting_with_dot_dot_is_hidden(site):
    site.write("content/reports/..en.md", "anything")
    assert site.build().exit_code == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("event", "../2023-spa"), ("race", "../../race-1"), ("drivers", "[../anna-berg]")],
)
def test_an_id_that_tries_dot_dot_is_refused(site, field, value):
    path = "content/reports/2023-spa-race-2.en.md"
    text = (site.root / path).read_text()
    old = {"event": "event: 2023-spa", "race": "race: race-2", "drivers": "drivers: [anna-berg, ben-carter]"}[field]
    site.write(path, text.replace(old, f"{field}: {value}"))
    run = site.build()
    assert run.exit_code == 1
    assert any("is not a valid id" in error for error in run.errors), run.errors


def test_new_report_refuses_an_id_that_tries_dot_dot(site):
    run = site.run("new", "report", "../../escape", "--event", "2023-spa", "--race", "race-1")
    assert run.exit_code == 2
    assert not list(site.root.parent.rglob("escape*"))


def test_a_section_name_that_tries_dot_dot_is_refused(site):
    config = (site.root / "site.toml").read_text()
    site.write("site.toml", config.replace('reports = "berichte"', 'reports = "../../berichte"'))
    run = site.build()
    assert run.exit_code == 1
    assert run.errors[0].startswith("site.toml:13:11: error: languages.de.sections.reports: '../../berichte' is not")


def test_a_symlinked_output_folder_is_written_through(site, tmp_path):
    target = tmp_path / "www"
    os.symlink(target, site.output)
    assert site.build().exit_code == 0
    assert site.output.is_symlink() and (target / "en/index.html").is_file()
    site.write("content/drivers/ben-carter.yaml", "name: [\n")
    before = sorted(path.relative_to(target) for path in target.rglob("*"))
    assert site.build().exit_code == 1
    assert site.output.is_symlink()
    assert sorted(path.relative_to(target) for path in target.rglob("*")) == before


def test_a_symlinked_output_folder_into_content_is_refused(site):
    os.symlink(site.root / "content/pages", site.output)
    run = site.build()
    assert run.exit_code == 1
    assert run.errors == [f"site.toml:1:1: error: output folder {site.output} is inside the site's content/ folder"]
    assert sorted(path.name for path in (site.root / "content/pages").iterdir()) == ["about.de.md", "about.en.md"]


# A build in a process of its own that records every file and folder it opens, lists, makes, renames or
# removes (Python's audit events), by the absolute path it resolves to. Relative names are shutil.rmtree's,
# inside a folder it opened by absolute path.
AUDITED_BUILD = """
import json, os, sys
touched = []
WRITES = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def record(event, args):
    if event in ("open", "os.listdir", "os.scandir", "os.mkdir", "os.rename", "os.replace", "os.remove",
                 "os.rmdir", "os.symlink", "shutil.rmtree"):
        path = args[0]
        if isinstance(path, (str, bytes, os.PathLike)) and os.path.isabs(os.fsdecode(path)):
            mode, flags = (args[1], args[2]) if event == "open" else (None, 0)
            writes = event != "open" and event not in ("os.listdir", "os.scandir")
            writes = writes or any(letter in (mode or "") for letter in "wax+") or bool((flags or 0) & WRITES)
            touched.append([os.path.realpath(os.fsdecode(path)), writes])


sys.addaudithook(record)
from generator.cli import main
code = main(sys.argv[1:])
print(json.dumps({"exit": code, "touched": touched}))
"""


def audited_build(site, *arguments: str) -> tuple[int, list[tuple[str, bool]]]:
    run = subprocess.run(
        [sys.executable, "-c", AUDITED_BUILD, "--site", str(site.root), "build", *arguments],
        capture_output=True,
        text=True,
        cwd=site.root,
        check=True,
    )
    report = json.loads(run.stdout.splitlines()[-1])
    return report["exit"], [(path, writes) for path, writes in report["touched"]]


def python_and_system_files() -> tuple[str, ...]:
    """What any Python program reads, with pitboard: its installation, pitboard's package and default theme,
    time zone data, /dev/null."""
    package = Path(generator.__file__).resolve().parent
    return (sys.prefix, sys.base_prefix, str(package), str(default_theme()), "/usr/share/zoneinfo/", "/dev/null")


def inside(path: str, *folders: object) -> bool:
    return any(path == str(folder) or path.startswith(str(folder).rstrip("/") + "/") for folder in folders)


def is_the_output(path: Path, output: Path) -> bool:
    """The output, a folder above it that the build made, or one of its two folders beside it."""
    if path == output or output in path.parents or path in output.parents:
        return True
    return output.parent in path.parents and path.relative_to(output.parent).parts[0].startswith(f".{output.name}.")


def test_a_build_reads_only_the_site_and_writes_only_the_output(site, tmp_path):
    output = tmp_path / "www" / "site"
    exit_code, touched = audited_build(site, "--output", str(output))
    assert exit_code == 0
    written = [path for path, writes in touched if writes]
    cache = site.root / ".pitboard-cache"
    assert written and all(is_the_output(Path(path), output) or inside(path, cache) for path in written), written
    read = [path for path, writes in touched if not writes]
    assert all(inside(path, site.root, output, output.parent, *python_and_system_files()) for path in read), read


def test_a_refused_build_touches_nothing_outside_the_site(site, outside, tmp_path):
    os.symlink(outside / "passwd", site.root / "content/reports/x.en.md")
    exit_code, touched = audited_build(site, "--output", str(tmp_path / "www"))
    assert exit_code == 1
    assert all(inside(path, site.root / ".pitboard-cache") for path, writes in touched if writes)  # the lock
    assert all(inside(path, site.root, *python_and_system_files()) for path, _ in touched), touched
