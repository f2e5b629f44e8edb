"""The content schema: what a report, driver, event, series and page file may say.

These pydantic models are the single declaration of every field: the validator checks files
against them and `pitboard schema` turns them into JSON Schema for editors. Rules that need
positions or other files (an event's `end` after its `start`, references) live in
`validate` and `resolve`.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from babel import Locale
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictInt,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .kinds import Kind
from .publication import MOMENT_PATTERN, MomentError, parse_moment

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LAP_TIME_PATTERN = r"^[0-9]+:[0-5][0-9]\.[0-9]{3}$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
GAP_PATTERN = r"^(?:\+(?:[0-9]+:[0-5][0-9]|[0-5]?[0-9])\.[0-9]{3}|1 lap|(?:[2-9]|[1-9][0-9]+) laps)$"
NOT_BLANK_PATTERN = r"\S"

_ID = re.compile(ID_PATTERN)
_LAP_TIME = re.compile(LAP_TIME_PATTERN)
_GAP = re.compile(GAP_PATTERN)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NOT_COUNTRIES = {"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"}  # Babel territories that are no country
_COUNTRIES = frozenset(
    code
    for code in Locale("en").territories
    if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
)


def is_valid_id(text: str) -> bool:
    return bool(_ID.match(text))


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise PydanticCustomError(
            "invalid_id",
            "'{value}' is not a valid id: use lowercase letters, digits and single hyphens",
            {"value": value},
        )
    return value


def _parse_date(value: object) -> object:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise PydanticCustomError("invalid_date", "expected a date YYYY-MM-DD, got {value}", {"value": repr(value)})
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("invalid_date", "'{value}' is not a calendar date", {"value": value}) from None


def _check_lap_time(value: str) -> str:
    if not _LAP_TIME.match(value):
        raise PydanticCustomError(
            "invalid_lap_time", "invalid lap time '{value}': expected M:SS.fff, e.g. 1:32.136", {"value": value}
        )
    return value


def _check_gap(value: str) -> str:
    if not _GAP.match(value):
        raise PydanticCustomError(
            "invalid_gap",
            "invalid gap '{value}': expected a time like +0.292 or +1:02.345, or laps like 1 lap / 4 laps",
            {"value": value},
        )
    return value


def _check_moment(value: str) -> str:
    """An ISO 8601 date-time with its offset, kept as written (the build summary names it so)."""
    try:
        parse_moment(value)
    except MomentError as error:
        raise PydanticCustomError("invalid_moment", "{problem}", {"problem": str(error)}) from None
    return value


def _check_country(value: str) -> str:
    if value not in _COUNTRIES:
        raise PydanticCustomError(
            "invalid_country",
            "'{value}' is not an ISO 3166-1 alpha-2 country code (e.g. DE, US, JP)",
            {"value": value},
        )
    return value


def _check_http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+\S*$", value) or not _has_host_and_port(value):
        raise PydanticCustomError("invalid_url", "'{value}' is not an http(s) URL", {"value": value})
    return value


def _has_host_and_port(url: str) -> bool:
    """Whether urllib finds a host in `url`, and a port if it names one ('http://[' has neither)."""
    try:
        parts = urlsplit(url)
        return bool(parts.hostname) and (parts.port is None or parts.port > 0)
    except ValueError:
        return False


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _check_localized(value: object) -> str | dict[str, str]:
    text = _as_text(value)
    if text is not None:
        return _check_not_blank(text)
    if isinstance(value, dict) and value and all(_as_text(text) is not None for text in value.values()):
        texts = {str(lang): _as_text(text) or "" for lang, text in value.items()}
        for lang, text in texts.items():
            if not text.strip():
                raise PydanticCustomError("blank", "the text for '{lang}' must not be empty", {"lang": lang})
        return texts
    raise PydanticCustomError(
        "invalid_localized",
        "expected a string or a mapping from language code to string, e.g. {{de: ..., en: ...}}",
    )


Id = Annotated[str, AfterValidator(_check_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]


@dataclass(frozen=True, slots=True)
class RefersTo:
    """Marks an id field as naming an entity of another file."""

    kind: Kind


DriverId = Annotated[Id, RefersTo(Kind.DRIVER)]
EventId = Annotated[Id, RefersTo(Kind.EVENT)]
SeriesId = Annotated[Id, RefersTo(Kind.SERIES)]
RaceId = Id  # one of the races of the report's event, which the resolver checks
IsoDate = Annotated[date, BeforeValidator(_parse_date), WithJsonSchema({"type": "string", "format": "date"})]
LapTime = Annotated[
    str, AfterValidator(_check_lap_time), WithJsonSchema({"type": "string", "pattern": LAP_TIME_PATTERN})
]
Gap = Annotated[str, AfterValidator(_check_gap), WithJsonSchema({"type": "string", "pattern": GAP_PATTERN})]
Moment = Annotated[str, AfterValidator(_check_moment), WithJsonSchema({"type": "string", "pattern": MOMENT_PATTERN})]
Country = Annotated[str, AfterValidator(_check_country), WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"})]
HttpUrl = Annotated[str, AfterValidator(_check_http_url), WithJsonSchema({"type": "string", "format": "uri"})]
_TEXT_SCHEMA = {"type": "string", "minLength": 1, "pattern": NOT_BLANK_PATTERN}
LocalizedField = Annotated[
    str | dict[str, str],
    PlainValidator(_check_localized),
    WithJsonSchema(
        {
            "anyOf": [
                _TEXT_SCHEMA,
                {
                    "type": "object",
                    "propertyNames": {"pattern": LANGUAGE_PATTERN},
                    "additionalProperties": _TEXT_SCHEMA,
                    "minProperties": 1,
                },
            ]
        }
    ),
]


def _check_not_blank(value: str | dict[str, str]) -> str | dict[str, str]:
    texts = [value] if isinstance(value, str) else list(value.values())
    if any(not text.strip() for text in texts):
        raise PydanticCustomError("empty", "must not be empty")
    return value


DescriptionField = Annotated[LocalizedField, AfterValidator(_check_not_blank)]
Status = Literal["finished", "dnf", "dns", "dsq", "nc"]
Text = Annotated[str, AfterValidator(_check_not_blank), WithJsonSchema(_TEXT_SCHEMA)]  # not empty, not only spaces


def _empty_optional_fields_may_be_null(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """In the editors' JSON Schema, an optional field may be empty too, as pitboard accepts it."""
    required = set(schema.get("required", ()))
    for name, field in schema.get("properties", {}).items():
        if name in required or _allows_null(field):
            continue
        annotations = {key: field.pop(key) for key in _ANNOTATIONS if key in field}
        schema["properties"][name] = {"anyOf": [field, {"type": "null"}], **annotations}


