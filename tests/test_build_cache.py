"""The build cache (spec 12): a rebuild renders only the pages whose fingerprint changed, and its
output is byte for byte a cold build's — after a change to every kind of input."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Site, copy_site, run_cli
from output_tree import indexed_urls, tree
from test_photos import jpeg

import generator.build
import generator.last_build
import generator.read
import generator.validate
from generator.build import SiteBuilder, build_site
from generator.cache import BuildCache, BuildLock
from generator.diagnostics import BuildFailed
from generator.pages import PageKind
from generator.render import SiteRenderer
from generator.theme_files import default_theme
from generator.write import Output

RACE_2 = "content/reports/2023-spa-race-2.en.md"
DEBRIEF = "content/reports/2023-spa-debrief.en.md"
AFTER_THE_EMBARGO = ("--now", "3000-01-01T00:00:00Z")
# Theme files that the changes below edit or delete: the site's own copies, over the default theme (spec 14).
SITE_THEME = ("report.html", "driver.html", "static/style.css", "static/favicon.svg", "translations/de.po")
RACE_1 = "content/reports/2023-spa-race-1.en.md"
PHOTOS = """photos:
  - file: spa/start.jpg
    alt: { en: "The start", de: "Der Start" }
entries:"""


def mtimes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()
    }


def edit(site: Site, path: str, old: str, new: str) -> None:
    file = site.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new), encoding="utf-8")


def cached_build(site: Site) -> tuple[str, ...]:
    """A `pitboard build` with the site's cache; the files it rendered anew."""
    return build_site(site.root).rendered


def cold_build(site: Site, folder: Path, *options: str) -> dict[str, bytes]:
    """The output of a build from nothing, into a folder of its own."""
    run = run_cli("--site", str(site.root), "build", "--no-cache", "--output", str(folder), *options)
    assert run.exit_code == 0, run.stderr
    return tree(folder)


@pytest.fixture
def built(site: Site) -> Site:
    """The basic site with one more driver, in no report, a report under embargo until 2999, a lead photo of
    race 1, and copies of SITE_THEME, built once with the cache."""
    site.write("content/drivers/dana-fox.yaml", "name: Dana Fox\nnationality: IE\n")
    site.write(
        DEBRIEF,
        """
        ---
        title: Debrief
        date: 2023-07-31
        publish_at: 2999-01-01T09:00:00+01:00
        event: 2023-spa
        quotes:
          - {by: anna-berg, text: "We learned a lot."}
        ---
        What the weekend taught the team.
        """,
    )
    site.write_bytes("content/media/spa/start.jpg", jpeg(artist="Ann Lens"))
    edit(site, RACE_1, "entries:", PHOTOS)
    assert site.run("theme", "copy", *SITE_THEME).exit_code == 0
    assert len(cached_build(site)) == 35 + 2
    return site


def test_an_unchanged_site_renders_nothing_and_its_files_keep_bytes_and_times(built):
    before, times = tree(built.output), mtimes(built.output)
    assert cached_build(built) == ()
    assert tree(built.output) == before
    assert mtimes(built.output) == times


def test_the_pages_written_on_their_way_to_the_output_do_not_stay_in_the_cache(built, tmp_path):
    spool = built.root / ".pitboard-cache/rendered"
    assert spool.is_dir() and not any(spool.iterdir())
    edit(built, RACE_2, "Retirement in race 2", "Out in race 2")
    page = "en/reports/2023-spa-race-2/index.html"
    expected = cold_build(built, tmp_path / "cold")[page]
    # what a build killed while writing this page would have left: the page's name, half its bytes
    (spool / hashlib.blake2b(expected, digest_size=16).hexdigest()).write_bytes(expected[:100])

    assert page in cached_build(built)
    assert (built.output / page).read_bytes() == expected
    assert not any(spool.iterdir())


def test_a_file_saved_with_its_bytes_unchanged_is_not_checked_again(built, monkeypatch):
    checked: list[int] = []
    validate = generator.build.validate_content
    monkeypatch.setattr(generator.build, "validate_content", lambda *args: checked.append(1) or validate(*args))
    cached_build(built)
    shown = mtimes(built.output)
    (built.root / RACE_2).write_bytes((built.root / RACE_2).read_bytes())  # saved again, as it was
    (built.root / "content/drivers/ben-carter.yaml").touch()

    assert cached_build(built) == ()
    assert cached_build(built) == ()  # the files as they are now are known: read not even once
    assert mtimes(built.output) == shown
    edit(built, RACE_2, "Retirement in race 2", "Out in race 2")
    assert cached_build(built) != ()

    assert len(checked) == 1  # by the edit


