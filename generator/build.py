"""The pipeline: config -> read -> validate -> resolve -> photos -> render -> write.

A `SiteBuilder` builds one site, again and again: `load` runs every checking stage and
raises BuildFailed with all problems found; `build` makes the variants of the photos the
site shows, renders and writes; `check` does the same in memory and checks every link. What
one build computed (parsed files, Markdown HTML, the facts of photo files, processed photos,
each page's fingerprint and what it read) is kept in the build cache, and the next build —
in the same process (`serve`) or a new one — uses it where the inputs are unchanged. The
CLI and the dev server are shells around these.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .cache import BuildCache
from .config import SiteConfig, load_config
from .dependencies import PageRecord
from .diagnostics import FILE_START, BuildFailed, Diagnostic
from .fingerprint import Digest, Fingerprints, content_digest
from .image_cache import ImageCache
from .images import ProcessedImage, Variant
from .last_build import (
    FOLDERS,
    LAST_BUILD,
    BuildResult,
    LastBuild,
    PageCount,
    PendingBuild,
    PhotoCount,
    build_unless_up_to_date,
    built_again,
    count_pages,
    output_folder,
    pending_build,
    published_folders,
    shown_fingerprints,
    site_cache,
    unchanged_build,
)
from .links import LinkedPage, broken_links, link_diagnostics, read_page
from .markup import FOOTNOTE_BACKLINK_TITLE, MarkdownRenderer
from .media import MediaFiles, MediaMemo
from .model import Site
from .pages import PAGE_TYPES, PageKey
from .photos import Reference, photo_uses, processing_problems
from .progress import SILENT, Progress
from .publication import Publication, Schedule
from .read import ContentFiles, Parsed, file_facts, read_content
from .render import RenderedPage, SiteRenderer
from .resolve import resolve_site
from .search import (
    BUNDLE_FILES,
    ENTRY,
    INDEX_DIR,
    IndexedPage,
    IndexingFailed,
    SearchIndex,
    indexed_digest,
    search_index,
)
from .theme import Theme, load_theme
from .validate import ValidationMemo, validate_content
from .write import Published, Staged, c_function, output_build, stage


@dataclass(frozen=True, slots=True)
class LoadedSite:
    site: Site
    theme: Theme
    media: MediaFiles
    schedule: Schedule = dataclasses.field(
        default_factory=Schedule
    )  # the translations under embargo by the build's clock
    warnings: tuple[Diagnostic, ...] = ()
    photo_references: Mapping[str, tuple[Reference, ...]] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PendingIndex:
    """A build the output shows with the search index of the build before it (see `SiteBuilder.build`'s
    `index_later`): what `SiteBuilder.make_index` and `publish_index` need to give it its own."""

    output: Path
    shown: tuple[str, str]  # the folder the output shows meanwhile (Pagefind reads its pages) and its build id
    build: Published  # the build as it will be, but for its search index's files
    pages: tuple[IndexedPage, ...]
    kept: object  # the search index the cache held when the build started
    complete: LastBuild  # what the cache records once the build has its own index


@dataclass(frozen=True, slots=True)
class CheckResult:
    pages: PageCount
    links: int
    warnings: tuple[Diagnostic, ...] = ()

    def summary(self) -> str:
        return f"checked {self.pages.total} pages and {self.links} links: no problems"


class SiteBuilder:
    """Builds one site, keeping what each build computed in `cache` for the next."""

    def __init__(self, root: Path, cache: BuildCache):
        self.root = root
        self.cache = cache
        self._theme: tuple[SiteConfig, Theme] | None = None
        self._media = MediaMemo()  # photo files' facts and variants by their stat, for the next build of this process
        self._validated = ValidationMemo()  # the documents checked, for the next build of this process
        self._markdown: MarkdownRenderer | None = None  # the last build's, whose text keys the next one reuses

    def load(
        self,
        config: SiteConfig,
        publication: Publication | None = None,
        progress: Progress = SILENT,
        overrides: Mapping[str, bytes] | None = None,
        files: ContentFiles | None = None,
    ) -> LoadedSite:
        """Read, check and resolve the whole site as `publication` publishes it (default: what is published
        now, without drafts); raises BuildFailed listing every problem, in published files or not.

        `overrides`: content files read as these bytes instead of what is on disk (see `read_content`);
        `files`: the content files as read already.
        """
        publication = publication or Publication()
        problems: list[Diagnostic] = []
        theme = self._load_theme(config, problems)
        files = files or self._read(config, overrides)
        content = validate_content(files, config.language_codes, self._validated)
        problems.extend(content.diagnostics)
        markdown = MarkdownRenderer(
            config.unsafe_html,
            _footnote_titles(theme, config),
            self.cache.table("markdown"),  # type: ignore[arg-type]
            earlier=self._markdown,
        )
        self._markdown = markdown
        media = MediaFiles(config.root, files.media, self.cache.table("media"), self._media)
        resolution = resolve_site(
            content, config, markdown, media, publication, progress, known_mentions=self.cache.table("mentions")
        )
        self.cache.sync("markdown", markdown.converted)
        self.cache.sync("mentions", resolution.site.mentions.found)
        self.cache.sync("media", media.inspected)
        problems.extend(resolution.diagnostics)
        if problems or theme is None:
            raise BuildFailed(problems)
        return LoadedSite(
            resolution.site,
            theme,
            media,
            publication.schedule(content.reports),
            resolution.warnings,
            resolution.photo_references,
        )

    def with_photos(
        self, loaded: LoadedSite, config: SiteConfig, progress: Progress = SILENT
    ) -> tuple[Site, PhotoCount]:
        """The site with the variants of every photo it shows, made where the processed-image cache lacks them;
        raises BuildFailed for a photo that cannot be processed."""
        processed = loaded.media.process(
            photo_uses(loaded.site.photos()), config.images, ImageCache(self.cache.images_folder), progress
        )
        problems = processing_problems(processed.images, loaded.photo_references)
        if problems:
            raise BuildFailed(problems)
        images = {name: image for name, image in processed.images.items() if isinstance(image, ProcessedImage)}
        return dataclasses.replace(loaded.site, images=images), PhotoCount(len(images), processed.processed)

    def build(
        self,
        output: Path,
        publication: Publication | None = None,
        progress: Progress = SILENT,
        index_later: bool = False,
    ) -> BuildResult:
        """Check everything and make the output show the new site, rendering only the pages that changed.

        What a page shows depends on the build's clock as well as on the files (a translation under embargo
        does not exist before its time): the clock reaches the pages through the resolved site, and so
        their fingerprints.

        `index_later` (for `serve`): when the search index would have to be made again and the output shows
        one, the new pages are shown with that one meanwhile, and the result's `index_pending` says what
        `make_index` and `publish_index` need to finish the build.
        """
        publication = publication or Publication()
        checked = pending_build(load_config(self.root), self.cache, output, publication)
        if isinstance(checked, BuildResult):
            return checked
        return self.build_pending(checked, publication, progress, index_later)

    def build_pending(
        self,
        pending: PendingBuild,
        publication: Publication,
        progress: Progress = SILENT,
        index_later: bool = False,
    ) -> BuildResult:
        """`build` after its check found something to do (`pending_build`, in this cache under its lock)."""
        config, output = pending.config, pending.output
        files = self._read(config)  # a file touched, or saved as it was, changes nothing: seen by its bytes
        content = Fingerprints().of((pending.options, self._content_facts(config, files)))
        unchanged = unchanged_build(self.cache, output, lambda last: last.content == content, publication)
        if unchanged is not None:
            self.cache.put("meta", LAST_BUILD, LastBuild(pending.inputs, content, publication.now, unchanged))
            self.cache.commit()
            return built_again(unchanged, output, pending.started)
        loaded = self.load(config, publication, progress, files=files)
        site, photos = self.with_photos(loaded, config, progress)
        shown = shown_fingerprints(self.cache, output)
        written = self._stage(output, config, SiteRenderer(site, loaded.theme), shown, progress)
        _return_freed_memory()  # the pages' bytes, before Pagefind's processes start

        kept = self.cache.get("search", _SEARCH_INDEX)
        if index_later and config.search and _can_index_later(written, shown, kept):
            complete = written.result(output, pending.started, loaded.schedule, photos)
            last = LastBuild(pending.inputs, content, publication.now, complete)
            return self._show_with_earlier_index(written, shown, kept, last)
        try:
            search_files = self._search_files(config, written.indexed, written.staged.folder)
        except IndexingFailed as failure:  # the output is left as it was
            raise BuildFailed([Diagnostic(str(output), FILE_START, f"no search index: {failure}")]) from None
        folder, published = _finish(written.staged, search_files, shown)
        result = written.result(output, pending.started, loaded.schedule, photos)
        self._record_published(folder, published, LastBuild(pending.inputs, content, publication.now, result))
        return result

    def _show_with_earlier_index(
        self, written: _Written, shown: Mapping[str, Digest], kept: object, complete: LastBuild
    ) -> BuildResult:
        """Show a staged build with the search index the output shows now, under an id of its own (its files
        are not the index of its pages); the result says what its own index needs."""
        index_files = {path: digest for path, digest in shown.items() if path.startswith(f"{INDEX_DIR}/")}
        shown_id = _build_id(written.staged.build.fingerprints, _index_files_digest(index_files))
        folder, published = written.staged.finish(index_files, {}, build_id=shown_id)
        self._record_published(folder, published)
        output = complete.result.output
        pending = PendingIndex(output, (folder, shown_id), written.staged.build, written.indexed, kept, complete)
        return dataclasses.replace(complete.result, build_id=shown_id, index_pending=pending)

    def make_index(self, pending: PendingIndex, stop: threading.Event | None = None) -> SearchIndex:
        """The search index of a build shown with an earlier one, made from the pages the output shows; setting
        `stop` stops it (IndexingStopped). Uses the cache's search folder but not the rest of the cache: it can
        run beside the process's other work, the build lock held, as long as no other build starts meanwhile."""
        folder, _ = pending.shown
        return search_index(self.cache.search_folder, pending.kept, pending.pages, Path(folder), stop)

    def publish_index(self, pending: PendingIndex, index: SearchIndex) -> BuildResult | None:
        """Make the output show the build of `pending` with its own search index, `index`; None, and nothing
        done, when the output no longer shows that build (a later build or a change by hand replaced it)."""
        if output_build(pending.output) != pending.shown:
            return None
        shown = shown_fingerprints(self.cache, pending.output)
        self.cache.put("search", _SEARCH_INDEX, index)
        staged = stage(pending.output, pending.build, {}, published_folders(self.cache), later=INDEX_DIR)
        folder, published = _finish(staged, index.output_files(self.cache.search_folder), shown)
        self._record_published(folder, published, pending.complete)
        return pending.complete.result

    def _record_published(self, folder: str, published: Published, complete: LastBuild | None = None) -> None:
        """What the output folder `folder` holds now, and, for a build with its own search index, that build."""
        _emptied(self.cache.spool_folder)  # the output has the pages now
        self.cache.put("meta", FOLDERS, {**_still_there(published_folders(self.cache)), folder: published})
        if complete is not None:
            self.cache.put("meta", LAST_BUILD, complete)
        self.cache.commit()

    def check(
        self,
        progress: Progress = SILENT,
        overrides: Mapping[str, bytes] | None = None,
        publication: Publication | None = None,
    ) -> CheckResult:
        """Everything `build` checks, plus every internal link of the site that `build` with the same clock
        would write (a link to a report under embargo is broken: it has no page yet); writes nothing."""
        config = load_config(self.root)
        output_folder(config, None)
        loaded = self.load(config, publication, progress=progress, overrides=overrides)
        site, _ = self.with_photos(loaded, config, progress)
        renderer = SiteRenderer(site, loaded.theme)
        keys = renderer.plan()
        known = self.cache.table("links")
        checked = self.cache.table("checked").items()
        previous = {path.decode(): digest for path, digest in checked if isinstance(digest, bytes) and digest in known}
        rendered = self._render(renderer, progress.track(keys, "rendering pages"), previous)
        links = {page.fingerprint: _links_of(page, known) for page in rendered if page.output.endswith(".html")}
        html_pages = [links[page.fingerprint].at(page) for page in rendered if page.output.endswith(".html")]
        all_paths = [page.output for page in rendered] + [file.path for file in renderer.static_files()]
        all_paths += list(_media_files(site))
        all_paths += [f"{INDEX_DIR}/{name}" for name in BUNDLE_FILES] if config.search else []
        self.cache.sync("checked", {page.output.encode(): page.fingerprint for page in rendered})
        self.cache.sync("links", links)
        self.cache.commit()
        broken = broken_links(html_pages, all_paths, config.base_url)
        problems = link_diagnostics(broken, site, loaded.theme.files)
        if problems:
            raise BuildFailed(problems)
        return CheckResult(
            pages=count_pages((page.output for page in rendered), config.language_codes),
            links=sum(len(page.links) for page in html_pages),
            warnings=loaded.warnings,
        )

    def _stage(
        self, output: Path, config: SiteConfig, renderer: SiteRenderer, shown: Mapping[str, Digest], progress: Progress
    ) -> _Written:
        """Render what changed and write the build where the output will show it, all but its search index
        (made from the pages written). The pages' bytes are let go on return: the search index takes memory."""
        spool = _emptied(self.cache.spool_folder)
        pages = self._render(renderer, progress.track(renderer.plan(), "rendering pages"), shown, spool)
        assets = {file.path: (file.content, content_digest(file.content)) for file in renderer.static_files()}
        images = ImageCache(self.cache.images_folder)
        media = {
            path: (images.path_of(variant.file_name), variant.file_name.encode())  # content-hashed names
            for path, variant in _media_files(renderer.site).items()
        }
        indexed = tuple(
            IndexedPage(page.output, page.fingerprint, PAGE_TYPES[page.key.kind].searchable)
            for page in pages
            if page.output.endswith(".html")
        )
        fingerprints = (
            {page.output: page.fingerprint for page in pages}
            | {path: digest for path, (_, digest) in assets.items()}
            | {path: digest for path, (_, digest) in media.items()}
        )
        sources: dict[str, bytes | Path] = {page.output: page.content for page in pages if page.content is not None}
        sources |= {path: content for path, (content, digest) in assets.items() if shown.get(path) != digest}
        sources |= {path: file for path, (file, digest) in media.items() if shown.get(path) != digest}
        build = Published(_build_id(fingerprints, indexed_digest(indexed) if config.search else ""), fingerprints)
        return _Written(
            stage(output, build, sources, published_folders(self.cache), later=INDEX_DIR),
            count_pages((page.output for page in pages), config.language_codes),
            tuple(page.output for page in pages if page.content is not None),
            indexed,
        )

    def _render(
        self,
        renderer: SiteRenderer,
        keys: Iterable[PageKey],
        previous: Mapping[str, Digest],
        spool: Path | None = None,
    ) -> list[RenderedPage]:
        """The pages of `keys`; those the output shows (`previous`) and that depend on nothing that changed
        since, by their records in the cache, are not computed again. `spool`: see `render_pages`."""
        records = {
            path.decode(): record
            for path, record in self.cache.table("pages").items()
            if isinstance(record, PageRecord)
        }
        rendered = renderer.render_pages(keys, previous, records, spool)
        self.cache.sync("pages", {path.encode(): record for path, record in rendered.records.items()})
        return rendered.pages

    def _search_files(
        self, config: SiteConfig, pages: Iterable[IndexedPage], site: Path
    ) -> dict[str, tuple[Path | bytes, Digest]]:
        """The files of the search index of the site's pages, which are in the folder `site` (none when search
        is off); the index is made anew only when what it indexes changed."""
        if not config.search:
            return {}
        folder = self.cache.search_folder
        index = search_index(folder, self.cache.get("search", _SEARCH_INDEX), pages, site)
        self.cache.put("search", _SEARCH_INDEX, index)
        return index.output_files(folder)

    def _load_theme(self, config: SiteConfig, problems: list[Diagnostic]) -> Theme | None:
        """The theme, loaded again only when its files or the configuration changed."""
        try:
            theme = load_theme(
                config,
                reuse=self._theme[1] if self._theme and self._theme[0] == config else None,
                compiled=self.cache.folder / "templates" if self.cache.folder is not None else None,
            )
        except BuildFailed as failure:
            problems.extend(failure.diagnostics)
            return None
        self._theme = (config, theme)
        return theme

    def _read(self, config: SiteConfig, overrides: Mapping[str, bytes] | None = None) -> ContentFiles:
        """Every content file read, parsed where the cache has no parse of its bytes; a file the last read
        found as it is now is not read again."""
        known = self.cache.get("meta", _READ_FILES)
        parsed: Parsed = self.cache.table("parsed")  # type: ignore[assignment]
        files = read_content(
            config.root, config.language_codes, parsed, overrides, known if isinstance(known, dict) else None
        )
        self.cache.sync("parsed", files.parsed)
        if files.read != known:
            self.cache.put("meta", _READ_FILES, files.read)
        return files

    @staticmethod
    def _content_facts(config: SiteConfig, files: ContentFiles) -> object:
        """What the content holds: each file read (by a digest of its path and bytes), each photo (by its
        size and times: its bytes are read only when a build processes it), and what could not be read."""
        photos = tuple((file.path, file_facts(config.root / file.path)) for file in files.media)
        return (tuple(sorted(files.parsed)), photos, files.diagnostics)


