"""The build benchmark of spec section 8: `make bench` or `python bench/run.py --reports N`.

Generates a synthetic site (bench/synthetic.py) and times
- a cold build: `pitboard build` in a new process, imports included;
- a second `pitboard build` of the unchanged site (the command line keeps no cache);
- the dev server's rebuilds, which keep the site in memory: with no change, and after an
  edit to one report;
printing pages per second and the peak memory of each.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from synthetic import write_site  # noqa: E402

from generator.incremental import IncrementalBuilder  # noqa: E402

EDIT = ("a race to remember", "a race edited for the benchmark")


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory(prefix="pitboard-bench-") as folder:
        root = Path(folder) / "site"
        write_site(root, arguments.reports, REPO / "templates")
        print(f"synthetic site: {arguments.reports} bilingual reports, ~600 words per language, 2 entries each")
        cold = _timed_cli_build(root)
        pages = cold["pages"]
        print(f"{pages} pages; {_cores()} cores")
        _line("cold build (pitboard build, new process)", cold["seconds"], pages, cold["peak_mb"])
        again = _timed_cli_build(root)
        _line("unchanged site, pitboard build again", again["seconds"], pages, again["peak_mb"])
        for label, seconds, rendered in _dev_server_rebuilds(root):
            _line(f"dev server: {label} ({rendered} pages rendered)", seconds, rendered, _own_peak_mb())


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=500, help="bilingual reports to generate (default 500)")
    return parser.parse_args()


def _timed_cli_build(root: Path) -> dict:
    """One `pitboard build` in a child process: its wall time, pages built and peak memory."""
    script = (
        "import json, resource, sys, time\n"
        "started = time.perf_counter()\n"
        "from pathlib import Path\n"
        "from generator.build import build_site\n"
        "result = build_site(Path(sys.argv[1]))\n"
        "peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
        "pages = sum(result.pages_per_language.values()) + result.shared_pages\n"
        "print(json.dumps({'seconds': time.perf_counter() - started, 'pages': pages, 'peak_mb': peak / 1024}))\n"
    )
    started = time.perf_counter()
    output = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, check=True)
    measured = json.loads(output.stdout.strip().splitlines()[-1])
    measured["seconds"] = time.perf_counter() - started  # with interpreter start-up and imports
    return measured


def _dev_server_rebuilds(root: Path):
    """(label, seconds, pages rendered) of the dev server's rebuilds after its first build."""
    builder = IncrementalBuilder(root, root / "serve-output")
    builder.rebuild()
    unchanged = builder.rebuild()
    yield "no change", unchanged.seconds, len(unchanged.written)
    report = root / "content/reports/report-00000.en.md"
    report.write_text(report.read_text(encoding="utf-8").replace(*EDIT), encoding="utf-8")
    edited = builder.rebuild()
    yield "one report edited", edited.seconds, len(edited.written)


def _line(label: str, seconds: float, pages: int, peak_mb: float) -> None:
    rate = f"{pages / seconds:8.0f} pages/s" if pages else " " * 15
    print(f"  {label:<52} {seconds:7.2f} s {rate}   peak {peak_mb:6.0f} MB")


def _own_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cores() -> int:
    from generator.parallel import available_cores

    return available_cores()


if __name__ == "__main__":
    main()
