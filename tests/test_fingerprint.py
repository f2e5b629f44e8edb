"""Fingerprints: equal values, equal digests; any difference a template could show, another digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from markupsafe import Markup

from generator.fingerprint import Fingerprints


@dataclass(frozen=True)
class Event:
    id: str
    start: date


@dataclass(frozen=True)
class Report:
    id: str
    event: Event
    drivers: tuple[str, ...]


def report(**changes) -> Report:
    values = {"id": "r", "event": Event("e", date(2024, 1, 27)), "drivers": ("a", "b")} | changes
    return Report(**values)


def test_equal_values_have_equal_fingerprints_in_any_build():
    assert Fingerprints().of(report()) == Fingerprints().of(report())


@pytest.mark.parametrize(
    "changed",
    [
        report(id="s"),
        report(event=Event("e", date(2024, 1, 28))),
        report(drivers=("b", "a")),
        report(drivers=("a",)),
    ],
)
def test_a_change_anywhere_below_a_value_changes_its_fingerprint(changed):
    assert Fingerprints().of(changed) != Fingerprints().of(report())


def test_types_that_render_differently_differ():
    fingerprints = Fingerprints()
    assert fingerprints.of("1") != fingerprints.of(1)
    assert fingerprints.of("<b>") != fingerprints.of(Markup("<b>"))
    assert fingerprints.of({"a": 1, "b": 2}) != fingerprints.of({"b": 2, "a": 1})  # templates iterate in order
    assert fingerprints.of(("ab", "c")) != fingerprints.of(("a", "bc"))


def test_a_value_is_digested_once_per_build():
    fingerprints = Fingerprints()
    shared = report()
    first = fingerprints.of(shared)
    object.__setattr__(shared, "id", "changed behind the memo's back")
    assert fingerprints.of(shared) == first


def test_objects_without_a_value_are_refused():
    with pytest.raises(TypeError, match="no fingerprint for object"):
        Fingerprints().of(object())
