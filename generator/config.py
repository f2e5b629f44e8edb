"""Stage 1: site.toml, read and checked into a SiteConfig."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, Field, StrictBool, StrictInt, ValidationError
from pydantic_core import PydanticCustomError

from .characters import first_unshowable, unshowable_message
from .diagnostics import FILE_START, BuildFailed, Diagnostic, Position, did_you_mean, quote_list
from .schema import LANGUAGE_PATTERN, HttpUrl, Schema, Text, is_valid_id
from .schema_errors import Loc, describe_errors

CONFIG_FILE = "site.toml"
SECTIONS = ("reports", "drivers", "events", "series", "seasons", "search")


def _check_language_code(value: str) -> str:
    if not re.match(LANGUAGE_PATTERN, value):
        raise PydanticCustomError(
            "invalid_language",
            "'{value}' is not a language code: use two lowercase letters (ISO 639-1)",
            {"value": value},
        )
    return value


def _check_locale(value: str) -> str:
    try:
        Locale.parse(value)
    except (ValueError, UnknownLocaleError):
        raise PydanticCustomError(
            "invalid_locale", "unknown locale '{value}' (e.g. en_GB, de_DE)", {"value": value}
        ) from None
    return value


def _check_segment(value: str) -> str:
    if not is_valid_id(value):
        raise PydanticCustomError(
            "invalid_segment",
            "'{value}' is not a valid URL segment: use lowercase letters, digits and single hyphens",
            {"value": value},
        )
    return value


def _check_unique(values: list[object]) -> list[object]:
    for index, value in enumerate(values):
        if value in values[:index]:
            raise PydanticCustomError("duplicate", "{value} is listed twice", {"value": repr(value)})
    return values


LanguageCode = Annotated[str, AfterValidator(_check_language_code)]
Segment = Annotated[str, AfterValidator(_check_segment)]
ImageFormat = Literal["avif", "webp", "jpeg", "png"]
EncoderQuality = Annotated[StrictInt, Field(ge=1, le=100)]


@dataclass(frozen=True, slots=True)
class ImageQuality:
    """Encoder quality per lossy format, 1-100 (PNG is lossless)."""

    avif: int = 60
    webp: int = 80
    jpeg: int = 82


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """The `[images]` table: which variants each photo gets (spec section 10)."""

    widths: tuple[int, ...] = (480, 960, 1600, 2400)  # ascending
    formats: tuple[ImageFormat, ...] = ("avif", "webp", "jpeg")  # the preferred first
    quality: ImageQuality = ImageQuality()


_IMAGE_DEFAULTS = ImageSettings()


class SectionNamesFile(Schema):
    """Localized URL segments of the site's sections."""

    reports: Segment | None = None
    drivers: Segment | None = None
    events: Segment | None = None
    series: Segment | None = None
    seasons: Segment | None = None
    search: Segment | None = None


class LanguageFile(Schema):
    title: Text = Field(description="Site title in this language.")
    description: str | None = Field(None, description="Site description in this language.")
    locale: Annotated[str, AfterValidator(_check_locale)] | None = Field(
        None, description="Babel locale, e.g. en_GB; defaults to the language code."
    )
    sections: SectionNamesFile = Field(default_factory=SectionNamesFile)


class BuildFile(Schema):
    output: Text = Field("output", description="Output folder, relative to the site root or absolute.")
    cache: Text = Field(".pitboard-cache", description="Build cache folder, relative to the site root or absolute.")


class MarkdownFile(Schema):
    unsafe_html: StrictBool = Field(False, description="Pass raw HTML in Markdown through unescaped.")


class ImageQualityFile(Schema):
    """Encoder quality per lossy format, 1-100 (PNG is lossless)."""

    avif: EncoderQuality = Field(_IMAGE_DEFAULTS.quality.avif, description="AVIF quality.")
    webp: EncoderQuality = Field(_IMAGE_DEFAULTS.quality.webp, description="WebP quality.")
    jpeg: EncoderQuality = Field(_IMAGE_DEFAULTS.quality.jpeg, description="JPEG quality.")


class ImagesFile(Schema):
    """The variants of every photo (spec section 10)."""

    widths: Annotated[list[Annotated[StrictInt, Field(ge=1)]], AfterValidator(_check_unique)] = Field(
        list(_IMAGE_DEFAULTS.widths), min_length=1, description="Widths in pixels of each photo's variants."
    )
    formats: Annotated[list[ImageFormat], AfterValidator(_check_unique)] = Field(
        list(_IMAGE_DEFAULTS.formats), min_length=1, description="Formats of the variants, the preferred first."
    )
    quality: ImageQualityFile = Field(default_factory=ImageQualityFile)


