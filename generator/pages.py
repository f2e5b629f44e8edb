"""The kinds of page a site has, and what each one hands its template.

A page is named by a PageKey (kind, language, id). Its PageType knows which keys exist,
where the page lives, in which languages it exists, and builds the template context
from the resolved site. Nothing here touches the disk or computes anything twice that
the resolver already indexed.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .markup import Mention, MentionMatcher
from .model import Driver, Report, Site
from .urls import Urls, relative_url


@dataclass(frozen=True, slots=True, order=True)
class PageKey:
    kind: str
    lang: str = ""
    id: str = ""


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """The switcher's link to another language: the same page, or a fallback if untranslated."""

    lang: str
    path: str
    translated: bool


@dataclass(frozen=True, slots=True)
class Alternate:
    hreflang: str
    url: str


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What every page's base template needs: where it is and its other languages."""

    key: PageKey
    lang: str
    path: str
    title: str
    description: str
    canonical: str
    alternates: tuple[Alternate, ...]
    languages: tuple[LanguageLink, ...]


class PageType(ABC):
    """One kind of page; subclasses fill in what differs."""

    kind: str
    template: str

    @abstractmethod
    def keys(self, site: Site) -> Iterator[PageKey]:
        """Every page of this kind the site has."""

    @abstractmethod
    def path(self, urls: Urls, key: PageKey) -> str:
        """Where the page lives, relative to the site root."""

    def languages(self, site: Site, key: PageKey) -> tuple[str, ...]:
        """The languages in which this page exists."""
        return site.languages

    def fallback(self, site: Site, urls: Urls, key: PageKey, lang: str) -> str:
        """Where the language switcher goes for a language the page does not exist in."""
        return urls.home(lang)

    @abstractmethod
    def title(self, site: Site, key: PageKey) -> str:
        """The page's title (in its language)."""

    def description(self, site: Site, key: PageKey) -> str:
        return site.config.language(key.lang).description or ""

    @abstractmethod
    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        """What the template gets besides `page`."""


class ReportPage(PageType):
    kind = "report"
    template = "report.html"

    def keys(self, site: Site) -> Iterator[PageKey]:
        for report in site.reports:
            for translation in report.translations:
                yield PageKey(self.kind, translation.lang, report.id)

    def path(self, urls: Urls, key: PageKey) -> str:
        return urls.report(key.lang, key.id)

    def languages(self, site: Site, key: PageKey) -> tuple[str, ...]:
        return site.report_by_id[key.id].languages

    def fallback(self, site: Site, urls: Urls, key: PageKey, lang: str) -> str:
        return urls.event(lang, site.report_by_id[key.id].event.id)

    def title(self, site: Site, key: PageKey) -> str:
        return site.report_by_id[key.id].translation(key.lang).title

    def description(self, site: Site, key: PageKey) -> str:
        return site.report_by_id[key.id].translation(key.lang).summary

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        report = site.report_by_id[key.id]
        translation = report.translation(key.lang)
        here = self.path(urls, key)
        return {
            "report": report,
            "translation": translation,
            "other_translations": [t for t in report.translations if t.lang != key.lang],
            "body": link_mentions(translation.body_html, translation.mentions, lambda d: relative_url(here, urls.driver(key.lang, d))),
        }


def link_mentions(markup: str, drivers: Iterable[Driver], href) -> str:
    """The first mention of each driver in `markup` linked to `href(driver_id)`."""
    mentions = [Mention(text, driver.id) for driver in drivers for text in (driver.name, *driver.aliases)]
    return MentionMatcher(mentions).link(markup, href)


PAGE_TYPES: dict[str, PageType] = {page.kind: page for page in (ReportPage(),)}


def page_info(site: Site, urls: Urls, page_type: PageType, key: PageKey) -> PageInfo:
    path = page_type.path(urls, key)
    existing = page_type.languages(site, key)
    alternates = [Alternate(lang, urls.absolute(page_type.path(urls, PageKey(key.kind, lang, key.id)))) for lang in existing]
    default = site.config.default_language if site.config.default_language in existing else existing[0]
    alternates.append(Alternate("x-default", urls.absolute(page_type.path(urls, PageKey(key.kind, default, key.id)))))
    switcher = tuple(
        LanguageLink(lang, page_type.path(urls, PageKey(key.kind, lang, key.id)), True)
        if lang in existing
        else LanguageLink(lang, page_type.fallback(site, urls, key, lang), False)
        for lang in site.languages
        if lang != key.lang
    )
    return PageInfo(
        key=key,
        lang=key.lang,
        path=path,
        title=page_type.title(site, key),
        description=page_type.description(site, key),
        canonical=urls.absolute(path),
        alternates=tuple(alternates),
        languages=switcher,
    )


def all_page_keys(site: Site) -> list[PageKey]:
    return [key for page_type in PAGE_TYPES.values() for key in page_type.keys(site)]
