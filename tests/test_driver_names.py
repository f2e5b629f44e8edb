"""Matching the names of a timing sheet to the site's drivers."""

from __future__ import annotations

import pytest

from generator.driver_names import Ambiguous, DriverNames, KnownDriver, Unmatched, spellings

MUELLER = KnownDriver("dirk-mueller", "Dirk Müller", ("Müller D.",), "content/drivers/dirk-mueller.yaml")
RAST = KnownDriver("rene-rast", "René Rast", (), "content/drivers/rene-rast.yaml")
SOERENSEN = KnownDriver("marco-soerensen", "Marco Sørensen", (), "content/drivers/marco-soerensen.yaml")
WIRDHEIM = KnownDriver("bjoern-wirdheim", "Björn Wirdheim", (), "content/drivers/bjoern-wirdheim.yaml")
STROEM = KnownDriver("henrik-stroem", "Henrik Strøm", ("Henrik Stroem",), "content/drivers/henrik-stroem.yaml")
NAMES = DriverNames([MUELLER, RAST, SOERENSEN, WIRDHEIM, STROEM])


@pytest.mark.parametrize(
    ("written", "driver"),
    [
        ("Dirk Müller", MUELLER),
        ("DIRK MÜLLER", MUELLER),
        ("Dirk MUELLER", MUELLER),  # ue for ü
        ("Dirk MULLER", MUELLER),  # without the diacritic
        ("  dirk   müller ", MUELLER),
        ("Dirk Mu\u0308ller", MUELLER),  # ü decomposed
        ("Müller D.", MUELLER),  # an alias
        ("MUELLER D.", MUELLER),
        ("Rene RAST", RAST),
        ("RENÉ RAST", RAST),
        ("Marco SORENSEN", SOERENSEN),
        ("Marco Soerensen", SOERENSEN),
        ("Bjorn Wirdheim", WIRDHEIM),
        ("Bjoern WIRDHEIM", WIRDHEIM),
        ("Henrik STRØM", STROEM),
    ],
)
def test_a_name_matches_whatever_its_case_diacritics_and_transliteration(written: str, driver: KnownDriver) -> None:
    assert NAMES.match(written) == driver


def test_eszett_is_ss_both_ways() -> None:
    assert spellings("Weiß") == spellings("WEISS") == frozenset({"weiss"})


def test_an_unmatched_name_comes_with_the_closest_driver() -> None:
    assert NAMES.match("Dirk Muler") == Unmatched(MUELLER)
    assert NAMES.match("Rene Rost") == Unmatched(RAST)
    assert NAMES.match("Mueller Dirk") != MUELLER
    assert DriverNames([]).match("Dirk Müller") == Unmatched(None)


def test_a_name_of_two_drivers_is_ambiguous() -> None:
    other = KnownDriver("dieter-mueller", "Dieter Müller", ("Dirk Mueller",), "content/drivers/dieter-mueller.yaml")
    assert DriverNames([MUELLER, other]).match("DIRK MUELLER") == Ambiguous((other, MUELLER))
