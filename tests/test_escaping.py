"""Escaping (issue 12, point 5; spec section 7): any text in any field that reaches a page comes back
unchanged when the output is read with a real parser — html5lib for HTML text and attributes, json for
JSON-LD, an XML parser and feedparser for Atom and the sitemap — and injects no element, attribute or
key: every output file has the shape it has with plain text in those fields. A text no page can carry
(controls, noncharacters) or a blank one is refused instead. Markdown bodies never emit a script,
an event handler, or a javascript: or data: URL.

Each output format is one `OutputFormat` in FORMATS; a new one (the iCalendar feed) is one more case.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import html5lib
import pytest
from fuzz.harness import FuzzSite, assert_errors_only
from fuzz.regressions import examples
from fuzz.strategies import REPORT, TRANSLATION, Document, hostile_text, markdown_soup
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.characters import first_unshowable
from generator.markup import MarkdownRenderer, markdown_problem
from generator.typography import typeset_text

pytestmark = pytest.mark.fuzz

REPORT_PAGE = "en/reports/2024-spa-race-1/index.html"
PLAIN = "Plain text"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class Shown:
    """What each field must read as on the site, for one text put into every field."""

    text: str
    base_url: str

    @property
    def typeset(self) -> str:
        """Titles and summaries get typographic quotes and dashes."""
        return typeset_text(self.text, "en")


def base_url_for(text: str) -> str:
    """A base URL with the text in its path (a URL holds no white space)."""
    path = re.sub(r"\s", "", text) or "x"
    return f"https://example.org/{path}/"


def fill_site(root: Path, text: str) -> None:
    """The fuzz site with `text` in every field that reaches a page, and no body (a body could name a
    driver, and a mention adds a link)."""
    report = Document.read(REPORT)
    entry = {**report.data["entries"][0], "car": text, "class": text, "team": text}
    write(root, report, {**report.data, "title": text, "summary": text, "entries": [entry]}, body="")
    write(root, Document.read(TRANSLATION), Document.read(TRANSLATION).data, body="")
    page = Document.read("content/pages/about.en.md")
    write(root, page, {**page.data, "title": text}, body="")
    driver = Document.read("content/drivers/ana-lima.yaml")
    write(root, driver, {**driver.data, "name": text})
    event = Document.read("content/events/2024-spa.yaml")
    races = [{**event.data["races"][0], "name": text}, event.data["races"][1]]
    write(root, event, {**event.data, "name": text, "circuit": text, "races": races})
    series = Document.read("content/series/gt-cup.yaml")
    write(root, series, {**series.data, "name": text})
    config = Document.read("site.toml")
    english = {**config.data["languages"]["en"], "title": text, "description": text}
    languages = {**config.data["languages"], "en": english}
    write(root, config, {**config.data, "base_url": base_url_for(text), "languages": languages})


def write(root: Path, document: Document, data: dict, body: str | None = None) -> None:
    changed = Document(document.relative, data, document.body if body is None else body)
    (root / document.relative).write_bytes(changed.encode())


# --- reading the output back ------------------------------------------------------------------------


def parse_html(content: bytes) -> ElementTree.Element:
    return html5lib.parse(content, treebuilder="etree", namespaceHTMLElements=False)


def html_shape(document: ElementTree.Element) -> list[tuple[str, tuple[str, ...]]]:
    return [(element.tag, tuple(sorted(element.attrib))) for element in document.iter()]


def text_of(element: ElementTree.Element | None) -> str:
    assert element is not None
    return "".join(element.itertext())


def find(document: ElementTree.Element, path: str) -> ElementTree.Element:
    found = document.find(path)
    assert found is not None, f"no {path}"
    return found


def meta(document: ElementTree.Element, attribute: str, name: str) -> str:
    return find(document, f".//meta[@{attribute}='{name}']").get("content", "")


def html_shows(document: ElementTree.Element, path: str, shown: Shown) -> Iterator[tuple[str, str, str]]:
    """(where, found, expected) for every place of an English HTML page that shows a field."""
    if not path.startswith("en/"):
        return
    yield "site title in the header", text_of(document.find(".//a[@class='site-title']")), shown.text
    yield "og:site_name", meta(document, "property", "og:site_name"), shown.text
    yield "free page in the footer", text_of(document.find(".//ul[@class='footer-links']/li/a")), shown.typeset
    yield "canonical URL", find(document, ".//link[@rel='canonical']").get("href", ""), shown.base_url + _page(path)
    yield from PAGE_SHOWS.get(path, lambda document, shown: iter(()))(document, shown)


def _page(path: str) -> str:
    return path.removesuffix("index.html")


def report_page_shows(document: ElementTree.Element, shown: Shown) -> Iterator[tuple[str, str, str]]:
    yield "report title", text_of(document.find(".//article//header/h1")), shown.typeset
    yield "report title in <title>", text_of(document.find(".//title")), f"{shown.typeset} – {shown.text}"
    yield "og:title", meta(document, "property", "og:title"), shown.typeset
    yield "summary as description", meta(document, "name", "description"), shown.typeset
    yield "og:description", meta(document, "property", "og:description"), shown.typeset
    yield "event in the kicker", text_of(document.find(".//p[@class='kicker']/a")), shown.text
    yield "race in the kicker", text_of(document.find(".//span[@class='race-name']")), shown.text
    cells = find(document, ".//tbody/tr").findall("td")
    car_number = find(cells[1], ".//span[@class='car-number']")
    car = (car_number.tail or "").removeprefix(" ")
    if cells[1].find(".//span[@class='team']") is not None:
        car = car.removesuffix(" ")  # the space that keeps the car and the team apart as words
    yield "car", car, shown.text
    yield "team", text_of(cells[1].find(".//span[@class='team']")), shown.text
    yield "class", text_of(cells[2]), shown.text
    yield "driver in the results", text_of(cells[3].find(".//a")), shown.text


def driver_page_shows(document: ElementTree.Element, shown: Shown) -> Iterator[tuple[str, str, str]]:
    yield "driver name", text_of(document.find(".//article//header/h1")), shown.text


def event_page_shows(document: ElementTree.Element, shown: Shown) -> Iterator[tuple[str, str, str]]:
    yield "event name", text_of(document.find(".//article//header/h1")), shown.text
    facts = {text_of(item.find("dt")): text_of(item.find("dd")) for item in document.iterfind(".//dl/div")}
    yield "circuit", facts.get("Circuit", ""), shown.text
    yield "race name", find(document, ".//ul[@class='race-list']/li").text or "", f"{shown.text} · "


def series_page_shows(document: ElementTree.Element, shown: Shown) -> Iterator[tuple[str, str, str]]:
    yield "series name", text_of(document.find(".//article//header/h1")), shown.text


def free_page_shows(document: ElementTree.Element, shown: Shown) -> Iterator[tuple[str, str, str]]:
    yield "free page title", text_of(document.find(".//article//header/h1")), shown.typeset


def home_page_shows(document: ElementTree.Element, shown: Shown) -> Iterator[tuple[str, str, str]]:
    yield "site description", meta(document, "name", "description"), shown.text
    yield "site description in the lead", text_of(document.find(".//p[@class='lead']")), shown.text


PAGE_SHOWS: dict[str, Callable[[ElementTree.Element, Shown], Iterator[tuple[str, str, str]]]] = {
    REPORT_PAGE: report_page_shows,
    "en/drivers/ana-lima/index.html": driver_page_shows,
    "en/events/2024-spa/index.html": event_page_shows,
    "en/series/gt-cup/index.html": series_page_shows,
    "en/about/index.html": free_page_shows,
    "en/index.html": home_page_shows,
}


def json_ld(content: bytes) -> object:
    (script,) = parse_html(content).iterfind(".//script[@type='application/ld+json']")
    return json.loads(script.text or "")


def json_ld_shows(data: object, path: str, shown: Shown) -> Iterator[tuple[str, str, str]]:
    assert isinstance(data, dict)
    yield "headline", data["headline"], shown.typeset
    yield "description", data["description"], shown.typeset
    yield "about", data["about"]["name"], f"{shown.text} – {shown.text}"  # event – race
    yield "location", data["about"]["location"]["name"], shown.text
    yield "competitor", data["about"]["competitor"][0]["name"], shown.text
    yield "publisher", data["publisher"]["name"], shown.text
    yield "url", data["url"], shown.base_url + _page(REPORT_PAGE)


def json_shape(data: object) -> object:
    """The keys at every level, and the length of every list."""
    if isinstance(data, dict):
        return {key: json_shape(value) for key, value in data.items()}
    if isinstance(data, list):
        return [json_shape(item) for item in data]
    return type(data).__name__


def parse_xml(content: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(content)


def xml_shape(document: ElementTree.Element) -> list[tuple[str, tuple[str, ...]]]:
    return [(element.tag, tuple(sorted(element.attrib))) for element in document.iter()]


def atom_shows(feed: ElementTree.Element, path: str, shown: Shown) -> Iterator[tuple[str, str, str]]:
    if path != "en/feed.xml":
        return
    yield "feed title", text_of(feed.find(f"{ATOM}title")), shown.text
    yield "feed subtitle", text_of(feed.find(f"{ATOM}subtitle")), shown.text
    entry = find(feed, f"{ATOM}entry")
    yield "entry title", text_of(entry.find(f"{ATOM}title")), shown.typeset
    yield "entry summary", text_of(entry.find(f"{ATOM}summary")), shown.typeset
    yield "entry link", find(entry, f"{ATOM}link").get("href", ""), shown.base_url + _page(REPORT_PAGE)


def read_atom(content: bytes) -> ElementTree.Element:
    """The feed as an XML parser reads it, once feedparser, as feed readers, found it well-formed with its
    entry. (feedparser's values are no measure of round trips: it strips them, and mends what it takes
    for text encoded twice.)"""
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.bozo_exception
    assert len(parsed.entries) == 1
    return parse_xml(content)


def sitemap_shows(sitemap: ElementTree.Element, path: str, shown: Shown) -> Iterator[tuple[str, str, str]]:
    for location in sitemap.iterfind(f"{SITEMAP}url/{SITEMAP}loc"):
        found = location.text or ""
        yield "sitemap location", found[: len(shown.base_url)], shown.base_url


@dataclass(frozen=True)
class OutputFormat:
    """One format of output file: which files, how a real parser reads them, where the fields show in
    them (as (where, found, expected)), and their shape, which no text in a field may change."""

    name: str
    files: Callable[[Path], list[str]]
    read: Callable[[bytes], Any]
    shows: Callable[[Any, str, Shown], Iterator[tuple[str, str, str]]]
    shape: Callable[[Any], object]


def html_files(output: Path) -> list[str]:
    return sorted(path.relative_to(output).as_posix() for path in output.rglob("*.html"))


def these(*paths: str) -> Callable[[Path], list[str]]:
    return lambda output: list(paths)


FORMATS = (
    OutputFormat("HTML", html_files, parse_html, html_shows, html_shape),
    OutputFormat("JSON-LD", these(REPORT_PAGE), json_ld, json_ld_shows, json_shape),
    OutputFormat("Atom", these("en/feed.xml", "de/feed.xml"), read_atom, atom_shows, xml_shape),
    OutputFormat("sitemap", these("sitemap.xml"), parse_xml, sitemap_shows, xml_shape),
)


# --- the property ------------------------------------------------------------------------------------


class EscapingSite:
    """The fuzz site, and the shape of every output file with plain text in the fields."""

    def __init__(self, site: FuzzSite, plain_shapes: dict[tuple[str, str], object]):
        self.site = site
        self.plain_shapes = plain_shapes

    def __repr__(self) -> str:  # a failing example names it; its shapes would fill a screen
        return "EscapingSite()"


@pytest.fixture(scope="module")
def escaping(tmp_path_factory: pytest.TempPathFactory) -> EscapingSite:
    site = FuzzSite.create(tmp_path_factory.mktemp("escaping"))
    fill_site(site.root, PLAIN)
    assert site.build().exit_code == 0
    return EscapingSite(site, shapes(site.output))


def shapes(output: Path) -> dict[tuple[str, str], object]:
    return {
        (form.name, path): form.shape(form.read((output / path).read_bytes()))
        for form in FORMATS
        for path in form.files(output)
    }


def refused(text: str) -> bool:
    return first_unshowable(text) is not None or not text.strip()


@settings(max_examples=examples(0.3))
@given(text=hostile_text)
def test_any_text_in_any_field_comes_back_unchanged_and_injects_nothing(escaping: EscapingSite, text: str) -> None:
    fill_site(escaping.site.root, text)
    outcome = escaping.site.build()
    if refused(text):
        assert_errors_only(outcome, escaping.site.root)
        return
    assert outcome.exit_code == 0, outcome.stderr
    shown = Shown(text, base_url_for(text))
    output = escaping.site.output
    for form in FORMATS:
        for path in form.files(output):
            document = form.read((output / path).read_bytes())
            shape = escaping.plain_shapes[form.name, path]
            assert form.shape(document) == shape, f"{form.name} {path}: something injected"
            for where, found, expected in form.shows(document, path, shown):
                assert found == expected, f"{form.name} {path}, {where}: {found!r} is not {expected!r}"


# --- Markdown bodies ---------------------------------------------------------------------------------

URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "cite", "background", "ping", "data")
SCRIPT_SCHEMES = ("javascript", "vbscript", "data")
ALLOWED_ELEMENTS = {
    "html",
    "head",
    "body",
    "p",
    "a",
    "img",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "hr",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "sup",
}


def browser_scheme(url: str) -> str:
    """The scheme a browser takes from an attribute: control characters and spaces around it dropped, tabs
    and line breaks inside it removed."""
    cleaned = re.sub(
        r"[\t\n\r]",
        "",
        url.strip(
            "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f "
            "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
        ),
    )
    return urlsplit(cleaned).scheme.lower() if ":" in cleaned else ""


def assert_safe_markup(markup: str) -> None:
    for element in parse_html(markup.encode()).iter():
        assert element.tag in ALLOWED_ELEMENTS, f"<{element.tag}> emitted"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name}={value!r} emitted"
            if name.lower() in URL_ATTRIBUTES:
                assert browser_scheme(value) not in SCRIPT_SCHEMES, f"{name}={value!r} emitted"


renderer = MarkdownRenderer(False, {})


@settings(max_examples=examples(1.0))
@given(body=markdown_soup | st.text())
def test_a_markdown_body_never_emits_a_script(body: str) -> None:
    assume(markdown_problem(body) is None)  # else refused, never converted
    markup = renderer.to_html(body, "en")
    assert_safe_markup(markup)


@pytest.mark.parametrize(
    "body",
    [
        "[x](java\tscript:alert(1))",
        "[x](&#x6a;avascript:alert(1))",
        "[x]( javascript:alert(1))",
        "![x](data:image/svg+xml,<svg/onload=alert(1)>)",
        "[x](https://ok.example/){: onclick=alert(1) }",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](vbscript:msgbox(1))",
    ],
)
def test_known_script_tricks_are_defused(body: str) -> None:
    assert_safe_markup(renderer.to_html(body, "en"))
