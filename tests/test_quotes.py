"""Quotes (spec 11): a report translation's own `quotes`, by a driver (`by`, linked) or by anyone else (`name`,
`role`); shown after the body as a blockquote with a cite, and on the driver's page in that page's language."""

from __future__ import annotations

from conftest import Site

REPORT = "content/reports/2023-spa-race-1.en.md"
REPORT_DE = "content/reports/2023-spa-race-1.de.md"
FACTS = """\
event: 2023-spa
race: race-1
entries:
  - {car: Testwagen GT3, number: 7, drivers: [anna-berg, ben-carter], position: 1}
"""


def english_report(site: Site, quotes: str, facts: str = FACTS) -> None:
    """The English translation of race 1 with `quotes` (YAML lines) after its facts; front matter from line 2."""
    site.write(REPORT, f"---\ntitle: Win at Spa\ndate: 2023-07-29\n{facts}{quotes}---\nAnna Berg won.\n")


def german_report(site: Site, quotes: str) -> None:
    site.write(REPORT_DE, f"---\ntitle: Sieg in Spa\ndate: 2023-07-29\n{quotes}---\nAnna Berg gewann.\n")


def errors_of(site: Site) -> list[str]:
    run = site.build()
    assert run.exit_code == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    return run.errors


def built(site: Site) -> Site:
    run = site.build()
    assert run.exit_code == 0, run.stderr
    return site


def test_a_quote_by_a_driver_and_one_by_anyone_else_follow_the_body(site):
    english_report(
        site,
        """\
quotes:
  - by: anna-berg
    text: "It was a perfect race for us."
  - name: Max Ruland
    role: { de: Teamchef, en: Team Principal }
    text: "Anna's start won it."
""",
    )
    page = built(site).soup("en/reports/2023-spa-race-1/index.html")
    section = page.select_one("article > section.quotes")
    assert section.find_previous_sibling("div")["class"] == ["prose"]
    assert section.h2.get_text() == "Quotes"
    figures = section.select("figure.quote")
    assert [figure.blockquote.get_text(strip=True) for figure in figures] == [
        "It was a perfect race for us.",
        "Anna\u2019s start won it.",
    ]
    assert [figure.figcaption.cite.get_text() for figure in figures] == ["Anna Berg", "Max Ruland, Team Principal"]
    assert figures[0].cite.a["href"] == "../../drivers/anna-berg/"
    assert figures[1].cite.a is None


def test_a_role_is_shown_in_the_page_language_or_marked_in_the_one_it_has(site):
    german_report(
        site,
        """\
quotes:
  - name: Max Ruland
    role: { en: Team Principal }
    text: "Annas Start hat das Rennen entschieden."
""",
    )
    cite = built(site).soup("de/berichte/2023-spa-race-1/index.html").select_one("figure.quote cite")
    assert cite.get_text() == "Max Ruland, Team Principal"
    assert cite.select_one(".role span")["lang"] == "en"


def test_quotes_are_typeset_in_the_language_of_their_translation(site):
    german_report(site, 'quotes:\n  - by: ben-carter\n    text: Ein "perfekter" Tag.\n')
    quote = built(site).soup("de/berichte/2023-spa-race-1/index.html").select_one("figure.quote blockquote")
    assert quote.get_text(strip=True) == "Ein \u201eperfekter\u201c Tag."


def test_quotes_belong_to_their_translation_and_are_not_inherited(site):
    english_report(site, 'quotes:\n  - by: anna-berg\n    text: "Perfect."\n')
    built(site)
    assert site.soup("en/reports/2023-spa-race-1/index.html").select("figure.quote")
    assert not site.soup("de/berichte/2023-spa-race-1/index.html").select(".quotes, figure.quote")


