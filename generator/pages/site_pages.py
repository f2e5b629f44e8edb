"""The pages of the site as a whole: the entry page, free pages, the 404 page, the sitemap, robots.txt."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urlparse

from ..model import PageTranslation, Site
from ..views import rich_text
from .base import Alternate, Context, LanguagePage, Navigation, PageKey, PageKind, PageLink, PageType, Paths


def navigation(site: Site, paths: Paths, lang: str) -> Navigation:
    """The site-wide links of `lang`, which every page of that language shows."""
    return Navigation(
        lang=lang,
        title=site.config.language(lang).title,
        home=paths.home(lang),
        reports=paths.page(PageKind.REPORT_LIST, lang),
        drivers=paths.page(PageKind.DRIVER_LIST, lang),
        events=paths.page(PageKind.EVENT_LIST, lang),
        feed=paths.page(PageKind.FEED, lang),
        search=paths.page(PageKind.SEARCH, lang) if site.config.search else None,
        pages=tuple(
            PageLink(translation.title, paths.page(PageKind.PAGE, lang, page.id))
            for page in site.pages
            for translation in page.translations
            if translation.lang == lang
        ),
    )


def _every_language(site: Site, paths: Paths) -> tuple[Navigation, ...]:
    """Every language's navigation, the default language's first."""
    default = site.config.default_language
    languages = (default, *(lang for lang in site.languages if lang != default))
    return tuple(navigation(site, paths, lang) for lang in languages)


class RootPage(PageType):
    """index.html: links to each language's home and sends the browser to its language."""

    kind = PageKind.ROOT
    template = "root.html"
    in_sitemap = False

    def keys(self, site: Site) -> Iterator[PageKey]:
        yield PageKey(self.kind)

    def path(self, paths: Paths, key: PageKey) -> str:
        return ""

    def alternates(self, site: Site, paths: Paths, key: PageKey) -> tuple[Alternate, ...]:
        homes = [Alternate(lang, paths.absolute(paths.home(lang))) for lang in site.languages]
        return (*homes, Alternate("x-default", paths.absolute(paths.home(site.config.default_language))))

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        navigations = _every_language(site, paths)
        return {
            "navigations": navigations,
            "homes": {version.lang: version.home for version in navigations},
            "default_language": site.config.default_language,
        }


class FreePage(PageType):
    kind = PageKind.PAGE
    template = "page.html"
    shows = (PageTranslation,)
    searchable = True

    def keys(self, site: Site) -> Iterator[PageKey]:
        for page in site.pages:
            for translation in page.translations:
                yield PageKey(self.kind, translation.lang, page.id)

    def key_of(self, value: object, lang: str) -> PageKey:
        assert isinstance(value, PageTranslation)
        return PageKey(self.kind, value.lang, value.page_id)

    def path(self, paths: Paths, key: PageKey) -> str:
        return f"{key.lang}/{key.id}/"

    def existing_languages(self, site: Site, key: PageKey) -> tuple[str, ...]:
        return tuple(translation.lang for translation in site.page_by_id[key.id].translations)

    def title(self, site: Site, key: PageKey) -> str:
        return _translation(site, key).title

    def description(self, site: Site, key: PageKey) -> str:
        return _translation(site, key).summary

    def markdown_sources(self, site: Site, key: PageKey) -> Iterable[tuple[str, str]]:
        translation = _translation(site, key)
        return ((translation.path, translation.body_html),)

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        translation = _translation(site, key)
        return {
            "free_page": translation,
            "body": rich_text(site, translation.body_html, translation.body_photos, key.lang),
        }


def _translation(site: Site, key: PageKey) -> PageTranslation:
    translation = site.page_by_id[key.id].translation(key.lang)
    assert translation is not None, key
    return translation


class NotFoundPage(PageType):
    """404.html: shown by servers at any path, so it links from the path of base_url."""

    kind = PageKind.NOT_FOUND
    template = "404.html"
    in_sitemap = False

    def keys(self, site: Site) -> Iterator[PageKey]:
        yield PageKey(self.kind, site.config.default_language)

    def path(self, paths: Paths, key: PageKey) -> str:
        return "404.html"

    def existing_languages(self, site: Site, key: PageKey) -> tuple[str, ...]:
        return (site.config.default_language,)

    def link_prefix(self, site: Site) -> str | None:
        return urlparse(site.config.base_url).path

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        """Every language's way back into the site; the page speaks them all, the default language first."""
        return {"navigations": _every_language(site, paths)}


class SearchPage(LanguagePage):
    """<lang>/search/: Pagefind's search box and results, in every language of a site with search.

    Not in the sitemap: with no query it shows nothing of its own, so it is nothing for a crawler to list.
    """

    kind = PageKind.SEARCH
    template = "search.html"
    section = "search"
    in_sitemap = False

    def keys(self, site: Site) -> Iterator[PageKey]:
        if site.config.search:
            yield from super().keys(site)

    def path(self, paths: Paths, key: PageKey) -> str:
        return paths.section(key.lang, "search")

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        return {}


class SitemapPage(PageType):
    kind = PageKind.SITEMAP
    template = "sitemap.xml"
    in_sitemap = False

    def keys(self, site: Site) -> Iterator[PageKey]:
        yield PageKey(self.kind, site.config.default_language)

    def path(self, paths: Paths, key: PageKey) -> str:
        return "sitemap.xml"

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        listed = (
            (page_type, page_key)
            for page_type in paths.page_types.values()
            if page_type.in_sitemap
            for page_key in page_type.keys(site)
        )
        return {
            "locations": tuple(
                (paths.absolute(page_type.path(paths, page_key)), page_type.alternates(site, paths, page_key))
                for page_type, page_key in listed
            )
        }


class RobotsPage(PageType):
    kind = PageKind.ROBOTS
    template = "robots.txt"
    in_sitemap = False

    def keys(self, site: Site) -> Iterator[PageKey]:
        yield PageKey(self.kind, site.config.default_language)

    def path(self, paths: Paths, key: PageKey) -> str:
        return "robots.txt"

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        return {"sitemap": paths.absolute(paths.page(PageKind.SITEMAP))}
