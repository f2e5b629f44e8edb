"""The resolved site: typed, cross-linked, immutable. What the render stage reads.

Entities point at what they reference (a report at its event, an entry at its drivers);
the reverse directions (a driver's reports, an event's reports) are indexes on `Site`,
built once by the resolver.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from .config import SiteConfig
from .images import ProcessedImage
from .markup import MentionMatcher


@dataclass(frozen=True, slots=True)
class Localized:
    """A text per language; a language without its own text gets the first one given."""

    texts: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, value: str | Mapping[str, str], languages: tuple[str, ...]) -> Localized:
        if isinstance(value, str):
            return cls(tuple((lang, value) for lang in languages))
        return cls(tuple((lang, value[lang]) for lang in languages if lang in value))

    def pick(self, lang: str) -> tuple[str, str]:
        """(language of the text, text) for `lang`, falling back to the first language."""
        for text_lang, text in self.texts:
            if text_lang == lang:
                return text_lang, text
        return self.texts[0]

    def text(self, lang: str) -> str:
        return self.pick(lang)[1]


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo as content shows it: a file of content/media/ with its words. Its variants (what a page
    shows) are `Site.images[file]`, made after resolving, so that the resolved site holds no image data."""

    file: str  # below content/media/
    alt: Localized
    caption: Localized | None
    credit: str


@dataclass(frozen=True, slots=True)
class Season:
    """A season's year, as something pages link to."""

    year: int


@dataclass(frozen=True, slots=True)
class Series:
    id: str
    name: Localized
    url: str | None


@dataclass(frozen=True, slots=True)
class Race:
    id: str
    name: Localized
    date: date | None


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    name: Localized
    series: Series | None
    season: int
    circuit: Localized | None
    country: str | None
    start: date
    end: date
    races: tuple[Race, ...]
    photo: Photo | None = None

    def race(self, race_id: str) -> Race | None:
        return next((race for race in self.races if race.id == race_id), None)

    @property
    def season_page(self) -> Season:
        return Season(self.season)


@dataclass(frozen=True, slots=True)
class Driver:
    id: str
    path: str  # the driver's file, relative to the site root
    name: str
    sort_name: str
    nationality: str | None
    born: date | None
    aliases: tuple[str, ...]
    bio_html: Localized | None
    portrait: Photo | None = None
    bio_photos: tuple[tuple[str, tuple[Photo, ...]], ...] = ()  # per language: the photos of its bio, in order


@dataclass(frozen=True, slots=True)
class Entry:
    car: str
    number: int | None
    car_class: str | None
    team: str | None
    drivers: tuple[Driver, ...]
    grid: int | None
    position: int | None
    status: str
    laps: int | None
    gap: str | None  # to the class winner: '+0.292', '+1:02.345', '1 lap', '4 laps'
    fastest_lap: str | None
    fastest_lap_by: Driver | None
    fastest_in_class: bool


@dataclass(frozen=True, slots=True)
class Quote:
    """Words said about a race, in the language of the report translation that has them.

    Said by a driver of the site (`driver`, linked) or by someone else (`name`, with an optional `role`).
    """

    text: str
    driver: Driver | None
    name: str | None
    role: Localized | None

    @property
    def speaker(self) -> str:
        return self.driver.name if self.driver is not None else self.name or ""


@dataclass(frozen=True, slots=True)
class ReportTranslation:
    """A report in one language."""

    report_id: str
    lang: str
    path: str
    title: str
    date: date
    summary: str
    body_html: str
    mentions: tuple[Driver, ...]
    draft: bool = False
    quotes: tuple[Quote, ...] = ()
    embargo: datetime | None = None  # with --future (and in serve): the end of the embargo it is still under
    body_photos: tuple[Photo, ...] = ()  # the photos of the body, in order; see markup.PHOTO_MARK

    @property
    def searchable(self) -> bool:
        """Whether search may find it: neither a draft nor under embargo (each built only when asked for)."""
        return not self.draft and self.embargo is None


