"""pydantic validation errors told in the words of the content, at the offending node."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Protocol

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .diagnostics import Position, did_you_mean, quote_list
from .schema import unwrap_annotation

Loc = tuple[str | int, ...]


class Locator(Protocol):
    """Where the nodes of one source file stand."""

    def position_of(self, path: Loc) -> Position: ...

    def key_position_of(self, path: Loc) -> Position: ...


def describe_errors(error: ValidationError, model: type[BaseModel], locator: Locator) -> Iterator[tuple[Position, str]]:
    """Each error of a failed validation as (position, message)."""
    for detail in error.errors(include_url=False):
        yield _describe(detail, model, locator)


def field_label(loc: Loc) -> str:
    """`('entries', 0, 'laps')` -> `entries[0].laps`."""
    label = ""
    for part in loc:
        label += f"[{part}]" if isinstance(part, int) else (f".{part}" if label else str(part))
    return label


def _describe(detail: ErrorDetails, model: type[BaseModel], locator: Locator) -> tuple[Position, str]:
    kind = detail["type"]
    loc: Loc = tuple(detail["loc"])
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        return locator.key_position_of(loc), detail["msg"]
    label = field_label(loc)
    if kind == "missing":
        return locator.position_of(loc[:-1]), f"missing required field '{label}'"
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        return locator.key_position_of(loc), f"unknown field '{label}'{did_you_mean(str(loc[-1]), known)}"
    if kind == "literal_error":
        message = _unknown_value(detail.get("input"), _literal_options(model, loc))
    else:
        message = _value_message(kind, detail)
    return locator.position_of(loc), f"{label}: {message}" if label else message


def _unknown_value(value: object, options: list[str]) -> str:
    hint = did_you_mean(value, options) if isinstance(value, str) else ""
    return f"unknown value {_describe_value(value)} (expected one of {quote_list(options)}){hint}"


def _literal_options(model: type[BaseModel], loc: Loc) -> list[str]:
    """The values the `Literal` field at `loc` allows."""
    annotation: object = model
    for part in loc:
        annotation = _step_into(annotation, part)
    return [str(option) for option in typing.get_args(unwrap_annotation(annotation))]


def _value_message(kind: str, detail: ErrorDetails) -> str:
    got = _describe_value(detail.get("input"))
    context = detail.get("ctx") or {}
    expected_type = {
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "int_from_float": "a whole number",
        "bool_type": "true or false",
        "bool_parsing": "true or false",
        "string_type": "text",
        "list_type": "a list",
        "dict_type": "a mapping of fields",
        "model_type": "a mapping of fields",
        "model_attributes_type": "a mapping of fields",
    }.get(kind)
    if expected_type:
        return f"expected {expected_type}, got {got}"
    if kind == "greater_than_equal":
        return f"must be at least {context['ge']}, got {got}"
    if kind == "less_than_equal":
        return f"must be at most {context['le']}, got {got}"
    if kind in ("too_short", "string_too_short"):
        return "must not be empty"
    return detail["msg"]


def _describe_value(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names (by alias) of the model that validates the mapping at `loc`."""
    annotation: object = model
    for part in loc:
        annotation = _step_into(annotation, part)
    found = unwrap_annotation(annotation)
    if isinstance(found, type) and issubclass(found, BaseModel):
        return [field.alias or name for name, field in found.model_fields.items()]
    return []


def _step_into(annotation: object, part: str | int) -> object:
    """The annotation of the value at `part` inside a value of type `annotation`."""
    annotation = unwrap_annotation(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if (field.alias or name) == part:
                return field.annotation
        return None
    origin = typing.get_origin(annotation)
    if origin is list:
        return typing.get_args(annotation)[0]
    if origin is dict:
        return typing.get_args(annotation)[1]
    return None
