"""Hypothesis profiles, and the failures a fuzz campaign keeps as regression fixtures.

`ci` (the default, run by `make test`) and `fuzz` (run by `make fuzz`, PITBOARD_FUZZ=1) differ in
the number of examples. Under `fuzz`, the smallest failing input of a test is written to
tests/fuzz_regressions/<test>-<digest>/, as the files it changed, relative to the site root;
test_fuzz_regressions.py replays every such folder on every run.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from hypothesis import HealthCheck, settings

from .harness import Changes

REGRESSIONS = Path(__file__).resolve().parent.parent / "fuzz_regressions"
CAMPAIGN = os.environ.get("PITBOARD_FUZZ") == "1"
CI_EXAMPLES = 150  # with the shares of each test, about 3,700 examples in a run of `make test`
CAMPAIGN_EXAMPLES = 5000  # about 120,000: an hour or two

_COMMON = {
    "deadline": None,  # each example is bounded by harness.bounded instead, which catches a hang
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}


def load_profile() -> None:
    settings.register_profile("ci", max_examples=CI_EXAMPLES, **_COMMON)
    settings.register_profile("fuzz", max_examples=CAMPAIGN_EXAMPLES, report_multiple_bugs=False, **_COMMON)
    settings.load_profile("fuzz" if CAMPAIGN else "ci")


def examples(share: float) -> int:
    """A test's number of examples: `share` of the profile's."""
    return max(1, round(settings.default.max_examples * share))


def save_regression(test_name: str, changes: Changes) -> Path:
    """Write the files of a failing example into a regression folder of its own; returns the folder."""
    digest = hashlib.blake2b(repr(sorted(changes.items())).encode(), digest_size=6).hexdigest()
    folder = REGRESSIONS / f"{_slug(test_name)}-{digest}"
    for relative, content in changes.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return folder


def _slug(test_name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", test_name.lower()).strip("-")


def saved_regressions() -> list[Path]:
    return sorted(path for path in REGRESSIONS.iterdir() if path.is_dir())


def load_regression(folder: Path) -> Changes:
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in files}
