"""`pitboard build` through its public entry points: what it writes, and what it refuses."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, run_cli
from output_tree import tree

from generator.build import PageCount, SiteBuilder, count_pages, load_site
from generator.cache import BuildCache
from generator.config import load_config
from generator.serve import rebuild_summary


def test_build_writes_every_report_in_each_of_its_languages(site):
    run = site.build()
    assert run.exit_code == 0, run.stderr
    assert (site.output / "en/reports/2023-spa-race-1/index.html").is_file()
    assert (site.output / "de/berichte/2023-spa-race-1/index.html").is_file()
    assert (site.output / "en/reports/2023-spa-race-2/index.html").is_file()
    assert not (site.output / "de/berichte/2023-spa-race-2").exists()
    assert (site.output / "static/style.css").is_file()


def test_success_prints_exactly_one_summary_line(site):
    run = site.build()
    assert run.stdout.count("\n") == 1
    assert run.stdout.startswith("built ")
    assert "en " in run.stdout and "de " in run.stdout
    assert run.stderr == ""


def test_build_check_and_the_dev_server_count_the_same_pages(site):
    """Every file rendered from a template is a page, feeds and sitemap too; the theme's static files are not."""
    built = site.build().stdout
    assert built.startswith("built 35 pages (en 16, de 15, 4 shared) in ")
    assert site.run("check").stdout.startswith("checked 35 pages and ")
    with BuildCache.in_memory() as cache:
        served = SiteBuilder(site.root, cache).build(site.root / "serve-output")
    assert rebuild_summary(served).startswith("rendered 35 of 35 pages in ")


def test_pages_are_counted_by_their_language_folder():
    paths = ["index.html", "404.html", "sitemap.xml", "en/index.html", "en/feed.xml", "de/berichte/x/index.html"]
    pages = count_pages(paths, ("en", "de", "fr"))
    assert pages == PageCount({"en": 2, "de": 1, "fr": 0}, shared=3)
    assert pages.total == 6
    assert str(pages) == "6 pages (en 2, de 1, fr 0, 3 shared)"


def test_dates_lap_times_and_ui_strings_follow_the_page_language(site):
    site.build()
    english = site.page("en/reports/2023-spa-race-1/index.html")
    german = site.page("de/berichte/2023-spa-race-1/index.html")
    assert "29 July 2023" in english
    assert "29. Juli 2023" in german
    assert "1:32.136" in english and "1:32,136" not in english
    assert "1:32,136" in german
    assert "Fastest lap" in english
    assert "Schnellste Runde" in german
    assert '<html lang="de">' in german


def test_a_translation_inherits_event_race_and_entries(site):
    site.build()
    german = site.soup("de/berichte/2023-spa-race-1/index.html")
    assert "1. Lauf" in german.select_one(".kicker").get_text()
    row = german.select_one(".results tbody tr")
    assert [a["href"] for a in row.select("a")] == ["../../fahrer/anna-berg/", "../../fahrer/ben-carter/"]
    assert row.select_one('[data-label="Runden"]').get_text(strip=True) == "113"


def test_the_first_mention_of_a_driver_is_linked(site):
    site.build()
    body = site.soup("en/reports/2023-spa-race-1/index.html").select_one(".prose")
    mentions = [(a.get_text(), a["href"]) for a in body.select("a.mention")]
    # each driver once, at the first occurrence: "Berg" later in the text is not linked again
    assert mentions == [
        ("Anna Berg", "../../drivers/anna-berg/"),
        ("Ben Carter", "../../drivers/ben-carter/"),
        ("Carla Díaz", "../../drivers/carla-diaz/"),
    ]


def test_typographic_quotes_follow_the_language(site):
    site.build()
    assert "\u201eEin perfekter Tag\u201c" in site.page("de/berichte/2023-spa-race-1/index.html")
    assert "\u201cA perfect day,\u201d" in site.page("en/reports/2023-spa-race-1/index.html")


def test_drafts_are_built_only_when_asked(site):
    site.write(
        "content/reports/2023-spa-race-2.de.md", "---\ntitle: Ausfall\ndate: 2023-07-30\ndraft: true\n---\nText.\n"
    )
    site.build()
    assert not (site.output / "de/berichte/2023-spa-race-2").exists()
    site.build("--drafts")
    assert (site.output / "de/berichte/2023-spa-race-2/index.html").is_file()


def test_yaml_is_read_by_the_core_schema(site):
    config = load_config(site.root)
    loaded = load_site(config)
    assert loaded.site.driver_by_id["anna-berg"].nationality == "NO"
    entry = loaded.site.report_by_id["2023-spa-race-1"].entries[0]
    assert entry.fastest_lap == "1:32.136"


def test_byte_order_mark_and_crlf_line_endings_are_accepted(site):
    path = site.root / "content/reports/2023-spa-race-1.de.md"
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    run = site.build()
    assert run.exit_code == 0, run.stderr
    assert "Sieg im ersten Lauf in Spa" in site.page("de/berichte/2023-spa-race-1/index.html")


