"""Search (spec 13): what the Pagefind index of a built site holds, the search page, the header's search
form, `[search] enabled = false`, and when a build indexes anew. What a visitor finds in a browser is in
test_browser_search.py."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from conftest import Site, copy_site
from output_tree import indexed, indexed_urls, tree

import generator.search
from generator.build import SiteBuilder, site_cache
from generator.config import load_config
from generator.search import BUNDLE_FILES, UNUSED_FILES, IndexedPage, IndexingStopped, search_index
from generator.write import output_build

RACE_1 = "content/reports/2023-spa-race-1.en.md"
RACE_1_DE = "content/reports/2023-spa-race-1.de.md"


def edit(site: Site, path: str, old: str, new: str) -> None:
    file = site.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new), encoding="utf-8")


def build(site: Site, *arguments: str) -> Site:
    run = site.build(*arguments)
    assert run.exit_code == 0, run.stderr
    return site


def record(site: Site, lang: str, url: str) -> dict[str, object]:
    return next(found for found in indexed(site.output) if found["lang"] == lang and found["url"] == url)


@pytest.fixture
def built(site: Site) -> Site:
    edit(site, "site.toml", 'drivers = "fahrer"', 'drivers = "fahrer"\nsearch = "suche"')
    return build(site)


def test_reports_drivers_events_series_and_free_pages_are_indexed_in_their_own_language(built):
    drivers = {"anna-berg", "ben-carter", "carla-diaz"}
    assert indexed_urls(built.output) == {
        "en": {
            "/en/reports/2023-spa-race-1/",
            "/en/reports/2023-spa-race-2/",
            *(f"/en/drivers/{driver}/" for driver in drivers),
            "/en/events/2023-spa/",
            "/en/series/endurance-cup/",
            "/en/about/",
        },
        "de": {
            "/de/berichte/2023-spa-race-1/",  # race 2 has no German translation: not in the German index
            *(f"/de/fahrer/{driver}/" for driver in drivers),
            "/de/events/2023-spa/",
            "/de/series/endurance-cup/",
            "/de/about/",
        },
    }


def test_a_report_is_indexed_with_its_title_date_and_filters_in_its_language(built):
    german = record(built, "de", "/de/berichte/2023-spa-race-1/")
    assert german["meta"]["title"] == "Sieg im ersten Lauf in Spa"
    assert german["meta"]["Datum"] == "29. Juli 2023"
    assert german["filters"] == {
        "Serie": ["Langstrecken-Cup"],
        "Saison": ["2023"],
        "Veranstaltung": ["Endurance Cup – Spa"],
        "Fahrer": ["Anna Berg", "Ben Carter"],
    }
    assert "übernahm die Führung" in german["content"] and "took the lead" not in german["content"]
    english = record(built, "en", "/en/reports/2023-spa-race-2/")
    assert english["meta"]["Date"] == "30 July 2023"
    assert english["filters"]["Series"] == ["Endurance Cup"]
    assert english["filters"]["Event"] == ["Endurance Cup – Spa"]


def test_only_what_the_page_is_about_is_indexed_not_the_header_nor_its_lists_of_reports(built):
    driver = record(built, "en", "/en/drivers/anna-berg/")
    assert driver["meta"]["title"] == "Anna Berg" and driver["filters"] == {"Driver": ["Anna Berg"]}
    assert "Gearbox failure" not in driver["content"]  # the summary of a report she drove, in her list of reports
    assert "Norwegian driver" in driver["content"]
    assert "Skip to content" not in driver["content"] and "Test Team" not in driver["content"]


def test_words_of_neighbouring_cells_and_facts_are_indexed_apart(built):
    """Pagefind joins the text of adjacent elements: a team shown below its car, a fact beside its name,
    must stay words of their own, or a search for them finds nothing."""
    report = record(built, "en", "/en/reports/2023-spa-race-1/")["content"]
    assert "Testwagen GT3 Test Team" in report
    driver = record(built, "en", "/en/drivers/anna-berg/")["content"]
    assert "Nationality Norway" in driver


def test_the_index_has_one_part_per_language_and_the_scripts_of_the_default_ui_alone(built):
    index = built.output / "pagefind"
    assert {name for name in BUNDLE_FILES if (index / name).is_file()} == set(BUNDLE_FILES)
    assert not any((index / name).exists() for name in UNUSED_FILES)
    assert (index / "wasm.en.pagefind").is_file() and (index / "wasm.de.pagefind").is_file()
    assert len(list(index.glob("pagefind.en_*.pf_meta"))) == len(list(index.glob("pagefind.de_*.pf_meta"))) == 1


def test_the_search_page_has_a_box_says_what_it_needs_without_javascript_and_is_not_in_the_sitemap(built):
    soup = built.soup("de/suche/index.html")
    assert soup.find("h1").get_text() == "Suchen"
    assert soup.select_one("#search[data-translations]") is not None
    assert soup.select_one('link[href="../../pagefind/pagefind-ui.css"]') is not None
    assert soup.select_one('script[src="../../pagefind/pagefind-ui.js"]') is not None
    fallback = soup.find("noscript")
    assert "JavaScript" in fallback.get_text()
    assert fallback.find("a")["href"] == "../berichte/"
    assert (built.output / "en/search/index.html").is_file()
    assert "search" not in built.page("sitemap.xml") and "suche" not in built.page("sitemap.xml")


@pytest.mark.parametrize(
    ("page", "action"),
    [
        ("en/index.html", "search/"),
        ("en/reports/2023-spa-race-1/index.html", "../../search/"),
        ("de/fahrer/anna-berg/index.html", "../../suche/"),
        ("de/berichte/index.html", "../suche/"),
    ],
)
def test_every_page_s_header_has_a_search_form_that_goes_to_the_search_page_of_its_language(built, page, action):
    form = built.soup(page).select_one("header form[role=search]")
    assert form["action"] == action and form["method"] == "get"
    assert form.find("input", attrs={"type": "search", "name": "q"})["aria-label"]


def test_search_turned_off_means_no_index_no_search_page_and_no_search_form(site):
    site.write("site.toml", (site.root / "site.toml").read_text() + "\n[search]\nenabled = false\n")
    build(site)
    assert not (site.output / "pagefind").exists()
    assert not (site.output / "en/search").exists()
    assert all('role="search"' not in path.read_text() for path in site.output.rglob("*.html"))
    assert site.run("check").exit_code == 0


@pytest.mark.parametrize(
    ("table", "error"),
    [
        ("enable = false", "unknown field 'search.enable' (did you mean 'enabled'?)"),
        ('enabled = "no"', "search.enabled: expected true or false, got 'no'"),
    ],
)
def test_a_mistake_in_the_search_table_is_an_error_at_its_line(site, table, error):
    config = (site.root / "site.toml").read_text(encoding="utf-8")
    site.write("site.toml", f"{config}\n[search]\n{table}\n")
    run = site.build()
    assert run.exit_code == 1 and len(run.errors) == 1
    assert run.errors[0].startswith(f"site.toml:{config.count(chr(10)) + 3}:")
    assert f" error: {error}" in run.errors[0]
    assert not site.output.exists()


def test_a_draft_and_a_report_under_embargo_are_never_indexed_even_when_built(tmp_path):
    press = copy_site("press", tmp_path)
    edit(press, "content/reports/2024-daytona-24.en.md", "title:", "draft: true\ntitle:")
    build(press, "--future", "--drafts")
    assert (press.output / "en/reports/2024-sebring-12/index.html").is_file()
    assert (press.output / "en/reports/2024-daytona-24/index.html").is_file()
    urls = indexed_urls(press.output)
    assert "/en/reports/2024-sebring-12/" not in urls["en"] and "/de/berichte/2024-sebring-12/" not in urls["de"]
    assert "/en/reports/2024-daytona-24/" not in urls["en"] and "/de/berichte/2024-daytona-24/" in urls["de"]
    words = " ".join(str(found["content"]) for found in indexed(press.output))
    assert "Embargoed" not in words and "nobody may read" not in words


def test_a_build_that_changes_no_indexed_page_keeps_the_index_and_one_that_does_indexes_anew(built):
    index = built.output / "pagefind"

    def files() -> dict[str, int]:
        return {path.relative_to(index).as_posix(): path.stat().st_ino for path in index.rglob("*") if path.is_file()}

    before = files()
    edit(built, "content/reports/2023-spa-race-2.en.md", "summary:", "draft: false\nsummary:")  # no page changes
    build(built)
    assert built.run("theme", "copy", "list.html").exit_code == 0
    edit(built, "templates/list.html", "<h1", '<h1 class="list-title"')  # only lists change, which are not indexed
    build(built)
    assert files() == before
    edit(built, RACE_1, "took the lead.", "took the lead in the Ardennes.")
    build(built)
    assert "Ardennes" in record(built, "en", "/en/reports/2023-spa-race-1/")["content"]
    assert files() != before


@pytest.mark.parametrize(
    ("cores", "languages", "at_once"), [(1, 2, 1), (2, 2, 1), (3, 2, 1), (4, 2, 2), (8, 2, 2), (8, 5, 4)]
)
def test_pagefind_runs_as_many_languages_at_once_as_the_cores_keep_busy(monkeypatch, cores, languages, at_once):
    monkeypatch.setattr(generator.search, "available_cores", lambda: cores)
    assert generator.search._indexers(languages) == at_once


def test_pagefind_failing_is_an_error_naming_the_output_and_leaves_it_as_it_was(built, monkeypatch):
    before = {path: path.read_bytes() for path in built.output.rglob("*") if path.is_file()}
    edit(built, RACE_1, "took the lead.", "took the lead at Eau Rouge.")
    monkeypatch.setattr(generator.search, "get_executable", lambda: Path("/bin/false"))

    run = built.run("build")

    assert run.exit_code == 1
    assert run.errors == [f"{built.output}:1:1: error: no search index: Pagefind could not index the site (exit 1)"]
    assert "Traceback" not in run.stderr
    assert {path: path.read_bytes() for path in built.output.rglob("*") if path.is_file()} == before


def test_a_list_whose_template_marks_a_body_is_still_not_indexed(built):
    before = indexed_urls(built.output)
    assert built.run("theme", "copy", "list.html").exit_code == 0
    edit(built, "templates/list.html", "<h1", "<h1 data-pagefind-body")
    edit(built, RACE_1, "took the lead.", "took the lead in the Ardennes.")  # so that English is indexed anew

    build(built)

    assert "Ardennes" in record(built, "en", "/en/reports/2023-spa-race-1/")["content"]
    assert "data-pagefind-body" in (built.output / "en/reports/index.html").read_text()
    assert indexed_urls(built.output) == before


def cold_tree(site: Site, destination: Path) -> dict[str, bytes]:
    """What a cold build of the site as it is now writes."""
    shutil.copytree(site.root, destination, ignore=shutil.ignore_patterns("output", ".output.*", ".pitboard-cache"))
    return tree(build(Site(destination), "--no-cache").output)


def test_a_build_indexing_later_shows_its_pages_with_the_index_shown_until_its_own_is_made(built, tmp_path):
    edit(built, RACE_1, "took the lead.", "took the lead in the Ardennes.")
    with site_cache(load_config(built.root)) as cache:
        builder = SiteBuilder(built.root, cache)
        shown = builder.build(built.output, index_later=True)
        pending = shown.index_pending
        assert pending is not None
        assert "in the Ardennes" in built.page("en/reports/2023-spa-race-1/index.html")
        assert "Ardennes" not in record(built, "en", "/en/reports/2023-spa-race-1/")["content"]
        assert output_build(built.output)[1] == shown.build_id

        complete = builder.publish_index(pending, builder.make_index(pending))

    assert complete is not None and complete.build_id != shown.build_id
    assert output_build(built.output)[1] == complete.build_id
    assert "Ardennes" in record(built, "en", "/en/reports/2023-spa-race-1/")["content"]
    assert tree(built.output) == cold_tree(built, tmp_path / "cold")
    with site_cache(load_config(built.root)) as cache:
        again = SiteBuilder(built.root, cache).build(built.output)
    assert again.rendered == () and again.build_id == complete.build_id


def test_an_index_made_for_a_build_the_output_no_longer_shows_is_not_published(built, tmp_path):
    with site_cache(load_config(built.root)) as cache:
        builder = SiteBuilder(built.root, cache)
        edit(built, RACE_1, "took the lead.", "took the lead in the Ardennes.")
        pending = builder.build(built.output, index_later=True).index_pending
        assert pending is not None
        edit(built, RACE_1, "in the Ardennes", "at Spa")
        latest = builder.build(built.output)

        assert builder.publish_index(pending, builder.make_index(pending)) is None

    assert output_build(built.output)[1] == latest.build_id
    assert "at Spa" in record(built, "en", "/en/reports/2023-spa-race-1/")["content"]
    assert tree(built.output) == cold_tree(built, tmp_path / "cold")


def test_a_build_indexing_later_indexes_now_when_the_output_shows_no_index(site):
    with site_cache(load_config(site.root)) as cache:
        result = SiteBuilder(site.root, cache).build(site.output, index_later=True)
    assert result.index_pending is None
    assert "Spa" in str(record(site, "en", "/en/reports/2023-spa-race-1/")["content"])


@pytest.mark.parametrize(
    "edits",
    [
        [(RACE_1, "took the lead.", "took the lead in the Ardennes.")],  # the German index is kept: checked first
        [(RACE_1, "took the lead.", "took the lead in the Ardennes."), (RACE_1_DE, "Tag", "Sonntag")],
    ],
    ids=["one language", "both languages"],
)
def test_indexing_stopped_at_once_checks_and_removes_no_kept_index_and_the_next_index_is_whole(built, tmp_path, edits):
    for path, old, new in edits:
        edit(built, path, old, new)
    with site_cache(load_config(built.root)) as cache:
        builder = SiteBuilder(built.root, cache)
        pending = builder.build(built.output, index_later=True).index_pending
        assert pending is not None
        kept = sorted(cache.search_folder.iterdir())
        stop = threading.Event()
        stop.set()

        with pytest.raises(IndexingStopped):
            builder.make_index(pending, stop)
        assert sorted(cache.search_folder.iterdir()) == kept

        assert builder.publish_index(pending, builder.make_index(pending)) is not None
        assert len(list(cache.search_folder.iterdir())) == 2  # an index per language, no other

    assert tree(built.output) == cold_tree(built, tmp_path / "cold")


def test_pagefind_stopped_midway_is_killed_and_leaves_no_index_behind(built, monkeypatch, tmp_path):
    hanging = tmp_path / "pagefind"
    hanging.write_text("#!/bin/sh\nexec sleep 600\n")
    hanging.chmod(0o755)
    monkeypatch.setattr(generator.search, "get_executable", lambda: hanging)
    pages = [IndexedPage("en/reports/2023-spa-race-1/index.html", b"new", searchable=True)]
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()

    with pytest.raises(IndexingStopped):
        search_index(tmp_path / "search", None, pages, built.output, stop)

    assert list((tmp_path / "search").iterdir()) == []
