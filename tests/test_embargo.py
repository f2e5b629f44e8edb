"""Embargo (spec 11): before its `publish_at` a report translation does not exist for the build — the output is
exactly what it would be without the file — while `--future` and `serve` build it, marked with the end of its
embargo. Drafts follow the same rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from babel import Locale
from babel.support import NullTranslations
from conftest import Site, copy_site
from output_tree import tree

from generator.build import SiteBuilder
from generator.cache import BuildCache, BuildLock
from generator.config import load_config
from generator.i18n import Formats
from generator.serve import DevSite

SEBRING_EN = "content/reports/2024-sebring-12.en.md"
SEBRING_DE = "content/reports/2024-sebring-12.de.md"
# What only the embargoed report says: its id (in every URL of it), titles, texts and its quote.
SECRETS = (
    "2024-sebring-12",
    "Sebring secret",
    "Sebring-Geheimnis",
    "Embargoed text",
    "Text unter Sperrfrist",
    "An embargoed sentence",
)
AFTER_THE_EMBARGO = "3000-01-01T00:00:00Z"


@pytest.fixture
def press(tmp_path: Path) -> Site:
    """A site whose Sebring report is under embargo until 2999, in both its languages."""
    return copy_site("press", tmp_path)


def build(site: Site, *arguments: str) -> dict[str, bytes]:
    run = site.build(*arguments)
    assert run.exit_code == 0, run.stderr
    return tree(site.output)


def edit(site: Site, path: str, old: str, new: str) -> None:
    file = site.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_no_output_file_has_a_trace_of_a_report_under_embargo(press):
    files = build(press)
    assert "en/feed.xml" in files and "sitemap.xml" in files and "de/events/2024-sebring/index.html" in files
    found = [(path, secret) for path, data in files.items() for secret in SECRETS if secret.encode() in data]
    assert found == []


def test_the_output_is_exactly_what_it_would_be_without_the_files_under_embargo(press):
    published = build(press, "--no-cache")
    press.remove(SEBRING_EN)
    press.remove(SEBRING_DE)
    assert build(press, "--no-cache") == published


def test_a_report_under_embargo_counts_for_no_driver_statistic(press):
    press.build()
    stats = press.soup("en/drivers/marco-reis/index.html").select(".stats dd")
    assert [value.get_text() for value in stats] == ["1", "0", "0", "0"]  # Daytona only: no Sebring win
    assert [
        figure.blockquote.get_text()
        for figure in press.soup("en/drivers/lena-vogt/index.html").select(".quotes figure")
    ] == ["Twenty-four hours without a mistake: that is what wins this race."]


def test_an_event_whose_only_report_is_under_embargo_keeps_its_page(press):
    press.build()
    event = press.soup("en/events/2024-sebring/index.html")
    assert event.h1.get_text(strip=True) == "Sebring 12 Hours"
    assert "No reports yet." in event.get_text()


def test_once_its_publish_at_has_passed_a_translation_is_published_as_if_it_had_none(press):
    at_that_time = build(press, "--no-cache", "--now", AFTER_THE_EMBARGO)
    assert "en/reports/2024-sebring-12/index.html" in at_that_time
    assert b'class="embargo"' not in at_that_time["en/reports/2024-sebring-12/index.html"]
    edit(press, SEBRING_EN, "publish_at: 2999-03-16T20:00:00-04:00\n", "")
    edit(press, SEBRING_DE, "publish_at: 2999-03-17T01:00:00+01:00\n", "")
    assert build(press, "--no-cache", "--now", AFTER_THE_EMBARGO) == at_that_time


def test_the_clock_decides_each_translation_by_its_own_publish_at(press):
    edit(
        press,
        SEBRING_DE,
        "publish_at: 2999-03-17T01:00:00+01:00",
        "publish_at: 2999-03-16T23:59:59+01:00\nevent: 2024-sebring",
    )
    files = build(press, "--now", "2999-03-17T00:30:00+01:00")  # after the German's moment, before the English's
    assert "de/berichte/2024-sebring-12/index.html" in files
    assert "en/reports/2024-sebring-12/index.html" not in files
    switcher = press.soup("de/berichte/2024-sebring-12/index.html").select_one(".language-switch a")
    assert (switcher["href"], switcher["class"]) == ("../../../en/events/2024-sebring/", ["untranslated"])
    hreflangs = [
        link["hreflang"]
        for link in press.soup("de/berichte/2024-sebring-12/index.html").select('link[rel="alternate"][hreflang]')
    ]
    assert hreflangs == ["de", "x-default"]


def test_future_builds_every_translation_marked_with_the_end_of_its_embargo(press):
    files = build(press, "--future")
    english = press.soup("en/reports/2024-sebring-12/index.html")
    assert english.select_one("p.embargo").get_text() == "Under embargo until 16 March 2999, 20:00 (UTC-04:00)"
    assert english.select_one("p.embargo time")["datetime"] == "2999-03-16T20:00:00-04:00"
    assert english.select_one('meta[name="robots"]')["content"] == "noindex"
    german = press.soup("de/berichte/2024-sebring-12/index.html")
    assert german.select_one("p.embargo").get_text() == "Sperrfrist bis 17. März 2999, 01:00 Uhr (UTC+01:00)"
    badge = press.soup("de/index.html").select_one(".report-card .embargo-badge")
    assert badge.get_text() == "Sperrfrist"
    assert b"2024-sebring-12" in files["sitemap.xml"] and b"2024-sebring-12" in files["en/feed.xml"]
    daytona = press.soup("en/reports/2024-daytona-24/index.html")
    assert daytona.select_one("p.embargo") is None and daytona.select_one('meta[name="robots"]') is None


def test_the_build_summary_names_the_translations_scheduled_and_the_first_publish_at_as_written(press):
    run = press.build()
    assert run.stdout.startswith("built 34 pages (de 15, en 15, 4 shared) in ")
    assert run.stdout.endswith(
        " into " + str(press.output) + "; 2 translations scheduled, the first at 2999-03-17T01:00:00+01:00\n"
    )
    edit(press, SEBRING_EN, "2999-03-16T20:00:00-04:00", "2999-03-16T18:00:00-04:00")
    assert press.build().stdout.endswith("; 2 translations scheduled, the first at 2999-03-16T18:00:00-04:00\n")
    assert press.build("--now", AFTER_THE_EMBARGO).stdout.endswith(" into " + str(press.output) + "\n")


def test_translations_shows_a_translation_under_embargo_as_scheduled(press):
    edit(press, SEBRING_DE, "publish_at: 2999-03-17T01:00:00+01:00\n", "")
    run = press.run("translations")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines() == [
        "report           de   en         lacks",
        "2024-sebring-12  yes  scheduled  en",
        "2024-daytona-24  yes  yes",
        "2 reports, 1 lacking a language",
    ]


def test_check_sees_what_build_would_publish_and_a_link_to_a_report_under_embargo_is_broken(press):
    path = "content/reports/2024-daytona-24.en.md"
    edit(press, path, "a lap down.\n", "a lap down.\n\nNext: [Sebring](../2024-sebring-12/).\n")
    run = press.run("check")
    assert run.exit_code == 1
    assert run.errors == [
        f"{path}:34:17: error: broken link '../2024-sebring-12/' on en/reports/2024-daytona-24/index.html: "
        "the site has no en/reports/2024-sebring-12/"
    ]
    assert press.run("check", "--future").exit_code == 0
    assert press.run("check", "--now", AFTER_THE_EMBARGO).exit_code == 0


def test_serve_builds_as_if_every_publish_at_had_passed_and_rebuilds_when_an_embargo_ends(press):
    cache = press.root / ".pitboard-cache"
    config = load_config(press.root)
    served = DevSite(config, SiteBuilder(press.root, BuildCache(cache)), press.output, BuildLock(cache))
    assert served.rebuild()
    assert "Under embargo until" in press.page("en/reports/2024-sebring-12/index.html")
    assert served.embargo_ends == datetime(2999, 3, 17, 0, 0, tzinfo=UTC)
    assert not served.is_due()
    served.embargo_ends = datetime.now(UTC) - timedelta(seconds=1)
    assert served.is_due()
    served.rebuild()
    assert served.embargo_ends == datetime(2999, 3, 17, 0, 0, tzinfo=UTC)


# Facts stated only in a translation that is not published (spec 11: as if the file were absent)


REPORT_EN = "content/reports/2023-spa-race-1.en.md"
REPORT_DE = "content/reports/2023-spa-race-1.de.md"
RACE_2 = "content/reports/2023-spa-race-2.en.md"


def test_a_translation_inherits_no_fact_from_one_under_embargo(site):
    edit(
        site,
        REPORT_EN,
        'title: "Win in the first race at Spa"\n',
        'title: "Win in the first race at Spa"\npublish_at: 2999-01-01T09:00:00+01:00\n',
    )
    run = site.build()
    assert run.exit_code == 1
    assert run.errors == [
        f"{REPORT_DE}:2:1: error: missing required field 'event': only {REPORT_EN} (under embargo until "
        "2999-01-01T09:00:00+01:00) states it, and a translation inherits nothing from one that is not published; "
        "state it here too"
    ]
    assert site.build("--future").exit_code == 0


def test_results_stated_only_in_a_translation_under_embargo_are_not_shown_nor_counted(site):
    site.write(RACE_2, "---\ntitle: Retirement in race 2\ndate: 2023-07-30\nevent: 2023-spa\nrace: race-2\n---\nOut.\n")
    site.write(
        "content/reports/2023-spa-race-2.de.md",
        """
