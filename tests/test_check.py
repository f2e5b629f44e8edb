"""`pitboard check`: all validation plus every internal link of the would-be site; writes nothing."""

from __future__ import annotations

import re

import pytest

from generator.theme_files import default_theme

REPORT = "content/reports/2023-spa-race-1.en.md"


def add_to_body(site, text: str, path: str = REPORT) -> int:
    """Append `text` to a report's body; the line it stands on."""
    file = site.root / path
    lines = file.read_text(encoding="utf-8").splitlines()
    file.write_text("\n".join([*lines, "", text]) + "\n", encoding="utf-8")
    return len(lines) + 2


def test_a_sound_site_passes_and_nothing_is_written(site):
    run = site.run("check")
    assert run.exit_code == 0, run.stderr
    assert re.fullmatch(r"checked \d+ pages and \d+ links: no problems\n", run.stdout)
    assert not site.output.exists()


def test_validation_errors_fail_the_check(site):
    site.write("content/drivers/ben-carter.yaml", "name: Ben Carter\nnationality: XX\n")
    run = site.run("check")
    assert run.exit_code == 1
    assert run.errors == [
        "content/drivers/ben-carter.yaml:2:14: error: nationality: 'XX' is not an ISO 3166-1 alpha-2 country code "
        "(e.g. DE, US, JP)"
    ]


def test_a_broken_link_in_markdown_is_reported_at_its_line(site):
    line = add_to_body(site, "See also [race 3](../2023-spa-race-3/) and [the drivers](../../drivers/).")
    run = site.run("check")
    assert run.exit_code == 1
    assert run.errors == [
        f"{REPORT}:{line}:19: error: broken link '../2023-spa-race-3/' on en/reports/2023-spa-race-1/index.html: "
        "the site has no en/reports/2023-spa-race-3/"
    ]
    assert not site.output.exists()


def test_a_broken_link_after_a_line_separator_is_at_the_line_an_editor_shows(site):
    file = site.root / REPORT
    text = file.read_text(encoding="utf-8") + "\nA line\u2028separator is no line break.\n"
    file.write_text(text + "\nSee also [race 3](../2023-spa-race-3/).\n", encoding="utf-8")
    line = text.count("\n") + 2
    run = site.run("check")
    assert [error.split(": error:")[0] for error in run.errors] == [f"{REPORT}:{line}:19"]


def test_images_root_relative_and_absolute_links_resolve_against_base_url(site):
    # base_url is https://example.org/racing/
    line = add_to_body(
        site,
        "![car](/racing/static/car.jpg) [ok](/racing/en/) [out](/elsewhere/) "
        "[abs](https://example.org/racing/en/drivers/nobody/) [web](https://www.fia.com/) [mail](mailto:a@b.c)",
    )
    run = site.run("check")
    assert run.exit_code == 1
    page = "en/reports/2023-spa-race-1/index.html"
    assert run.errors == [
        f"{REPORT}:{line}:8: error: broken link '/racing/static/car.jpg' on {page}: the site has no static/car.jpg",
        f"{REPORT}:{line}:56: error: broken link '/elsewhere/' on {page}: "
        "it points outside the site, whose pages are below /racing/",
        f"{REPORT}:{line}:75: error: broken link 'https://example.org/racing/en/drivers/nobody/' on {page}: "
        "the site has no en/drivers/nobody/",
    ]


def test_fragments_must_name_an_element(site):
    line = add_to_body(site, "[top](#main) [results](../2023-spa-race-2/#nowhere)")
    run = site.run("check")
    assert run.errors == [
        f"{REPORT}:{line}:24: error: broken link '../2023-spa-race-2/#nowhere' "
        "on en/reports/2023-spa-race-1/index.html: "
        "en/reports/2023-spa-race-2/index.html has no element with id 'nowhere'"
    ]


def test_a_broken_link_in_a_template_is_reported_once_at_the_template_line(site):
    text = (default_theme() / "base.html").read_text()
    site.write_bytes("templates/base.html", text.replace("'static/style.css'|url", "'static/styles.css'|url").encode())
    line = next(number for number, row in enumerate(text.splitlines(), 1) if "static/style.css" in row)
    run = site.run("check")
    assert run.exit_code == 1
    assert len(run.errors) == 1, run.stderr
    assert run.errors[0].startswith(f"templates/base.html:{line}:")
    assert "error: broken link '../static/styles.css' on en/index.html and 27 other pages: " in run.errors[0]
    assert run.errors[0].endswith("the site has no static/styles.css")


def test_a_link_urllib_cannot_read_is_broken_not_a_traceback(site):
    line = add_to_body(site, "See [this](http://[) page.")
    run = site.run("check")
    assert run.exit_code == 1
    assert run.errors == [
        f"{REPORT}:{line}:12: error: broken link 'http://[' on en/reports/2023-spa-race-1/index.html: "
        "it is not a valid URL"
    ]


@pytest.mark.parametrize("url", ["http://[", "https://example.org:99999/", "https://:80/"])
def test_a_series_url_without_a_host_or_with_a_bad_port_is_an_error(site, url):
    site.write("content/series/endurance-cup.yaml", f"name: Endurance Cup\nurl: '{url}'\n")
    run = site.build()
    assert run.errors == [f"content/series/endurance-cup.yaml:2:6: error: url: '{url}' is not an http(s) URL"]
