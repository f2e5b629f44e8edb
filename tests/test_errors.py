"""Every error class of spec section 6: the exact path, line and column, exit 1, nothing written."""

from __future__ import annotations

import pytest

REPORT = "content/reports/2023-spa-race-1.en.md"
REPORT_DE = "content/reports/2023-spa-race-1.de.md"
EVENT = "content/events/2023-spa.yaml"


def only_error(site) -> str:
    run = site.build()
    assert run.exit_code == 1, run.stdout + run.stderr
    assert not site.output.exists()
    assert len(run.errors) == 1, run.stderr
    assert "Traceback" not in run.stderr
    return run.errors[0]


def report_with(site, front_matter_lines: str, path: str = REPORT) -> None:
    """Replace a report by one with the given front matter (starting on line 2)."""
    site.write(path, "---\n" + front_matter_lines.strip("\n") + "\n---\nBody.\n")


def test_yaml_syntax_error_in_front_matter(site):
    report_with(
        site,
        """
title: Win: at Spa
date: 2023-07-29
event: 2023-spa
""",
    )
    assert only_error(site) == (
        f"{REPORT}:2:11: error: invalid YAML: mapping values are not allowed in this context; "
        "a value that contains ': ' must be quoted"
    )


def test_yaml_syntax_error_in_data_file(site):
    site.write(
        EVENT,
        """
name: Spa
season: 2023
start: [2023-07-28
""",
    )
    error = only_error(site)
    assert error.startswith(f"{EVENT}:4:1: error: invalid YAML: did not find expected ',' or ']'")


def test_duplicate_yaml_key(site):
    site.write(
        "content/drivers/ben-carter.yaml",
        """
name: Ben Carter
nationality: GB
name: Benjamin Carter
""",
    )
    assert only_error(site) == (
        "content/drivers/ben-carter.yaml:3:1: error: duplicate key 'name' (first given at line 1)"
    )


def test_missing_front_matter(site):
    site.write(REPORT, "title: Win\n\nBody.\n")
    assert only_error(site) == (
        f"{REPORT}:1:1: error: missing front matter: the file must start with a line '---', "
        "the YAML fields, and another '---'"
    )


def test_unterminated_front_matter(site):
    site.write(REPORT, "---\ntitle: Win\ndate: 2023-07-29\n\nBody.\n")
    assert only_error(site) == (
        f"{REPORT}:1:1: error: unterminated front matter: no closing '---' line after the YAML fields"
    )


def test_front_matter_that_is_not_a_mapping(site):
    report_with(site, "- title\n- date")
    assert only_error(site) == (
        f"{REPORT}:2:1: error: front matter must be a mapping of fields (key: value), not a list"
    )


def test_missing_required_field_points_at_the_mapping(site):
    report_with(
        site,
        """
date: 2023-07-29
event: 2023-spa
""",
    )
    assert only_error(site) == f"{REPORT}:2:1: error: missing required field 'title'"


def test_missing_field_in_an_entry_points_at_the_entry(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
entries:
  - car: Testwagen GT3
    position: 1
race: race-1
""",
    )
    assert only_error(site) == f"{REPORT}:6:5: error: missing required field 'entries[0].drivers'"


def test_bad_date(site):
    report_with(
        site,
        """
title: Win
date: 2023-02-30
event: 2023-spa
""",
    )
    assert only_error(site) == f"{REPORT}:3:7: error: date: '2023-02-30' is not a calendar date"


def test_date_in_wrong_format(site):
    report_with(
        site,
        """
title: Win
date: 29.07.2023
event: 2023-spa
""",
    )
    assert only_error(site) == f"{REPORT}:3:7: error: date: expected a date YYYY-MM-DD, got '29.07.2023'"


def test_negative_laps(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
entries:
  - car: Testwagen GT3
    drivers: [anna-berg]
    laps: -3
race: race-1
""",
    )
    assert only_error(site) == f"{REPORT}:8:11: error: entries[0].laps: must be at least 0, got -3"


