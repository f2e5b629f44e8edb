"""The pages of reports: the home page, the report list, a report, the Atom feed."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ..model import Photo, Report, ReportTranslation, Site
from ..urls import relative_url
from ..views import ListedTranslation, PhotoView, RichText, photo_views, report_items, results_table, rich_text
from .base import Context, LanguagePage, PageKey, PageKind, PageType, Paths

HOME_SIZE = 10
REPORTS_PER_PAGE = 20
FEED_SIZE = 20


class HomePage(LanguagePage):
    kind = PageKind.HOME
    template = "home.html"
    section = "home"

    def path(self, paths: Paths, key: PageKey) -> str:
        return paths.home(key.lang)

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        return {
            "items": report_items(site, site.reports[:HOME_SIZE], key.lang),
            "more": len(site.reports) > HOME_SIZE,
        }


class ReportListPage(PageType):
    """All reports, newest first, REPORTS_PER_PAGE to a page; the id is the page number."""

    kind = PageKind.REPORT_LIST
    template = "list.html"
    section = "reports"

    def keys(self, site: Site) -> Iterator[PageKey]:
        for lang in site.languages:
            for number in range(1, _page_count(site) + 1):
                yield PageKey(self.kind, lang, str(number))

    def path(self, paths: Paths, key: PageKey) -> str:
        first = paths.section(key.lang, "reports")
        return first if key.id in ("", "1") else f"{first}page/{key.id}/"

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        number = int(key.id)
        count = _page_count(site)
        start = (number - 1) * REPORTS_PER_PAGE
        return {
            "items": report_items(site, site.reports[start : start + REPORTS_PER_PAGE], key.lang),
            "number": number,
            "pages": tuple((n, self.path(paths, PageKey(self.kind, key.lang, str(n)))) for n in range(1, count + 1)),
            "previous": self.path(paths, PageKey(self.kind, key.lang, str(number - 1))) if number > 1 else None,
            "next": self.path(paths, PageKey(self.kind, key.lang, str(number + 1))) if number < count else None,
        }


def _page_count(site: Site) -> int:
    return max(1, math.ceil(len(site.reports) / REPORTS_PER_PAGE))


class ReportPage(PageType):
    kind = PageKind.REPORT
    template = "report.html"
    section = "reports"
    shows = (ReportTranslation, ListedTranslation)  # a report's page, and a list's link to it
    searchable = True

    def keys(self, site: Site) -> Iterator[PageKey]:
        for report_id, languages in site.report_languages.items():
            for lang in languages:
                yield PageKey(self.kind, lang, report_id)

    def key_of(self, value: object, lang: str) -> PageKey:
        assert isinstance(value, ReportTranslation | ListedTranslation)
        return PageKey(self.kind, value.lang, value.report_id)  # a translation is in its own language

    def path(self, paths: Paths, key: PageKey) -> str:
        return f"{paths.section(key.lang, 'reports')}{key.id}/"

    def existing_languages(self, site: Site, key: PageKey) -> tuple[str, ...]:
        return site.report_languages[key.id]

    def fallback(self, site: Site, paths: Paths, key: PageKey, lang: str) -> str:
        return paths.page(PageKind.EVENT, lang, site.report_by_id[key.id].event.id)

    def title(self, site: Site, key: PageKey) -> str:
        return _translation(site, key).title

    def description(self, site: Site, key: PageKey) -> str:
        return _translation(site, key).summary

    def markdown_sources(self, site: Site, key: PageKey) -> Iterable[tuple[str, str]]:
        translation = _translation(site, key)
        return ((translation.path, translation.body_html),)

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        report = site.report_by_id[key.id]
        translation = _translation(site, key)
        here = self.path(paths, key)
        others = tuple(other for other in report.translations if other.lang != key.lang)
        photos = photo_views(site, report.photos, key.lang)
        body = site.mentions.link(
            translation.body_html,
            lambda driver_id: relative_url(here, paths.page(PageKind.DRIVER, key.lang, driver_id)),
        )
        return {
            "report": report,
            "translation": translation,
            "other_translations": others,
            "other_locales": tuple(str(site.config.language(other.lang).locale) for other in others),
            "results": results_table(report),
            "lead_photo": photos[0] if photos else None,
            "gallery": photos[1:],
            "body": rich_text(site, body, translation.body_photos, key.lang),
            "structured_data": news_article(site, paths, report, key.lang),
        }


def _translation(site: Site, key: PageKey) -> ReportTranslation:
    translation = site.report_by_id[key.id].translation(key.lang)
    assert translation is not None, key
    return translation


def news_article(site: Site, paths: Paths, report: Report, lang: str) -> dict[str, object]:
    """schema.org JSON-LD: a NewsArticle about a SportsEvent."""
    translation = report.translation(lang)
    assert translation is not None
    event = report.event
    race_day = report.race.date if report.race and report.race.date else None
    about: dict[str, object] = {
        "@type": "SportsEvent",
        "name": event.name.text(lang) + (f" – {report.race.name.text(lang)}" if report.race else ""),
        "startDate": (race_day or event.start).isoformat(),
        "endDate": (race_day or event.end).isoformat(),
        "url": paths.absolute(paths.page(PageKind.EVENT, lang, event.id)),
    }
    if event.circuit or event.country:
        place: dict[str, object] = {
            "@type": "Place",
            "name": event.circuit.text(lang) if event.circuit else event.country,
        }
        if event.country:
            place["address"] = {"@type": "PostalAddress", "addressCountry": event.country}
        about["location"] = place
    if report.drivers:
        about["competitor"] = [
            {
                "@type": "Person",
                "name": driver.name,
                "url": paths.absolute(paths.page(PageKind.DRIVER, lang, driver.id)),
            }
            for driver in report.drivers
        ]
    url = paths.absolute(paths.page(PageKind.REPORT, lang, report.id))
    article: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": translation.title,
        "description": translation.summary,
        "inLanguage": lang,
        "datePublished": translation.date.isoformat(),
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": site.config.language(lang).title},
        "about": about,
    }
    photos: dict[str, Photo] = {}
    for photo in (*report.photos, *translation.body_photos):
        photos.setdefault(photo.file, photo)  # a file shown twice is one image of the article
    if photos:
        article["image"] = [image_object(paths, view) for view in photo_views(site, photos.values(), lang)]
    return article


def image_object(paths: Paths, photo: PhotoView) -> dict[str, object]:
    """schema.org ImageObject of a photo: its largest JPEG (or PNG) variant."""
    largest = photo.image.largest()
    return {
        "@type": "ImageObject",
        "contentUrl": paths.absolute(largest.output_path),
        "width": largest.width,
        "height": largest.height,
        "caption": (photo.caption or photo.alt).text,
        "creditText": photo.credit,
    }


class FeedPage(LanguagePage):
    """<lang>/feed.xml: Atom feed of the newest reports written in that language."""

    kind = PageKind.FEED
    template = "feed.xml"
    in_sitemap = False

    def path(self, paths: Paths, key: PageKey) -> str:
        return f"{key.lang}/feed.xml"

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        written = (report for report in site.reports if report.translation(key.lang) is not None)
        entries = tuple(self.entry(site, report, key.lang) for report in itertools.islice(written, FEED_SIZE))
        newest = entries[0].date if entries else (site.reports[0].date if site.reports else date(1970, 1, 1))
        return {"entries": entries, "updated": max([newest, *(entry.date for entry in entries)])}

    def entry(self, site: Site, report: Report, lang: str) -> FeedEntry:
        translation = report.translation(lang)
        assert translation is not None
        return FeedEntry(
            translation,
            photo_views(site, report.photos[:1], lang)[0] if report.photos else None,
            rich_text(site, translation.body_html, translation.body_photos, lang),
        )


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """A report translation in a feed, with its lead photo and its body's photos."""

    translation: ReportTranslation
    lead_photo: PhotoView | None
    body: RichText

    @property
    def date(self) -> date:
        return self.translation.date
