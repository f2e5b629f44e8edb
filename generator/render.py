"""Stage 5: pages rendered from the resolved site, each by a pure function of its key."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import jinja2

from .diagnostics import BuildFailed, Diagnostic
from .model import Site
from .pages import PAGE_TYPES, Navigation, PageKey, all_page_keys, navigation, page_info
from .parallel import parallel_map
from .theme import STATIC_DIR, Theme, template_error
from .urls import Urls, output_file


@dataclass(frozen=True, slots=True)
class OutputFile:
    path: str  # relative to the output directory
    content: bytes


class SiteRenderer:
    """Renders pages of one resolved site with one theme."""

    def __init__(self, site: Site, theme: Theme):
        self.site = site
        self.theme = theme
        self.urls = Urls(site.config)
        self.navigations: dict[str, Navigation] = {lang: navigation(site, self.urls, lang) for lang in site.languages}

    def plan(self) -> list[PageKey]:
        return all_page_keys(self.site)

    def output_path(self, key: PageKey) -> str:
        """The file the page of `key` is written to, relative to the output folder."""
        return output_file(PAGE_TYPES[key.kind].path(self.urls, key))

    def render(self, key: PageKey) -> OutputFile:
        """One page; the same key over the same site always gives the same bytes."""
        page_type = PAGE_TYPES[key.kind]
        info = page_info(self.site, self.urls, page_type, key)
        template = self.theme.template(info.lang, page_type.template)
        text = template.render(
            page=info,
            site=self.site,
            language=self.site.config.language(info.lang),
            nav=self.navigations[info.lang],
            **page_type.context(self.site, self.urls, key),
        )
        return OutputFile(self.output_path(key), text.encode("utf-8"))

    def render_or_diagnose(self, key: PageKey) -> OutputFile | Diagnostic:
        try:
            return self.render(key)
        except (jinja2.TemplateError, TypeError, AttributeError, ValueError) as error:
            return template_error(error, self.site.config.root)

    def render_pages(self, keys: Iterable[PageKey]) -> list[OutputFile]:
        """Every page of `keys`, on all cores; raises BuildFailed with every template error met."""
        outcomes = parallel_map(_render_chunk, self, list(keys))
        problems = [outcome for outcome in outcomes if isinstance(outcome, Diagnostic)]
        if problems:
            raise BuildFailed(problems)
        return outcomes

    def static_files(self) -> list[OutputFile]:
        return [OutputFile(f"{STATIC_DIR}/{item.path}", item.content) for item in self.theme.static_files]


def _render_chunk(renderer: SiteRenderer, keys: list[PageKey]) -> list[OutputFile | Diagnostic]:
    return [renderer.render_or_diagnose(key) for key in keys]
