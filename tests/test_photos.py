"""Photos on the website (spec section 10): references checked where they are written, every error at its
path:line:col, the markup of the pages, the files of static/media/ and the processed-image cache, through a build."""

from __future__ import annotations

import io
import json
import re

import feedparser
import pytest
from conftest import copy_site, parse_html
from PIL import ExifTags, Image
from test_images import iptc_segment, with_png_size

from generator.build import SiteBuilder, build_site
from generator.cache import BuildCache
from generator.markup import MarkedImage
from generator.media import MediaFiles
from generator.photos import locate_images

REPORT = "content/reports/2023-spa-race-1.en.md"
REPORT_DE = "content/reports/2023-spa-race-1.de.md"
EVENT = "content/events/2023-spa.yaml"
DRIVER = "content/drivers/anna-berg.yaml"
ENTRIES = """entries:
  - car: Testwagen GT3
    number: 7
    drivers: [anna-berg, ben-carter]
    position: 1
"""


def jpeg(
    width: int = 96,
    height: int = 64,
    color: tuple[int, int, int] = (200, 30, 40),
    artist: str | None = None,
    gps: bool = False,
) -> bytes:
    """A small JPEG; with `artist`, its EXIF names that credit."""
    image = Image.new("RGB", (width, height), color)
    image.paste((20, 40, 200), (width // 2, 0, width, height))
    exif = Image.Exif()
    if artist:
        exif[ExifTags.Base.Artist] = artist
    if gps:
        exif[ExifTags.Base.Make] = "Camera"
        exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def with_photos(site, *names: str, artist: str | None = "Test Photographer") -> None:
    for index, name in enumerate(names):
        site.write_bytes(f"content/media/{name}", jpeg(color=(40 * index % 255, 90, 60), artist=artist))


def report_with(site, front_matter: str, body: str = "Anna Berg won.", path: str = REPORT) -> None:
    site.write(path, "---\n" + front_matter.strip("\n") + "\n---\n" + body + "\n")


SPA = "title: Win\ndate: 2023-07-29\nevent: 2023-spa\nrace: race-1\n" + ENTRIES


def only_error(site, command: str = "build") -> str:
    run = site.run(command)
    assert run.exit_code == 1, run.stdout + run.stderr
    assert len(run.errors) == 1, run.stderr
    assert "Traceback" not in run.stderr
    return run.errors[0]


# Errors, each at the node that states it ----------------------------------------------------------------------------


class TestErrors:
    def test_a_missing_file_with_did_you_mean(self, site):
        with_photos(site, "spa/start.jpg")
        report_with(site, SPA + "photos:\n  - file: spa/strat.jpg\n    alt: Start\n")
        assert only_error(site) == (
            f"{REPORT}:12:11: error: photos[0].file: no such file content/media/spa/strat.jpg "
            "(did you mean 'spa/start.jpg'?)"
        )

    def test_a_missing_markdown_photo_with_did_you_mean_as_the_author_writes_it(self, site):
        with_photos(site, "spa/start.jpg")
        report_with(site, SPA, body="Text.\n\nA photo: ![The start](../media/spa/strat.jpg)")
        assert only_error(site) == (
            f"{REPORT}:14:10: error: image '../media/spa/strat.jpg': no such file content/media/spa/strat.jpg "
            "(did you mean '../media/spa/start.jpg'?)"
        )

    def test_a_file_that_cannot_be_read(self, site):
        site.write_bytes("content/media/broken.jpg", b"not a photo")
        report_with(site, SPA + "photos:\n  - file: broken.jpg\n    alt: Start\n    credit: Team\n")
        assert only_error(site) == (
            f"{REPORT}:12:11: error: photos[0].file: content/media/broken.jpg: "
            "the file is not a JPEG, PNG or WebP image that can be read"
        )

    def test_a_file_that_is_not_the_type_its_extension_says(self, site):
        site.write_bytes("content/media/start.png", jpeg())
        report_with(site, SPA + "photos:\n  - file: start.png\n    alt: Start\n    credit: Team\n")
        assert only_error(site) == (
            f"{REPORT}:12:11: error: photos[0].file: content/media/start.png: the file is a JPEG image, "
            "but its extension '.png' says PNG: rename it to '.jpg'"
        )

    def test_an_image_over_100_megapixels(self, site):
        small = io.BytesIO()
        Image.new("RGB", (8, 8)).save(small, "PNG")
        site.write_bytes("content/media/huge.png", with_png_size(small.getvalue(), 12000, 9000))
        report_with(site, SPA + "photos:\n  - file: huge.png\n    alt: Start\n    credit: Team\n")
        assert only_error(site) == (
            f"{REPORT}:12:11: error: photos[0].file: content/media/huge.png: the image is 12000 x 9000 pixels "
            "(108 megapixels), over the limit of 100 megapixels: scale it down"
        )

    def test_a_faulty_file_is_reported_at_every_reference_to_it(self, site):
        site.write_bytes("content/media/broken.jpg", b"not a photo")
        report_with(
            site,
            SPA + "photos:\n  - file: broken.jpg\n    alt: Start\n    credit: Team\n",
            body="![Start](../media/broken.jpg)",
        )
        run = site.build()
        assert run.errors == [
            f"{REPORT}:12:11: error: photos[0].file: content/media/broken.jpg: "
            "the file is not a JPEG, PNG or WebP image that can be read",
            f"{REPORT}:16:1: error: image '../media/broken.jpg': content/media/broken.jpg: "
            "the file is not a JPEG, PNG or WebP image that can be read",
        ]

    def test_a_missing_alt_for_a_language_of_the_report(self, site):
        with_photos(site, "start.jpg")
        report_with(site, SPA + "photos:\n  - file: start.jpg\n    alt: { en: The start }\n")
        assert only_error(site) == (
            f"{REPORT}:13:10: error: photos[0].alt: no text in 'de' (the language of {REPORT_DE}); "
            "write one in each language, or one text for all"
        )

    def test_a_missing_alt_is_reported_in_the_file_that_states_photos(self, site):
        with_photos(site, "start.jpg")
        report_with(
            site,
            "title: Sieg\ndate: 2023-07-29\nphotos:\n  - file: start.jpg\n    alt: { de: Der Start }\n",
            path=REPORT_DE,
        )
        assert only_error(site) == (
            f"{REPORT_DE}:6:10: error: photos[0].alt: no text in 'en' (the language of {REPORT}); "
            "write one in each language, or one text for all"
        )

    def test_no_alt_at_all(self, site):
        with_photos(site, "start.jpg")
        report_with(site, SPA + "photos:\n  - file: start.jpg\n")
        assert only_error(site) == f"{REPORT}:12:5: error: missing required field 'photos[0].alt'"

    def test_an_empty_alt_in_the_front_matter(self, site):
        with_photos(site, "start.jpg")
        report_with(site, SPA + 'photos:\n  - file: start.jpg\n    alt: " "\n')
        assert only_error(site) == f"{REPORT}:13:10: error: photos[0].alt: must not be empty"

    def test_an_empty_alt_in_markdown(self, site):
        with_photos(site, "start.jpg")
        report_with(site, SPA, body="Anna Berg won.\n\nThe grid: ![](../media/start.jpg)")
        assert only_error(site) == (
            f"{REPORT}:14:11: error: image '../media/start.jpg' has no alt text: describe what the photo shows "
            "for readers who cannot see it, ![…](../media/start.jpg)"
        )

    def test_no_credit_in_the_front_matter_nor_in_the_file(self, site):
        with_photos(site, "start.jpg", artist=None)
        report_with(site, SPA + "photos:\n  - file: start.jpg\n    alt: Start\n")
        assert only_error(site) == (
            f"{REPORT}:12:5: error: photos[0]: no credit: content/media/start.jpg names none (IPTC Credit or By-line, "
            'XMP photoshop:Credit or dc:creator, EXIF Artist or Copyright); add credit: "…"'
        )

    def test_no_credit_in_the_file_of_a_markdown_photo(self, site):
        with_photos(site, "start.jpg", artist=None)
        report_with(site, SPA, body="Anna Berg won.\n\n![The start](../media/start.jpg)")
        assert only_error(site) == (
            f"{REPORT}:14:1: error: image '../media/start.jpg': no credit: content/media/start.jpg names none "
            "(IPTC Credit or By-line, XMP photoshop:Credit or dc:creator, EXIF Artist or Copyright); "
            "write the credit into the file's metadata"
        )

    def test_a_portrait_without_credit(self, site):
        with_photos(site, "anna.jpg", artist=None)
        site.write(DRIVER, "name: Anna Berg\nnationality: SE\nportrait:\n  file: anna.jpg\n")
        assert only_error(site) == (
            f"{DRIVER}:4:3: error: portrait: no credit: content/media/anna.jpg names none (IPTC Credit or By-line, "
            'XMP photoshop:Credit or dc:creator, EXIF Artist or Copyright); add credit: "…"'
        )

    def test_a_front_matter_path_that_leaves_content_media(self, site):
        with_photos(site, "start.jpg")
        report_with(site, SPA + "photos:\n  - file: ../reports/start.jpg\n    alt: Start\n")
        assert only_error(site) == (
            f"{REPORT}:12:11: error: photos[0].file: '../reports/start.jpg' leaves content/media/: "
            "name a file below it, e.g. '2024-daytona/pit.jpg'"
        )

    def test_a_markdown_path_that_leaves_content_media(self, site):
        report_with(site, SPA, body="Anna Berg won.\n\nSee ![The logo](../../templates/static/favicon.svg).")
        assert only_error(site) == (
            f"{REPORT}:14:5: error: image '../../templates/static/favicon.svg' leaves content/media/: a photo is a "
            "file there, written relative to this file, e.g. '../media/2024-daytona/pit.jpg'"
        )

    def test_an_event_photo_needs_an_alt_in_every_language_of_the_site(self, site):
        with_photos(site, "spa.jpg")
        site.write(
            EVENT, (site.root / EVENT).read_text(encoding="utf-8") + "photo:\n  file: spa.jpg\n  alt: { en: Spa }\n"
        )
        line = (site.root / EVENT).read_text(encoding="utf-8").count("\n")
        assert only_error(site) == (
            f"{EVENT}:{line}:8: error: photo.alt: no text in 'de' (a language of the site); "
            "write one in each language, or one text for all"
        )

    def test_an_image_in_a_driver_bio_is_placed_in_the_yaml_file_and_relative_to_it(self, site):
        site.write(DRIVER, "name: Anna Berg\nbio:\n  en: |\n    Swedish driver.\n\n    ![Anna](../media/ana.jpg)\n")
        with_photos(site, "anna.jpg")
        assert only_error(site) == (
            f"{DRIVER}:6:5: error: image '../media/ana.jpg': no such file content/media/ana.jpg "
            "(did you mean '../media/anna.jpg'?)"
        )

    def test_photos_are_checked_in_a_file_with_other_errors_and_in_a_draft(self, site):
        report_with(site, SPA + "laps: 3\nphotos:\n  - file: nothing.jpg\n    alt: X\n")
        report_with(
            site, "title: Sieg\ndate: 2023-07-29\ndraft: true\n", body="![Start](../media/nothing.jpg)", path=REPORT_DE
        )
        run = site.build()
        assert run.errors == [
            f"{REPORT_DE}:6:1: error: image '../media/nothing.jpg': no such file content/media/nothing.jpg",
            f"{REPORT}:11:1: error: unknown field 'laps'",
            f"{REPORT}:13:11: error: photos[0].file: no such file content/media/nothing.jpg",
        ]

    def test_translations_that_disagree_on_photos(self, site):
        with_photos(site, "start.jpg", "pit.jpg")
        report_with(site, SPA + "photos:\n  - file: start.jpg\n    alt: Start\n")
        report_with(site, "title: Sieg\ndate: 2023-07-29\nphotos:\n  - file: pit.jpg\n    alt: Start\n", path=REPORT_DE)
        assert only_error(site) == (
            f"{REPORT}:12:11: error: translations disagree: photos[0].file: start.jpg vs pit.jpg in {REPORT_DE}"
        )

    def test_a_stray_file_in_content_media(self, site):
        site.write("content/media/notes.txt", "x")
        assert only_error(site) == (
            "content/media/notes.txt:1:1: error: stray file: content/media/ holds only photos: "
            ".jpg, .jpeg, .png or .webp files"
        )


def test_check_names_unreferenced_media_as_warnings_and_passes(site):
    with_photos(site, "spa/start.jpg", "unused.jpg")
    report_with(site, SPA + "photos:\n  - file: spa/start.jpg\n    alt: Start\n")
    run = site.run("check")
    assert run.exit_code == 0, run.stderr
    assert run.stderr == "content/media/unused.jpg:1:1: warning: not used by any page; it is not published\n"
    assert run.stdout.startswith("checked ")


def test_where_markdown_images_stand():
    text = "One ![a](x.jpg) and ![b](x.jpg)\n\n`![c](y.jpg)` ![c](y.jpg)\n![Ref][r]\n\n[r]: z.jpg\n"
    images = [
        MarkedImage(0, "x.jpg", "a", None),
        MarkedImage(1, "x.jpg", "b", None),
        MarkedImage(2, "y.jpg", "c", None),
        MarkedImage(3, "z.jpg", "Ref", None),
    ]
    offsets = locate_images(text, images)
    assert [text[offset : offset + 4] for offset in offsets] == ["![a]", "![b]", "![c]", "![Re"]


# The website --------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    """The fixture site with photos in every place content can name one, built once."""
    site = copy_site("basic", tmp_path_factory.mktemp("photos"))
    site.write_bytes("content/media/spa/start.jpg", jpeg(2000, 1000, artist="Ann Lens", gps=True))
    site.write_bytes("content/media/spa/pit.jpg", jpeg(640, 480, (10, 120, 30)))
    site.write_bytes(
        "content/media/spa/podium.jpg",
        jpeg(500, 600, (200, 200, 30))[:2]
        + iptc_segment(((2, 110), b"Agency Credit"))
        + jpeg(500, 600, (200, 200, 30))[2:],
    )
    site.write_bytes("content/media/drivers/anna.jpg", jpeg(300, 400, (90, 90, 90), artist="Team Photo"))
    site.write_bytes("content/media/unused.jpg", jpeg())
    report_with(
        site,
        SPA
        + """photos:
  - file: spa/start.jpg
    alt: { en: "The start at Spa", de: "Der Start in Spa" }
    caption: { en: "Lights out.", de: "Start frei." }
  - file: spa/pit.jpg
    alt: "A pit stop"
    credit: "Pit Crew Press"
  - file: spa/podium.jpg
    alt: { en: "The podium", de: "Das Podium" }
""",
        body='Anna Berg won.\n\n![The grid before the start](../media/spa/start.jpg "On the grid")\n\n'
        "Later ![Podium](../media/spa/podium.jpg) and ![Remote](https://example.com/remote.png).",
    )
    site.write(DRIVER, "name: Anna Berg\nnationality: SE\nportrait: { file: drivers/anna.jpg }\n")
    site.write(
        EVENT,
        (site.root / EVENT).read_text(encoding="utf-8")
        + "photo:\n  file: spa/pit.jpg\n  alt: A pit stop at Spa\n  credit: Circuit Press\n",
    )
    run = site.build()
    assert run.exit_code == 0, run.stderr
    return site


def test_the_lead_photo_is_a_figure_above_the_text_loaded_first(photo_site):
    soup = photo_site.soup("en/reports/2023-spa-race-1/index.html")
    lead = soup.select_one("article.report > figure.lead-photo")
    assert lead is not None
    assert lead.find_next_sibling("div", class_="prose") is not None  # above the text
    image = lead.select_one("picture > img")
    assert image["fetchpriority"] == "high" and "loading" not in image.attrs
    assert image["alt"] == "The start at Spa"
    assert (image["width"], image["height"]) == ("2000", "1000")
    assert image["src"].endswith("-2000.jpg")
    assert lead.figcaption.get_text(" ", strip=True) == "Lights out. Photo: Ann Lens"
    german = photo_site.soup("de/berichte/2023-spa-race-1/index.html").select_one("figure.lead-photo")
    assert german.img["alt"] == "Der Start in Spa"  # inherited from the English translation
    assert german.figcaption.get_text(" ", strip=True) == "Start frei. Foto: Ann Lens"


def test_every_photo_is_a_responsive_picture(photo_site):
    soup = photo_site.soup("en/reports/2023-spa-race-1/index.html")
    picture = soup.select_one("figure.lead-photo picture")
    sources = picture.find_all("source")
    assert [source["type"] for source in sources] == ["image/avif", "image/webp"]
    for element in (*sources, picture.img):
        widths = [int(candidate.split()[1].rstrip("w")) for candidate in element["srcset"].split(", ")]
        assert widths == [480, 960, 1600, 2000]  # never upscaled: the original's own width is the largest
        assert element["sizes"] == "(min-width: 64rem) 62rem, (min-width: 40rem) calc(100vw - 2rem), 100vw"
    for image in soup.select("img")[1:]:
        if image["src"].startswith("https://"):
            continue
        assert image["loading"] == "lazy" and image["decoding"] == "async"


def test_the_other_photos_are_a_gallery_linking_to_their_largest_variant(photo_site):
    soup = photo_site.soup("en/reports/2023-spa-race-1/index.html")
    gallery = soup.select("section.gallery li figure")
    assert [figure.img["alt"] for figure in gallery] == ["A pit stop", "The podium"]
    link = gallery[0].a["href"]
    assert re.fullmatch(r"\.\./\.\./\.\./static/media/pit-[0-9a-f]{10}-640\.jpg", link)
    assert (photo_site.output / "en/reports/2023-spa-race-1" / link).resolve().is_file()
    assert [figure.figcaption.get_text(strip=True) for figure in gallery] == [
        "Photo: Pit Crew Press",
        "Photo: Agency Credit",  # the front matter's credit, and the file's IPTC credit
    ]


def test_markdown_photos_become_pictures_and_urls_stay(photo_site):
    prose = photo_site.soup("en/reports/2023-spa-race-1/index.html").select_one(".prose")
    alone = prose.select_one("figure.text-photo")
    assert alone.img["alt"] == "The grid before the start"
    assert alone.figcaption.get_text(" ", strip=True) == "On the grid Photo: Ann Lens"
    inline = prose.select_one("p .inline-photo")
    assert inline.img["alt"] == "Podium" and "Photo: Agency Credit" in inline.get_text()
    assert prose.find("img", src="https://example.com/remote.png")["alt"] == "Remote"
    assert "data-pitboard-photo" not in str(prose) and "../media/" not in str(prose)


def test_open_graph_twitter_and_json_ld(photo_site):
    soup = photo_site.soup("en/reports/2023-spa-race-1/index.html")
    meta = {
        tag.get("property") or tag.get("name"): tag["content"] for tag in soup.find_all("meta") if tag.get("content")
    }
    assert re.fullmatch(r"https://example\.org/racing/static/media/start-[0-9a-f]{10}-og\.jpg", meta["og:image"])
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["og:image:alt"] == "The start at Spa"
    assert meta["twitter:card"] == "summary_large_image"
    assert (photo_site.output / meta["og:image"].removeprefix("https://example.org/racing/")).is_file()
    article = json.loads(soup.find("script", type="application/ld+json").string)
    assert [(image["caption"], image["creditText"], image["width"], image["height"]) for image in article["image"]] == [
        ("Lights out.", "Ann Lens", 2000, 1000),
        ("A pit stop", "Pit Crew Press", 640, 480),
        ("The podium", "Agency Credit", 500, 600),
    ]
    assert all(image["@type"] == "ImageObject" for image in article["image"])
    assert article["image"][0]["contentUrl"].startswith("https://example.org/racing/static/media/start-")
    assert article["image"][0]["contentUrl"].endswith("-2000.jpg")
    plain = photo_site.soup("en/reports/2023-spa-race-2/index.html")
    assert plain.find("meta", property="og:image") is None
    assert plain.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"


@pytest.mark.parametrize(
    "page",
    [
        "en/index.html",
        "de/index.html",
        "en/reports/index.html",
        "de/berichte/index.html",
        "en/events/2023-spa/index.html",
        "en/drivers/ben-carter/index.html",
        "en/series/endurance-cup/index.html",
        "de/seasons/2023/index.html",
    ],
)
def test_every_list_of_reports_shows_a_thumbnail_of_the_lead_photo(photo_site, page):
    soup = photo_site.soup(page)
    with_photo = [card for card in soup.select(".report-card, .featured-report") if card.select_one("picture")]
    assert len(with_photo) == 1, page
    image = with_photo[0].select_one("picture img")
    assert image["alt"] in ("The start at Spa", "Der Start in Spa")


def test_a_driver_page_shows_the_portrait_and_an_event_page_its_photo(photo_site):
    portrait = photo_site.soup("en/drivers/anna-berg/index.html").select_one("figure.portrait")
    assert portrait.img["alt"] == "Anna Berg"
    assert portrait.figcaption.get_text(strip=True) == "Photo: Team Photo"
    event = photo_site.soup("de/events/2023-spa/index.html")
    assert event.select_one("figure.lead-photo img")["alt"] == "A pit stop at Spa"
    assert event.find("meta", property="og:image")["content"].endswith("-640.jpg")


def test_the_feed_shows_photos_by_absolute_url(photo_site):
    entries = feedparser.parse(photo_site.page("en/feed.xml")).entries
    entry = next(entry for entry in entries if entry.link.endswith("/2023-spa-race-1/"))
    sources = [image["src"] for image in parse_html(entry.content[0].value).find_all("img")]
    assert all(src.startswith(("https://example.org/racing/static/media/", "https://example.com/")) for src in sources)
    assert len(sources) == 4


def test_static_media_holds_the_variants_without_metadata_and_no_unused_photo(photo_site):
    files = sorted(path.name for path in (photo_site.output / "static/media").iterdir())
    assert not any(name.startswith("unused") for name in files)
    assert {name.rsplit(".", 1)[1] for name in files} == {"avif", "webp", "jpg"}
    assert len([name for name in files if name.endswith("-og.jpg")]) == 1  # the lead photo's only
    for name in files:
        with Image.open(photo_site.output / "static/media" / name) as image:
            assert not image.getexif() and "exif" not in image.info and "xmp" not in image.info, name


# The processed-image cache, through the build -----------------------------------------------------------------------


def test_a_rebuild_processes_no_photo_and_one_new_photo_is_processed_alone(site):
    with_photos(site, "start.jpg", "pit.jpg")
    report_with(site, SPA + "photos:\n  - file: start.jpg\n    alt: Start\n  - file: pit.jpg\n    alt: Pit\n")
    first = build_site(site.root)
    assert (first.photos.published, first.photos.processed) == (2, 2)
    assert build_site(site.root).photos.processed == 0
    with_photos(site, "podium.jpg")
    report_with(
        site,
        SPA + "photos:\n  - file: start.jpg\n    alt: Start\n  - file: pit.jpg\n    alt: Pit\n"
        "  - file: podium.jpg\n    alt: Podium\n",
    )
    third = build_site(site.root)
    assert (third.photos.published, third.photos.processed) == (3, 1)
    assert site.build().stdout.endswith(", 3 photos (0 processed)\n")


def test_serve_rebuilds_without_reading_an_unchanged_photo(site, monkeypatch):
    with_photos(site, "start.jpg")
    report_with(site, SPA + "photos:\n  - file: start.jpg\n    alt: Start\n")
    builder = SiteBuilder(site.root, BuildCache(site.root / ".pitboard-cache"))
    builder.build(site.output)

    def refuse(self, name):
        raise AssertionError(f"read {name}")

    monkeypatch.setattr(MediaFiles, "_read", refuse)
    report_with(site, SPA + "photos:\n  - file: start.jpg\n    alt: Start again\n")
    result = builder.build(site.output)
    assert "en/reports/2023-spa-race-1/index.html" in result.rendered
    assert 'alt="Start again"' in site.page("en/reports/2023-spa-race-1/index.html")
    builder.cache.close()


def test_a_build_without_cache_publishes_the_photos_and_keeps_nothing(site, tmp_path):
    with_photos(site, "start.jpg")
    report_with(site, SPA + "photos:\n  - file: start.jpg\n    alt: Start\n")
    run = site.build("--no-cache")
    assert run.exit_code == 0, run.stderr
    assert any((site.output / "static/media").glob("start-*-96.jpg"))
    assert not (site.root / ".pitboard-cache/images").exists()


def test_processed_photos_outlive_a_cache_of_another_version(site, monkeypatch):
    with_photos(site, "start.jpg")
    report_with(site, SPA + "photos:\n  - file: start.jpg\n    alt: Start\n")
    assert build_site(site.root).photos.processed == 1
    monkeypatch.setattr("generator.cache.code_version", lambda: "0.0.0+other")
    assert build_site(site.root).photos.processed == 0
