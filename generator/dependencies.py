"""What a page depends on, derived from what its context reads of the site.

A page's context is computed from a `ReadingSite`: the resolved site behind a recorder that
notes each part of it the context reads — one report by id, the first twenty reports, how
many there are, every driver — as a `Read`. Whatever the context gets from such a part (a
report, and through it its event and drivers) is covered by that part's fingerprint, and
everything else a page is rendered from (pitboard, the theme, the configuration, the
language's navigation) by the renderer's constant. So when every read of a page's last
computation has the fingerprint it had then, the page's context would be the same again:
the build keeps the page as it is without computing its context at all (see `render`).

The reads are recorded, not declared: a context that starts to read something new records
it, and a part of the site that is not tracked here cannot be read (`ReadingSite` refuses
it), so what a page shows and what it depends on cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar, cast, overload

from .fingerprint import Digest, Fingerprints
from .model import Site
from .pages.base import PageKey

# A part of the site a context read: (field of Site, how it was read, argument), e.g. ("report_by_id",
# "item", "2009-okayama") or ("reports", "slice", (0, 20, None)). How: "all" (the whole value), "len",
# "item" (an index or key), "has" (whether a key is there), "slice", "keys" (a mapping's keys).
Read = tuple[str, str, object]

# The fields of Site a context reads through the recorder; the configuration is part of the renderer's constant.
_TRACKED = tuple(field.name for field in fields(Site) if field.name != "config")


@dataclass(frozen=True, slots=True)
class _Missing:
    """What an item read that is not there is, for its fingerprint: unlike any value of the site."""


_MISSING = _Missing()


class ReadLog:
    """The reads of one page's context, in the order first made."""

    def __init__(self) -> None:
        self._reads: dict[Read, None] = {}

    def note(self, read: Read) -> None:
        self._reads[read] = None

    @property
    def reads(self) -> tuple[Read, ...]:
        return tuple(self._reads)


class ReadingSite:
    """The site as a context sees it: every field of `Site`, each read noted in `log`."""

    def __init__(self, site: Site, log: ReadLog):
        self._site = site
        self._log = log

    @property
    def config(self) -> object:
        return self._site.config

    @property
    def languages(self) -> tuple[str, ...]:
        return self._site.languages

    @property
    def seasons(self) -> tuple[int, ...]:
        self._log.note(("events_in_season", "keys", None))
        return self._site.seasons

    def __getattr__(self, name: str) -> object:
        if name not in _TRACKED:
            raise AttributeError(f"a page's context cannot read Site.{name}: track it in {__name__}")
        value = getattr(self._site, name)
        if isinstance(value, tuple):
            return ReadingSequence(name, value, self._log)
        if isinstance(value, Mapping):
            return ReadingMapping(name, value, self._log)
        self._log.note((name, "all", None))
        return value


def reading(site: Site, log: ReadLog) -> Site:
    """`site` as a context reads it, noting each read in `log`."""
    return cast(Site, ReadingSite(site, log))


def settled(context: Mapping[str, object]) -> dict[str, object]:
    """A context with each part of the site it hands its template whole (`"drivers": site.drivers`) read
    whole: the template gets the site's own value."""
    return {
        name: value.whole() if isinstance(value, ReadingSequence | ReadingMapping) else value
        for name, value in context.items()
    }


Items = TypeVar("Items")


class _ReadingPart(Generic[Items]):
    """A field of the site, `name`, whose reads are noted in `log`."""

    def __init__(self, name: str, items: Items, log: ReadLog):
        self._name = name
        self._items = items
        self._log = log

    def whole(self) -> Items:
        self._log.note((self._name, "all", None))
        return self._items


class ReadingSequence(_ReadingPart[tuple[object, ...]], Sequence[Any]):
    """A tuple of the site, each read noted."""

    @overload
    def __getitem__(self, index: int) -> object: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[object, ...]: ...
    def __getitem__(self, index: int | slice) -> object:
        if isinstance(index, slice):
            self._log.note((self._name, "slice", (index.start, index.stop, index.step)))
        else:
            self._log.note((self._name, "item", index))
        return self._items[index]

    def __len__(self) -> int:
        self._log.note((self._name, "len", None))
        return len(self._items)

    def __iter__(self) -> Iterator[object]:
        self._log.note((self._name, "all", None))
        return iter(self._items)

    def __contains__(self, value: object) -> bool:
        self._log.note((self._name, "all", None))
        return value in self._items


class ReadingMapping(_ReadingPart[Mapping[object, object]], Mapping[Any, Any]):
    """A mapping of the site, each read noted."""

    def __getitem__(self, key: object) -> object:
        self._log.note((self._name, "item", key))
        return self._items[key]

    def get(self, key: object, default: object = None) -> object:
        self._log.note((self._name, "item", key))
        return self._items.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._log.note((self._name, "has", key))
        return key in self._items

    def __len__(self) -> int:
        self._log.note((self._name, "keys", None))
        return len(self._items)

    def __iter__(self) -> Iterator[object]:
        self._log.note((self._name, "keys", None))
        return iter(self._items)

    def items(self) -> Any:
        self._log.note((self._name, "all", None))
        return self._items.items()

    def values(self) -> Any:
        self._log.note((self._name, "all", None))
        return self._items.values()


class ReadDigests:
    """The fingerprint of each read of one site, computed once per build."""

    def __init__(self, site: Site, fingerprints: Fingerprints):
        self._site = site
        self.fingerprints = fingerprints  # of the parts of the site read so far
        self._known: dict[Read, Digest] = {}

    def of(self, read: Read) -> Digest:
        digest = self._known.get(read)
        if digest is None:
            digest = self._known[read] = self.fingerprints.of(_what_is_read(self._site, read))
        return digest

    def unchanged(self, reads: Sequence[tuple[Read, Digest]]) -> bool:
        return all(self.of(read) == digest for read, digest in reads)


def _what_is_read(site: Site, read: Read) -> object:
    name, how, argument = read
    value: Any = getattr(site, name)
    if how == "all":
        return value
    if how == "len":
        return len(value)
    if how == "keys":
        return tuple(value)
    if how == "has":
        return argument in value
    if how == "slice":
        start, stop, step = cast(tuple[int | None, int | None, int | None], argument)
        return tuple(value[start:stop:step])
    if isinstance(value, Mapping):
        return value.get(argument, _MISSING)
    index = cast(int, argument)
    return value[index] if -len(value) <= index < len(value) else _MISSING


@dataclass(frozen=True, slots=True)
class PageRecord:
    """What the last computation of a page's context read (each read with its fingerprint then), under which
    constant, the digest of what its template was given (None: values without a fingerprint), and the
    page's fingerprint that came of it."""

    key: PageKey
    constant: Digest
    reads: tuple[tuple[Read, Digest], ...]
    given: Digest | None
    fingerprint: Digest
