"""An entry's `gap` to its class winner (spec 11): the schema, the rules within a file, the resolved model and the
localized form templates show."""

from __future__ import annotations

import pytest
from babel import Locale
from conftest import REPO, Site
from pydantic import ValidationError

from generator.build import load_site
from generator.config import load_config
from generator.diagnostics import Diagnostic
from generator.i18n import Formats, load_catalog
from generator.schema import EntryFields
from generator.theme import load_theme
from generator.theme_files import theme_files

REPORT = "content/reports/2023-spa-race-1.en.md"


def entry_with(**fields: object) -> dict[str, object]:
    return {"car": "Testwagen GT3", "drivers": ["anna-berg"], **fields}


@pytest.mark.parametrize(
    "gap", ["+0.292", "+9.000", "+59.999", "+1:02.345", "+12:00.000", "1 lap", "2 laps", "14 laps"]
)
def test_the_schema_takes_a_signed_time_or_laps(gap: str) -> None:
    assert EntryFields.model_validate(entry_with(position=2, gap=gap)).gap == gap


@pytest.mark.parametrize(
    "gap",
    ["0.292", "+0,292", "+0.29", "+60.000", "+1:2.345", "-0.292", "1 laps", "4 lap", "0 laps", "4 Laps", "+1 lap", ""],
)
def test_the_schema_refuses_anything_else(gap: str) -> None:
    with pytest.raises(ValidationError):
        EntryFields.model_validate(entry_with(position=2, gap=gap))


def report_with_entry(site: Site, entry_lines: str) -> None:
    site.write(
        REPORT,
        "---\ntitle: Win\ndate: 2023-07-29\nevent: 2023-spa\nrace: race-1\nentries:\n"
        "  - car: Testwagen GT3\n    drivers: [anna-berg]\n" + entry_lines + "---\nBody.\n",
    )


def errors_of(site: Site) -> list[str]:
    run = site.build()
    assert run.exit_code == 1, run.stdout + run.stderr
    return run.errors


def test_a_malformed_gap_says_what_a_gap_looks_like(site: Site) -> None:
    report_with_entry(site, "    position: 2\n    gap: +0,292\n")
    assert errors_of(site) == [
        f"{REPORT}:10:10: error: entries[0].gap: invalid gap '+0,292': expected a time like +0.292 or +1:02.345, "
        "or laps like 1 lap / 4 laps"
    ]


def test_a_number_is_no_gap(site: Site) -> None:
    report_with_entry(site, "    position: 2\n    gap: 0.292\n")
    assert errors_of(site) == [
        f"{REPORT}:10:10: error: entries[0].gap: invalid gap '0.292': expected a time like +0.292 or +1:02.345, "
        "or laps like 1 lap / 4 laps"
    ]


def test_the_class_winner_has_no_gap_at_the_later_node(site: Site) -> None:
    report_with_entry(site, '    gap: "+0.292"\n    position: 1\n')
    assert errors_of(site) == [
        f"{REPORT}:10:15: error: entries[0].gap: the class winner (position 1) has no gap; remove gap"
    ]


def test_a_car_that_did_not_finish_has_no_gap_at_the_later_node(site: Site) -> None:
    report_with_entry(site, "    status: nc\n    gap: 3 laps\n")
    assert errors_of(site) == [
        f"{REPORT}:10:10: error: entries[0].gap: a car with status 'nc' has no gap to the class winner; "
        "remove gap or set status: finished"
    ]


def test_the_gap_rules_hold_in_a_report_with_an_error_elsewhere(site: Site) -> None:
    site.write(
        REPORT,
        "---\ntitle: Win\ndate: 2023-07-32\nevent: 2023-spa\nrace: race-1\nentries:\n"
        "  - car: Testwagen GT3\n    drivers: [anna-berg]\n    status: dnf\n    gap: 1 lap\n---\nBody.\n",
    )
    assert errors_of(site) == [
        f"{REPORT}:3:7: error: date: '2023-07-32' is not a calendar date",
        f"{REPORT}:10:10: error: entries[0].gap: a car with status 'dnf' has no gap to the class winner; "
        "remove gap or set status: finished",
    ]