_SEARCH_INDEX = b"search index"  # the cache's record of the last search index (in the table "search")
_READ_FILES = b"read files"  # the facts of each content file the last read read, and its parse (in the table "meta")


@dataclass(frozen=True, slots=True)
class _Written:
    """A build staged (see `write.stage`): its pages counted, those rendered anew, and its HTML pages."""

    staged: Staged
    pages: PageCount
    rendered: tuple[str, ...]
    indexed: tuple[IndexedPage, ...]

    def result(self, output: Path, started: float, schedule: Schedule, photos: PhotoCount) -> BuildResult:
        seconds = time.perf_counter() - started
        return BuildResult(output, self.pages, self.rendered, self.staged.build.build_id, seconds, schedule, photos)


def _finish(
    staged: Staged, search_files: Mapping[str, tuple[Path | bytes, Digest]], shown: Mapping[str, Digest]
) -> tuple[str, Published]:
    """Show a staged build with the files of its search index, each taken from the output shown now where it
    has the file with the same bytes."""
    return staged.finish(
        {path: digest for path, (_, digest) in search_files.items()},
        {path: file for path, (file, digest) in search_files.items() if shown.get(path) != digest},
    )


def _can_index_later(written: _Written, shown: Mapping[str, Digest], kept: object) -> bool:
    """Whether a staged build can be shown with the search index the output shows, until its own is made: the
    output shows an index, the staged build goes into a folder of its own, and its index is not made yet."""
    indexed = isinstance(kept, SearchIndex) and kept.pages == indexed_digest(written.indexed)
    return f"{INDEX_DIR}/{ENTRY}" in shown and written.staged.folder != written.staged.shown and not indexed


