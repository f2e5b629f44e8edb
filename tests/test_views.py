"""The view objects that pages hand to templates, as pure functions of the resolved model."""

from __future__ import annotations

from dataclasses import replace

from markupsafe import escape

from generator.model import Driver, Entry, Localized
from generator.views import LocalizedText, ResultsTable, classification_order, localized_text

LANGUAGES = ("en", "de")
DRIVER = Driver("anna-berg", "content/drivers/anna-berg.yaml", "Anna Berg", "Berg", None, None, (), None)
ENTRY = Entry(
    car="BMW M4 GT3",
    number=None,
    car_class=None,
    team=None,
    drivers=(DRIVER,),
    grid=None,
    position=None,
    status="finished",
    laps=None,
    gap=None,
    fastest_lap=None,
    fastest_lap_by=None,
    fastest_in_class=False,
)


def entry(**fields) -> Entry:
    return replace(ENTRY, **fields)


class TestClassificationOrder:
    def test_by_class_then_finishing_position_not_file_order(self):
        entries = [
            entry(number=24, car_class="GTP", position=8),
            entry(number=25, car_class="GTP", position=7),
            entry(number=1, car_class="GTD Pro", position=3),
        ]
        assert [e.number for e in classification_order(entries)] == [1, 25, 24]

    def test_classified_cars_first_then_by_status_then_car_number(self):
        entries = [
            entry(number=9, status="dns"),
            entry(number=8, status="dnf"),
            entry(number=3, status="dsq"),
            entry(number=5, status="nc"),
            entry(number=2, status="dnf"),
            entry(number=7, position=2),
            entry(status="dnf"),
        ]
        assert [(e.number, e.status) for e in classification_order(entries)] == [
            (7, "finished"),
            (5, "nc"),
            (2, "dnf"),
            (8, "dnf"),
            (None, "dnf"),
            (3, "dsq"),
            (9, "dns"),
        ]

    def test_cars_without_a_class_come_after_the_classes(self):
        entries = [
            entry(number=1, position=1),
            entry(number=2, car_class="gt4", position=1),
            entry(number=3, car_class="GT3", position=1),
        ]
        assert [e.number for e in classification_order(entries)] == [3, 2, 1]


class TestResultsTableColumns:
    def test_a_column_shows_only_if_some_entry_has_a_value(self):
        bare = ResultsTable((entry(), entry(car_class="GTP")))
        assert (bare.has_class, bare.has_grid, bare.has_laps, bare.has_fastest_lap) == (True, False, False, False)
        some = ResultsTable((entry(), entry(grid=1, laps=0, fastest_lap="1:32.136")))
        assert (some.has_class, some.has_grid, some.has_laps, some.has_fastest_lap) == (False, True, True, True)

    def test_fastest_in_class_without_a_lap_time_is_no_lap_time(self):
        assert not ResultsTable((entry(fastest_in_class=True, fastest_lap_by=DRIVER),)).has_fastest_lap


class TestLocalizedText:
    def test_a_mapping_without_the_page_language_falls_back_marked_foreign(self):
        name = localized_text(Localized.of({"en": "Race 1"}, LANGUAGES), "de")
        assert name == LocalizedText("en", "Race 1", foreign=True)

    def test_a_plain_string_is_every_language_and_never_foreign(self):
        assert localized_text(Localized.of("Sprint", LANGUAGES), "de") == LocalizedText("de", "Sprint", foreign=False)

    def test_the_page_language_is_picked_when_there(self):
        name = localized_text(Localized.of({"en": "Race 1", "de": "Rennen 1"}, LANGUAGES), "de")
        assert name == LocalizedText("de", "Rennen 1", foreign=False)

    def test_in_html_a_foreign_text_sits_in_an_element_with_its_lang(self):
        assert escape(LocalizedText("en", "Bits & Pieces", foreign=True)) == '<span lang="en">Bits &amp; Pieces</span>'
        assert escape(LocalizedText("de", "Bits & Pieces", foreign=False)) == "Bits &amp; Pieces"
