"""`pitboard serve` driven for real: a server process on a free port, fetched over HTTP while files change."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from output_tree import indexed
from pagefind.service import get_executable
from tornado.websocket import websocket_connect

RACE_2 = "content/reports/2023-spa-race-2.en.md"
PATIENCE = 20.0  # seconds before a test gives up waiting; no assertion is about time

# What an edit of the body of RACE_2 re-renders: the report, and the pages that list it.
# The files a new sentence in race 2's body changes: its page and its feed (the lists show its title and summary).
PAGES_OF_RACE_2 = {"en/reports/2023-spa-race-2/index.html", "en/feed.xml"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], what: str) -> object:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    output: Path
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=PATIENCE) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def raw_get(self, path: str) -> tuple[int, str]:
        """A request with the path exactly as given, as an attacker would send it."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=PATIENCE)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def wait_for_page(self, path: str, status: int, text: str) -> str:
        def served() -> str | None:
            code, body = self.get(path)
            return body if code == status and text in body else None

        return wait_until(served, f"{path} to answer {status} with {text!r}")

    def wait_for_line(self, start: str, after: int = 0) -> str:
        return wait_until(lambda: next((line for line in self.stdout[after:] if line.startswith(start)), None), start)

    def file_identities(self) -> dict[str, tuple[int, int]]:
        """Inode and modification time of each output file: a rewritten file changes both."""
        identities = {}
        for path in self.output.rglob("*"):
            if path.is_file():
                status = path.stat()
                identities[path.relative_to(self.output).as_posix()] = (status.st_ino, status.st_mtime_ns)
        return identities

    def stop(self, signal_number: int = signal.SIGINT) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal_number)
            try:
                self.process.wait(timeout=PATIENCE)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def start_server(root: Path, sigint_ignored: bool = False, environment: dict[str, str] | None = None) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--site", str(root), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(environment or {})},
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None,
    )
    server = Server(process, port, root / "output")
    for stream, lines in ((process.stdout, server.stdout), (process.stderr, server.stderr)):
        threading.Thread(target=_collect_lines, args=(stream, lines), daemon=True).start()
    return server


def _serving(server: Server) -> bool:
    return bool(server.stdout) and server.stdout[-1].startswith("serving ")


def _collect_lines(stream, lines: list[str]) -> None:
    lines.extend(line.rstrip("\n") for line in stream)


@pytest.fixture
def serve(site) -> Iterator[Callable[[], Server]]:
    """Starts `pitboard serve` on the test site; always stops it."""
    started: list[Server] = []

    def start(sigint_ignored: bool = False, environment: dict[str, str] | None = None) -> Server:
        server = start_server(site.root, sigint_ignored, environment)
        started.append(server)
        wait_until(lambda: _serving(server) or server.process.poll() is not None, "the server to start")
        assert server.process.poll() is None, "\n".join(server.stderr)
        return server

    yield start
    for server in started:
        server.stop()


def edit(site, path: str, old: str, new: str) -> None:
    file = site.root / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_edit_break_and_fix_a_report_while_it_is_served(site, serve):
    server = serve()
    assert server.stdout[-1] == f"serving {server.output} at http://127.0.0.1:{server.port}/ (Ctrl-C to stop)"
    status, page = server.get("/en/reports/2023-spa-race-2/")
    assert status == 200
    assert "A gearbox failure" in page
    assert "/livereload.js?port=" in page

    before = server.file_identities()
    lines = len(server.stdout)
    edit(site, RACE_2, "A gearbox failure", "A broken gearbox")
    page = server.wait_for_page("/en/reports/2023-spa-race-2/", 200, "A broken gearbox")
    assert "/livereload.js?port=" in page
    rendered = server.wait_for_line("rendered ", lines)
    assert rendered.startswith(f"rendered {len(PAGES_OF_RACE_2)} of ")
    assert rendered.endswith("; the search index follows")
    server.wait_for_line("search index made in ", lines)
    after = server.file_identities()
    changed = {path for path in after if after[path] != before.get(path)}
    indexed_anew = {path for path in changed if path.startswith("pagefind/")}  # the report's words are in it
    assert indexed_anew and changed - indexed_anew == PAGES_OF_RACE_2 | {".pitboard-build"}
    race_2 = next(found for found in indexed(server.output) if found["url"] == "/en/reports/2023-spa-race-2/")
    assert "A broken gearbox" in str(race_2["content"])

    good_driver = (site.root / "content/drivers/ben-carter.yaml").read_text()
    site.write("content/drivers/ben-carter.yaml", "name: [Ben <Carter>\n")
    error_page = server.wait_for_page("/en/reports/2023-spa-race-2/", 500, "error")
    expected = "content/drivers/ben-carter.yaml:2:1: error: invalid YAML: did not find expected &#x27;,&#x27;"
    assert f"<li><code>{expected}" in error_page
    assert "<Carter>" not in error_page
    assert "/livereload.js?port=" in error_page
    assert server.get("/de/")[0] == 500  # every page shows the errors
    assert server.get("/static/style.css")[0] == 200  # assets are still served
    assert "content/drivers/ben-carter.yaml:2:1: error: invalid YAML" in "\n".join(server.stderr)

    lines = len(server.stdout)
    site.write("content/drivers/ben-carter.yaml", good_driver)
    page = server.wait_for_page("/en/reports/2023-spa-race-2/", 200, "A broken gearbox")
    assert "/livereload.js?port=" in page
    assert server.wait_for_line("site is back: rendered ", lines)


