"""Writing entries into a report's text: only the fields an import states change, every other byte stays."""

from __future__ import annotations

import pytest

from generator.entries_edit import FIELD_ORDER, CarEntry, edit_entries, yaml_value
from generator.yamlcore import parse_yaml

STATES = frozenset({"car", "number", "class", "team", "drivers", "position", "status", "laps", "gap", "fastest_lap"})


def car(number: int, **fields: object) -> CarEntry:
    stated = {"number": number, **fields}
    return CarEntry(number, {key: stated[key] for key in FIELD_ORDER if key in stated}, STATES)


SEVEN = car(
    7,
    car="BMW M4 GT3",
    **{"class": "GT"},
    team="Nordlicht Motorsport",
    drivers=["dirk-mueller", "bjoern-wirdheim"],
    position=3,
    status="finished",
    laps=110,
    gap="+6.576",
    fastest_lap="2:05.412",
)
SEVENTY_SEVEN = car(
    77,
    car="BMW M4 GT3",
    **{"class": "GT"},
    drivers=["jesse-krohn", "rene-rast"],
    status="dnf",
    laps=64,
    fastest_lap="2:05.653",
)


def crlf(*lines: str) -> str:
    return "\r\n".join(lines)


def test_only_the_stated_fields_change_and_every_other_byte_stays() -> None:
    original = "\ufeff" + crlf(
        "---",
        "# Results from the timing screens, to be replaced by the official classification.",
        'title: "Sepang: a podium for the #7"',
        "summary: >-",
        "  Third for Müller and Wirdheim,",
        "  a retirement for the #77.",
        "date: 2024-12-14",
        "event: 2024-sepang",
        "entries:   # in the order of the timing screen",
        "  # the sister car first",
        "  - {car: BMW M4 GT3, number: 77, class: GT, drivers: [jesse-krohn, rene-rast], grid: 9, position: 6}",
        "",
        "  # the class podium",
        "  - car: BMW M4 GT3   # the 2024 evo",
        "    number: 7",
        "    class: GT",
        "    drivers:",
        "      - dirk-mueller",
        "      - bjoern-wirdheim",
        "    grid: 4  # after a grid penalty",
        "    position: 2     # provisional",
        "    laps: 110",
        "    # Müller set it on lap 92",
        "    fastest_lap: '2:05.999'",
        "    fastest_lap_by: dirk-mueller",
        "    fastest_in_class: true",
        "  - car: Mercedes-AMG GT3",
        "    number: 88   # a guest entry, not in the import",
        "    drivers: [henrik-stroem]",
        "# the race, after the entries",
        "race: race-1",
        "---",
        "Dirk Müller started from fourth.",
        "",
    )
    expected = "\ufeff" + crlf(
        "---",
        "# Results from the timing screens, to be replaced by the official classification.",
        'title: "Sepang: a podium for the #7"',
        "summary: >-",
        "  Third for Müller and Wirdheim,",
        "  a retirement for the #77.",
        "date: 2024-12-14",
        "event: 2024-sepang",
        "entries:   # in the order of the timing screen",
        "  # the sister car first",
        "  - car: BMW M4 GT3",
        "    number: 77",
        "    class: GT",
        "    drivers: [jesse-krohn, rene-rast]",
        "    grid: 9",
        "    status: dnf",
        "    laps: 64",
        '    fastest_lap: "2:05.653"',
        "",
        "  # the class podium",
        "  - car: BMW M4 GT3   # the 2024 evo",
        "    number: 7",
        "    class: GT",
        "    team: Nordlicht Motorsport",
        "    drivers:",
        "      - dirk-mueller",
        "      - bjoern-wirdheim",
        "    grid: 4  # after a grid penalty",
        "    position: 3     # provisional",
        "    status: finished",
        "    laps: 110",
        '    gap: "+6.576"',
        "    # Müller set it on lap 92",
        '    fastest_lap: "2:05.412"',
        "    fastest_lap_by: dirk-mueller",
        "    fastest_in_class: true",
        "  - car: Mercedes-AMG GT3",
        "    number: 88   # a guest entry, not in the import",
        "    drivers: [henrik-stroem]",
        "# the race, after the entries",
        "race: race-1",
        "---",
        "Dirk Müller started from fourth.",
        "",
    )
    edit = edit_entries(original, [SEVEN, SEVENTY_SEVEN])
    assert edit.text.encode("utf-8") == expected.encode("utf-8")
    assert (edit.replaced, edit.added) == ((77, 7), ())


def test_new_entries_follow_the_last_entry_before_what_comes_after_it() -> None:
    original = "---\ntitle: T\nentries:\n  - car: X\n    number: 1\n    drivers: [a]\n\n# done\nrace: r\n---\nBody\n"
    edit = edit_entries(original, [SEVEN, SEVENTY_SEVEN])
    assert edit.text == (
        "---\ntitle: T\nentries:\n  - car: X\n    number: 1\n    drivers: [a]\n"
        "  - car: BMW M4 GT3\n    number: 7\n    class: GT\n    team: Nordlicht Motorsport\n"
        "    drivers: [dirk-mueller, bjoern-wirdheim]\n    position: 3\n    status: finished\n    laps: 110\n"
        '    gap: "+6.576"\n    fastest_lap: "2:05.412"\n'
        "  - car: BMW M4 GT3\n    number: 77\n    class: GT\n    drivers: [jesse-krohn, rene-rast]\n"
        '    status: dnf\n    laps: 64\n    fastest_lap: "2:05.653"\n'
        "\n# done\nrace: r\n---\nBody\n"
    )
    assert (edit.replaced, edit.added) == ((), (7, 77))


