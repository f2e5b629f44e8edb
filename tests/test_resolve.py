"""Resolution: statistics and indexes of the resolved site."""

from __future__ import annotations

from generator.build import load_site
from generator.config import load_config
from generator.model import DriverStats


def resolved(site):
    return load_site(load_config(site.root)).site


def test_statistics_count_each_report_once_whatever_its_translations(site):
    model = resolved(site)
    # race 1: win with fastest lap by Anna (two translations); race 2: dnf
    assert model.stats["anna-berg"] == DriverStats(starts=2, wins=1, podiums=1, fastest_laps=1)
    assert model.stats["ben-carter"] == DriverStats(starts=2, wins=1, podiums=1, fastest_laps=0)


def test_did_not_start_is_no_start(site):
    site.write(
        "content/reports/2023-spa-race-2.en.md",
        """
    ---
    title: Out before the start
    date: 2023-07-30
    event: 2023-spa
    race: race-2
    entries:
      - car: Testwagen GT3
        drivers: [anna-berg]
        status: dns
    ---
    """,
    )
    assert resolved(site).stats["anna-berg"].starts == 1


def test_featuring_and_mentioning_indexes(site):
    model = resolved(site)
    assert [report.id for report in model.reports_featuring["anna-berg"]] == ["2023-spa-race-2", "2023-spa-race-1"]
    assert [report.id for report in model.reports_mentioning["carla-diaz"]] == ["2023-spa-race-1"]
    assert "anna-berg" not in model.reports_mentioning


def test_drivers_sort_by_sort_name_and_reports_newest_first(site):
    model = resolved(site)
    assert [driver.id for driver in model.drivers] == ["anna-berg", "ben-carter", "carla-diaz"]
    assert [report.id for report in model.reports] == ["2023-spa-race-2", "2023-spa-race-1"]


def test_default_summary_is_the_first_paragraph(site):
    translation = resolved(site).report_by_id["2023-spa-race-1"].translation("de")
    assert translation.summary.startswith("Anna Berg startete von Platz drei")
