"""Stage 3: every document checked against its schema and the rules within one file.

Rules that need other files (references, translations) are the resolver's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeGuard, TypeVar

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Position, quote_list
from .kinds import Kind
from .markup import markdown_problem
from .read import ContentFiles, SourceDocument
from .schema import (
    SCHEMAS,
    DriverFile,
    EntryFields,
    EventFile,
    FieldPath,
    PageFrontMatter,
    PhotoFields,
    QuoteFields,
    ReportFrontMatter,
    SeriesFile,
)
from .schema_errors import describe_errors, field_label

Model = TypeVar("Model", bound=BaseModel, covariant=True)
Fields = TypeVar("Fields", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Valid(Generic[Model]):
    """A document whose fields passed the schema: the typed fields and where they came from."""

    source: SourceDocument
    fields: Model

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def lang(self) -> str:
        """The language of a report or page, which its file name gives: `<id>.<lang>.md`."""
        lang = self.source.lang
        assert lang is not None, f"{self.path} has no language: it is no Markdown document"
        return lang

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
    documents: tuple[SourceDocument, ...]  # every file that could be read, valid or not
    unreadable: frozenset[tuple[Kind, str]]  # (kind, id) with a file that could not be read at all


Checked = tuple[Valid[BaseModel] | None, tuple[Diagnostic, ...]]


class ValidationMemo:
    """What checking each document of the last build gave, kept by the builds of one process (`serve`). A
    file read again with the same bytes is the very same SourceDocument while the build cache holds its
    parse, so the documents are known by identity (each kept alive here while it is known)."""

    def __init__(self) -> None:
        self._checked: dict[int, tuple[SourceDocument, tuple[str, ...], Checked]] = {}

    def check_all(self, documents: tuple[SourceDocument, ...], languages: tuple[str, ...]) -> list[Checked]:
        """Each document checked, or as checked before; from now on, only these are known."""
        checked: dict[int, tuple[SourceDocument, tuple[str, ...], Checked]] = {}
        for source in documents:
            known = self._checked.get(id(source))
            if known is None or known[0] is not source or known[1] != languages:
                valid, problems = validate_document(source, languages)
                known = (source, languages, (valid, tuple(problems)))
            checked[id(source)] = known
        self._checked = checked
        return [checked[id(source)][2] for source in documents]


def validate_content(
    content: ContentFiles, languages: tuple[str, ...], memo: ValidationMemo | None = None
) -> ValidContent:
    """Every document checked against its schema and the rules within its file (`memo`: as an earlier build
    of this process checked it, where it is the same document)."""
    by_kind: dict[Kind, list[Valid[BaseModel]]] = {kind: [] for kind in Kind}
    diagnostics = list(content.diagnostics)
    broken = set(content.unreadable)
    checked = (memo or ValidationMemo()).check_all(content.documents, languages)
    for source, (valid, problems) in zip(content.documents, checked, strict=True):
        diagnostics.extend(problems)
        if valid is not None and not problems:
            by_kind[source.kind].append(valid)
        else:
            broken.add((source.kind, source.id))
    return ValidContent(
        reports=_with_fields(by_kind[Kind.REPORT], ReportFrontMatter),
        pages=_with_fields(by_kind[Kind.PAGE], PageFrontMatter),
        drivers=_with_fields(by_kind[Kind.DRIVER], DriverFile),
        events=_with_fields(by_kind[Kind.EVENT], EventFile),
        series=_with_fields(by_kind[Kind.SERIES], SeriesFile),
        claimed_ids=content.claimed_ids,
        broken=frozenset(broken),
        diagnostics=tuple(diagnostics),
        documents=content.documents,
        unreadable=content.unreadable,
    )


def _with_fields(found: list[Valid[BaseModel]], model: type[Fields]) -> tuple[Valid[Fields], ...]:
    """The documents of one kind, all of whose fields are a `model` (`SCHEMAS` says which kind has which)."""
    return tuple(valid for valid in found if _has_fields(valid, model))


def _has_fields(valid: Valid[BaseModel], model: type[Fields]) -> TypeGuard[Valid[Fields]]:
    return isinstance(valid.fields, model)


def validate_document(
    source: SourceDocument, languages: tuple[str, ...]
) -> tuple[Valid[BaseModel] | None, list[Diagnostic]]:
    model = SCHEMAS[source.kind]
    body = list(_body_rules(source))
    try:
        fields = model.model_validate(source.data.value)
    except ValidationError as error:
        found = [*describe_errors(error, model, source.data), *_item_rules_despite_errors(source), *body]
        return None, [Diagnostic(source.path, position, message) for position, message in found]
    valid = Valid(source, fields)
    found = [*_file_rules(valid, languages), *body]
    return valid, [Diagnostic(source.path, position, message) for position, message in found]


def _body_rules(source: SourceDocument) -> Iterator[tuple[Position, str]]:
    """A Markdown body that Python-Markdown could not convert within bounded stack and time."""
    problem = markdown_problem(source.body) if source.kind.is_markdown else None
    if problem is not None:
        line, message = problem
        yield Position(source.body_line + line, 1), message


def _file_rules(valid: Valid[BaseModel], languages: tuple[str, ...]) -> Iterator[tuple[Position, str]]:
    yield from _localized_keys(valid, languages)
    fields = valid.fields
    if isinstance(fields, ReportFrontMatter):
        for index, entry in enumerate(fields.entries or ()):
            yield from _entry_rules(valid.source, index, entry)
        for index, quote in enumerate(fields.quotes):
            yield from _quote_rules(valid.source, index, quote)
    elif isinstance(fields, EventFile):
        yield from _event_rules(valid, fields)
    elif isinstance(fields, DriverFile):
        yield from _bio_rules(valid, fields)


def _bio_rules(valid: Valid[BaseModel], driver: DriverFile) -> Iterator[tuple[Position, str]]:
    """A bio that Python-Markdown could not convert within bounded stack and time, at its text."""
    bio = driver.bio
    texts = [((), bio)] if isinstance(bio, str) else [((lang,), text) for lang, text in (bio or {}).items()]
    for where, text in texts:
        problem = markdown_problem(text)
        if problem is not None:
            yield valid.position_of("bio", *where), f"bio: {problem[1]}"


def _localized_keys(valid: Valid[BaseModel], languages: tuple[str, ...]) -> Iterator[tuple[Position, str]]:
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


def _localized_values(fields: BaseModel) -> Iterator[tuple[FieldPath, object]]:
    if isinstance(fields, DriverFile):
        yield ("bio",), fields.bio
    elif isinstance(fields, EventFile):
        yield ("name",), fields.name
        yield ("circuit",), fields.circuit
        for index, race in enumerate(fields.races):
            yield ("races", index, "name"), race.name
        if fields.photo is not None:
            yield from _photo_texts(("photo",), fields.photo)
    elif isinstance(fields, SeriesFile):
        yield ("name",), fields.name
    elif isinstance(fields, ReportFrontMatter):
        for index, quote in enumerate(fields.quotes):
            yield ("quotes", index, "role"), quote.role
        for index, photo in enumerate(fields.photos or ()):
            yield from _photo_texts(("photos", index), photo)


def _photo_texts(path: FieldPath, photo: PhotoFields) -> Iterator[tuple[FieldPath, object]]:
    yield (*path, "alt"), photo.alt
    yield (*path, "caption"), photo.caption


def _item_rules_despite_errors(source: SourceDocument) -> Iterator[tuple[Position, str]]:
    """The rules of each entry and quote that is valid on its own, in a report with schema errors elsewhere."""
    if source.kind is not Kind.REPORT:
        return
    yield from _valid_item_rules(source, "entries", EntryFields, _entry_rules)
    yield from _valid_item_rules(source, "quotes", QuoteFields, _quote_rules)


def _valid_item_rules(
    source: SourceDocument,
    field: str,
    model: type[Fields],
    rules: Callable[[SourceDocument, int, Fields], Iterator[tuple[Position, str]]],
) -> Iterator[tuple[Position, str]]:
    items = source.mapping.get(field)
    for index, item in enumerate(items if isinstance(items, list) else ()):
        try:
            fields = model.model_validate(item)
        except ValidationError:
            continue
        yield from rules(source, index, fields)


def _entry_rules(source: SourceDocument, index: int, entry: EntryFields) -> Iterator[tuple[Position, str]]:
    here = ("entries", index)
    position_of = source.data.position_of
    if entry.position is not None and entry.status != "finished":
        later = max(position_of((*here, "position")), position_of((*here, "status")))
        yield (
            later,
            (
                f"entries[{index}].position: a car with status '{entry.status}' has no finishing position; "
                f"remove position or set status: finished"
            ),
        )
    yield from _gap_rules(source, index, entry)
    seen: set[str] = set()
    for slot, driver in enumerate(entry.drivers):
        if driver in seen:
            yield position_of((*here, "drivers", slot)), f"entries[{index}].drivers: '{driver}' is listed twice"
        seen.add(driver)
    if entry.fastest_lap_by is not None and entry.fastest_lap_by not in entry.drivers:
        yield (
            position_of((*here, "fastest_lap_by")),
            (
                f"entries[{index}].fastest_lap_by: '{entry.fastest_lap_by}' is not one of the entry's drivers "
                f"({quote_list(entry.drivers)})"
            ),
        )


def _gap_rules(source: SourceDocument, index: int, entry: EntryFields) -> Iterator[tuple[Position, str]]:
    """A gap is the distance of a finisher to its class winner: none on the winner, none on a non-finisher."""
    here = ("entries", index)
    position_of = source.data.position_of
    if entry.gap is None:
        return
    if entry.position == 1:
        later = max(position_of((*here, "gap")), position_of((*here, "position")))
        yield later, f"entries[{index}].gap: the class winner (position 1) has no gap; remove gap"
    if entry.status != "finished":
        later = max(position_of((*here, "gap")), position_of((*here, "status")))
        yield (
            later,
            (
                f"entries[{index}].gap: a car with status '{entry.status}' has no gap to the class winner; "
                f"remove gap or set status: finished"
            ),
        )


def _quote_rules(source: SourceDocument, index: int, quote: QuoteFields) -> Iterator[tuple[Position, str]]:
    """A quote is by a driver of the site (`by`) or by someone else (`name`): one of the two."""
    here = ("quotes", index)
    position_of = source.data.position_of
    if quote.by is not None and quote.name is not None:
        later = max(position_of((*here, "by")), position_of((*here, "name")))
        yield (
            later,
            (f"quotes[{index}]: a quote has either 'by' (a driver) or 'name' (anyone else), not both; remove one"),
        )
    elif quote.by is None and quote.name is None:
        yield (
            position_of(here),
            (
                f"quotes[{index}]: missing 'by' or 'name': who said it? by: a driver id, or name: (and role:) "
                f"for anyone else"
            ),
        )


def _event_rules(valid: Valid[BaseModel], event: EventFile) -> Iterator[tuple[Position, str]]:
    if event.end is not None and event.end < event.start:
        yield (
            _later(valid, ("end",), ("start",)),
            (f"end {event.end.isoformat()} is before start {event.start.isoformat()}"),
        )
    last_day = event.end or event.start
    seen: set[str] = set()
    for index, race in enumerate(event.races):
        if race.id in seen:
            yield valid.position_of("races", index, "id"), f"races[{index}].id: race '{race.id}' is listed twice"
        seen.add(race.id)
        if race.date is not None and not event.start <= race.date <= last_day:
            yield (
                valid.position_of("races", index, "date"),
                (
                    f"races[{index}].date: {race.date.isoformat()} is outside the event "
                    f"({_date_span(event.start, last_day)})"
                ),
            )


def _date_span(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"


def _later(valid: Valid[BaseModel], first: FieldPath, second: FieldPath) -> Position:
    """Of two nodes that break a rule together, the one that stands later in the file."""
    return max(valid.position_of(*first), valid.position_of(*second))
