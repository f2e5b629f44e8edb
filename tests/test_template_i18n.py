"""UI strings translated when a template compiles."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from generator.template_i18n import CompiledTranslations

GERMAN = {
    "Drivers": "Fahrer",
    "Season %(year)s": "Saison %(year)s",
    "All reports from %(event)s": "Alle Berichte: %(event)s",
}


def environment() -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, extensions=["jinja2.ext.i18n", CompiledTranslations])
    env.install_null_translations(newstyle=True)
    env.extend(translate_ui=lambda message: GERMAN.get(message, message))
    return env


def test_a_literal_message_is_a_constant_of_the_compiled_template():
    compiled = environment().compile('<h1>{{ _("Drivers") }}</h1>', raw=True)
    assert "Fahrer" in compiled
    assert "gettext" not in compiled


def test_arguments_are_formatted_and_escaped_and_markup_stays_markup():
    template = environment().from_string(
        '{{ _("Season %(year)s", year=year) }}|{{ _("All reports from %(event)s", event=name) }}|'
        '{{ _("All reports from %(event)s", event=marked) }}'
    )
    html = template.render(year=2024, name="<b>Spa</b>", marked=Markup('<span lang="en">Spa</span>'))
    assert html == 'Saison 2024|Alle Berichte: &lt;b&gt;Spa&lt;/b&gt;|Alle Berichte: <span lang="en">Spa</span>'


def test_calls_it_cannot_compile_are_left_to_gettext_at_render_time():
    template = environment().from_string('{{ _(message) }} {{ ngettext("%(num)d lap", "%(num)d laps", 2) }}')
    assert template.render(message="Drivers") == "Drivers 2 laps"