def test_a_report_without_entries_gets_them_at_the_end_of_its_front_matter() -> None:
    original = "---\r\ntitle: T\r\nrace: r  # the feature race\r\n---\r\nBody"
    edit = edit_entries(original, [SEVENTY_SEVEN])
    assert edit.text == crlf(
        "---",
        "title: T",
        "race: r  # the feature race",
        "entries:",
        "  - car: BMW M4 GT3",
        "    number: 77",
        "    class: GT",
        "    drivers: [jesse-krohn, rene-rast]",
        "    status: dnf",
        "    laps: 64",
        '    fastest_lap: "2:05.653"',
        "---",
        "Body",
    )


@pytest.mark.parametrize("empty", ["entries:", "entries: ~", "entries: []"])
def test_an_empty_entries_field_is_filled_in_place(empty: str) -> None:
    edit = edit_entries(f"---\ntitle: T\n{empty}\nrace: r\n---\n", [car(5, car="X", drivers=["a"])])
    assert edit.text == "---\ntitle: T\nentries:\n  - car: X\n    number: 5\n    drivers: [a]\nrace: r\n---\n"


def test_a_flow_style_list_of_entries_is_written_as_a_block() -> None:
    original = (
        "---\ntitle: T\nentries: [{car: X, number: 7, grid: 2, fastest_in_class: true}, {car: Y, drivers: [b]}]\n---\n"
    )
    edit = edit_entries(original, [car(7, car="X", drivers=["a"], status="nc")])
    assert edit.text == (
        "---\ntitle: T\nentries:\n  - car: X\n    number: 7\n    drivers: [a]\n    grid: 2\n    status: nc\n"
        "    fastest_in_class: true\n  - car: Y\n    drivers: [b]\n---\n"
    )


def test_a_changed_field_written_over_several_lines_is_written_on_one() -> None:
    original = "---\ntitle: T\nentries:\n  - car: X\n    number: 7\n    drivers:\n      - a\n      - b\n"
    original += "    grid: 3\n---\n"
    edit = edit_entries(original, [car(7, car="X", drivers=["a", "c"])])
    assert edit.text == "---\ntitle: T\nentries:\n  - car: X\n    number: 7\n    drivers: [a, c]\n    grid: 3\n---\n"


def test_the_dash_moves_to_the_first_field_that_stays() -> None:
    original = "---\ntitle: T\nentries:\n  - position: 4   # provisional\n    car: X\n    number: 7\n---\n"
    edit = edit_entries(original, [car(7, car="X", drivers=["a"], status="dnf")])
    assert edit.text == "---\ntitle: T\nentries:\n  - car: X\n    number: 7\n    drivers: [a]\n    status: dnf\n---\n"


def test_a_dash_on_a_line_of_its_own_stays_there() -> None:
    original = "---\ntitle: T\nentries:\n  -   # the only car\n    number: 7\n    car: X\n---\n"
    edit = edit_entries(original, [car(7, car="X", drivers=["a"], position=1)])
    assert edit.text == (
        "---\ntitle: T\nentries:\n  -   # the only car\n    number: 7\n    car: X\n    drivers: [a]\n"
        "    position: 1\n---\n"
    )


def test_an_indentless_list_keeps_its_indentation() -> None:
    original = "---\ntitle: T\nentries:\n- car: X\n  number: 7\n  laps: 3\n---\n"
    edit = edit_entries(original, [car(7, car="X", laps=4), car(8, car="Y")])
    assert edit.text == "---\ntitle: T\nentries:\n- car: X\n  number: 7\n  laps: 4\n- car: Y\n  number: 8\n---\n"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("GTD Pro", "GTD Pro"),
        ("1 lap", "1 lap"),
        ("1:32.136", '"1:32.136"'),  # YAML 1.1 readers take it for a number
        ("+0.292", '"+0.292"'),
        ("NO", '"NO"'),  # YAML 1.1 readers take it for false
        ("24", '"24"'),
        ("Team #1: the best", '"Team #1: the best"'),
        ("Team WRT #31", '"Team WRT #31"'),  # " #" begins a comment
        (" padded", '" padded"'),
        ('Say "go"', 'Say "go"'),
        ("Porsche 911 GT3 R (992)", "Porsche 911 GT3 R (992)"),
        (24, "24"),
        (True, "true"),
        (["dirk-mueller", "no"], '[dirk-mueller, "no"]'),
    ],
)
def test_values_are_plain_unless_a_yaml_reader_would_take_them_for_something_else(value: object, text: str) -> None:
    assert yaml_value(value) == text
    assert parse_yaml(f"key: {text}").value == {"key": value}
