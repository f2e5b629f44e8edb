"""Characters no web page can carry (controls, noncharacters) are refused where content or site.toml holds
them: XML forbids them and HTML turns them into something else."""

from __future__ import annotations

import pytest

PAGE = "content/pages/about.en.md"
DRIVER = "content/drivers/ben-carter.yaml"


def only_error(site) -> str:
    run = site.build()
    assert run.exit_code == 1, run.stdout + run.stderr
    assert not site.output.exists()
    assert len(run.errors) == 1, run.stderr
    return run.errors[0]


@pytest.mark.parametrize(
    ("character", "described"),
    [
        ("\x00", "U+0000 (a control character)"),
        ("\x7f", "U+007F (a control character)"),
        ("\x85", "U+0085 (a control character)"),
        ("\ufdd0", "U+FDD0 (a noncharacter)"),
    ],
)
def test_in_the_text_of_a_file_at_the_character(site, character, described):
    site.write(PAGE, f"---\ntitle: About\n---\nThis is the {character}team.\n")
    assert only_error(site) == f"{PAGE}:4:13: error: {described} cannot appear on a web page; remove it"


@pytest.mark.parametrize("escape", ["\\0", "\\x01", "\\e", "\\r", "\\N", "\\uFFFE", "\\U0001FFFF"])
def test_as_an_escape_in_yaml_at_the_value(site, escape):
    site.write(DRIVER, f'nationality: GB\nname: "Ben{escape}Carter"\n')
    error = only_error(site)
    assert error.startswith(f"{DRIVER}:2:7: error: U+")
    assert error.endswith("cannot appear on a web page; remove it")


def test_as_an_escape_in_site_toml_at_the_value(site):
    config = (site.root / "site.toml").read_text()
    site.write("site.toml", config.replace('title = "Test Team — Race Reports"', 'title = "Test\\u0000Team"'))
    assert only_error(site) == (
        "site.toml:5:9: error: U+0000 (a control character) cannot appear on a web page; remove it"
    )


def test_in_the_output_folder_of_site_toml_no_traceback(site):
    config = (site.root / "site.toml").read_text()
    site.write("site.toml", config + '\n[build]\noutput = "out\\u0000put"\n')
    assert only_error(site).startswith("site.toml:17:10: error: U+0000 (a control character)")


def test_tab_and_line_feed_are_text(site):
    site.write(DRIVER, 'name: "Ben\\tCarter"\nbio: "Line one.\\nLine two."\n')
    assert site.build().exit_code == 0


def test_lone_carriage_returns_end_lines(site):
    site.write_bytes(PAGE, b"---\rtitle: About\r---\rOld Mac line ends.\r")
    assert site.build().exit_code == 0
    assert "Old Mac line ends." in site.page("en/about/index.html")


def test_lines_of_site_toml_are_counted_at_line_feeds_only(site):
    config = (site.root / "site.toml").read_text()
    site.write(
        "site.toml",
        "# a comment with a\u2028line separator and a \x85next line\n"
        + config.replace('default_language = "en"', 'default_language = "fr"'),
    )
    assert only_error(site).startswith("site.toml:3:20: error: default_language 'fr' is not one of the languages")
