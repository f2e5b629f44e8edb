"""What a page depends on is what its context reads of the site (generator/dependencies.py): the build
computes again only the pages that read something that changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Site

from generator.build import SiteBuilder, load_site
from generator.cache import BuildCache
from generator.config import load_config
from generator.dependencies import ReadLog, reading
from generator.pages import PageKey, PageKind
from generator.render import PageInput, SiteRenderer


def computed_pages(builder: SiteBuilder, output: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Builds the site with `builder`; the output files of the pages whose context it computed."""
    computed: set[str] = set()
    page_input = SiteRenderer.page_input

    def noting(renderer: SiteRenderer, key: PageKey, log: ReadLog | None = None) -> PageInput:
        page = page_input(renderer, key, log)
        computed.add(page.output)
        return page

    with monkeypatch.context() as patch:
        patch.setattr(SiteRenderer, "page_input", noting)
        builder.build(output)
    return computed


def retitle_race_2(site: Site) -> None:
    path = site.root / "content/reports/2023-spa-race-2.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Retirement in race 2", "Out in race 2"), "utf-8")


@pytest.fixture
def builder(site: Site) -> Iterator[SiteBuilder]:
    with BuildCache(site.root / ".pitboard-cache") as cache:
        yield SiteBuilder(site.root, cache)


def test_a_build_of_an_unchanged_site_computes_no_page(
    site: Site, builder: SiteBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = computed_pages(builder, site.root / "output", monkeypatch)
    (site.root / "content/drivers/ben-carter.yaml").touch()  # a file seen anew, with the same bytes

    assert "en/reports/2023-spa-race-2/index.html" in first
    assert computed_pages(builder, site.root / "output", monkeypatch) == set()


def test_a_new_title_computes_the_pages_that_show_the_report_and_no_other(
    site: Site, builder: SiteBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed_pages(builder, site.root / "output", monkeypatch)
    retitle_race_2(site)

    computed = computed_pages(builder, site.root / "output", monkeypatch)

    assert {
        "en/reports/2023-spa-race-2/index.html",
        "en/index.html",
        "en/reports/index.html",
        "en/feed.xml",
        "en/events/2023-spa/index.html",
        "en/drivers/anna-berg/index.html",
        "en/drivers/ben-carter/index.html",
    } <= computed
    assert "en/reports/2023-spa-race-1/index.html" not in computed
    assert "en/drivers/carla-diaz/index.html" not in computed  # not in race 2
    assert "en/about/index.html" not in computed


def test_a_page_missing_from_the_output_is_computed_again(
    site: Site, builder: SiteBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed_pages(builder, site.root / "output", monkeypatch)
    (site.root / "output/en/about/index.html").unlink()

    assert computed_pages(builder, site.root / "output", monkeypatch) == {"en/about/index.html"}


def test_each_read_of_a_context_is_noted(site: Site) -> None:
    loaded = load_site(load_config(site.root))
    renderer = SiteRenderer(loaded.site, loaded.theme)
    home, drivers = ReadLog(), ReadLog()

    renderer.page_input(PageKey(PageKind.HOME, "en"), home)
    renderer.page_input(PageKey(PageKind.DRIVER_LIST, "en"), drivers)

    assert ("reports", "slice", (None, 10, None)) in home.reads
    assert ("reports", "len", None) in home.reads
    assert ("reports", "all", None) not in home.reads
    assert ("drivers", "all", None) in drivers.reads  # handed to the template whole


def test_a_context_cannot_read_what_is_not_tracked(site: Site) -> None:
    loaded = load_site(load_config(site.root))
    site_read = reading(loaded.site, ReadLog())

    with pytest.raises(AttributeError, match=r"cannot read Site\.photos"):
        site_read.photos()
