"""Stage 5: pages rendered from the resolved site, each by a pure function of its key.

What a page's template is given — its `PageInput` — is all a page depends on besides the
theme, the configuration and pitboard itself. Its fingerprint (`fingerprint.py`) is taken
over exactly that, so a page whose fingerprint is the one it had in the last build would
render to the same bytes, and is not rendered again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .cache import code_version
from .diagnostics import BuildFailed, Diagnostic
from .fingerprint import Digest, Fingerprints
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
    """A page of this build: its fingerprint, and its bytes unless it is unchanged since the last build."""

    key: PageKey
    output: str
    fingerprint: Digest
    content: bytes | None


class SiteRenderer:
    """Renders the pages of one resolved site with one theme."""

    def __init__(self, site: Site, theme: Theme):
        self.site = site
        self.theme = theme
        self.paths: Paths = site_paths(site.config)
        self.navigations: dict[str, Navigation] = {lang: navigation(site, self.paths, lang) for lang in site.languages}
        self.constant = Fingerprints().of((code_version(), theme.digest, site.config.rendering))

    def plan(self) -> list[PageKey]:
        return all_page_keys(self.site)

    def output_path(self, key: PageKey) -> str:
        """The file the page of `key` is written to, relative to the output folder."""
        return output_file(self.paths.of_key(key))

    def page_input(self, key: PageKey) -> PageInput:
        page_type = PAGE_TYPES[key.kind]
        info = page_info(self.site, self.paths, key)
        values = {
            "page": info,
            "language": self.site.config.language(info.lang),
            "nav": self.navigations[info.lang],
            **page_type.context(self.site, self.paths, key),
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

    def render_pages(self, keys: Iterable[PageKey], previous: Mapping[str, Digest] | None = None) -> list[RenderedPage]:
        """The pages of `keys`, on all cores; a page whose fingerprint is in `previous` (by output path)
        comes back without content. Raises BuildFailed with every template error met."""
        outcomes = parallel_map(_render_chunk, (self, previous or {}), list(keys))
        problems = [outcome for outcome in outcomes if isinstance(outcome, Diagnostic)]
        if problems:
            raise BuildFailed(problems)
        return [outcome for outcome in outcomes if isinstance(outcome, RenderedPage)]

    def static_files(self) -> list[OutputFile]:
        return [OutputFile(f"{STATIC_DIR}/{item.path}", item.content) for item in self.theme.static_files]

    def _render_or_diagnose(
        self, key: PageKey, previous: Mapping[str, Digest], fingerprints: Fingerprints
    ) -> RenderedPage | Diagnostic:
        page = self.page_input(key)
        fingerprint = fingerprints.of((self.constant, page))
        if previous.get(page.output) == fingerprint:
            return RenderedPage(key, page.output, fingerprint, None)
        try:
            content = self.render(page)
        except Exception as error:
            problem = template_error(error, self.theme.files)
            if problem is None:
                raise
            return problem
        return RenderedPage(key, page.output, fingerprint, content)


def _render_chunk(
    state: tuple[SiteRenderer, Mapping[str, Digest]], keys: list[PageKey]
) -> list[RenderedPage | Diagnostic]:
    renderer, previous = state
    fingerprints = Fingerprints()
    return [renderer._render_or_diagnose(key, previous, fingerprints) for key in keys]
