"""`pitboard new report`: a front-matter skeleton checked against the site, never an overwrite."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import run_cli

REPORTS = "content/reports"


def test_writes_a_skeleton_with_event_race_and_today(site):
    run = site.run("new", "report", "2023-spa-qualifying", "--event", "2023-spa", "--race", "race-2")
    assert run.exit_code == 0, run.stderr
    assert run.stdout == f"wrote {REPORTS}/2023-spa-qualifying.en.md\n"
    text = (site.root / REPORTS / "2023-spa-qualifying.en.md").read_text()
    assert text.startswith(
        f'---\ntitle: "Endurance Cup – Spa – Race 2"\ndate: {date.today().isoformat()}\nevent: 2023-spa\nrace: race-2\n'
    )
    assert "# entries:\n#   - car:" in text
    assert "#     fastest_lap_by:   # Driver id who set it; one of the entry's drivers.\n" in text
    assert text.endswith("---\n")


def test_the_skeleton_builds_at_once(site):
    assert site.run("new", "report", "2023-spa-qualifying", "--event", "2023-spa").exit_code == 0
    build = site.build()
    assert build.exit_code == 0, build.stderr
    assert "Endurance Cup – Spa" in site.page("en/reports/2023-spa-qualifying/index.html")


ZOLDER = """
    name: Zolder
    season: 2023
    start: 2023-09-02
    races:
      - { id: main-race, name: Main race }
"""


def test_the_only_race_of_an_event_is_filled_in(site):
    site.write("content/events/2023-zolder.yaml", ZOLDER)
    assert site.run("new", "report", "2023-zolder", "--event", "2023-zolder").exit_code == 0
    text = (site.root / REPORTS / "2023-zolder.en.md").read_text()
    assert 'title: "Zolder – Main race"\n' in text
    assert "event: 2023-zolder\nrace: main-race\n" in text


def test_without_race_the_skeleton_names_the_races_that_results_need(site):
    assert site.run("new", "report", "2023-spa-test", "--event", "2023-spa").exit_code == 0
    text = (site.root / REPORTS / "2023-spa-test.en.md").read_text()
    assert "\nrace:" not in text
    assert "\n# race:                 # Results need their race: race-1 or race-2.\n# entries:\n" in text


@pytest.mark.parametrize(
    "event", [["2023-spa", "--race", "race-2"], ["2023-zolder"]], ids=["race given", "the event's only race"]
)
def test_the_skeleton_uncommented_as_is_asks_only_for_car_and_drivers(site, event):
    site.write("content/events/2023-zolder.yaml", ZOLDER)
    assert site.run("new", "report", "2023-test", "--event", *event).exit_code == 0
    path = site.root / REPORTS / "2023-test.en.md"
    lines = path.read_text().splitlines(keepends=True)
    start = next(number for number, line in enumerate(lines) if line.startswith("# entries:"))
    path.write_text("".join(lines[:start] + [line.removeprefix("# ") for line in lines[start:]]))
    run = site.run("check")
    assert run.exit_code == 1
    car, drivers = (number for number, line in enumerate(lines, 1) if line.startswith(("#   - car:", "#     drivers:")))
    assert run.errors == [
        f"{REPORTS}/2023-test.en.md:{car}:9: error: entries[0].car: must not be empty",
        f"{REPORTS}/2023-test.en.md:{drivers}:13: error: entries[0].drivers: must not be empty",
    ]


def test_lang_chooses_the_translation_and_its_title(site):
    run = site.run("new", "report", "2023-spa-race-2", "--event", "2023-spa", "--race", "race-2", "--lang", "de")
    assert run.exit_code == 0, run.stderr
    text = (site.root / REPORTS / "2023-spa-race-2.de.md").read_text()
    assert 'title: "Endurance Cup – Spa – 2. Lauf"\n' in text
    # the English translation states the entries already: this one inherits them
    assert "entries" not in text
    assert site.build().exit_code == 0


def test_an_existing_file_is_never_overwritten(site):
    path = site.root / REPORTS / "2023-spa-race-1.en.md"
    before = path.read_text()
    run = site.run("new", "report", "2023-spa-race-1", "--event", "2023-spa", "--race", "race-1")
    assert run.exit_code == 2
    assert run.stderr == (
        f"pitboard: error: {REPORTS}/2023-spa-race-1.en.md already exists; pitboard new never overwrites a file\n"
    )
    assert path.read_text() == before


def test_an_unknown_event_is_refused_with_a_hint(site):
    run = site.run("new", "report", "2023-spa-test", "--event", "2023-sap")
    assert run.exit_code == 2
    assert run.stderr == (
        "pitboard: error: unknown event '2023-sap' (no content/events/2023-sap.yaml) (did you mean '2023-spa'?)\n"
    )
    assert not (site.root / REPORTS / "2023-spa-test.en.md").exists()


def test_an_unknown_race_is_refused_with_a_hint(site):
    run = site.run("new", "report", "2023-spa-test", "--event", "2023-spa", "--race", "race-3")
    assert run.exit_code == 2
    assert run.stderr == (
        "pitboard: error: unknown race 'race-3' of event '2023-spa' (its races: race-1, race-2) "
        "(did you mean 'race-1'?)\n"
    )
    assert not (site.root / REPORTS / "2023-spa-test.en.md").exists()


def test_a_translation_must_agree_with_the_others(site):
    run = site.run("new", "report", "2023-spa-race-2", "--event", "2023-spa", "--race", "race-1", "--lang", "de")
    assert run.exit_code == 2
    assert run.stderr == (
        f"pitboard: error: report '2023-spa-race-2' has race 'race-2' in {REPORTS}/2023-spa-race-2.en.md; "
        "use --race race-2\n"
    )


def test_invalid_id_and_unknown_language_are_usage_errors(site):
    invalid = site.run("new", "report", "Spa_2023", "--event", "2023-spa")
    assert invalid.exit_code == 2
    assert "'Spa_2023' is not a valid id" in invalid.stderr
    language = site.run("new", "report", "2023-spa-test", "--event", "2023-spa", "--lang", "dr")
    assert language.exit_code == 2
    assert language.stderr == (
        "pitboard: error: unknown language 'dr' (configured languages: 'en', 'de') (did you mean 'de'?)\n"
    )


def test_an_event_with_errors_shows_them_and_exits_1(site):
    site.write("content/events/2023-spa.yaml", "name: Spa\nseason: 2023\n")
    run = site.run("new", "report", "2023-spa-test", "--event", "2023-spa")
    assert run.exit_code == 1
    assert run.errors == ["content/events/2023-spa.yaml:1:1: error: missing required field 'start'"]
    assert not (site.root / REPORTS / "2023-spa-test.en.md").exists()


def test_event_is_required():
    assert run_cli("new", "report", "x").exit_code == 2
