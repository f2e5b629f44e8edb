"""Fuzzing the build (issue 12, point 1): whatever a file of the site says, the build either succeeds with
an output whose links all resolve, or reports `path:line:col: error:` lines, exits 1 and leaves the
previous output as it was (tests/fuzz/harness.py). Every content kind and site.toml get arbitrary
bytes, arbitrary YAML and structure-aware mutations of their valid form, and new files of any name
turn up in content/.

`make test` runs the `ci` hypothesis profile, `make fuzz` the long `fuzz` one, which keeps each
failure as a regression fixture that test_fuzz_regressions.py replays on every run.
"""

from __future__ import annotations

import pytest
from fuzz import strategies
from fuzz.harness import FuzzSite
from fuzz.regressions import examples
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.fuzz

TARGETS = sorted(strategies.TARGETS)
CONTENT_TARGETS = sorted(strategies.CONTENT_TARGETS)
MARKDOWN_TARGETS = sorted(name for name, path in strategies.TARGETS.items() if path.endswith(".md"))


@pytest.mark.parametrize("target", TARGETS)
@settings(max_examples=examples(1.0))
@given(data=st.data())
def test_arbitrary_bytes(fuzz_site: FuzzSite, target: str, data: st.DataObject) -> None:
    fuzz_site.build_with(data.draw(strategies.arbitrary_bytes(strategies.TARGETS[target])))


@pytest.mark.parametrize("target", CONTENT_TARGETS)
@settings(max_examples=examples(1.0))
@given(data=st.data())
def test_arbitrary_yaml(fuzz_site: FuzzSite, target: str, data: st.DataObject) -> None:
    fuzz_site.build_with(data.draw(strategies.arbitrary_yaml(strategies.TARGETS[target])))


@pytest.mark.parametrize("target", MARKDOWN_TARGETS)
@settings(max_examples=examples(0.5))
@given(data=st.data())
def test_arbitrary_markdown_body(fuzz_site: FuzzSite, target: str, data: st.DataObject) -> None:
    fuzz_site.build_with(data.draw(strategies.any_body(strategies.TARGETS[target])))


@pytest.mark.parametrize("target", TARGETS)
@settings(max_examples=examples(1.0))
@given(data=st.data())
def test_mutated_file(fuzz_site: FuzzSite, target: str, data: st.DataObject) -> None:
    fuzz_site.build_with(data.draw(strategies.mutated(strategies.TARGETS[target])))


@settings(max_examples=examples(1.0))
@given(changes=strategies.translation_disagreements())
def test_translations_that_state_facts_of_their_own(fuzz_site: FuzzSite, changes: strategies.Changes) -> None:
    fuzz_site.build_with(changes)


@settings(max_examples=examples(1.0))
@given(changes=strategies.extra_file())
def test_a_new_file_of_any_name(fuzz_site: FuzzSite, changes: strategies.Changes) -> None:
    fuzz_site.build_with(changes)
