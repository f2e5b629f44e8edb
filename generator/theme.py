"""The templates of a site: a Jinja environment per language, its filters and static assets.

They come from the site's theme files (theme_files.py): its templates/ over the default
theme. Every template is compiled when the theme loads, so a syntax error is reported with
its file and line before anything is rendered.
"""

from __future__ import annotations

import hashlib
import shutil
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel.support import NullTranslations

from .cache import code_version
from .config import SiteConfig
from .diagnostics import FILE_START, BuildFailed, Diagnostic, Position
from .fingerprint import Digest
from .i18n import Formats, load_catalog, native_language_name
from .pages import Paths, site_paths
from .template_i18n import CompiledTranslations
from .theme_files import TEMPLATE_DIR as TEMPLATE_DIR  # re-exported: pitboard's modules name the folder from here
from .theme_files import ThemeFiles, theme_files
from .views import localized_text

STATIC_DIR = "static"
TEMPLATE_SUFFIXES = (".html", ".xml", ".txt")


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
    files: ThemeFiles

    @property
    def digest(self) -> Digest:
        """Of the theme's files, each with its layer: two themes with one digest render alike."""
        return self.files.digest

    def template(self, lang: str, name: str) -> jinja2.Template:
        return self.environments[lang].get_template(name)

    def translate(self, lang: str, message: str) -> str:
        return self.catalogs[lang].gettext(message)


def load_theme(config: SiteConfig, reuse: Theme | None = None, compiled: Path | None = None) -> Theme:
    """Environments, formats and assets for every language; raises BuildFailed on bad templates.

    `reuse`: a theme loaded before for the same configuration, returned as it is when its files did not change.
    `compiled`: a folder (of the build cache) that keeps the compiled templates for the next build.
    """
    files = theme_files(config.root)
    if files.diagnostics:  # nothing is read from templates/ while a link there leads out of the site
        raise BuildFailed(files.diagnostics)
    if reuse is not None and reuse.digest == files.digest:
        return reuse
    paths = site_paths(config)
    loader = ThemeLoader(files)
    problems: list[Diagnostic] = []
    environments, catalogs, formats = {}, {}, {}
    for language in config.languages:
        catalog = load_catalog(language.code, files.catalogs(language.code))
        if isinstance(catalog, Diagnostic):
            problems.append(catalog)
            continue
        catalogs[language.code] = catalog
        formats[language.code] = Formats(language.locale, catalog)
        bytecode = _compiled_templates(compiled, files, language.code) if compiled is not None else None
        environments[language.code] = _environment(
            loader, catalog, formats[language.code], paths, language.code, bytecode
        )
    _share_catalogs(environments)
    if environments:
        first, *others = environments.values()
        problems.extend(_compile_all(first, files))
        for environment in others if not problems else ():  # before pages render on forked workers
            _compile_all(environment, files)
    if problems:
        raise BuildFailed(problems)
    return Theme(environments, catalogs, formats, _static_files(files), files)


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates on disk; a file that does not load is compiled again, never a traceback."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()


def _compiled_templates(folder: Path, files: ThemeFiles, lang: str) -> jinja2.BytecodeCache:
    """A language's compiled templates: they hold its UI strings, so each language and theme has its own."""
    key = hashlib.blake2b(f"{code_version()}\0{lang}".encode() + files.digest, digest_size=8).hexdigest()
    place = folder / f"{lang}-{key}"
    if not place.is_dir():
        if folder.is_dir():  # what older themes or versions compiled for this language
            for old in folder.glob(f"{lang}-*"):
                shutil.rmtree(old, ignore_errors=True)
        place.mkdir(parents=True, exist_ok=True)
    return _CompiledTemplates(str(place))


