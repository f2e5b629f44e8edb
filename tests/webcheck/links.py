"""Every internal link, image, stylesheet and script of a built site, resolved on disk.

A page's links are resolved against the URL the page has when the site is served at
`base_url`: `de/x/index.html` is `<base_url>de/x/`. The 404 page, which a server shows at
any path, is resolved as if shown at a missing address deep below base_url, so only
links that work from any path pass. A link is internal when it points below base_url;
one to the same host outside base_url's path is broken, other hosts are external.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

from bs4 import BeautifulSoup

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src"}
NOT_FOUND_PAGE = "404.html"
ANY_MISSING_ADDRESS = "no/such/folder/page/"
UNCHECKED_SCHEMES = {"mailto", "tel"}


@dataclass(frozen=True, slots=True)
class BrokenLink:
    page: str
    link: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.reason}"


@dataclass(slots=True)
class LinkReport:
    checked: int = 0
    broken: list[BrokenLink] = field(default_factory=list)


def links_of(html: str) -> list[str]:
    """Every URL a page links to with a[href], link[href], img[src] or script[src], in order."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        element[LINK_ATTRIBUTES[element.name]]
        for element in soup.find_all(list(LINK_ATTRIBUTES))
        if element.has_attr(LINK_ATTRIBUTES[element.name])
    ]


class LinkChecker:
    """Checks the links of every HTML page in `output`, a site built for `base_url`."""

    def __init__(self, output: Path, base_url: str):
        self.output = output
        self.base_url = base_url
        self.ids: dict[str, frozenset[str]] = {}

    def check_site(self) -> LinkReport:
        report = LinkReport()
        for page in sorted(self.output.rglob("*.html")):
            self.check_page(page, report)
        return report

    def check_page(self, page: Path, report: LinkReport) -> None:
        relative = page.relative_to(self.output).as_posix()
        for link in links_of(page.read_text(encoding="utf-8")):
            target = self.resolve(relative, link)
            if urlparse(target).scheme in UNCHECKED_SCHEMES or not self.is_internal(target):
                continue
            report.checked += 1
            reason = self.problem(target)
            if reason:
                report.broken.append(BrokenLink(relative, link, reason))

    def resolve(self, relative: str, link: str) -> str:
        """The absolute URL a link of a page goes to; a fragment-only link stays on the page."""
        if link.startswith("#"):
            return self.base_url + relative + link
        if relative == NOT_FOUND_PAGE:
            return urljoin(self.base_url + ANY_MISSING_ADDRESS, link)
        return urljoin(self.base_url + relative.removesuffix("index.html"), link)

    def is_internal(self, url: str) -> bool:
        return urlparse(url).netloc == urlparse(self.base_url).netloc

    def problem(self, url: str) -> str | None:
        """Why `url` does not resolve to a file of the output (with its fragment), or None."""
        address, fragment = urldefrag(url)
        if not address.startswith(self.base_url):
            return f"outside the site's path {urlparse(self.base_url).path}"
        relative = unquote(address.removeprefix(self.base_url))
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        if not (self.output / relative).is_file():
            return f"no file {relative} in the output"
        if fragment and unquote(fragment) not in self.ids_of(relative):
            return f"no element with id '{unquote(fragment)}' in {relative}"
        return None

    def ids_of(self, relative: str) -> frozenset[str]:
        if relative not in self.ids:
            soup = BeautifulSoup((self.output / relative).read_text(encoding="utf-8"), "html.parser")
            self.ids[relative] = frozenset(element["id"] for element in soup.find_all(id=True))
        return self.ids[relative]