def test_a_save_while_the_search_index_is_made_stops_pagefind_and_is_shown_at_once(site, serve, tmp_path):
    hanging, hung = tmp_path / "hanging", tmp_path / "hung"  # while `hanging` is there, Pagefind hangs
    pagefind = tmp_path / "pagefind"
    pagefind.write_text(
        f'#!/bin/sh\n[ -e "{hanging}" ] && touch "{hung}" && exec sleep 600\nexec "{get_executable()}" "$@"\n'
    )
    pagefind.chmod(0o755)
    server = serve(environment={"PAGEFIND_BINARY_PATH": str(pagefind)})
    hanging.touch()
    lines = len(server.stdout)
    edit(site, RACE_2, "A gearbox failure", "A broken gearbox")
    server.wait_for_page("/en/reports/2023-spa-race-2/", 200, "A broken gearbox")
    assert server.wait_for_line("rendered ", lines).endswith("; the search index follows")
    wait_until(hung.exists, "Pagefind to hang")

    hanging.unlink()
    lines = len(server.stdout)
    edit(site, RACE_2, "A broken gearbox", "A gearbox fire")  # Pagefind would hang for ten minutes: it is stopped
    server.wait_for_page("/en/reports/2023-spa-race-2/", 200, "A gearbox fire")
    server.wait_for_line("search index made in ", lines)
    race_2 = next(found for found in indexed(server.output) if found["url"] == "/en/reports/2023-spa-race-2/")
    assert "A gearbox fire" in str(race_2["content"])
    assert server.stop(signal.SIGTERM) == 0


def test_a_save_tells_connected_browsers_to_reload(site, serve):
    server = serve()
    text = (site.root / RACE_2).read_text()

    async def reload_message() -> dict:
        socket_ = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
        socket_.write_message(
            json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]})
        )
        assert json.loads(await socket_.read_message())["command"] == "hello"
        socket_.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{server.port}/en/"}))
        message = asyncio.ensure_future(socket_.read_message())
        # the server registers the browser on 'info' and sends nothing back: save until a reload comes
        deadline = time.monotonic() + PATIENCE
        saves = 0
        while not message.done() and time.monotonic() < deadline:
            saves += 1
            site.write(RACE_2, text.replace("A gearbox failure", f"Failure number {saves}"))
            await asyncio.wait({message}, timeout=1.0)
        socket_.close()
        return json.loads(message.result())

    assert run_in_own_thread(reload_message)["command"] == "reload"


def run_in_own_thread(coroutine_function):
    """asyncio.run in a thread of its own: other tests (Playwright's sync API) may hold a loop in this one."""
    outcome = {}

    def run() -> None:
        try:
            outcome["result"] = asyncio.run(coroutine_function())
        except BaseException as error:  # handed to the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


# Files that come back with an old modification time: a watcher that looks only for newer
# mtimes misses them. Each is moved into place whole, so the server never sees a half state.


def test_a_file_moved_out_and_back_brings_the_site_back(site, serve, tmp_path):
    server = serve()
    driver = site.root / "content/drivers/ben-carter.yaml"
    aside = tmp_path / "ben-carter.yaml"
    driver.rename(aside)
    server.wait_for_page("/en/reports/2023-spa-race-2/", 500, "unknown driver &#x27;ben-carter&#x27;")
    aside.rename(driver)  # mv keeps the file's old mtime
    server.wait_for_page("/en/reports/2023-spa-race-2/", 200, "Ben Carter")


def test_a_file_copied_in_with_an_old_mtime_is_picked_up(site, serve, tmp_path):
    server = serve()
    copy = tmp_path / "2023-spa-preview.en.md"
    copy.write_text("---\ntitle: Preview\ndate: 2023-07-20\nevent: 2023-spa\n---\nTwo races at Spa.\n")
    os.utime(copy, (YEAR_2020, YEAR_2020))  # as cp -p, rsync -a and unzip leave it
    copy.rename(site.root / "content/reports/2023-spa-preview.en.md")
    server.wait_for_page("/en/reports/2023-spa-preview/", 200, "Two races at Spa.")


