"""The content schema: what a report, driver, event, series and page file may say.

These pydantic models are the single declaration of every field: the validator checks files
against them and `pitboard schema` turns them into JSON Schema for editors. Rules that need
positions or other files (an event's `end` after its `start`, references) live in
`validate` and `resolve`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

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
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LAP_TIME_PATTERN = r"^[0-9]+:[0-5][0-9]\.[0-9]{3}$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"

_ID = re.compile(ID_PATTERN)
_LAP_TIME = re.compile(LAP_TIME_PATTERN)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NOT_COUNTRIES = {"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"}  # Babel territories that are no country
_COUNTRIES = frozenset(
    code for code in Locale("en").territories if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
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


def _check_country(value: str) -> str:
    if value not in _COUNTRIES:
        raise PydanticCustomError(
            "invalid_country",
            "'{value}' is not an ISO 3166-1 alpha-2 country code (e.g. DE, US, JP)",
            {"value": value},
        )
    return value


def _check_http_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/]+\S*$", value):
        raise PydanticCustomError("invalid_url", "'{value}' is not an http(s) URL", {"value": value})
    return value


def _as_text(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _check_localized(value: object) -> str | dict[str, str]:
    if _as_text(value) is not None:
        return _as_text(value)
    if isinstance(value, dict) and value and all(_as_text(text) is not None for text in value.values()):
        return {str(lang): _as_text(text) for lang, text in value.items()}
    raise PydanticCustomError(
        "invalid_localized",
        "expected a string or a mapping from language code to string, e.g. {{de: ..., en: ...}}",
    )


Id = Annotated[str, AfterValidator(_check_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]
IsoDate = Annotated[
    date, BeforeValidator(_parse_date), WithJsonSchema({"type": "string", "format": "date"})
]
LapTime = Annotated[str, AfterValidator(_check_lap_time), WithJsonSchema({"type": "string", "pattern": LAP_TIME_PATTERN})]
Country = Annotated[
    str, AfterValidator(_check_country), WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"})
]
HttpUrl = Annotated[str, AfterValidator(_check_http_url), WithJsonSchema({"type": "string", "format": "uri"})]
Localized = Annotated[
    str | dict[str, str],
    PlainValidator(_check_localized),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "propertyNames": {"pattern": LANGUAGE_PATTERN},
                    "additionalProperties": {"type": "string"},
                    "minProperties": 1,
                },
            ]
        }
    ),
]
Status = Literal["finished", "dnf", "dns", "dsq", "nc"]
Text = Annotated[str, Field(min_length=1)]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Entry(Schema):
    """One of the team's cars in a race."""

    car: Text = Field(description="The car, e.g. 'BMW M3 GT2'.")
    number: StrictInt | None = Field(None, ge=0, description="Car number, e.g. 24.")
    class_: str | None = Field(None, alias="class", description="Class, e.g. 'GT2', 'GTP', 'GTD Pro'.")
    team: str | None = Field(None, description="Entrant, e.g. 'Paul Miller Racing'.")
    drivers: list[Id] = Field(min_length=1, description="Driver ids of the crew.")
    grid: StrictInt | None = Field(None, ge=1, description="Starting position in class.")
    position: StrictInt | None = Field(
        None, ge=1, description="Finishing position in class; only when the car finished."
    )
    status: Status = Field("finished", description="finished, dnf, dns, dsq or nc.")
    laps: StrictInt | None = Field(None, ge=0, description="Laps completed.")
    fastest_lap: LapTime | None = Field(None, description="The car's fastest lap, M:SS.fff.")
    fastest_lap_by: Id | None = Field(None, description="Driver id who set it; one of the entry's drivers.")
    fastest_in_class: StrictBool = Field(False, description="That lap was the fastest of the class in the race.")


class ReportFrontMatter(Schema):
    """Front matter of content/reports/<id>.<lang>.md."""

    title: Text = Field(description="Headline in this language.")
    date: IsoDate = Field(description="Publication date, YYYY-MM-DD.")
    summary: str | None = Field(None, description="Teaser; default: the body's first paragraph.")
    draft: StrictBool = Field(False, description="Built only with --drafts.")
    event: Id | None = Field(None, description="Event id; may be inherited from another translation.")
    race: Id | None = Field(None, description="Race id of the event; may be inherited.")
    entries: list[Entry] | None = Field(None, description="The team's cars; may be inherited.")


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
    bio: Localized | None = Field(None, description="Markdown per language, or one text for all.")


class Race(Schema):
    id: Id = Field(description="Race id within the event, e.g. 'race-1'.")
    name: Localized = Field(description="Name per language, or one string.")
    date: IsoDate | None = Field(None, description="Within the event's start..end.")


class EventFile(Schema):
    """content/events/<id>.yaml"""

    name: Localized = Field(description="Name per language, or one string.")
    series: Id | None = Field(None, description="Series id.")
    season: StrictInt = Field(ge=1000, le=9999, description="The season's year.")
    circuit: Localized | None = Field(None, description="Circuit, per language or one string.")
    country: Country | None = Field(None, description="ISO 3166-1 alpha-2 code.")
    start: IsoDate = Field(description="First day.")
    end: IsoDate | None = Field(None, description="Last day, not before start.")
    races: list[Race] = Field(default_factory=list, description="The event's races.")


class SeriesFile(Schema):
    """content/series/<id>.yaml"""

    name: Localized = Field(description="Name per language, or one string.")
    url: HttpUrl | None = Field(None, description="The series' website.")
