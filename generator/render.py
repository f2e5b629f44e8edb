"""Stage 5: pages rendered from the resolved site, each by a pure function of its key.

What a page's template is given — its `PageInput` — is computed from the page's key, what its
context reads of the site (noted by `dependencies`), and the renderer's constant for its
language (pitboard, the theme, the configuration, the navigation). A page of the last build
none of whose reads changed since, under the same constant, would be computed and rendered
alike: it is not even computed. A page whose reads changed is computed, and when what its
template is given has the digest it had then (noted from its second computation on), it is
not rendered: a report's body edited changes the report every list of reports reads, but not
the titles and links the lists show. A page that is rendered gets the digest of its bytes as
its fingerprint; one whose bytes are those the output shows is not written again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .cache import code_version
from .dependencies import PageRecord, Read, ReadDigests, ReadLog, reading, settled
from .diagnostics import BuildFailed, Diagnostic
from .fingerprint import Digest, Fingerprints, content_digest
from .model import Site
from .pages import PAGE_TYPES, Navigation, PageInfo, PageKey, Paths, all_page_keys, navigation, page_info, site_paths
from .parallel import parallel_map
from .theme import STATIC_DIR, Theme, template_error
from .urls import output_file


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str  # relative to the output directory
    content: bytes


@dataclass(frozen=True, slots=True)
class PageInput:
    """Everything one page is rendered from: its template and what the template is given."""

    key: PageKey
    output: str  # the file, relative to the output directory
    template: str | None  # None: the page type generates the file itself
    values: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """A page of this build: its fingerprint (the digest of its bytes), and unless the output shows them
    already, its bytes or the file they were written to."""

    key: PageKey
    output: str
    fingerprint: Digest
    content: bytes | Path | None


class SiteRenderer:
    """Renders the pages of one resolved site with one theme."""

    def __init__(self, site: Site, theme: Theme):
        self.site = site
        self.theme = theme
        self.paths: Paths = site_paths(site.config)
        self.navigations: dict[str, Navigation] = {lang: navigation(site, self.paths, lang) for lang in site.languages}
        self.constant = Fingerprints().of((code_version(), theme.digest, site.config.rendering))
        # Everything a page of a language is rendered from besides its key and what its context reads of the site.
        self.constants = {lang: Fingerprints().of((self.constant, self.navigations[lang])) for lang in site.languages}
        self.reads = ReadDigests(site, Fingerprints())

    def plan(self) -> list[PageKey]:
        return all_page_keys(self.site)

    def output_path(self, key: PageKey) -> str:
        """The file the page of `key` is written to, relative to the output folder."""
        return output_file(self.paths.of_key(key))

    def page_input(self, key: PageKey, log: ReadLog | None = None) -> PageInput:
        """What the page of `key` is rendered from; each part of the site it reads is noted in `log`."""
        page_type = PAGE_TYPES[key.kind]
        site = reading(self.site, log or ReadLog())
        info = page_info(site, self.paths, key)
        values = {
            "page": info,
            "language": self.site.config.language(info.lang),
            "nav": self.navigations[info.lang],
            **settled(page_type.context(site, self.paths, key)),
        }
        return PageInput(key, self.output_path(key), page_type.template, values)

    def render(self, page: PageInput) -> bytes:
        """One page; the same input always gives the same bytes."""
        if page.template is None:
            return PAGE_TYPES[page.key.kind].generate(page.values)
        info = page.values["page"]
        assert isinstance(info, PageInfo)
        template = self.theme.template(info.lang, page.template)
        return template.render(page.values).encode("utf-8")

    def render_pages(
        self,
        keys: Iterable[PageKey],
        previous: Mapping[str, Digest] | None = None,
        records: Mapping[str, PageRecord] | None = None,
        spool: Path | None = None,
    ) -> RenderedPages:
        """The pages of `keys`, on all cores; a page whose fingerprint is in `previous` (by output path)
        comes back without content. A page of the output whose `records` (by output path) says that nothing
        it read has changed since is not even computed. Raises BuildFailed with every template error met.

        `spool`: a folder the pages' bytes are written to, each page coming back with its file there: the
        bytes of every page of a large site do not all pass through this process and stay in its memory."""
        previous = previous or {}
        records = records or {}
        pages: dict[str, RenderedPage] = {}
        kept: dict[str, PageRecord] = {}
        computed: list[PageKey] = []
        for key in keys:
            output = self.output_path(key)
            record = records.get(output)
            if record is not None and self._still_valid(key, record) and previous.get(output) == record.fingerprint:
                pages[output] = RenderedPage(key, output, record.fingerprint, None)
                kept[output] = record
            else:
                pages[output] = RenderedPage(key, output, b"", None)  # its place in the order of `keys`
                computed.append(key)
        outcomes = parallel_map(_render_chunk, (self, previous, records, spool), computed)
        problems = [outcome for outcome in outcomes if isinstance(outcome, Diagnostic)]
        if problems:
            raise BuildFailed(problems)
        for page, reads, given in (outcome for outcome in outcomes if not isinstance(outcome, Diagnostic)):
            pages[page.output] = page
            kept[page.output] = PageRecord(page.key, self._constant_of(page.key), reads, given, page.fingerprint)
        return RenderedPages(list(pages.values()), kept)

    def static_files(self) -> list[OutputFile]:
        return [OutputFile(f"{STATIC_DIR}/{item.path}", item.content) for item in self.theme.static_files]

    def _constant_of(self, key: PageKey) -> Digest:
        return self.constants[key.lang or self.site.config.default_language]

    def _still_valid(self, key: PageKey, record: PageRecord) -> bool:
        """Whether the page of `key` would be computed as `record` says it was: the same constant, and each
        part of the site it read as it was then."""
        return record.key == key and record.constant == self._constant_of(key) and self.reads.unchanged(record.reads)

    def _render_or_diagnose(
        self, key: PageKey, previous: Mapping[str, Digest], record: PageRecord | None, spool: Path | None
    ) -> Computed | Diagnostic:
        """The page of `key`, rendered unless its `record` says that the same values gave the bytes the output
        shows (`previous`)."""
        log = ReadLog()
        page = self.page_input(key, log)
        given = self._given(page, log) if record is not None else None
        shown = previous.get(page.output)
        if record is not None and given is not None and record.given == given and shown == record.fingerprint:
            return RenderedPage(key, page.output, shown, None), self._digests(log), given
        try:
            content = self.render(page)
        except Exception as error:
            problem = template_error(error, self.theme.files)
            if problem is None:
                raise
            return problem
        # after rendering: a part of the site the context hands on inside a value is read by the template
        reads = self._digests(log)
        fingerprint = content_digest(content)
        if shown == fingerprint:
            return RenderedPage(key, page.output, fingerprint, None), reads, given
        kept = content if spool is None else _spooled(content, fingerprint, spool)
        return RenderedPage(key, page.output, fingerprint, kept), reads, given

    def _given(self, page: PageInput, log: ReadLog) -> Digest | None:
        """The digest of what the page's template is given, under its constant; None when a value has no
        fingerprint (a part of the site handed on for the template to read as it goes).

        Taken for a page computed again only: for every page of a cold build, it would cost a tenth of
        the rendering."""
        self._digests(log)  # first: the parts of the site the values hold are digested once, not per page
        try:
            return Fingerprints(known=self.reads.fingerprints).of(
                (self._constant_of(page.key), page.template, page.values)
            )
        except TypeError:
            return None

    def _digests(self, log: ReadLog) -> tuple[tuple[Read, Digest], ...]:
        return tuple((read, self.reads.of(read)) for read in log.reads)


@dataclass(frozen=True, slots=True)
class RenderedPages:
    """The pages of a build, in the order of their keys, and the record of each for the next build."""

    pages: list[RenderedPage]
    records: Mapping[str, PageRecord]  # by output path


# A page computed: the page, each part of the site it read with its digest, the digest of what its template
# was given (see `SiteRenderer._given`).
Computed = tuple[RenderedPage, tuple[tuple[Read, Digest], ...], Digest | None]


def _render_chunk(
    state: tuple[SiteRenderer, Mapping[str, Digest], Mapping[str, PageRecord], Path | None], keys: list[PageKey]
) -> list[Computed | Diagnostic]:
    renderer, previous, records, spool = state
    return [renderer._render_or_diagnose(key, previous, records.get(renderer.output_path(key)), spool) for key in keys]


def _spooled(content: bytes, fingerprint: Digest, spool: Path) -> Path:
    """A page's bytes in `spool`, named by their digest: pages alike share a file."""
    file = spool / fingerprint.hex()
    try:
        with open(file, "xb") as spooled:
            spooled.write(content)
    except FileExistsError:  # the same bytes, written for another page of this build
        pass
    return file
