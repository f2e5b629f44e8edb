"""Small read-only views that pages hand to templates, built from the resolved site.

Templates never search the site: what a page lists (reports in a language a reader can
read, a driver's results by season, an event's reports by race) is assembled here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from .model import Driver, Entry, Event, Race, Report, ReportTranslation, Season, Site


@dataclass(frozen=True, slots=True)
class ReportItem:
    """A report as listed on a page in `page_lang`: in that language if it exists, else in one it has."""

    report: Report
    translation: ReportTranslation
    foreign: bool

    @property
    def event(self) -> Event:
        return self.report.event


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
    season: Season
    rows: tuple[ResultRow, ...]


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
class LocalizedHtml:
    """A text in the page's language if there is one, else in `lang`; `foreign` marks which."""

    lang: str
    html: str
    foreign: bool


def report_item(site: Site, report: Report, page_lang: str) -> ReportItem:
    translation = report.translation(page_lang)
    if translation is not None:
        return ReportItem(report, translation, foreign=False)
    preferred = report.translation(site.config.default_language) or report.translations[0]
    return ReportItem(report, preferred, foreign=True)


def report_items(site: Site, reports: Iterable[Report], page_lang: str) -> tuple[ReportItem, ...]:
    return tuple(report_item(site, report, page_lang) for report in reports)


def results_by_season(site: Site, driver: Driver, page_lang: str) -> tuple[SeasonResults, ...]:
    rows = [
        ResultRow(report_item(site, report, page_lang), entry, driver)
        for report in site.reports_featuring.get(driver.id, ())
        for entry in report.entries
        if any(crew.id == driver.id for crew in entry.drivers)
    ]
    rows.sort(key=lambda row: row.event.season, reverse=True)  # stable: newest first within a season
    by_season = groupby(rows, key=lambda row: row.event.season)
    return tuple(SeasonResults(Season(season), tuple(group)) for season, group in by_season)


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
        SeasonEvents(Season(season), tuple(group))
        for season, group in groupby(ordered, key=lambda event: event.season)
    )


def localized_html(texts, page_lang: str) -> LocalizedHtml | None:
    """A Localized HTML text for `page_lang`, or its fallback marked foreign."""
    if texts is None:
        return None
    lang, html = texts.pick(page_lang)
    return LocalizedHtml(lang, html, foreign=lang != page_lang)
