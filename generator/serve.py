"""`pitboard serve`: build, serve the output folder with live reload, rebuild what each save touches.

livereload (on tornado) brings the reload websocket, its browser script, the injection of
that script into every HTML response and a file watcher. This module adds what a site
needs on top: the incremental rebuild, an error page in place of every HTML page while
the site has errors, the theme's 404 page, and serving only files below the output folder
(tornado's StaticFileHandler refuses paths that lead out of it, symlinks included).

Everything runs on one thread, tornado's loop: a rebuild finishes before the next request
is answered, so no one is served half a rebuild.
"""

from __future__ import annotations

import errno
import html
import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import livereload
from livereload.handlers import LiveReloadHandler, StaticFileHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop, PeriodicCallback

from .build import output_folder
from .config import CONFIG_FILE, load_config
from .diagnostics import FILE_START, BuildFailed, Diagnostic, UsageError, count_summary
from .incremental import IncrementalBuilder
from .progress import progress_for
from .read import CONTENT_DIR
from .theme import TEMPLATE_DIR

POLL_MILLISECONDS = 200
ERROR_STATUS = 500  # the error page stands in for a page the site cannot build
NOT_FOUND_PAGE = "404.html"


class DevSite:
    """The site being served: its builder, and the problems of the last rebuild if it failed."""

    def __init__(self, builder: IncrementalBuilder):
        self.builder = builder
        self.problems: tuple[Diagnostic, ...] = ()

    def rebuild(self) -> bool:
        """Bring the output up to date, or take note of the problems; whether browsers should reload."""
        try:
            result = self.builder.rebuild(progress_for(sys.stderr))
        except BuildFailed as failure:
            return self._failed(tuple(failure.diagnostics))
        except OSError as error:  # the output folder could not be written
            return self._failed((Diagnostic(str(self.builder.output), FILE_START, str(error)),))
        recovered = bool(self.problems)
        self.problems = ()
        if result.written or result.removed or recovered:
            print(result.summary(), flush=True)
            return True
        return False

    def _failed(self, problems: tuple[Diagnostic, ...]) -> bool:
        changed = problems != self.problems
        self.problems = problems
        if changed:
            for problem in problems:
                print(problem.format(), file=sys.stderr)
            print(f"pitboard: {count_summary(problems)}; the browser shows them until a save fixes them",
                  file=sys.stderr, flush=True)
        return changed


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

    def initialize(self, path: str, default_filename: str, site: DevSite) -> None:
        super().initialize(path, default_filename)
        self.site = site

    async def get(self, path: str, include_body: bool = True) -> None:
        if self.site.problems and _is_page(path):
            self.set_status(ERROR_STATUS)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-cache")
            self.finish(error_page(self.site.problems) if include_body else None)
            return
        await super().get(path, include_body)

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-cache")

    def write_error(self, status_code: int, **kwargs) -> None:
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


class _PollingWatcher(Watcher):
    """livereload's file watcher, looking more often than its default 800 ms."""

    def start(self, callback: Callable[[], None]) -> bool:
        PeriodicCallback(callback, POLL_MILLISECONDS).start()
        return True


class _LiveServer(livereload.Server):
    def __init__(self, site: DevSite, output: Path):
        super().__init__(watcher=_PollingWatcher())
        self.site = site
        self.output = output

    def get_web_handlers(self, script: bytes) -> list:
        settings = {"path": str(self.output), "default_filename": "index.html", "site": self.site}
        return [(r"/(.*)", OutputHandler, settings)]


def serve_site(root: Path, host: str, port: int) -> None:
    """Serve the site at `root` until Ctrl-C; raises UsageError when the port cannot be had."""
    config = load_config(root)
    output = output_folder(config, None)
    site = DevSite(IncrementalBuilder(root, output))
    server = _LiveServer(site, output)

    def on_change() -> None:
        if site.rebuild():
            LiveReloadHandler.reload_waiters()

    for watched in (CONFIG_FILE, CONTENT_DIR, TEMPLATE_DIR):
        server.watch(str(root / watched), on_change)
    # tornado reports every 404 and error page on its access log; the terminal is for rebuilds
    logging.getLogger("tornado.access").addHandler(logging.NullHandler())
    try:
        server.application(port, host, debug=False)
    except OSError as error:
        raise UsageError(_listen_error(host, port, error)) from None
    site.rebuild()
    print(f"serving {output} at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    LiveReloadHandler.start_tasks()
    _run_until_stopped(IOLoop.current())
    print("stopped", flush=True)


def _run_until_stopped(loop: IOLoop) -> None:
    """Run the server until SIGINT (Ctrl-C) or SIGTERM, whatever the signals' state at start.

    A shell starts background jobs with SIGINT ignored; the handlers are set here so that
    `kill -INT` and `kill -TERM` stop the server cleanly in every case.
    """
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.asyncio_loop.add_signal_handler(signal_number, loop.stop)
    loop.start()


def _listen_error(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use; stop what uses it or choose another with --port"
    return f"cannot serve on {host}:{port}: {error.strerror or error}"
