"""The kinds of page a site has, and what each one hands its template.

A page is named by a PageKey (kind, language, id). Its PageType knows which keys exist,
where the page lives, in which languages it exists, which entities it shows (so a change
re-renders only the pages that show it), and builds the template context from the
resolved site. Nothing here touches the disk.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

from .markup import Mention, MentionMatcher
from .model import Driver, Report, Site
from .urls import REPORTS_PER_PAGE, Urls, relative_url
from .views import (
    events_by_season,
    localized_html,
    report_items,
    reports_by_race,
    results_by_season,
)

FEED_SIZE = 20
HOME_SIZE = 10

Ref = tuple[str, str]  # (entity kind, id): what a page shows


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
    """What every page's base template needs: where it is and its other languages.

    `link_prefix` is None for pages that link relatively; the 404 page, which a server
    shows at any path, links from the path of base_url instead.
    """

    key: PageKey
    lang: str
    path: str
    section: str
    title: str
    description: str
    canonical: str
    alternates: tuple[Alternate, ...]
    languages: tuple[LanguageLink, ...]
    link_prefix: str | None = None

    def link(self, target: str) -> str:
        if self.link_prefix is not None:
            return self.link_prefix + target
        return relative_url(self.path, target)


@dataclass(frozen=True, slots=True)
class PageLink:
    """A free page as every page's footer links to it."""

    title: str
    path: str


@dataclass(frozen=True, slots=True)
class Navigation:
    """The site-wide links of one language: sections, feed and free pages.

    It holds only what the pages show of it, so a change to it is a change of every page.
    """

    lang: str
    home: str
    reports: str
    drivers: str
    events: str
    feed: str
    pages: tuple[PageLink, ...]


class PageType(ABC):
    """One kind of page; subclasses fill in what differs."""

    kind: str
    template: str
    section: str = ""
    in_sitemap: bool = True

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

    def title(self, site: Site, key: PageKey) -> str:
        """The title of an entity's page; pages titled by a UI string set it in the template."""
        return ""

    def description(self, site: Site, key: PageKey) -> str:
        return site.config.language(key.lang).description or ""

    def alternates(self, site: Site, urls: Urls, key: PageKey) -> tuple[Alternate, ...]:
        """hreflang alternates: every language version, and x-default."""
        existing = self.languages(site, key)
        versions = [Alternate(lang, urls.absolute(self.path(urls, PageKey(key.kind, lang, key.id)))) for lang in existing]
        default = site.config.default_language if site.config.default_language in existing else existing[0]
        x_default = urls.absolute(self.path(urls, PageKey(key.kind, default, key.id)))
        return (*versions, Alternate("x-default", x_default))

    def link_prefix(self, site: Site) -> str | None:
        return None

    @abstractmethod
    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        """The entities the page shows: a change to any of them re-renders it."""

    @abstractmethod
    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        """What the template gets besides `page`, `site` and `nav`."""


class LanguagePage(PageType):
    """A page that exists once in every configured language (home, lists, feeds)."""

    def keys(self, site: Site) -> Iterator[PageKey]:
        for lang in site.languages:
            yield PageKey(self.kind, lang)


class EntityPage(PageType):
    """A page per entity (driver, event, series, season), in every configured language."""

    @abstractmethod
    def entity_ids(self, site: Site) -> Iterable[str]:
        """The ids of the entities that get a page."""

    def keys(self, site: Site) -> Iterator[PageKey]:
        for entity_id in self.entity_ids(site):
            for lang in site.languages:
                yield PageKey(self.kind, lang, entity_id)


def _report_refs(reports: Iterable[Report]) -> set[Ref]:
    return {("report", report.id) for report in reports}


def _newest_first(reports: Iterable[Report]) -> tuple[Report, ...]:
    return tuple(sorted(reports, key=lambda report: (report.date, report.id), reverse=True))


def _report_count(site: Site) -> Ref:
    return ("report-count", str(len(site.reports)))


class RootPage(PageType):
    """index.html: links to each language's home and sends the browser to its language."""

    kind = "root"
    template = "root.html"
    in_sitemap = False

    def keys(self, site: Site) -> Iterator[PageKey]:
        yield PageKey(self.kind)

    def path(self, urls: Urls, key: PageKey) -> str:
        return ""

    def alternates(self, site: Site, urls: Urls, key: PageKey) -> tuple[Alternate, ...]:
        homes = [Alternate(lang, urls.absolute(urls.home(lang))) for lang in site.languages]
        return (*homes, Alternate("x-default", urls.absolute(urls.home(site.config.default_language))))

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        return set()

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        return {"homes": {lang: urls.home(lang) for lang in site.languages}}