def test_bad_lap_time(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
entries:
  - car: Testwagen GT3
    drivers: [anna-berg]
    fastest_lap: "1:32,136"
race: race-1
""",
    )
    assert only_error(site) == (
        f"{REPORT}:8:18: error: entries[0].fastest_lap: invalid lap time '1:32,136': expected M:SS.fff, e.g. 1:32.136"
    )


def test_unknown_status_with_hint(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
entries:
  - car: Testwagen GT3
    drivers: [anna-berg]
    status: dfn
race: race-1
""",
    )
    assert only_error(site) == (
        f"{REPORT}:8:13: error: entries[0].status: unknown value 'dfn' "
        "(expected one of 'finished', 'dnf', 'dns', 'dsq', 'nc') (did you mean 'dnf'?)"
    )


def test_wrong_type(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
draft: yes
event: 2023-spa
""",
    )
    assert only_error(site) == f"{REPORT}:4:8: error: draft: expected true or false, got 'yes'"


def test_unknown_field_with_hint(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
sumary: Short.
""",
    )
    assert only_error(site) == f"{REPORT}:5:1: error: unknown field 'sumary' (did you mean 'summary'?)"


def test_unknown_field_in_driver_file(site):
    site.write(
        "content/drivers/ben-carter.yaml",
        """
name: Ben Carter
natinality: GB
""",
    )
    assert only_error(site) == (
        "content/drivers/ben-carter.yaml:2:1: error: unknown field 'natinality' (did you mean 'nationality'?)"
    )


def test_unknown_language_suffix(site):
    site.write("content/reports/2023-spa-race-1.fr.md", "---\ntitle: Victoire\ndate: 2023-07-29\n---\n")
    assert only_error(site) == (
        "content/reports/2023-spa-race-1.fr.md:1:1: error: unknown language suffix 'fr' "
        "(configured languages: 'en', 'de')"
    )


def test_missing_language_suffix(site):
    site.write("content/reports/2023-spa-race-3.md", "---\ntitle: Race 3\ndate: 2023-07-30\n---\n")
    assert only_error(site) == (
        "content/reports/2023-spa-race-3.md:1:1: error: missing language suffix: name the file <id>.<lang>.md, "
        "e.g. '2023-spa-race-3.en.md' (configured languages: 'en', 'de')"
    )


def test_file_name_that_is_not_a_valid_id(site):
    site.write("content/drivers/Dan_Evans.yaml", "name: Dan Evans\n")
    assert only_error(site) == (
        "content/drivers/Dan_Evans.yaml:1:1: error: 'Dan_Evans' is not a valid id: file names use lowercase "
        "letters, digits and single hyphens, e.g. 'dan-evans'"
    )


def test_unknown_driver_with_hint(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
entries:
  - car: Testwagen GT3
    drivers: [anna-berg, ben-cartr]
race: race-1
""",
    )
    assert only_error(site) == (
        f"{REPORT}:7:26: error: unknown driver 'ben-cartr' (no content/drivers/ben-cartr.yaml) "
        "(did you mean 'ben-carter'?)"
    )


def test_unknown_event_with_hint(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-sap
""",
    )
    assert only_error(site) == (
        f"{REPORT}:4:8: error: unknown event '2023-sap' (no content/events/2023-sap.yaml) (did you mean '2023-spa'?)"
    )