_ANNOTATIONS = ("default", "description", "title")


def _allows_null(field: dict[str, Any]) -> bool:
    return field.get("type") == "null" or any(_allows_null(option) for option in field.get("anyOf", ()))


class Schema(BaseModel):
    """A content file's fields. One left empty (`key:` with nothing after it, YAML's null) counts as
    absent: an optional field takes its default, a required one must not be empty."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        coerce_numbers_to_str=True,
        json_schema_extra=_empty_optional_fields_may_be_null,
        defer_build=True,  # each validator is built on first use: a build with nothing to do uses none
    )

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_absent(cls, value: object, info: ValidationInfo) -> object:
        if value is not None:
            return value
        assert info.field_name is not None, "a field validator validates a field"
        field = cls.model_fields[info.field_name]
        if field.is_required():
            raise PydanticCustomError("empty", "must not be empty")
        return field.get_default(call_default_factory=True)


class EntryFields(Schema):
    """One of the team's cars in a race."""

    car: Text = Field(description="The car, e.g. 'BMW M3 GT2'.")
    number: StrictInt | None = Field(None, ge=0, description="Car number, e.g. 24.")
    class_: str | None = Field(None, alias="class", description="Class, e.g. 'GT2', 'GTP', 'GTD Pro'.")
    team: str | None = Field(None, description="Entrant, e.g. 'Paul Miller Racing'.")
    drivers: list[DriverId] = Field(min_length=1, description="Driver ids of the crew.")
    grid: StrictInt | None = Field(None, ge=1, description="Starting position in class.")
    position: StrictInt | None = Field(
        None, ge=1, description="Finishing position in class; only when the car finished."
    )
    status: Status = Field("finished", description="finished, dnf, dns, dsq or nc.")
    laps: StrictInt | None = Field(None, ge=0, description="Laps completed.")
    gap: Gap | None = Field(
        None, description="Distance to the class winner: a time like '+0.292' or '+1:02.345', or '1 lap', '4 laps'."
    )
    fastest_lap: LapTime | None = Field(None, description="The car's fastest lap, M:SS.fff.")
    fastest_lap_by: DriverId | None = Field(None, description="Driver id who set it; one of the entry's drivers.")
    fastest_in_class: StrictBool = Field(False, description="That lap was the fastest of the class in the race.")