class HomePage(LanguagePage):
    kind = "home"
    template = "home.html"
    section = "home"

    def path(self, urls: Urls, key: PageKey) -> str:
        return urls.home(key.lang)

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        shown = _report_refs(site.reports[:HOME_SIZE]) | {("event", event.id) for event in site.events[:1]}
        return shown | {_report_count(site)}  # the "all reports" link shows when there are more

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        return {
            "items": report_items(site, site.reports[:HOME_SIZE], key.lang),
            "more": len(site.reports) > HOME_SIZE,
            "latest_event": site.events[0] if site.events else None,
        }


class ReportListPage(PageType):
    """All reports, newest first, REPORTS_PER_PAGE to a page; the id is the page number."""

    kind = "reports"
    template = "list.html"
    section = "reports"

    def keys(self, site: Site) -> Iterator[PageKey]:
        pages = max(1, math.ceil(len(site.reports) / REPORTS_PER_PAGE))
        for lang in site.languages:
            for number in range(1, pages + 1):
                yield PageKey(self.kind, lang, str(number))

    def path(self, urls: Urls, key: PageKey) -> str:
        return urls.report_list(key.lang, int(key.id))

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        return _report_refs(self.shown(site, key)) | {_report_count(site)}

    def shown(self, site: Site, key: PageKey) -> tuple[Report, ...]:
        start = (int(key.id) - 1) * REPORTS_PER_PAGE
        return site.reports[start:start + REPORTS_PER_PAGE]

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        number = int(key.id)
        count = max(1, math.ceil(len(site.reports) / REPORTS_PER_PAGE))
        return {
            "items": report_items(site, self.shown(site, key), key.lang),
            "number": number,
            "pages": [(n, urls.report_list(key.lang, n)) for n in range(1, count + 1)],
            "previous": urls.report_list(key.lang, number - 1) if number > 1 else None,
            "next": urls.report_list(key.lang, number + 1) if number < count else None,
        }


class ReportPage(PageType):
    kind = "report"
    template = "report.html"
    section = "reports"

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

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        return {("report", key.id)}

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        report = site.report_by_id[key.id]
        translation = report.translation(key.lang)
        here = self.path(urls, key)
        return {
            "report": report,
            "translation": translation,
            "other_translations": [t for t in report.translations if t.lang != key.lang],
            "body": link_mentions(
                translation.body_html, translation.mentions, lambda d: relative_url(here, urls.driver(key.lang, d))
            ),
            "structured_data": _news_article(site, urls, report, key.lang),
        }


def _news_article(site: Site, urls: Urls, report: Report, lang: str) -> dict:
    """schema.org JSON-LD: a NewsArticle about a SportsEvent."""
    translation = report.translation(lang)
    event = report.event
    about: dict = {
        "@type": "SportsEvent",
        "name": event.name.text(lang) + (f" – {report.race.name.text(lang)}" if report.race else ""),
        "startDate": (report.race.date if report.race and report.race.date else event.start).isoformat(),
        "endDate": (report.race.date if report.race and report.race.date else event.end).isoformat(),
        "url": urls.absolute(urls.event(lang, event.id)),
    }
    if event.circuit or event.country:
        place: dict = {"@type": "Place", "name": event.circuit.text(lang) if event.circuit else event.country}
        if event.country:
            place["address"] = {"@type": "PostalAddress", "addressCountry": event.country}
        about["location"] = place
    if report.drivers:
        about["competitor"] = [
            {"@type": "Person", "name": driver.name, "url": urls.absolute(urls.driver(lang, driver.id))}
            for driver in report.drivers
        ]
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": translation.title,
        "description": translation.summary,
        "inLanguage": lang,
        "datePublished": translation.date.isoformat(),
        "url": urls.absolute(urls.report(lang, report.id)),
        "mainEntityOfPage": urls.absolute(urls.report(lang, report.id)),
        "publisher": {"@type": "Organization", "name": site.config.language(lang).title},
        "about": about,
    }


def link_mentions(markup: str, drivers: Iterable[Driver], href) -> str:
    """The first mention of each driver in `markup` linked to `href(driver_id)`."""
    mentions = [Mention(text, driver.id) for driver in drivers for text in (driver.name, *driver.aliases)]
    return MentionMatcher(mentions).link(markup, href)


class DriverListPage(LanguagePage):
    kind = "drivers"
    template = "driver-list.html"
    section = "drivers"

    def path(self, urls: Urls, key: PageKey) -> str:
        return urls.section(key.lang, "drivers")

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        return {("driver", driver.id) for driver in site.drivers} | _report_refs(site.reports)

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        return {"drivers": site.drivers, "stats": site.stats}


