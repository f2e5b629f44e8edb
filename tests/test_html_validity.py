"""Every page of every built site, its stylesheet and its icon pass the Nu Html Checker."""

from __future__ import annotations

from pathlib import Path

import pytest
from webcheck import tools
from webcheck.figures import count
from webcheck.vnu import validate

pytestmark = pytest.mark.vnu

VALID_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Valid</title></head><body><p>Fine.</p></body></html>
"""


@pytest.fixture(scope="module")
def vnu() -> tuple[str, Path]:
    return tools.java(), tools.vnu_jar()


def checked_files(output: Path) -> list[Path]:
    """The HTML pages, and the CSS and SVG files of the theme."""
    return sorted(path for pattern in ("*.html", "*.css", "*.svg") for path in output.rglob(pattern))


def test_every_page_of_every_site_has_no_vnu_error(built_sites, vnu):
    files = [file for site in built_sites.values() for file in checked_files(site.output)]
    messages = validate(files, *vnu)
    errors = [message for message in messages if message.is_error]
    pages = [file for file in files if file.suffix == ".html"]
    count("vnu: HTML pages validated", len(pages))
    count("vnu: CSS and SVG files validated", len(files) - len(pages))
    count("vnu: errors", len(errors))
    count("vnu: warnings", len(messages) - len(errors))
    assert not errors, "\n".join(map(str, errors))


def test_vnu_reports_an_error_in_a_broken_page(tmp_path, vnu):
    page = tmp_path / "broken.html"
    page.write_text(VALID_PAGE.replace("<p>Fine.</p>", "<ul><p>Not a list item</p></ul>"), encoding="utf-8")
    errors = [message for message in validate([page], *vnu) if message.is_error]
    assert errors and errors[0].path == str(page)
    assert "“p”" in errors[0].text


def test_vnu_reports_an_error_in_a_broken_stylesheet(tmp_path, vnu):
    stylesheet = tmp_path / "style.css"
    stylesheet.write_text("a { colour: red }\n", encoding="utf-8")
    assert [message.is_error for message in validate([stylesheet], *vnu)] == [True]


def test_vnu_finds_nothing_in_a_valid_page(tmp_path, vnu):
    page = tmp_path / "valid.html"
    page.write_text(VALID_PAGE, encoding="utf-8")
    assert validate([page], *vnu) == []
