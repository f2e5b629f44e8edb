"""The hostile inputs of issue 12 (tests/fuzz/hostile.py: a 5 MB report, 500 entries, 10,000 drivers, a
YAML file of 10,000 lines, YAML nested 200,000 and Markdown 1,000 deep, a billion laughs), each a copy of the
basic fixture site built by `pitboard build` in a new process: wall time, outcome and peak memory.
`make bench-hostile`; tests/test_hostile_sizes.py builds the same cases under a memory limit."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from fuzz.hostile import HOSTILE_CASES  # noqa: E402

BUILD = (
    "import json, resource, sys, time\n"
    "started = time.perf_counter()\n"
    "from pathlib import Path\n"
    "from generator.build import build_site\n"
    "from generator.diagnostics import BuildFailed\n"
    "try:\n"
    "    outcome = f'built {build_site(Path(sys.argv[1])).pages.total} pages'\n"
    "except BuildFailed as failure:\n"
    "    outcome = 'refused: ' + failure.diagnostics[0].message\n"
    "peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
    "print(json.dumps({'seconds': time.perf_counter() - started, 'outcome': outcome, 'peak_mb': peak / 1024}))\n"
)


def main() -> None:
    print("hostile inputs, each built in a new process (imports included in the time)")
    for name, case in HOSTILE_CASES.items():
        with tempfile.TemporaryDirectory(prefix="pitboard-hostile-") as folder:
            root = Path(folder) / "site"
            shutil.copytree(REPO / "tests/sites/basic", root)
            shutil.copytree(REPO / "templates", root / "templates")
            case.make(root)
            run = subprocess.run([sys.executable, "-c", BUILD, str(root)], capture_output=True, text=True, check=True)
            measured = json.loads(run.stdout.strip().splitlines()[-1])
            outcome = measured["outcome"][:60]
            print(f"  {name:<30} {measured['seconds']:7.2f} s   peak {measured['peak_mb']:5.0f} MB   {outcome}")


if __name__ == "__main__":
    main()
