"""`pitboard serve`: build, serve the output folder with live reload, rebuild what each save touches.

livereload (on tornado) brings the reload websocket, its browser script and the injection
of that script into every HTML response. This module adds what a site needs on top: a
watcher that compares the state of the site's files every 200 ms (see `watch`), a
rebuild that renders only what a change touches (see `build`), an error page in place of
every HTML page while the site has errors, the theme's 404 page, and serving only files
below the output folder (tornado's StaticFileHandler refuses paths that lead out of it,
symlinks included since tornado 6.5.9).

Of livereload it uses the Server's application (`application`, with `get_web_handlers`
answering with this module's handler) and `LiveReloadHandler.reload_waiters`, which tells
the browsers to reload. Its own watching is left unused: its watcher misses a file that
comes back with an old modification time, and its polling drops a reload that follows the
last one within 3 s, so a fix saved right after a mistake would leave the errors on screen.

Everything runs on one thread, tornado's loop: a rebuild finishes before the next request
is answered, so no one is served half a rebuild. Only the search index of a rebuild's pages
is made on a thread of its own (Pagefind takes seconds for a large site): the pages are
shown at once with the index as it was, and the new index is published on the loop once
made; a save meanwhile stops Pagefind, and its rebuild makes the index anew.
"""

from __future__ import annotations

import asyncio
import errno
import html
import logging
import signal
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import livereload
from livereload.handlers import LiveReloadHandler
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.platform.asyncio import BaseAsyncIOLoop
from tornado.web import HTTPError, StaticFileHandler

from .build import PendingIndex, SiteBuilder
from .cache import BuildCache, BuildLock
from .config import SiteConfig, load_config
from .diagnostics import FILE_START, BuildFailed, Diagnostic, UsageError, count_summary
from .last_build import BuildResult, finish_interrupted, output_folder, tell_waiting
from .progress import progress_for
from .publication import Publication
from .search import IndexingFailed, IndexingStopped, SearchIndex
from .watch import ChangeWatcher

POLL_MILLISECONDS = 200
ERROR_STATUS = 500  # the error page stands in for a page the site cannot build
NOT_FOUND_PAGE = "404.html"