class ThemeLoader(jinja2.BaseLoader):
    """Templates by their name in the theme: the site's file where it has one, else the default theme's."""

    def __init__(self, files: ThemeFiles) -> None:
        self.files = files

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, None]:
        found = self.files.find(template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        return found.content.decode("utf-8"), str(found.path), None

    def list_templates(self) -> list[str]:
        return [file.name for file in self.files.merged()]


def _environment(
    loader: ThemeLoader,
    catalog: NullTranslations,
    formats: Formats,
    paths: Paths,
    lang: str,
    bytecode: jinja2.BytecodeCache | None,
) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=loader,
        bytecode_cache=bytecode,
        autoescape=jinja2.select_autoescape(("html", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n", CompiledTranslations],
        auto_reload=False,
    )
    # the i18n extension adds this method to the environment; Jinja's types cannot know it
    environment.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
    environment.extend(translate_ui=catalog.gettext)
    environment.filters.update(
        date=formats.date,
        date_range=formats.date_range,
        time=formats.time,
        utc_offset=formats.utc_offset,
        number=formats.number,
        lap_time=formats.lap_time,
        gap=formats.gap,
        ordinal=formats.ordinal,
        country=formats.country,
        language_name=formats.language_name,
        localize=lambda texts: localized_text(texts, lang),
        native_language_name=native_language_name,
        url=_url_filter(paths, lang),
        permalink=lambda target: paths.absolute(_path_of(paths, lang, target)),
        absolute_url=paths.absolute,
    )
    return environment


def _share_catalogs(environments: Mapping[str, jinja2.Environment]) -> None:
    """`gettext_in[lang]`: every language's gettext, for a page that speaks several (404.html).

    `{% with gettext = gettext_in["de"] %}{% trans %}…{% endtrans %}{% endwith %}` is German:
    a trans block calls the `gettext` in scope, and `pybabel extract` finds it as usual.
    """
    gettext_in = {lang: environment.globals["gettext"] for lang, environment in environments.items()}
    for environment in environments.values():
        environment.globals["gettext_in"] = gettext_in


def _url_filter(paths: Paths, lang: str) -> Callable[[jinja2.runtime.Context, object], str]:
    """`{{ thing|url }}`: a relative link from the current page to a path, or to the page of a value."""

    @jinja2.pass_context
    def url(context: jinja2.runtime.Context, target: object) -> str:
        link: str = context["page"].link(_path_of(paths, lang, target))
        return link

    return url


def _path_of(paths: Paths, lang: str, target: object) -> str:
    return target if isinstance(target, str) else paths.of(target, lang)


def _compile_all(environment: jinja2.Environment, files: ThemeFiles) -> list[Diagnostic]:
    problems = []
    for file in files.merged():
        if not file.name.endswith(TEMPLATE_SUFFIXES):
            continue
        try:
            environment.get_template(file.name)
        except jinja2.TemplateSyntaxError as error:
            problems.append(Diagnostic(file.shown, Position(error.lineno or 1, 1), error.message or str(error)))
        except UnicodeDecodeError as error:
            line = file.content.count(b"\n", 0, error.start) + 1
            problems.append(
                Diagnostic(
                    file.shown,
                    FILE_START,
                    f"invalid UTF-8: byte 0x{file.content[error.start]:02x} on line {line}; save the file as UTF-8",
                )
            )
    return problems


def _static_files(files: ThemeFiles) -> tuple[StaticFile, ...]:
    prefix = f"{STATIC_DIR}/"
    static = (file for file in files.merged() if file.name.startswith(prefix))
    return tuple(StaticFile(file.name.removeprefix(prefix), file.content) for file in static)


def template_error(error: Exception, files: ThemeFiles) -> Diagnostic | None:
    """An error raised while rendering, placed at the line of the theme file it came from.

    None for an error that no template line and no template mistake explains: a bug of
    pitboard's own, which is not the site's to fix.
    """
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        found = files.at_path(frame.filename)
        if found is not None:
            return Diagnostic(found.shown, Position(frame.lineno or 1, 1), f"template error: {error}")
    if isinstance(error, jinja2.TemplateError):
        return Diagnostic(TEMPLATE_DIR, FILE_START, f"template error: {type(error).__name__}: {error}")
    return None
