"""The search figures of the benchmark (spec 13, issue 11), measured on a built site:
- for each language, the time Pagefind takes to index that language's pages alone, and the size
  of that language's index in the output (its fragments, index chunks, filters, metadata and wasm);
- what a visitor downloads for one query on a language's search page: every file of pagefind/ that
  headless Chromium fetches from loading the page to showing the results, in bytes, by kind.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Response, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from webcheck.browser import launch, new_tab  # noqa: E402
from webcheck.server import serve  # noqa: E402

from generator.search import INDEX_DIR, marks_a_body, run_pagefind  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class LanguageIndex:
    lang: str
    pages: int
    seconds: float
    bytes: int


@dataclass(frozen=True)
class QueryDownload:
    lang: str
    query: str
    results: int
    bytes_by_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.bytes_by_kind.values())


def language_indexes(output: Path, languages: tuple[str, ...]) -> list[LanguageIndex]:
    """Each language's pages indexed alone (timed), and the size of its part of the site's index."""
    return [_language_index(output, lang) for lang in languages]


def _language_index(output: Path, lang: str) -> LanguageIndex:
    pages = [path for path in (output / lang).rglob("*.html") if marks_a_body(path.read_bytes())]
    with tempfile.TemporaryDirectory(prefix="pitboard-index-") as folder:
        site = Path(folder) / "site"
        for page in pages:
            copy = site / page.relative_to(output)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, copy)
        started = time.perf_counter()
        run_pagefind(site, Path(folder) / "index")
        seconds = time.perf_counter() - started
    index = output / INDEX_DIR
    own = [path for path in index.rglob("*") if path.is_file() and _of_language(path.relative_to(index), lang)]
    return LanguageIndex(lang, len(pages), round(seconds, 2), sum(path.stat().st_size for path in own))


def _of_language(path: Path, lang: str) -> bool:
    name = path.name
    return name.startswith(f"{lang}_") or name.startswith(f"pagefind.{lang}_") or name == f"wasm.{lang}.pagefind"


def query_download(output: Path, base_path: str, search_page: str, query: str) -> QueryDownload:
    """What Chromium fetches from pagefind/ to show the results of `query` on the search page."""
    fetched: dict[str, int] = {}
    with serve(output, base_path) as url, _chromium() as browser, new_tab(browser) as tab:
        tab.on("response", lambda response: _note(response, fetched))
        tab.goto(url + search_page)
        tab.locator(".pagefind-ui__search-input").fill(query)
        tab.locator(".pagefind-ui__message").wait_for()
        # on a large index the message comes before the results' fragments are fetched and shown
        with suppress(PlaywrightTimeout):
            tab.locator(".pagefind-ui__result").first.wait_for(timeout=30_000)
        tab.wait_for_load_state("networkidle")
        results = tab.locator(".pagefind-ui__result").count()
    by_kind: dict[str, int] = {}
    for name, size in fetched.items():
        by_kind[_kind(name)] = by_kind.get(_kind(name), 0) + size
    return QueryDownload(search_page.split("/")[0], query, results, dict(sorted(by_kind.items())))


def _note(response: Response, fetched: dict[str, int]) -> None:
    path = response.url.split("?")[0]
    if f"/{INDEX_DIR}/" in path and response.ok:
        fetched[path] = len(response.body())


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[1]
    for kind, pattern in _KINDS:
        if re.fullmatch(pattern, name):
            return kind
    return name


_KINDS = (
    ("UI script and style", r"pagefind-ui\.(js|css)"),
    ("search script and worker", r"pagefind(-worker)?\.js|pagefind-entry\.json"),
    ("wasm", r"wasm\..*\.pagefind"),
    ("metadata", r".*\.pf_meta"),
    ("index chunks", r".*\.pf_index"),
    ("filters", r".*\.pf_filter"),
    ("fragments", r".*\.pf_fragment"),
)


@contextmanager
def _chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, for as long as the block runs."""
    with sync_playwright() as playwright:
        browser = launch(playwright, CHROMIUM)
        try:
            yield browser
        finally:
            browser.close()