def test_a_build_without_the_cache_keeps_nothing_and_removes_what_one_killed_before_its_end_kept(site):
    leftover = site.root / ".pitboard-cache/no-cache/search/0123/pagefind-entry.json"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("{}")

    assert site.run("build", "--no-cache").exit_code == 0

    assert not (site.root / ".pitboard-cache/no-cache").exists()
    assert indexed_urls(site.output)


# The modules of the pipeline that take most of a small site's start-up to import.
PIPELINE_MODULES = ("generator.build", "generator.render", "jinja2", "markdown", "PIL")
LOADED_MODULES = """
import sys
from generator.cli import main
main(["--site", sys.argv[1], "build"])
print(*(name for name in sys.argv[2:] if name in sys.modules))
"""


def modules_a_build_loads(site: Site) -> tuple[str, list[str]]:
    """What `pitboard build` printed, and which of PIPELINE_MODULES its process imported."""
    run = subprocess.run(
        [sys.executable, "-c", LOADED_MODULES, str(site.root), *PIPELINE_MODULES],
        capture_output=True,
        text=True,
        check=True,
    )
    summary, modules = run.stdout.splitlines()
    return summary, modules.split()


def test_a_command_line_build_with_nothing_to_do_imports_none_of_the_pipeline(built):
    summary, modules = modules_a_build_loads(built)
    assert summary.startswith("built 37 pages") and modules == []

    edit(built, RACE_2, "A gearbox failure", "A broken gearbox")
    summary, modules = modules_a_build_loads(built)
    assert summary.startswith("built 37 pages") and modules == list(PIPELINE_MODULES)
    assert modules_a_build_loads(built)[1] == []


def test_a_command_line_build_with_something_to_do_checks_its_inputs_once(built, monkeypatch):
    """The check that finds nothing to do without the pipeline hands what it found to the build, under one lock."""
    signatures = []
    signature = generator.last_build.content_signature
    monkeypatch.setattr(
        generator.last_build, "content_signature", lambda root: signatures.append(root) or signature(root)
    )
    edit(built, RACE_2, "A gearbox failure", "A broken gearbox")

    assert built.run("build").exit_code == 0

    assert len(signatures) == 1
    assert "A broken gearbox" in built.page("en/reports/2023-spa-race-2/index.html")