def test_a_driver_page_lists_the_drivers_quotes_in_its_language_each_linked_to_its_report(site):
    english_report(
        site,
        """\
quotes:
  - by: anna-berg
    text: "Perfect."
  - by: ben-carter
    text: "Ben's words."
""",
    )
    german_report(site, 'quotes:\n  - by: anna-berg\n    text: "Perfekt."\n')
    site.write(
        "content/reports/2023-spa-race-2.en.md",
        """
---
title: Retirement in race 2
date: 2023-07-30
event: 2023-spa
race: race-2
quotes:
  - by: anna-berg
    text: "The gearbox gave up."
  - name: Anna Berg's mechanic
    text: "Not a driver's quote."
---
Gearbox.
""",
    )
    built(site)
    english = site.soup("en/drivers/anna-berg/index.html").select("section.quotes figure.quote")
    assert [figure.blockquote.get_text(strip=True) for figure in english] == ["The gearbox gave up.", "Perfect."]
    assert [figure.cite.a["href"] for figure in english] == [
        "../../reports/2023-spa-race-2/",
        "../../reports/2023-spa-race-1/",
    ]
    assert english[0].figcaption.get_text(" ", strip=True) == "Retirement in race 2 , 30 July 2023"
    german = site.soup("de/fahrer/anna-berg/index.html").select("section.quotes figure.quote")
    assert [figure.blockquote.get_text(strip=True) for figure in german] == ["Perfekt."]
    assert german[0].cite.a["href"] == "../../berichte/2023-spa-race-1/"
    assert site.soup("de/fahrer/anna-berg/index.html").select_one("section.quotes h2").get_text() == "Zitate"
    assert not site.soup("en/drivers/carla-diaz/index.html").select(".quotes")


def test_a_quote_by_an_unknown_driver_says_did_you_mean(site):
    english_report(site, "quotes:\n  - by: ana-berg\n    text: Perfect.\n")
    assert errors_of(site) == [
        f"{REPORT}:9:9: error: unknown driver 'ana-berg' (no content/drivers/ana-berg.yaml) (did you mean 'anna-berg'?)"
    ]


def test_a_quote_by_a_driver_and_a_name_is_an_error_at_the_later_node(site):
    english_report(site, "quotes:\n  - by: anna-berg\n    name: Anna Berg\n    text: Perfect.\n")
    assert errors_of(site) == [
        f"{REPORT}:10:11: error: quotes[0]: a quote has either 'by' (a driver) or 'name' (anyone else), not both; "
        "remove one"
    ]


def test_a_quote_by_no_one_is_an_error_at_the_quote(site):
    english_report(site, "quotes:\n  - role: Team Principal\n    text: Perfect.\n")
    assert errors_of(site) == [
        f"{REPORT}:9:5: error: quotes[0]: missing 'by' or 'name': who said it? by: a driver id, or name: (and role:) "
        "for anyone else"
    ]


def test_a_quote_without_text_is_an_error_at_the_quote(site):
    english_report(site, "quotes:\n  - by: anna-berg\n")
    assert errors_of(site) == [f"{REPORT}:9:5: error: missing required field 'quotes[0].text'"]


def test_an_empty_quote_text_is_an_error_at_the_text(site):
    english_report(site, 'quotes:\n  - by: anna-berg\n    text: ""\n')
    assert errors_of(site) == [f"{REPORT}:10:11: error: quotes[0].text: must not be empty"]


def test_a_role_in_an_unknown_language_is_an_error_at_its_key(site):
    english_report(site, "quotes:\n  - name: Max Ruland\n    role: { en: Boss, fr: Patron }\n    text: Perfect.\n")
    assert errors_of(site) == [
        f"{REPORT}:10:23: error: quotes[0].role: unknown language 'fr' (configured languages: 'en', 'de')"
    ]


def test_quote_rules_hold_in_a_report_with_an_error_elsewhere(site):
    english_report(
        site,
        "quotes:\n  - text: Perfect.\n  - by: anna-berg\n    name: Anna\n    text: Fine.\n",
        facts="event: 2023-spa\nrace: race-1\nsumary: typo\n",
    )
    assert errors_of(site) == [
        f"{REPORT}:6:1: error: unknown field 'sumary' (did you mean 'summary'?)",
        f"{REPORT}:8:5: error: quotes[0]: missing 'by' or 'name': who said it? by: a driver id, or name: (and role:) "
        "for anyone else",
        f"{REPORT}:10:11: error: quotes[1]: a quote has either 'by' (a driver) or 'name' (anyone else), not both; "
        "remove one",
    ]
