"""Themes (spec 14): the site's templates/ over the default theme, file by file, catalogs entry by entry;
errors named in the layer they are in; `pitboard theme copy` and `theme list`; the theme's digest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO, Site, run_cli

from generator import theme_files as theme_files_module
from generator.theme_files import Layer, default_theme, default_theme_files, theme_files

DEFAULT = default_theme()
REPORT_DE = "de/berichte/2023-spa-race-1/index.html"
REPORT_EN = "en/reports/2023-spa-race-1/index.html"


def catalog(**translations: str) -> str:
    """A catalog without header: msgid -> msgstr."""
    return "".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in translations.items())


def column_heads(site: Site, page: str) -> list[str]:
    return [cell.get_text() for cell in site.soup(page).select("thead th")]


def line_of(text: str, wanted: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if wanted in line)


def test_a_site_without_templates_builds_with_the_default_theme(site: Site) -> None:
    assert not (site.root / "templates").exists()
    assert site.build().exit_code == 0
    for name in ("style.css", "favicon.svg"):
        assert (site.output / "static" / name).read_bytes() == (DEFAULT / "static" / name).read_bytes()
    assert column_heads(site, REPORT_DE)[1:3] == ["Fahrzeug", "Klasse"]


def test_the_sites_template_static_file_and_catalog_entry_win_the_rest_is_the_default_theme(site: Site) -> None:
    report = (DEFAULT / "report.html").read_text(encoding="utf-8")
    site.write("templates/report.html", report.replace('{{ _("Car") }}</th>', '{{ _("Car") }} (ours)</th>'))
    site.write("templates/static/style.css", "body { color: navy; }\n")
    site.write("templates/translations/de.po", catalog(Car="Wagen"))
    assert site.build().exit_code == 0
    assert column_heads(site, REPORT_DE)[1:3] == ["Wagen (ours)", "Klasse"]  # the rest of de.po: the default's
    assert column_heads(site, REPORT_EN)[1:3] == ["Car (ours)", "Class"]
    assert [link.get_text() for link in site.soup(REPORT_DE).select("nav a[href$='fahrer/']")] == ["Fahrer"]  # base
    assert (site.output / "static/style.css").read_text() == "body { color: navy; }\n"
    assert (site.output / "static/favicon.svg").read_bytes() == (DEFAULT / "static/favicon.svg").read_bytes()


def test_a_catalog_for_a_language_the_default_theme_lacks(site: Site) -> None:
    toml = (site.root / "site.toml").read_text()
    site.write("site.toml", toml + '\n[languages.fr]\ntitle = "Équipe"\nlocale = "fr_FR"\n')
    site.write("templates/translations/fr.po", catalog(Drivers="Pilotes"))
    assert site.build().exit_code == 0
    navigation = [link.get_text() for link in site.soup("fr/index.html").select("nav a")]
    assert "Pilotes" in navigation
    assert "Reports" in navigation  # untranslated: the msgid


def test_an_untranslated_or_fuzzy_entry_of_the_site_leaves_the_default_theme_translation(site: Site) -> None:
    site.write("templates/translations/de.po", catalog(Car="") + '#, fuzzy\nmsgid "Class"\nmsgstr "Kategorie"\n')
    assert site.build().exit_code == 0
    assert column_heads(site, REPORT_DE)[1:3] == ["Fahrzeug", "Klasse"]


def test_a_broken_catalog_of_the_site_is_an_error_at_its_line(site: Site) -> None:
    site.write("templates/translations/de.po", catalog(Car="Wagen") + 'msgid "Class"\nmsgtsr "Klasse"\n')
    assert site.build().errors == [
        "templates/translations/de.po:5:1: error: invalid catalog: Unknown or misformatted keyword"
    ]


def test_a_template_that_is_no_utf8_is_an_error_not_a_traceback(site: Site) -> None:
    site.write_bytes("templates/report.html", b"{% extends 'base.html' %}\n\xff\n")
    assert site.build().errors == [
        "templates/report.html:1:1: error: invalid UTF-8: byte 0xff on line 2; save the file as UTF-8"
    ]


def test_a_template_error_in_a_default_theme_file_is_named_by_its_absolute_path(site: Site) -> None:
    macros = (DEFAULT / "_macros.html").read_text(encoding="utf-8")
    start, end = macros.index("{% macro drivers(entry)"), macros.index("{% macro localized_html")
    site.write("templates/_macros.html", macros[:start] + macros[end:])  # report.html calls drivers()
    run = site.build()
    assert run.exit_code == 1
    report = DEFAULT / "report.html"
    line = line_of(report.read_text(encoding="utf-8"), "drivers(entry)")
    assert [error.split(": error: ")[0] for error in run.errors] == [f"{report}:{line}:1"]


@pytest.fixture
def own_default_theme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the default theme, in place of pitboard's own, for a test to break."""
    folder = tmp_path / "pitboard-theme"
    shutil.copytree(DEFAULT, folder)
    monkeypatch.setattr(theme_files_module, "default_theme", lambda: folder)
    return folder


def test_a_syntax_error_in_a_default_theme_template_is_named_by_its_path(site: Site, own_default_theme: Path) -> None:
    home = own_default_theme / "home.html"
    home.write_text(home.read_text(encoding="utf-8").replace("{% endblock %}", "{% endblok %}", 1))
    run = site.build()
    assert len(run.errors) == 1
    assert run.errors[0].startswith(f"{home}:")