class DevSite:
    """The site being served: its builder, and the problems of the last rebuild if it failed.

    Each rebuild is a build like `pitboard build`'s — the output replaced as a whole, only
    what changed rendered — that holds the site's build lock while it runs, so a `build`
    started meanwhile waits for it, and it for that build.
    """

    def __init__(self, config: SiteConfig, builder: SiteBuilder, output: Path, lock: BuildLock):
        self.config = config  # as serve started: where its output, cache and lock are
        self.builder = builder
        self.output = output
        self.lock = lock
        self.problems: tuple[Diagnostic, ...] = ()
        self.build_id: str | None = None
        self.embargo_ends: datetime | None = None  # the first moment the last build's marks go out of date
        self._indexer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pitboard-search")
        self._indexing: Future[SearchIndex] | None = None
        self._stop_indexing = threading.Event()
        self._saved: tuple[str, ...] = ()  # files saved since the last rebuild began

    def is_due(self) -> bool:
        """Whether an embargo the pages are marked with has ended since the last build (time changed them)."""
        return self.embargo_ends is not None and datetime.now(UTC) >= self.embargo_ends

    @property
    def indexing(self) -> bool:
        """Whether the search index of the pages shown is being made: the next rebuild waits for it."""
        return self._indexing is not None

    def saved(self, changed: tuple[str, ...]) -> None:
        """Take note of files saved; a search index being made is of pages they change: it is given up."""
        if changed:
            self._saved = tuple(dict.fromkeys((*self._saved, *changed)))
            self._stop_indexing.set()

    def take_saved(self) -> tuple[str, ...]:
        """The files saved since the last rebuild began, for the rebuild that begins."""
        saved, self._saved = self._saved, ()
        return saved

    def rebuild(self) -> bool:
        """Bring the output up to date, or take note of the problems; whether browsers should reload."""
        self.embargo_ends = None  # until a build says when its marks go out of date
        try:
            result = self._build()
        except BuildFailed as failure:
            return self._failed(tuple(failure.diagnostics))
        except OSError as error:  # the output folder could not be written
            return self._failed((Diagnostic(str(self.output), FILE_START, str(error)),))
        recovered = bool(self.problems)
        changed = result.build_id != self.build_id
        self.problems = ()
        self.build_id = result.build_id
        self.embargo_ends = result.schedule.next.moment if result.schedule.next else None
        following = "; the search index follows" if result.index_pending else ""
        if recovered:
            print(f"site is back: {rebuild_summary(result)}{following}", flush=True)
        elif changed:
            print(f"{rebuild_summary(result)}{following}", flush=True)
        if result.index_pending is not None:
            self._index(result.index_pending)
        return recovered or changed

    def stop(self) -> None:
        """Stop the search index being made, and wait for Pagefind to end (a build started later would find
        its folder half done)."""
        self._stop_indexing.set()
        self._indexer.shutdown(wait=True)

    def _build(self) -> BuildResult:
        """A build of the site, the site's build lock held; it stays held while the build's search index is
        made (see `_index`)."""
        self.lock.acquire(wait=True, on_wait=tell_waiting)
        try:  # serve shows every translation, each one under embargo marked as such (spec 11)
            finish_interrupted(self.config)
            result = self.builder.build(
                self.output, Publication(future=True), progress_for(sys.stderr), index_later=True
            )
        except BaseException:
            self.lock.release()
            raise
        if result.index_pending is None:
            self.lock.release()
        return result

    def _index(self, pending: PendingIndex) -> None:
        """Make the search index of the pages just shown on another thread — Pagefind takes seconds for a large
        site, while the server answers the browsers that reload — and show it once made (`_indexed`)."""
        started = time.perf_counter()
        self._stop_indexing.clear()
        self._indexing = self._indexer.submit(self.builder.make_index, pending, self._stop_indexing)
        IOLoop.current().add_future(self._indexing, lambda made: self._indexed(pending, made, started))

    def _indexed(
        self, pending: PendingIndex, made: Future[SearchIndex] | asyncio.Future[SearchIndex], started: float
    ) -> None:
        try:
            result = self.builder.publish_index(pending, made.result())
        except IndexingStopped:  # for a save, whose rebuild comes next
            return
        except (IndexingFailed, OSError) as error:  # the pages stay shown with the earlier index
            reason = f"no search index: {error}" if isinstance(error, IndexingFailed) else str(error)
            if self._failed((Diagnostic(str(self.output), FILE_START, reason),)):
                LiveReloadHandler.reload_waiters("*")
            return
        finally:
            self._indexing = None
            self.lock.release()
        if result is not None:
            self.build_id = result.build_id
            print(f"search index made in {time.perf_counter() - started:.2f} s", flush=True)

    def _failed(self, problems: tuple[Diagnostic, ...]) -> bool:
        changed = problems != self.problems
        self.problems = problems
        if changed:
            for problem in problems:
                print(problem.format(), file=sys.stderr)
            print(
                f"pitboard: {count_summary(problems)}; the browser shows them until a save fixes them",
                file=sys.stderr,
                flush=True,
            )
        return changed


def rebuild_summary(result: BuildResult) -> str:
    """`rendered 22 of 58 pages in 0.03 s`: pages counted as `build` counts them; and photos, when a save
    brought new ones (`, 1 photo processed`)."""
    processed = result.photos.processed
    photos = f", {processed} photo{'s' if processed != 1 else ''} processed" if processed else ""
    return f"rendered {len(result.rendered)} of {result.pages.total} pages in {result.seconds:.2f} s{photos}"


def error_page(problems: tuple[Diagnostic, ...]) -> str:
    """The page every HTML request gets while the site has errors; it reloads with the next save."""
    items = "\n".join(f"<li><code>{html.escape(problem.format())}</code></li>" for problem in problems)
    title = f"pitboard: {count_summary(problems)}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }}