def test_the_resolved_entry_carries_its_gap(site: Site) -> None:
    report_with_entry(site, '    position: 2\n    gap: "+1:02.345"\n')
    report = load_site(load_config(site.root)).site.report_by_id["2023-spa-race-1"]
    assert [entry.gap for entry in report.entries] == ["+1:02.345"]


def formats(lang: str, locale: str) -> Formats:
    catalog = load_catalog(lang, theme_files(REPO).catalogs(lang))
    assert not isinstance(catalog, Diagnostic)
    return Formats(Locale.parse(locale), catalog)


@pytest.mark.parametrize(
    ("gap", "german", "english"),
    [
        ("+0.292", "+0,292\u00a0s", "+0.292\u00a0s"),
        ("+12.000", "+12,000\u00a0s", "+12.000\u00a0s"),
        ("+1:02.345", "+1:02,345", "+1:02.345"),
        ("1 lap", "1 Runde", "1 lap"),
        ("4 laps", "4 Runden", "4 laps"),
    ],
)
def test_the_gap_filter_speaks_the_page_language(gap: str, german: str, english: str) -> None:
    assert formats("de", "de_DE").gap(gap) == german
    assert formats("en", "en_GB").gap(gap) == english


def test_templates_have_the_gap_filter_in_each_language(site: Site) -> None:
    theme = load_theme(load_config(site.root))
    assert theme.environments["de"].from_string("{{ '4 laps'|gap }}").render() == "4 Runden"
    assert theme.environments["en"].from_string("{{ '+0.292'|gap }}").render() == "+0.292\u00a0s"


def results_column(site: Site, page: str, label: str) -> list[str]:
    """The cells of the results table's column headed `label`, row by row."""
    table = site.soup(page).select_one(".results table")
    headings = [th.get_text(strip=True) for th in table.select("thead th")]
    if label not in headings:
        return []
    column = headings.index(label)
    return [row.find_all("td")[column].get_text(strip=True) for row in table.select("tbody tr")]


def test_the_results_table_shows_a_gap_column_when_an_entry_has_a_gap(site: Site) -> None:
    site.write(
        REPORT,
        "---\ntitle: Win\ndate: 2023-07-29\nevent: 2023-spa\nrace: race-1\nentries:\n"
        "  - {car: Testwagen GT3, number: 7, class: GT3, drivers: [anna-berg], position: 1}\n"
        "  - {car: Testwagen GT3, number: 8, class: GT3, drivers: [ben-carter], position: 2, gap: '+12.345'}\n"
        "  - {car: Testwagen GT3, number: 9, class: GT3, drivers: [carla-diaz], position: 3, gap: 2 laps}\n"
        "---\nBody.\n",
    )
    assert site.build().exit_code == 0
    assert results_column(site, "en/reports/2023-spa-race-1/index.html", "Gap") == ["–", "+12.345\u00a0s", "2 laps"]
    assert results_column(site, "de/berichte/2023-spa-race-1/index.html", "Rückstand") == [
        "–",
        "+12,345\u00a0s",
        "2 Runden",
    ]
    cells = site.soup("en/reports/2023-spa-race-1/index.html").select('td[data-label="Gap"]')
    assert [cell.get("class") for cell in cells] == [["number", "fit", "empty"], ["number", "fit"], ["number", "fit"]]


def test_a_results_table_without_gaps_has_no_gap_column(site: Site) -> None:
    assert site.build().exit_code == 0
    assert results_column(site, "en/reports/2023-spa-race-1/index.html", "Laps") == ["113"]
    assert results_column(site, "en/reports/2023-spa-race-1/index.html", "Gap") == []
