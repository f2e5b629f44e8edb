"""Save-to-served time of `pitboard serve` on the example site.

Copies the repository's site (site.toml, content/, templates/) to a temporary folder,
starts `pitboard serve` on a free port, then RUNS times: writes a new sentence into one
report and polls its page (every 5 ms) until the sentence is served. Prints every time
and the median. The saves come at random moments, so the watcher's polling interval
(200 ms) adds 100 ms on average.

    .venv/bin/python bench/save_to_served.py [RUNS]
"""

from __future__ import annotations

import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REPORT = "content/reports/2009-okayama-race-1.en.md"
PAGE = "/en/reports/2009-okayama-race-1/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int) -> str:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{PAGE}", timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(port: int, text: str, started: float, timeout: float = 30.0) -> float:
    """Seconds from `started` until the page contains `text`."""
    while text not in fetch(port):
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"gave up waiting for {text!r}")
        time.sleep(0.005)
    return time.perf_counter() - started


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        site.mkdir()
        shutil.copy(REPO / "site.toml", site)
        for name in ("content", "templates"):
            shutil.copytree(REPO / name, site / name)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "--site", str(site), "serve", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port, "</html>", time.perf_counter())
            report = site / REPORT
            original = report.read_text(encoding="utf-8")
            times = []
            for run in range(1, runs + 1):
                marker = f"Saved for the {run}th time."
                started = time.perf_counter()
                report.write_text(f"{original}\n{marker}\n", encoding="utf-8")
                times.append(wait_for(port, marker, started))
                print(f"run {run}: {times[-1] * 1000:.0f} ms")
                time.sleep(random.uniform(0.3, 0.7))  # saves at any moment of the watcher's polling cycle
            print(
                f"median save-to-served time over {runs} saves: {statistics.median(times) * 1000:.0f} ms "
                f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})"
            )
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=10)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
