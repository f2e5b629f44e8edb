"""The dev server against hostile clients and editors (issue 12, point 6): every spelling of a way out of
the output folder is refused, symbolic links out of it too; it listens on this machine only; clients that
hang up mid-response, 200 requests at once and 50 saves in a second leave it serving, and the site ends
in the state of the last save. A real `pitboard serve` process, as in test_serve.py."""

from __future__ import annotations

import html
import http.client
import os
import re
import socket
import struct
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import run_cli
from output_tree import indexed
from test_serve import PATIENCE, RACE_2, Server, serve, wait_until  # noqa: F401 (serve is a fixture)

SECRET = "not for the web"
# What livereload adds to every HTML page it serves, before </head>.
LIVE_SCRIPT = re.compile(
    r'<script type="text/javascript">\(function\(\)\{var s=document\.createElement.*?</script>(?=</head>)'
)


def served_text(server: Server, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=PATIENCE)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def no_traceback(server: Server) -> None:
    log = "\n".join(server.stderr)
    assert "Traceback" not in log and "Uncaught exception" not in log, log


@pytest.mark.parametrize(
    "path",
    [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2e%2fsite.toml",
        "/.%2e/site.toml",
        "/%252e%252e/site.toml",
        "/%252e%252e%252fsite.toml",
        "/..%5csite.toml",
        "/..\\site.toml",
        "/en/..\\..\\site.toml",
        "/static/%5c..%5c..%5csite.toml",
        "/en/%2e%2e/%2e%2e/secret.txt",
        "/static/..;/..;/secret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/leak/secret.txt",
        "/leak/site.toml",
        "/secret.html",
        "/en/leak.txt",
        "/%00/../site.toml",
        "/..%00/site.toml",
    ],
)
def test_no_way_out_of_the_output_folder(site, serve, path):
    (site.root / "secret.txt").write_text(SECRET)
    server = serve()
    os.symlink(site.root, server.output / "leak")  # links in the output that lead out of it
    os.symlink("../secret.txt", server.output / "secret.html")
    os.symlink("/etc/passwd", server.output / "en/leak.txt")
    for method in ("GET", "HEAD"):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=PATIENCE)
        connection.request(method, path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        assert response.status in (400, 403, 404), (method, path, response.status)
        assert SECRET not in body and "base_url" not in body and "root:" not in body
    assert served_text(server, "/static/style.css")[0] == 200
    no_traceback(server)


def test_it_listens_on_this_machine_only(serve):
    server = serve()
    assert served_text(server, "/en/")[0] == 200
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.2", server.port), timeout=PATIENCE):
        pass  # another loopback address: a server on all interfaces would answer it


def hang_up(server: Server, request: bytes, read: int) -> None:
    """Send `request`, read `read` bytes of the answer, and reset the connection."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=PATIENCE) as client:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        client.sendall(request)
        if read:
            client.recv(read)


def test_clients_that_hang_up_mid_response_leave_it_serving(site, serve):
    site.write_bytes("templates/static/big.bin", os.urandom(8 * 1024 * 1024))
    server = serve()
    for _ in range(30):
        hang_up(server, b"GET /static/big.bin HTTP/1.1\r\nHost: x\r\n\r\n", read=4096)
        hang_up(server, b"GET /en/ HTTP/1.1\r\nHost: x\r\n\r\n", read=0)
        hang_up(server, b"GET /en/reports/ HTTP/1.1\r\nHo", read=0)  # mid-request
        hang_up(
            server,
            b"GET /livereload HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
            read=1,
        )
    status, body = served_text(server, "/static/big.bin")
    assert status == 200 and body == (server.output / "static/big.bin").read_bytes()
    no_traceback(server)


def test_200_requests_at_once_are_all_answered(site, serve):
    server = serve()
    pages = sorted(path.relative_to(server.output).as_posix() for path in server.output.rglob("*.html"))
    paths = [f"/{pages[number % len(pages)]}" for number in range(200)]
    start = threading.Barrier(len(paths))

    def fetch(path: str) -> tuple[str, int, bytes]:
        start.wait()
        return (path, *served_text(server, path))

    with ThreadPoolExecutor(max_workers=len(paths)) as pool:
        answers = list(pool.map(fetch, paths))
    for path, status, body in answers:
        assert status == 200, path
        assert without_live_script(body) == (server.output / path.lstrip("/")).read_bytes(), path
    no_traceback(server)


def without_live_script(body: bytes) -> bytes:
    return LIVE_SCRIPT.sub("", body.decode("utf-8"), count=1).encode("utf-8")


def storm(site, last_good: bool) -> None:
    """50 saves in a second to a report and a driver, broken ones among them; the last one good or not."""
    report = (site.root / RACE_2).read_text()
    driver = (site.root / "content/drivers/ben-carter.yaml").read_text()
    for save in range(1, 51):
        if save % 7 == 0:
            site.write("content/drivers/ben-carter.yaml", "name: [broken\n")
        else:
            site.write("content/drivers/ben-carter.yaml", driver.replace("Ben Carter", f"Ben Carter {save}"))
        site.write(RACE_2, report.replace("A gearbox failure", f"Save number {save}: a gearbox failure"))
        time.sleep(0.02)
    if not last_good:
        site.write(RACE_2, report.replace("event: 2023-spa", "event: 2023-spx"))


def fresh_build(site, tmp_path: Path):
    output = tmp_path / "fresh"
    return run_cli("--site", str(site.root), "build", "--output", str(output)), output


def files_outside_the_index(output: Path) -> list[str]:
    files = (path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file())
    return sorted(path for path in files if not path.startswith("pagefind/"))


def test_after_a_storm_of_saves_it_serves_the_last_one(site, serve, tmp_path):
    server = serve()
    storm(site, last_good=True)
    built, fresh = fresh_build(site, tmp_path)
    assert built.exit_code == 0, built.stderr
    files = files_outside_the_index(fresh)  # Pagefind names its files anew each time: compared by what they index

    def serves_the_fresh_build() -> bool:
        for path in files:
            status, body = served_text(server, f"/{path}")
            expected = (fresh / path).read_bytes()
            if status != 200 or (without_live_script(body) if path.endswith(".html") else body) != expected:
                return False
        return files_outside_the_index(server.output) == files and indexed(server.output) == indexed(fresh)

    wait_until(serves_the_fresh_build, "the pages of a fresh build of the last save")
    assert "Ben Carter 50" in served_text(server, "/en/drivers/ben-carter/")[1].decode()
    no_traceback(server)


def test_after_a_storm_that_ends_broken_it_serves_the_errors_of_the_last_save(site, serve, tmp_path):
    server = serve()
    storm(site, last_good=False)
    built, _ = fresh_build(site, tmp_path)
    assert built.exit_code == 1

    def shows_the_errors() -> bool:
        status, body = served_text(server, "/en/")
        shown = re.findall(r"<li><code>(.*?)</code></li>", body.decode())
        return status == 500 and [html.unescape(line) for line in shown] == built.errors

    wait_until(shows_the_errors, "the errors of the last save")
    no_traceback(server)
