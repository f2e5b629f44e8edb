"""Driver names as timing sheets write them, matched to the site's drivers by `name` and `aliases`.

Compared case-insensitively and without diacritics — `Rene` is `René`, `MULLER` is
`Müller` — and with the usual transliterations: `ue`, `oe`, `ae`, `ss` for `ü`, `ö`, `ä`,
`ß` (`Mueller` is `Müller`), and likewise `oe`, `ae`, `aa` for the Scandinavian `ø`, `æ`, `å`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .diagnostics import edit_distance

_TRANSLITERATIONS = {"ä": "ae", "ö": "oe", "ü": "ue", "ø": "oe", "æ": "ae", "å": "aa", "œ": "oe"}
# Letters that Unicode does not decompose into a base letter and a diacritic.
_BASE_LETTERS = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}


def spellings(name: str) -> frozenset[str]:
    """The forms `name` is compared in: without diacritics, and with umlauts (and ø, æ, å) transliterated."""
    folded = " ".join(unicodedata.normalize("NFC", name).casefold().split())  # casefold writes ß as ss
    return frozenset({_without_diacritics(folded), _without_diacritics(_transliterated(folded))})


def _transliterated(text: str) -> str:
    return "".join(_TRANSLITERATIONS.get(char, char) for char in text)


def _without_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(_BASE_LETTERS.get(char, char) for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True, slots=True)
class KnownDriver:
    id: str
    name: str
    aliases: tuple[str, ...]
    path: str  # the driver's file


@dataclass(frozen=True, slots=True)
class Unmatched:
    """No driver has the name; `closest` is the driver whose name or alias is nearest, if the site has any."""

    closest: KnownDriver | None


@dataclass(frozen=True, slots=True)
class Ambiguous:
    drivers: tuple[KnownDriver, ...]


class DriverNames:
    """Every spelling of every driver's name and aliases, to look names up in."""

    def __init__(self, drivers: Iterable[KnownDriver]):
        self._by_spelling: dict[str, dict[str, KnownDriver]] = {}
        for driver in drivers:
            for text in (driver.name, *driver.aliases):
                for spelling in spellings(text):
                    self._by_spelling.setdefault(spelling, {})[driver.id] = driver

    def match(self, name: str) -> KnownDriver | Unmatched | Ambiguous:
        found: dict[str, KnownDriver] = {}
        for spelling in spellings(name):
            found.update(self._by_spelling.get(spelling, {}))
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            return Ambiguous(tuple(found[driver_id] for driver_id in sorted(found)))
        return Unmatched(self._closest(name))

    def _closest(self, name: str) -> KnownDriver | None:
        scored = [
            (edit_distance(wanted, spelling), driver.id, driver)
            for wanted in spellings(name)
            for spelling, drivers in self._by_spelling.items()
            for driver in drivers.values()
        ]
        return min(scored, key=lambda item: item[:2])[2] if scored else None