def test_unknown_race_with_hint(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
race: race-3
""",
    )
    assert only_error(site) == (
        f"{REPORT}:5:7: error: unknown race 'race-3' of event '2023-spa' (its races: race-1, race-2) "
        "(did you mean 'race-1'?)"
    )


def test_unknown_series(site):
    site.write(
        EVENT,
        """
name: Spa
series: endurance-cpu
season: 2023
start: 2023-07-28
""",
    )
    assert only_error(site) == (
        f"{EVENT}:2:9: error: unknown series 'endurance-cpu' (no content/series/endurance-cpu.yaml) "
        "(did you mean 'endurance-cup'?)"
    )


def test_two_files_claiming_the_same_id(site):
    site.write("content/drivers/ben-carter.yml", "name: Ben Carter\n")
    assert only_error(site) == (
        "content/drivers/ben-carter.yml:1:1: error: duplicate driver 'ben-carter': "
        "content/drivers/ben-carter.yaml already defines it"
    )


def test_translations_that_disagree(site):
    report_with(
        site,
        """
title: Sieg
date: 2023-07-29
event: 2023-spa
race: race-1
entries:
  - car: Testwagen GT3
    drivers: [anna-berg, ben-carter]
    position: 1
    laps: 112
""",
        path=REPORT_DE,
    )
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
race: race-1
entries:
  - car: Testwagen GT3
    drivers: [anna-berg, ben-carter]
    position: 1
    laps: 113
""",
    )
    # the node in the file that sorts later (.en.md after .de.md), naming the other file
    assert only_error(site) == (
        f"{REPORT}:10:11: error: translations disagree: entries[0].laps: 113 vs 112 in {REPORT_DE}"
    )


def test_translations_that_disagree_on_the_event(site):
    report_with(site, "title: Sieg\ndate: 2023-07-29\nevent: 2023-spa\n", path=REPORT_DE)
    site.write("content/events/2023-monza.yaml", "name: Monza\nseason: 2023\nstart: 2023-09-01\n")
    report_with(site, "title: Win\ndate: 2023-07-29\nevent: 2023-monza\n")
    assert only_error(site) == (
        f"{REPORT}:4:8: error: translations disagree: event: 2023-monza vs 2023-spa in {REPORT_DE}"
    )


def errors_of(site) -> list[str]:
    run = site.build()
    assert run.exit_code == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    return run.errors


def test_a_bad_field_hides_no_unknown_driver_and_no_disagreement(site):
    report_with(
        site,
        """
title: Sieg
date: 2023-07-29
event: 2023-spa
race: race-1
entries:
  - car: Testwagen GT3
    drivers: [anna-berg, ben-cartr]
    laps: 112
    fastest_lap: 8:15,123
""",
        path=REPORT_DE,
    )
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
race: race-1
entries:
  - car: Testwagen GT3
    drivers: [anna-berg, ben-carter]
    laps: 113
    fastest_lap: "8:15.123"
""",
    )
    assert errors_of(site) == [
        f"{REPORT_DE}:8:26: error: unknown driver 'ben-cartr' (no content/drivers/ben-cartr.yaml) "
        "(did you mean 'ben-carter'?)",
        f"{REPORT_DE}:10:18: error: entries[0].fastest_lap: invalid lap time '8:15,123': expected M:SS.fff, "
        "e.g. 1:32.136",
        f"{REPORT}:8:26: error: translations disagree: entries[0].drivers[1]: ben-carter vs ben-cartr in {REPORT_DE}",
        f"{REPORT}:9:11: error: translations disagree: entries[0].laps: 113 vs 112 in {REPORT_DE}",
    ]


def test_a_bad_field_hides_no_rule_broken_by_another_entry(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
race: race-1
entries:
  - car: Testwagen GT3
    drivers: [anna-berg]
    fastest_lap: 1:32,136
  - car: Testwagen GT3
    drivers: [ben-carter]
    status: dnf
    position: 4
""",
    )
    assert errors_of(site) == [
        f"{REPORT}:9:18: error: entries[0].fastest_lap: invalid lap time '1:32,136': expected M:SS.fff, e.g. 1:32.136",
        f"{REPORT}:13:15: error: entries[1].position: a car with status 'dnf' has no finishing position; "
        "remove position or set status: finished",
    ]


def test_a_bad_date_in_one_translation_hides_no_unknown_race_in_the_other(site):
    report_with(site, "title: Sieg\ndate: 2023-13-01\n", path=REPORT_DE)
    report_with(site, "title: Win\ndate: 2023-07-29\nevent: 2023-spa\nrace: race-3\n")
    assert errors_of(site) == [
        f"{REPORT_DE}:3:7: error: date: '2023-13-01' is not a calendar date",
        f"{REPORT}:5:7: error: unknown race 'race-3' of event '2023-spa' (its races: race-1, race-2) "
        "(did you mean 'race-1'?)",
    ]


