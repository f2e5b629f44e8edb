"""The files of a site's theme: its own templates/ laid over the default theme pitboard ships (spec 14).

A theme file is named by its path in the theme: `report.html`, `static/style.css`,
`translations/de.po`. The layers are the site's templates/ and the default theme, in that
order, and the first layer that has a name wins it, file by file. Catalogs are the one
exception: every layer's `translations/<lang>.po` is read and merged entry by entry (see
`i18n.load_catalog`). A site without templates/ has the default theme alone; a site whose
templates/ is the default theme (this repository's) has one layer, its own.
"""

from __future__ import annotations

import enum
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import FILE_START, Diagnostic
from .fingerprint import DIGEST_SIZE, Digest
from .sitefiles import list_files

TEMPLATE_DIR = "templates"
CATALOG_DIR = "translations"
_PACKAGE = Path(__file__).resolve().parent


class Layer(enum.Enum):
    SITE = "site"
    DEFAULT = "default"


@dataclass(frozen=True, slots=True)
class ThemeFile:
    name: str  # its path in the theme: "static/style.css"
    layer: Layer
    path: Path  # where it is on disk
    shown: str  # how errors name it: "templates/report.html" in the site; the absolute path in the default theme
    content: bytes


@dataclass(frozen=True, slots=True)
class ThemeFiles:
    """Every layer's files by name, the winning layer's first; read once, so that `digest` is what is used."""

    by_name: Mapping[str, tuple[ThemeFile, ...]]
    digest: Digest  # of the files the theme is made of, each with its name and layer
    diagnostics: tuple[Diagnostic, ...]  # files that must not or cannot be read; they are left out

    def find(self, name: str) -> ThemeFile | None:
        """The file that wins `name`, or None when no layer has it."""
        files = self.by_name.get(name)
        return files[0] if files else None

    def merged(self) -> tuple[ThemeFile, ...]:
        """The winning file of every name, sorted by name."""
        return tuple(files[0] for _, files in sorted(self.by_name.items()))

    def catalogs(self, lang: str) -> tuple[ThemeFile, ...]:
        """Every layer's catalog of `lang`, the winning layer's first."""
        return self.by_name.get(catalog_name(lang), ())

    def at_path(self, path: str) -> ThemeFile | None:
        """The winning file that is at `path` on disk (as Jinja names a template's file), or None."""
        return next((file for file in self.merged() if str(file.path) == path), None)


def catalog_name(lang: str) -> str:
    return f"{CATALOG_DIR}/{lang}.po"


def default_theme() -> Path:
    """The folder of the theme pitboard ships.

    An installed wheel carries it as generator/default_theme (see pyproject.toml); in a
    source checkout or an editable install it is the repository's own templates/.
    """
    packaged = _PACKAGE / "default_theme"
    return packaged if packaged.is_dir() else _PACKAGE.parent / TEMPLATE_DIR


def theme_files(root: Path) -> ThemeFiles:
    """The theme of the site at `root`: its templates/ over the default theme."""
    default = default_theme()
    site = root / TEMPLATE_DIR
    layers = [(Layer.SITE, site)]
    if os.path.realpath(site) != os.path.realpath(default):
        layers.append((Layer.DEFAULT, default))
    return _merge(layers)


def default_theme_files() -> ThemeFiles:
    """The default theme alone, as `pitboard theme copy` copies from it."""
    return _merge([(Layer.DEFAULT, default_theme())])


def _merge(layers: list[tuple[Layer, Path]]) -> ThemeFiles:
    by_name: dict[str, list[ThemeFile]] = {}
    problems: list[Diagnostic] = []
    for layer, folder in layers:
        for file in _layer_files(layer, folder, problems):
            by_name.setdefault(file.name, []).append(file)
    stacked = {name: tuple(files) for name, files in by_name.items()}
    return ThemeFiles(stacked, _digest(stacked), tuple(problems))


def _layer_files(layer: Layer, folder: Path, problems: list[Diagnostic]) -> list[ThemeFile]:
    """The files of one layer, below a folder of its parent; a link that leaves that parent is a problem (spec 7)."""
    listing = list_files(folder.parent, folder.name)
    problems.extend(listing.diagnostics)
    files = []
    for listed in listing.files:  # relative to the parent: the site's root for its templates/
        path = folder.parent / listed
        shown = listed if layer is Layer.SITE else str(path)
        try:
            content = path.read_bytes()
        except OSError as error:  # gone, or no longer readable, since the folder was listed
            problems.append(Diagnostic(shown, FILE_START, f"cannot be read: {error.strerror}"))
            continue
        files.append(ThemeFile(listed.removeprefix(f"{folder.name}/"), layer, path, shown, content))
    return files


def _digest(by_name: Mapping[str, tuple[ThemeFile, ...]]) -> Digest:
    """Of every file a build reads: each name's winner, and every layer's catalogs, which merge."""
    hasher = hashlib.blake2b(digest_size=DIGEST_SIZE)
    for name, files in sorted(by_name.items()):
        for file in files if name.startswith(f"{CATALOG_DIR}/") else files[:1]:
            hasher.update(f"{name}\0{file.layer.value}\0".encode())
            hasher.update(hashlib.blake2b(file.content, digest_size=DIGEST_SIZE).digest())
    return hasher.digest()


def theme_table(files: ThemeFiles) -> list[str]:
    """A line for every file of the theme: its name and the layer it comes from, for `pitboard theme list`."""
    width = max((len(name) for name in files.by_name), default=0)
    return [f"{name:<{width}}  {_origin(stack)}" for name, stack in sorted(files.by_name.items())]


def _origin(stack: tuple[ThemeFile, ...]) -> str:
    winner = stack[0]
    if winner.layer is Layer.DEFAULT:
        return "default theme"
    if len(stack) == 1:
        return winner.shown
    if winner.name.startswith(f"{CATALOG_DIR}/"):
        return f"{winner.shown}, merged entry by entry with the default theme's"
    return f"{winner.shown}, in place of the default theme's"
