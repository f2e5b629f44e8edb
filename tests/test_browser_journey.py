"""A reader's journey through the fixture site, served under the path of its base_url
(https://example.org/racing/ -> http://127.0.0.1:<port>/racing/), in headless Chromium."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from webcheck.browser import new_tab
from webcheck.server import serve

ENGLISH_HOME_TITLE = "Test Team — Race Reports"
ENGLISH_HOME_HEADING = "Latest reports"


@pytest.fixture(scope="module")
def fixture_site(built_sites):
    return built_sites["basic"]


@pytest.fixture(scope="module")
def site_url(fixture_site):
    with serve(fixture_site.output, fixture_site.base_path) as url:
        yield url


@pytest.fixture
def tab(browser):
    with new_tab(browser, locale="en-GB") as english_tab:
        yield english_tab


def assert_at(tab, url: str, lang: str, heading: str | None = None) -> None:
    tab.wait_for_url(url)
    assert tab.locator("html").get_attribute("lang") == lang
    if heading is not None:
        assert tab.locator("h1").inner_text() == heading


def test_the_site_is_served_under_the_path_of_its_base_url(fixture_site, site_url):
    assert fixture_site.base_path == "/racing/" and site_url.endswith("/racing/")


@pytest.mark.browser
@pytest.mark.parametrize(("locale", "home"), [("de-DE", "de/"), ("en-GB", "en/"), ("fr-FR", "en/")])
def test_the_entry_page_sends_the_browser_to_the_home_in_its_language(browser, site_url, locale, home):
    with new_tab(browser, locale=locale) as tab:
        tab.goto(site_url)
        assert_at(tab, site_url + home, home.rstrip("/"))


@pytest.mark.browser
def test_home_report_driver_event_and_language_switch(tab, site_url):
    tab.goto(site_url)
    assert_at(tab, site_url + "en/", "en", ENGLISH_HOME_HEADING)

    tab.get_by_role("link", name="Win in the first race at Spa").click()
    assert_at(tab, site_url + "en/reports/2023-spa-race-1/", "en", "Win in the first race at Spa")

    tab.locator(".results").get_by_role("link", name="Anna Berg").click()
    assert_at(tab, site_url + "en/drivers/anna-berg/", "en", "Anna Berg")

    tab.get_by_role("link", name="Endurance Cup – Spa").first.click()
    assert_at(tab, site_url + "en/events/2023-spa/", "en", "Endurance Cup – Spa")

    tab.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    assert_at(tab, site_url + "de/events/2023-spa/", "de", "Endurance Cup – Spa")
    assert tab.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").is_visible()


@pytest.mark.browser
def test_the_switch_of_an_untranslated_report_goes_to_its_event_in_that_language(tab, site_url):
    tab.goto(site_url + "en/reports/2023-spa-race-2/")
    switch = tab.get_by_role("navigation", name="Language")
    assert "not translated" in switch.inner_text()
    switch.get_by_role("link", name="Deutsch").click()
    assert_at(tab, site_url + "de/events/2023-spa/", "de", "Endurance Cup – Spa")


@pytest.mark.browser
def test_a_missing_address_shows_the_styled_404_page_whose_links_work(tab, site_url):
    response = tab.goto(site_url + "en/no/such/page/")
    assert response.status == 404
    assert_at(tab, site_url + "en/no/such/page/", "en", "Page not found\nSeite nicht gefunden")
    assert tab.evaluate("[...document.styleSheets].some(sheet => sheet.cssRules.length > 0)")
    tab.get_by_role("main").get_by_role("link", name=ENGLISH_HOME_TITLE).click()
    assert_at(tab, site_url + "en/", "en", ENGLISH_HOME_HEADING)


@pytest.mark.browser
@pytest.mark.parametrize(("path", "first"), [("de/fahrer/niemand/", "de"), ("en/nobody/", "en"), ("elsewhere", "en")])
def test_the_404_page_puts_the_language_of_the_path_first(tab, site_url, path, first):
    tab.goto(site_url + path)
    assert tab.locator("h1 > span").first.get_attribute("lang") == first
    assert tab.locator(".not-found > section").first.get_attribute("lang") == first


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_the_server_serves_the_output_only_under_the_sub_path(fixture_site, site_url):
    not_found_page = (fixture_site.output / "404.html").read_text(encoding="utf-8")
    origin = site_url.removesuffix("/racing/")
    assert fetch(site_url) == (200, (fixture_site.output / "index.html").read_text(encoding="utf-8"))
    assert fetch(site_url + "en")[0] == 200  # redirected to en/
    assert fetch(site_url + "en/missing/") == (404, not_found_page)
    assert fetch(site_url + "static/") == (404, not_found_page)  # a folder without index.html
    assert fetch(origin + "/en/") == (404, not_found_page)