class SearchFile(Schema):
    """Static search with Pagefind (spec section 13)."""

    enabled: StrictBool = Field(True, description="Index the site and give every language a search page.")


class SiteFile(Schema):
    """site.toml"""

    base_url: HttpUrl = Field(description="Absolute URL the site is published at; may carry a path.")
    default_language: str = Field(description="One of the configured languages.")
    languages: dict[LanguageCode, LanguageFile] = Field(min_length=1)
    build: BuildFile = Field(default_factory=BuildFile)
    markdown: MarkdownFile = Field(default_factory=MarkdownFile)
    images: ImagesFile = Field(default_factory=ImagesFile)
    search: SearchFile = Field(default_factory=SearchFile)


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    title: str
    description: str | None
    locale: Locale
    sections: dict[str, str]

    def section(self, name: str) -> str:
        return self.sections[name]


@dataclass(frozen=True, slots=True)
class SiteConfig:
    root: Path
    base_url: str
    default_language: str
    languages: tuple[Language, ...]
    output: Path
    output_position: Position
    cache: Path
    unsafe_html: bool
    images: ImageSettings
    search: bool  # [search] enabled: an index, a search page and search forms

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.languages)

    @property
    def rendering(self) -> SiteConfig:
        """The settings that shape what pages say, without where the site and its output are on disk."""
        return dataclasses.replace(self, root=Path(), output=Path(), output_position=Position(), cache=Path())

    def language(self, code: str) -> Language:
        return next(language for language in self.languages if language.code == code)


def load_config(root: Path) -> SiteConfig:
    """Read and check site.toml; raises BuildFailed with every problem found."""
    path = root / CONFIG_FILE
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise BuildFailed(
            [Diagnostic(CONFIG_FILE, FILE_START, f"no {CONFIG_FILE} in {root} (is --site right?)")]
        ) from None
    except UnicodeDecodeError as error:
        raise BuildFailed([Diagnostic(CONFIG_FILE, FILE_START, f"invalid UTF-8 ({error.reason})")]) from None
    locator = TomlLocator(text)
    data = _parse_toml(text)
    unshowable = list(_unshowable_strings(data, (), locator))
    if unshowable:
        raise BuildFailed(unshowable)
    try:
        settings = SiteFile.model_validate(data)
    except ValidationError as error:
        problems = [
            Diagnostic(CONFIG_FILE, position, message)
            for position, message in describe_errors(error, SiteFile, locator)
        ]
        raise BuildFailed(problems) from None
    problems = _check_consistency(settings, locator)
    if problems:
        raise BuildFailed(problems)
    return _site_config(root, settings, locator)


