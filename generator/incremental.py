"""Rebuilding only what a change touches: the dev server's build step.

The last good build stays in memory as a Snapshot: the resolved site, its theme, what each
page showed (its dependencies) and the navigation of each language. A rebuild loads the
site again, reusing the theme and every unchanged Markdown conversion, and renders

- every page and asset, when site.toml or anything in templates/ changed;
- else the pages that are new, whose dependencies differ, or that show an entity that
  changed, and every HTML page of a language whose navigation changed.

The files of pages that no longer exist are deleted. A rebuild that finds a problem
raises BuildFailed, writes nothing and keeps the snapshot of the last good build.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .build import LoadedSite, load_site
from .config import load_config
from .model import Site
from .pages import PAGE_TYPES, Navigation, PageKey, Ref
from .progress import SILENT, Progress
from .render import SiteRenderer
from .theme import STATIC_DIR, TEMPLATE_DIR
from .write import remove_from_output, write_in_place, write_output

# The site's index of each kind of entity that pages name in their dependencies.
ENTITY_INDEXES = {
    "report": "report_by_id",
    "driver": "driver_by_id",
    "event": "event_by_id",
    "series": "series_by_id",
    "page": "page_by_id",
}

ThemeStamp = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What the output folder holds: the site it was rendered from and what each page showed."""

    loaded: LoadedSite
    theme_stamp: ThemeStamp
    dependencies: Mapping[PageKey, frozenset[Ref]]
    navigations: Mapping[str, Navigation]
    files: frozenset[str]  # every file of the build, relative to the output folder


@dataclass(frozen=True, slots=True)
class Rebuild:
    """What one rebuild did."""

    written: tuple[str, ...]  # files, relative to the output folder
    removed: tuple[str, ...]
    pages: int  # pages the site has now
    full: bool
    seconds: float

    def summary(self) -> str:
        if self.full:
            done = f"rendered all {self.pages} pages"
        else:
            done = f"rendered {len(self.written)} of {self.pages} pages"
        if self.removed:
            done += f", removed {len(self.removed)} file{'s' if len(self.removed) != 1 else ''}"
        return f"{done} in {self.seconds:.2f} s"


class IncrementalBuilder:
    """Keeps the last good build in memory and rewrites only the pages a change touches."""

    def __init__(self, root: Path, output: Path):
        self.root = root
        self.output = output
        self.snapshot: Snapshot | None = None

    def rebuild(self, progress: Progress = SILENT) -> Rebuild:
        """Load the site again and bring the output folder up to date with it.

        The first good build replaces the output folder as a whole, like `pitboard build`;
        later ones write the pages they render in place.
        """
        started = time.perf_counter()
        old = self.snapshot
        config = load_config(self.root)
        stamp = theme_stamp(self.root)
        same_theme = old is not None and old.loaded.site.config == config and old.theme_stamp == stamp
        loaded = load_site(
            config,
            markdown=old.loaded.markdown if old is not None else None,
            theme=old.loaded.theme if same_theme else None,
            progress=progress,
            parsed=old.loaded.parsed if old is not None else None,
        )
        renderer = SiteRenderer(loaded.site, loaded.theme)
        dependencies = {key: frozenset(PAGE_TYPES[key.kind].dependencies(loaded.site, key)) for key in renderer.plan()}
        navigations = dict(renderer.navigations)
        if same_theme:
            files = renderer.render_pages(pages_to_render(old, loaded.site, dependencies, navigations))
        else:
            keys = progress.track(list(dependencies), "rendering pages")
            files = renderer.render_pages(keys) + renderer.static_files()
        all_files = frozenset(renderer.output_path(key) for key in dependencies) | {
            f"{STATIC_DIR}/{item.path}" for item in loaded.theme.static_files
        }
        removed = tuple(sorted(old.files - all_files)) if old is not None else ()
        if old is None:
            write_output(files, self.output)
        else:
            write_in_place(files, self.output)
            remove_from_output(removed, self.output)
        self.snapshot = Snapshot(loaded, stamp, dependencies, navigations, all_files)
        return Rebuild(
            written=tuple(file.path for file in files),
            removed=removed,
            pages=len(dependencies),
            full=not same_theme,
            seconds=time.perf_counter() - started,
        )


def pages_to_render(
    old: Snapshot, site: Site, dependencies: Mapping[PageKey, frozenset[Ref]], navigations: Mapping[str, Navigation]
) -> list[PageKey]:
    """The pages of `site` that differ from what `old` rendered, with theme and configuration unchanged."""
    changed = changed_refs(old.loaded.site, site)
    stale_languages = {lang for lang, navigation in navigations.items() if old.navigations.get(lang) != navigation}
    return [
        key
        for key, shown in dependencies.items()
        if old.dependencies.get(key) != shown
        or shown & changed
        or (_is_html(key) and (key.lang or site.config.default_language) in stale_languages)
    ]


def changed_refs(old: Site, new: Site) -> set[Ref]:
    """Every entity added, removed or changed between two sites (entity equality is deep)."""
    changed = set()
    for kind, index in ENTITY_INDEXES.items():
        before, after = getattr(old, index), getattr(new, index)
        changed |= {(kind, key) for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    return changed


def theme_stamp(root: Path) -> ThemeStamp:
    """Name, modification time and size of every file in templates/: equal stamps, same theme."""
    stamps = []
    for folder, _, names in os.walk(root / TEMPLATE_DIR):
        for name in names:
            path = Path(folder) / name
            status = path.stat()
            stamps.append((path.relative_to(root).as_posix(), status.st_mtime_ns, status.st_size))
    return tuple(sorted(stamps))


def _is_html(key: PageKey) -> bool:
    return PAGE_TYPES[key.kind].template.endswith(".html")
