"""What the last build of a site did, and whether a build has anything to do.

A build records in the cache what it read (a digest of its inputs by the content files' facts,
and one by their bytes), its clock and what it reported (`LastBuild`), and what each output
folder holds. The next build with the same inputs, while the output still shows that build
whole and no embargo has ended since, has nothing to do: it reports the last build again.

This module answers that from the cache and the files' facts alone, importing nothing of the
pipeline: `pitboard build` of an unchanged site loads no templates, Markdown or image code,
whose import is most of the time a small site's build takes (see `cli`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import NO_CACHE_DIR, BuildCache, BuildLock, LockBusy, code_version
from .config import CONFIG_FILE, SiteConfig, load_config
from .diagnostics import BuildFailed, Diagnostic, UsageError
from .fingerprint import Digest, Fingerprints
from .journal import JOURNAL, complete_replacements, remove_unfinished
from .kinds import CONTENT_DIR, Kind
from .publication import Publication, Schedule
from .read import content_signature
from .theme_files import theme_files
from .write import Published, output_build, unsafe_output_reason

if TYPE_CHECKING:
    from .build import PendingIndex

FOLDERS = b"output folders"  # the cache's record of what each output folder holds (in the table "meta")
LAST_BUILD = b"last build"  # the cache's record of the last build (in the table "meta")
_NONE = Published("", {})


@dataclass(frozen=True, slots=True)
class PhotoCount:
    """The photo files a build publishes, and how many of them were processed anew (not in the cache)."""

    published: int
    processed: int

    def __str__(self) -> str:
        return f"{self.published} photo{'s' if self.published != 1 else ''} ({self.processed} processed)"


@dataclass(frozen=True, slots=True)
class PageCount:
    """A site's pages: every file rendered from a template, HTML or not (feeds, sitemap, robots.txt), but
    not the theme's static files. `shared` are the pages of no one language, at the root of the site."""

    per_language: Mapping[str, int]
    shared: int

    @property
    def total(self) -> int:
        return sum(self.per_language.values()) + self.shared

    def __str__(self) -> str:
        per_language = ", ".join(f"{lang} {count}" for lang, count in self.per_language.items())
        return f"{self.total} pages ({per_language}, {self.shared} shared)"


def count_pages(page_paths: Iterable[str], languages: tuple[str, ...]) -> PageCount:
    """`page_paths` (relative to the output folder) counted by the language folder they are in."""
    folders = Counter(path.split("/", 1)[0] for path in page_paths)
    per_language = {lang: folders[lang] for lang in languages}
    return PageCount(per_language, folders.total() - sum(per_language.values()))


@dataclass(frozen=True, slots=True)
class BuildResult:
    output: Path
    pages: PageCount
    rendered: tuple[str, ...]  # the pages rendered anew (their files); the others are as the last build left them
    build_id: str  # names what the output holds
    seconds: float
    schedule: Schedule = dataclasses.field(default_factory=Schedule)
    photos: PhotoCount = PhotoCount(0, 0)
    index_pending: PendingIndex | None = None  # the output shows an earlier search index until this one is made

    def summary(self) -> str:
        """One line; with photos, how many (and processed anew); with translations under embargo, how many and
        when the first is due (when to build again)."""
        photos = f", {self.photos}" if self.photos.published else ""
        scheduled = self.schedule.summary()
        line = f"built {self.pages} in {self.seconds:.2f} s into {self.output}{photos}"
        return line + (f"; {scheduled}" if scheduled else "")


@dataclass(frozen=True, slots=True)
class LastBuild:
    """What the last successful build read (digests: of its inputs by the content files' facts, and by their
    bytes), its clock, and what it reported."""

    inputs: Digest
    content: Digest
    now: datetime
    result: BuildResult


def options_digest(config: SiteConfig, publication: Publication) -> Digest:
    """A digest of everything a build reads but the content: pitboard, site.toml, the theme, and the build's
    options. With the content files' facts (their size, times and inode, which any change to a file changes)
    it names a build's inputs; with their bytes, what a build reads."""
    theme = theme_files(config.root)
    parts = (code_version(), config.rendering, theme.digest, publication.future, publication.drafts)
    return Fingerprints().of(parts)


def inputs_digest(config: SiteConfig, options: Digest) -> Digest:
    """Names a build's inputs by `options` (see `options_digest`) and the content files' facts."""
    return Fingerprints().of((options, content_signature(config.root)))


def unchanged_build(
    cache: BuildCache, output: Path, same_inputs: Callable[[LastBuild], bool], publication: Publication
) -> BuildResult | None:
    """The last build's result, when it read the same inputs, the output still shows it whole and no embargo
    it kept has ended since: nothing to do."""
    last = cache.get("meta", LAST_BUILD)
    if not isinstance(last, LastBuild) or not same_inputs(last) or publication.now < last.now:
        return None
    due = last.result.schedule.next
    if due is not None and not publication.future and due.moment <= publication.now:
        return None
    held = shown_fingerprints(cache, output)
    folder, build_id = output_build(output)
    complete = held and held.keys() == published_folders(cache).get(folder, _NONE).fingerprints.keys()
    return last.result if complete and build_id == last.result.build_id else None


