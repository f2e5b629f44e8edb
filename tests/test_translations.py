"""`pitboard translations`: a table of every report and the languages it lacks."""

from __future__ import annotations


def test_lists_every_report_and_what_it_lacks(site):
    run = site.run("translations")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines() == [
        "report           en   de   lacks",
        "2023-spa-race-2  yes  -    de",
        "2023-spa-race-1  yes  yes",
        "2 reports, 1 lacking a language",
    ]


def test_a_draft_translation_is_shown_and_still_lacking(site):
    site.write("content/reports/2023-spa-race-2.de.md", "---\ntitle: Ausfall\ndate: 2023-07-30\ndraft: true\n---\n")
    site.write(
        "content/reports/2023-spa-test.de.md", "---\ntitle: Test\ndate: 2023-07-28\ndraft: true\nevent: 2023-spa\n---\n"
    )
    run = site.run("translations")
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines() == [
        "report           en   de     lacks",
        "2023-spa-race-2  yes  draft  de",
        "2023-spa-race-1  yes  yes",
        "2023-spa-test    -    draft  en, de",
        "3 reports, 2 lacking a language",
    ]


def test_a_site_with_errors_shows_them_and_exits_1(site):
    site.write("content/reports/2023-spa-race-2.de.md", "---\ntitle: Ausfall\n---\n")
    run = site.run("translations")
    assert run.exit_code == 1
    assert run.errors == ["content/reports/2023-spa-race-2.de.md:2:1: error: missing required field 'date'"]
    assert run.stdout == ""
