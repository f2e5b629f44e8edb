"""Classification CSVs of the timing provider of WEC, ELMS, Asian Le Mans Series and IMSA (Al Kamel Systems).

Semicolon-separated values without quoting, UTF-8 with or without a BOM, LF or CRLF, header
names padded with spaces, a trailing `;`; times written `1'32.136`, `1:32.136` or
`5:44'41.101`. Columns are found by name, never by position, so both header layouts read
alike: drivers as full names (`DRIVER_1`, `DRIVER_2`, …) or as first and second names
(`DRIVER1_FIRSTNAME`, `DRIVER1_SECONDNAME`, …); unknown columns are ignored. Every problem
is a Diagnostic at the CSV's line and column.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from .diagnostics import FILE_START, BuildFailed, Diagnostic, Position

_STATUSES = {
    "classified": "finished",
    "not classified": "nc",
    "nc": "nc",
    "dnf": "dnf",
    "retired": "dnf",
    "ret": "dnf",
    "dsq": "dsq",
    "dns": "dns",
}
_STATUS_NAMES = "Classified, Not classified, DNF, Retired, DSQ or DNS"
_TIME_EXAMPLES = "1'32.136, 1:32.136 or 5:44'41.101"
_TIME = re.compile(
    r"^(?:(?:(?P<hours>[0-9]+)[:'])?(?P<minutes>[0-9]+)[:'])?(?P<seconds>[0-9]+)(?:\.(?P<fraction>[0-9]{1,3}))?$"
)
_FULL_NAME = re.compile(r"^DRIVER_([0-9]+)$")
_NAME_PARTS = ("FIRSTNAME", "SECONDNAME")
_NAME_PART = re.compile(r"^DRIVER([0-9]+)_(FIRSTNAME|SECONDNAME)$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Cell:
    """A value of the CSV and where it stands."""

    text: str
    position: Position


@dataclass(frozen=True, slots=True)
class _Column:
    index: int  # among the fields of a line
    position: Position  # of its name in the header line


@dataclass(frozen=True, slots=True)
class _Header:
    columns: Mapping[str, _Column]  # by name, unpadded and in upper case; the first of a repeated name counts
    fields: int  # how many fields the header line has, named or not

    @property
    def width(self) -> int:
        """The fields a line needs to reach the last named column."""
        return max(column.index for column in self.columns.values()) + 1


@dataclass(frozen=True, slots=True)
class ClassifiedCar:
    """One line of the classification, read. Times are in milliseconds."""

    line: int
    number: int
    car_class: str
    status: str  # as the content writes it: finished, nc, dnf, dsq, dns
    laps: int
    total_time: int | None
    fastest_lap: int | None
    team: Cell | None  # None: the CSV has no TEAM column
    vehicle: Cell | None  # likewise VEHICLE
    drivers: tuple[Cell, ...]  # the names as written; empty cells left out

    @property
    def position(self) -> Position:
        return Position(self.line, 1)


@dataclass(frozen=True, slots=True)
class Classification:
    path: str  # as given on the command line
    cars: tuple[ClassifiedCar, ...]  # in the CSV's order
    header: Mapping[str, Position]  # each column's name (upper case, unpadded) and where it stands

    def column_position(self, name: str) -> Position:
        return self.header.get(name, FILE_START)


@dataclass(frozen=True, slots=True)
class Standing:
    """A car's result within its class."""

    position: int | None  # only for a classified car
    gap: str | None  # to the class winner, as an entry's `gap` field; none for the winner and the unclassified


def read_classification(path: str, raw: bytes) -> Classification:
    """The cars of a classification CSV; raises BuildFailed naming every unreadable line and missing column."""
    text = _decode(path, raw)
    lines = _LINE_BREAK.split(text.removeprefix("\ufeff"))
    header = _read_header(lines[0])
    problems = _missing_columns(path, header.columns)
    if problems:
        raise BuildFailed(problems)
    cars: list[ClassifiedCar] = []
    for number, line in enumerate(lines[1:], start=2):
        if line.strip():
            car = _read_car(path, header, number, line)
            if isinstance(car, ClassifiedCar):
                cars.append(car)
            else:
                problems.extend(car)
    if problems:
        raise BuildFailed(problems)
    return Classification(path, tuple(cars), {name: column.position for name, column in header.columns.items()})


