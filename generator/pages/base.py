"""What every kind of page has: its key, where it lives, its languages and what its base template shows.

A page is named by a PageKey (kind, language, id). Its PageType knows which keys exist,
where each page lives, in which languages it exists, and what its template is given
(`context`). What a page depends on is not declared: it is what its context reads of the
site, which the build records (see `dependencies`), and its fingerprint is taken over
everything the template is given (see `render`), so the two cannot drift apart.
Nothing here touches the disk.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from ..config import SiteConfig
from ..model import Driver, Event, Series, Site
from ..urls import relative_url


class PageKind(enum.Enum):
    ROOT = "root"
    HOME = "home"
    REPORT_LIST = "reports"
    REPORT = "report"
    DRIVER_LIST = "drivers"
    DRIVER = "driver"
    EVENT_LIST = "events"
    EVENT = "event"
    SERIES = "series"
    SEASON = "season"
    PAGE = "page"
    NOT_FOUND = "404"
    SEARCH = "search"
    FEED = "feed"
    CALENDAR = "calendar"
    SITEMAP = "sitemap"
    ROBOTS = "robots"


@dataclass(frozen=True, slots=True)
class PageKey:
    kind: PageKind
    lang: str = ""
    id: str = ""


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """The switcher's link to another language: the same page, or a fallback if untranslated."""

    lang: str
    path: str
    translated: bool


@dataclass(frozen=True, slots=True)
class Alternate:
    hreflang: str
    url: str


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What every page's base template needs: where it is and its other languages.

    `link_prefix` is None for pages that link relatively; the 404 page, which a server
    shows at any path, links from the path of base_url instead.
    """

    key: PageKey
    lang: str
    path: str
    section: str
    title: str
    description: str
    canonical: str
    alternates: tuple[Alternate, ...]
    switcher: tuple[LanguageLink, ...]
    link_prefix: str | None = None

    def link(self, target: str) -> str:
        if self.link_prefix is not None:
            return self.link_prefix + target
        return relative_url(self.path, target)


@dataclass(frozen=True, slots=True)
class PageLink:
    """A free page as every page's footer links to it."""

    title: str
    path: str


@dataclass(frozen=True, slots=True)
class Navigation:
    """The site-wide links of one language: its title, sections, feed and free pages."""

    lang: str
    title: str
    home: str
    reports: str
    drivers: str
    events: str
    feed: str
    pages: tuple[PageLink, ...]
    search: str | None  # None when the site has no search


Context = Mapping[str, object]


class Paths:
    """Where pages live, relative to the site root: each kind of page's own rule, and the
    section names (`[languages.de.sections]`) those rules are made of."""

    def __init__(self, config: SiteConfig, page_types: Mapping[PageKind, PageType]):
        self.config = config
        self._page_types = page_types
        self._showing = {shown: page_type for page_type in page_types.values() for shown in page_type.shows}
        self._sections = {language.code: language.sections for language in config.languages}
        self._known: dict[PageKey, str] = {}  # a page's path, once worked out: pages link to each other a lot

    @property
    def page_types(self) -> Mapping[PageKind, PageType]:
        return self._page_types

    def home(self, lang: str) -> str:
        return f"{lang}/"

    def section(self, lang: str, name: str) -> str:
        return f"{lang}/{self._sections[lang][name]}/"

    def absolute(self, path: str) -> str:
        return self.config.base_url + path

    def page(self, kind: PageKind, lang: str = "", page_id: str = "") -> str:
        return self.of_key(PageKey(kind, lang, page_id))

    def of_key(self, key: PageKey) -> str:
        path = self._known.get(key)
        if path is None:
            path = self._known[key] = self._page_types[key.kind].path(self, key)
        return path

    def of(self, value: object, lang: str) -> str:
        """The page that shows `value` (a driver, an event, a report translation…) in `lang`."""
        page_type = self._showing.get(type(value))
        if page_type is None:
            raise TypeError(f"no page shows a {type(value).__name__}")
        return self.of_key(page_type.key_of(value, lang))


class PageType(ABC):
    """One kind of page; subclasses fill in what differs."""

    kind: PageKind
    template: str | None  # the Jinja template that renders the page; None for a file `generate` writes
    section: str = ""
    in_sitemap: bool = True
    searchable: bool = False  # its pages go into the search index (their templates mark what is indexed)
    shows: tuple[type, ...] = ()  # the kinds of value whose page this is: `{{ value|url }}` links here

    @abstractmethod
    def keys(self, site: Site) -> Iterator[PageKey]:
        """Every page of this kind the site has."""

    @abstractmethod
    def path(self, paths: Paths, key: PageKey) -> str:
        """Where the page lives, relative to the site root."""

    @abstractmethod
    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        """What the template gets besides `page`, `language` and `nav`: frozen values only."""

    def generate(self, values: Context) -> bytes:
        """The file of a page that no template renders (`template` None), from its context alone."""
        raise NotImplementedError(f"{type(self).__name__} is rendered from {self.template}")

    def key_of(self, value: object, lang: str) -> PageKey:
        """The page of `value` (an instance of `shows`) in `lang`."""
        raise TypeError(f"{type(self).__name__} shows no {type(value).__name__}")

    def existing_languages(self, site: Site, key: PageKey) -> tuple[str, ...]:
        """The languages in which this page exists."""
        return site.languages

    def fallback(self, site: Site, paths: Paths, key: PageKey, lang: str) -> str:
        """Where the language switcher goes for a language the page does not exist in."""
        return paths.home(lang)

    def title(self, site: Site, key: PageKey) -> str:
        """The title of an entity's page; pages titled by a UI string set it in the template."""
        return ""

    def description(self, site: Site, key: PageKey) -> str:
        return site.config.language(key.lang).description or ""

    def alternates(self, site: Site, paths: Paths, key: PageKey) -> tuple[Alternate, ...]:
        """hreflang alternates: every language version, and x-default."""
        existing = self.existing_languages(site, key)
        versions = [
            Alternate(lang, paths.absolute(self.path(paths, PageKey(key.kind, lang, key.id)))) for lang in existing
        ]
        default = site.config.default_language if site.config.default_language in existing else existing[0]
        x_default = paths.absolute(self.path(paths, PageKey(key.kind, default, key.id)))
        return (*versions, Alternate("x-default", x_default))

    def link_prefix(self, site: Site) -> str | None:
        return None

    def markdown_sources(self, site: Site, key: PageKey) -> Iterable[tuple[str, str]]:
        """(file, HTML of its Markdown) of what the page shows from content, to trace a broken link to."""
        return ()


class LanguagePage(PageType):
    """A page that exists once in every configured language (home, lists, feeds)."""

    def keys(self, site: Site) -> Iterator[PageKey]:
        for lang in site.languages:
            yield PageKey(self.kind, lang)


class EntityPage(PageType):
    """A page per entity (driver, event, series, season), in every configured language."""

    @abstractmethod
    def entity_ids(self, site: Site) -> Iterable[str]:
        """The ids of the entities that get a page."""

    def keys(self, site: Site) -> Iterator[PageKey]:
        for entity_id in self.entity_ids(site):
            for lang in site.languages:
                yield PageKey(self.kind, lang, entity_id)

    def key_of(self, value: object, lang: str) -> PageKey:
        assert isinstance(value, Driver | Event | Series)
        return PageKey(self.kind, lang, str(value.id))
