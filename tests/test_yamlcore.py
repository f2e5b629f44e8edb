"""The YAML 1.2 core schema and node positions."""

from __future__ import annotations

import pytest

from generator.diagnostics import Position
from generator.yamlcore import YamlError, parse_yaml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1:32.136", "1:32.136"),  # YAML 1.1 would read a base-60 number
        ("NO", "NO"),  # YAML 1.1 would read false
        ("yes", "yes"),
        ("off", "off"),
        ("2009-10-31", "2009-10-31"),  # dates are checked by the schema, not the parser
        ("true", True),
        ("False", False),
        ("24", 24),
        ("-3", -3),
        ("0x1F", 31),
        ("0o17", 15),
        ("1.5", 1.5),
        ("~", None),
        ("null", None),
        ("'24'", "24"),
    ],
)
def test_plain_scalars_resolve_by_the_core_schema(text, expected):
    assert parse_yaml(f"value: {text}\n").value == {"value": expected}


def test_positions_of_values_and_keys_are_one_based_and_shifted():
    document = parse_yaml("title: Win\nentries:\n  - laps: 3\n", first_line=2)
    assert document.positions[("title",)] == Position(2, 8)
    assert document.positions[("entries", 0, "laps")] == Position(4, 11)
    assert document.key_positions[("entries", 0, "laps")] == Position(4, 5)
    assert document.position_of(("entries", 0, "missing")) == Position(4, 5)


@pytest.mark.parametrize(
    ("text", "position", "start"),
    [
        ("a: b: c\n", Position(1, 5), "invalid YAML: mapping values are not allowed"),
        ("a: 1\na: 2\n", Position(2, 1), "duplicate key 'a'"),
        ("a: &x [*x]\n", Position(1, 4), "invalid YAML: an alias refers to a node that contains it"),
        ("a: !!python/object x\n", Position(1, 4), "unsupported YAML tag"),
        ("\tx: 1\n", Position(1, 1), "invalid YAML: found character that cannot start any token"),
    ],
)
def test_errors_carry_the_position_of_the_problem(text, position, start):
    with pytest.raises(YamlError) as raised:
        parse_yaml(text)
    assert raised.value.position == position
    assert raised.value.message.startswith(start)