class DriverPage(EntityPage):
    kind = "driver"
    template = "driver.html"
    section = "drivers"

    def entity_ids(self, site: Site) -> Iterable[str]:
        return (driver.id for driver in site.drivers)

    def path(self, urls: Urls, key: PageKey) -> str:
        return urls.driver(key.lang, key.id)

    def title(self, site: Site, key: PageKey) -> str:
        return site.driver_by_id[key.id].name

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        featured = site.reports_featuring.get(key.id, ())
        mentioned = site.reports_mentioning.get(key.id, ())
        return {("driver", key.id)} | _report_refs(featured) | _report_refs(mentioned)

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        driver = site.driver_by_id[key.id]
        return {
            "driver": driver,
            "bio": localized_html(driver.bio_html, key.lang),
            "stats": site.stats[driver.id],
            "seasons": results_by_season(site, driver, key.lang),
            "featured": report_items(site, site.reports_featuring.get(driver.id, ()), key.lang),
            "mentioned": report_items(site, site.reports_mentioning.get(driver.id, ()), key.lang),
        }


class EventListPage(LanguagePage):
    kind = "events"
    template = "event-list.html"
    section = "events"

    def path(self, urls: Urls, key: PageKey) -> str:
        return urls.section(key.lang, "events")

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        return {("event", event.id) for event in site.events} | _report_refs(site.reports)

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        return {"seasons": events_by_season(site.events), "reports_about": site.reports_about}


class EventPage(EntityPage):
    kind = "event"
    template = "event.html"
    section = "events"

    def entity_ids(self, site: Site) -> Iterable[str]:
        return (event.id for event in site.events)

    def path(self, urls: Urls, key: PageKey) -> str:
        return urls.event(key.lang, key.id)

    def title(self, site: Site, key: PageKey) -> str:
        return site.event_by_id[key.id].name.text(key.lang)

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        return {("event", key.id)} | _report_refs(site.reports_about.get(key.id, ()))

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        event = site.event_by_id[key.id]
        return {"event": event, "race_reports": reports_by_race(site, event, key.lang)}


class SeriesPage(EntityPage):
    kind = "series"
    template = "series.html"
    section = "events"

    def entity_ids(self, site: Site) -> Iterable[str]:
        return (series.id for series in site.series)

    def path(self, urls: Urls, key: PageKey) -> str:
        return urls.series(key.lang, key.id)

    def title(self, site: Site, key: PageKey) -> str:
        return site.series_by_id[key.id].name.text(key.lang)

    def events_and_reports(self, site: Site, key: PageKey):
        events = site.events_in_series.get(key.id, ())
        return events, _newest_first(report for event in events for report in site.reports_about.get(event.id, ()))

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        events, reports = self.events_and_reports(site, key)
        return {("series", key.id)} | {("event", event.id) for event in events} | _report_refs(reports)

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        events, reports = self.events_and_reports(site, key)
        return {
            "series": site.series_by_id[key.id],
            "seasons": events_by_season(events),
            "reports_about": site.reports_about,
            "items": report_items(site, reports, key.lang),
        }


class SeasonPage(EntityPage):
    kind = "season"
    template = "season.html"
    section = "events"

    def entity_ids(self, site: Site) -> Iterable[str]:
        return (str(season) for season in site.seasons)

    def path(self, urls: Urls, key: PageKey) -> str:
        return urls.season(key.lang, int(key.id))

    def title(self, site: Site, key: PageKey) -> str:
        return key.id

    def events_and_reports(self, site: Site, key: PageKey):
        events = site.events_in_season.get(int(key.id), ())
        return events, _newest_first(report for event in events for report in site.reports_about.get(event.id, ()))

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        events, reports = self.events_and_reports(site, key)
        return {("event", event.id) for event in events} | _report_refs(reports)

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        events, reports = self.events_and_reports(site, key)
        return {
            "season": int(key.id),
            "events": events,
            "reports_about": site.reports_about,
            "items": report_items(site, reports, key.lang),
        }


class FreePage(PageType):
    kind = "page"
    template = "page.html"

    def keys(self, site: Site) -> Iterator[PageKey]:
        for page in site.pages:
            for translation in page.translations:
                yield PageKey(self.kind, translation.lang, page.id)

    def path(self, urls: Urls, key: PageKey) -> str:
        return urls.page(key.lang, key.id)

    def languages(self, site: Site, key: PageKey) -> tuple[str, ...]:
        return tuple(translation.lang for translation in site.page_by_id[key.id].translations)

    def title(self, site: Site, key: PageKey) -> str:
        return site.page_by_id[key.id].translation(key.lang).title

    def description(self, site: Site, key: PageKey) -> str:
        return site.page_by_id[key.id].translation(key.lang).summary

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        return {("page", key.id)}

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        return {"free_page": site.page_by_id[key.id].translation(key.lang)}


