"""A report's `entries` rewritten in the report's own text, changing only what an import states.

The front matter is composed (not constructed) to learn the lines every node spans. In an
entry to replace, each field the import states is rewritten on its own line(s) — a value on
one line is swapped in place, so a comment after it stays — fields it says the car no longer
has are removed, new fields go after their predecessor in the schema's order, and the other
fields stay as written. New entries follow the last entry. Every other byte of the file —
other fields, comments, blank lines, quoting, the body, the BOM, LF or CRLF — is kept. A
report without a block list of entries gets one: at the end of its front matter, or in
place of an empty or flow-style `entries`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import yaml

from .read import FRONT_MATTER_DELIMITER
from .schema import EntryFields
from .yamlcore import YamlError, parse_yaml

FIELD_ORDER = tuple(field.alias or name for name, field in EntryFields.model_fields.items())


@dataclass(frozen=True, slots=True)
class CarEntry:
    """One car's entry as an import states it.

    `fields` are the values it states, in the schema's order; `states` names every field it
    speaks for: those in `fields` and those the car must not have (no `position` after a
    retirement). The fields it does not speak for are kept from an entry of the same number.
    """

    number: int
    fields: Mapping[str, object]
    states: frozenset[str]

    def merged_into(self, existing: Mapping[str, object]) -> dict[str, object]:
        """The plain entry after the import: kept fields where they were, new ones after their predecessor."""
        keys = _merged_keys(list(existing), self)
        return {key: self.fields[key] if key in self.fields else existing[key] for key in keys}


@dataclass(frozen=True, slots=True)
class EntriesEdit:
    text: str
    replaced: tuple[int, ...]  # car numbers whose entries were there
    added: tuple[int, ...]


def edit_entries(text: str, cars: Sequence[CarEntry]) -> EntriesEdit:
    """`text` (a whole report file that pitboard can read) with the entries of `cars` written into its front matter."""
    report = _Report(text)
    entries = report.entries_pair()
    if entries is not None and isinstance(entries[1], yaml.SequenceNode) and entries[1].flow_style is not True:
        return _edit_block_list(report, entries[1], cars)
    return _write_new_list(report, entries, cars)


class _Report:
    """A report's lines (each keeping its '\\r' under CRLF) and its front matter, composed and read."""

    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.eol = "\r" if self.lines[0].endswith("\r") else ""
        closing = next(
            index for index in range(1, len(self.lines)) if self.lines[index].rstrip() == FRONT_MATTER_DELIMITER
        )
        self.end = closing  # the line of the closing delimiter
        front_matter = "\n".join(line.removesuffix("\r") for line in self.lines[1:closing])
        self.root = yaml.compose(front_matter, Loader=yaml.SafeLoader)
        value = parse_yaml(front_matter).value
        self.values: Mapping[str, object] = value if isinstance(value, dict) else {}

    def entries_pair(self) -> tuple[yaml.Node, yaml.Node] | None:
        if not isinstance(self.root, yaml.MappingNode):
            return None
        return next(((key, value) for key, value in self.root.value if key.value == "entries"), None)

    @property
    def existing_entries(self) -> list[Mapping[str, object]]:
        entries = self.values.get("entries")
        if not isinstance(entries, list):
            return []
        if not all(isinstance(entry, dict) for entry in entries):
            raise ValueError("edit_entries needs a report whose entries are mappings")
        return entries

    def line_of(self, mark: yaml.Mark) -> int:
        return mark.line + 1  # the front matter starts on the file's second line

    def last_line(self, node: yaml.Node) -> int:
        """The file line of the last character of `node`."""
        while isinstance(node, yaml.CollectionNode) and node.flow_style is not True and node.value:
            last = node.value[-1]
            node = last[1] if isinstance(node, yaml.MappingNode) else last
        end = node.end_mark
        return self.line_of(end) if end.column > 0 else self.line_of(end) - 1  # a block scalar ends on a new line

    def new_line(self, text: str) -> str:
        return text + self.eol

    def replaced(self, edits: list[tuple[int, int, list[str]]]) -> str:
        """The text with each (first line, last line, new lines) applied; `last` < `first` inserts before `first`."""
        lines = list(self.lines)
        for first, last, new in sorted(edits, key=lambda edit: edit[0], reverse=True):
            lines[first : last + 1] = new
        return "\n".join(lines)


