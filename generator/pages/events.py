"""The pages of events: the list of every event, an event, a series, a season."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..ics import calendar_events, calendar_file
from ..model import Event, Report, Season, Series, Site
from ..views import events_by_season, photo_view, report_items, reports_by_race
from .base import Context, EntityPage, LanguagePage, PageKey, PageKind, Paths


class EventListPage(LanguagePage):
    kind = PageKind.EVENT_LIST
    template = "event-list.html"
    section = "events"

    def path(self, paths: Paths, key: PageKey) -> str:
        return paths.section(key.lang, "events")

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        return {
            "seasons": events_by_season(site.events),
            "report_counts": _report_counts(site, site.events),
            "calendar": paths.page(PageKind.CALENDAR, key.lang),
        }


class EventPage(EntityPage):
    kind = PageKind.EVENT
    template = "event.html"
    section = "events"
    shows = (Event,)
    searchable = True

    def entity_ids(self, site: Site) -> Iterable[str]:
        return (event.id for event in site.events)

    def path(self, paths: Paths, key: PageKey) -> str:
        return f"{paths.section(key.lang, 'events')}{key.id}/"

    def title(self, site: Site, key: PageKey) -> str:
        return site.event_by_id[key.id].name.text(key.lang)

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        event = site.event_by_id[key.id]
        return {
            "event": event,
            "photo": photo_view(site, event.photo, key.lang) if event.photo else None,
            "race_reports": reports_by_race(site, event, key.lang),
            "calendar": paths.page(PageKind.CALENDAR, key.lang),
        }


class CalendarPage(LanguagePage):
    """<lang>/calendar.ics: every event as an all-day entry of a calendar to subscribe to (spec 11)."""

    kind = PageKind.CALENDAR
    template = None
    in_sitemap = False

    def path(self, paths: Paths, key: PageKey) -> str:
        return f"{key.lang}/calendar.ics"

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        def event_url(event: Event) -> str:
            return paths.absolute(paths.page(PageKind.EVENT, key.lang, event.id))

        return {"name": site.config.language(key.lang).title, "events": calendar_events(site, key.lang, event_url)}

    def generate(self, values: Context) -> bytes:
        name, events = values["name"], values["events"]
        assert isinstance(name, str) and isinstance(events, tuple)
        return calendar_file(name, events)


class SeriesPage(EntityPage):
    kind = PageKind.SERIES
    template = "series.html"
    section = "events"
    shows = (Series,)
    searchable = True

    def entity_ids(self, site: Site) -> Iterable[str]:
        return (series.id for series in site.series)

    def path(self, paths: Paths, key: PageKey) -> str:
        return f"{paths.section(key.lang, 'series')}{key.id}/"

    def title(self, site: Site, key: PageKey) -> str:
        return site.series_by_id[key.id].name.text(key.lang)

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        events = site.events_in_series.get(key.id, ())
        return {
            "series": site.series_by_id[key.id],
            "seasons": events_by_season(events),
            "report_counts": _report_counts(site, events),
            "items": report_items(site, _reports_about(site, events), key.lang),
        }


class SeasonPage(EntityPage):
    kind = PageKind.SEASON
    template = "season.html"
    section = "events"
    shows = (Season,)

    def entity_ids(self, site: Site) -> Iterable[str]:
        return (str(season) for season in site.seasons)

    def key_of(self, value: object, lang: str) -> PageKey:
        assert isinstance(value, Season)
        return PageKey(self.kind, lang, str(value.year))

    def path(self, paths: Paths, key: PageKey) -> str:
        return f"{paths.section(key.lang, 'seasons')}{key.id}/"

    def title(self, site: Site, key: PageKey) -> str:
        return key.id

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        events = site.events_in_season.get(int(key.id), ())
        return {
            "season": int(key.id),
            "events": events,
            "report_counts": _report_counts(site, events),
            "items": report_items(site, _reports_about(site, events), key.lang),
        }


def _report_counts(site: Site, events: Iterable[Event]) -> Mapping[str, int]:
    return {event.id: len(site.reports_about.get(event.id, ())) for event in events}


def _reports_about(site: Site, events: Iterable[Event]) -> tuple[Report, ...]:
    """The reports about `events`, newest first."""
    reports = (report for event in events for report in site.reports_about.get(event.id, ()))
    return tuple(sorted(reports, key=lambda report: (report.date, report.id), reverse=True))
