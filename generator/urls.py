"""The output layout of spec section 4: where every page lives, and links between pages.

Paths are relative to the site root and end in '/' for pages ('de/reports/x/'), which are
written as '<path>index.html'. Pages link to each other with relative URLs, so the site
works at a server's root and under the path of base_url alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import SiteConfig

REPORTS_PER_PAGE = 20


@dataclass(frozen=True, slots=True)
class Urls:
    config: SiteConfig

    def home(self, lang: str) -> str:
        return f"{lang}/"

    def section(self, lang: str, section: str) -> str:
        return f"{lang}/{self.config.language(lang).section(section)}/"

    def report_list(self, lang: str, number: int = 1) -> str:
        first = self.section(lang, "reports")
        return first if number == 1 else f"{first}page/{number}/"

    def report(self, lang: str, report_id: str) -> str:
        return f"{self.section(lang, 'reports')}{report_id}/"

    def driver(self, lang: str, driver_id: str) -> str:
        return f"{self.section(lang, 'drivers')}{driver_id}/"

    def event(self, lang: str, event_id: str) -> str:
        return f"{self.section(lang, 'events')}{event_id}/"

    def series(self, lang: str, series_id: str) -> str:
        return f"{self.section(lang, 'series')}{series_id}/"

    def season(self, lang: str, year: int) -> str:
        return f"{self.section(lang, 'seasons')}{year}/"

    def page(self, lang: str, page_id: str) -> str:
        return f"{lang}/{page_id}/"

    def feed(self, lang: str) -> str:
        return f"{lang}/feed.xml"

    def absolute(self, path: str) -> str:
        return self.config.base_url + path


def output_file(path: str) -> str:
    """The file a page path is written to: 'de/x/' -> 'de/x/index.html'."""
    return f"{path}index.html" if path == "" or path.endswith("/") else path


def relative_url(from_page: str, to_path: str) -> str:
    """A link from the page at `from_page` to `to_path`, as a relative URL."""
    from_folder = from_page.rsplit("/", 1)[0].split("/") if "/" in from_page else []
    target = to_path.split("/")
    common = 0
    for mine, theirs in zip(from_folder, target[:-1], strict=False):
        if mine != theirs:
            break
        common += 1
    up = "../" * (len(from_folder) - common)
    rest = "/".join(target[common:])
    return (up + rest) or "./"
