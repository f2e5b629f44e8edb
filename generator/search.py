"""The search index of spec section 13, made by Pagefind from the rendered pages.

Pagefind reads the HTML of the pages of the kinds that are searchable: what their templates
mark with `data-pagefind-body`, and the titles, dates and filters they mark with
`data-pagefind-meta` and `data-pagefind-filter`. Each language's pages are indexed by a
Pagefind run of their own; the runs' files (the scripts of its UI, and each language's
index, which Pagefind tells apart by `<html lang>`) go together into `pagefind/`, with one
`pagefind-entry.json` that names every language, and the build publishes them with the rest
of the site: the same atomic swap, never half-written.

Pagefind reads the pages where the build has written them, in the output folder it is about
to show (see `write.stage`): each language's folder, which only the searchable pages' templates
mark for it.

Pagefind does not write the same bytes twice for the same pages, and indexing takes time,
so a language is indexed only when what it would index changed. The cache keeps the last
index of each language, in a folder named by a digest of its indexed pages (each page's
fingerprint is the digest of its bytes), and it is reused while that digest is the same and
each of its files still has the bytes recorded for it: an edit to an English report indexes
no German page, and a change that re-renders every page (a template, site.toml) but none of
the indexed ones into other bytes indexes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pagefind.service import get_executable

from .fingerprint import Digest, content_digest
from .parallel import available_cores
from .write import link_or_copy

INDEX_DIR = "pagefind"
ENTRY = "pagefind-entry.json"  # names the index of each language
# The files of Pagefind's search and of its default UI, which the theme's search page loads: the site has
# them whatever it indexes. Its other UIs and its term highlighter are left out of the output.
BUNDLE_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "pagefind-ui.js", "pagefind-ui.css")
UNUSED_FILES = (
    "pagefind-highlight.js",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
)
PAGEFIND_CORES = 2  # the cores one Pagefind process keeps busy
MESSAGE_LENGTH = 300  # characters of what Pagefind said when it failed
STOP_POLL_SECONDS = 0.05  # how often a running Pagefind looks whether it is to stop
# Pagefind starts a thread for each file it is reading at a time, hundreds for a large site, and each reserves
# a stack of 2 MiB: 1.1 GB of address space for 10,000 pages, which a memory limit (ulimit -v) refuses. Its
# threads read and parse page by page, which takes little stack. (A RUST_MIN_STACK of the user's is kept.)
PAGEFIND_STACK = str(512 * 1024)
# A page that marks no body is indexed by Pagefind only when no page does, and then whole:
# such pages (a draft, a report under embargo) are left out so that it never comes to that.
_BODY_MARK = re.compile(rb"<[a-z][^>]*\sdata-pagefind-body[\s>=/]")


@dataclass(frozen=True, slots=True)
class IndexedPage:
    """An HTML page of the build: its output path, its fingerprint (the digest of its bytes), and whether it
    is of a kind the search indexes."""

    output: str
    fingerprint: Digest
    searchable: bool


@dataclass(frozen=True, slots=True)
class LanguageIndex:
    """Pagefind's index of one language's pages, kept in the cache folder named by `pages`, the digest of
    those pages; each of its files' digest."""

    pages: str
    files: Mapping[str, Digest]  # by path inside pagefind/


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """The index of the site: one Pagefind index per language, made and kept apart so that an edit
    indexes again only the languages whose pages changed, and put together into one bundle (its
    `pagefind-entry.json` names every language). `pages` is the digest of every indexed page."""

    pages: str
    languages: Mapping[str, LanguageIndex]
    entry: bytes

    def output_files(self, folder: Path) -> dict[str, tuple[Path | bytes, Digest]]:
        """Its files by output path, each as the file kept in `folder` (or, for the entry, its bytes) with the
        digest of its bytes: a file Pagefind made again alike (the fragment of a page that did not change)
        is not written again. The files every language's index has alike come from the first."""
        entry = (self.entry, content_digest(self.entry))
        files: dict[str, tuple[Path | bytes, Digest]] = {f"{INDEX_DIR}/{ENTRY}": entry}
        for _, language in sorted(self.languages.items()):
            for path, digest in language.files.items():
                files.setdefault(f"{INDEX_DIR}/{path}", (folder / language.pages / path, digest))
        return files


def indexed_digest(pages: Iterable[IndexedPage]) -> str:
    """Names what the index of these pages holds (see `pages_digest`), before it is made."""
    return pages_digest({page.output: page.fingerprint for page in pages if page.searchable})