def published_folders(cache: BuildCache) -> Mapping[str, Published]:
    """What each output folder held after the build that wrote it, by its real path."""
    found = cache.get("meta", FOLDERS)
    return found if isinstance(found, dict) else {}


def shown_fingerprints(cache: BuildCache, output: Path) -> Mapping[str, Digest]:
    """The fingerprint of every file the output shows, when it shows a build the cache knows."""
    folder, build_id = output_build(output)
    held = published_folders(cache).get(folder)
    if held is None or held.build_id != build_id:
        cache.forget("meta")  # a build in another process may have written the output
        held = published_folders(cache).get(folder)
    if held is None or held.build_id != build_id:
        return {}
    return {path: digest for path, digest in held.fingerprints.items() if os.path.isfile(f"{folder}/{path}")}


def built_again(last: BuildResult, output: Path, started: float) -> BuildResult:
    """The last build's result, for a build that found nothing to do."""
    return dataclasses.replace(
        last,
        output=output,
        rendered=(),
        seconds=time.perf_counter() - started,
        photos=PhotoCount(last.photos.published, 0),
    )


@dataclass(frozen=True, slots=True)
class PendingBuild:
    """A build found to have something to do: the site's configuration, the build's output folder, its
    options and inputs as `options_digest` and `inputs_digest` named them, and when it started."""

    config: SiteConfig
    output: Path
    options: Digest
    inputs: Digest
    started: float


def pending_build(
    config: SiteConfig, cache: BuildCache, output: Path, publication: Publication
) -> BuildResult | PendingBuild:
    """The last build's result again when the inputs are those it read (see `unchanged_build`), else what the
    build to come needs of this check. Called with the site's lock held (`site_cache`)."""
    started = time.perf_counter()
    options = options_digest(config, publication)
    inputs = inputs_digest(config, options)
    unchanged = unchanged_build(cache, output, lambda last: last.inputs == inputs, publication)
    if unchanged is not None:
        return built_again(unchanged, output, started)
    return PendingBuild(config, output, options, inputs, started)


def build_unless_up_to_date(
    root: Path,
    output: Path | None,
    publication: Publication,
    build: Callable[[BuildCache, PendingBuild], BuildResult],
    use_cache: bool = True,
    wait: bool = True,
) -> BuildResult:
    """The last build's result when it is up to date, found without the pipeline; else `build`'s, which is
    handed the site's cache with its lock held since the check. `pitboard build` imports the pipeline in
    `build` alone."""
    config = load_config(root)
    folder = output_folder(config, output)
    with site_cache(config, use_cache, wait) as cache:
        checked = pending_build(config, cache, folder, publication)
        return checked if isinstance(checked, BuildResult) else build(cache, checked)


def output_folder(config: SiteConfig, override: Path | None) -> Path:
    """The output folder, checked against spec section 7.

    Unsafe: UsageError when it came from --output, BuildFailed (at `output` in site.toml)
    when it came from the configuration.
    """
    output = override if override is not None else config.output
    reason = unsafe_output_reason(output, config.root)
    if reason is None:
        return output
    if override is not None:
        raise UsageError(reason)
    raise BuildFailed([Diagnostic(CONFIG_FILE, config.output_position, reason)])


@contextlib.contextmanager
def site_cache(config: SiteConfig, use_cache: bool = True, wait: bool = True) -> Iterator[BuildCache]:
    """The site's build cache, held by this process alone while the block runs (the lock of spec 12).

    With `use_cache` false the cache starts empty and nothing is kept (`--no-cache`); the lock
    is taken all the same, since it also keeps two builds from writing one output at once.
    """
    lock = BuildLock(config.cache)
    try:
        lock.acquire(wait, on_wait=tell_waiting)
    except LockBusy as busy:
        raise UsageError(
            f"another build of this site is running ({busy}); wait for it, or leave out --no-wait"
        ) from None
    finish_interrupted(config)
    cache = BuildCache(config.cache) if use_cache else BuildCache.in_memory(config.cache / NO_CACHE_DIR)
    try:
        yield cache
    finally:
        cache.close()
        lock.release()


def finish_interrupted(config: SiteConfig) -> None:
    """What a process killed while changing content files left: finished, or removed (see `journal`); and
    what a build with --no-cache killed before its end kept: removed.

    Called with the site's lock held, before anything is read.
    """
    complete_replacements(config.cache / JOURNAL)
    remove_unfinished(config.root / CONTENT_DIR / Kind.REPORT.folder)
    shutil.rmtree(config.cache / NO_CACHE_DIR, ignore_errors=True)


def tell_waiting(holder: str) -> None:
    """Says why a build does not start yet."""
    print(f"pitboard: waiting for another build of this site to finish ({holder})", file=sys.stderr, flush=True)
