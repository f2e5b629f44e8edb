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
import operator
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

    `known`: digests to look up but not to add to — those of the site, for the values of one page, which
    are let go with the page.
    """

    def __init__(self, known: Fingerprints | None = None) -> None:
        self._memo: dict[int, tuple[object, Digest]] = {}
        self._known: dict[int, tuple[object, Digest]] = known._memo if known is not None else {}

    def of(self, value: object) -> Digest:
        encode = _encoder(type(value))
        if encode is not None:
            return hashlib.blake2b(encode(value), digest_size=DIGEST_SIZE).digest()
        remembered = self._memo.get(id(value)) or self._known.get(id(value))
        if remembered is not None:
            return remembered[1]
        digest = self._composite(value)
        self._memo[id(value)] = (value, digest)
        return digest

    def _composite(self, value: object) -> Digest:
        # The hot loop of a rebuild's record checks (every part of a 10,000-report site): an item's
        # encoder is looked up by its exact type, and a memoized container is found without a call.
        tag, items = _tagged_items(value)
        parts = [tag]
        append = parts.append
        memo, known = self._memo, self._known
        for item in items:
            kind = type(item)
            encode = _ENCODERS[kind] if kind in _ENCODERS else _encoder(kind)
            if encode is not None:
                append(encode(item))
                continue
            remembered = memo.get(id(item)) or known.get(id(item))
            append(b"c" + (remembered[1] if remembered is not None else self.of(item)))
        return hashlib.blake2b(b"".join(parts), digest_size=DIGEST_SIZE).digest()


def _tagged_items(value: object) -> tuple[bytes, Iterable[object]]:
    kind = type(value)
    if kind is tuple or kind is list:
        return b"t", value  # type: ignore[return-value]
    record = _record_fields(kind)
    if record is not None:
        tag, fields = record
        return tag, fields(value)
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


_RECORDS: dict[type, tuple[bytes, Callable[[Any], tuple[object, ...]]] | None] = {}


def _record_fields(kind: type) -> tuple[bytes, Callable[[Any], tuple[object, ...]]] | None:
    """A dataclass type's tag and a function giving its fields' values in order; None for any other type.
    Looked up once per type."""
    if kind not in _RECORDS:
        _RECORDS[kind] = None
        if dataclasses.is_dataclass(kind):
            names = tuple(field.name for field in dataclasses.fields(kind))
            tag = b"d" + kind.__qualname__.encode() + b"\0"
            _RECORDS[kind] = (tag, _values_of(names))
    return _RECORDS[kind]


def _values_of(names: tuple[str, ...]) -> Callable[[Any], tuple[object, ...]]:
    if len(names) == 1:  # attrgetter of one name gives the value, not a tuple of it
        (name,) = names
        return lambda value: (getattr(value, name),)
    return operator.attrgetter(*names) if names else lambda value: ()


def _tagged(tag: bytes, data: bytes) -> bytes:
    return tag + len(data).to_bytes(8, "little") + data


def _str_bytes(value: str) -> bytes:
    data = value.encode("utf-8", "surrogatepass")
    return b"s" + len(data).to_bytes(8, "little") + data


def _scalar_bytes(value: object) -> bytes:
    if isinstance(value, enum.Enum):
        return _tagged(b"e" + type(value).__qualname__.encode(), str(value.value).encode())
    if isinstance(value, str):  # Markup renders unescaped: not the same as its text
        return _tagged(b"m", value.encode("utf-8", "surrogatepass"))
    if isinstance(value, datetime | date):
        return _tagged(b"T" if isinstance(value, datetime) else b"D", value.isoformat().encode())
    return _tagged(b"o" + type(value).__qualname__.encode(), str(value).encode())


Encoder = Callable[[Any], bytes]

# How a scalar is fed to a digest, by exact type; None for a container or record (digested as a whole and
# memoized). The scalars met most have their own encoder; a subclass (Markup, an IntEnum) the general one.
_ENCODERS: dict[type, Encoder | None] = {
    str: _str_bytes,
    type(None): lambda value: b"n" + bytes(8),
    bool: lambda value: b"b\x01\0\0\0\0\0\0\0" + (b"1" if value else b"0"),
    int: lambda value: _tagged(b"i", str(value).encode()),
    float: lambda value: _tagged(b"F", struct.pack("<d", value)),
    bytes: lambda value: _tagged(b"y", value),
    date: lambda value: _tagged(b"D", value.isoformat().encode()),
    datetime: lambda value: _tagged(b"T", value.isoformat().encode()),
}

_SCALARS = (str, bool, int, float, bytes, date, enum.Enum, PurePath, Locale)


def _encoder(kind: type) -> Encoder | None:
    if kind not in _ENCODERS:
        _ENCODERS[kind] = _scalar_bytes if issubclass(kind, _SCALARS) else None
    return _ENCODERS[kind]
