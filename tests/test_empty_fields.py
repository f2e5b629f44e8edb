"""A field left empty (`key:` with nothing after it, YAML's null): absent when optional, an error when required."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from generator.schema import (
    DriverFile,
    EntryFields,
    EventFile,
    PageFrontMatter,
    RaceFields,
    ReportFrontMatter,
    SeriesFile,
)

# Each model of the content with its required fields only.
REQUIRED_ONLY = {
    ReportFrontMatter: {"title": "Win", "date": "2023-07-29"},
    PageFrontMatter: {"title": "About"},
    DriverFile: {"name": "Anna Berg"},
    EventFile: {"name": "Spa", "season": 2023, "start": "2023-07-28"},
    RaceFields: {"id": "race-1", "name": "Race 1"},
    SeriesFile: {"name": "Endurance Cup"},
    EntryFields: {"car": "Testwagen GT3", "drivers": ["anna-berg"]},
}
REPORT = "content/reports/2023-spa-race-2.en.md"


@pytest.mark.parametrize("model", REQUIRED_ONLY, ids=lambda model: model.__name__)
def test_every_optional_field_left_empty_is_as_if_absent(model):
    optional = [field.alias or name for name, field in model.model_fields.items() if not field.is_required()]
    assert optional
    data = REQUIRED_ONLY[model]
    assert model.model_validate({**data, **dict.fromkeys(optional)}) == model.model_validate(data)


def test_an_empty_status_is_finished_and_an_empty_draft_is_no_draft(site):
    site.write(
        REPORT,
        """
        ---
        title: A podium
        date: 2023-07-30
        draft:
        event: 2023-spa
        race: race-2
        entries:
          - car: Testwagen GT3
            drivers: [anna-berg, ben-carter]
            status:
            position: 3
        ---
        Third.
    """,
    )
    run = site.build()
    assert run.exit_code == 0, run.stderr
    assert "A podium" in site.page("en/reports/2023-spa-race-2/index.html")


def test_a_required_field_left_empty_must_not_be_empty_at_its_value(site):
    site.write("content/drivers/ben-carter.yaml", "nationality: GB\nname:\n")
    run = site.build()
    assert run.exit_code == 1
    assert run.errors == ["content/drivers/ben-carter.yaml:2:6: error: name: must not be empty"]


def test_editors_accept_an_empty_optional_field_too(tmp_path):
    assert run_cli("schema", str(tmp_path)).exit_code == 0
    entry = json.loads((tmp_path / "report.schema.json").read_text())["$defs"]["EntryFields"]
    for name, field in entry["properties"].items():
        allows_null = {"type": "null"} in field.get("anyOf", [])
        assert allows_null == (name not in entry["required"]), name


@pytest.mark.parametrize(
    ("path", "old", "new", "error"),
    [
        ("content/drivers/ben-carter.yaml", "name: Ben Carter", 'name: " "', "1:7: error: name: must not be empty"),
        ("content/pages/about.en.md", "title: About", "title: '\u00a0'", "2:8: error: title: must not be empty"),
        (
            "content/events/2023-spa.yaml",
            'en: "Endurance Cup – Spa"',
            'en: "  "',
            "1:7: error: name: the text for 'en' must not be empty",
        ),
        (
            "content/series/endurance-cup.yaml",
            'name: { de: "Langstrecken-Cup", en: "Endurance Cup" }',
            'name: ""',
            "1:7: error: name: must not be empty",
        ),
    ],
    ids=["driver name (a traceback once)", "page title", "event name per language", "series name"],
)
def test_a_text_of_only_spaces_is_empty(site, path, old, new, error):
    text = (site.root / path).read_text()
    assert old in text
    site.write(path, text.replace(old, new))
    run = site.build()
    assert run.exit_code == 1
    assert run.errors == [f"{path}:{error}"]
