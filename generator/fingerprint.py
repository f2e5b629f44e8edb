"""Fingerprints of values: what a page is rendered from, reduced to a digest.

Two values with the same fingerprint render the same. A fingerprint covers a value and
everything reachable from it — a report's event, the event's series — so a page's
fingerprint, taken over everything its template is given, changes exactly when something
the template could show changes. Frozen values are digested once per build (by identity),
so a report shown on forty pages costs one digest, not forty.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import struct
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import PurePath

from babel import Locale

DIGEST_SIZE = 16

Digest = bytes


class Fingerprints:
    """Digests of values, memoized by identity for the containers and records of one build.

    A container's digest is one hash over its items: a scalar item is fed to it as bytes, a
    container item as its own (memoized) digest. The memo keeps each digested object alive,
    so an id is never reused for another object while this instance lives.
    """

    def __init__(self) -> None:
        self._memo: dict[int, tuple[object, Digest]] = {}

    def of(self, value: object) -> Digest:
        if not _is_composite(value):
            hasher = hashlib.blake2b(digest_size=DIGEST_SIZE)
            _feed_scalar(hasher, value)
            return hasher.digest()
        remembered = self._memo.get(id(value))
        if remembered is not None:
            return remembered[1]
        digest = self._composite(value)
        self._memo[id(value)] = (value, digest)
        return digest

    def _composite(self, value: object) -> Digest:
        hasher = hashlib.blake2b(digest_size=DIGEST_SIZE)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            hasher.update(b"d" + type(value).__qualname__.encode() + b"\0")
            items: Iterable[object] = (getattr(value, field.name) for field in dataclasses.fields(value))
        elif isinstance(value, tuple | list):
            hasher.update(b"t")
            items = value
        elif isinstance(value, Mapping):
            hasher.update(b"k")
            items = (part for pair in value.items() for part in pair)
        elif isinstance(value, frozenset | set):
            hasher.update(b"f")
            items = sorted(self.of(item) for item in value)
        else:
            raise TypeError(f"no fingerprint for {type(value).__qualname__}: give templates frozen values")
        for item in items:
            if _is_composite(item):
                hasher.update(b"c")
                hasher.update(self.of(item))
            else:
                _feed_scalar(hasher, item)
        return hasher.digest()


def _is_composite(value: object) -> bool:
    return not (value is None or isinstance(value, _SCALARS))


def _feed_scalar(hasher: hashlib.blake2b, value: object) -> None:
    if isinstance(value, str):
        data = value.encode("utf-8", "surrogatepass")
        tag = b"s" if type(value) is str else b"m"  # Markup renders unescaped: not the same as its text
    elif value is None:
        tag, data = b"n", b""
    elif isinstance(value, bool):
        tag, data = b"b", b"1" if value else b"0"
    elif isinstance(value, int):
        tag, data = b"i", str(value).encode()
    elif isinstance(value, float):
        tag, data = b"F", struct.pack("<d", value)
    elif isinstance(value, bytes):
        tag, data = b"y", value
    elif isinstance(value, datetime | date):
        tag, data = (b"T" if isinstance(value, datetime) else b"D"), value.isoformat().encode()
    elif isinstance(value, enum.Enum):
        tag, data = b"e" + type(value).__qualname__.encode(), str(value.value).encode()
    else:
        tag, data = b"o" + type(value).__qualname__.encode(), str(value).encode()
    hasher.update(tag + len(data).to_bytes(8, "little"))
    hasher.update(data)


_SCALARS = (str, bool, int, float, bytes, date, enum.Enum, PurePath, Locale)
