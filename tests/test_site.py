"""The built website against spec section 4: pages, languages, links, localization."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO, copy_site, parse_html

BASE = "https://example.org/racing/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture site, built once for the read-only tests of this module."""
    site = copy_site("basic", tmp_path_factory.mktemp("site"))
    run = site.build()
    assert run.exit_code == 0, run.stderr
    return site


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def alternates(soup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')}


def switcher(soup) -> dict[str, tuple[str, bool]]:
    """lang -> (href, marked as not translated)."""
    return {
        a["hreflang"]: (a["href"], "untranslated" in (a.get("class") or [])) for a in soup.select(".language-switch a")
    }


EXPECTED_FILES = [
    "index.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "static/style.css",
    "en/index.html",
    "de/index.html",
    "en/reports/index.html",
    "de/berichte/index.html",
    "en/reports/2023-spa-race-1/index.html",
    "de/berichte/2023-spa-race-1/index.html",
    "en/reports/2023-spa-race-2/index.html",
    "en/drivers/index.html",
    "de/fahrer/index.html",
    "en/drivers/anna-berg/index.html",
    "de/fahrer/anna-berg/index.html",
    "en/events/index.html",
    "de/events/index.html",
    "en/events/2023-spa/index.html",
    "de/events/2023-spa/index.html",
    "en/series/endurance-cup/index.html",
    "de/series/endurance-cup/index.html",
    "en/seasons/2023/index.html",
    "de/seasons/2023/index.html",
    "en/about/index.html",
    "de/about/index.html",
    "en/feed.xml",
    "de/feed.xml",
]


@pytest.mark.parametrize("relative", EXPECTED_FILES)
def test_every_page_of_the_layout_exists(built, relative):
    assert (built.output / relative).is_file()


def test_a_page_exists_only_in_the_languages_it_has(built):
    assert not (built.output / "de/berichte/2023-spa-race-2").exists()


def test_every_html_page_has_lang_canonical_and_absolute_alternates(built):
    for path in html_pages(built.output):
        soup = parse_html(path.read_text())
        relative = path.relative_to(built.output).as_posix()
        assert soup.html["lang"] in ("en", "de"), relative
        canonical = soup.select_one('link[rel="canonical"]')["href"]
        assert canonical.startswith(BASE), relative
        found = alternates(soup)
        assert "x-default" in found, relative
        assert all(url.startswith(BASE) for url in found.values()), relative


def test_hreflang_alternates_are_reciprocal(built):
    pages = {}
    for path in html_pages(built.output):
        relative = path.relative_to(built.output).as_posix()
        if relative in ("index.html", "404.html"):
            continue
        soup = parse_html(path.read_text())
        pages[soup.select_one('link[rel="canonical"]')["href"]] = alternates(soup)
    assert len(pages) > 20
    for url, links in pages.items():
        for lang, target in links.items():
            if lang == "x-default":
                continue
            assert target in pages, f"{url} -> {target}"
            assert pages[target][lang] == target
            assert url in pages[target].values(), f"{target} does not link back to {url}"


def test_x_default_is_the_default_language_else_the_first_that_exists(built, site):
    translated = alternates(built.soup("de/berichte/2023-spa-race-1/index.html"))
    assert translated["x-default"] == BASE + "en/reports/2023-spa-race-1/"
    site.remove("content/reports/2023-spa-race-2.en.md")
    site.write("content/reports/2023-spa-race-2.de.md", "---\ntitle: Ausfall\ndate: 2023-07-30\nevent: 2023-spa\n---\n")
    assert site.build().exit_code == 0
    german_only = alternates(site.soup("de/berichte/2023-spa-race-2/index.html"))
    assert german_only == {
        "de": BASE + "de/berichte/2023-spa-race-2/",
        "x-default": BASE + "de/berichte/2023-spa-race-2/",
    }


class TestLanguageSwitcher:
    def test_goes_to_the_same_page_in_the_other_language(self, built):
        assert switcher(built.soup("de/berichte/2023-spa-race-1/index.html")) == {
            "en": ("../../../en/reports/2023-spa-race-1/", False)
        }
        assert switcher(built.soup("en/drivers/anna-berg/index.html")) == {
            "de": ("../../../de/fahrer/anna-berg/", False)
        }

    def test_an_untranslated_report_goes_to_its_event_marked(self, built):
        soup = built.soup("en/reports/2023-spa-race-2/index.html")
        assert switcher(soup) == {"de": ("../../../de/events/2023-spa/", True)}
        assert "nicht übersetzt" not in soup.select_one(".language-switch").get_text()
        assert "not translated" in soup.select_one(".language-switch").get_text()

    def test_anything_else_untranslated_goes_to_that_languages_home(self, site):
        site.write("content/pages/imprint.en.md", "---\ntitle: Imprint\n---\nWho we are.\n")
        site.build()
        assert switcher(site.soup("en/imprint/index.html")) == {"de": ("../../de/", True)}


class TestLocalization:
    def test_dates_and_lap_times(self, built):
        german = built.soup("de/berichte/2023-spa-race-1/index.html")
        english = built.soup("en/reports/2023-spa-race-1/index.html")
        assert german.select_one("header time").get_text() == "29. Juli 2023"
        assert english.select_one("header time").get_text() == "29 July 2023"
        assert german.select_one(".lap-time").get_text() == "1:32,136"
        assert english.select_one(".lap-time").get_text() == "1:32.136"

    def test_positions_and_status(self, built):
        assert built.soup("de/berichte/2023-spa-race-1/index.html").select_one("td.result").get_text() == "1."
        assert built.soup("en/reports/2023-spa-race-1/index.html").select_one("td.result").get_text() == "1st"
        assert (
            built.soup("en/reports/2023-spa-race-2/index.html").select_one("td.result").get_text() == "Did not finish"
        )

    def test_ui_strings_come_from_the_catalog(self, built):
        german_nav = built.soup("de/index.html").select_one(".site-nav").get_text(" ", strip=True)
        assert german_nav == "Berichte Fahrer Veranstaltungen"
        assert built.soup("en/index.html").select_one(".site-nav").get_text(" ", strip=True) == "Reports Drivers Events"

    def test_german_has_one_term_for_an_event_and_one_for_a_race(self, built):
        event = built.soup("de/events/2023-spa/index.html")
        assert event.select_one(".kicker").get_text(" ", strip=True).startswith("Langstrecken-Cup")
        assert event.select_one("#races-heading").get_text() == "Rennen"
        assert built.soup("de/events/index.html").select_one("h1").get_text() == "Veranstaltungen"
        assert built.soup("de/seasons/2023/index.html").select_one("#events-heading").get_text() == "Veranstaltungen"
        driver = built.soup("de/fahrer/anna-berg/index.html")
        assert [th.get_text() for th in driver.select("table.cards thead th")][1] == "Veranstaltung"
        report = built.soup("de/berichte/2023-spa-race-1/index.html")
        assert report.select_one(".report-footer a").get_text() == "Alle Berichte: Endurance Cup – Spa"
        assert "Startplatz" in [th.get_text() for th in report.select(".results thead th")]

    def test_the_example_site_names_its_events_and_races_in_those_terms(self, example_build):
        german = parse_html((example_build / "de/berichte/2009-okayama-race-1/index.html").read_text())
        assert german.select(".site-nav a")[2]["href"] == "../../veranstaltungen/"
        assert german.select_one(".race-name").get_text() == "Rennen 1"

    def test_country_names(self, built):
        assert "Norwegen" in built.soup("de/fahrer/anna-berg/index.html").select_one(".facts").get_text()
        assert "Norway" in built.soup("en/drivers/anna-berg/index.html").select_one(".facts").get_text()
        assert "Belgien" in built.soup("de/events/2023-spa/index.html").select_one(".facts").get_text()

    def test_event_date_range(self, built):
        assert built.soup("de/events/2023-spa/index.html").select_one(".facts time").get_text() == "28.–30. Juli 2023"
        english = built.soup("en/events/2023-spa/index.html").select_one(".facts time").get_text()
        assert english.replace("\u2009", "") == "28–30 Jul 2023"  # CLDR 49 (Babel 2.19) puts thin spaces round the dash


class TestReportPage:
    def test_results_table_links_the_drivers(self, built):
        row = built.soup("en/reports/2023-spa-race-1/index.html").select_one(".results tbody tr")
        assert [(a.get_text(), a["href"]) for a in row.select("a")] == [
            ("Anna Berg", "../../drivers/anna-berg/"),
            ("Ben Carter", "../../drivers/ben-carter/"),
        ]

    def test_results_by_class_and_position_with_only_the_columns_some_entry_fills(self, site):
        site.write(
            "content/reports/2023-spa-race-2.en.md",
            """
        ---
        title: Mixed fortunes
        date: 2023-07-30
        event: 2023-spa
        race: race-2
        entries:
          - { car: Testwagen GT3, number: 24, class: GT3, drivers: [anna-berg], position: 8 }
          - { car: Testwagen GT3, number: 30, class: GT3, drivers: [ben-carter], status: dnf }
          - { car: Testwagen GT3, number: 25, class: GT3, drivers: [carla-diaz], position: 7 }
          - { car: Testwagen GT4, number: 1, class: GT4, drivers: [anna-berg], position: 3, fastest_in_class: true }
        ---
        """,
        )
        assert site.build().exit_code == 0
        table = site.soup("en/reports/2023-spa-race-2/index.html").select_one(".results table")
        assert [th.get_text() for th in table.select("thead th")] == ["Result", "Car", "Class", "Drivers"]
        rows = [[td.get_text(" ", strip=True) for td in tr.select("td")][:3] for tr in table.select("tbody tr")]
        assert rows == [
            ["7th", "#25 Testwagen GT3", "GT3"],
            ["8th", "#24 Testwagen GT3", "GT3"],
            ["Did not finish", "#30 Testwagen GT3", "GT3"],
            ["3rd", "#1 Testwagen GT4", "GT4"],
        ]
        assert table.select("tbody tr")[3].select_one(".fastest").get_text() == "Fastest lap in class"

    def test_short_cells_fit_their_content_and_the_drivers_take_the_rest(self, built):
        table = built.soup("en/reports/2023-spa-race-1/index.html").select_one(".results table")
        fitted = [th.get_text() for th in table.select("thead th.fit")]
        assert fitted == ["Result", "Car", "Class", "Grid", "Laps", "Fastest lap"]
        assert [td["data-label"] for td in table.select("tbody td:not(.fit)")] == ["Drivers"]
        drivers = table.select_one('td[data-label="Drivers"]')
        assert drivers.select_one(".fastest").get_text() == "Fastest lap in class: Anna Berg"

    def test_links_to_event_race_and_translations(self, built):
        soup = built.soup("en/reports/2023-spa-race-1/index.html")
        assert soup.select_one(".kicker a")["href"] == "../../events/2023-spa/"
        assert "Race 1" in soup.select_one(".kicker").get_text()
        assert [a["href"] for a in soup.select(".translations a")] == ["../../../de/berichte/2023-spa-race-1/"]

    def test_structured_data_is_a_news_article_about_a_sports_event(self, built):
        soup = built.soup("de/berichte/2023-spa-race-1/index.html")
        data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
        assert data["@type"] == "NewsArticle"
        assert data["inLanguage"] == "de"
        assert data["datePublished"] == "2023-07-29"
        assert data["headline"] == "Sieg im ersten Lauf in Spa"
        assert data["about"]["@type"] == "SportsEvent"
        assert data["about"]["startDate"] == "2023-07-29"
        assert data["about"]["location"]["address"]["addressCountry"] == "BE"

    def test_open_graph(self, built):
        soup = built.soup("en/reports/2023-spa-race-1/index.html")
        og = {meta["property"]: meta["content"] for meta in soup.select("meta[property]")}
        assert og["og:type"] == "article"
        assert og["og:title"] == "Win in the first race at Spa"
        assert og["og:url"] == BASE + "en/reports/2023-spa-race-1/"
        assert og["og:locale"] == "en_GB"
        assert og["og:locale:alternate"] == "de_DE"

    def test_a_script_tag_in_a_title_cannot_break_out(self, site):
        site.write(
            "content/reports/2023-spa-race-2.en.md",
            """
        ---
        title: "Retired </script><script>alert(1)</script>"
        date: 2023-07-30
        event: 2023-spa
        ---
        Text.
        """,
        )
        site.build()
        page = site.page("en/reports/2023-spa-race-2/index.html")
        assert "<script>alert(1)" not in page
        soup = parse_html(page)
        scripts = soup.select("script")
        assert len(scripts) == 1
        assert json.loads(scripts[0].string)["headline"] == "Retired </script><script>alert(1)</script>"
        assert soup.select_one("h1").get_text() == "Retired </script><script>alert(1)</script>"


class TestDriverPage:
    def test_statistics(self, built):
        stats = built.soup("en/drivers/anna-berg/index.html").select(".stats > div")
        assert {div.dt.get_text(): div.dd.get_text() for div in stats} == {
            "Starts": "2",
            "Wins": "1",
            "Podiums": "1",
            "Fastest laps": "1",
        }

    def test_statistics_count_a_report_once_whatever_its_translations(self, site):
        site.write("content/reports/2023-spa-race-2.de.md", "---\ntitle: Ausfall\ndate: 2023-07-30\n---\nText.\n")
        site.build()
        stats = site.soup("de/fahrer/ben-carter/index.html").select(".stats dd")
        assert [dd.get_text() for dd in stats] == ["2", "1", "1", "0"]

    def test_results_by_season(self, built):
        soup = built.soup("en/drivers/anna-berg/index.html")
        assert soup.select_one("#season-2023 a")["href"] == "../../seasons/2023/"
        rows = soup.select("table.cards tbody tr")
        assert [row.select_one('[data-label="Result"]').get_text(" ", strip=True) for row in rows] == [
            "Did not finish",
            "1st Fastest lap in class",
        ]

    def test_results_are_listed_by_race_date_not_report_date(self, site):
        report = site.root / "content/reports/2023-spa-race-1.en.md"
        report.write_text(report.read_text(encoding="utf-8").replace("date: 2023-07-29", "date: 2023-08-05"))
        site.build()
        rows = site.soup("en/drivers/anna-berg/index.html").select("table.cards tbody tr")
        assert [row.select_one('[data-label="Date"]').get_text(strip=True) for row in rows] == [
            "30 Jul 2023",
            "29 Jul 2023",
        ]

    def test_the_class_column_shows_only_if_some_result_has_a_class(self, site):
        site.write(
            "content/reports/2023-spa-race-2.en.md",
            """
        ---
        title: Second race
        date: 2023-07-30
        event: 2023-spa
        race: race-2
        entries:
          - { car: Testwagen GT4, number: 9, drivers: [carla-diaz], position: 1 }
        ---
        """,
        )
        assert site.build().exit_code == 0
        table = site.soup("en/drivers/carla-diaz/index.html").select_one("table.cards")
        assert [th.get_text() for th in table.select("thead th")] == ["Date", "Event", "Car", "Result", "Report"]
        anna = site.soup("en/drivers/anna-berg/index.html").select_one("table.cards")
        assert "Class" in [th.get_text() for th in anna.select("thead th")]

    def test_featured_and_mentioned_reports(self, built):
        carla = built.soup("en/drivers/carla-diaz/index.html")
        assert carla.select_one("#featured-heading") is None
        assert [a.get_text() for a in carla.select("#mentioned-heading ~ ul a")] == ["Win in the first race at Spa"]
        anna = built.soup("en/drivers/anna-berg/index.html")
        assert len(anna.select("#featured-heading ~ ul > li")) == 2

    def test_a_report_missing_in_the_page_language_is_listed_in_the_one_it_has(self, built):
        soup = built.soup("de/fahrer/anna-berg/index.html")
        items = soup.select("#featured-heading ~ ul > li article")
        foreign = [item for item in items if item.get("lang") == "en"]
        assert len(foreign) == 1
        assert foreign[0].select_one("a")["href"] == "../../../en/reports/2023-spa-race-2/"
        assert foreign[0].select_one(".badge").get_text() == "auf Englisch"

    def test_bio_in_the_page_language_else_in_one_it_has(self, site):
        site.write("content/drivers/carla-diaz.yaml", "name: Carla Díaz\nbio: { en: 'Joined in *2023*.' }\n")
        site.build()
        english = site.soup("en/drivers/carla-diaz/index.html").select_one(".bio")
        assert english.select_one("em").get_text() == "2023"
        assert english.select_one("[lang]") is None
        german = site.soup("de/fahrer/carla-diaz/index.html").select_one(".bio")
        assert german.select_one('div[lang="en"]').get_text().strip() == "Joined in 2023."

    def test_drivers_are_listed_by_sort_name(self, built):
        names = [a.get_text() for a in built.soup("en/drivers/index.html").select("tbody th a")]
        assert names == ["Anna Berg", "Ben Carter", "Carla Díaz"]


class TestEventSeriesSeason:
    def test_event_page(self, built):
        soup = built.soup("en/events/2023-spa/index.html")
        assert soup.select_one("h1").get_text() == "Endurance Cup – Spa"
        kicker = [(a.get_text(), a["href"]) for a in soup.select(".kicker a")]
        assert kicker == [("Endurance Cup", "../../series/endurance-cup/"), ("Season 2023", "../../seasons/2023/")]
        assert "Circuit de Spa-Francorchamps" in soup.select_one(".facts").get_text()
        assert [li.get_text(" ", strip=True) for li in soup.select(".race-list li")] == [
            "Race 1 · 29 July 2023",
            "Race 2 · 30 July 2023",
        ]
        groups = [h3.get_text() for h3 in soup.select("#reports-heading ~ h3")]
        assert groups == ["Race 1", "Race 2"]

    def test_an_event_page_lists_reports_in_the_language_they_have(self, built):
        soup = built.soup("de/events/2023-spa/index.html")
        links = [a["href"] for a in soup.select(".report-card-title a")]
        assert links == ["../../berichte/2023-spa-race-1/", "../../../en/reports/2023-spa-race-2/"]

    def test_series_page_lists_its_events_by_season(self, built):
        soup = built.soup("de/series/endurance-cup/index.html")
        assert soup.select_one("h1").get_text() == "Langstrecken-Cup"
        assert soup.select_one("#season-2023").get_text() == "Saison 2023"
        assert [a["href"] for a in soup.select(".event-list a")] == ["../../events/2023-spa/"]
        reports = [a["href"] for a in soup.select("#reports-heading ~ ul .report-card-title a")]
        assert reports == ["../../../en/reports/2023-spa-race-2/", "../../berichte/2023-spa-race-1/"]

    def test_season_page_lists_events_and_reports(self, built):
        soup = built.soup("en/seasons/2023/index.html")
        assert [a.get_text() for a in soup.select(".event-list > li > a")] == ["Endurance Cup – Spa"]
        assert len(soup.select(".report-list > li")) == 2


class TestLists:
    def test_the_home_page_heading_is_not_the_site_title(self, built):
        for lang, heading, title in (
            ("en", "Latest reports", "Test Team — Race Reports"),
            ("de", "Neueste Berichte", "Test Team — Rennberichte"),
        ):
            soup = built.soup(f"{lang}/index.html")
            assert [h1.get_text() for h1 in soup.select("h1")] == [heading]
            assert soup.select_one(".site-title").get_text() == title
            assert soup.select_one(".report-list h2 a")

    def test_home_lists_newest_first_in_every_language(self, built):
        titles = [a.get_text() for a in built.soup("de/index.html").select(".report-card-title a")]
        assert titles == ["Retirement in race 2", "Sieg im ersten Lauf in Spa"]

    def test_report_list_pages_hold_twenty(self, site):
        for number in range(3, 26):
            site.write(
                f"content/reports/2023-extra-{number:02d}.en.md",
                f"---\ntitle: Extra {number}\ndate: 2023-08-{number:02d}\nevent: 2023-spa\n---\nText.\n",
            )
        site.build()
        first = site.soup("en/reports/index.html")
        second = site.soup("en/reports/page/2/index.html")
        assert len(first.select(".report-list > li")) == 20
        assert len(second.select(".report-list > li")) == 5
        assert first.select_one('link[rel="next"]')["href"] == "page/2/"
        assert second.select_one('link[rel="prev"]')["href"] == "../../"
        assert (site.output / "de/berichte/page/2/index.html").is_file()
        assert not (site.output / "en/reports/page/3").exists()


class TestFeedsSitemapRobots:
    def test_each_feed_holds_only_its_language(self, built):
        def entries(lang):
            root = ET.parse(built.output / lang / "feed.xml").getroot()
            assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
            return [entry.find(f"{ATOM}link").get("href") for entry in root.findall(f"{ATOM}entry")]

        assert entries("en") == [BASE + "en/reports/2023-spa-race-2/", BASE + "en/reports/2023-spa-race-1/"]
        assert entries("de") == [BASE + "de/berichte/2023-spa-race-1/"]

    def test_sitemap_lists_pages_with_their_alternates(self, built):
        root = ET.parse(built.output / "sitemap.xml").getroot()
        urls = {url.find(f"{SITEMAP}loc").text: url for url in root.findall(f"{SITEMAP}url")}
        report = urls[BASE + "de/berichte/2023-spa-race-1/"]
        links = {link.get("hreflang"): link.get("href") for link in report.findall(f"{XHTML}link")}
        assert links == {
            "en": BASE + "en/reports/2023-spa-race-1/",
            "de": BASE + "de/berichte/2023-spa-race-1/",
            "x-default": BASE + "en/reports/2023-spa-race-1/",
        }
        listed = [page for page in html_pages(built.output) if "search" not in page.parts]  # nor the search pages
        html_count = len(listed) - 2  # not the entry page and 404.html
        assert len(urls) == html_count

    def test_robots_points_to_the_sitemap(self, built):
        assert f"Sitemap: {BASE}sitemap.xml" in (built.output / "robots.txt").read_text()


class TestLinks:
    def test_internal_links_are_relative_so_any_root_works(self, built):
        for path in html_pages(built.output):
            if path.name == "404.html":
                continue
            soup = parse_html(path.read_text())
            for element in soup.select("a[href], link[href], img[src], script[src]"):
                url = element.get("href") or element.get("src")
                if element.name == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                    continue
                assert not url.startswith("/"), (path, url)
                if not url.startswith(("http://", "https://", "#", "mailto:")):
                    target = (path.parent / url.split("#")[0]).resolve()
                    assert target.is_file() or (target / "index.html").is_file(), (path, url)

    def test_the_404_page_links_from_the_path_of_base_url(self, built):
        soup = built.soup("404.html")
        assert soup.select_one('link[rel="stylesheet"]')["href"] == "/racing/static/style.css"
        assert [a["href"] for a in soup.select(".not-found a")] == [
            "/racing/en/",
            "/racing/en/reports/",
            "/racing/en/drivers/",
            "/racing/en/events/",
            "/racing/de/",
            "/racing/de/berichte/",
            "/racing/de/fahrer/",
            "/racing/de/events/",
        ]

    def test_the_404_page_speaks_every_language_each_in_an_element_with_its_lang(self, built):
        soup = built.soup("404.html")
        assert soup.html["lang"] == "en"
        assert [(span["lang"], span.get_text()) for span in soup.select("h1 > span")] == [
            ("en", "Page not found"),
            ("de", "Seite nicht gefunden"),
        ]
        sections = {section["lang"]: section for section in soup.select(".not-found > section")}
        assert list(sections) == ["en", "de"]
        assert sections["de"].select_one("p").get_text().startswith("Unter dieser Adresse gibt es keine Seite.")
        assert [a.get_text() for a in sections["de"].select("a")] == [
            "Test Team — Rennberichte",
            "Berichte",
            "Fahrer",
            "Veranstaltungen",
        ]
        assert soup.select(".language-switch, .site-nav") == []  # one language's navigation would not do
        assert soup.title.get_text() == "Page not found · Seite nicht gefunden – Test Team — Race Reports"

    def test_the_entry_page_offers_every_language_and_redirects(self, built):
        soup = built.soup("index.html")
        assert [a["href"] for a in soup.select(".language-choice a")] == ["en/", "de/"]
        assert alternates(soup) == {"en": BASE + "en/", "de": BASE + "de/", "x-default": BASE + "en/"}
        assert "navigator.languages" in soup.select_one("script").string

    def test_no_external_requests(self, built):
        css = (built.output / "static/style.css").read_text()
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
        assert "@import" not in css
        for path in html_pages(built.output):
            soup = parse_html(path.read_text())
            for element in soup.select("link[rel=stylesheet], script[src], img[src]"):
                assert "//" not in (element.get("href") or element.get("src")), path


def test_every_ui_string_of_the_templates_is_translated():
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po

    method_map = [("templates/**.html", "jinja2"), ("templates/**.xml", "jinja2"), ("generator/**.py", "python")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    extracted = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(str(REPO), method_map, keywords=keywords)
    }
    assert "Results" in extracted and "Jump back to footnote %d in the text" in extracted
    for lang in ("de", "en"):
        with open(REPO / f"templates/translations/{lang}.po", "rb") as source:
            catalog = read_po(source)
        missing = sorted(message for message in extracted if catalog.get(message) is None)
        assert missing == [], lang
    with open(REPO / "templates/translations/de.po", "rb") as source:
        german = read_po(source)
    untranslated = sorted(message for message in extracted if not german.get(message).string)
    assert untranslated == []


@pytest.fixture(scope="module")
def fallback(tmp_path_factory):
    """The fixture site with an event, its races, circuit and series named in English only (or in one string)."""
    site = copy_site("basic", tmp_path_factory.mktemp("fallback"))
    site.write(
        "content/events/2023-spa.yaml",
        """
    name: { en: "Spa Six Hours" }
    series: endurance-cup
    season: 2023
    circuit: { en: "Spa-Francorchamps" }
    country: BE
    start: 2023-07-28
    end: 2023-07-30
    races:
      - { id: race-1, name: { en: "Race 1" }, date: 2023-07-29 }
      - { id: race-2, name: "Sprint", date: 2023-07-30 }
    """,
    )
    site.write("content/series/endurance-cup.yaml", "name: { en: Endurance Cup }\n")
    assert site.build().exit_code == 0
    return site


class TestFallbackTexts:
    """A per-language mapping without the page's language falls back, and says so; a plain string does not."""

    @staticmethod
    def foreign(element) -> list[str]:
        return [span.get_text() for span in element.select('span[lang="en"]') if "badge" not in span.get("class", [])]

    @staticmethod
    def badges(element) -> list[str]:
        return [badge.get_text() for badge in element.select(".badge")]

    def test_headings_and_facts_mark_the_fallback_with_lang_and_a_badge(self, fallback):
        event = fallback.soup("de/events/2023-spa/index.html")
        heading = event.select_one("h1")
        assert self.foreign(heading) == ["Spa Six Hours"] and self.badges(heading) == ["auf Englisch"]
        circuit = event.select(".facts dd")[1]
        assert self.foreign(circuit) == ["Spa-Francorchamps"] and self.badges(circuit) == ["auf Englisch"]
        races = event.select(".race-list li")
        assert self.foreign(races[0]) == ["Race 1"] and self.badges(races[0]) == ["auf Englisch"]
        series = fallback.soup("de/series/endurance-cup/index.html").select_one("h1")
        assert self.foreign(series) == ["Endurance Cup"] and self.badges(series) == ["auf Englisch"]
        assert event.title.get_text().startswith("Spa Six Hours – ")  # no markup in a title

    def test_a_plain_string_stands_for_every_language_and_the_page_language_needs_no_mark(self, fallback):
        german = fallback.soup("de/events/2023-spa/index.html")
        sprint = german.select(".race-list li")[1]
        assert sprint.select("[lang]") == [] and "Sprint" in sprint.get_text()
        english = fallback.soup("en/events/2023-spa/index.html")
        assert english.select(".page-header [lang], .race-list [lang], #reports-heading ~ h3 [lang]") == []
        assert [h3.get_text(" ", strip=True) for h3 in german.select("#reports-heading ~ h3")] == [
            "Race 1 auf Englisch",
            "Sprint",
        ]

    def test_links_lists_and_tables_carry_the_lang_without_a_badge(self, fallback):
        report = fallback.soup("de/berichte/2023-spa-race-1/index.html")
        assert self.foreign(report.select_one(".kicker")) == ["Spa Six Hours", "Race 1"]
        assert self.foreign(report.select_one(".report-footer")) == ["Spa Six Hours"]
        events = fallback.soup("de/events/index.html").select_one(".event-list li")
        assert self.foreign(events) == ["Spa Six Hours", "Spa-Francorchamps", "Endurance Cup"]
        home = fallback.soup("de/index.html").select_one(".report-list .meta")
        assert "Spa Six Hours" in self.foreign(home)
        driver = fallback.soup("de/fahrer/anna-berg/index.html")
        event_cells = [row.select("td")[1] for row in driver.select("table.cards tbody tr")]
        assert [self.foreign(cell) for cell in event_cells] == [["Spa Six Hours"], ["Spa Six Hours", "Race 1"]]
        assert self.badges(report.select_one(".kicker")) == []
        assert [self.badges(cell) for cell in event_cells] == [[], []]
