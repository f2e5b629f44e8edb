"""The pages of drivers: the list of every driver, and a driver's page."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Driver, Site
from ..views import localized_html, photo_view, quotes_of, report_items, results_by_season
from .base import Context, EntityPage, LanguagePage, PageKey, PageKind, Paths


class DriverListPage(LanguagePage):
    kind = PageKind.DRIVER_LIST
    template = "driver-list.html"
    section = "drivers"

    def path(self, paths: Paths, key: PageKey) -> str:
        return paths.section(key.lang, "drivers")

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        return {"drivers": site.drivers, "stats": site.stats}


class DriverPage(EntityPage):
    kind = PageKind.DRIVER
    template = "driver.html"
    section = "drivers"
    shows = (Driver,)
    searchable = True

    def entity_ids(self, site: Site) -> Iterable[str]:
        return (driver.id for driver in site.drivers)

    def path(self, paths: Paths, key: PageKey) -> str:
        return f"{paths.section(key.lang, 'drivers')}{key.id}/"

    def title(self, site: Site, key: PageKey) -> str:
        return site.driver_by_id[key.id].name

    def markdown_sources(self, site: Site, key: PageKey) -> Iterable[tuple[str, str]]:
        driver = site.driver_by_id[key.id]
        return tuple((driver.path, text) for _, text in driver.bio_html.texts) if driver.bio_html else ()

    def context(self, site: Site, paths: Paths, key: PageKey) -> Context:
        driver = site.driver_by_id[key.id]
        return {
            "driver": driver,
            "bio": localized_html(site, driver.bio_html, driver.bio_photos, key.lang),
            "portrait": photo_view(site, driver.portrait, key.lang) if driver.portrait else None,
            "stats": site.stats[driver.id],
            "seasons": results_by_season(site, driver, key.lang),
            "featured": report_items(site, site.reports_featuring.get(driver.id, ()), key.lang),
            "mentioned": report_items(site, site.reports_mentioning.get(driver.id, ()), key.lang),
            "quotes": quotes_of(site, driver, key.lang),
        }
