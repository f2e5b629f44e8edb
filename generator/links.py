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
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .diagnostics import FILE_START, Diagnostic, Position
from .model import Site
from .pages import PAGE_TYPES, PageKey
from .render import OutputFile
from .theme import TEMPLATE_DIR

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src"}
WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Page:
    """A rendered HTML page as the link check sees it."""

    path: str  # relative to the output folder
    key: PageKey
    links: tuple[str, ...]
    ids: frozenset[str]


@dataclass(frozen=True, slots=True)
class Broken:
    """A link that does not resolve, where it was found and why."""

    page: Page
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


def read_page(path: str, key: PageKey, content: bytes) -> Page:
    parser = _LinkParser()
    parser.feed(content.decode("utf-8"))
    parser.close()
    return Page(path, key, tuple(parser.links), frozenset(parser.ids))


def broken_links(pages: Iterable[Page], files: Iterable[str], base_url: str) -> Iterator[Broken]:
    """Every link of `pages` that names no file of the site (`files`) or no id on the page it names."""
    pages = list(pages)
    existing = set(files)
    ids = {page.path: page.ids for page in pages}
    base = urlsplit(base_url)
    for page in pages:
        for url in page.links:
            target = urlsplit(urljoin(base_url + page.path, url.strip()))
            if target.scheme not in WEB_SCHEMES or target.netloc != base.netloc:
                continue
            if not target.path.startswith(base.path):
                yield Broken(page, url, target.path, f"it points outside the site, whose pages are below {base.path}")
                continue
            path = unquote(target.path[len(base.path):])
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


def pages_of(files: Iterable[OutputFile], keys: dict[str, PageKey]) -> list[Page]:
    """The HTML pages among `files`, read for their links; `keys` names the page key of each path."""
    return [read_page(file.path, keys[file.path], file.content) for file in files if file.path.endswith(".html")]


def link_diagnostics(broken: Iterable[Broken], site: Site) -> list[Diagnostic]:
    """One diagnostic an origin and target, naming the first page it breaks on and how many more."""
    grouped: dict[tuple[str, Position, str], list[Broken]] = {}
    template_lines: dict[tuple[str, str], tuple[str, Position]] = {}  # one search of the templates a target
    for item in broken:
        path, position = _origin(item, site, template_lines)
        grouped.setdefault((path, position, item.reason), []).append(item)
    problems = []
    for (path, position, reason), items in grouped.items():
        first = items[0]
        more = f" and {len(items) - 1} other page{'s' if len(items) > 2 else ''}" if len(items) > 1 else ""
        problems.append(
            Diagnostic(path, position, f"broken link '{first.url}' on {first.page.path}{more}: {reason}")
        )
    return problems


def _origin(
    item: Broken, site: Site, template_lines: dict[tuple[str, str], tuple[str, Position]]
) -> tuple[str, Position]:
    """Where a broken link was written: a Markdown source of the page, else its template."""
    for source, body_html in _markdown_sources(site, item.page.key):
        if item.url in body_html or html.escape(item.url) in body_html:
            return source, _find(site.config.root / source, item.url) or FILE_START
    template = f"{TEMPLATE_DIR}/{PAGE_TYPES[item.page.key.kind].template}"
    if (template, item.target) not in template_lines:
        named = _template_naming(site.config.root, template, item.target)
        template_lines[template, item.target] = named if named is not None else (template, FILE_START)
    return template_lines[template, item.target]


def _markdown_sources(site: Site, key: PageKey) -> list[tuple[str, str]]:
    """(file, HTML of its Markdown) of what the page of `key` shows from content."""
    if key.kind == "report":
        translation = site.report_by_id[key.id].translation(key.lang)
        return [(translation.path, translation.body_html)]
    if key.kind == "page":
        translation = site.page_by_id[key.id].translation(key.lang)
        return [(translation.path, translation.body_html)]
    if key.kind == "driver":
        driver = site.driver_by_id[key.id]
        return [(driver.path, text) for _, text in driver.bio_html.texts] if driver.bio_html else []
    return []


def _template_naming(root: Path, template: str, target: str) -> tuple[str, Position] | None:
    """The first line of the page's template, else of any template, that names the link's target."""
    if not target:
        return None
    folder = root / TEMPLATE_DIR
    others = sorted(path for path in folder.rglob("*") if path.is_file() and path.suffix in (".html", ".xml"))
    for path in [root / template, *others]:
        position = _find(path, target)
        if position is not None:
            return path.relative_to(root).as_posix(), position
    return None


def _find(path: Path, text: str) -> Position | None:
    """Where `text` first stands in the file at `path`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        column = line.find(text)
        if column >= 0:
            return Position(number, column + 1)
    return None
