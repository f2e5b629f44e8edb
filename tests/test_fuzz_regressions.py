"""Every failure a fuzz campaign (`make fuzz`) found, kept in tests/fuzz_regressions/, replayed on every run
against the build invariant of tests/fuzz/harness.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz.harness import FuzzSite
from fuzz.regressions import load_regression, saved_regressions


@pytest.mark.parametrize("folder", saved_regressions(), ids=lambda folder: folder.name)
def test_a_kept_failure_keeps_the_invariant(fuzz_site: FuzzSite, folder: Path) -> None:
    fuzz_site.build_with(load_regression(folder))
