"""The dev server's rebuild: only the pages a change touches, and the same bytes as a full build."""

from __future__ import annotations

import pytest
from conftest import run_cli

from generator.diagnostics import BuildFailed
from generator.incremental import IncrementalBuilder

RACE_2 = "content/reports/2023-spa-race-2.en.md"


def tree(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def builder(site) -> IncrementalBuilder:
    """A builder over the basic site with one more driver, who is in no report."""
    site.write("content/drivers/dana-fox.yaml", "name: Dana Fox\nnationality: IE\n")
    builder = IncrementalBuilder(site.root, site.output)
    assert builder.rebuild().full
    return builder


def edit(site, path: str, old: str, new: str) -> None:
    file = site.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_the_first_rebuild_is_a_whole_build(site, builder, tmp_path):
    assert run_cli("--site", str(site.root), "build", "--output", str(tmp_path / "full")).exit_code == 0
    assert tree(site.output) == tree(tmp_path / "full")


def test_nothing_changed_nothing_written(builder):
    rebuild = builder.rebuild()
    assert rebuild.written == ()
    assert rebuild.removed == ()
    assert not rebuild.full


def test_an_edited_report_renders_its_pages_and_the_pages_it_appears_on(site, builder):
    edit(site, RACE_2, "A gearbox failure", "A broken gearbox")
    rebuild = builder.rebuild()
    assert sorted(rebuild.written) == sorted([
        "en/reports/2023-spa-race-2/index.html",  # the report, in the one language it has
        "en/index.html", "de/index.html",  # home pages list it
        "en/reports/index.html", "de/berichte/index.html",
        "en/feed.xml", "de/feed.xml",  # the German feed is dated by the newest report
        "en/drivers/index.html", "de/fahrer/index.html",
        "en/drivers/anna-berg/index.html", "de/fahrer/anna-berg/index.html",  # its drivers
        "en/drivers/ben-carter/index.html", "de/fahrer/ben-carter/index.html",
        "en/events/index.html", "de/events/index.html",
        "en/events/2023-spa/index.html", "de/events/2023-spa/index.html",
        "en/series/endurance-cup/index.html", "de/series/endurance-cup/index.html",
        "en/seasons/2023/index.html", "de/seasons/2023/index.html",
    ])
    assert "A broken gearbox" in site.page("en/reports/2023-spa-race-2/index.html")
    assert rebuild.summary().startswith(f"rendered 21 of {rebuild.pages} pages in ")


def test_a_report_in_two_languages_renders_both(site, builder):
    edit(site, "content/reports/2023-spa-race-1.de.md", "Sieg im ersten Lauf", "Erster Sieg")
    written = builder.rebuild().written
    assert {"en/reports/2023-spa-race-1/index.html", "de/berichte/2023-spa-race-1/index.html"} <= set(written)
    # a driver the report mentions, and not one it does not
    assert "en/drivers/carla-diaz/index.html" in written
    assert not any("dana-fox" in path for path in written)
    assert not {"index.html", "404.html", "sitemap.xml", "robots.txt", "en/about/index.html"} & set(written)


def test_a_free_page_title_is_in_every_footer_of_its_language(site, builder):
    edit(site, "content/pages/about.en.md", "title: About", "title: About us")
    written = set(builder.rebuild().written)
    assert "en/drivers/dana-fox/index.html" in written
    assert "de/fahrer/dana-fox/index.html" not in written
    assert "en/feed.xml" not in written


def test_templates_and_site_toml_render_everything(site, builder):
    edit(site, "templates/static/style.css", "}", "} ")
    assert builder.rebuild().full
    edit(site, "site.toml", 'title = "Test Team — Race Reports"', 'title = "Test Team"')
    rebuild = builder.rebuild()
    assert rebuild.full
    assert "static/style.css" in rebuild.written
    assert "Test Team" in site.page("en/drivers/dana-fox/index.html")


def test_a_removed_report_loses_its_files_and_folders(site, builder):
    site.remove(RACE_2)
    rebuild = builder.rebuild()
    assert rebuild.removed == ("en/reports/2023-spa-race-2/index.html",)
    assert "sitemap.xml" in rebuild.written
    assert not (site.output / "en/reports/2023-spa-race-2").exists()


def test_a_failed_rebuild_writes_nothing_and_the_next_good_one_catches_up(site, builder):
    before = tree(site.output)
    site.write("content/drivers/dana-fox.yaml", "name: [Dana\n")
    with pytest.raises(BuildFailed):
        builder.rebuild()
    assert tree(site.output) == before
    site.write("content/drivers/dana-fox.yaml", "name: Dana Fox-Byrne\nnationality: IE\n")
    edit(site, RACE_2, "A gearbox failure", "A broken gearbox")
    written = builder.rebuild().written
    assert "en/drivers/dana-fox/index.html" in written
    assert "en/reports/2023-spa-race-2/index.html" in written


@pytest.mark.parametrize(
    "change",
    [
        lambda site: edit(site, RACE_2, "date: 2023-07-30", "date: 2023-07-20"),
        lambda site: edit(site, RACE_2, "drivers: [anna-berg, ben-carter]", "drivers: [dana-fox]"),
        lambda site: edit(site, "content/drivers/ben-carter.yaml", "Ben Carter", "Benjamin Carter"),
        lambda site: edit(site, "content/events/2023-spa.yaml", "season: 2023", "season: 2024"),
        lambda site: edit(site, "content/series/endurance-cup.yaml", "Endurance", "Sprint"),
        lambda site: site.write("content/reports/2023-spa-race-2.de.md", "---\ntitle: Aus\ndate: 2023-07-30\n---\n"),
        lambda site: site.write("content/pages/imprint.de.md", "---\ntitle: Impressum\n---\nText.\n"),
        lambda site: site.remove("content/pages/about.de.md"),
        lambda site: site.remove(RACE_2),
    ],
    ids=[
        "date", "crew", "driver-name", "season", "series", "translation", "new-page", "removed-page", "removed-report"
    ],
)
def test_the_output_equals_a_full_build_after_any_change(site, builder, tmp_path, change):
    change(site)
    builder.rebuild()
    assert run_cli("--site", str(site.root), "build", "--output", str(tmp_path / "full")).exit_code == 0
    assert tree(site.output) == tree(tmp_path / "full")
