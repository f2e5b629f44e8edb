"""Fingerprints of values: the parts of the site a page read, and the renderer's constants.

Two values with the same fingerprint render the same. A fingerprint covers a value and
everything reachable from it — a report's event, the event's series — so the fingerprint
of a part of the site a page read changes exactly when something the page could show of it
changes (see `dependencies`). Frozen values are digested once per build (by identity), so a
report read by forty pages costs one digest, not forty.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import struct
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from babel import Locale

DIGEST_SIZE = 16

Digest = bytes


def content_digest(content: bytes) -> Digest:
    """The fingerprint of a file by its bytes: what the output knows a page, a static file or a file of the
    search index by (see `write`)."""
    return hashlib.blake2b(content, digest_size=DIGEST_SIZE).digest()


class Fingerprints:
    """Digests of values, memoized by identity for the containers and records of one build.

    A container's digest is one hash over its items: a scalar item is fed to it as tagged,
    length-prefixed bytes, a container item as its own (memoized) digest. The memo keeps each
    digested object alive, so an id is never reused for another object while this instance lives.
    """

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, Digest]] = {}

    def of(self, value: object) -> Digest:
        if not _is_composite(value):
            return hashlib.blake2b(_scalar_bytes(value), digest_size=DIGEST_SIZE).digest()
        remembered = self._memo.get(id(value))
        if remembered is not None:
            return remembered[1]
        digest = self._composite(value)
        self._memo[id(value)] = (value, digest)
        return digest

    def _composite(self, value: object) -> Digest:
        tag, items = _tagged_items(value)
        parts = [tag]
        for item in items:
            encode = _PLAIN_SCALARS.get(type(item))
            if encode is not None:
                parts.append(encode(item))
            elif _is_composite(item):
                parts.append(b"c" + self.of(item))
            else:
                parts.append(_scalar_bytes(item))
        return hashlib.blake2b(b"".join(parts), digest_size=DIGEST_SIZE).digest()


def _tagged_items(value: object) -> tuple[bytes, Iterable[object]]:
    kind = type(value)
    if kind is tuple or kind is list:
        return b"t", value  # type: ignore[return-value]
    names = _dataclass_fields(kind)
    if names is not None:
        return b"d" + kind.__qualname__.encode() + b"\0", [getattr(value, name) for name in names]
    if isinstance(value, tuple | list):
        return b"t", value
    if isinstance(value, Mapping):
        return b"k", [part for pair in value.items() for part in pair]
    if isinstance(value, frozenset | set):
        return b"f", sorted(Fingerprints().of(item) for item in value)
    parts = getattr(value, "__fingerprint__", None)
    if parts is not None:  # a value that says what it is made of
        return b"p" + kind.__qualname__.encode() + b"\0", [parts()]
    raise TypeError(f"no fingerprint for {kind.__qualname__}: the site is made of frozen values")


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _dataclass_fields(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type, None for any other type; looked up once per type."""
    if kind not in _FIELD_NAMES:
        is_record = dataclasses.is_dataclass(kind)
        _FIELD_NAMES[kind] = tuple(field.name for field in dataclasses.fields(kind)) if is_record else None
    return _FIELD_NAMES[kind]


def _is_composite(value: object) -> bool:
    return not (value is None or isinstance(value, _SCALARS))


def _tagged(tag: bytes, data: bytes) -> bytes:
    return tag + len(data).to_bytes(8, "little") + data


def _scalar_bytes(value: object) -> bytes:
    encode = _PLAIN_SCALARS.get(type(value))
    if encode is not None:
        return encode(value)
    if isinstance(value, enum.Enum):
        return _tagged(b"e" + type(value).__qualname__.encode(), str(value.value).encode())
    if isinstance(value, str):  # Markup renders unescaped: not the same as its text
        return _tagged(b"m", value.encode("utf-8", "surrogatepass"))
    if isinstance(value, datetime | date):
        return _tagged(b"T" if isinstance(value, datetime) else b"D", value.isoformat().encode())
    return _tagged(b"o" + type(value).__qualname__.encode(), str(value).encode())


# The scalars met most, by exact type (a subclass such as Markup or an IntEnum takes the general way).
_PLAIN_SCALARS: dict[type, Callable[[Any], bytes]] = {
    str: lambda value: _tagged(b"s", value.encode("utf-8", "surrogatepass")),
    type(None): lambda value: _tagged(b"n", b""),
    bool: lambda value: _tagged(b"b", b"1" if value else b"0"),
    int: lambda value: _tagged(b"i", str(value).encode()),
    float: lambda value: _tagged(b"F", struct.pack("<d", value)),
    bytes: lambda value: _tagged(b"y", value),
    date: lambda value: _tagged(b"D", value.isoformat().encode()),
    datetime: lambda value: _tagged(b"T", value.isoformat().encode()),
}

_SCALARS = (str, bool, int, float, bytes, date, enum.Enum, PurePath, Locale)
