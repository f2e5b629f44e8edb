"""`<lang>/calendar.ics` (spec 11): every event as an all-day VEVENT, read back with icalendar, in each language."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import Site, copy_site
from icalendar import Calendar


@pytest.fixture
def press(tmp_path: Path) -> Site:
    site = copy_site("press", tmp_path)
    run = site.build()
    assert run.exit_code == 0, run.stderr
    return site


def calendar(site: Site, lang: str) -> Calendar:
    return Calendar.from_ical((site.output / lang / "calendar.ics").read_bytes())


def events(site: Site, lang: str) -> list[dict[str, object]]:
    """Every VEVENT's properties, as plain values."""
    return [
        {
            "uid": str(vevent["uid"]),
            "dtstamp": vevent["dtstamp"].dt,
            "dtstart": vevent["dtstart"].dt,
            "dtend": vevent["dtend"].dt,
            "summary": str(vevent["summary"]),
            "location": str(vevent["location"]) if "location" in vevent else None,
            "url": str(vevent["url"]),
        }
        for vevent in calendar(site, lang).walk("VEVENT")
    ]


def test_every_event_is_an_all_day_entry_in_each_language(press):
    assert events(press, "en") == [
        {
            "uid": "2024-daytona@press.example.org",
            "dtstamp": datetime(2024, 1, 27, tzinfo=UTC),
            "dtstart": date(2024, 1, 27),
            "dtend": date(2024, 1, 29),  # the day after `end`
            "summary": "Rolex 24 at Daytona",
            "location": "Daytona International Speedway, United States",
            "url": "https://press.example.org/en/events/2024-daytona/",
        },
        {
            "uid": "2024-sebring@press.example.org",  # its only report is under embargo: the event is not
            "dtstamp": datetime(2024, 3, 16, tzinfo=UTC),
            "dtstart": date(2024, 3, 16),
            "dtend": date(2024, 3, 17),  # no `end`: the day after `start`
            "summary": "Sebring 12 Hours",
            "location": "Sebring International Raceway, United States",
            "url": "https://press.example.org/en/events/2024-sebring/",
        },
    ]
    german = events(press, "de")
    assert [event["summary"] for event in german] == ["24 Stunden von Daytona", "12 Stunden von Sebring"]
    assert [event["location"] for event in german] == [
        "Daytona International Speedway, Vereinigte Staaten",
        "Sebring International Raceway, Vereinigte Staaten",
    ]
    assert [event["url"] for event in german] == [
        "https://press.example.org/de/events/2024-daytona/",
        "https://press.example.org/de/events/2024-sebring/",
    ]
    english = events(press, "en")
    for field in ("uid", "dtstamp", "dtstart", "dtend"):  # one event, one UID, in every language's calendar
        assert [event[field] for event in german] == [event[field] for event in english]


def test_the_calendar_is_an_icalendar_2_file_named_after_the_site(press):
    parsed = calendar(press, "de")
    assert (str(parsed["version"]), str(parsed["prodid"])) == ("2.0", "-//pitboard//calendar//EN")
    assert (press.output / "de/calendar.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert (
        b"X-WR-CALNAME:Nordwind Racing \xe2\x80\x94 Rennberichte\r\n" in (press.output / "de/calendar.ics").read_bytes()
    )


def test_location_is_what_the_event_has_and_the_uid_host_drops_the_path_of_base_url(site):
    site.write("content/events/2023-monza.yaml", "name: Monza\nseason: 2023\nstart: 2023-09-01\nend: 2023-09-03\n")
    site.write("content/events/2023-imola.yaml", "name: Imola\nseason: 2023\ncountry: IT\nstart: 2023-10-01\n")
    assert site.build().exit_code == 0
    by_uid = {event["uid"]: event for event in events(site, "de")}
    assert set(by_uid) == {"2023-spa@example.org", "2023-monza@example.org", "2023-imola@example.org"}
    assert by_uid["2023-monza@example.org"]["location"] is None
    assert by_uid["2023-imola@example.org"]["location"] == "Italien"
    assert by_uid["2023-spa@example.org"]["location"] == "Circuit de Spa-Francorchamps, Belgien"
    assert by_uid["2023-spa@example.org"]["url"] == "https://example.org/racing/de/events/2023-spa/"


def test_the_calendar_is_the_same_bytes_in_every_build_and_not_in_the_sitemap(press, tmp_path):
    again = tmp_path / "again"
    assert press.build("--no-cache", "--output", str(again)).exit_code == 0
    for lang in ("de", "en"):
        assert (again / lang / "calendar.ics").read_bytes() == (press.output / lang / "calendar.ics").read_bytes()
    assert "calendar.ics" not in press.page("sitemap.xml")


def test_the_events_pages_link_to_the_calendar_of_their_language(press):
    listing = press.soup("de/events/index.html").select_one(".calendar-link a")
    assert (listing.get_text(), listing["href"], listing["type"]) == (
        "Kalender abonnieren",
        "../calendar.ics",
        "text/calendar",
    )
    event = press.soup("en/events/2024-daytona/index.html").select_one(".calendar-link a")
    assert (event.get_text(), event["href"]) == ("Subscribe to the calendar", "../../calendar.ics")
    assert press.run("check").exit_code == 0