---
title: Ausfall im zweiten Lauf
date: 2023-07-30
publish_at: 2999-01-01T09:00:00+01:00
entries:
  - {car: Testwagen GT3, number: 8, drivers: [carla-diaz], position: 1}
---
Sieg.
""",
    )
    site.build()
    assert site.soup("en/reports/2023-spa-race-2/index.html").select(".results") == []
    assert [value.get_text() for value in site.soup("en/drivers/carla-diaz/index.html").select(".stats dd")] == [
        "0",
        "0",
        "0",
        "0",
    ]
    site.build("--future")
    assert site.soup("en/reports/2023-spa-race-2/index.html").select(".results")
    assert [value.get_text() for value in site.soup("en/drivers/carla-diaz/index.html").select(".stats dd")] == [
        "1",
        "1",
        "1",
        "0",
    ]


def test_a_race_stated_only_in_a_translation_under_embargo_is_missing_from_the_published_results(site):
    edit(site, REPORT_EN, "race: race-1\n", "")
    site.write(
        REPORT_DE, "---\ntitle: Sieg\ndate: 2023-07-29\npublish_at: 2999-01-01T09:00:00Z\nrace: race-1\n---\nText.\n"
    )
    run = site.build()
    assert run.errors == [
        f"{REPORT_EN}:2:1: error: missing field 'race': event '2023-spa' has 2 races ('race-1', 'race-2'); "
        f"a report with entries names the race they are results of; only {REPORT_DE} (under embargo until "
        "2999-01-01T09:00:00Z) states it, and a translation inherits nothing from one that is not published"
    ]


def test_a_translation_inherits_no_fact_from_a_draft_either(site):
    edit(
        site,
        REPORT_EN,
        'title: "Win in the first race at Spa"\n',
        'title: "Win in the first race at Spa"\ndraft: true\n',
    )
    assert site.build().errors == [
        f"{REPORT_DE}:2:1: error: missing required field 'event': only {REPORT_EN} (a draft) states it, and a "
        "translation inherits nothing from one that is not published; state it here too"
    ]
    assert site.build("--drafts").exit_code == 0


def test_files_under_embargo_are_checked_like_every_other(site):
    site.write(
        "content/reports/2023-spa-race-2.de.md",
        "---\ntitle: Aus\ndate: 2023-07-30\n"
        "publish_at: 2999-01-01T09:00:00Z\nquotes:\n  - {by: ana-berg, text: Schade.}\n---\nText.\n",
    )
    assert site.build().errors == [
        "content/reports/2023-spa-race-2.de.md:6:10: error: unknown driver 'ana-berg' "
        "(no content/drivers/ana-berg.yaml) (did you mean 'anna-berg'?)"
    ]


def test_publish_at_is_not_inherited(site):
    edit(
        site,
        REPORT_EN,
        'title: "Win in the first race at Spa"\n',
        'title: "Win in the first race at Spa"\npublish_at: 2999-01-01T09:00:00+01:00\n',
    )
    edit(site, REPORT_DE, "date: 2023-07-29\n", "date: 2023-07-29\nevent: 2023-spa\nrace: race-1\n")
    site.build()
    assert (site.output / "de/berichte/2023-spa-race-1/index.html").is_file()
    assert not (site.output / "en/reports/2023-spa-race-1").exists()


# publish_at and --now: the errors


def report_with_publish_at(site: Site, value: str) -> None:
    site.write(
        "content/reports/2023-spa-race-2.de.md", f"---\ntitle: Aus\ndate: 2023-07-30\npublish_at: {value}\n---\n"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2024-01-28T18:00:00",
            "'2024-01-28T18:00:00' has no UTC offset: add the offset of its time zone, "
            "e.g. 2024-01-28T18:00:00+01:00 (Z for UTC)",
        ),
        ("2024-01-28", "expected a date-time with its UTC offset, e.g. 2024-01-28T18:00:00+01:00, got '2024-01-28'"),
        (
            "28.01.2024 18:00",
            "expected a date-time with its UTC offset, e.g. 2024-01-28T18:00:00+01:00, got '28.01.2024 18:00'",
        ),
        ("2024-02-30T18:00:00+01:00", "'2024-02-30T18:00:00+01:00' is not a calendar date and time"),
    ],
)
def test_a_publish_at_that_is_no_date_time_with_offset_is_an_error_at_its_value(site, value, message):
    report_with_publish_at(site, value)
    run = site.build()
    assert run.exit_code == 1
    assert run.errors == [f"content/reports/2023-spa-race-2.de.md:4:13: error: publish_at: {message}"]


@pytest.mark.parametrize("value", ["2024-01-28T18:00:00Z", "2024-01-28T18:00+01:00", "2024-01-28 18:00:00.5-05:00"])
def test_publish_at_takes_the_iso_forms_with_an_offset(site, value):
    report_with_publish_at(site, value)
    assert site.build().exit_code == 0


def test_publish_at_on_a_free_page_is_an_unknown_field(site):
    site.write("content/pages/about.en.md", "---\ntitle: About\npublish_at: 2999-01-01T00:00:00Z\n---\n")
    assert site.build().errors == ["content/pages/about.en.md:3:1: error: unknown field 'publish_at'"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-01-28T18:00:00", "'2024-01-28T18:00:00' has no UTC offset"),
        ("tomorrow", "expected a date-time with its UTC offset, e.g. 2024-01-28T18:00:00+01:00, got 'tomorrow'"),
    ],
)
@pytest.mark.parametrize("command", ["build", "check"])
def test_now_without_an_offset_is_a_usage_error(site, command, value, message):
    run = site.run(command, "--now", value)
    assert run.exit_code == 2
    assert f"pitboard {command}: error: argument --now: {message}" in run.stderr
    assert not site.output.exists()


# The notice's parts, in the offset written


def formats(locale: str) -> Formats:
    return Formats(Locale.parse(locale), NullTranslations())


@pytest.mark.parametrize(
    ("moment", "locale", "time", "offset"),
    [
        ("2024-01-28T18:00:00+01:00", "de_DE", "18:00", "UTC+01:00"),
        ("2024-01-28T18:00:00-05:00", "en_US", "6:00\u202fPM", "UTC-05:00"),
        ("2024-01-28T18:00:00+05:30", "en_GB", "18:00", "UTC+05:30"),
        ("2024-01-28T18:00:00Z", "en_GB", "18:00", "UTC"),
    ],
)
def test_the_time_and_offset_are_those_written(moment, locale, time, offset):
    value = datetime.fromisoformat(moment)
    assert formats(locale).time(value) == time
    assert formats(locale).utc_offset(value) == offset


def test_one_moment_in_two_offsets_is_two_times_of_day():
    formatter = formats("en_GB")
    assert formatter.time(datetime.fromisoformat("2024-01-28T18:00:00+01:00")) == "18:00"
    assert formatter.time(datetime.fromisoformat("2024-01-28T17:00:00+00:00")) == "17:00"
