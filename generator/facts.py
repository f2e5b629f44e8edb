"""The language-neutral facts of a report — event, race, entries, photos — across its translations.

A fact may be stated in one translation and inherited by the others; where two state it,
they must agree. Facts are read from each file's plain YAML rather than its validated
fields, so a translation with an error elsewhere still takes part: one bad field hides no
other problem (spec section 6).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from .diagnostics import Diagnostic, Position, did_you_mean, quote_list
from .model import Event
from .read import SourceDocument
from .schema import EntryFields, FieldPath, PhotoFields, Schema
from .schema_errors import field_label

SHARED_FACTS = ("event", "race", "entries", "photos")
_ITEM_FIELDS: Mapping[str, type[Schema]] = {
    "entries": EntryFields,
    "photos": PhotoFields,
}  # facts that are lists of these


def _defaults(model: type[Schema]) -> dict[str, object]:
    return {
        field.alias or name: field.get_default()
        for name, field in model.model_fields.items()
        if not field.is_required()
    }


@dataclass(frozen=True, slots=True)
class StatedFacts:
    """The facts one report translation states, as plain values, and which of their paths the schema rejects."""

    source: SourceDocument
    values: Mapping[str, object]
    invalid: frozenset[FieldPath]

    @property
    def path(self) -> str:
        return self.source.path

    def position_of(self, path: FieldPath) -> Position:
        return self.source.data.position_of(path)

    def is_invalid(self, path: FieldPath) -> bool:
        return any(path[:end] in self.invalid for end in range(1, len(path) + 1))


def stated_facts(source: SourceDocument) -> StatedFacts:
    data = source.data.value if isinstance(source.data.value, dict) else {}
    values: dict[str, object] = {}
    invalid: set[FieldPath] = set()
    for fact in SHARED_FACTS:
        value = data.get(fact)
        if value is None:
            continue
        if fact in _ITEM_FIELDS and isinstance(value, list):
            value, rejected = _plain_items(fact, value)
            invalid |= rejected
        values[fact] = value
    return StatedFacts(source, values, frozenset(invalid))


def _plain_items(fact: str, items: list[object]) -> tuple[list[object], set[FieldPath]]:
    """Entries (or photos) with their defaults filled in: validated where valid, else as written."""
    model = _ITEM_FIELDS[fact]
    plain: list[object] = []
    invalid: set[FieldPath] = set()
    for index, item in enumerate(items):
        try:
            plain.append(model.model_validate(item).model_dump(by_alias=True))
        except ValidationError as error:
            invalid |= {(fact, index, *detail["loc"]) for detail in error.errors(include_url=False)}
            written = (
                {key: value for key, value in item.items() if value is not None} if isinstance(item, dict) else item
            )
            plain.append({**_defaults(model), **written} if isinstance(written, dict) else written)
    return plain, invalid


@dataclass(frozen=True, slots=True)
class SharedFacts:
    """For each fact, the translation it is taken from (the first to state it); and every disagreement."""

    stated_in: Mapping[str, StatedFacts]
    disagreements: tuple[Diagnostic, ...]

    def value(self, fact: str) -> object:
        stating = self.stated_in.get(fact)
        return stating.values[fact] if stating is not None else None


def shared_facts(translations: Sequence[StatedFacts]) -> SharedFacts:
    """Facts inherited across `translations`; a disagreement is reported at the file that sorts later."""
    ordered = sorted(translations, key=lambda stated: stated.path)
    stated_in: dict[str, StatedFacts] = {}
    disagreements: list[Diagnostic] = []
    for fact in SHARED_FACTS:
        stating = [stated for stated in ordered if fact in stated.values]
        if not stating:
            continue
        first = stated_in[fact] = stating[0]
        for later in stating[1:]:
            disagreements.extend(_disagreements(fact, first, later))
    return SharedFacts(stated_in, tuple(disagreements))


def _disagreements(fact: str, first: StatedFacts, later: StatedFacts) -> Iterator[Diagnostic]:
    for path, ours, theirs in differences(later.values[fact], first.values[fact], (fact,)):
        if first.is_invalid(path) or later.is_invalid(path):
            continue  # the schema error says what is wrong there
        yield Diagnostic(
            later.path,
            later.position_of(path),
            f"translations disagree: {field_label(path)}: {_show(ours)} vs {_show(theirs)} in {first.path}",
        )


def differences(ours: object, theirs: object, path: FieldPath) -> Iterator[tuple[FieldPath, object, object]]:
    """Every path at which two plain values differ, with both values there."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in [*ours, *(key for key in theirs if key not in ours)]:
            yield from differences(ours.get(key), theirs.get(key), (*path, key))
    elif isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for index, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
            yield from differences(mine, other, (*path, index))
    elif ours != theirs:
        yield path, ours, theirs