def _index_files_digest(files: Mapping[str, Digest]) -> str:
    """Names a search index by its files, for a build shown with an index made for another."""
    hasher = hashlib.blake2b(digest_size=16)
    for path in sorted(files):
        hasher.update(path.encode() + b"\0" + files[path])
    return f"the index of files {hasher.hexdigest()}"


def _return_freed_memory() -> None:
    """Hand the memory of freed objects back to the system. The C library keeps what Python frees for its
    next allocations; this process allocates little from here on, and the search indexer needs memory."""
    malloc_trim = c_function("malloc_trim")
    if malloc_trim is not None:  # the GNU C library
        malloc_trim(0)


def _emptied(folder: Path | None) -> Path | None:
    """`folder`, empty: what a build killed before the end left in it is gone."""
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    return folder


def _still_there(folders: Mapping[str, Published]) -> dict[str, Published]:
    return {folder: held for folder, held in folders.items() if os.path.isdir(folder)}


def _footnote_titles(theme: Theme | None, config: SiteConfig) -> dict[str, str]:
    if theme is None:
        return {}
    return {lang: theme.translate(lang, FOOTNOTE_BACKLINK_TITLE) for lang in config.language_codes}


def _build_id(fingerprints: Mapping[str, Digest], indexed: str) -> str:
    """Names what a build wrote: the same files with the same fingerprints, the same id. The search index's
    files count by what they index (`indexed`, the digest of the indexed pages): Pagefind writes other bytes
    each time it indexes the same pages, and two builds of the same site must name themselves alike."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(indexed.encode())
    for path in sorted(path for path in fingerprints if not path.startswith(f"{INDEX_DIR}/")):
        hasher.update(path.encode() + b"\0" + fingerprints[path])
    return hasher.hexdigest()


def _media_files(site: Site) -> dict[str, Variant]:
    """The files of static/media/: every variant of every photo the site shows, by output path."""
    return {variant.output_path: variant for name in sorted(site.images) for variant in site.images[name].files}


@dataclass(frozen=True, slots=True)
class _PageLinks:
    """What the link check reads from a rendered page, kept by the page's fingerprint."""

    links: tuple[str, ...]
    ids: frozenset[str]

    def at(self, page: RenderedPage) -> LinkedPage:
        return LinkedPage(page.output, page.key, self.links, self.ids)


