"""The synthetic site as a Hugo site, to build the same content with Hugo in the same benchmark run.

One Hugo page per report translation (front matter: title, date, its drivers and event as
taxonomy terms), drivers and events as taxonomies, plain templates that show about what
pitboard's pages show: title, date, event and driver links, the text, lists of 20.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

HUGO_TOML = """\
baseURL = "https://bench.example.org/"
defaultContentLanguage = "en"
title = "Benchmark Racing"
buildFuture = true  # the synthetic seasons run into the future; pitboard builds those reports too

[pagination]
pagerSize = 20

[taxonomies]
driver = "drivers"
event = "events"

[languages.en]
weight = 1
contentDir = "content/en"
languageName = "English"
title = "Benchmark Racing — Reports"

[languages.de]
weight = 2
contentDir = "content/de"
languageName = "Deutsch"
title = "Benchmark Racing — Berichte"
"""

LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ .Title }} – {{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<header><a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "reports/" | relLangURL }}">Reports</a> <a href="{{ "drivers/" | relLangURL }}">Drivers</a>
<a href="{{ "events/" | relLangURL }}">Events</a></nav>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">
{{- .Language.LanguageName }}</a>{{ end }}
</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ range .GetTerms "events" }}· <a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>
<ul>{{ range .GetTerms "drivers" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range (.Paginate .Pages).Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "2 January 2006" }}</time><p>{{ .Summary | plainify }}</p></li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}{{ end }}
""",
    "_default/taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a>
{{ .Count }}</li>{{ end }}</ul>{{ end }}
""",
    "_default/term.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<time>{{ .Date.Format "2 January 2006" }}</time></li>{{ end }}</ul>{{ end }}
""",
}


def write_hugo_site(pitboard_site: Path, root: Path) -> None:
    """A Hugo site at `root` with the reports of the pitboard site at `pitboard_site`."""
    if root.exists():
        shutil.rmtree(root)
    (root / "layouts").mkdir(parents=True)
    (root / "hugo.toml").write_text(HUGO_TOML, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    facts: dict[str, dict] = {}
    reports = sorted((pitboard_site / "content/reports").glob("*.md"))
    for path in reports:  # the English files state the facts, which the German ones inherit
        report_id, lang = path.stem.rsplit(".", 1)
        front, body = _split(path.read_text(encoding="utf-8"))
        if "entries" in front:
            facts[report_id] = front
    for path in reports:
        report_id, lang = path.stem.rsplit(".", 1)
        front, body = _split(path.read_text(encoding="utf-8"))
        shared = facts[report_id]
        drivers = sorted({driver for entry in shared["entries"] for driver in entry["drivers"]})
        page = {
            "title": front["title"],
            "date": str(front["date"]),
            "translationKey": report_id,
            "drivers": drivers,
            "events": [shared["event"]],
        }
        target = root / "content" / lang / "reports" / f"{report_id}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"---\n{yaml.safe_dump(page, allow_unicode=True)}---\n{body}", encoding="utf-8")


def _split(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body