def test_a_broken_link_in_a_default_theme_template_is_at_its_line(site: Site, own_default_theme: Path) -> None:
    base = own_default_theme / "base.html"
    text = base.read_text(encoding="utf-8")
    base.write_text(text.replace("'static/style.css'|url", "'static/styles.css'|url"))
    run = site.run("check")
    assert len(run.errors) == 1, run.stderr
    assert run.errors[0].startswith(f"{base}:{line_of(text, 'static/style.css')}:")
    assert run.errors[0].endswith("the site has no static/styles.css")


def test_a_link_in_templates_that_leaves_the_site_is_an_error_and_nothing_is_read(site: Site, tmp_path: Path) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text("secret outside the site")
    (site.root / "templates/static").mkdir(parents=True)
    os.symlink(secret, site.root / "templates/static/style.css")
    run = site.build()
    assert run.errors == [
        (
            f"templates/static/style.css:1:1: error: symbolic link to {secret}, outside the site: "
            "pitboard reads nothing from outside the site; copy the file into the site instead"
        )
    ]
    assert not site.output.exists()


def test_theme_copy_copies_files_and_folders_of_the_default_theme_into_templates(site: Site) -> None:
    run = site.run("theme", "copy", "report.html", "translations/de.po")
    assert (run.exit_code, run.stdout) == (0, "wrote templates/report.html\nwrote templates/translations/de.po\n")
    run = run_cli("theme", "copy", "static", "--site", str(site.root))
    static = ("favicon.svg", "search.js", "style.css")
    assert (run.exit_code, run.stdout) == (0, "".join(f"wrote templates/static/{name}\n" for name in static))
    for name in ("report.html", "translations/de.po", "static/favicon.svg", "static/style.css"):
        assert (site.root / "templates" / name).read_bytes() == (DEFAULT / name).read_bytes()
    assert site.build().exit_code == 0


def test_theme_copy_never_overwrites_and_then_copies_nothing(site: Site) -> None:
    site.write("templates/static/style.css", "mine\n")
    run = site.run("theme", "copy", "report.html", "static/style.css")
    assert run.exit_code == 2
    assert run.stderr == (
        "pitboard: error: templates/static/style.css already exists; pitboard theme copy never overwrites a file "
        "(delete it first to start again from the default theme's)\n"
    )
    assert (site.root / "templates/static/style.css").read_text() == "mine\n"
    assert not (site.root / "templates/report.html").exists()


def test_theme_copy_refuses_an_unknown_name_with_a_hint(site: Site) -> None:
    run = site.run("theme", "copy", "static", "reprot.html")
    assert run.exit_code == 2
    assert run.stderr == (
        "pitboard: error: the default theme has no 'reprot.html' (did you mean 'report.html'?); "
        "pitboard theme list lists its files\n"
    )
    assert not (site.root / "templates").exists()


def test_theme_list_names_where_each_file_comes_from(site: Site) -> None:
    site.write("templates/report.html", "{% extends 'base.html' %}\n")
    site.write("templates/static/logo.svg", "<svg/>\n")
    site.write("templates/translations/de.po", catalog(Car="Wagen"))
    lines = site.run("theme", "list").stdout.splitlines()
    width = len("translations/messages.pot  ")
    assert f"{'base.html':<{width}}default theme" in lines
    assert f"{'report.html':<{width}}templates/report.html, in place of the default theme's" in lines
    assert f"{'static/logo.svg':<{width}}templates/static/logo.svg" in lines
    expected = "templates/translations/de.po, merged entry by entry with the default theme's"
    assert f"{'translations/de.po':<{width}}{expected}" in lines
    assert len(lines) == len(default_theme_files().by_name) + 1


def test_the_digest_names_the_layer_of_each_file(site: Site) -> None:
    css = (DEFAULT / "static/style.css").read_bytes()
    before = theme_files(site.root)
    site.write_bytes("templates/static/style.css", css)
    after = theme_files(site.root)
    assert [(file.layer, file.content) for file in before.by_name["static/style.css"]] == [(Layer.DEFAULT, css)]
    assert [(file.layer, file.content) for file in after.by_name["static/style.css"]] == [
        (Layer.SITE, css),
        (Layer.DEFAULT, css),
    ]
    assert after.digest != before.digest
    assert theme_files(site.root).digest == after.digest


def test_the_digest_follows_the_sites_files_and_ignores_hidden_and_backup_files(site: Site) -> None:
    site.write("templates/static/extra.css", "p { color: navy; }\n")
    digest = theme_files(site.root).digest
    site.write("templates/static/.extra.css.swp", "swap")
    site.write("templates/static/extra.css~", "backup")
    assert theme_files(site.root).digest == digest
    site.write("templates/static/extra.css", "p { color: teal; }\n")
    assert theme_files(site.root).digest != digest


def test_this_repositorys_site_has_one_layer_for_its_templates_are_the_default_theme() -> None:
    files = theme_files(REPO)
    assert all(len(stack) == 1 for stack in files.by_name.values())
    assert {file.layer for file in files.merged()} == {Layer.SITE}
    assert files.by_name["report.html"][0].shown == "templates/report.html"
