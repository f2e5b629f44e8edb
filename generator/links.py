"""`pitboard check`: every internal link, image, script and stylesheet of the rendered site resolves.

Links are read from the rendered HTML pages (href of a and link, src of img and script)
and resolved as a browser would: relative to the page, root-relative, or absolute under
base_url, which is where the site is published. Links to other sites are not followed.
A fragment must name an element id (or an <a name>) of the page it points to.

A broken link is reported at its origin: the Markdown file whose body holds it, else the
template that renders the page (at the line that names the target, when one does).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from .diagnostics import FILE_START, Diagnostic, Position
from .model import Site
from .pages import PAGE_TYPES, PageKey
from .theme_files import ThemeFiles

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src"}
WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class LinkedPage:
    """A rendered HTML page as the link check sees it."""

    path: str  # relative to the output folder
    key: PageKey
    links: tuple[str, ...]
    ids: frozenset[str]


@dataclass(frozen=True, slots=True)
class Broken:
    """A link that does not resolve, where it was found and why."""

    page: LinkedPage
    url: str
    target: str  # the path it names, below base_url's path where it points into the site
    reason: str


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value for name, value in attrs if value is not None}
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.ids.add(attributes["name"])
        url = attributes.get(LINK_ATTRIBUTES.get(tag, ""))
        if url is not None:
            self.links.append(url)

    handle_startendtag = handle_starttag


def read_page(path: str, key: PageKey, content: bytes) -> LinkedPage:
    parser = _LinkParser()
    parser.feed(content.decode("utf-8"))
    parser.close()
    return LinkedPage(path, key, tuple(parser.links), frozenset(parser.ids))


def broken_links(pages: Iterable[LinkedPage], files: Iterable[str], base_url: str) -> Iterator[Broken]:
    """Every link of `pages` that names no file of the site (`files`) or no id on the page it names."""
    pages = list(pages)
    existing = set(files)
    ids = {page.path: page.ids for page in pages}
    base = urlsplit(base_url)
    for page in pages:
        for url in page.links:
            try:
                target = urlsplit(urljoin(base_url + page.path, url.strip()))
            except ValueError:  # urllib refuses it, e.g. a '[' that starts no IPv6 address
                yield Broken(page, url, "", "it is not a valid URL")
                continue
            if target.scheme not in WEB_SCHEMES or target.netloc != base.netloc:
                continue
            if not target.path.startswith(base.path):
                yield Broken(page, url, target.path, f"it points outside the site, whose pages are below {base.path}")
                continue
            path = unquote(target.path[len(base.path) :])
            reason = _problem(path, unquote(target.fragment), existing, ids)
            if reason is not None:
                yield Broken(page, url, path, reason)


def _problem(path: str, fragment: str, existing: set[str], ids: dict[str, frozenset[str]]) -> str | None:
    """Why a link to `path#fragment` of the site does not resolve; None when it does."""
    found = _file_for(path, existing)
    if found is None:
        return f"the site has no {path or 'index.html'}"
    if fragment and found in ids and fragment not in ids[found]:
        return f"{found} has no element with id '{fragment}'"
    return None


def _file_for(path: str, existing: set[str]) -> str | None:
    """The file a server sends for `path`: itself, or the index.html of the folder it names."""
    candidates = [path + "index.html"] if path == "" or path.endswith("/") else [path, path + "/index.html"]
    return next((candidate for candidate in candidates if candidate in existing), None)


def link_diagnostics(broken: Iterable[Broken], site: Site, theme: ThemeFiles) -> list[Diagnostic]:
    """One diagnostic an origin and target, naming the first page it breaks on and how many more."""
    grouped: dict[tuple[str, Position, str], list[Broken]] = {}
    template_lines: dict[tuple[str, str], tuple[str, Position]] = {}  # one search of the templates a target
    for item in broken:
        path, position = _origin(item, site, theme, template_lines)
        grouped.setdefault((path, position, item.reason), []).append(item)
    problems = []
    for (path, position, reason), items in grouped.items():
        first = items[0]
        more = f" and {len(items) - 1} other page{'s' if len(items) > 2 else ''}" if len(items) > 1 else ""
        problems.append(Diagnostic(path, position, f"broken link '{first.url}' on {first.page.path}{more}: {reason}"))
    return problems


def _origin(
    item: Broken, site: Site, theme: ThemeFiles, template_lines: dict[tuple[str, str], tuple[str, Position]]
) -> tuple[str, Position]:
    """Where a broken link was written: a Markdown source of the page, else its template."""
    for source, body_html in PAGE_TYPES[item.page.key.kind].markdown_sources(site, item.page.key):
        if item.url in body_html or html.escape(item.url) in body_html:
            text = (site.config.root / source).read_text(encoding="utf-8")
            return source, _position_in(text, item.url) or FILE_START
    template = PAGE_TYPES[item.page.key.kind].template
    assert template is not None  # links are checked in HTML pages, each rendered from a template
    if (template, item.target) not in template_lines:
        template_lines[template, item.target] = _template_naming(theme, template, item.target)
    return template_lines[template, item.target]


def _template_naming(theme: ThemeFiles, template: str, target: str) -> tuple[str, Position]:
    """The first line of the page's template, else of any template, that names the link's target.

    Templates are the theme's files as the site has them, each from the layer that wins it.
    Where none names the target, the page's template at its start.
    """
    page_template = theme.find(template)
    assert page_template is not None  # the page was rendered from it
    if target:
        others = [file for file in theme.merged() if file.name.endswith((".html", ".xml")) and file != page_template]
        for file in [page_template, *others]:
            position = _position_in(file.content.decode("utf-8"), target)
            if position is not None:
                return file.shown, position
    return page_template.shown, FILE_START


def _position_in(text: str, wanted: str) -> Position | None:
    """Where `wanted` first stands in `text` (in lines as editors count them: at line feeds)."""
    for number, line in enumerate(text.split("\n"), start=1):
        column = line.find(wanted)
        if column >= 0:
            return Position(number, column + 1)
    return None