def test_an_unknown_driver_in_one_translation_is_named_there_with_a_hint(site):
    entries = "entries:\n  - car: Testwagen GT3\n    drivers: [{}]\n"
    report_with(
        site,
        "title: Sieg\ndate: 2023-07-29\nevent: 2023-spa\nrace: race-1\n" + entries.format("carla-dias"),
        path=REPORT_DE,
    )
    report_with(site, "title: Win\ndate: 2023-07-29\n" + entries.format("carla-diaz"))
    assert errors_of(site) == [
        f"{REPORT_DE}:8:15: error: unknown driver 'carla-dias' (no content/drivers/carla-dias.yaml) "
        "(did you mean 'carla-diaz'?)",
        f"{REPORT}:6:15: error: translations disagree: entries[0].drivers[0]: carla-diaz vs carla-dias in {REPORT_DE}",
    ]


def test_results_about_an_event_of_several_races_name_the_race(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
entries:
  - car: Testwagen GT3
    drivers: [anna-berg]
    position: 1
""",
    )
    assert only_error(site) == (
        f"{REPORT}:2:1: error: missing field 'race': event '2023-spa' has 2 races ('race-1', 'race-2'); "
        "a report with entries names the race they are results of"
    )


def test_a_report_without_results_needs_no_race(site):
    report_with(site, "title: Preview\ndate: 2023-07-27\nevent: 2023-spa\n")
    assert site.build().exit_code == 0


def test_one_cars_result_in_one_race_is_stated_once(site):
    site.write(
        "content/reports/2023-spa-extra.en.md",
        """
    ---
    title: Race 2 again
    date: 2023-07-31
    event: 2023-spa
    race: race-2
    entries:
      - car: Testwagen GT3
        number: 7
        drivers: [anna-berg]
        status: dnf
    ---
    """,
    )
    assert only_error(site) == (
        "content/reports/2023-spa-race-2.en.md:8:5: error: entries[0]: the result of car #7 in race 'race-2' of "
        "event '2023-spa' is already stated at content/reports/2023-spa-extra.en.md:7; "
        "state a car's result in a race in one report only"
    )


def test_a_car_without_number_is_known_by_its_name_and_crew(site):
    site.write("content/events/2023-spa.yaml", "name: Spa\nseason: 2023\nstart: 2023-07-29\n")
    entry = "entries:\n  - car: Testwagen GT3\n    drivers: [anna-berg, ben-carter]\n"
    report_with(site, "title: Win\ndate: 2023-07-29\nevent: 2023-spa\n" + entry)
    report_with(
        site, "title: Out\ndate: 2023-07-30\nevent: 2023-spa\n" + entry, path="content/reports/2023-spa-race-2.en.md"
    )
    assert only_error(site) == (
        "content/reports/2023-spa-race-2.en.md:6:5: error: entries[0]: the result of the Testwagen GT3 of "
        "anna-berg, ben-carter in event '2023-spa' is already stated at content/reports/2023-spa-race-1.en.md:6; "
        "state a car's result in a race in one report only"
    )


def test_the_only_race_of_an_event_is_the_race_of_a_report_that_names_none(site):
    site.write(
        "content/events/2023-spa.yaml",
        """
name: Spa
season: 2023
start: 2023-07-29
races:
  - { id: race-1, name: Race }
""",
    )
    report_with(
        site,
        "title: Win\ndate: 2023-07-29\nevent: 2023-spa\nentries:\n  - car: X\n    number: 7\n"
        "    drivers: [anna-berg]\n",
    )
    report_with(
        site,
        "title: Again\ndate: 2023-07-30\nevent: 2023-spa\nrace: race-1\nentries:\n  - car: X\n"
        "    number: 7\n    drivers: [anna-berg]\n",
        path="content/reports/2023-spa-race-2.en.md",
    )
    assert only_error(site) == (
        "content/reports/2023-spa-race-2.en.md:7:5: error: entries[0]: the result of car #7 in race 'race-1' of "
        f"event '2023-spa' is already stated at {REPORT}:6; state a car's result in a race in one report only"
    )


def test_event_end_before_start_points_at_the_later_node(site):
    site.write(
        EVENT,
        """
name: Spa
end: 2023-07-27
season: 2023
start: 2023-07-28
""",
    )
    assert only_error(site) == f"{EVENT}:4:8: error: end 2023-07-27 is before start 2023-07-28"


def test_race_date_outside_its_event(site):
    site.write(
        EVENT,
        """
name: Spa
season: 2023
start: 2023-07-28
end: 2023-07-30
races:
  - id: race-1
    name: Race 1
    date: 2023-08-01
  - id: race-2
    name: Race 2
""",
    )
    assert only_error(site) == (
        f"{EVENT}:8:11: error: races[0].date: 2023-08-01 is outside the event (2023-07-28 to 2023-07-30)"
    )


def test_position_on_a_car_that_did_not_finish(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
entries:
  - car: Testwagen GT3
    drivers: [anna-berg]
    status: dnf
    position: 4
race: race-1
""",
    )
    assert only_error(site) == (
        f"{REPORT}:9:15: error: entries[0].position: a car with status 'dnf' has no finishing position; "
        "remove position or set status: finished"
    )


