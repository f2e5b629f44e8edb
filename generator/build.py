"""The pipeline: config -> read -> validate -> resolve -> render -> write.

`load_site` runs every checking stage and raises BuildFailed with all problems found;
`build_site` renders and writes. The CLI and the dev server are shells around these.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .config import CONFIG_FILE, SiteConfig, load_config
from .diagnostics import BuildFailed, Diagnostic, UsageError
from .links import broken_links, link_diagnostics, pages_of
from .markup import FOOTNOTE_BACKLINK_TITLE, MarkdownRenderer
from .model import Site
from .progress import SILENT, Progress
from .read import Parsed, read_content
from .render import OutputFile, SiteRenderer
from .resolve import resolve_site
from .theme import Theme, load_theme
from .validate import validate_content
from .write import unsafe_output_reason, write_output


@dataclass(frozen=True, slots=True)
class LoadedSite:
    site: Site
    theme: Theme
    markdown: MarkdownRenderer  # its cache serves the next load of the same site
    parsed: Parsed  # likewise, the parsed content files


@dataclass(frozen=True, slots=True)
class BuildResult:
    output: Path
    pages_per_language: dict[str, int]
    shared_pages: int
    seconds: float

    def summary(self) -> str:
        per_language = ", ".join(f"{lang} {count}" for lang, count in self.pages_per_language.items())
        total = sum(self.pages_per_language.values()) + self.shared_pages
        return f"built {total} pages ({per_language}, {self.shared_pages} shared) in {self.seconds:.2f} s into {self.output}"


def load_site(
    config: SiteConfig,
    include_drafts: bool = False,
    markdown: MarkdownRenderer | None = None,
    theme: Theme | None = None,
    progress: Progress = SILENT,
    parsed: Parsed | None = None,
) -> LoadedSite:
    """Read, check and resolve the whole site; raises BuildFailed listing every problem.

    `theme` is one loaded before from the same templates and configuration; `markdown` a
    renderer whose conversions are reused when its settings still hold; `parsed` the parse
    results of an earlier load, reused for files whose bytes did not change.
    """
    problems: list[Diagnostic] = []
    if theme is None:
        try:
            theme = load_theme(config)
        except BuildFailed as failure:
            problems.extend(failure.diagnostics)
    files = read_content(config.root, config.language_codes, parsed)
    content = validate_content(files, config.language_codes)
    problems.extend(content.diagnostics)
    titles = _footnote_titles(theme, config)
    if markdown is None or not markdown.has_settings(config.unsafe_html, titles):
        markdown = MarkdownRenderer(config.unsafe_html, titles)
    resolution = resolve_site(content, config, markdown, include_drafts, progress)
    problems.extend(resolution.diagnostics)
    if problems or theme is None:
        raise BuildFailed(problems)
    return LoadedSite(resolution.site, theme, markdown, files.parsed)


def _footnote_titles(theme: Theme | None, config: SiteConfig) -> dict[str, str]:
    if theme is None:
        return {}
    return {lang: theme.translate(lang, FOOTNOTE_BACKLINK_TITLE) for lang in config.language_codes}


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


def render_site(loaded: LoadedSite, progress: Progress = SILENT) -> list[OutputFile]:
    renderer = SiteRenderer(loaded.site, loaded.theme)
    return renderer.render_pages(progress.track(renderer.plan(), "rendering pages")) + renderer.static_files()


def build_site(
    root: Path, output: Path | None = None, include_drafts: bool = False, progress: Progress = SILENT
) -> BuildResult:
    """Check everything, render every page, and replace the output folder as a whole."""
    started = time.perf_counter()
    config = load_config(root)
    folder = output_folder(config, output)
    loaded = load_site(config, include_drafts, progress=progress)
    files = render_site(loaded, progress)
    write_output(progress.track(files, "writing files"), folder)
    return BuildResult(
        output=folder,
        pages_per_language=_pages_per_language(files, config.language_codes),
        shared_pages=sum(1 for file in files if file.path.endswith(".html") and "/" not in file.path),
        seconds=time.perf_counter() - started,
    )


@dataclass(frozen=True, slots=True)
class CheckResult:
    pages: int
    links: int

    def summary(self) -> str:
        return f"checked {self.pages} pages and {self.links} links: no problems"


def check_site(root: Path, progress: Progress = SILENT) -> CheckResult:
    """Everything `build` checks, plus every internal link of the would-be site; writes nothing."""
    config = load_config(root)
    output_folder(config, None)
    loaded = load_site(config, progress=progress)
    renderer = SiteRenderer(loaded.site, loaded.theme)
    keys = {renderer.output_path(key): key for key in renderer.plan()}
    files = render_site(loaded, progress)
    pages = pages_of(files, keys)
    problems = link_diagnostics(broken_links(pages, [file.path for file in files], config.base_url), loaded.site)
    if problems:
        raise BuildFailed(problems)
    return CheckResult(pages=len(pages), links=sum(len(page.links) for page in pages))


def _pages_per_language(files: list[OutputFile], languages: tuple[str, ...]) -> dict[str, int]:
    counts = Counter(file.path.split("/", 1)[0] for file in files if file.path.endswith(".html"))
    return {lang: counts[lang] for lang in languages}
