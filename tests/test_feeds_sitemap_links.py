"""Feeds, sitemap, robots.txt and every internal link of every built site."""

from __future__ import annotations

from pathlib import Path

from webcheck.feeds import check_feed
from webcheck.figures import count
from webcheck.links import LinkChecker
from webcheck.sitemap import check_sitemap

from generator.pages import FEED_SIZE

BASE_URL = "https://example.org/racing/"


def test_every_feed_parses_and_holds_only_reports_in_its_language(built_site):
    for lang in built_site.languages:
        feed = (built_site.output / lang / "feed.xml").read_text(encoding="utf-8")
        check = check_feed(feed, lang, built_site.html_lang_at)
        reports = {built_site.url(page) for page in built_site.pages if page.kind == "report" and page.lang == lang}
        count("feeds: entries checked", len(check.entry_links))
        assert not check.problems, f"{lang}/feed.xml: " + "\n".join(check.problems)
        assert set(check.entry_links) <= reports
        assert len(check.entry_links) == min(FEED_SIZE, len(reports))


def test_sitemap_is_well_formed_and_its_hreflang_alternates_are_reciprocal(built_site):
    check = check_sitemap((built_site.output / "sitemap.xml").read_text(encoding="utf-8"), built_site.html_lang_at)
    count("sitemap: URLs checked", len(check.urls))
    count("sitemap: hreflang alternates checked", check.alternates)
    assert not check.problems, "\n".join(check.problems)


def test_sitemap_lists_every_page_but_the_entry_page_the_404_page_and_the_search_pages(built_site):
    check = check_sitemap((built_site.output / "sitemap.xml").read_text(encoding="utf-8"), built_site.html_lang_at)
    pages = {built_site.base_url + file.removesuffix("index.html") for file in built_site.html_files()}
    searches = {built_site.base_url + f"{lang}/search/" for lang in built_site.languages}
    assert set(check.urls) == pages - {built_site.base_url, built_site.base_url + "404.html"} - searches