def _edit_block_list(report: _Report, entries: yaml.SequenceNode, cars: Sequence[CarEntry]) -> EntriesEdit:
    by_number = {car.number: car for car in cars}
    dash_col = entries.start_mark.column
    key_col = next(
        (item.start_mark.column for item in entries.value if isinstance(item, yaml.MappingNode)), dash_col + 2
    )
    edits: list[tuple[int, int, list[str]]] = []
    replaced: list[int] = []
    for item, plain in zip(entries.value, report.existing_entries, strict=True):
        car = _stated_car(plain, by_number)
        if car is None:
            continue
        first, last = _dash_line(report, item, dash_col), report.last_line(item)
        if isinstance(item, yaml.MappingNode) and item.flow_style is not True:
            edits.append((first, last, _EntryEditor(report, item, first, last, car, plain).lines()))
        else:
            edits.append((first, last, _entry_lines(report, car.merged_into(plain), dash_col, key_col)))
        replaced.append(car.number)
    added = [car for car in cars if car.number not in replaced]
    after = report.last_line(entries) + 1
    new_entries = [line for car in added for line in _entry_lines(report, car.fields, dash_col, key_col)]
    edits.append((after, after - 1, new_entries))
    return EntriesEdit(report.replaced(edits), tuple(replaced), tuple(car.number for car in added))


def _write_new_list(
    report: _Report, entries: tuple[yaml.Node, yaml.Node] | None, cars: Sequence[CarEntry]
) -> EntriesEdit:
    """`entries` in block style: in place of an empty or flow-style one (its entries merged), or at the end."""
    by_number = {car.number: car for car in cars}
    merged: list[Mapping[str, object]] = []
    replaced: list[int] = []
    for plain in report.existing_entries:
        car = _stated_car(plain, by_number)
        merged.append(plain if car is None else car.merged_into(plain))
        replaced.extend([] if car is None else [car.number])
    added = [car for car in cars if car.number not in replaced]
    merged.extend(car.fields for car in added)
    if entries is not None:
        key, value = entries
        first, last = report.line_of(key.start_mark), max(report.line_of(key.start_mark), report.last_line(value))
        indent = key.start_mark.column
    else:
        first, last = report.end, report.end - 1  # inserted before the closing delimiter
        indent = report.root.start_mark.column if isinstance(report.root, yaml.MappingNode) else 0
    lines = [report.new_line(" " * indent + "entries:")]
    lines.extend(line for entry in merged for line in _entry_lines(report, entry, indent + 2, indent + 4))
    return EntriesEdit(report.replaced([(first, last, lines)]), tuple(replaced), tuple(car.number for car in added))


def _stated_car(plain: Mapping[str, object], by_number: Mapping[int, CarEntry]) -> CarEntry | None:
    """The car the import states for an existing entry: the one of its number."""
    number = plain.get("number")
    return by_number.get(number) if isinstance(number, int) and not isinstance(number, bool) else None


def _dash_line(report: _Report, item: yaml.Node, dash_col: int) -> int:
    """The line of the `-` that starts `item` in a block list whose dashes stand at `dash_col`."""
    line = report.line_of(item.start_mark)
    while not _starts_item(report.lines[line], dash_col):
        line -= 1
    return line


def _starts_item(line: str, dash_col: int) -> bool:
    return line[dash_col : dash_col + 1] == "-" and not line[:dash_col].strip()


def _entry_lines(report: _Report, entry: Mapping[str, object], dash_col: int, key_col: int) -> list[str]:
    """A whole entry in block style: its first field on the dash's line."""
    key_col = max(key_col, dash_col + 2)
    lines = [report.new_line(" " * key_col + f"{key}: {yaml_value(value)}") for key, value in entry.items()]
    if lines:
        lines[0] = (" " * dash_col + "-").ljust(key_col) + lines[0][key_col:]
    return lines


