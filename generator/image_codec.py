"""Reading and writing photo files with Pillow (spec section 10).

Reading refuses a file over MAX_PIXELS before decoding a pixel and turns Pillow's exceptions
into problems; a decoded picture is made upright and sRGB; encoding writes the pixels only, so
no EXIF (camera serials, GPS), XMP, IPTC, colour profile or comment reaches a published file.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import PIL
from PIL import ExifTags, Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError, features

Result = TypeVar("Result")

MAX_PIXELS = 100_000_000

# Exceptions by which Pillow's plugins say that the data is bad.
UNREADABLE = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error)
# What a file is identified as: the photo formats, and what a file with a wrong extension usually is.
# (A multi-picture JPEG from a camera is opened by the JPEG plugin and named "MPO".)
RECOGNISED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "AVIF")

_ROTATED = (5, 6, 7, 8)  # EXIF orientations that turn the picture by 90 degrees
_ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")

# Encoder options besides quality. AVIF at speed 7 takes about half the time of libavif's default 6, for
# files about 2% larger; with one thread because libaom's bytes depend on its thread count (and the build
# runs a process per core already). Progressive, Huffman-optimised JPEGs are smaller and as deterministic.
_ENCODERS: Mapping[str, tuple[str, Mapping[str, object]]] = {
    "avif": ("AVIF", {"speed": 7, "max_threads": 1}),
    "webp": ("WEBP", {"method": 4}),
    "jpeg": ("JPEG", {"optimize": True, "progressive": True, "subsampling": "4:2:0"}),
    "png": ("PNG", {"compress_level": 9}),
}
_CODEC_LIBRARIES = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "zlib"}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True, slots=True)
class ImageProblem:
    """Why a file cannot be a photo, worded to follow `path:line:col: error: `."""

    message: str


def read_image(data: bytes, use: Callable[[Image.Image], Result | ImageProblem]) -> Result | ImageProblem:
    """`use(image)` of the image file `data`, opened but not yet decoded, or why it cannot be a photo."""
    try:
        with opened(data) as image:
            if image.width * image.height > MAX_PIXELS:
                return ImageProblem(_too_large(image.size))
            return use(image)
    except Image.DecompressionBombError:  # over twice Pillow's warning limit: refused while opening
        return ImageProblem(_too_large(None))
    except UnidentifiedImageError:
        return ImageProblem("the file is not a JPEG, PNG or WebP image that can be read")
    except UNREADABLE as error:
        return ImageProblem(f"the image is damaged or incomplete and cannot be read: {error}")


@contextmanager
def opened(data: bytes) -> Iterator[ImageFile.ImageFile]:
    """The image file `data`, opened (not decoded) with Pillow's warnings silenced: they are about metadata that
    no variant keeps, and about sizes from 89 megapixels on (pitboard's limit is its own)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Image.open(io.BytesIO(data), formats=RECOGNISED_FORMATS) as image:
            yield image


def upright_size(image: Image.Image) -> tuple[int, int]:
    """The size of an opened image as displayed, after its EXIF orientation."""
    return (image.height, image.width) if _is_rotated(image) else (image.width, image.height)


def decode_at_least(image: Image.Image, size: tuple[int, int]) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 of its size (much faster) where that still gives `size` (upright)."""
    if image.format in ("JPEG", "MPO"):
        image.draft(None, (size[1], size[0]) if _is_rotated(image) else size)


def upright_srgb(image: Image.Image) -> Image.Image:
    """The decoded picture turned upright, converted to sRGB, without any metadata; RGBA if some pixel is not
    fully opaque, else RGB."""
    image.load()
    ImageOps.exif_transpose(image, in_place=True)
    mode = "RGBA" if _may_have_alpha(image) else "RGB"
    profile = image.info.get("icc_profile")
    picture = _to_srgb(image, profile, mode) if profile else image.convert(mode)
    if mode == "RGBA" and not has_alpha(picture):
        picture = picture.convert("RGB")
    picture.info = {}  # encoders take a comment or a colour profile from here
    return picture


def has_alpha(image: Image.Image) -> bool:
    """Whether some pixel is not fully opaque (an alpha channel that is opaque everywhere does not count)."""
    if not _may_have_alpha(image):
        return False
    lowest, _ = image.convert("RGBA").getchannel("A").getextrema()
    assert isinstance(lowest, int), "the extrema of an 8-bit channel"
    return lowest < 255


def scaled(picture: Image.Image, size: tuple[int, int], box: tuple[float, float, float, float]) -> Image.Image:
    """The `box` of `picture` scaled to `size`; reducing first by whole factors is fast and as good as Lanczos alone."""
    return picture.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def on_white(picture: Image.Image) -> Image.Image:
    """Transparent parts on white, for a format without alpha."""
    if picture.mode != "RGBA":
        return picture
    return Image.alpha_composite(Image.new("RGBA", picture.size, "white"), picture).convert("RGB")


def encode(picture: Image.Image, format: str, quality: int | None) -> bytes:
    codec, options = _ENCODERS[format]
    buffer = io.BytesIO()
    picture.save(buffer, codec, **options, **({} if quality is None else {"quality": quality}))
    return buffer.getvalue()


def encoder_recipe(format: str, quality: int | None) -> str:
    """What shapes a file's bytes besides its pixels: the encoder, its version and its options."""
    codec, options = _ENCODERS[format]
    library = _CODEC_LIBRARIES[format]
    return f"Pillow {PIL.__version__} {library} {features.version(library)} {codec} {quality} {sorted(options.items())}"


def _is_rotated(image: Image.Image) -> bool:
    return image.getexif().get(ExifTags.Base.Orientation) in _ROTATED


def _may_have_alpha(image: Image.Image) -> bool:
    return image.mode in _ALPHA_MODES or "transparency" in image.info


def _to_srgb(image: Image.Image, profile: bytes, mode: str) -> Image.Image:
    """Converted from its embedded colour profile to sRGB, which browsers assume for an image without one."""
    if image.mode != mode and not (mode == "RGB" and image.mode in ("CMYK", "L")):
        image = image.convert(mode)
    try:
        converted = ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(profile)),
            _SRGB,
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            outputMode=mode,
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image.convert(mode)  # a broken profile, or one for other channels: take the numbers as they are
    assert converted is not None, "profileToProfile returns a new image unless inPlace"
    return converted


def _too_large(size: tuple[int, int] | None) -> str:
    limit = f"over the limit of {MAX_PIXELS // 1_000_000} megapixels"
    if size is None:
        return f"the image is {limit} (possibly a decompression bomb): scale it down"
    megapixels = size[0] * size[1] / 1_000_000
    return f"the image is {size[0]} x {size[1]} pixels ({megapixels:.0f} megapixels), {limit}: scale it down"