@dataclass(frozen=True, slots=True)
class Report:
    """A report across its languages; event, race and entries are shared by all of them."""

    id: str
    event: Event
    race: Race | None
    entries: tuple[Entry, ...]
    translations: tuple[ReportTranslation, ...]
    photos: tuple[Photo, ...] = ()  # the lead photo first

    @property
    def lead_photo(self) -> Photo | None:
        return self.photos[0] if self.photos else None

    @property
    def date(self) -> date:
        return max(translation.date for translation in self.translations)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(translation.lang for translation in self.translations)

    @property
    def drivers(self) -> tuple[Driver, ...]:
        unique = {driver.id: driver for entry in self.entries for driver in entry.drivers}
        return tuple(unique.values())

    def translation(self, lang: str) -> ReportTranslation | None:
        return next((t for t in self.translations if t.lang == lang), None)


@dataclass(frozen=True, slots=True)
class ReportQuote:
    """A driver's quote and the report translation it is in."""

    translation: ReportTranslation
    quote: Quote


@dataclass(frozen=True, slots=True)
class PageTranslation:
    page_id: str
    lang: str
    path: str
    title: str
    summary: str
    body_html: str
    body_photos: tuple[Photo, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """A free page (about, imprint) in the languages it is written in."""

    id: str
    translations: tuple[PageTranslation, ...]

    def translation(self, lang: str) -> PageTranslation | None:
        return next((t for t in self.translations if t.lang == lang), None)


@dataclass(frozen=True, slots=True)
class DriverStats:
    starts: int = 0
    wins: int = 0
    podiums: int = 0
    fastest_laps: int = 0


@dataclass(frozen=True, slots=True)
class Site:
    """Everything a build renders, with the indexes the pages read."""

    config: SiteConfig
    reports: tuple[Report, ...]  # newest first
    drivers: tuple[Driver, ...]  # by sort name
    events: tuple[Event, ...]  # newest first
    series: tuple[Series, ...]  # by id
    pages: tuple[Page, ...]  # by id
    report_by_id: Mapping[str, Report] = field(default_factory=dict)
    # each report's languages, newest report first: what a page listing every report's page reads (the sitemap),
    # so that it does not depend on what the reports say
    report_languages: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    driver_by_id: Mapping[str, Driver] = field(default_factory=dict)
    event_by_id: Mapping[str, Event] = field(default_factory=dict)
    series_by_id: Mapping[str, Series] = field(default_factory=dict)
    page_by_id: Mapping[str, Page] = field(default_factory=dict)
    reports_featuring: Mapping[str, tuple[Report, ...]] = field(default_factory=dict)
    reports_mentioning: Mapping[str, tuple[Report, ...]] = field(default_factory=dict)
    reports_about: Mapping[str, tuple[Report, ...]] = field(default_factory=dict)
    events_in_season: Mapping[int, tuple[Event, ...]] = field(default_factory=dict)
    events_in_series: Mapping[str, tuple[Event, ...]] = field(default_factory=dict)
    stats: Mapping[str, DriverStats] = field(default_factory=dict)
    quotes_by: Mapping[str, tuple[ReportQuote, ...]] = field(default_factory=dict)  # by driver id, newest first
    mentions: MentionMatcher = field(default_factory=lambda: MentionMatcher(()))  # every driver's names
    images: Mapping[str, ProcessedImage] = field(default_factory=dict)  # the variants of each photo's file

    def photos(self) -> Iterator[tuple[Photo, bool]]:
        """Every photo the site shows, and whether it is a report's lead photo (which gets an Open Graph variant)."""
        for report in self.reports:
            for index, photo in enumerate(report.photos):
                yield photo, index == 0
            for translation in report.translations:
                yield from ((photo, False) for photo in translation.body_photos)
        for page in self.pages:
            for page_translation in page.translations:
                yield from ((photo, False) for photo in page_translation.body_photos)
        for driver in self.drivers:
            if driver.portrait is not None:
                yield driver.portrait, False
            for _, photos in driver.bio_photos:
                yield from ((photo, False) for photo in photos)
        for event in self.events:
            if event.photo is not None:
                yield event.photo, False

    @property
    def languages(self) -> tuple[str, ...]:
        return self.config.language_codes

    @property
    def seasons(self) -> tuple[int, ...]:
        return tuple(sorted(self.events_in_season, reverse=True))
