"""Photos (spec section 10): the [images] settings, inspecting, crediting and processing a photo, and the cache."""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image, ImageCms, JpegImagePlugin, PngImagePlugin

from generator import image_cache
from generator.config import ImageQuality, ImageSettings, load_config
from generator.diagnostics import BuildFailed
from generator.image_cache import ImageCache, ImageSource
from generator.image_metadata import IPTC_BY_LINE, IPTC_CREDIT, credit_of
from generator.images import (
    EncodedImage,
    ImageInfo,
    ImageProblem,
    ProcessedImage,
    decode_size,
    inspect_image,
    open_graph_crop,
    process_image,
    slug,
    variant_formats,
    variant_sizes,
)

SITE_TOML = """\
base_url = "https://example.org/"
default_language = "en"

[languages.en]
title = "Test"

[images]
"""


def config_errors(tmp_path: Path, images_table: str) -> list[str]:
    (tmp_path / "site.toml").write_text(SITE_TOML + images_table, encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        load_config(tmp_path)
    return [diagnostic.format() for diagnostic in failed.value.diagnostics]


class TestSettings:
    def test_defaults(self, tmp_path):
        (tmp_path / "site.toml").write_text(SITE_TOML, encoding="utf-8")
        assert load_config(tmp_path).images == ImageSettings(
            widths=(480, 960, 1600, 2400), formats=("avif", "webp", "jpeg"), quality=ImageQuality(60, 80, 82)
        )

    def test_a_table_of_its_own(self, tmp_path):
        (tmp_path / "site.toml").write_text(
            SITE_TOML + 'widths = [1200, 600]\nformats = ["webp", "png"]\nquality = { webp = 70 }\n', encoding="utf-8"
        )
        assert load_config(tmp_path).images == ImageSettings(
            widths=(600, 1200), formats=("webp", "png"), quality=ImageQuality(avif=60, webp=70, jpeg=82)
        )

    def test_bad_value_through_the_command_line(self, site):
        config = (site.root / "site.toml").read_text(encoding="utf-8")
        line = config.count("\n") + 3
        site.write("site.toml", config + '\n[images]\nformats = ["avif", "jpg"]\n')
        run = site.build()
        assert run.exit_code == 1
        assert run.errors == [
            (
                f"site.toml:{line}:11: error: images.formats[1]: unknown value 'jpg' "
                "(expected one of 'avif', 'webp', 'jpeg', 'png') (did you mean 'jpeg'?)"
            )
        ]
        assert not site.output.exists()

    @pytest.mark.parametrize(
        ("table", "error"),
        [
            ("widths = [480, 0]", "site.toml:8:10: error: images.widths[1]: must be at least 1, got 0"),
            ("widths = [480, 960, 480]", "site.toml:8:10: error: images.widths: 480 is listed twice"),
            ("widths = 480", "site.toml:8:10: error: images.widths: expected a list, got 480"),
            ('formats = ["webp", "webp"]', "site.toml:8:11: error: images.formats: 'webp' is listed twice"),
            ("formats = []", "site.toml:8:11: error: images.formats: must not be empty"),
            ("format = []", "site.toml:8:1: error: unknown field 'images.format' (did you mean 'formats'?)"),
            ("quality = { avif = 101 }", "site.toml:8:20: error: images.quality.avif: must be at most 100, got 101"),
            (
                'quality = { webp = "80" }',
                "site.toml:8:20: error: images.quality.webp: expected a whole number, got '80'",
            ),
            (
                "quality = { avif = 60, jpg = 80 }",
                "site.toml:8:24: error: unknown field 'images.quality.jpg' (did you mean 'jpeg'?)",
            ),
        ],
    )
    def test_bad_value(self, tmp_path, table, error):
        assert config_errors(tmp_path, table + "\n") == [error]


# Test images, made with Pillow ------------------------------------------------------------------------------------


def picture(width: int = 64, height: int = 48, mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: which side ends up where shows how the picture was turned."""
    image = Image.new(mode, (width, height), RED if mode != "RGBA" else (*RED, 255))
    image.paste(BLUE if mode != "RGBA" else (*BLUE, 255), (width // 2, 0, width, height))
    return image


def encoded(image: Image.Image, format: str = "JPEG", **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def with_orientation(orientation: int, width: int = 64, height: int = 48) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    return encoded(picture(width, height), exif=exif)


def iptc_segment(*datasets: tuple[tuple[int, int], bytes]) -> bytes:
    """A JPEG APP13 segment as Photoshop writes it: an 8BIM resource 0x0404 holding IPTC-IIM datasets."""
    iim = b"".join(b"\x1c" + bytes(tag) + len(value).to_bytes(2, "big") + value for tag, value in datasets)
    resource = b"8BIM\x04\x04\x00\x00" + len(iim).to_bytes(4, "big") + iim + b"\x00" * (len(iim) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload


def xmp(attributes: str = "", elements: str = "") -> bytes:
    """An XMP packet whose rdf:Description has the given attributes and child elements."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        f' xmlns:dc="http://purl.org/dc/elements/1.1/" {attributes}>{elements}</rdf:Description>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def creators(*names: str) -> str:
    items = "".join(f"<rdf:li>{name}</rdf:li>" for name in names)
    return f"<dc:creator><rdf:Seq>{items}</rdf:Seq></dc:creator>"


def exif_with(**tags: str | bytes) -> Image.Exif:
    exif = Image.Exif()
    for name, value in tags.items():
        exif[ExifTags.Base[name]] = value
    return exif


def linear_rgb_profile() -> bytes:
    """An ICC v2 RGB profile with sRGB's primaries but a linear tone curve (gamma 1.0)."""

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + b"".join(round(value * 65536).to_bytes(4, "big", signed=True) for value in (x, y, z))

    linear = b"curv\0\0\0\0" + (1).to_bytes(4, "big") + b"\x01\x00\0\0"
    tags = [
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", linear),
        (b"gTRC", linear),
        (b"bTRC", linear),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, data in tags:
        table += signature + (offset + len(body)).to_bytes(4, "big") + len(data).to_bytes(4, "big")
        body += data + b"\0" * (-len(data) % 4)
    size = offset + len(body)
    header = (
        size.to_bytes(4, "big")
        + b"\0\0\0\0"
        + bytes([2, 0x10, 0, 0])
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + b"\0" * 4
        + xyz(0.9642, 1.0, 0.8249)[8:]
        + b"\0" * 48
    )
    return header + len(tags).to_bytes(4, "big") + table + body


def with_png_size(data: bytes, width: int, height: int) -> bytes:
    """A PNG whose header claims another size (with a correct checksum); its pixel data stays as small as it was."""
    ihdr = b"IHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + data[24:29]
    return data[:12] + ihdr + zlib.crc32(ihdr).to_bytes(4, "big") + data[33:]


def with_jpeg_size(data: bytes, width: int, height: int) -> bytes:
    """A JPEG whose frame header (SOF) claims another size."""
    sof = data.index(b"\xff\xc0") if b"\xff\xc0" in data else data.index(b"\xff\xc2")
    return data[: sof + 5] + height.to_bytes(2, "big") + width.to_bytes(2, "big") + data[sof + 9 :]


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


RED = (220, 20, 30)
BLUE = (20, 40, 220)
SMALL_SIZES = ((16, 12), (32, 24), (64, 48))
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
PILLOW_FORMATS = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}


# Inspecting a source ------------------------------------------------------------------------------------------------


class TestInspect:
    def test_a_jpeg(self):
        assert inspect_image(encoded(picture()), ".jpg") == ImageInfo("JPEG", 64, 48, has_alpha=False)

    @pytest.mark.parametrize("extension", [".jpg", ".JPG", ".jpeg", ".Jpeg", "jpg"])
    def test_the_extension_in_any_case(self, extension):
        assert isinstance(inspect_image(encoded(picture()), extension), ImageInfo)

    @pytest.mark.parametrize(
        ("orientation", "size"),
        [(1, (64, 48)), (3, (64, 48)), (5, (48, 64)), (6, (48, 64)), (7, (48, 64)), (8, (48, 64))],
    )
    def test_the_size_as_displayed(self, orientation, size):
        info = inspect_image(with_orientation(orientation), ".jpg")
        assert isinstance(info, ImageInfo)
        assert (info.width, info.height) == size

    def test_png_and_webp(self):
        assert inspect_image(encoded(picture(), "PNG"), ".png") == ImageInfo("PNG", 64, 48, has_alpha=False)
        assert inspect_image(encoded(picture(), "WEBP"), ".webp") == ImageInfo("WEBP", 64, 48, has_alpha=False)

    def test_a_multi_picture_jpeg_is_a_jpeg(self):
        data = encoded(picture(), "MPO", save_all=True, append_images=[picture(32, 24)])
        assert Image.open(io.BytesIO(data)).format == "MPO"
        assert inspect_image(data, ".jpg") == ImageInfo("JPEG", 64, 48, has_alpha=False)

    def test_transparency(self):
        transparent = picture(mode="RGBA")
        transparent.putpixel((3, 3), (0, 0, 0, 0))
        assert inspect_image(encoded(transparent, "PNG"), ".png").has_alpha
        assert inspect_image(encoded(transparent, "WEBP", lossless=True), ".webp").has_alpha
        palette = Image.new("P", (8, 8), 1)
        palette.putpixel((0, 0), 0)
        assert inspect_image(encoded(palette, "PNG", transparency=0), ".png").has_alpha

    def test_an_alpha_channel_that_is_opaque_everywhere_is_no_transparency(self):
        assert not inspect_image(encoded(picture(mode="RGBA"), "PNG"), ".png").has_alpha
        palette = Image.new("P", (8, 8), 1)
        assert not inspect_image(encoded(palette, "PNG", transparency=0), ".png").has_alpha

    def test_a_file_whose_extension_lies(self):
        assert inspect_image(encoded(picture(), "PNG"), ".jpg") == ImageProblem(
            "the file is a PNG image, but its extension '.jpg' says JPEG: rename it to '.png'"
        )
        assert inspect_image(encoded(picture()), ".webp") == ImageProblem(
            "the file is a JPEG image, but its extension '.webp' says WebP: rename it to '.jpg'"
        )
        assert inspect_image(encoded(picture(), "GIF"), ".png") == ImageProblem(
            "the file is a GIF image, but its extension '.png' says PNG: save it as JPEG, PNG or WebP"
        )

    def test_an_extension_that_is_no_photo(self):
        assert inspect_image(encoded(picture(), "GIF"), ".gif") == ImageProblem(
            "'.gif' is not a photo file type: use .jpg, .jpeg, .png or .webp"
        )

    def test_a_file_that_is_no_image(self):
        assert inspect_image(b"<html>Not found</html>", ".jpg") == ImageProblem(
            "the file is not a JPEG, PNG or WebP image that can be read"
        )
        assert inspect_image(b"", ".png") == ImageProblem("the file is not a JPEG, PNG or WebP image that can be read")

    @pytest.mark.parametrize(("format", "extension"), [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")])
    def test_a_truncated_file(self, format, extension):
        data = encoded(Image.effect_noise((640, 480), 40).convert("RGB"), format)
        problem = inspect_image(data[: len(data) * 2 // 3], extension)
        assert isinstance(problem, ImageProblem)
        assert problem.message.startswith("the image is damaged or incomplete and cannot be read: "), problem

    def test_a_decompression_bomb_is_refused_before_decoding(self):
        # The pixel data is that of a 64 x 48 image: decoding it would fail as incomplete, not as too large.
        bomb = with_png_size(encoded(picture(), "PNG"), 12000, 9000)
        assert inspect_image(bomb, ".png") == ImageProblem(
            "the image is 12000 x 9000 pixels (108 megapixels), over the limit of 100 megapixels: scale it down"
        )

    def test_a_decompression_bomb_that_pillow_refuses_to_open(self):
        bomb = with_jpeg_size(encoded(picture()), 65000, 60000)
        assert inspect_image(bomb, ".jpg") == ImageProblem(
            "the image is over the limit of 100 megapixels (possibly a decompression bomb): scale it down"
        )

    def test_100_megapixels_are_allowed(self):
        problem = inspect_image(with_png_size(encoded(picture(), "PNG"), 10000, 10000), ".png")
        assert isinstance(problem, ImageProblem)
        assert "megapixels" not in problem.message
        assert problem.message.startswith("the image is damaged or incomplete")


# Credit from the file -----------------------------------------------------------------------------------------------


class TestCredit:
    def test_iptc_credit_comes_first(self):
        data = encoded(
            picture(),
            extra=iptc_segment((IPTC_BY_LINE, b"Jamey Price"), (IPTC_CREDIT, b"BMW M Motorsport")),
            xmp=xmp(attributes='photoshop:Credit="XMP Credit"'),
            exif=exif_with(Artist="EXIF Artist"),
        )
        assert credit_of(data) == "BMW M Motorsport"

    def test_then_the_iptc_by_lines(self):
        data = encoded(
            picture(),
            extra=iptc_segment((IPTC_BY_LINE, b"Jamey Price"), (IPTC_BY_LINE, b"Richard Prince")),
            xmp=xmp(attributes='photoshop:Credit="XMP Credit"'),
        )
        assert credit_of(data) == "Jamey Price, Richard Prince"

    def test_iptc_text_in_utf8_when_record_1_says_so(self):
        declared = iptc_segment(((1, 90), b"\x1b%G"), (IPTC_CREDIT, "Jörg Müller".encode()))  # 1:90 coded character set
        assert credit_of(encoded(picture(), extra=declared)) == "Jörg Müller"

    def test_iptc_text_in_latin1_otherwise(self):
        data = encoded(picture(), extra=iptc_segment((IPTC_CREDIT, "Jörg Müller".encode("latin-1"))))
        assert credit_of(data) == "Jörg Müller"

    def test_undeclared_iptc_text_that_is_valid_utf8_is_read_as_utf8(self):
        data = encoded(picture(), extra=iptc_segment((IPTC_CREDIT, "Jörg Müller".encode())))
        assert credit_of(data) == "Jörg Müller"

    def test_whitespace_is_trimmed_and_empty_is_absent(self):
        data = encoded(
            picture(),
            extra=iptc_segment((IPTC_CREDIT, b"   "), (IPTC_BY_LINE, b"\t Jamey\r\n  Price ")),
        )
        assert credit_of(data) == "Jamey Price"
        blank = encoded(
            picture(), extra=iptc_segment((IPTC_CREDIT, b" \n")), xmp=xmp(attributes='photoshop:Credit="  "')
        )
        assert credit_of(blank) is None

    def test_xmp_photoshop_credit_as_an_attribute(self):
        data = encoded(picture(), xmp=xmp(attributes='photoshop:Credit="LAT Images"', elements=creators("Someone")))
        assert credit_of(data) == "LAT Images"

    def test_xmp_photoshop_credit_as_an_element_in_a_png(self):
        info = PngImagePlugin.PngInfo()
        packet = xmp(elements="<photoshop:Credit>BMW Group Classic</photoshop:Credit>" + creators("Someone"))
        info.add_itxt("XML:com.adobe.xmp", packet.decode())
        assert credit_of(encoded(picture(), "PNG", pnginfo=info)) == "BMW Group Classic"

    def test_then_the_xmp_creators(self):
        data = encoded(
            picture(), "WEBP", xmp=xmp(elements=creators("Jamey Price", "Richard Prince")), exif=exif_with(Artist="X")
        )
        assert credit_of(data) == "Jamey Price, Richard Prince"

    def test_an_xmp_packet_with_entities_is_not_read(self):
        packet = b'<!DOCTYPE x [<!ENTITY a "LAT">]>' + xmp(attributes='photoshop:Credit="&a;"')
        assert credit_of(encoded(picture(), xmp=packet, exif=exif_with(Artist="Camera Owner"))) == "Camera Owner"

    def test_then_exif_artist(self):
        assert credit_of(encoded(picture(), exif=exif_with(Artist="Jamey Price", Copyright="BMW AG"))) == "Jamey Price"

    def test_then_exif_copyright(self):
        assert credit_of(encoded(picture(), exif=exif_with(Copyright="© 2024 BMW AG".encode()))) == "© 2024 BMW AG"
        both = exif_with(Copyright=b"Jamey Price\x00BMW AG")  # photographer and editor, as EXIF writes them
        assert credit_of(encoded(picture(), exif=both)) == "Jamey Price, BMW AG"

    def test_exif_text_in_utf8(self):
        assert credit_of(encoded(picture(), exif=exif_with(Artist="Jörg Müller".encode()))) == "Jörg Müller"

    def test_no_credit(self):
        assert credit_of(encoded(picture())) is None
        assert credit_of(encoded(picture(), "PNG")) is None
        assert credit_of(b"not an image") is None

    def test_a_damaged_iptc_block_names_no_one_but_the_rest_is_read(self):
        damaged = b"\xff\xed\x00\x18Photoshop 3.0\x008BIM\x04\x04\x00"
        assert credit_of(encoded(picture(), extra=damaged, exif=exif_with(Artist="Jamey Price"))) == "Jamey Price"


# Processing ---------------------------------------------------------------------------------------------------------


SMALL = ImageSettings(widths=(16, 32, 100))


def variant_images(result: EncodedImage) -> dict[str, Image.Image]:
    return {name: opened(data) for name, data in result.files.items()}


def processed(data: bytes, name: str = "photo.jpg", settings: ImageSettings = SMALL, **options: bool) -> EncodedImage:
    result = process_image(data, name, settings, **options)
    assert isinstance(result, EncodedImage), result
    return result


def is_red(pixel: tuple[int, ...]) -> bool:
    return pixel[0] > 150 and pixel[2] < 100


def is_blue(pixel: tuple[int, ...]) -> bool:
    return pixel[2] > 150 and pixel[0] < 100


class TestPlans:
    @pytest.mark.parametrize(
        ("size", "widths", "sizes"),
        [
            ((6000, 4000), (480, 960, 1600, 2400), ((480, 320), (960, 640), (1600, 1067), (2400, 1600))),
            ((1000, 500), (480, 960, 1600, 2400), ((480, 240), (960, 480), (1000, 500))),
            ((960, 640), (480, 960, 1600), ((480, 320), (960, 640))),
            ((2400, 1600), (480, 2400), ((480, 320), (2400, 1600))),
            ((300, 200), (480, 960), ((300, 200),)),
            ((2000, 3000), (480, 2400), ((480, 720), (2000, 3000))),
            ((5000, 1), (480,), ((480, 1),)),
        ],
    )
    def test_variant_sizes_are_never_upscaled(self, size, widths, sizes):
        assert variant_sizes(*size, widths) == sizes

    @pytest.mark.parametrize(
        ("formats", "has_alpha", "made"),
        [
            (("avif", "webp", "jpeg"), False, ("avif", "webp", "jpeg")),
            (("avif", "webp", "jpeg"), True, ("avif", "webp", "png")),
            (("jpeg", "avif"), False, ("avif", "jpeg")),
            (("jpeg", "png"), True, ("png",)),
            (("png", "webp", "jpeg"), False, ("png", "webp", "jpeg")),
            (("webp", "avif"), True, ("webp", "avif")),
        ],
    )
    def test_formats_with_the_fallback_last(self, formats, has_alpha, made):
        assert variant_formats(formats, has_alpha) == made

    @pytest.mark.parametrize(
        ("size", "box", "scaled_to"),
        [
            ((6000, 4000), (0, 425, 6000, 3575), (1200, 630)),
            ((1200, 630), (0, 0, 1200, 630), (1200, 630)),
            ((4000, 1000), (1047, 0, 2952, 1000), (1200, 630)),
            ((800, 600), (0, 90, 800, 510), (800, 420)),
            ((3000, 500), (1024, 0, 1976, 500), (952, 500)),
        ],
    )
    def test_the_open_graph_crop(self, size, box, scaled_to):
        assert open_graph_crop(*size) == (box, scaled_to)

    @pytest.mark.parametrize(
        ("size", "largest", "open_graph", "decoded"),
        [
            ((6000, 4000), 2400, False, (2400, 1600)),
            ((6000, 4000), 480, False, (480, 320)),
            ((6000, 4000), 480, True, (1200, 800)),
            ((1000, 800), 480, True, (1000, 800)),
        ],
    )
    def test_the_size_to_decode_at(self, size, largest, open_graph, decoded):
        assert decode_size(*size, largest, open_graph) == decoded

    @pytest.mark.parametrize(
        ("name", "stem"),
        [
            ("2024-daytona/night-stint.jpg", "night-stint"),
            ("2024-daytona/Nacht-Stint Müller.JPG", "nacht-stint-mueller"),
            ("Ölwechsel_Straße.png", "oelwechsel-strasse"),
            ("Café  (2).webp", "cafe-2"),
            ("日本.jpg", "photo"),
        ],
    )
    def test_slug(self, name, stem):
        assert slug(name) == stem


class TestProcess:
    def test_every_format_at_every_width(self):
        result = processed(encoded(picture()), "2024-daytona/Night Stint.jpg")
        image = result.image
        assert (image.width, image.height, image.has_alpha) == (64, 48, False)
        assert image.formats == ("avif", "webp", "jpeg")
        assert [(v.format, v.width, v.height) for v in image.variants] == [
            (format, width, height) for format in ("avif", "webp", "jpeg") for width, height in SMALL_SIZES
        ]
        for variant in image.variants:
            assert re.fullmatch(
                rf"night-stint-[0-9a-f]{{10}}-{variant.width}\.{EXTENSIONS[variant.format]}", variant.file_name
            )
            assert variant.output_path == f"static/media/{variant.file_name}"
            decoded = opened(result.files[variant.file_name])
            assert (decoded.format, decoded.size) == (PILLOW_FORMATS[variant.format], (variant.width, variant.height))
        assert set(result.files) == {variant.file_name for variant in image.variants}
        assert image.open_graph is None

    def test_what_a_template_needs(self):
        image = processed(encoded(picture())).image
        assert image.fallback_format == "jpeg"
        assert image.source_formats == ("avif", "webp")
        assert [v.width for v in image.variants_of("webp")] == [16, 32, 64]
        assert (image.largest().format, image.largest().width, image.largest().height) == ("jpeg", 64, 48)
        assert image.largest("avif").media_type == "image/avif"

    @pytest.mark.parametrize(("orientation", "red_at"), [(3, "right"), (6, "top"), (8, "bottom")])
    def test_exif_orientation_is_applied(self, orientation, red_at):
        result = processed(with_orientation(orientation))
        assert (result.image.width, result.image.height) == ((64, 48) if orientation == 3 else (48, 64))
        for decoded in variant_images(result).values():
            width, height = decoded.size
            assert (width, height) == (
                (width, round(width * 0.75)) if orientation == 3 else (width, round(width * 4 / 3))
            )
            first, second = {
                "right": ((width // 4, height // 2), (width * 3 // 4, height // 2)),
                "top": ((width // 2, height * 3 // 4), (width // 2, height // 4)),
                "bottom": ((width // 2, height // 4), (width // 2, height * 3 // 4)),
            }[red_at]
            rgb = decoded.convert("RGB")
            assert is_blue(rgb.getpixel(first)) and is_red(rgb.getpixel(second)), decoded

    def test_a_rotated_source_is_never_upscaled(self):
        result = processed(with_orientation(6, 120, 40), settings=ImageSettings(widths=(30, 60)))
        assert [(v.width, v.height) for v in result.image.variants_of("jpeg")] == [(30, 90), (40, 120)]

    def test_transparency_keeps_alpha_in_avif_and_webp_and_falls_back_to_png(self):
        source = picture(mode="RGBA")
        source.paste((0, 0, 0, 0), (0, 0, 64, 12))
        result = processed(encoded(source, "PNG"), "cut-out.png")
        assert result.image.has_alpha
        assert result.image.formats == ("avif", "webp", "png")
        for variant in result.image.variants:
            decoded = opened(result.files[variant.file_name]).convert("RGBA")  # AVIF's alpha is lossy, too
            assert decoded.getpixel((decoded.width // 2, 0))[3] <= 4, variant
            assert decoded.getpixel((decoded.width // 2, decoded.height - 1))[3] >= 251, variant

    def test_an_alpha_channel_that_is_opaque_everywhere_gets_jpeg(self):
        result = processed(encoded(picture(mode="RGBA"), "PNG"), "opaque.png", open_graph=True)
        assert not result.image.has_alpha
        assert result.image.formats == ("avif", "webp", "jpeg")
        assert {opened(data).mode for data in result.files.values()} == {"RGB"}

    def test_quality_per_format(self):
        source = encoded(Image.effect_noise((200, 150), 30).convert("RGB"))
        settings = ImageSettings(widths=(200,))
        worse = ImageSettings(widths=(200,), quality=ImageQuality(avif=30, webp=40, jpeg=40))
        default, lower = processed(source, settings=settings), processed(source, settings=worse)
        for format in ("avif", "webp", "jpeg"):
            default_file, lower_file = default.image.largest(format), lower.image.largest(format)
            assert len(lower.files[lower_file.file_name]) < len(default.files[default_file.file_name]), format

    def test_no_metadata_in_any_output_file(self):
        exif = exif_with(Artist="Jamey Price", Make="Canon", BodySerialNumber="SERIAL-0042")
        exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
        exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (34.0, 50.0, 0.0)
        source = encoded(
            picture(),
            exif=exif,
            xmp=xmp(attributes='photoshop:Credit="XMP-CREDIT"'),
            extra=iptc_segment(((2, 110), b"IPTC-CREDIT")),  # IPTC Credit
            icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
            comment="COMMENT-TEXT",
        )
        source_image = opened(source)
        assert source_image.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the source carries a GPS position"
        assert {"exif", "xmp", "photoshop", "icc_profile", "comment"} <= set(source_image.info)
        result = processed(source, open_graph=True)
        for name, data in result.files.items():
            for trace in (
                b"SERIAL-0042",
                b"Canon",
                b"Jamey Price",
                b"XMP-CREDIT",
                b"IPTC-CREDIT",
                b"COMMENT-TEXT",
                b"Exif\x00",
                b"http://ns.adobe.com/xap",
                b"Photoshop 3.0",
                b"ICC_PROFILE",
                b"sRGB",
            ):
                assert trace not in data, (name, trace)
            decoded = opened(data)
            assert not {"exif", "xmp", "photoshop", "icc_profile", "comment"} & set(decoded.info), (name, decoded.info)
            assert not decoded.getexif(), name

    def test_colours_are_converted_to_srgb_and_the_profile_dropped(self):
        grey = Image.new("RGB", (64, 48), (128, 128, 128))
        result = processed(encoded(grey, "PNG", icc_profile=linear_rgb_profile()), "linear.png")
        for name, decoded in variant_images(result).items():
            assert "icc_profile" not in decoded.info, name
            red, green, blue = decoded.convert("RGB").getpixel((decoded.width // 2, decoded.height // 2))
            assert abs(red - 188) <= 3 and abs(green - 188) <= 3 and abs(blue - 188) <= 3, (name, red, green, blue)

    def test_a_cmyk_jpeg(self):
        result = processed(encoded(picture().convert("CMYK")))
        rgb = opened(result.files[result.image.largest().file_name]).convert("RGB")
        assert is_red(rgb.getpixel((8, 24))) and is_blue(rgb.getpixel((56, 24)))

    def test_same_input_same_bytes(self):
        source = encoded(Image.effect_noise((300, 200), 30).convert("RGB"))
        settings = ImageSettings(widths=(100, 300))
        first, second = (
            processed(source, settings=settings, open_graph=True),
            processed(source, settings=settings, open_graph=True),
        )
        assert first == second

    def test_names_change_with_the_source_and_with_the_settings_of_that_file(self):
        source = encoded(picture())
        names = {v.format: v.file_name for v in processed(source).image.variants if v.width == 64}
        other_source = {
            v.format: v.file_name for v in processed(encoded(picture(), quality=50)).image.variants if v.width == 64
        }
        assert not set(names.values()) & set(other_source.values())
        lower_avif = ImageSettings(widths=SMALL.widths, quality=ImageQuality(avif=40))
        changed = {
            v.format: v.file_name for v in processed(source, settings=lower_avif).image.variants if v.width == 64
        }
        assert changed["avif"] != names["avif"]
        assert (changed["webp"], changed["jpeg"]) == (names["webp"], names["jpeg"])

    @pytest.mark.parametrize("orientation", [1, 6])
    def test_a_large_jpeg_is_decoded_at_a_reduced_scale(self, monkeypatch, orientation):
        decoded_sizes = record_jpeg_decoding(monkeypatch)
        result = processed(with_orientation(orientation, 3000, 2000), settings=ImageSettings(widths=(480,)))
        assert decoded_sizes == [(750, 500)]  # a quarter of the width: the most that still gives 480 pixels
        assert [(v.width, v.height) for v in result.image.variants_of("jpeg")] == [
            (480, 320) if orientation == 1 else (480, 720)
        ]

    def test_a_problem_is_a_value(self):
        assert process_image(b"garbage", "x.jpg", SMALL) == ImageProblem(
            "the file is not a JPEG, PNG or WebP image that can be read"
        )
        bomb = with_png_size(encoded(picture(), "PNG"), 12000, 9000)
        assert isinstance(process_image(bomb, "x.png", SMALL), ImageProblem)


class TestOpenGraph:
    def test_1200_by_630_cropped_around_the_centre(self):
        source = Image.new("RGB", (1300, 1000), (128, 128, 128))
        source.paste(RED, (0, 0, 1300, 150))  # above the centred crop, which starts at row 158
        source.paste(BLUE, (0, 850, 1300, 1000))  # below it
        result = processed(encoded(source), "lead.jpg", open_graph=True)
        og = result.image.open_graph
        assert og is not None
        assert (og.format, og.width, og.height) == ("jpeg", 1200, 630)
        assert re.fullmatch(r"lead-[0-9a-f]{10}-og\.jpg", og.file_name)
        decoded = opened(result.files[og.file_name])
        assert (decoded.format, decoded.size) == ("JPEG", (1200, 630))
        assert not is_red(decoded.getpixel((600, 0))) and not is_blue(decoded.getpixel((600, 629)))
        assert og in result.image.files

    def test_a_narrow_source_gets_its_largest_crop_not_upscaled(self):
        result = processed(encoded(picture(800, 600)), open_graph=True)
        og = result.image.open_graph
        assert (og.width, og.height) == (800, 420)
        assert opened(result.files[og.file_name]).size == (800, 420)

    def test_transparency_on_white(self):
        source = Image.new("RGBA", (1200, 630), (0, 0, 0, 0))
        result = processed(encoded(source, "PNG"), "logo.png", open_graph=True)
        decoded = opened(result.files[result.image.open_graph.file_name])
        assert decoded.mode == "RGB"
        assert min(decoded.getpixel((600, 300))) > 250

    def test_a_large_jpeg_is_decoded_at_the_scale_the_crop_needs(self, monkeypatch):
        decoded_sizes = record_jpeg_decoding(monkeypatch)
        result = processed(encoded(picture(3000, 2000)), settings=ImageSettings(widths=(480,)), open_graph=True)
        assert decoded_sizes == [(1500, 1000)]  # the 1200 x 630 crop needs half the pixels, not a quarter
        assert opened(result.files[result.image.open_graph.file_name]).size == (1200, 630)


def record_jpeg_decoding(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The size at which each JPEG is decoded from now on."""
    decoded_sizes = []
    original_load = JpegImagePlugin.JpegImageFile.load

    def recording_load(image):
        if image.tile:
            decoded_sizes.append(image.size)
        return original_load(image)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", recording_load)
    return decoded_sizes


# The processed-image cache ------------------------------------------------------------------------------------------


def sources(*names: str) -> list[ImageSource]:
    """A source per name, each with bytes of its own."""
    return [ImageSource(name, encoded(picture(64 + index, 48))) for index, name in enumerate(names)]


def file_states(folder: Path) -> dict[str, tuple[int, int]]:
    return {path.name: (path.stat().st_size, path.stat().st_mtime_ns) for path in folder.rglob("*") if path.is_file()}


class TestCache:
    def test_stores_every_file_and_returns_what_was_processed(self, tmp_path):
        cache = ImageCache(tmp_path / "images")
        batch = cache.process(sources("a.jpg", "b.jpg"), SMALL, workers=1)
        assert batch.processed == 2
        for source, image in zip(sources("a.jpg", "b.jpg"), batch.images, strict=True):
            expected = process_image(source.data, source.name, SMALL)
            assert image == expected.image
            for variant in image.files:
                assert cache.path_of(variant.file_name).read_bytes() == expected.files[variant.file_name]

    def test_a_second_request_processes_nothing(self, tmp_path):
        cache = ImageCache(tmp_path / "images")
        first = cache.process(sources("a.jpg", "b.jpg"), SMALL, workers=1)
        before = file_states(tmp_path)
        second = ImageCache(tmp_path / "images").process(sources("a.jpg", "b.jpg"), SMALL, workers=1)
        assert second.processed == 0
        assert second.images == first.images
        assert file_states(tmp_path) == before, "nothing was written again"

    def test_one_new_source_is_processed_alone(self, tmp_path):
        cache = ImageCache(tmp_path / "images")
        cache.process(sources("a.jpg", "b.jpg"), SMALL, workers=1)
        batch = cache.process(sources("a.jpg", "b.jpg", "c.jpg"), SMALL, workers=1)
        assert batch.processed == 1
        assert len(batch.images) == 3

    def test_a_changed_setting_or_lead_photo_is_processed_again(self, tmp_path):
        cache = ImageCache(tmp_path / "images")
        cache.process(sources("a.jpg"), SMALL, workers=1)
        assert cache.process(sources("a.jpg"), ImageSettings(widths=(16, 100)), workers=1).processed == 1
        lead = ImageSource("a.jpg", sources("a.jpg")[0].data, open_graph=True)
        batch = cache.process([lead], SMALL, workers=1)
        assert batch.processed == 1
        assert batch.images[0].open_graph is not None

    def test_one_source_asked_for_twice_is_processed_once(self, tmp_path):
        batch = ImageCache(tmp_path / "images").process(sources("a.jpg") * 2, SMALL, workers=1)
        assert batch.processed == 1
        assert batch.images[0] == batch.images[1]

    @pytest.mark.parametrize(
        "damage",
        [
            lambda path: path.write_bytes(path.read_bytes()[:-10]),
            lambda path: path.write_bytes(bytes(len(path.read_bytes()))),
            lambda path: path.unlink(),
        ],
        ids=["truncated", "garbage of the same size", "missing"],
    )
    def test_a_damaged_file_is_processed_again(self, tmp_path, damage):
        cache = ImageCache(tmp_path / "images")
        first = cache.process(sources("a.jpg", "b.jpg"), SMALL, workers=1)
        damaged = cache.path_of(first.images[0].variants[1].file_name)
        whole = damaged.read_bytes()
        damage(damaged)
        again = cache.process(sources("a.jpg", "b.jpg"), SMALL, workers=1)
        assert again.processed == 1
        assert again.images == first.images
        assert damaged.read_bytes() == whole

    @pytest.mark.parametrize(
        "damage",
        [
            lambda text: text[: len(text) // 2],
            lambda text: "garbage",
            lambda text: text.replace('"width":', '"breite":', 1),
        ],
        ids=["truncated", "garbage", "another layout"],
    )
    def test_a_damaged_entry_is_processed_again(self, tmp_path, damage):
        cache = ImageCache(tmp_path / "images")
        first = cache.process(sources("a.jpg"), SMALL, workers=1)
        (entry,) = (tmp_path / "images" / "entries").iterdir()
        entry.write_text(damage(entry.read_text()))
        again = cache.process(sources("a.jpg"), SMALL, workers=1)
        assert again.processed == 1
        assert again.images == first.images

    def test_an_entry_that_names_a_file_outside_the_cache_is_not_trusted(self, tmp_path):
        cache = ImageCache(tmp_path / "images")
        first = cache.process(sources("a.jpg"), SMALL, workers=1)
        (entry,) = (tmp_path / "images" / "entries").iterdir()
        name = first.images[0].variants[0].file_name
        (tmp_path / name).write_bytes(cache.path_of(name).read_bytes())  # whole, but where the entry must not point
        entry.write_text(entry.read_text().replace(f'"{name}"', f'"../../{name}"'))
        assert cache.process(sources("a.jpg"), SMALL, workers=1).processed == 1

    def test_an_interrupted_store_leaves_no_entry_that_looks_whole(self, tmp_path, monkeypatch):
        cache = ImageCache(tmp_path / "images")
        renames = []

        def killed_after_three_files(source, target):
            if len(renames) == 3:
                raise KeyboardInterrupt
            renames.append(target)
            os.rename(source, target)

        monkeypatch.setattr(image_cache.os, "replace", killed_after_three_files)
        with pytest.raises(KeyboardInterrupt):
            cache.process(sources("a.jpg"), SMALL, workers=1)
        monkeypatch.undo()
        assert len(renames) == 3
        again = cache.process(sources("a.jpg"), SMALL, workers=1)
        assert again.processed == 1
        assert again.images[0] == process_image(sources("a.jpg")[0].data, "a.jpg", SMALL).image

    def test_a_problem_is_returned_and_not_stored(self, tmp_path):
        cache = ImageCache(tmp_path / "images")
        broken = ImageSource("broken.jpg", encoded(picture())[:100])
        batch = cache.process([broken, *sources("a.jpg")], SMALL, workers=1)
        assert isinstance(batch.images[0], ImageProblem)
        assert isinstance(batch.images[1], ProcessedImage)
        assert cache.process([broken], SMALL, workers=1).processed == 1

    def test_no_temporary_files_are_left(self, tmp_path):
        ImageCache(tmp_path / "images").process(sources("a.jpg", "b.jpg"), SMALL, workers=1)
        assert not [path for path in (tmp_path / "images").rglob("*") if path.name.startswith(".")]

    @pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="processes are forked")
    def test_on_all_cores_the_same_bytes(self, tmp_path, monkeypatch):
        parent = os.getpid()
        processed_in = []
        original = image_cache.process_image

        def recording(*arguments, **options):
            processed_in.append(os.getpid())
            return original(*arguments, **options)

        monkeypatch.setattr(image_cache, "process_image", recording)
        names = ("a.jpg", "b.jpg", "c.jpg", "d.jpg")
        parallel = ImageCache(tmp_path / "parallel").process(sources(*names), SMALL, workers=2)
        assert processed_in == [], "the sources were processed in worker processes, not here"
        serial = ImageCache(tmp_path / "serial").process(sources(*names), SMALL, workers=1)
        assert processed_in == [parent] * 4
        assert parallel == serial
        for image in parallel.images:
            for variant in image.files:
                parallel_bytes = (tmp_path / "parallel" / "variants" / variant.file_name).read_bytes()
                assert parallel_bytes == (tmp_path / "serial" / "variants" / variant.file_name).read_bytes()
