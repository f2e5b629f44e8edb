"""Search as a visitor uses it (spec 13): Pagefind's UI on the search page of each language, in headless
Chromium, on the fixture site served under the path of its base_url. The site is built with --future and
--drafts, so that a draft and a report under embargo have pages: search must not find them all the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Site, copy_site
from webcheck import tools
from webcheck.browser import axe_violations, new_tab
from webcheck.server import serve

DRAFT_WORD = "marmalade"
EMBARGO_WORD = "zeppelin"
RESULT_LINKS = ".pagefind-ui__result-link"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory):
    site = copy_site("basic", tmp_path_factory.mktemp("search"))
    write_report(site, "2023-spa-draft.en.md", "draft: true", DRAFT_WORD)
    for lang in ("en", "de"):
        write_report(site, f"2023-spa-embargo.{lang}.md", "publish_at: 2999-01-01T09:00:00+01:00", EMBARGO_WORD)
    run = site.build("--future", "--drafts")
    assert run.exit_code == 0, run.stderr
    with serve(site.output, "/racing/") as url:
        yield url


def write_report(site: Site, name: str, front_matter: str, word: str) -> Path:
    """A report about Spa whose title and body have `word`."""
    return site.write(
        f"content/reports/{name}",
        f"---\ntitle: Spa {word}\ndate: 2023-07-31\nevent: 2023-spa\n{front_matter}\n---\nA {word} in Spa.\n",
    )


@pytest.fixture
def tab(browser):
    with new_tab(browser, locale="en-GB", viewport={"width": 1280, "height": 900}) as english_tab:
        yield english_tab


def search(tab, url: str, query: str) -> list[str]:
    """The URL of every result the search page at `url` shows for `query`."""
    tab.goto(url)
    box = tab.locator(".pagefind-ui__search-input")
    box.fill(query)
    return results(tab)


def results(tab) -> list[str]:
    tab.locator(".pagefind-ui__message").wait_for()
    tab.wait_for_function("!document.querySelector('.pagefind-ui__result-link.skeleton, .pagefind-ui__loading')")
    tab.wait_for_timeout(300)  # the UI lists results once their fragments are in
    return [tab.evaluate("(a) => a.pathname", link.element_handle()) for link in tab.locator(RESULT_LINKS).all()]


@pytest.mark.browser
def test_on_the_german_search_page_a_german_word_finds_the_german_report_and_no_english_page(tab, site_url):
    found = search(tab, site_url + "de/search/", "übernahm")
    assert found == ["/racing/de/berichte/2023-spa-race-1/"]
    assert tab.locator(RESULT_LINKS).first.inner_text() == "Sieg im ersten Lauf in Spa"
    assert "29. Juli 2023" in tab.locator(".pagefind-ui__result").first.inner_text()
    assert search(tab, site_url + "de/search/", "gearbox") == []  # the English report's word
    assert "Keine Treffer für gearbox" in tab.locator(".pagefind-ui__message").inner_text()


@pytest.mark.browser
def test_on_the_english_search_page_a_driver_s_name_finds_the_driver_page_and_the_reports(tab, site_url):
    found = search(tab, site_url + "en/search/", "Anna Berg")
    assert "/racing/en/drivers/anna-berg/" in found
    assert {"/racing/en/reports/2023-spa-race-1/", "/racing/en/reports/2023-spa-race-2/"} <= set(found)
    assert all(path.startswith("/racing/en/") for path in found)


@pytest.mark.browser
def test_a_filter_narrows_the_results(tab, site_url):
    everything = search(tab, site_url + "en/search/", "Spa")
    tab.locator(".pagefind-ui__filter-name", has_text="Driver").click()
    tab.get_by_label("Anna Berg").check()
    narrowed = results(tab)
    assert narrowed and len(narrowed) < len(everything) and set(narrowed) <= set(everything)
    anna = {
        "/racing/en/reports/2023-spa-race-1/",
        "/racing/en/reports/2023-spa-race-2/",
        "/racing/en/drivers/anna-berg/",
    }
    assert set(narrowed) <= anna


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_draft_and_a_report_under_embargo_are_never_found(tab, site_url, lang):
    assert search(tab, site_url + f"{lang}/search/", DRAFT_WORD) == []
    assert search(tab, site_url + f"{lang}/search/", EMBARGO_WORD) == []
    tab.goto(site_url + "en/reports/2023-spa-embargo/")  # they are built all the same
    assert EMBARGO_WORD in tab.locator("main").inner_text()


@pytest.mark.browser
def test_the_header_s_search_form_shows_the_results_on_the_search_page_of_the_page_s_language(tab, site_url):
    tab.goto(site_url + "de/berichte/2023-spa-race-1/")
    tab.get_by_role("searchbox", name="Website durchsuchen").fill("Führung")
    tab.get_by_role("button", name="Suchen").click()
    tab.wait_for_url(site_url + "de/search/?q=F%C3%BChrung")
    assert results(tab) == ["/racing/de/berichte/2023-spa-race-1/"]


@pytest.mark.browser
def test_without_javascript_the_search_page_says_so_and_links_to_the_reports(browser, site_url):
    with new_tab(browser, java_script_enabled=False) as tab:
        tab.goto(site_url + "en/search/")
        assert "needs JavaScript" in tab.locator("main").inner_text()
        tab.get_by_role("link", name="Browse all reports").click()
        tab.wait_for_url(site_url + "en/reports/")


@pytest.mark.browser
@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_the_search_page_with_results_fits_390_pixels_and_has_no_axe_violation(browser, site_url, color_scheme):
    axe = tools.python_module("axe_playwright_python.sync_playwright", "axe-playwright-python").Axe()
    with new_tab(browser, viewport={"width": 390, "height": 844}, color_scheme=color_scheme) as tab:
        assert search(tab, site_url + "en/search/", "Spa")
        tab.locator(".pagefind-ui__filter-name", has_text="Driver").click()
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        assert [str(violation) for violation in axe_violations(tab, axe)] == []