def _parse_toml(text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        reason = _toml_error_reason(error)
        problem = Diagnostic(CONFIG_FILE, _toml_error_position(error, text), f"invalid TOML: {reason}")
    except RecursionError:  # tomllib parses arrays and inline tables within each other recursively
        problem = Diagnostic(CONFIG_FILE, FILE_START, "invalid TOML: arrays or tables nested too deeply")
    except ValueError:  # a number of more digits than Python converts (sys.get_int_max_str_digits)
        problem = Diagnostic(CONFIG_FILE, FILE_START, "invalid TOML: a number with too many digits")
    raise BuildFailed([problem])


def _unshowable_strings(value: object, path: Loc, locator: TomlLocator) -> Iterator[Diagnostic]:
    """A diagnostic for every key and string of the TOML data that holds a character no page can carry."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _unshowable_strings(key, (*path, key), locator)
            yield from _unshowable_strings(item, (*path, key), locator)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unshowable_strings(item, (*path, index), locator)
    elif isinstance(value, str):
        unshowable = first_unshowable(value)
        if unshowable is not None:
            yield Diagnostic(CONFIG_FILE, locator.position_of(path), unshowable_message(value[unshowable]))


def _check_consistency(settings: SiteFile, locator: TomlLocator) -> list[Diagnostic]:
    problems = []
    codes = list(settings.languages)
    if settings.default_language not in codes:
        problems.append(
            Diagnostic(
                CONFIG_FILE,
                locator.position_of(("default_language",)),
                f"default_language '{settings.default_language}' is not one of the languages "
                f"({quote_list(codes)}){did_you_mean(settings.default_language, codes)}",
            )
        )
    for code, language in settings.languages.items():
        names = [getattr(language.sections, section) or section for section in SECTIONS]
        for section in SECTIONS:
            name = getattr(language.sections, section)
            if name is not None and names.count(name) > 1:
                problems.append(
                    Diagnostic(
                        CONFIG_FILE,
                        locator.position_of(("languages", code, "sections", section)),
                        f"section name '{name}' is used twice in language '{code}'",
                    )
                )
    return problems


def _site_config(root: Path, settings: SiteFile, locator: TomlLocator) -> SiteConfig:
    base_url = settings.base_url if settings.base_url.endswith("/") else settings.base_url + "/"
    output = Path(settings.build.output)
    return SiteConfig(
        root=root,
        base_url=base_url,
        default_language=settings.default_language,
        languages=tuple(_language(code, language) for code, language in settings.languages.items()),
        output=_under(root, output),
        output_position=locator.position_of(("build", "output")),
        cache=_under(root, Path(settings.build.cache)),
        unsafe_html=settings.markdown.unsafe_html,
        images=_image_settings(settings.images),
        search=settings.search.enabled,
    )


def _image_settings(settings: ImagesFile) -> ImageSettings:
    quality = ImageQuality(settings.quality.avif, settings.quality.webp, settings.quality.jpeg)
    return ImageSettings(tuple(sorted(settings.widths)), tuple(settings.formats), quality)


def _under(root: Path, path: Path) -> Path:
    return path if path.is_absolute() else root / path


def _language(code: str, settings: LanguageFile) -> Language:
    locale = Locale.parse(settings.locale or code)
    sections = {section: getattr(settings.sections, section) or section for section in SECTIONS}
    return Language(code, settings.title, settings.description, locale, sections)


def _toml_error_position(error: tomllib.TOMLDecodeError, text: str) -> Position:
    found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
    if found:
        return Position(int(found.group(1)), int(found.group(2)))
    if "(at end of document)" in str(error):
        return Position(max(1, len(text.rstrip("\n").split("\n"))), 1)
    return FILE_START


def _toml_error_reason(error: tomllib.TOMLDecodeError) -> str:
    return re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", str(error))


class TomlLocator:
    """Finds where a key or value stands in TOML text (tomllib keeps no positions).

    Understands [table] headers, dotted keys and one-line inline tables, which is what
    site.toml uses; anything it cannot place falls back to the nearest enclosing table.
    """

    _HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _ASSIGNMENT = re.compile(r"(\s*)((?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.\- ])+?)\s*=\s*")

    def __init__(self, text: str):
        self.keys: dict[tuple[str, ...], Position] = {}
        self.values: dict[tuple[str, ...], Position] = {}
        self._scan(text)

    def position_of(self, path: Loc) -> Position:
        return self._lookup(self.values, path)

    def key_position_of(self, path: Loc) -> Position:
        return self._lookup(self.keys, path)

    def _lookup(self, table: dict[tuple[str, ...], Position], path: Loc) -> Position:
        parts = tuple(str(part) for part in path if not isinstance(part, int))
        for end in range(len(parts), 0, -1):
            found = table.get(parts[:end]) or self.keys.get(parts[:end])
            if found:
                return found
        return FILE_START

    def _scan(self, text: str) -> None:
        table: tuple[str, ...] = ()
        for number, line in enumerate(text.split("\n"), start=1):  # lines as editors count them
            header = self._HEADER.match(line)
            if header:
                table = _split_key(header.group(1))
                position = Position(number, line.index("[") + 1)
                self.keys.setdefault(table, position)
                self.values.setdefault(table, position)
                continue
            self._scan_assignments(line, number, 0, table)

    def _scan_assignments(self, line: str, number: int, offset: int, table: tuple[str, ...]) -> None:
        """Record `key = value` at `offset` in `line`, recursing into an inline table value."""
        assignment = self._ASSIGNMENT.match(line, offset)
        if not assignment:
            return
        path = table + _split_key(assignment.group(2))
        self.keys.setdefault(path, Position(number, assignment.start(2) + 1))
        value_start = assignment.end()
        self.values.setdefault(path, Position(number, value_start + 1))
        if line[value_start : value_start + 1] == "{":
            inner = value_start + 1
            while inner < len(line):
                self._scan_assignments(line, number, inner, path)
                next_comma = _next_top_level_comma(line, inner)
                if next_comma < 0:
                    break
                inner = next_comma + 1


def _split_key(key: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in re.findall(r"\"[^\"]*\"|'[^']*'|[^.]+", key))


def _next_top_level_comma(line: str, start: int) -> int:
    depth, quote = 0, ""
    for index in range(start, len(line)):
        char = line[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            if depth == 0:
                return -1
            depth -= 1
        elif char == "," and depth == 0:
            return index
    return -1