def search_index(
    folder: Path, kept: object, pages: Iterable[IndexedPage], site: Path, stop: threading.Event | None = None
) -> SearchIndex:
    """The index of the searchable ones of `pages`, which are in the folder `site`: for each language, the
    one kept in `folder` when it indexed the same pages, else a new one. Setting `stop` stops Pagefind: then
    IndexingStopped is raised."""
    pages = list(pages)
    kept_languages = kept.languages if isinstance(kept, SearchIndex) else {}
    languages: dict[str, LanguageIndex] = {}
    to_index: dict[str, tuple[str, list[IndexedPage]]] = {}
    for lang, its_pages in _by_language(pages).items():
        digest = indexed_digest(its_pages)
        previous = kept_languages.get(lang)
        if previous is not None and previous.pages == digest and _intact(folder / digest, previous, stop):
            languages[lang] = previous
        else:
            to_index[lang] = (digest, its_pages)
    with ThreadPoolExecutor(max_workers=_indexers(len(to_index))) as pool:
        made = {lang: pool.submit(make_index, folder, *to_index[lang], site, stop) for lang in to_index}
        _remove_replaced(folder, kept_languages, to_index, stop)  # meanwhile: that takes a while for many pages
        languages |= {lang: LanguageIndex(to_index[lang][0], files.result()) for lang, files in made.items()}
    languages = dict(sorted(languages.items()))
    _remove_unused(folder, {index.pages for index in languages.values()})
    entry = merged_entry([(folder / index.pages / ENTRY).read_bytes() for index in languages.values()])
    return SearchIndex(indexed_digest(pages), languages, entry)


