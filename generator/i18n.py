"""Everything a page needs to speak its language: formats (Babel) and UI strings (gettext)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_interval, format_time, match_skeleton
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal, get_decimal_symbol, get_minus_sign_symbol, get_plus_sign_symbol
from babel.support import NullTranslations, Translations

from .diagnostics import FILE_START, Diagnostic, Position
from .theme_files import ThemeFile

# Ordinal suffixes by CLDR ordinal plural form; languages not listed write "3."
_ORDINAL_SUFFIXES = {
    "en": {"one": "st", "two": "nd", "few": "rd", "other": "th"},
    "fr": {"one": "er", "other": "e"},
    "nl": {"other": "e"},
    "es": {"other": "\u00ba"},
    "it": {"other": "\u00ba"},
    "pt": {"other": "\u00ba"},
}


def _interval_skeleton(locale: Locale, skeleton: str) -> str:
    """The skeleton of the locale's interval formats that Babel's `format_interval` would match `skeleton` to,
    which it does anew on every call (most of the call's time): matched once here, the ranges come out alike."""
    formats = locale.interval_formats
    return skeleton if skeleton in formats else (match_skeleton(skeleton, formats) or skeleton)


def N_(message: str) -> str:
    """Marks a UI string in Python code for `pybabel extract -k N_`; translated where used."""
    return message


class Formats:
    """Dates, numbers, lap times, gaps and country names in one locale.

    Babel's formatting is slow (a date range costs ~0.25 ms) and a site shows the same
    few dates and numbers on many pages, so each result is kept. `catalog` holds the
    language's UI strings, for the words in a formatted value ("4 laps").
    """

    def __init__(self, locale: Locale, catalog: NullTranslations):
        self.locale = locale
        self._catalog = catalog
        self._decimal_symbol = get_decimal_symbol(locale)
        self._range_skeleton = _interval_skeleton(locale, "yMMMMd")
        self._cache: dict[tuple[object, ...], str] = {}

    def _cached(self, key: tuple[object, ...], make: Callable[[], str]) -> str:
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = make()
        return found

    def date(self, value: dt.date, width: str = "long") -> str:
        return self._cached(("date", value, width), lambda: format_date(value, width, locale=self.locale))

    def date_range(self, start: dt.date, end: dt.date) -> str:
        if start == end:
            return self.date(start)
        return self._cached(
            ("range", start, end), lambda: format_interval(start, end, self._range_skeleton, locale=self.locale)
        )

    def time(self, value: dt.datetime) -> str:
        """The time of day of `value` as written, in the offset it has (not converted): '18:00', '6:00 PM'."""
        return self._cached(("time", value.isoformat()), lambda: format_time(value.time(), "short", locale=self.locale))

    def utc_offset(self, value: dt.datetime) -> str:
        """The offset `value` is written in: 'UTC+01:00', 'UTC-05:00'; 'UTC' for UTC itself."""
        offset = value.utcoffset()
        minutes = round(offset.total_seconds() / 60) if offset is not None else 0
        if minutes == 0:
            return "UTC"
        sign = get_plus_sign_symbol(self.locale) if minutes > 0 else get_minus_sign_symbol(self.locale)
        hours, rest = divmod(abs(minutes), 60)
        return f"UTC{sign}{hours:02d}:{rest:02d}"

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

    def gap(self, value: str) -> str:
        """A gap to the class winner: '+0.292' -> '+0,292 s', '+1:02.345' -> '+1:02,345', '4 laps' -> '4 Runden'.

        The unit follows a no-break space, so that a narrow table cell never parts it from its number.
        """
        return self._cached(("gap", value), lambda: self._format_gap(value))

    def _format_gap(self, value: str) -> str:
        count, _, unit = value.partition(" ")
        if unit in ("lap", "laps"):
            laps = int(count)
            template: str = self._catalog.ngettext("%(num)d lap", "%(num)d laps", laps)
            return template % {"num": laps}
        time = value.removeprefix("+")
        plus = get_plus_sign_symbol(self.locale)
        if ":" in time:
            return plus + self.lap_time(time)
        return f"{plus}{format_decimal(Decimal(time), format='#,##0.000', locale=self.locale)}\u00a0s"

    def country(self, code: str) -> str:
        return country_name(self.locale, code)

    def language_name(self, code: str) -> str:
        name: str = self.locale.languages.get(code, code)
        return name


def country_name(locale: Locale, code: str) -> str:
    """An ISO 3166-1 alpha-2 country code's name in `locale`: 'JP' -> 'Japan', 'Japan'."""
    name: str = locale.territories.get(code, code)
    return name


def native_language_name(code: str) -> str:
    """A language's name in itself: 'Deutsch', 'English'."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def load_catalog(lang: str, files: Sequence[ThemeFile]) -> Translations | Diagnostic:
    """The UI strings of `lang` from its catalogs in the theme's layers, merged entry by entry.

    `files` are the layers' translations/<lang>.po, the winning layer's first: a msgid that a
    file translates (not fuzzy, every plural form filled in) wins over the later files'
    entries; a msgid no file translates stands for itself.
    """
    merged = Catalog(locale=lang)
    for file in reversed(files):  # the default theme's catalog first, the site's last
        catalog = _read_catalog(file, lang)
        if isinstance(catalog, Diagnostic):
            return catalog
        _overlay(merged, catalog)
    compiled = io.BytesIO()
    write_mo(compiled, merged)
    compiled.seek(0)
    return Translations(compiled)


def _read_catalog(file: ThemeFile, lang: str) -> Catalog | Diagnostic:
    try:
        return read_po(io.BytesIO(file.content), locale=lang, abort_invalid=True)
    except PoFileError as error:  # its lineno counts from 0, and its message ends in " on <lineno>"
        reason = str(error).removesuffix(f" on {error.lineno}")
        return Diagnostic(file.shown, Position(error.lineno + 1, 1), f"invalid catalog: {reason}")
    except (UnicodeDecodeError, ValueError) as error:
        return Diagnostic(file.shown, FILE_START, f"invalid catalog: {error}")


def _overlay(base: Catalog, catalog: Catalog) -> None:
    """Puts every entry that `catalog` translates into `base`, in place of the one there."""
    for message in catalog:
        if message.id and _translates(message):
            base.delete(message.id, message.context)
            base[message.id] = message


def _translates(message: Message) -> bool:
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(forms)