class NotFoundPage(PageType):
    """404.html: shown by servers at any path, so it links from the path of base_url."""

    kind = "404"
    template = "404.html"
    in_sitemap = False

    def keys(self, site: Site) -> Iterator[PageKey]:
        yield PageKey(self.kind, site.config.default_language)

    def path(self, urls: Urls, key: PageKey) -> str:
        return "404.html"

    def languages(self, site: Site, key: PageKey) -> tuple[str, ...]:
        return (site.config.default_language,)

    def link_prefix(self, site: Site) -> str | None:
        return urlparse(site.config.base_url).path

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        return set()

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        return {"homes": {lang: urls.home(lang) for lang in site.languages}}


class FeedPage(LanguagePage):
    """<lang>/feed.xml: Atom feed of the newest reports written in that language."""

    kind = "feed"
    template = "feed.xml"
    in_sitemap = False

    def path(self, urls: Urls, key: PageKey) -> str:
        return urls.feed(key.lang)

    def entries(self, site: Site, key: PageKey) -> list[Report]:
        return [report for report in site.reports if report.translation(key.lang)][:FEED_SIZE]

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        # the newest report dates a feed without entries
        return _report_refs(self.entries(site, key)) | _report_refs(site.reports[:1])

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        entries = [report.translation(key.lang) for report in self.entries(site, key)]
        newest = entries[0].date if entries else (site.reports[0].date if site.reports else date(1970, 1, 1))
        return {"entries": entries, "updated": max([newest, *(entry.date for entry in entries)])}


class SitemapPage(PageType):
    kind = "sitemap"
    template = "sitemap.xml"
    in_sitemap = False

    def keys(self, site: Site) -> Iterator[PageKey]:
        yield PageKey(self.kind, site.config.default_language)

    def path(self, urls: Urls, key: PageKey) -> str:
        return "sitemap.xml"

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        """The pages it lists, in their order; their keys tell their languages, and so their alternates."""
        return {
            ("sitemap-entry", f"{number}:{page_key.kind}/{page_key.lang}/{page_key.id}")
            for number, page_key in enumerate(self.listed(site))
        }

    def listed(self, site: Site) -> Iterator[PageKey]:
        for page_type in PAGE_TYPES.values():
            if page_type.in_sitemap:
                yield from page_type.keys(site)

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        return {"locations": [_location(site, urls, page_key) for page_key in self.listed(site)]}


def _location(site: Site, urls: Urls, key: PageKey) -> tuple[str, tuple[Alternate, ...]]:
    page_type = PAGE_TYPES[key.kind]
    return urls.absolute(page_type.path(urls, key)), page_type.alternates(site, urls, key)


class RobotsPage(PageType):
    kind = "robots"
    template = "robots.txt"
    in_sitemap = False

    def keys(self, site: Site) -> Iterator[PageKey]:
        yield PageKey(self.kind, site.config.default_language)

    def path(self, urls: Urls, key: PageKey) -> str:
        return "robots.txt"

    def dependencies(self, site: Site, key: PageKey) -> set[Ref]:
        return set()

    def context(self, site: Site, urls: Urls, key: PageKey) -> dict:
        return {"sitemap": urls.absolute("sitemap.xml")}


PAGE_TYPES: dict[str, PageType] = {
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
        FeedPage(),
        SitemapPage(),
        RobotsPage(),
    )
}


def page_info(site: Site, urls: Urls, page_type: PageType, key: PageKey) -> PageInfo:
    existing = page_type.languages(site, key)
    switcher = tuple(
        LanguageLink(lang, page_type.path(urls, PageKey(key.kind, lang, key.id)), True)
        if lang in existing
        else LanguageLink(lang, page_type.fallback(site, urls, key, lang), False)
        for lang in site.languages
        if lang != key.lang and key.lang
    )
    path = page_type.path(urls, key)
    lang = key.lang or site.config.default_language
    return PageInfo(
        key=key,
        lang=lang,
        path=path,
        section=page_type.section,
        title=page_type.title(site, key),
        description=page_type.description(site, PageKey(key.kind, lang, key.id)),
        canonical=urls.absolute(path),
        alternates=page_type.alternates(site, urls, key),
        languages=switcher,
        link_prefix=page_type.link_prefix(site),
    )


def navigation(site: Site, urls: Urls, lang: str) -> Navigation:
    return Navigation(
        lang=lang,
        home=urls.home(lang),
        reports=urls.report_list(lang),
        drivers=urls.section(lang, "drivers"),
        events=urls.section(lang, "events"),
        feed=urls.feed(lang),
        pages=tuple(
            PageLink(translation.title, urls.page(lang, page.id))
            for page in site.pages
            for translation in page.translations
            if translation.lang == lang
        ),
    )


def all_page_keys(site: Site) -> list[PageKey]:
    return [key for page_type in PAGE_TYPES.values() for key in page_type.keys(site)]
