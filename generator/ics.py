"""`<lang>/calendar.ics` (spec 11): every event of the site as an all-day VEVENT, written with icalendar.

The bytes depend on the content alone: DTSTAMP is the event's first day at 00:00:00Z (never
the clock), the UID `<event-id>@<host of base_url>` is the same in every language's calendar,
and events are written in a fixed order, so two builds of one site give the same file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from babel import Locale

from .i18n import country_name
from .model import Event as SiteEvent
from .model import Site

if TYPE_CHECKING:
    import icalendar

PRODUCT_ID = "-//pitboard//calendar//EN"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One event as a calendar shows it, in one language."""

    uid: str
    summary: str
    location: str | None
    url: str
    start: date
    end: date  # the day after the last, as an all-day DTEND is exclusive


def calendar_events(site: Site, lang: str, event_url: Callable[[SiteEvent], str]) -> tuple[CalendarEvent, ...]:
    """Every event of the site, oldest first, in `lang`; `event_url(event)` is the absolute URL of its page."""
    host = urlparse(site.config.base_url).hostname or ""
    locale = site.config.language(lang).locale
    return tuple(
        CalendarEvent(
            uid=f"{event.id}@{host}",
            summary=event.name.text(lang),
            location=", ".join(_location(event, lang, locale)) or None,
            url=event_url(event),
            start=event.start,
            end=event.end + timedelta(days=1),
        )
        for event in sorted(site.events, key=lambda event: (event.start, event.id))
    )


def _location(event: SiteEvent, lang: str, locale: Locale) -> Iterable[str]:
    """'circuit, localized country', or whichever of the two the event has."""
    if event.circuit is not None:
        yield event.circuit.text(lang)
    if event.country is not None:
        yield country_name(locale, event.country)


def calendar_file(name: str, events: Iterable[CalendarEvent]) -> bytes:
    """The iCalendar file of `events`, named `name` for the calendar apps that show one."""
    import icalendar  # here, not at the top: its import would cost every start-up, a build with nothing to do too

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", icalendar.vText(name))
    for item in events:
        calendar.add_component(_vevent(item))
    data: bytes = calendar.to_ical()
    return data


def _vevent(item: CalendarEvent) -> icalendar.Event:
    import icalendar

    vevent = icalendar.Event()
    vevent.add("uid", item.uid)
    vevent.add("dtstamp", datetime.combine(item.start, time(0, 0), tzinfo=UTC))
    vevent.add("dtstart", item.start)
    vevent.add("dtend", item.end)
    vevent.add("summary", item.summary)
    if item.location is not None:
        vevent.add("location", item.location)
    vevent.add("url", item.url)
    return vevent
