"""The theme's layout in headless Chromium: tables of the example site at a desktop and a phone width."""

from __future__ import annotations

import pytest
from webcheck.browser import new_tab
from webcheck.server import serve

TABLE_PAGES = (
    "en/reports/2024-daytona-24/",
    "de/berichte/2009-okayama-race-2/",
    "en/drivers/dirk-mueller/",
    "de/fahrer/sheldon-van-der-linde/",
    "en/drivers/",
    "de/fahrer/",
)
SHORT_COLUMNS = ("Result", "Car", "Class", "Date", "Grid", "Laps", "Fastest lap")
SHORT_COLUMNS_DE = ("Ergebnis", "Fahrzeug", "Klasse", "Datum", "Startplatz", "Runden", "Schnellste Runde")
# The text of every cell of a short column that the browser broke across lines.
WRAPPED_SHORT_CELLS = """labels => [...document.querySelectorAll("td[data-label]")]
  .filter(cell => labels.includes(cell.dataset.label)).flatMap(cell => {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const wrapped = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
    if (lines.size > 1) wrapped.push(node.textContent.trim());
  }
  return wrapped;
})"""
# Every table that is wider than the space it has (the reader would have to scroll sideways).
OVERFLOWING_TABLES = """() => [...document.querySelectorAll(".table-scroll")]
  .filter(region => region.scrollWidth > region.clientWidth)
  .map(region => region.getAttribute("aria-label") || region.getAttribute("aria-labelledby"))"""


@pytest.fixture(scope="module")
def example_url(built_sites):
    example = built_sites["example"]
    with serve(example.output, example.base_path) as url:
        yield url


@pytest.mark.browser
def test_short_cells_do_not_wrap_at_desktop_width(browser, example_url):
    with new_tab(browser, viewport={"width": 1280, "height": 900}) as tab:
        for path in TABLE_PAGES:
            tab.goto(example_url + path)
            assert tab.evaluate(WRAPPED_SHORT_CELLS, [*SHORT_COLUMNS, *SHORT_COLUMNS_DE]) == [], path


@pytest.mark.browser
def test_every_table_fits_a_phone_as_cards(browser, example_url):
    with new_tab(browser, viewport={"width": 390, "height": 900}) as tab:
        for path in TABLE_PAGES:
            tab.goto(example_url + path)
            assert tab.evaluate(OVERFLOWING_TABLES) == [], path
            assert tab.evaluate("getComputedStyle(document.querySelector('tbody tr')).display") != "table-row", path
