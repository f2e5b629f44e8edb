"""The kinds of page a site has: one declaration each, in the registry below.

A kind of page (a `PageType`) owns which pages of it exist (`keys`), where each lives
(`path`), in which languages, and what its template is given (`context`). Adding a kind
of page means writing one such class and listing it here.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..config import SiteConfig
from ..model import Site
from .base import (
    Alternate,
    Context,
    LanguageLink,
    Navigation,
    PageInfo,
    PageKey,
    PageKind,
    PageLink,
    PageType,
    Paths,
)
from .drivers import DriverListPage, DriverPage
from .events import CalendarPage, EventListPage, EventPage, SeasonPage, SeriesPage
from .reports import FEED_SIZE, HOME_SIZE, REPORTS_PER_PAGE, FeedPage, HomePage, ReportListPage, ReportPage
from .site_pages import FreePage, NotFoundPage, RobotsPage, RootPage, SearchPage, SitemapPage, navigation

PAGE_TYPES: Mapping[PageKind, PageType] = {
    page.kind: page
    for page in (
        RootPage(),
        HomePage(),
        ReportListPage(),
        ReportPage(),
        DriverListPage(),
        DriverPage(),
        EventListPage(),
        EventPage(),
        SeriesPage(),
        SeasonPage(),
        FreePage(),
        NotFoundPage(),
        SearchPage(),
        FeedPage(),
        CalendarPage(),
        SitemapPage(),
        RobotsPage(),
    )
}
assert set(PAGE_TYPES) == set(PageKind), "every kind of page is declared once"


def site_paths(config: SiteConfig) -> Paths:
    return Paths(config, PAGE_TYPES)


def all_page_keys(site: Site) -> list[PageKey]:
    return [key for page_type in PAGE_TYPES.values() for key in page_type.keys(site)]


def page_info(site: Site, paths: Paths, key: PageKey) -> PageInfo:
    page_type = PAGE_TYPES[key.kind]
    existing = page_type.existing_languages(site, key)
    switcher = tuple(
        LanguageLink(lang, page_type.path(paths, PageKey(key.kind, lang, key.id)), True)
        if lang in existing
        else LanguageLink(lang, page_type.fallback(site, paths, key, lang), False)
        for lang in site.languages
        if lang != key.lang and key.lang
    )
    path = page_type.path(paths, key)
    lang = key.lang or site.config.default_language
    return PageInfo(
        key=key,
        lang=lang,
        path=path,
        section=page_type.section,
        title=page_type.title(site, key),
        description=page_type.description(site, PageKey(key.kind, lang, key.id)),
        canonical=paths.absolute(path),
        alternates=page_type.alternates(site, paths, key),
        switcher=switcher,
        link_prefix=page_type.link_prefix(site),
    )


__all__ = [
    "FEED_SIZE",
    "HOME_SIZE",
    "PAGE_TYPES",
    "REPORTS_PER_PAGE",
    "Alternate",
    "Context",
    "LanguageLink",
    "Navigation",
    "PageInfo",
    "PageKey",
    "PageKind",
    "PageLink",
    "PageType",
    "Paths",
    "all_page_keys",
    "navigation",
    "page_info",
    "site_paths",
]