h1 {{ color: #b00020; font-size: 1.4rem; }}
li {{ margin: .5rem 0; }}
code {{ white-space: pre-wrap; word-break: break-word; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p>The site cannot be built. Fix the files and save: this page reloads by itself.</p>
<ul>
{items}
</ul>
</body>
</html>
"""


class OutputHandler(StaticFileHandler):
    """Files of the output folder; the error page for pages while the site has errors."""

    # tornado hands a handler its settings as keywords of initialize() (RequestHandler types it Callable[..., None])
    def initialize(self, path: str, default_filename: str, site: DevSite) -> None:  # type: ignore[override]
        super().initialize(path, default_filename)
        self.site = site

    async def get(self, path: str, include_body: bool = True) -> None:
        if "\x00" in path:  # no file has it in its name, and the file system refuses it with a ValueError
            raise HTTPError(400)
        if self.site.problems and _is_page(path):
            self.set_status(ERROR_STATUS)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-cache")
            self.finish(error_page(self.site.problems) if include_body else None)
            return
        await super().get(path, include_body)

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-cache")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        not_found = Path(self.root) / NOT_FOUND_PAGE
        if status_code == 404 and not_found.is_file():
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(not_found.read_bytes())
            return
        super().write_error(status_code, **kwargs)


def _is_page(path: str) -> bool:
    """Whether a request path names an HTML page rather than an asset or a feed."""
    name = path.rsplit("/", 1)[-1]
    return name == "" or name.endswith(".html") or "." not in name


class _LiveServer(livereload.Server):
    def __init__(self, site: DevSite, output: Path):
        super().__init__()
        self.site = site
        self.output = output

    def get_web_handlers(self, script: bytes) -> list[tuple[str, type[OutputHandler], dict[str, object]]]:
        settings: dict[str, object] = {"path": str(self.output), "default_filename": "index.html", "site": self.site}
        return [(r"/(.*)", OutputHandler, settings)]


def serve_site(root: Path, host: str, port: int) -> None:
    """Serve the site at `root` until Ctrl-C; raises UsageError when the port cannot be had."""
    config = load_config(root)
    output = output_folder(config, None)
    cache = BuildCache(config.cache)
    site = DevSite(config, SiteBuilder(root, cache), output, BuildLock(config.cache))
    server = _LiveServer(site, output)
    # tornado reports every 404 and error page on its access log; the terminal is for rebuilds
    logging.getLogger("tornado.access").addHandler(logging.NullHandler())
    try:
        server.application(port, host, debug=False)
    except OSError as error:
        raise UsageError(_listen_error(host, port, error)) from None
    watcher = ChangeWatcher(root)  # before the first build, so that a save during it is not missed
    site.rebuild()
    print(f"serving {output} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    PeriodicCallback(lambda: _rebuild_on_change(watcher, site), POLL_MILLISECONDS).start()
    _run_until_stopped(IOLoop.current())
    site.stop()
    cache.close()
    print("stopped", flush=True)


def _rebuild_on_change(watcher: ChangeWatcher, site: DevSite) -> None:
    site.saved(watcher.changes())
    if site.indexing:  # being stopped, if a file was saved
        return
    changed = site.take_saved()
    if (changed or site.is_due()) and site.rebuild():
        LiveReloadHandler.reload_waiters(_reload_path(changed) if changed else "*")


def _reload_path(changed: tuple[str, ...]) -> str:
    """What changed, for the browser's livereload.js: it swaps a lone stylesheet or image in place, and
    reloads the page for anything else ('*')."""
    return changed[0] if len(changed) == 1 else "*"


def _run_until_stopped(loop: IOLoop) -> None:
    """Run the server until SIGINT (Ctrl-C) or SIGTERM, whatever the signals' state at start.

    A shell starts background jobs with SIGINT ignored; the handlers are set here so that
    `kill -INT` and `kill -TERM` stop the server cleanly in every case.
    """
    assert isinstance(loop, BaseAsyncIOLoop)  # tornado 6 runs on asyncio
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.asyncio_loop.add_signal_handler(signal_number, loop.stop)
    loop.start()


def _listen_error(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use; stop what uses it or choose another with --port"
    return f"cannot serve on {host}:{port}: {error.strerror or error}"