def _by_or_name(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """In the editors' JSON Schema, a quote has one of `by` and `name` (validate.py says so with positions)."""
    _empty_optional_fields_may_be_null(schema, model)
    schema["oneOf"] = [{"required": ["by"]}, {"required": ["name"]}]


class QuoteFields(Schema):
    """Words said about the race: a driver's (`by`) or anyone else's (`name`, `role`). Either `by` or `name`."""

    model_config = ConfigDict(json_schema_extra=_by_or_name)

    by: DriverId | None = Field(None, description="Driver id of who said it (linked); or give name instead.")
    name: Text | None = Field(None, description="Who said it, when not one of the site's drivers, e.g. 'Bobby Rahal'.")
    role: LocalizedField | None = Field(
        None, description="Their role, per language or one string, e.g. {de: Teamchef, en: Team Principal}."
    )
    text: Text = Field(description="What they said, in the language of the report translation.")


class PortraitFields(Schema):
    """A driver's portrait: a photo file of content/media/; its alt text is the driver's name."""

    file: Text = Field(description="Path below content/media/, e.g. 'drivers/dirk-mueller.jpg'.")
    credit: Text | None = Field(
        None, description="Credit line; default: the one the file carries (IPTC, XMP or EXIF). One of them is required."
    )


class PhotoFields(Schema):
    """A photo of a report or an event."""

    file: Text = Field(description="Path below content/media/, e.g. '2024-daytona/night-stint.jpg'.")
    alt: DescriptionField = Field(
        description="What the photo shows, for readers who cannot see it: per language, or one text for all."
    )
    caption: LocalizedField | None = Field(None, description="Caption, per language or one text for all.")
    credit: Text | None = Field(
        None, description="Credit line; default: the one the file carries (IPTC, XMP or EXIF). One of them is required."
    )


class ReportFrontMatter(Schema):
    """Front matter of content/reports/<id>.<lang>.md."""

    title: Text = Field(description="Headline in this language.")
    date: IsoDate = Field(description="Publication date, YYYY-MM-DD.")
    summary: str | None = Field(None, description="Teaser; default: the body's first paragraph.")
    draft: StrictBool = Field(False, description="Built only with --drafts.")
    publish_at: Moment | None = Field(
        None,
        description="Embargo: the translation is published from this moment on, an ISO 8601 date-time with its offset, "
        "e.g. 2024-01-28T18:00:00+01:00; not inherited.",
    )
    event: EventId | None = Field(None, description="Event id; may be inherited from another translation.")
    race: RaceId | None = Field(None, description="Race id of the event; may be inherited.")
    entries: list[EntryFields] | None = Field(None, description="The team's cars; may be inherited.")
    quotes: list[QuoteFields] = Field(
        default_factory=list, description="Quotes shown after the body, in this translation's language; not inherited."
    )
    photos: list[PhotoFields] | None = Field(
        None, description="Photos of content/media/, the lead photo first; may be inherited."
    )


class PageFrontMatter(Schema):
    """Front matter of content/pages/<id>.<lang>.md."""

    title: Text = Field(description="Page title.")
    summary: str | None = Field(None, description="Meta description.")


class DriverFile(Schema):
    """content/drivers/<id>.yaml"""

    name: Text = Field(description="Full name, e.g. 'Dirk Müller'.")
    sort_name: str | None = Field(None, description="Sort key, e.g. 'Müller, Dirk'; default: last word of name.")
    nationality: Country | None = Field(None, description="ISO 3166-1 alpha-2 code, e.g. DE.")
    born: IsoDate | None = Field(None, description="Date of birth.")
    aliases: list[Text] = Field(default_factory=list, description="Other spellings that count as mentions.")
    bio: LocalizedField | None = Field(None, description="Markdown per language, or one text for all.")
    portrait: PortraitFields | None = Field(None, description="A photo of the driver, shown on the driver's page.")


class RaceFields(Schema):
    id: Id = Field(description="Race id within the event, e.g. 'race-1'.")
    name: LocalizedField = Field(description="Name per language, or one string.")
    date: IsoDate | None = Field(None, description="Within the event's start..end.")


class EventFile(Schema):
    """content/events/<id>.yaml"""

    name: LocalizedField = Field(description="Name per language, or one string.")
    series: SeriesId | None = Field(None, description="Series id.")
    season: StrictInt = Field(ge=1000, le=9999, description="The season's year.")
    circuit: LocalizedField | None = Field(None, description="Circuit, per language or one string.")
    country: Country | None = Field(None, description="ISO 3166-1 alpha-2 code.")
    start: IsoDate = Field(description="First day.")
    end: IsoDate | None = Field(None, description="Last day, not before start.")
    races: list[RaceFields] = Field(default_factory=list, description="The event's races.")
    photo: PhotoFields | None = Field(None, description="A photo of the event, shown on the event's page.")


class SeriesFile(Schema):
    """content/series/<id>.yaml"""

    name: LocalizedField = Field(description="Name per language, or one string.")
    url: HttpUrl | None = Field(None, description="The series' website.")


SCHEMAS: dict[Kind, type[BaseModel]] = {
    Kind.REPORT: ReportFrontMatter,
    Kind.PAGE: PageFrontMatter,
    Kind.DRIVER: DriverFile,
    Kind.EVENT: EventFile,
    Kind.SERIES: SeriesFile,
}

FieldPath = tuple[str | int, ...]


def references(model: type[BaseModel], data: object) -> Iterator[tuple[FieldPath, Kind, str]]:
    """Every (path, kind, id) that `data` refers to through a `RefersTo` field of `model`.

    Read from the plain data, so references are found in a file that has other errors too;
    a reference field that holds no valid id is the schema's to report.
    """
    for pattern, kind in reference_fields(model):
        for path, value in _values_at(data, pattern, ()):
            if isinstance(value, str) and is_valid_id(value):
                yield path, kind, value


@functools.cache
def reference_fields(model: type[BaseModel]) -> tuple[tuple[tuple[str | None, ...], Kind], ...]:
    """Where a model's references are: field paths, with None standing for every item of a list."""
    return tuple(_reference_fields(model, ()))


def _reference_fields(
    annotation: object, path: tuple[str | None, ...]
) -> Iterator[tuple[tuple[str | None, ...], Kind]]:
    target = _refers_to(annotation)
    if target is not None:
        yield path, target.kind
        return
    inner = unwrap_annotation(annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        for name, field in inner.model_fields.items():
            yield from _reference_fields(field.annotation, (*path, field.alias or name))
    elif typing.get_origin(inner) is list:
        (item_annotation,) = typing.get_args(inner)
        yield from _reference_fields(item_annotation, (*path, None))


def _values_at(value: object, pattern: tuple[str | None, ...], path: FieldPath) -> Iterator[tuple[FieldPath, object]]:
    if not pattern:
        yield path, value
        return
    step, rest = pattern[0], pattern[1:]
    if step is None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from _values_at(item, rest, (*path, index))
    elif isinstance(value, dict) and step in value:
        yield from _values_at(value[step], rest, (*path, step))


def _refers_to(annotation: object) -> RefersTo | None:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return next((meta for meta in typing.get_args(annotation)[1:] if isinstance(meta, RefersTo)), None)
    if origin in (typing.Union, types.UnionType):
        found = (_refers_to(argument) for argument in typing.get_args(annotation))
        return next((target for target in found if target is not None), None)
    return None


def unwrap_annotation(annotation: object) -> object:
    """`Model | None` -> `Model`; `Annotated[X, ...]` -> `X`."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return unwrap_annotation(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        arguments = [argument for argument in typing.get_args(annotation) if argument is not type(None)]
        return unwrap_annotation(arguments[0]) if len(arguments) == 1 else annotation
    return annotation
