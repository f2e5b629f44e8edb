"""The YAML 1.2 core schema and node positions."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from generator.diagnostics import Position
from generator.yamlcore import MAX_DEPTH, MAX_REPEATED_VALUES, YamlError, parse_yaml


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
        ("a: &x [*x]\n", Position(1, 8), "invalid YAML: an alias refers to a node that contains it"),
        ("a: [", Position(1, 5), "invalid YAML: did not find expected node content"),
        ("a: 1\nb: *x\n", Position(2, 4), "invalid YAML: alias '*x' names no anchor '&x' before it"),
        ("a: 1\n...\n---\nb: 2\n", Position(3, 1), "invalid YAML: a second document; a file holds one"),
        ("? [a]\n: 1\n", Position(1, 3), "invalid YAML: a mapping key must be a plain value"),
        ("a: &x [1]\n*x : 2\n", Position(2, 1), "invalid YAML: a mapping key must be a plain value"),
        ("a: !!int\n", Position(1, 4), "invalid YAML: '' is no int"),
        ("a: !!float 1:32.136\n", Position(1, 4), "invalid YAML: '1:32.136' is no float"),
        ("a: !!bool yes\n", Position(1, 4), "invalid YAML: 'yes' is no bool"),
        ("a: !!null x\n", Position(1, 4), "invalid YAML: 'x' is no null"),
        ("a: " + "9" * 5000 + "\n", Position(1, 4), "invalid YAML: a number of 5000 digits is too long"),
        ('name: "Ben\\0Carter"\n', Position(1, 7), "U+0000 (a control character) cannot appear on a web page"),
        ('name: "Ben\\x85"\n', Position(1, 7), "U+0085 (a control character) cannot appear on a web page"),
        ('"a\\ufffe": 1\n', Position(1, 1), "U+FFFE (a noncharacter) cannot appear on a web page"),
        ("a: !!python/object x\n", Position(1, 4), "unsupported YAML tag"),
        ("\tx: 1\n", Position(1, 1), "invalid YAML: found character that cannot start any token"),
    ],
)
def test_errors_carry_the_position_of_the_problem(text, position, start):
    with pytest.raises(YamlError) as raised:
        parse_yaml(text)
    assert raised.value.position == position
    assert raised.value.message.startswith(start)


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_lines_are_counted_as_editors_count_them_whatever_libyaml_counts(separator):
    # libyaml (YAML 1.1) ends a line at U+2028 and U+2029 too: the error is on line 3 of the file, not 4
    with pytest.raises(YamlError) as raised:
        parse_yaml(f"a: 'x{separator}y'\nb: ü\nc: 1\nc: 2\n", first_line=2)
    assert raised.value.position == Position(5, 1)
    document = parse_yaml(f"a: 'x{separator}y'\nb: [1, ü]\n")
    assert document.position_of(("b", 1)) == Position(2, 8)


def test_an_empty_document_after_its_start_line_stands_in_the_file():
    assert parse_yaml("---", first_line=3).position_of(("name",)) == Position(3, 4)


def test_an_alias_to_a_scalar_may_be_a_key_and_aliases_repeat_values():
    document = parse_yaml("k: &k name\n*k : &v [1, 2]\nagain: *v\n")
    assert document.value == {"k": "name", "name": [1, 2], "again": [1, 2]}
    assert document.position_of(("again", 1)) == Position(3, 8)  # inside an alias: at the alias


def test_nesting_deeper_than_the_limit_is_an_error_not_a_crash():
    within = MAX_DEPTH - 1  # lists in the mapping
    assert parse_yaml("a: " + "[" * within + "]" * within).value is not None
    with pytest.raises(YamlError) as raised:
        parse_yaml("a: " + "[" * 100_000 + "]" * 100_000)  # libyaml's composer recursed, and crashed, here
    assert raised.value.position == Position(1, 4 + within)
    assert raised.value.message == f"invalid YAML: nested more than {MAX_DEPTH} levels deep"


def test_block_nesting_counts_too():
    text = "a:\n" + "".join(" " * (level + 1) + "- \n" for level in range(MAX_DEPTH + 5))
    with pytest.raises(YamlError) as raised:
        parse_yaml(text)
    assert raised.value.message == f"invalid YAML: nested more than {MAX_DEPTH} levels deep"


def billion_laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_a_yaml_error_passes_through_a_context_manager():
    @contextlib.contextmanager
    def passing() -> Iterator[None]:
        yield

    with pytest.raises(YamlError), passing():
        parse_yaml("a: [")


def test_a_billion_laughs_is_refused_at_the_alias_that_repeats_too_much():
    with pytest.raises(YamlError) as raised:
        parse_yaml(billion_laughs(10))  # 9^10 values if expanded
    # the aliases of a1 to a3 repeat 8,289 values, and a3 is 7,381: the first *a3 passes the 10,000
    assert raised.value.position == Position(5, 10)
    assert raised.value.message == (
        f"invalid YAML: aliases repeat more than {MAX_REPEATED_VALUES} values in this file (an alias bomb?); "
        "write the values out"
    )


def test_aliases_that_repeat_a_little_are_fine():
    assert len(parse_yaml(billion_laughs(4)).value["a3"]) == 9