def test_a_report_replaced_by_one_of_the_same_size_and_mtime_is_picked_up(site, serve, tmp_path):
    server = serve()
    replace_keeping_size_and_mtime(site.root / RACE_2, "A gearbox failure", "A gearbox problem", tmp_path)
    server.wait_for_page("/en/reports/2023-spa-race-2/", 200, "A gearbox problem")


def test_a_template_replaced_by_one_of_the_same_size_and_mtime_is_picked_up(site, serve, tmp_path):
    site.write("templates/robots.txt", "User-agent: *\nDisallow: /one/\n")
    server = serve()
    replace_keeping_size_and_mtime(site.root / "templates/robots.txt", "/one/", "/two/", tmp_path)
    server.wait_for_page("/robots.txt", 200, "Disallow: /two/")


YEAR_2020 = 1577836800  # 2020-01-01, long before the server started


def replace_keeping_size_and_mtime(path: Path, old: str, new: str, scratch: Path) -> None:
    """Another file (a new inode) of the same size and mtime in `path`'s place, as a restore from the trash."""
    assert len(old) == len(new)
    text = path.read_text(encoding="utf-8")
    assert old in text
    replacement = scratch / path.name
    replacement.write_text(text.replace(old, new), encoding="utf-8")
    original = path.stat()
    os.utime(replacement, ns=(original.st_atime_ns, original.st_mtime_ns))
    replacement.replace(path)


def test_a_site_broken_at_start_is_served_as_its_errors_until_fixed(site, serve):
    site.write(RACE_2, "---\ntitle: Retirement\n---\nText.\n")
    server = serve()
    assert "missing required field" in server.wait_for_page("/en/", 500, "content/reports/2023-spa-race-2.en.md:2:1")
    site.write(RACE_2, "---\ntitle: Retirement\ndate: 2023-07-30\nevent: 2023-spa\n---\nText.\n")
    server.wait_for_page("/en/reports/2023-spa-race-2/", 200, "Retirement")


def test_only_files_below_the_output_folder_are_served(site, serve):
    server = serve()
    (site.root / "secret.txt").write_text("not for the web")
    for path in (
        "/../site.toml",
        "/..%2fsite.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E%2Fsite.toml",
        "/en/../../site.toml",
        "/en/..%2f..%2fsite.toml",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
    ):
        status, body = server.raw_get(path)
        assert status in (400, 403, 404), path
        assert "base_url" not in body and "not for the web" not in body and "root:" not in body, path
    assert server.raw_get("/static/style.css")[0] == 200


def test_an_unknown_address_gets_the_sites_404_page(site, serve):
    server = serve()
    status, page = server.get("/en/no-such-page/")
    assert status == 404
    assert "Page not found" in page
    assert "/livereload.js?port=" in page


def test_ctrl_c_stops_it_cleanly(site, serve):
    server = serve()
    assert server.stop() == 0
    wait_until(lambda: server.stdout[-1:] == ["stopped"], "the last line")
    assert "Traceback" not in "\n".join(server.stderr)


@pytest.mark.parametrize(
    ("signal_number", "sigint_ignored"),
    [(signal.SIGTERM, False), (signal.SIGINT, True)],
    ids=["SIGTERM", "SIGINT when started as a background job"],
)
def test_termination_signals_stop_it_cleanly(site, serve, signal_number, sigint_ignored):
    server = serve(sigint_ignored)
    assert server.stop(signal_number) == 0
    wait_until(lambda: server.stdout[-1:] == ["stopped"], "the last line")


def test_a_port_in_use_is_a_clear_usage_error(site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = site.run("serve", "--port", str(port))
    assert run.exit_code == 2
    assert run.stderr == (
        f"pitboard: error: port {port} on 127.0.0.1 is in use; stop what uses it or choose another with --port\n"
    )
    assert not site.output.exists()


def test_an_unsafe_output_folder_is_refused_like_build(site):
    config = (site.root / "site.toml").read_text()
    site.write("site.toml", config + '\n[build]\noutput = "content"\n')
    run = site.run("serve", "--port", str(free_port()))
    assert run.exit_code == 1
    assert run.errors[0].endswith(f"error: output folder {site.root / 'content'} is inside the site's content/ folder")


def test_a_bad_port_is_a_usage_error(site):
    assert site.run("serve", "--port", "http").exit_code == 2
    assert site.run("serve", "--port", "70000").exit_code == 2
