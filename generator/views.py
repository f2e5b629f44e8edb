"""Small read-only views that pages hand to templates, built from the resolved site.

Templates never search the site: what a page lists (reports in a language a reader can
read, a driver's results by season, an event's reports by race) is assembled here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from markupsafe import Markup, escape

from .images import ProcessedImage
from .markup import PhotoSlot, photo_parts
from .model import Driver, Entry, Event, Localized, Photo, Quote, Race, Report, ReportTranslation, Season, Site

# Cars without a finishing position, in the order a classification lists them.
_STATUS_ORDER = ("finished", "nc", "dnf", "dsq", "dns")


@dataclass(frozen=True, slots=True)
class PhotoView:
    """A photo as a page shows it: its variants (see `ProcessedImage`) and its words in the page's language."""

    image: ProcessedImage
    alt: LocalizedText
    caption: LocalizedText | None
    credit: str


@dataclass(frozen=True, slots=True)
class TextPhoto:
    """A photo of a Markdown text: alone in its paragraph (shown as a figure, its title the caption) or within text."""

    photo: PhotoView
    alone: bool
    title: str | None


@dataclass(frozen=True, slots=True)
class RichText:
    """The HTML of a Markdown text with its photos: `parts` are HTML strings and, between them, the photos."""

    parts: tuple[str | TextPhoto, ...]


@dataclass(frozen=True, slots=True)
class ListedReport:
    """What a list shows of a report besides its translation: its event and race."""

    id: str
    event: Event
    race: Race | None


@dataclass(frozen=True, slots=True)
class ListedTranslation:
    """What a list shows of a report translation; `{{ translation|url }}` links to its page. Not its body:
    a list whose reports changed only there is not rendered again (see `render`)."""

    report_id: str
    lang: str
    title: str
    date: date
    summary: str
    embargo: datetime | None

    @classmethod
    def of(cls, translation: ReportTranslation) -> ListedTranslation:
        return cls(
            translation.report_id,
            translation.lang,
            translation.title,
            translation.date,
            translation.summary,
            translation.embargo,
        )


@dataclass(frozen=True, slots=True)
class ReportItem:
    """A report as listed on a page in `page_lang`: in that language if it exists, else in one it has;
    `photo` is its lead photo, in the language of the translation listed."""

    report: ListedReport
    translation: ListedTranslation
    foreign: bool
    photo: PhotoView | None = None

    @property
    def event(self) -> Event:
        return self.report.event


@dataclass(frozen=True, slots=True)
class QuoteItem:
    """A driver's quote as their page shows it, with the report translation it is in as a list shows that."""

    translation: ListedTranslation
    quote: Quote


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One of a driver's results: the entry they drove in a reported race."""

    item: ReportItem
    entry: Entry
    driver: Driver

    @property
    def set_fastest_lap(self) -> bool:
        """The driver set the class's fastest lap (what the statistics count)."""
        setter = self.entry.fastest_lap_by
        return self.entry.fastest_in_class and setter is not None and setter.id == self.driver.id

    @property
    def event(self) -> Event:
        return self.item.report.event

    @property
    def race(self) -> Race | None:
        return self.item.report.race

    @property
    def date(self) -> date:
        """The race's date, else the event's first day."""
        race = self.race
        return race.date if race is not None and race.date is not None else self.event.start


@dataclass(frozen=True, slots=True)
class SeasonResults:
    """A driver's results in one season; a column shows only if some row has a value for it."""

    season: Season
    rows: tuple[ResultRow, ...]

    @property
    def has_class(self) -> bool:
        return any(row.entry.car_class for row in self.rows)


@dataclass(frozen=True, slots=True)
class ResultsTable:
    """A report's entries in classification order; a column shows only if some entry has a value for it."""

    entries: tuple[Entry, ...]

    @property
    def has_class(self) -> bool:
        return any(entry.car_class for entry in self.entries)

    @property
    def has_grid(self) -> bool:
        return any(entry.grid is not None for entry in self.entries)

    @property
    def has_laps(self) -> bool:
        return any(entry.laps is not None for entry in self.entries)

    @property
    def has_gap(self) -> bool:
        return any(entry.gap is not None for entry in self.entries)

    @property
    def has_fastest_lap(self) -> bool:
        return any(entry.fastest_lap is not None for entry in self.entries)


@dataclass(frozen=True, slots=True)
class RaceReports:
    """The reports about one race of an event (race None: about the event as a whole)."""

    race: Race | None
    items: tuple[ReportItem, ...]


@dataclass(frozen=True, slots=True)
class SeasonEvents:
    season: Season
    events: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """A per-language text in the page's language if it has one, else its fallback in `lang`, marked `foreign`.

    Shown in HTML content, a foreign text sits in a span with its lang; where no markup may go
    (an attribute, a title), take `.text`.
    """

    lang: str
    text: str
    foreign: bool

    def __html__(self) -> Markup:
        if self.foreign:
            return Markup('<span lang="{}">{}</span>').format(self.lang, self.text)
        return escape(self.text)


