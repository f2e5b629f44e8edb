"""sitemap.xml checked: well-formed XML, and hreflang alternates that agree with each other.

Alternates are reciprocal when every page of a cluster lists the same set: itself under
its own language, each translation under its language, and x-default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree import ElementTree

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
X_DEFAULT = "x-default"


@dataclass(slots=True)
class SitemapCheck:
    urls: list[str] = field(default_factory=list)
    alternates: int = 0
    problems: list[str] = field(default_factory=list)


def check_sitemap(text: str, html_lang_at: Callable[[str], str | None]) -> SitemapCheck:
    check = SitemapCheck()
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        check.problems.append(f"not well-formed XML: {error}")
        return check
    if root.tag != f"{SITEMAP}urlset":
        check.problems.append(f"the root element is {root.tag}, not a sitemap urlset")
    clusters: dict[str, dict[str, str]] = {}
    for url in root.iter(f"{SITEMAP}url"):
        loc = url.findtext(f"{SITEMAP}loc", "").strip()
        links = url.findall(f"{XHTML}link")
        check.urls.append(loc)
        check.alternates += len(links)
        clusters[loc] = {link.get("hreflang"): link.get("href") for link in links}
        if len(clusters[loc]) != len(links):
            check.problems.append(f"{loc}: an hreflang is listed twice")
    if len(clusters) != len(check.urls):
        check.problems.append("a <loc> is listed twice")
    for loc, alternates in clusters.items():
        check.problems.extend(f"{loc}: {problem}" for problem in _url_problems(loc, alternates, clusters, html_lang_at))
    return check


def _url_problems(
    loc: str,
    alternates: dict[str, str],
    clusters: dict[str, dict[str, str]],
    html_lang_at: Callable[[str], str | None],
) -> list[str]:
    lang = html_lang_at(loc)
    if lang is None:
        return ["no page of the site is there"]
    versions = {hreflang: href for hreflang, href in alternates.items() if hreflang != X_DEFAULT}
    problems = []
    if versions.get(lang) != loc:
        problems.append(f"does not list itself as its hreflang={lang} alternate")
    if X_DEFAULT not in alternates:
        problems.append("has no x-default alternate")
    elif alternates[X_DEFAULT] not in versions.values():
        problems.append(f"its x-default {alternates[X_DEFAULT]} is not one of its language versions")
    for hreflang, href in versions.items():
        if html_lang_at(href) != hreflang:
            problems.append(f"alternate {href} is not a page in {hreflang}")
        elif href not in clusters:
            problems.append(f"alternate {href} is not in the sitemap")
        elif clusters[href] != alternates:
            problems.append(f"alternate {href} lists other alternates: {clusters[href]} (not reciprocal)")
    return problems
