"""Everything a page needs to speak its language: formats (Babel) and UI strings (gettext)."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_interval
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal, get_decimal_symbol
from babel.support import NullTranslations, Translations

from .diagnostics import FILE_START, Diagnostic, Position

CATALOG_DIR = "templates/translations"

# Ordinal suffixes by CLDR ordinal plural form; languages not listed write "3."
_ORDINAL_SUFFIXES = {
    "en": {"one": "st", "two": "nd", "few": "rd", "other": "th"},
    "fr": {"one": "er", "other": "e"},
    "nl": {"other": "e"},
    "es": {"other": "\u00ba"},
    "it": {"other": "\u00ba"},
    "pt": {"other": "\u00ba"},
}


def N_(message: str) -> str:
    """Marks a UI string in Python code for `pybabel extract -k N_`; translated where used."""
    return message


class Formats:
    """Dates, numbers, lap times and country names in one locale.

    Babel's formatting is slow (a date range costs ~0.25 ms) and a site shows the same
    few dates and numbers on many pages, so each result is kept.
    """

    def __init__(self, locale: Locale):
        self.locale = locale
        self._decimal_symbol = get_decimal_symbol(locale)
        self._cache: dict[tuple, str] = {}

    def _cached(self, key: tuple, make) -> str:
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = make()
        return found

    def date(self, value: date, width: str = "long") -> str:
        return self._cached(("date", value, width), lambda: format_date(value, width, locale=self.locale))

    def date_range(self, start: date, end: date) -> str:
        if start == end:
            return self.date(start)
        return self._cached(
            ("range", start, end), lambda: format_interval(start, end, "yMMMMd", locale=self.locale)
        )

    def number(self, value: float) -> str:
        return self._cached(("number", value), lambda: format_decimal(value, locale=self.locale))

    def ordinal(self, value: int) -> str:
        """A finishing position: '1st', '2nd' in English, '1.', '2.' in German."""
        suffixes = _ORDINAL_SUFFIXES.get(self.locale.language)
        if suffixes is None:
            return f"{value}."
        return f"{value}{suffixes.get(self.locale.ordinal_form(value), suffixes['other'])}"

    def lap_time(self, value: str) -> str:
        """'1:32.136' -> '1:32,136' where the decimal separator is a comma."""
        return value.replace(".", self._decimal_symbol)

    def country(self, code: str) -> str:
        return self.locale.territories.get(code, code)

    def language_name(self, code: str) -> str:
        return self.locale.languages.get(code, code)


def native_language_name(code: str) -> str:
    """A language's name in itself: 'Deutsch', 'English'."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def load_catalog(root: Path, lang: str) -> NullTranslations | Diagnostic:
    """The UI strings of `lang` from templates/translations/<lang>.po (none: the msgids)."""
    relative = f"{CATALOG_DIR}/{lang}.po"
    path = root / relative
    if not path.exists():
        return NullTranslations()
    try:
        with path.open("rb") as source:
            catalog = read_po(source, locale=lang, abort_invalid=True)
    except PoFileError as error:
        return Diagnostic(relative, _po_error_position(error), f"invalid catalog: {error}")
    except (UnicodeDecodeError, ValueError) as error:
        return Diagnostic(relative, FILE_START, f"invalid catalog: {error}")
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)


def _po_error_position(error: PoFileError) -> Position:
    found = re.search(r"on (?:line )?(\d+)", str(error))
    return Position(int(found.group(1)), 1) if found else FILE_START
