"""A static web server for a built site under a sub-path, as a web host would serve it.

`/racing/...` maps to the output folder, every other path and every missing file is a
404 that shows the site's 404.html, and folders are served by their index.html only.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

NOT_FOUND_PAGE = "404.html"


class SubPathHandler(SimpleHTTPRequestHandler):
    def __init__(self, *arguments, base_path: str, **keywords):
        self.base_path = base_path
        super().__init__(*arguments, **keywords)

    def send_head(self):
        if not urlsplit(self.path).path.startswith(self.base_path):
            self.send_error(HTTPStatus.NOT_FOUND)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(self.base_path))

    def list_directory(self, path):
        self.send_error(HTTPStatus.NOT_FOUND)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / NOT_FOUND_PAGE
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *arguments) -> None:
        """Quiet: the tests report what matters."""


@contextmanager
def serve(folder: Path, base_path: str) -> Iterator[str]:
    """Serves `folder` at http://127.0.0.1:<free port><base_path>; yields that URL."""
    handler = partial(SubPathHandler, directory=str(folder), base_path=base_path)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
