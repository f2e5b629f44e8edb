"""Stage 3: every document checked against its schema and the rules within one file.

Rules that need other files (references, translations) are the resolver's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Position, quote_list
from .read import ContentFiles, Kind, SourceDocument
from .schema import DriverFile, EventFile, PageFrontMatter, ReportFrontMatter, SeriesFile
from .schema_errors import describe_errors, field_label

Model = TypeVar("Model", bound=BaseModel)

_MODELS: dict[Kind, type[BaseModel]] = {
    Kind.REPORT: ReportFrontMatter,
    Kind.PAGE: PageFrontMatter,
    Kind.DRIVER: DriverFile,
    Kind.EVENT: EventFile,
    Kind.SERIES: SeriesFile,
}


@dataclass(frozen=True, slots=True)
class Valid(Generic[Model]):
    """A document whose fields passed the schema: the typed fields and where they came from."""

    source: SourceDocument
    fields: Model

    @property
    def path(self) -> str:
        return self.source.path

    def position_of(self, *path: str | int) -> Position:
        return self.source.data.position_of(path)



@dataclass(frozen=True, slots=True)
class ValidContent:
    reports: tuple[Valid[ReportFrontMatter], ...]
    pages: tuple[Valid[PageFrontMatter], ...]
    drivers: tuple[Valid[DriverFile], ...]
    events: tuple[Valid[EventFile], ...]
    series: tuple[Valid[SeriesFile], ...]
    claimed_ids: dict[Kind, frozenset[str]]
    broken: frozenset[tuple[Kind, str]]  # (kind, id) with a file that failed; its errors are reported
    diagnostics: tuple[Diagnostic, ...]


def validate_content(content: ContentFiles, languages: tuple[str, ...]) -> ValidContent:
    by_kind: dict[Kind, list[Valid]] = {kind: [] for kind in Kind}
    diagnostics = list(content.diagnostics)
    broken = set(content.unreadable)
    for source in content.documents:
        valid, problems = validate_document(source, languages)
        diagnostics.extend(problems)
        if valid is not None and not problems:
            by_kind[source.kind].append(valid)
        else:
            broken.add((source.kind, source.id))
    return ValidContent(
        reports=tuple(by_kind[Kind.REPORT]),
        pages=tuple(by_kind[Kind.PAGE]),
        drivers=tuple(by_kind[Kind.DRIVER]),
        events=tuple(by_kind[Kind.EVENT]),
        series=tuple(by_kind[Kind.SERIES]),
        claimed_ids=content.claimed_ids,
        broken=frozenset(broken),
        diagnostics=tuple(diagnostics),
    )


def validate_document(source: SourceDocument, languages: tuple[str, ...]) -> tuple[Valid | None, list[Diagnostic]]:
    model = _MODELS[source.kind]
    try:
        fields = model.model_validate(source.data.value)
    except ValidationError as error:
        return None, [
            Diagnostic(source.path, position, message)
            for position, message in describe_errors(error, model, source.data)
        ]
    valid = Valid(source, fields)
    problems = [Diagnostic(source.path, position, message) for position, message in _file_rules(valid, languages)]
    return valid, problems


def _file_rules(valid: Valid, languages: tuple[str, ...]) -> Iterator[tuple[Position, str]]:
    yield from _localized_keys(valid, languages)
    fields = valid.fields
    if isinstance(fields, ReportFrontMatter):
        for index, entry in enumerate(fields.entries or ()):
            yield from _entry_rules(valid, index, entry)
    elif isinstance(fields, EventFile):
        yield from _event_rules(valid, fields)


def _localized_keys(valid: Valid, languages: tuple[str, ...]) -> Iterator[tuple[Position, str]]:
    """Per-language mappings may only name configured languages."""
    for path, value in _localized_values(valid.fields):
        if not isinstance(value, dict):
            continue
        for lang in value:
            if lang not in languages:
                yield (
                    valid.source.data.key_position_of((*path, lang)),
                    f"{field_label(path)}: unknown language '{lang}' (configured languages: {quote_list(languages)})",
                )


def _localized_values(fields: BaseModel) -> Iterator[tuple[tuple, object]]:
    if isinstance(fields, DriverFile):
        yield ("bio",), fields.bio
    elif isinstance(fields, EventFile):
        yield ("name",), fields.name
        yield ("circuit",), fields.circuit
        for index, race in enumerate(fields.races):
            yield ("races", index, "name"), race.name
    elif isinstance(fields, SeriesFile):
        yield ("name",), fields.name


def _entry_rules(valid: Valid, index: int, entry) -> Iterator[tuple[Position, str]]:
    here = ("entries", index)
    if entry.position is not None and entry.status != "finished":
        later = _later(valid, (*here, "position"), (*here, "status"))
        yield later, (
            f"entries[{index}].position: a car with status '{entry.status}' has no finishing position; "
            f"remove position or set status: finished"
        )
    seen: set[str] = set()
    for slot, driver in enumerate(entry.drivers):
        if driver in seen:
            yield valid.position_of(*here, "drivers", slot), f"entries[{index}].drivers: '{driver}' is listed twice"
        seen.add(driver)
    if entry.fastest_lap_by is not None and entry.fastest_lap_by not in entry.drivers:
        yield valid.position_of(*here, "fastest_lap_by"), (
            f"entries[{index}].fastest_lap_by: '{entry.fastest_lap_by}' is not one of the entry's drivers "
            f"({quote_list(entry.drivers)})"
        )


def _event_rules(valid: Valid, event: EventFile) -> Iterator[tuple[Position, str]]:
    if event.end is not None and event.end < event.start:
        yield _later(valid, ("end",), ("start",)), (
            f"end {event.end.isoformat()} is before start {event.start.isoformat()}"
        )
    last_day = event.end or event.start
    seen: set[str] = set()
    for index, race in enumerate(event.races):
        if race.id in seen:
            yield valid.position_of("races", index, "id"), f"races[{index}].id: race '{race.id}' is listed twice"
        seen.add(race.id)
        if race.date is not None and not event.start <= race.date <= last_day:
            yield valid.position_of("races", index, "date"), (
                f"races[{index}].date: {race.date.isoformat()} is outside the event "
                f"({_date_span(event.start, last_day)})"
            )


def _date_span(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"


def _later(valid: Valid, first: tuple, second: tuple) -> Position:
    """Of two nodes that break a rule together, the one that stands later in the file."""
    return max(valid.position_of(*first), valid.position_of(*second))