class _EntryEditor:
    """The lines of one block-style entry with the fields an import states rewritten."""

    def __init__(
        self, report: _Report, item: yaml.MappingNode, first: int, last: int, car: CarEntry, plain: Mapping[str, object]
    ):
        self.report = report
        self.item = item
        self.first = first  # the line of its dash
        self.last = last
        self.car = car
        self.plain = plain
        self.key_col = item.start_mark.column

    def lines(self) -> list[str]:
        lines = self.report.lines
        inserted = _insertions(list(self.plain), self.car)
        edited: list[tuple[str, bool]] = []  # each line, and whether it begins a field
        cursor = self.first
        for index, (key, value) in enumerate(self.item.value):
            start = self.report.line_of(key.start_mark)
            end = max(start, self.report.last_line(value))
            edited.extend((line, False) for line in lines[cursor:start])  # comments, blank lines, a lone dash
            if index == 0:
                edited.extend(self.new_fields(inserted.get(None, [])))
            edited.extend(self.field(key.value, value, start, end))
            edited.extend(self.new_fields(inserted.get(key.value, [])))
            cursor = end + 1
        edited.extend((line, False) for line in lines[cursor : self.last + 1])
        return self.with_dash(edited)

    def field(self, key: str, value: yaml.Node, start: int, end: int) -> list[tuple[str, bool]]:
        """A field's lines as they stay or become; its first line indented to the key's column, without a dash."""
        lines = self.report.lines[start : end + 1]
        lines[0] = " " * self.key_col + lines[0][self.key_col :]
        new = self.car.fields.get(key)
        if key in self.car.states and new is None:
            return []
        if key in self.car.states and new != self.plain.get(key):
            text = yaml_value(new)
            if start == end and self.on_line(value, start):  # swapped in place: a comment after it stays
                lines = [lines[0][: value.start_mark.column] + text + lines[0][value.end_mark.column :]]
            else:
                lines = [self.report.new_line(" " * self.key_col + f"{key}: {text}")]
        return [(line, index == 0) for index, line in enumerate(lines)]

    def on_line(self, value: yaml.Node, line: int) -> bool:
        """Whether `value` is written on `line` and nowhere else (not empty, not an alias of a node elsewhere)."""
        start, end = value.start_mark, value.end_mark
        return self.report.line_of(start) == line == self.report.line_of(end) and end.column > start.column

    def new_fields(self, keys: list[str]) -> list[tuple[str, bool]]:
        return [
            (self.report.new_line(" " * self.key_col + f"{key}: {yaml_value(self.car.fields[key])}"), True)
            for key in keys
        ]

    def with_dash(self, edited: list[tuple[str, bool]]) -> list[str]:
        """The entry's dash on its first field's line, where it stood on the first field's line before."""
        lines = [line for line, _begins in edited]
        if self.report.line_of(self.item.start_mark) == self.first:
            first_field = next(index for index, (_line, begins) in enumerate(edited) if begins)
            lines[first_field] = self.report.lines[self.first][: self.key_col] + lines[first_field][self.key_col :]
        return lines


def _merged_keys(existing: list[str], car: CarEntry) -> list[str]:
    """The keys of an entry after the import, in order: existing ones where they were, new ones after their
    predecessor in the schema's order (first, when none is there)."""
    keys = [key for key in existing if key not in car.states or key in car.fields]
    for key in car.fields:
        if key not in keys:
            before = [index for index, other in enumerate(keys) if _schema_rank(other) < _schema_rank(key)]
            keys.insert(max(before) + 1 if before else 0, key)
    return keys


def _insertions(existing: list[str], car: CarEntry) -> dict[str | None, list[str]]:
    """The new keys grouped by the existing key they follow (None: before the first)."""
    groups: dict[str | None, list[str]] = {}
    anchor: str | None = None
    for key in _merged_keys(existing, car):
        if key in existing:
            anchor = key
        else:
            groups.setdefault(anchor, []).append(key)
    return groups


def _schema_rank(key: str) -> int:
    return FIELD_ORDER.index(key) if key in FIELD_ORDER else len(FIELD_ORDER)


def yaml_value(value: object) -> str:
    """A value as YAML text: numbers and booleans as such, a list in flow style, text plain when every YAML
    reader (1.2 like pitboard, and 1.1 like many editors) reads it back as the same text, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_text(str(item), in_list=True) for item in value) + "]"
    return _text(str(value), in_list=False)


def _text(text: str, in_list: bool) -> str:
    document = f"[{text}]" if in_list else text
    expected: object = [text] if in_list else text
    if text.strip() == text and _reads_back(document, expected):
        return text
    return json.dumps(text, ensure_ascii=False)


def _reads_back(document: str, expected: object) -> bool:
    try:
        return parse_yaml(document).value == expected and yaml.safe_load(document) == expected
    except (YamlError, yaml.YAMLError):
        return False
