"""The read stage: contents that override what is on disk."""

from __future__ import annotations

from conftest import Site

from generator.read import read_content

REPORT = "content/reports/2023-spa-race-2.en.md"


def test_an_override_is_read_in_place_of_the_file_on_disk(site: Site) -> None:
    on_disk = (site.root / REPORT).read_bytes()
    override = on_disk.replace(b'title: "Retirement in race 2"', b"title: Gearbox failure")
    files = read_content(site.root, ("en", "de"), overrides={REPORT: override})
    (document,) = [document for document in files.documents if document.path == REPORT]
    assert isinstance(document.data.value, dict) and document.data.value["title"] == "Gearbox failure"
    assert (site.root / REPORT).read_bytes() == on_disk


def test_an_override_of_a_path_that_is_not_on_disk_is_read_as_a_file(site: Site) -> None:
    path = "content/reports/2023-spa-qualifying.en.md"
    files = read_content(site.root, ("en", "de"), overrides={path: b"---\ntitle: Pole\ndate: 2023-07-28\n---\n"})
    assert [document.id for document in files.documents if document.path == path] == ["2023-spa-qualifying"]
    assert not (site.root / path).exists()