def test_fastest_lap_by_a_driver_not_in_the_entry(site):
    report_with(
        site,
        """
title: Win
date: 2023-07-29
event: 2023-spa
entries:
  - car: Testwagen GT3
    drivers: [anna-berg]
    fastest_lap_by: ben-carter
race: race-1
""",
    )
    assert only_error(site) == (
        f"{REPORT}:8:21: error: entries[0].fastest_lap_by: 'ben-carter' is not one of the entry's drivers ('anna-berg')"
    )


@pytest.mark.parametrize(
    ("stray", "message"),
    [
        ("content/notes.txt", "stray file: not a content file; content/ holds only"),
        ("content/reports/photo.jpg", "stray file: expected content/reports/<id>.<lang>.md"),
        ("content/drivers/anna.json", "stray file: expected content/drivers/<id>.yaml (or .yml)"),
        ("content/reports/2023/race.en.md", "stray file: reports/ has no subfolders"),
        (
            "content/media/2023-spa/notes.txt",
            "stray file: content/media/ holds only photos: .jpg, .jpeg, .png or .webp files",
        ),
    ],
)
def test_stray_file(site, stray, message):
    site.write(stray, "x\n")
    error = only_error(site)
    assert error.startswith(f"{stray}:1:1: error: {message}")


def test_hidden_and_backup_files_are_ignored(site):
    site.write("content/reports/.draft.en.md", "anything")
    site.write("content/reports/2023-spa-race-1.en.md~", "anything")
    site.write("content/.DS_Store", "anything")
    assert site.build().exit_code == 0


def test_invalid_utf8(site):
    site.write_bytes("content/drivers/ben-carter.yaml", b"name: Ben Carter\nbio: M\xfcller\n")
    assert only_error(site) == (
        "content/drivers/ben-carter.yaml:1:1: error: invalid UTF-8: byte 0xfc on line 2; save the file as UTF-8"
    )


def test_unknown_language_in_a_per_language_mapping(site):
    site.write("content/series/endurance-cup.yaml", "name: { en: Endurance Cup, fr: Coupe }\n")
    assert only_error(site) == (
        "content/series/endurance-cup.yaml:1:28: error: name: unknown language 'fr' (configured languages: 'en', 'de')"
    )


def test_an_alias_shared_by_two_drivers(site):
    site.write("content/drivers/ben-carter.yaml", "name: Ben Carter\naliases: [Carter, Berg]\n")
    assert only_error(site) == (
        "content/drivers/ben-carter.yaml:2:19: error: 'Berg' is already the name or an alias of driver 'anna-berg'"
    )


