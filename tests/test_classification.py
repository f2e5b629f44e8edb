"""Reading Al Kamel classification CSVs (both header layouts, every quirk) and the standings within a class."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.classification import (
    Classification,
    ClassifiedCar,
    gap_text,
    lap_time_text,
    parse_time,
    read_classification,
    standings,
)
from generator.diagnostics import BuildFailed, Position

CSV = Path(__file__).resolve().parent / "csv"
RACE_1 = "tests/csv/sepang-race-1.csv"  # layout 1: DRIVER_n; BOM, CRLF, padded header names, 1'32.136
RACE_2 = "tests/csv/sepang-race-2.csv"  # layout 2: DRIVERn_FIRSTNAME/SECONDNAME; LF, 1:32.136


def read(name: str) -> Classification:
    return read_classification(f"tests/csv/{name}", (CSV / name).read_bytes())


def car(classification: Classification, number: int) -> ClassifiedCar:
    return next(car for car in classification.cars if car.number == number)


@pytest.mark.parametrize(
    ("text", "milliseconds"),
    [
        ("1'32.136", 92_136),
        ("1:32.136", 92_136),
        ("5:44'41.101", (5 * 3600 + 44 * 60 + 41) * 1000 + 101),
        ("4:00:41.101", (4 * 3600 + 41) * 1000 + 101),
        ("0:27'40.103", (27 * 60 + 40) * 1000 + 103),
        ("32.136", 32_136),
        ("2'05.4", 125_400),
        ("2'05", 125_000),
    ],
)
def test_times_in_every_notation(text: str, milliseconds: int) -> None:
    assert parse_time(text) == milliseconds


@pytest.mark.parametrize("text", ["1:32,136", "1'75.000", "5:60'00.000", "1:32.1364", "1 Lap", "", "-1:32.136"])
def test_what_is_no_time(text: str) -> None:
    assert parse_time(text) is None


def test_lap_times_and_gaps_are_written_as_the_content_writes_them() -> None:
    assert lap_time_text(125_412) == "2:05.412"
    assert lap_time_text(9_005) == "0:09.005"
    assert gap_text(0, 292) == "+0.292"
    assert gap_text(0, 59_999) == "+59.999"
    assert gap_text(0, 68_822) == "+1:08.822"
    assert gap_text(1, 0) == "1 lap"
    assert gap_text(4, 0) == "4 laps"


def classified(number: int, car_class: str, laps: int, total: int | None, status: str = "finished") -> ClassifiedCar:
    return ClassifiedCar(number, number, car_class, status, laps, total, None, None, None, ())


def test_positions_count_within_the_class_in_the_csvs_order_and_gaps_go_to_the_class_winner() -> None:
    cars = [
        classified(1, "LMP2", 120, 14_400_000),
        classified(2, "GT", 110, 14_410_000),  # GT winner, behind an LMP2 car
        classified(3, "LMP2", 119, 14_401_000),
        classified(4, "GT", 110, 14_410_292),
        classified(5, "GT", 110, 14_472_345),
        classified(6, "GT", 108, 14_405_000),  # two laps down, though its total time is shorter
        classified(7, "GT", 109, None),  # a lap down: laps need no time
        classified(8, "GT", 110, None),  # on the lead lap without a total time: no gap
        classified(9, "GT", 71, 14_500_000, status="nc"),
        classified(10, "GT", 38, 5_000_000, status="dnf"),
        classified(11, "GT", 111, 14_420_000),  # timing that puts a car ahead of its winner: no gap
        classified(12, "GT", 110, 14_409_000),
    ]
    assert [(standing.position, standing.gap) for standing in standings(cars)] == [
        (1, None),
        (1, None),
        (2, "1 lap"),
        (2, "+0.292"),
        (3, "+1:02.345"),
        (4, "2 laps"),
        (5, "1 lap"),
        (6, None),
        (None, None),
        (None, None),
        (7, None),
        (8, None),
    ]


def test_the_full_gt_class_of_a_layout_1_file() -> None:
    classification = read("sepang-race-1.csv")
    gt = [
        (car, standing)
        for car, standing in zip(classification.cars, standings(classification.cars), strict=True)
        if car.car_class == "GT"
    ]
    assert [(car.number, car.status, standing.position, standing.gap) for car, standing in gt] == [
        (91, "finished", 1, None),
        (55, "finished", 2, "+6.284"),
        (7, "finished", 3, "+6.576"),
        (88, "finished", 4, "+1:08.822"),
        (77, "finished", 5, "1 lap"),
        (33, "finished", 6, "1 lap"),
        (11, "finished", 7, "1 lap"),
        (4, "finished", 8, "2 laps"),
        (17, "finished", 9, "2 laps"),
        (60, "finished", 10, "5 laps"),
        (27, "nc", None, None),
        (95, "dnf", None, None),
        (14, "dns", None, None),
    ]
    assert len(classification.cars) == 24


def test_layout_1_with_bom_crlf_padded_names_and_a_trailing_semicolon() -> None:
    raw = (CSV / "sepang-race-1.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfPOSITION; NUMBER ;") and b";\r\n" in raw
    seven = car(read("sepang-race-1.csv"), 7)
    assert (seven.line, seven.car_class, seven.laps) == (12, "GT", 110)
    assert seven.total_time == (4 * 3600 + 60 + 8) * 1000 + 694  # 4:01'08.694
    assert seven.fastest_lap == 125_412  # 2'05.412
    assert seven.team is not None and seven.team.text == "Nordlicht Motorsport"  # written padded
    assert seven.vehicle is not None and seven.vehicle.text == "BMW M4 GT3"
    assert [(cell.text, cell.position) for cell in seven.drivers] == [
        ("Dirk MUELLER", Position(12, 29)),
        ("Björn WIRDHEIM", Position(12, 42)),
        ("Marco SORENSEN", Position(12, 57)),
    ]
    assert read("sepang-race-1.csv").header["NUMBER"] == Position(1, 10)  # columns count without the BOM


def test_layout_2_with_first_and_second_names() -> None:
    classification = read("sepang-race-2.csv")
    seven, seventy_seven = car(classification, 7), car(classification, 77)
    assert [cell.text for cell in seven.drivers] == ["Dirk Müller", "Bjorn Wirdheim", "Marco Sørensen"]
    assert seven.drivers[0].position == Position(11, 106)  # DRIVER1_FIRSTNAME
    assert (seven.status, seven.laps, seven.total_time, seven.fastest_lap) == ("finished", 110, 14_441_101, 125_062)
    assert (seventy_seven.status, seventy_seven.laps) == ("dnf", 64)
    assert [cell.text for cell in seventy_seven.drivers] == ["Jesse Krohn", "René Rast", "Nicki Thiim"]


def problems(text: str) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        read_classification("results.csv", text.encode("utf-8"))
    return [diagnostic.format() for diagnostic in failure.value.diagnostics]


def test_every_missing_required_column_is_named() -> None:
    assert problems("POSITION;TEAM;VEHICLE;TOTAL_TIME;\n1;X;Y;1:00'00.000;\n") == [
        "results.csv:1:1: error: missing column CLASS in the header line",
        "results.csv:1:1: error: missing column LAPS in the header line",
        "results.csv:1:1: error: missing column NUMBER in the header line",
        "results.csv:1:1: error: missing driver columns in the header line: expected DRIVER_1, DRIVER_2, … "
        "or DRIVER1_FIRSTNAME, DRIVER1_SECONDNAME, …",
    ]
    assert problems("NUMBER;CLASS;LAPS;DRIVER_1\n") == [
        "results.csv:1:1: error: missing column POSITION or STATUS in the header line"
    ]


def test_unreadable_values_at_their_line_and_column() -> None:
    header = "NUMBER;CLASS;STATUS;LAPS;TOTAL_TIME;FL_TIME;DRIVER_1;\n"
    assert problems(
        header
        + "7;GT;Classified;110;4:01'08.694;2'05.412;Dirk MUELLER;\n"
        + "7A;GT;Running;1O9;4:01'08,694;2'65.412;Jesse KROHN;\n"
        + "8;;Classified;110;;;Rene RAST;\n"
        + "9;GT;Classified;110\n"
        + "10;GT;Classified;110;;;Nicki THIIM;;x;\n"
    ) == [
        "results.csv:3:1: error: NUMBER: expected a car number, got '7A'",
        "results.csv:3:7: error: STATUS: unknown status 'Running' "
        "(expected Classified, Not classified, DNF, Retired, DSQ or DNS)",
        "results.csv:3:15: error: LAPS: expected a number of laps, got '1O9'",
        "results.csv:3:19: error: TOTAL_TIME: unreadable time '4:01'08,694' "
        "(expected e.g. 1'32.136, 1:32.136 or 5:44'41.101)",
        "results.csv:3:31: error: FL_TIME: unreadable time '2'65.412' "
        "(expected e.g. 1'32.136, 1:32.136 or 5:44'41.101)",
        "results.csv:4:3: error: CLASS: empty; every car has a class",
        "results.csv:5:20: error: unreadable line: 4 values where the header line has 8",
        "results.csv:6:37: error: unreadable line: 10 values where the header line has 8",
    ]


def test_without_a_status_column_a_numbered_position_is_a_classified_car() -> None:
    classification = read_classification(
        "results.csv", b"POSITION;NUMBER;CLASS;LAPS;DRIVER_1\n1;7;GT;110;Dirk MUELLER\nNC;8;GT;20;Rene RAST\n"
    )
    assert [car.status for car in classification.cars] == ["finished", "nc"]
    assert problems("POSITION;NUMBER;CLASS;LAPS;DRIVER_1\nx;7;GT;110;Dirk MUELLER\n") == [
        "results.csv:2:1: error: POSITION: unknown status 'x' "
        "(expected Classified, Not classified, DNF, Retired, DSQ or DNS)"
    ]


def test_unknown_columns_are_ignored_and_blank_lines_skipped() -> None:
    classification = read_classification(
        "results.csv", b"NUMBER;ELAPSED;CLASS;STATUS;LAPS;DRIVER_1;PIT_STOPS\n\n7;x;GT;DSQ;3;Dirk MUELLER;2\n\n"
    )
    assert [(car.number, car.status, car.team, car.vehicle) for car in classification.cars] == [(7, "dsq", None, None)]


def test_a_file_that_is_not_utf8() -> None:
    with pytest.raises(BuildFailed) as failure:
        read_classification("results.csv", "NUMBER;CLASS\n7;GT\n8;Müller\n".encode("latin-1"))
    assert [diagnostic.format() for diagnostic in failure.value.diagnostics] == [
        "results.csv:3:1: error: invalid UTF-8: byte 0xfc; save the file as UTF-8"
    ]
