"""A built site as the checks see it: its output folder, its base_url and its pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup

from generator.build import load_site
from generator.config import load_config
from generator.pages import PAGE_TYPES, all_page_keys, site_paths
from generator.publication import Publication
from generator.urls import output_file


@dataclass(frozen=True, slots=True)
class SitePage:
    """One HTML page: its kind (as in generator.pages), language and path below base_url."""

    kind: str
    lang: str
    path: str

    @property
    def file(self) -> str:
        return output_file(self.path)


@dataclass(frozen=True)
class BuiltSite:
    name: str
    output: Path
    base_url: str
    languages: tuple[str, ...]
    pages: tuple[SitePage, ...]
    html_langs: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def base_path(self) -> str:
        return urlparse(self.base_url).path

    def html_files(self) -> list[str]:
        return sorted(path.relative_to(self.output).as_posix() for path in self.output.rglob("*.html"))

    def url(self, page: SitePage) -> str:
        return self.base_url + page.path

    def html_lang_at(self, url: str) -> str | None:
        """The `<html lang>` of the page an absolute URL of the site shows; None if no page is there."""
        if url not in self.html_langs:
            self.html_langs[url] = self._read_html_lang(url)
        return self.html_langs[url]

    def _read_html_lang(self, url: str) -> str | None:
        if not url.startswith(self.base_url):
            return None
        file = self.output / output_file(url.removeprefix(self.base_url))
        if not file.is_file():
            return None
        html = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find("html")
        return html.get("lang") if html else None


def describe_built_site(name: str, root: Path, output: Path, future: bool = False) -> BuiltSite:
    """The site of `root`, built into `output` (with --future if `future`), with every HTML page the generator makes."""
    config = load_config(root)
    paths = site_paths(config)
    pages = tuple(
        SitePage(key.kind.value, key.lang or config.default_language, paths.of_key(key))
        for key in all_page_keys(load_site(config, Publication(future=future)).site)
        if (PAGE_TYPES[key.kind].template or "").endswith(".html")
    )
    return BuiltSite(name, output, config.base_url, config.language_codes, pages)