def test_a_page_whose_id_is_a_section(site):
    site.write("content/pages/fahrer.de.md", "---\ntitle: Fahrer\n---\n")
    assert only_error(site) == (
        "content/pages/fahrer.de.md:1:1: error: page id 'fahrer' is the URL of the drivers section in 'de'; "
        "rename the file"
    )


def test_a_report_without_an_event_in_any_translation(site):
    report_with(site, "title: Sieg\ndate: 2023-07-29\n", path=REPORT_DE)
    report_with(site, "title: Win\ndate: 2023-07-29\n")
    assert only_error(site) == (
        f"{REPORT_DE}:2:1: error: missing required field 'event' (state it in {REPORT_DE} or {REPORT})"
    )


def test_all_errors_of_all_files_are_reported_together_and_sorted(site):
    site.write("content/drivers/ben-carter.yaml", "name: Ben Carter\nnationality: XX\n")
    report_with(site, "title: Win\ndate: 2023-07-32\nevent: 2023-spa\nlaps: 3\n")
    site.write("content/stray.txt", "x")
    run = site.build()
    assert run.exit_code == 1
    assert run.errors == [
        "content/drivers/ben-carter.yaml:2:14: error: nationality: 'XX' is not an ISO 3166-1 alpha-2 country code "
        "(e.g. DE, US, JP)",
        f"{REPORT}:3:7: error: date: '2023-07-32' is not a calendar date",
        f"{REPORT}:5:1: error: unknown field 'laps'",
        "content/stray.txt:1:1: error: stray file: not a content file; content/ holds only "
        "content/reports/<id>.<lang>.md, "
        "content/pages/<id>.<lang>.md, content/drivers/<id>.yaml, content/events/<id>.yaml, content/series/<id>.yaml, "
        "content/media/<path>.jpg (or .jpeg, .png, .webp)",
    ]
    assert run.stderr.splitlines()[-1] == "pitboard: 4 errors in 3 files; nothing was written"
    assert run.stdout == ""


class TestSiteToml:
    def test_unknown_key_with_hint(self, site):
        site.write(
            "site.toml",
            """
base_url = "https://example.org/"
default_langauge = "en"

[languages.en]
title = "Test"
""",
        )
        run = site.build()
        assert run.exit_code == 1
        assert run.errors == [
            "site.toml:1:1: error: missing required field 'default_language'",
            "site.toml:2:1: error: unknown field 'default_langauge' (did you mean 'default_language'?)",
        ]

    def test_unknown_key_in_a_table(self, site):
        site.write(
            "site.toml",
            """
base_url = "https://example.org/"
default_language = "en"

[languages.en]
title = "Test"
local = "en_GB"
""",
        )
        assert only_error(site) == "site.toml:6:1: error: unknown field 'languages.en.local' (did you mean 'locale'?)"

    def test_default_language_not_configured(self, site):
        site.write(
            "site.toml",
            """
base_url = "https://example.org/"
default_language = "fr"

[languages.en]
title = "Test"
""",
        )
        assert only_error(site) == ("site.toml:2:20: error: default_language 'fr' is not one of the languages ('en')")

    def test_toml_syntax_error(self, site):
        site.write("site.toml", 'base_url = "https://example.org/"\ndefault_language = en\n')
        assert only_error(site) == "site.toml:2:20: error: invalid TOML: Invalid value"

    def test_bad_language_code_and_locale(self, site):
        site.write(
            "site.toml",
            """
base_url = "https://example.org/"
default_language = "en"

[languages.en]
title = "Test"
locale = "xx_QQ"

[languages.English]
title = "Test"
""",
        )
        run = site.build()
        assert run.errors == [
            "site.toml:6:10: error: languages.en.locale: unknown locale 'xx_QQ' (e.g. en_GB, de_DE)",
            "site.toml:8:1: error: 'English' is not a language code: use two lowercase letters (ISO 639-1)",
        ]


def test_template_syntax_error_names_the_template_line(site):
    site.write(
        "templates/report.html", "{% extends 'base.html' %}\n{% block content %}\n{{ report.title \n{% endblock %}\n"
    )
    error = only_error(site)
    assert error.startswith("templates/report.html:4:1: error: ")