@dataclass(frozen=True, slots=True)
class LocalizedHtml:
    """A text in the page's language if there is one, else in `lang`; `foreign` marks which."""

    lang: str
    content: RichText
    foreign: bool


def report_item(site: Site, report: Report, page_lang: str) -> ReportItem:
    translation = report.translation(page_lang)
    foreign = translation is None
    if translation is None:
        translation = report.translation(site.config.default_language) or report.translations[0]
    lead = photo_view(site, report.lead_photo, translation.lang) if report.lead_photo else None
    listed = ListedReport(report.id, report.event, report.race)
    return ReportItem(listed, ListedTranslation.of(translation), foreign, lead)


def photo_view(site: Site, photo: Photo, lang: str) -> PhotoView:
    """A photo with its words in `lang` (or a fallback, marked)."""
    caption = localized_text(photo.caption, lang) if photo.caption is not None else None
    return PhotoView(site.images[photo.file], localized_text(photo.alt, lang), caption, photo.credit)


def photo_views(site: Site, photos: Iterable[Photo], lang: str) -> tuple[PhotoView, ...]:
    return tuple(photo_view(site, photo, lang) for photo in photos)


def rich_text(site: Site, html: str, photos: tuple[Photo, ...], lang: str) -> RichText:
    """Converted Markdown with each of its photos (see `markup.photo_parts`) in place."""
    parts: list[str | TextPhoto] = []
    for part in photo_parts(html):
        if not isinstance(part, PhotoSlot):
            parts.append(part)
        elif part.number < len(photos):  # else a mark that raw HTML made up: no photo of the text
            parts.append(TextPhoto(photo_view(site, photos[part.number], lang), part.alone, part.title))
    return RichText(tuple(parts))


def report_items(site: Site, reports: Iterable[Report], page_lang: str) -> tuple[ReportItem, ...]:
    return tuple(report_item(site, report, page_lang) for report in reports)


def classification_order(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """Entries by class, then finishing position; cars without one after, by status and car number."""
    return tuple(sorted(entries, key=_classification_key))


def _classification_key(entry: Entry) -> tuple[bool, str, str, bool, int, int, bool, int]:
    car_class = entry.car_class or ""
    return (
        entry.car_class is None,  # cars without a class after the classes
        car_class.casefold(),
        car_class,
        entry.position is None,
        entry.position or 0,
        _STATUS_ORDER.index(entry.status),
        entry.number is None,
        entry.number or 0,
    )


def results_table(report: Report) -> ResultsTable:
    return ResultsTable(classification_order(report.entries))


def results_by_season(site: Site, driver: Driver, page_lang: str) -> tuple[SeasonResults, ...]:
    rows = [
        ResultRow(report_item(site, report, page_lang), entry, driver)
        for report in site.reports_featuring.get(driver.id, ())
        for entry in classification_order(report.entries)
        if any(crew.id == driver.id for crew in entry.drivers)
    ]
    rows.sort(key=_newest_race_first)  # stable: classification order within a race
    by_season = groupby(rows, key=lambda row: row.event.season)
    return tuple(SeasonResults(Season(season), tuple(group)) for season, group in by_season)


def _newest_race_first(row: ResultRow) -> tuple[int, int, str, str]:
    return -row.event.season, -row.date.toordinal(), row.event.id, row.race.id if row.race else ""


def quotes_of(site: Site, driver: Driver, page_lang: str) -> tuple[QuoteItem, ...]:
    """The driver's quotes in the page's language, newest report first."""
    return tuple(
        QuoteItem(ListedTranslation.of(said.translation), said.quote)
        for said in site.quotes_by.get(driver.id, ())
        if said.translation.lang == page_lang
    )


def reports_by_race(site: Site, event: Event, page_lang: str) -> tuple[RaceReports, ...]:
    reports = site.reports_about.get(event.id, ())
    groups = [
        RaceReports(race, report_items(site, [r for r in reports if r.race == race], page_lang))
        for race in (*event.races, None)
    ]
    return tuple(group for group in groups if group.items)


def events_by_season(events: Iterable[Event]) -> tuple[SeasonEvents, ...]:
    ordered = sorted(events, key=lambda event: event.season, reverse=True)  # stable: keeps newest first
    return tuple(
        SeasonEvents(Season(season), tuple(group)) for season, group in groupby(ordered, key=lambda event: event.season)
    )


def localized_text(texts: Localized, page_lang: str) -> LocalizedText:
    """A Localized text for `page_lang`, or its fallback marked foreign."""
    lang, text = texts.pick(page_lang)
    return LocalizedText(lang, text, foreign=lang != page_lang)


def localized_html(
    site: Site, texts: Localized | None, photos: tuple[tuple[str, tuple[Photo, ...]], ...], page_lang: str
) -> LocalizedHtml | None:
    """A Localized HTML text (with its photos per language) for `page_lang`, or its fallback marked foreign."""
    if texts is None:
        return None
    lang, html = texts.pick(page_lang)
    text_photos = dict(photos).get(lang, ())
    return LocalizedHtml(lang, rich_text(site, html, text_photos, lang), foreign=lang != page_lang)
