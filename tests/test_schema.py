"""JSON Schema for editors: generated from the schema models, and committed up to date."""

from __future__ import annotations

import json

from conftest import REPO, run_cli

from generator.schema import SCHEMAS


def test_writes_one_schema_a_content_kind(tmp_path):
    run = run_cli("schema", str(tmp_path))
    assert run.exit_code == 0, run.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "driver.schema.json",
        "event.schema.json",
        "page.schema.json",
        "report.schema.json",
        "series.schema.json",
    ]
    report = json.loads((tmp_path / "report.schema.json").read_text())
    assert report["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert report["additionalProperties"] is False
    assert report["required"] == ["title", "date"]
    entry = report["$defs"]["EntryFields"]
    assert "class" in entry["properties"]
    assert entry["properties"]["status"]["anyOf"][0]["enum"] == ["finished", "dnf", "dns", "dsq", "nc"]
    assert entry["properties"]["fastest_lap"]["anyOf"][0]["pattern"] == r"^[0-9]+:[0-5][0-9]\.[0-9]{3}$"


def test_the_default_folder_is_schemas_of_the_site(site):
    assert site.run("schema").exit_code == 0
    assert (site.root / "schemas/event.schema.json").is_file()


def test_the_committed_schemas_are_current(tmp_path):
    """After changing generator/schema.py, run `pitboard schema` and commit schemas/."""
    run_cli("schema", str(tmp_path))
    for kind in SCHEMAS:
        name = f"{kind.value}.schema.json"
        assert (REPO / "schemas" / name).read_text() == (tmp_path / name).read_text(), f"schemas/{name} is stale"