def files_a_build_reads(site: Site, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The content files a cached `pitboard build` reads from disk."""
    paths = []
    read = generator.read._read
    monkeypatch.setattr(generator.read, "_read", lambda file, path: paths.append(path) or read(file, path))
    assert site.run("build").exit_code == 0
    monkeypatch.setattr(generator.read, "_read", read)
    return paths


def test_a_build_reads_only_the_content_files_changed_since_the_last(built, monkeypatch):
    edit(built, RACE_2, "A gearbox failure", "A broken gearbox")
    assert files_a_build_reads(built, monkeypatch) == [RACE_2]

    # the same size and modification time: the change time tells
    file = built.root / RACE_1
    before = file.stat()
    file.write_bytes(file.read_bytes().replace(b"Spa", b"SPA", 1))
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert file.stat().st_size == before.st_size
    assert files_a_build_reads(built, monkeypatch) == [RACE_1]
    assert "SPA" in built.page("en/reports/2023-spa-race-1/index.html")

    debrief = built.root / DEBRIEF
    debrief.write_bytes(debrief.read_bytes())  # saved as it was: its facts change
    assert files_a_build_reads(built, monkeypatch) == [DEBRIEF]
    assert files_a_build_reads(built, monkeypatch) == []


def test_an_edited_report_writes_the_files_whose_bytes_change_and_no_other(built):
    edit(built, RACE_2, "A gearbox failure", "A broken gearbox")
    times = mtimes(built.output)
    before = {path: (built.output / path).read_bytes() for path in times}
    rendered = set(cached_build(built))
    # the body shows on the report's page and in its feed; every list shows the report's title and summary only
    assert rendered == {"en/reports/2023-spa-race-2/index.html", "en/feed.xml"}
    assert "A broken gearbox" in built.page("en/reports/2023-spa-race-2/index.html")
    indexed_anew = {path for path in times if path.startswith("pagefind/")}  # the report's words are in it
    unchanged = set(times) - rendered - indexed_anew - {".pitboard-build"}
    assert {path: mtimes(built.output)[path] for path in unchanged} == {path: times[path] for path in unchanged}
    assert all((built.output / path).read_bytes() == before[path] for path in unchanged)


def test_a_page_that_read_the_edited_report_but_shows_none_of_the_edit_is_not_rendered_again(built, monkeypatch):
    """Every list of reports, and the page of a driver quoted in it, reads the report whose body changed, and
    computes what its template is given again; as that is what it was, the page is not rendered."""
    rendered = []
    render = SiteRenderer.render
    monkeypatch.setattr(SiteRenderer, "render", lambda self, page: rendered.append(page.output) or render(self, page))
    edit(built, RACE_2, "    laps: 40\n", '    laps: 40\nquotes:\n  - {by: anna-berg, text: "The gearbox gave up."}\n')
    edit(built, RACE_2, "A gearbox failure", "A broken gearbox")
    cached_build(built)  # the first computation since the cold build notes what each template was given
    rendered.clear()
    edit(built, RACE_2, "A broken gearbox", "A gearbox fire")

    assert set(cached_build(built)) == {"en/reports/2023-spa-race-2/index.html", "en/feed.xml"}

    assert sorted(rendered) == ["en/feed.xml", "en/reports/2023-spa-race-2/index.html"]
    assert "A gearbox fire" in built.page("en/reports/2023-spa-race-2/index.html")
    assert "The gearbox gave up." in built.page("en/drivers/anna-berg/index.html")


def test_the_sitemap_reads_which_reports_there_are_in_which_languages_not_what_they_say(built, monkeypatch):
    computed = []
    page_input = SiteRenderer.page_input
    monkeypatch.setattr(
        SiteRenderer, "page_input", lambda self, key, log=None: computed.append(key.kind) or page_input(self, key, log)
    )
    edit(built, RACE_2, 'title: "Retirement in race 2"', 'title: "Out in race 2"')
    cached_build(built)
    assert PageKind.REPORT_LIST in computed
    assert PageKind.SITEMAP not in computed

    shutil.copy(built.root / RACE_2, built.root / "content/reports/2023-spa-race-2.de.md")
    cached_build(built)
    assert PageKind.SITEMAP in computed
    assert "/de/berichte/2023-spa-race-2/" in built.page("sitemap.xml")


def test_a_folder_of_a_build_no_cache_knows_is_brought_up_to_date_by_its_files_bytes(built, tmp_path):
    """So with --no-cache, or with a cache thrown away (another pitboard): the folder the build goes into is read
    back, not written anew; only the files whose bytes change are written."""
    assert built.run("build", "--no-cache").exit_code == 0  # both folders hold a build now, which no cache knows
    edit(built, RACE_2, "A gearbox failure", "A broken gearbox")
    written = Output.at(built.output).next
    times = mtimes(written)

    assert built.run("build", "--no-cache").exit_code == 0

    assert Path(os.path.realpath(built.output)) == written
    changed = {path for path, time in mtimes(written).items() if times.get(path) != time}
    pages_and_marker = {"en/reports/2023-spa-race-2/index.html", "en/feed.xml", ".pitboard-build"}
    # a build without the cache processes the photos anew; the search index is written anew (spec 13)
    assert {path for path in changed if not path.startswith(("pagefind/", "static/media/"))} == pages_and_marker
    assert tree(built.output) == cold_build(built, tmp_path / "cold")


def test_a_new_title_rewrites_every_page_that_shows_it(built):
    edit(built, RACE_2, 'title: "Retirement in race 2"', 'title: "Out in race 2"')
    assert set(cached_build(built)) == {
        "en/reports/2023-spa-race-2/index.html",  # the report, in the one language it has
        "en/index.html",
        "de/index.html",  # every list of reports shows it, in its language or marked as English
        "en/reports/index.html",
        "de/berichte/index.html",
        "en/drivers/anna-berg/index.html",
        "de/fahrer/anna-berg/index.html",
        "en/drivers/ben-carter/index.html",
        "de/fahrer/ben-carter/index.html",
        "en/events/2023-spa/index.html",
        "de/events/2023-spa/index.html",
        "en/series/endurance-cup/index.html",
        "de/series/endurance-cup/index.html",
        "en/seasons/2023/index.html",
        "de/seasons/2023/index.html",
        "en/feed.xml",  # its feed; the German feed holds no English report
    }


def test_a_template_renders_every_page_of_it_and_a_site_title_every_page_of_its_language(built):
    edit(built, "templates/driver.html", "<h1 ", '<h1 class="name" ')
    rendered = cached_build(built)
    assert "en/drivers/dana-fox/index.html" in rendered
    edit(built, "site.toml", 'title = "Test Team — Race Reports"', 'title = "Test Team"')
    rendered = cached_build(built)
    english = {path for path in tree(built.output) if path.startswith("en/") and path.endswith(".html")}
    assert english <= set(rendered)
    assert not [path for path in rendered if path.startswith("de/")]  # German pages show the German title
    assert "Test Team" in built.page("en/drivers/dana-fox/index.html")


def test_a_failed_build_leaves_the_output_and_the_next_good_one_catches_up(built):
    before = tree(built.output)
    built.write("content/drivers/dana-fox.yaml", "name: [Dana\n")
    with pytest.raises(BuildFailed):
        cached_build(built)
    assert tree(built.output) == before
    built.write("content/drivers/dana-fox.yaml", "name: Dana Fox-Byrne\nnationality: IE\n")
    assert "en/drivers/dana-fox/index.html" in cached_build(built)


def test_a_file_removed_from_the_output_by_hand_is_back_after_the_next_build(built):
    (built.output / "en/index.html").unlink()
    assert cached_build(built) == ("en/index.html",)
    assert (built.output / "en/index.html").is_file()
    cached_build(built)  # and in the folder behind the output, when it is shown again
    assert (built.output / "en/index.html").is_file()


def test_an_output_that_is_not_the_cached_build_is_rendered_whole(built, tmp_path):
    assert len(build_site(built.root, tmp_path / "elsewhere").rendered) == 37
    (built.output / "en/index.html").unlink()
    (built.output / ".pitboard-build").write_text("This folder is a pitboard build.\nbuild other\n")
    assert len(cached_build(built)) == 37
    assert (built.output / "en/index.html").is_file()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other version"])
def test_a_damaged_cache_is_rebuilt_silently(built, damage, monkeypatch):
    database = built.root / ".pitboard-cache/cache.sqlite3"
    if damage == "other version":
        monkeypatch.setattr("generator.cache.code_version", lambda: "0.0.0+other")
    else:
        data = database.read_bytes()
        database.write_bytes(b"garbage " * 100 if damage == "garbage" else data[: len(data) // 2])
    run = built.build()
    assert run.exit_code == 0, run.stderr
    assert run.stderr == ""
    assert cached_build(built) == ()


def test_no_cache_neither_uses_nor_keeps_the_cache(built):
    cache = built.root / ".pitboard-cache/cache.sqlite3"
    before = cache.read_bytes()
    edit(built, RACE_2, "A gearbox failure", "A broken gearbox")
    assert built.build("--no-cache").exit_code == 0
    assert cache.read_bytes() == before


def test_the_cache_folder_moves_with_build_cache(site):
    edit(site, "site.toml", "[languages.en]", '[build]\ncache = "../elsewhere-cache"\n\n[languages.en]')
    assert site.build().exit_code == 0
    assert (site.root.parent / "elsewhere-cache/cache.sqlite3").is_file()
    assert not (site.root / ".pitboard-cache").exists()


def test_a_second_build_waits_for_the_first_or_with_no_wait_exits_2(built):
    holder = BuildLock(built.root / ".pitboard-cache")
    holder.acquire(wait=False, on_wait=print)
    try:
        run = built.build("--no-wait")
        assert run.exit_code == 2
        assert "another build of this site is running (pid " in run.stderr
        waiting = threading.Thread(target=lambda: build_site(built.root))
        waiting.start()
        waiting.join(timeout=0.5)
        assert waiting.is_alive()  # waiting for the lock
    finally:
        holder.release()
    waiting.join()


def test_serve_and_build_share_the_cache_and_the_output_stays_whole(built):
    serving = SiteBuilder(built.root, BuildCache(built.root / ".pitboard-cache"))
    assert serving.build(built.output).rendered == ()
    edit(built, RACE_2, "A gearbox failure", "A broken gearbox")
    assert "en/reports/2023-spa-race-2/index.html" in cached_build(built)
    assert serving.build(built.output).rendered == ()  # what the other build wrote is the current site


# Every kind of input, changed in turn: the cached build's output must be a cold build's.
CHANGES: dict[str, Callable[[Site], None]] = {
    "report body": lambda site: edit(site, RACE_2, "A gearbox failure", "A broken gearbox"),
    "report front matter": lambda site: edit(site, RACE_2, "date: 2023-07-30", "date: 2023-07-20"),
    "report crew": lambda site: edit(site, RACE_2, "drivers: [anna-berg, ben-carter]", "drivers: [dana-fox]"),
    "one translation only": lambda site: edit(
        site, "content/reports/2023-spa-race-1.de.md", "Sieg im ersten Lauf", "Erster Sieg"
    ),
    "driver": lambda site: edit(site, "content/drivers/ben-carter.yaml", "Ben Carter", "Benjamin Carter"),
    "event": lambda site: edit(site, "content/events/2023-spa.yaml", "season: 2023", "season: 2024"),
    "race": lambda site: edit(site, "content/events/2023-spa.yaml", 'en: "Race 2"', 'en: "Sunday race"'),
    "series": lambda site: edit(site, "content/series/endurance-cup.yaml", "Endurance", "Sprint"),
    "quote": lambda site: edit(
        site, RACE_2, "---\nA gearbox", "quotes:\n  - {by: anna-berg, text: Gone.}\n---\nA gearbox"
    ),
    "gap": lambda site: edit(
        site,
        "content/reports/2023-spa-race-1.en.md",
        "---\nAnna Berg",
        "  - {car: Testwagen GT3, number: 8, drivers: [carla-diaz], position: 2, gap: 1 lap}\n---\nAnna Berg",
    ),
    "embargo": lambda site: edit(
        site, RACE_2, "date: 2023-07-30\n", "date: 2023-07-30\npublish_at: 2999-01-01T00:00Z\n"
    ),
    "embargo lifted": lambda site: edit(site, DEBRIEF, "publish_at: 2999-01-01T09:00:00+01:00\n", ""),
    "page": lambda site: edit(site, "content/pages/about.en.md", "title: About", "title: About us"),
    "template": lambda site: edit(site, "templates/report.html", "<h1 ", '<h1 class="headline" '),
    "static file": lambda site: edit(site, "templates/static/style.css", "}", "} "),
    "catalog": lambda site: edit(site, "templates/translations/de.po", 'msgstr "Fahrer"', 'msgstr "Piloten"'),
    "site.toml": lambda site: edit(site, "site.toml", 'title = "Test Team — Race Reports"', 'title = "Test Team"'),
    "new report": lambda site: site.write(
        "content/reports/2023-spa-preview.en.md", "---\ntitle: Preview\ndate: 2023-07-27\nevent: 2023-spa\n---\nSoon.\n"
    ),
    "new translation": lambda site: site.write(
        "content/reports/2023-spa-race-2.de.md", "---\ntitle: Aus\ndate: 2023-07-30\n---\nGetriebe.\n"
    ),
    "new driver": lambda site: site.write("content/drivers/eva-gray.yaml", "name: Eva Gray\n"),
    "new event": lambda site: site.write(
        "content/events/2023-monza.yaml", "name: Monza\nseries: endurance-cup\nseason: 2023\nstart: 2023-09-01\n"
    ),
    "new series": lambda site: site.write("content/series/sprint-cup.yaml", "name: Sprint Cup\n"),
    "new page": lambda site: site.write("content/pages/imprint.de.md", "---\ntitle: Impressum\n---\nText.\n"),
    "new template file": lambda site: site.write("templates/static/extra.css", "body { margin: 0; }\n"),
    "default template overridden": lambda site: site.write(
        "templates/home.html", (default_theme() / "home.html").read_text().replace("<h1", '<h1 class="home"')
    ),
    "new catalog entry": lambda site: site.write("templates/translations/en.po", 'msgid "Drivers"\nmsgstr "Crew"\n'),
    "deleted report": lambda site: site.remove(RACE_2),
    "deleted translation": lambda site: site.remove("content/reports/2023-spa-race-1.de.md"),
    "deleted driver": lambda site: site.remove("content/drivers/dana-fox.yaml"),
    "deleted event": lambda site: (
        site.remove(RACE_2),
        site.remove("content/reports/2023-spa-race-1.en.md"),
        site.remove(DEBRIEF),
        site.remove("content/reports/2023-spa-race-1.de.md"),
        site.remove("content/events/2023-spa.yaml"),
    ),
    "deleted series": lambda site: (
        edit(site, "content/events/2023-spa.yaml", "series: endurance-cup\n", ""),
        site.remove("content/series/endurance-cup.yaml"),
    ),
    "deleted page": lambda site: site.remove("content/pages/about.de.md"),
    "deleted static file": lambda site: site.remove("templates/static/favicon.svg"),  # the default theme's again
    "deleted template": lambda site: site.remove("templates/report.html"),
    "deleted templates folder": lambda site: shutil.rmtree(site.root / "templates"),
    "new photo": lambda site: (
        site.write_bytes("content/media/spa/pit.jpg", jpeg(color=(10, 120, 30), artist="Pit Press")),
        edit(site, RACE_2, "---\nA gearbox", "photos:\n  - file: spa/pit.jpg\n    alt: Pit stop\n---\nA gearbox"),
    ),
    "changed photo file": lambda site: site.write_bytes("content/media/spa/start.jpg", jpeg(80, 60, artist="Ann Lens")),
    "changed alt": lambda site: edit(site, RACE_1, 'en: "The start"', 'en: "The start at Spa"'),
    "changed credit in the file": lambda site: site.write_bytes("content/media/spa/start.jpg", jpeg(artist="B. Lens")),
    "credit in the front matter": lambda site: edit(
        site, RACE_1, 'de: "Der Start" }', 'de: "Der Start" }\n    credit: Team'
    ),
    "removed photo": lambda site: (edit(site, RACE_1, PHOTOS, "entries:"), site.remove("content/media/spa/start.jpg")),
    "photo in a body": lambda site: edit(
        site, RACE_2, "after 40 laps.", "after 40 laps.\n\n![Start](../media/spa/start.jpg)"
    ),
    "new portrait": lambda site: edit(
        site,
        "content/drivers/ben-carter.yaml",
        "name: Ben Carter",
        "name: Ben Carter\nportrait: { file: spa/start.jpg }",
    ),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_after_any_change_the_cached_build_equals_a_cold_build(built, tmp_path, change):
    change(built)
    cached_build(built)
    assert tree(built.output) == cold_build(built, tmp_path / "cold")


@pytest.mark.parametrize("options", [AFTER_THE_EMBARGO, ("--future",)], ids=["publish_at passes", "future"])
def test_when_the_clock_passes_a_publish_at_the_cached_build_equals_a_cold_build(built, tmp_path, options):
    """Time is an input too: the same files give another site once an embargo has ended."""
    run = built.build(*options)
    assert run.exit_code == 0, run.stderr
    assert (built.output / "en/reports/2023-spa-debrief/index.html").is_file()
    assert tree(built.output) == cold_build(built, tmp_path / "cold", *options)
    cached_build(built)  # and back to the clock of now, before the embargo ends
    assert not (built.output / "en/reports/2023-spa-debrief").exists()
    assert tree(built.output) == cold_build(built, tmp_path / "cold-now")


def test_a_build_checks_again_only_the_documents_that_changed_since_the_last_build_of_its_process(built, monkeypatch):
    checked: list[str] = []
    check = generator.validate.validate_document

    def counted(source, languages):
        checked.append(source.path)
        return check(source, languages)

    monkeypatch.setattr(generator.validate, "validate_document", counted)
    with BuildCache(built.root / ".pitboard-cache") as cache:
        builder = SiteBuilder(built.root, cache)
        edit(built, RACE_2, "A gearbox failure", "A broken gearbox")
        builder.build(built.output)
        assert len(checked) > 10  # a new process: every document
        checked.clear()
        edit(built, RACE_2, "A broken gearbox", "A gearbox fire")
        builder.build(built.output)
        assert checked == [RACE_2]

        edit(built, RACE_2, "date: 2023-07-30", "date: 2023-07-32")
        with pytest.raises(BuildFailed) as failed:
            builder.build(built.output)
        assert [problem.path for problem in failed.value.diagnostics] == [RACE_2]
        edit(built, RACE_2, "date: 2023-07-32", "date: 2023-07-29")
        builder.build(built.output)
    assert "29 July 2023" in built.page("en/reports/2023-spa-race-2/index.html")


def test_a_site_reached_through_a_linked_folder_is_built_incrementally(tmp_path):
    copy_site("basic", tmp_path / "real")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    linked = Site(tmp_path / "link" / "basic")
    assert cached_build(linked)
    assert cached_build(linked) == ()
    edit(linked, RACE_2, "A gearbox failure", "A broken gearbox")
    assert set(cached_build(linked)) == {"en/reports/2023-spa-race-2/index.html", "en/feed.xml"}