def _show(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            return "[" + ", ".join(_show(item) for item in value) + "]"
        return f"{len(value)} items"
    return str(value)


# Results are facts of a race, stated once (spec section 3.1).


def unknown_race(race_id: str, event_id: str, known: Sequence[str]) -> str:
    """The message for a race that is not one of an event's `known` races."""
    listing = f"its races: {', '.join(known)}" if known else "it lists no races"
    return f"unknown race '{race_id}' of event '{event_id}' ({listing}){did_you_mean(race_id, known)}"


def missing_race(shared: SharedFacts, event: Event, note: str = "") -> Diagnostic | None:
    """A report with entries about an event of several races must name its race. `note` adds why it is missing."""
    entries = shared.stated_in.get("entries")
    if entries is None or not shared.value("entries") or "race" in shared.stated_in or len(event.races) < 2:
        return None
    races = [race.id for race in event.races]
    return Diagnostic(
        entries.path,
        entries.position_of(()),
        f"missing field 'race': event '{event.id}' has {len(races)} races ({quote_list(races)}); "
        f"a report with entries names the race they are results of" + (f"; {note}" if note else ""),
    )


@dataclass(frozen=True, slots=True)
class _StatedResult:
    stated: StatedFacts
    index: int
    car: str


_Race = tuple[str, str, str]  # event id, race id, how to name the race
_CarKey = tuple[str, int] | tuple[str, str, tuple[str, ...]]  # ("number", 24) or ("car", name, crew)


def repeated_results(reports: Sequence[tuple[SharedFacts, Event]]) -> list[Diagnostic]:
    """Every result of a car in a race stated a second time, at the later of the two places."""
    first_stated: dict[tuple[_Race, _CarKey], _StatedResult] = {}
    problems = []
    results = sorted(
        (result for shared, event in reports for result in _results(shared, event)),
        key=lambda item: (item[1].stated.path, item[1].index),
    )
    for (race, car_key), result in results:
        first = first_stated.setdefault((race, car_key), result)
        if first is not result:
            where = f"{first.stated.path}:{first.stated.position_of(('entries', first.index)).line}"
            problems.append(
                Diagnostic(
                    result.stated.path,
                    result.stated.position_of(("entries", result.index)),
                    f"entries[{result.index}]: the result of {result.car} in {race[2]} is already stated at {where}; "
                    f"state a car's result in a race in one report only",
                )
            )
    return problems


def _results(shared: SharedFacts, event: Event) -> Iterator[tuple[tuple[_Race, _CarKey], _StatedResult]]:
    stated = shared.stated_in.get("entries")
    race = _race_of(shared, event)
    if stated is None or race is None or not isinstance(stated.values["entries"], list):
        return
    for index, entry in enumerate(stated.values["entries"]):
        car = _car(entry)
        if car is not None:
            yield (race, car[0]), _StatedResult(stated, index, car[1])


def _race_of(shared: SharedFacts, event: Event) -> _Race | None:
    """(event id, race id, description) of the race a report's results are from; None when unknown."""
    race_id = shared.value("race")
    if race_id is None and len(event.races) == 1:
        race_id = event.races[0].id
    if race_id is None and not event.races:
        return event.id, "", f"event '{event.id}'"
    if not isinstance(race_id, str) or event.race(race_id) is None:
        return None
    return event.id, race_id, f"race '{race_id}' of event '{event.id}'"


def _car(entry: object) -> tuple[_CarKey, str] | None:
    """A car's identity in a race (its number, else its name and crew) and how to name it."""
    if not isinstance(entry, dict):
        return None
    number = entry.get("number")
    if isinstance(number, int) and not isinstance(number, bool):
        return ("number", number), f"car #{number}"
    drivers = entry.get("drivers")
    crew = tuple(str(driver) for driver in drivers) if isinstance(drivers, list) else ()
    return ("car", str(entry.get("car")), crew), f"the {entry.get('car')} of {', '.join(crew)}"