def test_two_builds_are_byte_identical(site, tmp_path):
    site.build("--output", str(tmp_path / "first"))
    site.build("--output", str(tmp_path / "second"))
    assert tree(tmp_path / "first") == tree(tmp_path / "second")


class TestAtomicOutput:
    def test_a_failed_build_leaves_the_previous_output_as_it_was(self, site):
        assert site.build().exit_code == 0
        before = tree(site.output)
        stamps = {path: os.stat(path).st_mtime_ns for path in site.output.rglob("*")}
        site.write("content/drivers/ben-carter.yaml", "name: [broken\n")
        assert site.build().exit_code == 1
        assert tree(site.output) == before
        assert {path: os.stat(path).st_mtime_ns for path in site.output.rglob("*")} == stamps

    def test_a_successful_build_replaces_the_output_as_a_whole(self, site):
        site.build()
        (site.output / "stale.html").write_text("old")
        site.remove("content/reports/2023-spa-race-2.en.md")
        assert site.build().exit_code == 0
        assert not (site.output / "stale.html").exists()
        assert not (site.output / "en/reports/2023-spa-race-2").exists()

    def test_beside_the_output_are_only_its_two_folders_however_many_builds(self, site):
        for day in range(20, 25):
            site.write("content/pages/about.en.md", f"---\ntitle: About\n---\nUpdated on July {day}.\n")
            assert site.build().exit_code == 0
        beside = sorted(path.name for path in site.root.iterdir() if ".pitboard-" in path.name)
        assert beside == [".output.pitboard-1", ".output.pitboard-2", ".pitboard-cache"]

    def test_the_output_folder_is_readable_by_a_web_server(self, site):
        site.build()
        assert site.output.stat().st_mode & 0o055 == 0o055 & ~current_umask()


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class TestOutputSafety:
    def test_refuses_the_site_root_from_the_command_line(self, site):
        run = site.build("--output", str(site.root))
        assert run.exit_code == 2
        assert "is the site root or contains it" in run.stderr

    def test_refuses_a_folder_that_contains_the_site(self, site):
        run = site.build("--output", str(site.root.parent))
        assert run.exit_code == 2
        assert "is the site root or contains it" in run.stderr

    def test_refuses_content_and_templates(self, site):
        for folder in ("content", "templates/static", "generator"):
            run = site.build("--output", str(site.root / folder))
            assert run.exit_code == 2, folder
            assert f"inside the site's {folder.split('/')[0]}/ folder" in run.stderr

    def test_refuses_a_non_empty_folder_that_is_no_pitboard_build(self, site, tmp_path):
        precious = tmp_path / "precious"
        precious.mkdir()
        (precious / "thesis.tex").write_text("years of work")
        run = site.build("--output", str(precious))
        assert run.exit_code == 2
        assert f"refusing to replace {precious}" in run.stderr
        assert (precious / "thesis.tex").read_text() == "years of work"

    def test_accepts_an_empty_folder_and_its_own_earlier_build(self, site, tmp_path):
        target = tmp_path / "www"
        target.mkdir()
        assert site.build("--output", str(target)).exit_code == 0
        assert site.build("--output", str(target)).exit_code == 0
        assert (target / ".pitboard-build").is_file()

    def test_unsafe_output_from_site_toml_is_an_error_at_its_line(self, site):
        config = (site.root / "site.toml").read_text()
        site.write("site.toml", config + '\n[build]\noutput = "content"\n')
        run = site.build()
        assert run.exit_code == 1
        line = config.count("\n") + 3
        assert run.errors == [
            f"site.toml:{line}:10: error: output folder {site.root / 'content'} is inside the site's content/ folder"
        ]

    def test_relative_output_is_relative_to_the_current_directory(self, site, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        assert site.build("--output", "public").exit_code == 0
        assert (tmp_path / "public/en/reports/2023-spa-race-1/index.html").is_file()


def test_the_example_site_builds(example_build):
    assert (example_build / "de/berichte/2009-okayama-race-2/index.html").is_file()
    german = (example_build / "de/berichte/2009-okayama-race-2/index.html").read_text()
    assert "1:32,136" in german
    assert "1. November 2009" in german
    english = (example_build / "en/reports/2009-okayama-race-2/index.html").read_text()
    assert "1:32.136" in english
    assert "1 November 2009" in english


def test_usage_errors_exit_2():
    assert run_cli("frobnicate").exit_code == 2
    assert run_cli("--site", "/nonexistent/site", "build").exit_code == 2


def test_version():
    run = run_cli("--version")
    assert run.exit_code == 0
    assert run.stdout.startswith("pitboard ")


def test_python_m_generator_is_the_same_program(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--site", str(REPO), "build", "--output", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built ")
    console = Path(sys.executable).parent / "pitboard"
    second = subprocess.run(
        [str(console), "--site", str(REPO), "build", "--output", str(tmp_path / "out2")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert second.returncode == 0, second.stderr
    comparison = filecmp.dircmp(tmp_path / "out", tmp_path / "out2")
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only
