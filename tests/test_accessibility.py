"""axe-core in headless Chromium: no violation on any page of any built site, in every
language, at a desktop and a phone width, in the theme's light and dark colour schemes."""

from __future__ import annotations

from contextlib import ExitStack

import pytest
from conftest import CHECKED_SITES
from webcheck import tools
from webcheck.browser import axe_violations, block_page_scripts, new_tab
from webcheck.figures import count
from webcheck.server import serve

WIDTHS = (1280, 390)
COLOR_SCHEMES = ("light", "dark")
PER_LANGUAGE_KINDS = {"home", "reports", "report", "drivers", "driver", "events", "event", "series", "season", "page"}
PER_LANGUAGE_KINDS |= {"search"}  # on a site with search, as every fixture site is
SHARED_KINDS = {"root", "404"}  # one page for all languages, in the default language
INACCESSIBLE_PAGE = """<!DOCTYPE html>
<html><head><title>Bad</title></head>
<body><main><img src="photo.jpg"><p style="color: #bbb; background: #fff">Pale text</p></main></body></html>
"""


@pytest.fixture(scope="module")
def axe():
    return tools.python_module("axe_playwright_python.sync_playwright", "axe-playwright-python").Axe()


@pytest.fixture(scope="module")
def served_sites(built_sites):
    """Each built site served under the path of its base_url: name -> URL of the site."""
    with ExitStack() as stack:
        yield {name: stack.enter_context(serve(site.output, site.base_path)) for name, site in built_sites.items()}


def test_the_audited_pages_are_every_page_and_cover_every_page_type_in_every_language(built_sites):
    for site in built_sites.values():
        assert sorted(page.file for page in site.pages) == site.html_files()
    covered = {(page.kind, page.lang) for site in built_sites.values() for page in site.pages}
    languages = {lang for site in built_sites.values() for lang in site.languages}
    assert {kind for kind, _ in covered} == PER_LANGUAGE_KINDS | SHARED_KINDS
    assert covered >= {(kind, lang) for kind in PER_LANGUAGE_KINDS for lang in languages}


@pytest.mark.browser
@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("site_name", CHECKED_SITES)
def test_no_page_has_an_axe_violation(site_name, width, color_scheme, built_sites, served_sites, browser, axe):
    site, site_url = built_sites[site_name], served_sites[site_name]
    found = []
    with new_tab(browser, viewport={"width": width, "height": 900}, color_scheme=color_scheme) as tab:
        for page in site.pages:
            if page.kind == "root":  # audit the language choice, not the page its script redirects to
                block_page_scripts(tab, site_url + page.path)
            response = tab.goto(site_url + page.path)
            assert response.ok and tab.locator("html").get_attribute("lang") == page.lang, page.path
            found += [f"{page.path or '/'}: {violation}" for violation in axe_violations(tab, axe)]
    count("axe: page audits (pages x widths x colour schemes)", len(site.pages))
    count("axe: violations", len(found))
    assert not found, "\n".join(found)


@pytest.mark.browser
def test_axe_reports_a_missing_alt_text_and_poor_contrast(browser, axe):
    with new_tab(browser) as tab:
        tab.set_content(INACCESSIBLE_PAGE)
        rules = {violation.rule for violation in axe_violations(tab, axe)}
    assert {"image-alt", "color-contrast", "html-has-lang"} <= rules