def _links_of(page: RenderedPage, known: Mapping[bytes, object]) -> _PageLinks:
    if page.content is None:
        found = known[page.fingerprint]
        assert isinstance(found, _PageLinks)
        return found
    content = page.content.read_bytes() if isinstance(page.content, Path) else page.content
    read = read_page(page.output, page.key, content)
    return _PageLinks(read.links, read.ids)


def build_site(
    root: Path,
    output: Path | None = None,
    publication: Publication | None = None,
    progress: Progress = SILENT,
    use_cache: bool = True,
    wait: bool = True,
) -> BuildResult:
    """Check everything, render what changed, and replace the output folder as a whole."""
    publication = publication or Publication()

    def build(cache: BuildCache, pending: PendingBuild) -> BuildResult:
        return SiteBuilder(root, cache).build_pending(pending, publication, progress)

    return build_unless_up_to_date(root, output, publication, build, use_cache, wait)


def check_site(
    root: Path,
    progress: Progress = SILENT,
    overrides: Mapping[str, bytes] | None = None,
    use_cache: bool = True,
    wait: bool = True,
    publication: Publication | None = None,
) -> CheckResult:
    """Everything `build` checks, plus every internal link of the would-be site; writes nothing but the cache.

    `overrides`: content files checked with these bytes instead of what is on disk.
    """
    config = load_config(root)
    with site_cache(config, use_cache, wait) as cache:
        return SiteBuilder(root, cache).check(progress, overrides, publication)


def load_site(config: SiteConfig, publication: Publication | None = None) -> LoadedSite:
    """The checked and resolved site, without the build cache (for commands that only read it)."""
    with BuildCache.in_memory() as cache:
        return SiteBuilder(config.root, cache).load(config, publication)