def _indexers(languages: int) -> int:
    """How many Pagefind processes run at once. One keeps about two cores busy by itself and takes some
    150 kB of memory per page (1.6 GB for 15,000 pages). On two cores, two at once index two languages of
    15,000 pages each in 29 s instead of 37 s, at twice the memory: memory runs out, time does not."""
    return max(1, min(languages, available_cores() // PAGEFIND_CORES))


def _by_language(pages: list[IndexedPage]) -> dict[str, list[IndexedPage]]:
    """The HTML pages of each language that has searchable ones, by the folder they are in; one empty language
    for a site with none, whose index is Pagefind's scripts alone."""
    languages: dict[str, list[IndexedPage]] = {}
    for page in pages:
        languages.setdefault(_language_of(page), []).append(page)
    searched = {lang for lang, its_pages in languages.items() if any(page.searchable for page in its_pages)}
    return {lang: languages[lang] for lang in sorted(searched)} or {"": []}


def _language_of(page: IndexedPage) -> str:
    return page.output.split("/", 1)[0] if "/" in page.output else ""


def merged_entry(entries: list[bytes]) -> bytes:
    """One `pagefind-entry.json` for the indexes of several languages, each made by Pagefind alone: every
    language each one names."""
    loaded = [json.loads(entry) for entry in entries]
    merged = dict(loaded[0])
    merged["languages"] = {lang: found for entry in loaded for lang, found in sorted(entry["languages"].items())}
    return json.dumps(merged, ensure_ascii=False, separators=(",", ":")).encode()


def pages_digest(html: Mapping[str, Digest]) -> str:
    """Names what an index holds: the same pages (the digest of each one's HTML by its output path) indexed
    by the same Pagefind, the same digest."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(metadata.version("pagefind_bin").encode())
    for output in sorted(html):
        hasher.update(output.encode() + b"\0" + html[output])
    return hasher.hexdigest()


def make_index(
    folder: Path, digest: str, pages: list[IndexedPage], site: Path, stop: threading.Event | None = None
) -> dict[str, Digest]:
    """Pagefind's index of the searchable ones of one language's `pages`, read from `site`, kept in
    `folder/digest`; the digest of each of its files, by its path in the index."""
    _stop_if_set(stop)
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".new-", dir=folder))
    try:
        index = work / INDEX_DIR
        _index_language(pages, site, work / "site", index, stop)
        for name in UNUSED_FILES:
            (index / name).unlink(missing_ok=True)
        files = {file.relative_to(index).as_posix(): content_digest(file.read_bytes()) for file in _files(index)}
        destination = folder / digest
        if destination.exists():  # the same pages indexed again, its files damaged
            shutil.rmtree(destination)
        index.rename(destination)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return files


def _index_language(
    pages: list[IndexedPage], site: Path, scratch: Path, index: Path, stop: threading.Event | None
) -> None:
    """Pagefind reads the language's folder of `site` as it is, where it can: it indexes the pages that mark a
    body, which in the theme are the searchable ones. Where a page of another kind marks one too (a template
    of the site's own), it reads a folder in `scratch` of the searchable pages alone."""
    searchable = [page for page in pages if page.searchable]
    scratch.mkdir()
    if not any(_marks_a_body(site / page.output) for page in searchable):
        run_pagefind(scratch, index, stop=stop)  # its scripts, and an index of nothing
    elif any(_marks_a_body(site / page.output) for page in pages if not page.searchable):
        for page in searchable:
            (scratch / page.output).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(site / page.output, scratch / page.output)
        run_pagefind(scratch, index, stop=stop)
    else:
        run_pagefind(site, index, glob=f"{_language_of(searchable[0])}/**/*.html", stop=stop)


def run_pagefind(site: Path, output: Path, glob: str | None = None, stop: threading.Event | None = None) -> None:
    """Index the HTML files below `site` (those `glob` matches, relative to it) into `output` with Pagefind's
    command, from the pagefind_bin package; when `stop` is set meanwhile, Pagefind is stopped and
    IndexingStopped raised.

    Not with Pagefind's Python API, which drives the same program as a service: it waits forever for an
    answer when that process dies (out of memory, killed), and takes a tenth of a second for each request.
    """
    executable = get_executable()
    if executable is None:
        raise IndexingFailed("Pagefind's program is missing: install pitboard with its dependencies (pagefind[bin])")
    command = [str(executable), "--site", str(site.resolve()), "--output-path", str(output.resolve()), "--silent"]
    if glob is not None:
        command += ["--glob", glob]
    # Run beside the index, where no pagefind.yml of the user's can change what it does.
    environment = {"RUST_MIN_STACK": PAGEFIND_STACK, **os.environ}
    with subprocess.Popen(
        command, cwd=output.parent, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        stderr = _until_done(process, stop)
    if process.returncode != 0:
        said = " ".join(stderr.split())[:MESSAGE_LENGTH]
        failed = f"Pagefind could not index the site (exit {process.returncode})"
        raise IndexingFailed(f"{failed}: {said}" if said else failed)


def _until_done(process: subprocess.Popen[str], stop: threading.Event | None) -> str:
    """What the process wrote to stderr once it ended; it is killed, and IndexingStopped raised, when `stop`
    is set before."""
    while True:
        try:
            return process.communicate(timeout=STOP_POLL_SECONDS)[1]
        except subprocess.TimeoutExpired:
            if stop is not None and stop.is_set():
                process.kill()
                process.communicate()
                raise IndexingStopped from None


class IndexingFailed(Exception):
    """Pagefind did not make an index: its program is missing, or it failed (out of memory, killed)."""


class IndexingStopped(Exception):
    """Indexing was stopped by the caller before its end (a newer build needs another index)."""


def marks_a_body(html: bytes) -> bool:
    """Whether a page marks what Pagefind indexes of it."""
    return _BODY_MARK.search(html) is not None


def _marks_a_body(page: Path) -> bool:
    return marks_a_body(page.read_bytes())


def _intact(folder: Path, index: LanguageIndex, stop: threading.Event | None) -> bool:
    """Whether every file of a kept index is there with the bytes it was made with (IndexingStopped when
    `stop` is set meanwhile: it reads thousands of files)."""
    try:
        for path, digest in index.files.items():
            _stop_if_set(stop)
            if content_digest((folder / path).read_bytes()) != digest:
                return False
    except OSError:
        return False
    return True


def _stop_if_set(stop: threading.Event | None) -> None:
    if stop is not None and stop.is_set():
        raise IndexingStopped


def _files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def _remove_replaced(
    folder: Path,
    kept: Mapping[str, LanguageIndex],
    to_index: Mapping[str, tuple[str, list[IndexedPage]]],
    stop: threading.Event | None,
) -> None:
    """The kept indexes of the languages indexed anew, file by file until `stop` is set: what is left then,
    a later index removes (`_remove_unused`)."""
    new = {digest for digest, _ in to_index.values()}
    for lang in sorted(to_index.keys() & kept.keys()):
        if kept[lang].pages not in new:
            _remove_tree(folder / kept[lang].pages, stop)


def _remove_tree(folder: Path, stop: threading.Event | None) -> None:
    for parent, _, files in os.walk(folder, topdown=False):
        for name in files:
            if stop is not None and stop.is_set():
                return
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(parent, name))
        with contextlib.suppress(OSError):
            os.rmdir(parent)


def _remove_unused(folder: Path, used: set[str]) -> None:
    """Every entry of `folder` but the indexes named `used`: what earlier or interrupted builds left (the
    build lock lets no other build work here meanwhile)."""
    for entry in folder.iterdir():
        if entry.name in used:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
