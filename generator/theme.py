"""The templates of a site: a Jinja environment per language, its filters and static assets.

Every template is compiled when the theme loads, so a syntax error is reported with its
file and line before anything is rendered.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel.support import NullTranslations

from .config import SiteConfig
from .diagnostics import FILE_START, BuildFailed, Diagnostic, Position
from .i18n import Formats, load_catalog, native_language_name
from .model import Driver, Event, PageTranslation, ReportTranslation, Season, Series
from .urls import Urls

TEMPLATE_DIR = "templates"
STATIC_DIR = "static"
TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class StaticFile:
    path: str  # below static/
    content: bytes


@dataclass(frozen=True, slots=True)
class Theme:
    environments: Mapping[str, jinja2.Environment]
    catalogs: Mapping[str, NullTranslations]
    formats: Mapping[str, Formats]
    static_files: tuple[StaticFile, ...]

    def template(self, lang: str, name: str) -> jinja2.Template:
        return self.environments[lang].get_template(name)

    def translate(self, lang: str, message: str) -> str:
        return self.catalogs[lang].gettext(message)


def default_theme() -> Path:
    """The folder of the theme pitboard ships, which `pitboard init` copies.

    An installed wheel carries it as generator/default_theme (see pyproject.toml); in a
    source checkout or an editable install it is the repository's own templates/.
    """
    packaged = _PACKAGE / "default_theme"
    return packaged if packaged.is_dir() else _PACKAGE.parent / TEMPLATE_DIR


def load_theme(config: SiteConfig) -> Theme:
    """Environments, formats and assets for every language; raises BuildFailed on bad templates."""
    folder = config.root / TEMPLATE_DIR
    urls = Urls(config)
    loader = jinja2.FileSystemLoader(folder)
    problems: list[Diagnostic] = []
    environments, catalogs, formats = {}, {}, {}
    for language in config.languages:
        catalog = load_catalog(config.root, language.code)
        if isinstance(catalog, Diagnostic):
            problems.append(catalog)
            continue
        catalogs[language.code] = catalog
        formats[language.code] = Formats(language.locale)
        environments[language.code] = _environment(loader, catalog, formats[language.code], urls, language.code)
    if environments:
        problems.extend(_compile_all(next(iter(environments.values())), folder))
    if problems:
        raise BuildFailed(problems)
    return Theme(environments, catalogs, formats, _static_files(folder / STATIC_DIR))


def _environment(loader, catalog, formats: Formats, urls: Urls, lang: str) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,
    )
    environment.install_gettext_translations(catalog, newstyle=True)
    environment.filters.update(
        date=formats.date,
        date_range=formats.date_range,
        number=formats.number,
        lap_time=formats.lap_time,
        ordinal=formats.ordinal,
        country=formats.country,
        language_name=formats.language_name,
        localize=lambda value: value.text(lang) if value is not None else "",
        native_language_name=native_language_name,
        url=_url_filter(urls, lang),
        permalink=lambda target: urls.absolute(_path_of(urls, lang, target)),
        absolute_url=urls.absolute,
    )
    return environment


def _url_filter(urls: Urls, lang: str):
    """`{{ thing|url }}`: a relative link from the current page to a path or an entity."""

    @jinja2.pass_context
    def url(context: jinja2.runtime.Context, target: object) -> str:
        return context["page"].link(_path_of(urls, lang, target))

    return url


def _path_of(urls: Urls, lang: str, target: object) -> str:
    if isinstance(target, str):
        return target
    if isinstance(target, Driver):
        return urls.driver(lang, target.id)
    if isinstance(target, Event):
        return urls.event(lang, target.id)
    if isinstance(target, Series):
        return urls.series(lang, target.id)
    if isinstance(target, Season):
        return urls.season(lang, target.year)
    if isinstance(target, ReportTranslation):
        return urls.report(target.lang, target.report_id)
    if isinstance(target, PageTranslation):
        return urls.page(target.lang, target.page_id)
    raise TypeError(f"no URL for {type(target).__name__}")


def _compile_all(environment: jinja2.Environment, folder: Path) -> list[Diagnostic]:
    problems = []
    for name in environment.list_templates(extensions=[suffix.lstrip(".") for suffix in TEMPLATE_SUFFIXES]):
        try:
            environment.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            problems.append(Diagnostic(f"{TEMPLATE_DIR}/{name}", Position(error.lineno or 1, 1), error.message or str(error)))
    return problems


def _static_files(folder: Path) -> tuple[StaticFile, ...]:
    found = []
    for current, subfolders, files in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.endswith("~"):
                continue
            path = Path(current) / name
            found.append(StaticFile(path.relative_to(folder).as_posix(), path.read_bytes()))
    return tuple(sorted(found, key=lambda item: item.path))


def template_error(error: Exception, root: Path) -> Diagnostic:
    """An error raised while rendering, placed at the template line it came from."""
    folder = (root / TEMPLATE_DIR).resolve()
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        filename = Path(frame.filename)
        if filename.is_absolute() and folder in filename.resolve().parents:
            relative = filename.resolve().relative_to(root.resolve()).as_posix()
            return Diagnostic(relative, Position(frame.lineno or 1, 1), f"template error: {error}")
    return Diagnostic(TEMPLATE_DIR, FILE_START, f"template error: {type(error).__name__}: {error}")