def _decode(path: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = f"invalid UTF-8: byte 0x{raw[error.start]:02x}; save the file as UTF-8"
        raise BuildFailed([Diagnostic(path, Position(line, 1), message)]) from None


def _read_header(line: str) -> _Header:
    columns: dict[str, _Column] = {}
    fields = split_fields(line)
    for index, (text, col) in enumerate(fields):
        name = text.strip().upper()
        if name:
            columns.setdefault(name, _Column(index, Position(1, col)))
    return _Header(columns, len(fields))


def _missing_columns(path: str, header: Mapping[str, _Column]) -> list[Diagnostic]:
    required = [(name,) for name in ("NUMBER", "CLASS", "LAPS")] + [("POSITION", "STATUS")]
    problems = [
        Diagnostic(path, FILE_START, f"missing column {' or '.join(names)} in the header line")
        for names in required
        if not any(name in header for name in names)
    ]
    if not _driver_columns(header):
        problems.append(
            Diagnostic(
                path,
                FILE_START,
                "missing driver columns in the header line: expected DRIVER_1, DRIVER_2, … "
                "or DRIVER1_FIRSTNAME, DRIVER1_SECONDNAME, …",
            )
        )
    return problems


def _driver_columns(header: Mapping[str, _Column]) -> list[tuple[int, ...]]:
    """Per driver, in order: the indexes of the columns whose texts make up the name."""
    slots: dict[int, dict[str, int]] = {}
    for name, column in header.items():
        full = _FULL_NAME.match(name)
        part = _NAME_PART.match(name)
        if full:
            slots.setdefault(int(full.group(1)), {})["FULL"] = column.index
        elif part:
            slots.setdefault(int(part.group(1)), {})[part.group(2)] = column.index
    return [
        (parts["FULL"],) if "FULL" in parts else tuple(parts[part] for part in _NAME_PARTS if part in parts)
        for _slot, parts in sorted(slots.items())
    ]


def split_fields(line: str) -> list[tuple[str, int]]:
    """The fields of a line, each with its 1-based column."""
    fields = []
    col = 1
    for text in line.split(";"):
        fields.append((text, col))
        col += len(text) + 1
    return fields


def _read_car(path: str, header: _Header, number: int, line: str) -> ClassifiedCar | list[Diagnostic]:
    fields = split_fields(line)
    surplus = [col for text, col in fields[header.fields :] if text.strip()]
    if len(fields) < header.width or surplus:
        where = surplus[0] if surplus else len(line) + 1
        return [
            Diagnostic(
                path,
                Position(number, where),
                f"unreadable line: {len(fields)} values where the header line has {header.fields}",
            )
        ]
    row = _Row(path, number, header.columns, fields)
    car = row.car()
    return car if not row.problems else row.problems


class _Row:
    """One line's values by column name; what cannot be read is collected in `problems`."""

    def __init__(self, path: str, line: int, header: Mapping[str, _Column], fields: Sequence[tuple[str, int]]):
        self.path = path
        self.line = line
        self.header = header
        self.fields = fields
        self.problems: list[Diagnostic] = []

    def cell(self, name: str) -> Cell | None:
        column = self.header.get(name)
        if column is None:
            return None
        text, col = self.fields[column.index]
        return Cell(text.strip(), Position(self.line, col))

    def problem(self, cell: Cell, message: str) -> None:
        self.problems.append(Diagnostic(self.path, cell.position, message))

    def car(self) -> ClassifiedCar:
        return ClassifiedCar(
            line=self.line,
            number=self.whole_number("NUMBER", "a car number"),
            car_class=self.car_class(),
            status=self.status(),
            laps=self.whole_number("LAPS", "a number of laps"),
            total_time=self.time("TOTAL_TIME"),
            fastest_lap=self.time("FL_TIME"),
            team=self.cell("TEAM"),
            vehicle=self.cell("VEHICLE"),
            drivers=tuple(self.drivers()),
        )

    def whole_number(self, name: str, what: str) -> int:
        cell = self.cell(name)
        assert cell is not None  # a required column
        if not cell.text.isdigit():
            self.problem(cell, f"{name}: expected {what}, got '{cell.text}'")
            return 0
        return int(cell.text)

    def car_class(self) -> str:
        cell = self.cell("CLASS")
        assert cell is not None  # a required column
        if not cell.text:
            self.problem(cell, "CLASS: empty; every car has a class")
        return cell.text

    def status(self) -> str:
        """From STATUS; without that column, from POSITION: a number is a classified car."""
        cell = self.cell("STATUS") or self.cell("POSITION")
        assert cell is not None  # one of them is required
        if cell.text.isdigit() and self.cell("STATUS") is None:
            return "finished"
        status = _STATUSES.get(" ".join(cell.text.lower().split()))
        if status is None:
            column = "STATUS" if "STATUS" in self.header else "POSITION"
            self.problem(cell, f"{column}: unknown status '{cell.text}' (expected {_STATUS_NAMES})")
            return "finished"
        return status

    def time(self, name: str) -> int | None:
        cell = self.cell(name)
        if cell is None or not cell.text:
            return None
        milliseconds = parse_time(cell.text)
        if milliseconds is None:
            self.problem(cell, f"{name}: unreadable time '{cell.text}' (expected e.g. {_TIME_EXAMPLES})")
        return milliseconds

    def drivers(self) -> Iterator[Cell]:
        for columns in _driver_columns(self.header):
            parts = [(self.fields[index][0].strip(), self.fields[index][1]) for index in columns]
            name = " ".join(text for text, _col in parts if text)
            if name:
                first_col = next(col for text, col in parts if text)
                yield Cell(name, Position(self.line, first_col))


def parse_time(text: str) -> int | None:
    """Milliseconds of a time as the CSV writes it — `1'32.136`, `1:32.136`, `32.136`, `5:44'41.101` — or None."""
    match = _TIME.match(text)
    if match is None:
        return None
    hours, minutes, seconds = (int(match.group(name) or 0) for name in ("hours", "minutes", "seconds"))
    if (match.group("hours") is not None and minutes > 59) or (match.group("minutes") is not None and seconds > 59):
        return None
    fraction = int((match.group("fraction") or "").ljust(3, "0"))
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction


def lap_time_text(milliseconds: int) -> str:
    """As an entry's `fastest_lap`: M:SS.fff."""
    minutes, rest = divmod(milliseconds, 60_000)
    return f"{minutes}:{rest // 1000:02d}.{rest % 1000:03d}"


def gap_text(laps_behind: int, milliseconds: int) -> str:
    """As an entry's `gap`: laps behind when there are any ('1 lap', '3 laps'), else the time (+0.292, +1:02.345)."""
    if laps_behind:
        return f"{laps_behind} lap{'s' if laps_behind > 1 else ''}"
    if milliseconds < 60_000:
        return f"+{milliseconds // 1000}.{milliseconds % 1000:03d}"
    return f"+{lap_time_text(milliseconds)}"


def standings(cars: Sequence[ClassifiedCar]) -> list[Standing]:
    """Each car's position in its class, counted in the CSV's order among classified cars, and its gap to the
    class winner: the laps it is behind, else the difference of the total times (none when one is missing)."""
    winners: dict[str, ClassifiedCar] = {}
    counted: Counter[str] = Counter()
    found = []
    for car in cars:
        if car.status != "finished":
            found.append(Standing(None, None))
            continue
        counted[car.car_class] += 1
        winner = winners.setdefault(car.car_class, car)
        found.append(Standing(counted[car.car_class], None if winner is car else _gap(winner, car)))
    return found


def _gap(winner: ClassifiedCar, car: ClassifiedCar) -> str | None:
    laps_behind = winner.laps - car.laps
    if laps_behind > 0:
        return gap_text(laps_behind, 0)
    if laps_behind < 0 or winner.total_time is None or car.total_time is None or car.total_time < winner.total_time:
        return None  # the timing says the car is not behind its winner; no gap is better than a wrong one
    return gap_text(0, car.total_time - winner.total_time)
