"""`pitboard import results`: a classification CSV's cars written into a report, checked before anything is written.

The fixture site tests/sites/sepang is a team's site at the Asian Le Mans Series weekend at
Sepang; tests/csv holds the classifications of its two races, one in each header layout.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run, Site, copy_site

from generator.yamlcore import parse_yaml

CSV = Path(__file__).resolve().parent / "csv"
RACE_1 = str(CSV / "sepang-race-1.csv")
RACE_2 = str(CSV / "sepang-race-2.csv")
REPORT_1 = "content/reports/2024-sepang-race-1"
REPORT_2 = "content/reports/2024-sepang-race-2"


@pytest.fixture
def sepang(tmp_path: Path) -> Site:
    return copy_site("sepang", tmp_path)


def import_results(site: Site, *arguments: str) -> Run:
    return site.run("import", "results", *arguments)


def entries_of(site: Site, path: str) -> list[dict[str, object]]:
    front_matter = (site.root / path).read_text(encoding="utf-8").split("---\n")[1]
    value = parse_yaml(front_matter).value
    assert isinstance(value, dict) and isinstance(value["entries"], list)
    return value["entries"]


def snapshot(site: Site) -> dict[str, tuple[bytes, int]]:
    """Every file below content/ with its bytes and permissions."""
    return {
        path.relative_to(site.root).as_posix(): (path.read_bytes(), path.stat().st_mode)
        for path in sorted((site.root / "content").rglob("*"))
        if path.is_file()
    }


SEVEN_RACE_1 = {
    "car": "BMW M4 GT3",
    "number": 7,
    "class": "GT",
    "team": "Nordlicht Motorsport",
    "drivers": ["dirk-mueller", "bjoern-wirdheim", "marco-soerensen"],
    "grid": 4,
    "position": 3,
    "status": "finished",
    "laps": 110,
    "gap": "+6.576",
    "fastest_lap": "2:05.412",
    "fastest_lap_by": "dirk-mueller",
    "fastest_in_class": True,
}


def test_the_team_cars_replace_their_entries_and_only_those_fields_change(sepang: Site) -> None:
    before = (sepang.root / f"{REPORT_1}.en.md").read_text(encoding="utf-8")
    german = (sepang.root / f"{REPORT_1}.de.md").read_bytes()
    run = import_results(sepang, RACE_1, "--report", "2024-sepang-race-1", "--team", "  nordlicht MOTORSPORT ")
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout == f"{REPORT_1}.en.md: replaced #7, #77\n"
    after = (sepang.root / f"{REPORT_1}.en.md").read_text(encoding="utf-8")
    assert after == before.replace(
        "    position: 3\n    laps: 110\n",
        '    position: 3\n    status: finished\n    laps: 110\n    gap: "+6.576"\n    fastest_lap: "2:05.412"\n',
    ).replace(
        "    grid: 9\n    position: 5\n",
        "    grid: 9\n    position: 5\n    status: finished\n    laps: 109\n    gap: 1 lap\n"
        '    fastest_lap: "2:06.003"\n',
    )
    assert (sepang.root / f"{REPORT_1}.de.md").read_bytes() == german  # it inherits the entries
    assert entries_of(sepang, f"{REPORT_1}.en.md") == [
        SEVEN_RACE_1,
        {
            "car": "BMW M4 GT3",
            "number": 77,
            "class": "GT",
            "team": "Nordlicht Motorsport",
            "drivers": ["jesse-krohn", "rene-rast", "nicki-thiim"],
            "grid": 9,
            "position": 5,
            "status": "finished",
            "laps": 109,
            "gap": "1 lap",
            "fastest_lap": "2:06.003",
        },
    ]


def test_a_report_without_entries_gets_them_in_the_default_language_in_classification_order(sepang: Site) -> None:
    german = (sepang.root / f"{REPORT_2}.de.md").read_bytes()
    run = import_results(sepang, RACE_2, "--report", "2024-sepang-race-2", "--numbers", "77,7")
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout == f"{REPORT_2}.en.md: added #7, #77\n"
    assert (sepang.root / f"{REPORT_2}.de.md").read_bytes() == german
    assert entries_of(sepang, f"{REPORT_2}.en.md") == [
        {
            "car": "BMW M4 GT3",
            "number": 7,
            "class": "GT",
            "team": "Nordlicht Motorsport",
            "drivers": ["dirk-mueller", "bjoern-wirdheim", "marco-soerensen"],
            "position": 1,
            "status": "finished",
            "laps": 110,
            "fastest_lap": "2:05.062",
        },
        {
            "car": "BMW M4 GT3",
            "number": 77,
            "class": "GT",
            "team": "Nordlicht Motorsport",
            "drivers": ["jesse-krohn", "rene-rast", "nicki-thiim"],
            "status": "dnf",
            "laps": 64,
            "fastest_lap": "2:05.653",
        },
    ]


def test_lang_chooses_the_translation_when_none_states_entries(sepang: Site) -> None:
    english = (sepang.root / f"{REPORT_2}.en.md").read_bytes()
    run = import_results(sepang, RACE_2, "--report", "2024-sepang-race-2", "--numbers", "7", "--lang", "de")
    assert (run.exit_code, run.stdout) == (0, f"{REPORT_2}.de.md: added #7\n")
    assert (sepang.root / f"{REPORT_2}.en.md").read_bytes() == english
    assert [entry["number"] for entry in entries_of(sepang, f"{REPORT_2}.de.md")] == [7]


def test_every_translation_that_states_entries_is_written_so_they_keep_agreeing(sepang: Site) -> None:
    english = (sepang.root / f"{REPORT_1}.en.md").read_text(encoding="utf-8")
    entries = english[english.index("entries:") : english.index("---\nDirk")]
    german = sepang.root / f"{REPORT_1}.de.md"
    german.write_text(german.read_text(encoding="utf-8").replace("---\nDirk", entries + "---\nDirk"), encoding="utf-8")
    run = import_results(sepang, RACE_1, "--report", "2024-sepang-race-1", "--numbers", "7")
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout == f"{REPORT_1}.de.md: replaced #7\n{REPORT_1}.en.md: replaced #7\n"
    assert entries_of(sepang, f"{REPORT_1}.de.md") == entries_of(sepang, f"{REPORT_1}.en.md")
    assert entries_of(sepang, f"{REPORT_1}.de.md")[0] == SEVEN_RACE_1


def test_a_kept_fastest_lap_by_no_longer_in_the_crew_leaves_every_file_unchanged(sepang: Site) -> None:
    report = sepang.root / f"{REPORT_1}.en.md"
    report.write_text(
        report.read_text(encoding="utf-8")
        .replace("marco-soerensen]", "marco-soerensen, nicki-thiim]")
        .replace("fastest_lap_by: dirk-mueller", "fastest_lap_by: nicki-thiim"),
        encoding="utf-8",
    )
    before = snapshot(sepang)
    run = import_results(sepang, RACE_1, "--report", "2024-sepang-race-1", "--numbers", "7")
    assert run.exit_code == 1
    assert run.errors == [
        f"{REPORT_1}.en.md:20:21: error: entries[0].fastest_lap_by: 'nicki-thiim' is not one of the entry's drivers "
        "('dirk-mueller', 'bjoern-wirdheim', 'marco-soerensen')"
    ]
    assert run.stderr.endswith("pitboard: 1 error in 1 file; nothing was written\n")
    assert snapshot(sepang) == before


def test_an_error_elsewhere_in_the_site_leaves_every_file_unchanged(sepang: Site) -> None:
    sepang.write("content/drivers/nicki-thiim.yaml", "name: Nicki Thiim\nnationality: DNK\n")
    before = snapshot(sepang)
    run = import_results(sepang, RACE_1, "--report", "2024-sepang-race-1", "--team", "Nordlicht Motorsport")
    assert run.exit_code == 1
    assert run.errors == [
        "content/drivers/nicki-thiim.yaml:2:14: error: nationality: 'DNK' is not an ISO 3166-1 alpha-2 country code "
        "(e.g. DE, US, JP)"
    ]
    assert snapshot(sepang) == before


def test_a_replaced_file_keeps_its_permissions_and_leaves_no_temporary_file(sepang: Site) -> None:
    report = sepang.root / f"{REPORT_2}.en.md"
    report.chmod(0o640)
    assert import_results(sepang, RACE_2, "--report", "2024-sepang-race-2", "--numbers", "7").exit_code == 0
    assert report.stat().st_mode & 0o777 == 0o640
    assert sorted(path.name for path in report.parent.iterdir()) == [
        "2024-sepang-race-1.de.md",
        "2024-sepang-race-1.en.md",
        "2024-sepang-race-2.de.md",
        "2024-sepang-race-2.en.md",
    ]


def write_csv(folder: Path, *lines: str) -> str:
    (folder / "results.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "results.csv"


HEADER = "POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;VEHICLE;CLASS;STATUS;LAPS;TOTAL_TIME;FL_TIME;"


def test_csv_errors_name_the_csv_as_given_with_line_and_column(
    sepang: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    csv = write_csv(
        tmp_path,
        HEADER,
        "1;7;Nordlicht Motorsport;Dirk MILLER;Bjorn WIRDHEIM;BMW M4 GT3;GT;Classified;110;4:01'08.694;2'05.412;",
        "2;77;Nordlicht Motorsport;Jesse KROHN;Rene RASTT;BMW M4 GT3;GT;Classified;109;4:01'30.225;2'06.003;",
    )
    before = snapshot(sepang)
    run = import_results(sepang, csv, "--report", "2024-sepang-race-1", "--numbers", "7,77")
    assert run.exit_code == 1
    assert run.errors == [
        "results.csv:2:26: error: unknown driver 'Dirk MILLER': no driver has this name or alias; the closest is "
        "'Dirk Müller' (content/drivers/dirk-mueller.yaml); add the spelling to its aliases if it is the same driver",
        "results.csv:3:39: error: unknown driver 'Rene RASTT': no driver has this name or alias; the closest is "
        "'René Rast' (content/drivers/rene-rast.yaml); add the spelling to its aliases if it is the same driver",
    ]
    assert snapshot(sepang) == before


def test_a_car_of_numbers_that_the_csv_lacks(sepang: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    csv = write_csv(tmp_path, " POSITION; NUMBER ;CLASS;STATUS;LAPS;DRIVER_1", "1;7;GT;Classified;110;Dirk MUELLER")
    run = import_results(sepang, csv, "--report", "2024-sepang-race-1", "--numbers", "7,8,70")
    assert run.exit_code == 1
    assert run.errors == [
        "results.csv:1:11: error: car #70 is not in the classification",
        "results.csv:1:11: error: car #8 is not in the classification",
    ]


def test_a_missing_required_column(sepang: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    csv = write_csv(tmp_path, "POSITION;NUMBER;CLASS;DRIVER_1", "1;7;GT;Dirk MUELLER")
    run = import_results(sepang, csv, "--report", "2024-sepang-race-1", "--numbers", "7")
    assert (run.exit_code, run.errors) == (1, ["results.csv:1:1: error: missing column LAPS in the header line"])


def test_a_team_that_has_no_car_in_the_csv(sepang: Site) -> None:
    run = import_results(sepang, RACE_1, "--report", "2024-sepang-race-1", "--team", "Nordlicht Motorsports")
    assert run.exit_code == 1
    assert run.errors == [
        f"{RACE_1}:1:19: error: no car of team 'Nordlicht Motorsports' in the classification "
        "(did you mean 'Nordlicht Motorsport'?)"
    ]


def test_without_vehicle_a_car_keeps_the_car_of_its_entry_and_a_new_one_cannot_be_named(
    sepang: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    csv = write_csv(
        tmp_path, "NUMBER;CLASS;STATUS;LAPS;DRIVER_1;DRIVER_2;", "7;GT;Retired;40;Dirk MUELLER;Marco SØRENSEN;"
    )
    run = import_results(sepang, csv, "--report", "2024-sepang-race-1", "--numbers", "7")
    assert (run.exit_code, run.stderr) == (0, "")
    seven = entries_of(sepang, f"{REPORT_1}.en.md")[0]
    assert seven == {
        "car": "BMW M4 GT3",
        "number": 7,
        "class": "GT",
        "team": "Nordlicht Motorsport",
        "drivers": ["dirk-mueller", "marco-soerensen"],
        "grid": 4,
        "status": "dnf",
        "laps": 40,
        "fastest_lap_by": "dirk-mueller",
        "fastest_in_class": True,
    }
    run = import_results(sepang, csv, "--report", "2024-sepang-race-2", "--numbers", "7")
    assert run.exit_code == 1
    assert run.errors == [
        f"results.csv:2:1: error: car #7: no VEHICLE in the classification, and {REPORT_2}.en.md has no entry #7 "
        "to keep its car from"
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--report", "2024-sepang-race-3", "--numbers", "7"],
            "unknown report '2024-sepang-race-3' (no content/reports/2024-sepang-race-3.<lang>.md) "
            "(did you mean '2024-sepang-race-1'?)",
        ),
        (
            ["--report", "2024-sepang-race-1", "--numbers", "7,x"],
            "--numbers 7,x: expected car numbers separated by commas, e.g. --numbers 24,25",
        ),
        (
            ["--report", "2024-sepang-race-2", "--numbers", "7", "--lang", "fr"],
            "unknown language 'fr' (configured languages: 'en', 'de')",
        ),
    ],
)
def test_mistakes_in_the_command_exit_2(sepang: Site, arguments: list[str], message: str) -> None:
    before = snapshot(sepang)
    run = import_results(sepang, RACE_1, *arguments)
    assert (run.exit_code, run.stderr) == (2, f"pitboard: error: {message}\n")
    assert snapshot(sepang) == before


def test_numbers_or_team_but_not_both_nor_neither(sepang: Site) -> None:
    both = import_results(sepang, RACE_1, "--report", "2024-sepang-race-1", "--numbers", "7", "--team", "x")
    assert both.exit_code == 2 and "argument --team: not allowed with argument --numbers" in both.stderr
    neither = import_results(sepang, RACE_1, "--report", "2024-sepang-race-1")
    assert neither.exit_code == 2 and "one of the arguments --numbers --team is required" in neither.stderr


def test_a_csv_that_cannot_be_read_is_a_mistake_in_the_command(sepang: Site, tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.csv")
    run = import_results(sepang, missing, "--report", "2024-sepang-race-1", "--numbers", "7")
    assert (run.exit_code, run.stderr) == (
        2,
        f"pitboard: error: {missing}: cannot read the classification (No such file or directory)\n",
    )


def test_a_report_in_another_language_only_needs_lang(sepang: Site) -> None:
    sepang.remove(f"{REPORT_2}.en.md")
    sepang.write(f"{REPORT_2}.de.md", "---\ntitle: Sepang\ndate: 2024-12-15\nevent: 2024-sepang\nrace: race-2\n---\n")
    run = import_results(sepang, RACE_2, "--report", "2024-sepang-race-2", "--numbers", "7")
    assert (run.exit_code, run.stderr) == (
        2,
        "pitboard: error: report '2024-sepang-race-2' has no translation in 'en' "
        f"(no {REPORT_2}.en.md) and none states entries; name one of its languages with --lang: 'de'\n",
    )


def test_a_name_of_two_drivers_and_a_car_without_drivers(
    sepang: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    sepang.write("content/drivers/dieter-mueller.yaml", "name: Dieter Müller\naliases: [Dirk Muller]\n")
    csv = write_csv(
        tmp_path,
        "NUMBER;VEHICLE;CLASS;STATUS;LAPS;DRIVER_1;DRIVER_2",
        "7;BMW M4 GT3;GT;DNS;0;;",
        "77;BMW M4 GT3;GT;Classified;109;Jesse KROHN;DIRK MULLER",
    )
    run = import_results(sepang, csv, "--report", "2024-sepang-race-1", "--numbers", "7,77")
    assert run.exit_code == 1
    assert run.errors == [
        "results.csv:2:1: error: car #7 has no driver in the classification",
        "results.csv:3:45: error: driver 'DIRK MULLER' is the name or alias of several drivers "
        "('dieter-mueller', 'dirk-mueller'); give them names and aliases that tell them apart",
    ]


def test_an_unknown_driver_in_a_site_without_drivers(
    sepang: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for driver in sorted((sepang.root / "content/drivers").iterdir()):
        driver.unlink()
    monkeypatch.chdir(tmp_path)
    csv = write_csv(tmp_path, "NUMBER;CLASS;STATUS;LAPS;DRIVER_1", "7;GT;Classified;110;Dirk MUELLER")
    run = import_results(sepang, csv, "--report", "2024-sepang-race-1", "--numbers", "7")
    assert run.errors == [
        "results.csv:2:21: error: unknown driver 'Dirk MUELLER': the site has no drivers; add content/drivers/<id>.yaml"
    ]


def test_choosing_cars_by_team_needs_a_team_column(
    sepang: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    csv = write_csv(tmp_path, "NUMBER;CLASS;STATUS;LAPS;DRIVER_1", "7;GT;Classified;110;Dirk MUELLER")
    run = import_results(sepang, csv, "--report", "2024-sepang-race-1", "--team", "Nordlicht Motorsport")
    assert run.errors == [
        "results.csv:1:1: error: no TEAM column to find the cars of team 'Nordlicht Motorsport' by; "
        "choose the cars with --numbers"
    ]


def test_a_report_translation_that_cannot_be_read_stops_the_import(sepang: Site) -> None:
    sepang.write(f"{REPORT_1}.de.md", "---\ntitle: Sepang: Podium\ndate: 2024-12-14\n---\n")
    before = snapshot(sepang)
    run = import_results(sepang, RACE_1, "--report", "2024-sepang-race-1", "--numbers", "7")
    assert run.exit_code == 1
    assert run.errors == [
        f"{REPORT_1}.de.md:2:14: error: invalid YAML: mapping values are not allowed in this context; "
        "a value that contains ': ' must be quoted"
    ]
    assert snapshot(sepang) == before


def test_entries_that_are_no_list_of_entries_stop_the_import(sepang: Site) -> None:
    sepang.write(
        f"{REPORT_2}.en.md", "---\ntitle: T\ndate: 2024-12-15\nevent: 2024-sepang\nrace: race-2\nentries: tbd\n---\n"
    )
    run = import_results(sepang, RACE_2, "--report", "2024-sepang-race-2", "--numbers", "7")
    assert run.exit_code == 1
    assert run.errors == [f"{REPORT_2}.en.md:6:10: error: entries: expected a list, got 'tbd'"]