def test_robots_txt_points_to_the_sitemap(built_site):
    robots = (built_site.output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {built_site.base_url}sitemap.xml" in robots.splitlines()


def test_every_internal_link_image_stylesheet_and_script_resolves(built_site):
    report = LinkChecker(built_site.output, built_site.base_url).check_site()
    count("links: internal links checked", report.checked)
    assert report.checked > 0
    assert not report.broken, "\n".join(map(str, report.broken))


# The checkers themselves, on deliberately broken input.

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Feed</title><id>{base}en/feed.xml</id><updated>2023-07-30T00:00:00Z</updated>
  <entry>
    <title>Win</title><id>{base}en/reports/win/</id><link href="{base}en/reports/win/"/>
    <updated>2023-07-29T00:00:00Z</updated><summary>In English.</summary>
  </entry>
  <entry xml:lang="de">
    <title>Sieg</title><id>{base}de/berichte/sieg/</id><link href="{base}de/berichte/sieg/"/>
    <updated>2023-07-29T00:00:00Z</updated><summary>Auf Deutsch.</summary>
  </entry>
</feed>
""".replace("{base}", BASE_URL)

PAGE_LANGUAGES = {f"{BASE_URL}en/reports/win/": "en", f"{BASE_URL}de/berichte/sieg/": "de"}


def test_the_feed_check_reports_an_entry_in_another_language():
    check = check_feed(ATOM, "en", PAGE_LANGUAGES.get)
    assert check.entry_links == list(PAGE_LANGUAGES)
    assert check.problems == [
        f"entry {BASE_URL}de/berichte/sieg/: its title is in de",
        f"entry {BASE_URL}de/berichte/sieg/: its summary is in de",
        f"entry {BASE_URL}de/berichte/sieg/: links to a page in de",
    ]


def test_the_feed_check_reports_a_feed_that_does_not_parse():
    check = check_feed(ATOM.replace("</feed>", "</fed>"), "en", PAGE_LANGUAGES.get)
    assert len(check.problems) == 1 and check.problems[0].startswith("does not parse")


def sitemap(*urls: tuple[str, dict[str, str]]) -> str:
    entries = "".join(
        f"<url><loc>{loc}</loc>"
        + "".join(f'<xhtml:link rel="alternate" hreflang="{lang}" href="{href}"/>' for lang, href in alternates.items())
        + "</url>"
        for loc, alternates in urls
    )
    return (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
        f"{entries}</urlset>"
    )


EN, DE = f"{BASE_URL}en/", f"{BASE_URL}de/"
HOMES = {EN: "en", DE: "de"}


def test_the_sitemap_check_accepts_reciprocal_alternates():
    cluster = {"en": EN, "de": DE, "x-default": EN}
    check = check_sitemap(sitemap((EN, cluster), (DE, cluster)), HOMES.get)
    assert (check.urls, check.alternates, check.problems) == ([EN, DE], 6, [])


def test_the_sitemap_check_reports_alternates_that_are_not_reciprocal():
    english = {"en": EN, "de": DE, "x-default": EN}
    german = {"de": DE, "x-default": DE}
    check = check_sitemap(sitemap((EN, english), (DE, german)), HOMES.get)
    assert check.problems == [f"{EN}: alternate {DE} lists other alternates: {german} (not reciprocal)"]


def test_the_sitemap_check_reports_alternates_in_the_wrong_language():
    swapped = {"en": DE, "de": EN, "x-default": EN}
    check = check_sitemap(sitemap((EN, swapped), (DE, swapped)), HOMES.get)
    assert f"{EN}: does not list itself as its hreflang=en alternate" in check.problems
    assert f"{EN}: alternate {DE} is not a page in en" in check.problems


def test_the_sitemap_check_reports_xml_that_is_not_well_formed():
    check = check_sitemap(sitemap((EN, {"en": EN})).replace("</loc>", ""), HOMES.get)
    assert len(check.problems) == 1 and check.problems[0].startswith("not well-formed XML")


def write_pages(output: Path, pages: dict[str, str]) -> None:
    for relative, body in pages.items():
        path = output / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<!DOCTYPE html><html lang="en"><body id="main">{body}</body></html>', encoding="utf-8")


PAGES_WITH_BROKEN_LINKS = {
    "index.html": '<a href="en/">home</a>',
    "static/style.css": "",
    "en/reports/x/index.html": "",
    "en/index.html": """
        <link rel="stylesheet" href="../static/style.css">
        <a href="#main">skip</a> <a href="reports/x/#main">report</a> <a href="https://example.org/racing/en/">me</a>
        <a href="https://elsewhere.example/">external</a> <a href="mailto:team@example.org">mail</a>
        <a href="reports/">folder without index.html</a> <a href="missing/">missing</a>
        <a href="#nowhere">no such id</a> <a href="/elsewhere/">outside base_url</a>
        <img src="photo.jpg" alt="missing image"> <script src="../static/missing.js"></script>
    """,
    "404.html": '<a href="/racing/en/">home</a> <a href="en/">relative</a>',
}


def test_the_link_checker_reports_every_kind_of_broken_link(tmp_path):
    write_pages(tmp_path, PAGES_WITH_BROKEN_LINKS)
    report = LinkChecker(tmp_path, BASE_URL).check_site()
    assert report.checked == 13
    assert [(broken.page, broken.link) for broken in report.broken] == [
        ("404.html", "en/"),
        ("en/index.html", "reports/"),
        ("en/index.html", "missing/"),
        ("en/index.html", "#nowhere"),
        ("en/index.html", "/elsewhere/"),
        ("en/index.html", "photo.jpg"),
        ("en/index.html", "../static/missing.js"),
    ]
    assert str(report.broken[0]) == "404.html: en/: no file no/such/folder/page/en/index.html in the output"
