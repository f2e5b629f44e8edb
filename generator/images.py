"""Photos (spec section 10): checking a source file and making its responsive, metadata-free variants.

`inspect_image` checks a media file; `process_image` decodes it once and makes every variant:
upright, in sRGB, scaled to each configured width (never up) and encoded in each format, plus the
Open Graph crop of a lead photo. A variant's file name carries a hash of the source's bytes and of
everything that shapes that file, so a CDN may cache it forever. `ImageCache` (image_cache.py)
keeps the results; `credit_of` (image_metadata.py) reads a file's own credit.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from PIL import Image

from .config import ImageFormat, ImageSettings
from .image_codec import (
    ImageProblem,
    decode_at_least,
    encode,
    encoder_recipe,
    has_alpha,
    on_white,
    read_image,
    scaled,
    upright_size,
    upright_srgb,
)

__all__ = [
    "EncodedImage",
    "ImageInfo",
    "ImageProblem",
    "ProcessedImage",
    "Variant",
    "decode_size",
    "inspect_image",
    "open_graph_crop",
    "process_image",
    "recipe_of",
    "slug",
    "variant_formats",
    "variant_sizes",
]

MEDIA_FOLDER = "static/media"
OPEN_GRAPH_SIZE = (1200, 630)
# Raised whenever a change to this module changes the bytes of a variant, so that new bytes get new names.
PIPELINE_VERSION = "1"

_FORMAT_OF_EXTENSION = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
_SAME_FORMAT = {"MPO": "JPEG"}  # a camera's multi-picture JPEG is a JPEG; its first picture is the photo
_FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
_EXTENSION_OF_FORMAT = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
_EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
_MEDIA_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}
_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


@dataclass(frozen=True, slots=True)
class ImageInfo:
    format: str  # "JPEG", "PNG" or "WEBP"
    width: int  # as displayed, after the EXIF orientation
    height: int
    has_alpha: bool  # some pixel is not fully opaque


@dataclass(frozen=True, slots=True)
class Variant:
    """One file made from a source, published as `static/media/<name>-<hash>-<width>.<ext>`."""

    format: ImageFormat
    width: int
    height: int
    file_name: str

    @property
    def output_path(self) -> str:
        return f"{MEDIA_FOLDER}/{self.file_name}"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self.format]


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    """A source's variants; for a `<picture>`, a `<source>` per format of `source_formats` and an `<img>` of the
    fallback format, with the width and height of its largest variant."""

    width: int  # the source's, as displayed
    height: int
    has_alpha: bool
    formats: tuple[ImageFormat, ...]  # the preferred first, the fallback last
    variants: tuple[Variant, ...]  # by format in the order of `formats`, each by width ascending
    open_graph: Variant | None = None  # the 1200 x 630 JPEG of a lead photo

    @property
    def fallback_format(self) -> ImageFormat:
        return self.formats[-1]

    @property
    def source_formats(self) -> tuple[ImageFormat, ...]:
        return self.formats[:-1]

    def variants_of(self, format: ImageFormat) -> tuple[Variant, ...]:
        return tuple(variant for variant in self.variants if variant.format == format)

    def largest(self, format: ImageFormat | None = None) -> Variant:
        """The widest variant of `format`, by default of the fallback format."""
        return self.variants_of(format or self.fallback_format)[-1]

    @property
    def files(self) -> tuple[Variant, ...]:
        """Every file to publish."""
        return self.variants + ((self.open_graph,) if self.open_graph else ())


@dataclass(frozen=True, slots=True)
class EncodedImage:
    image: ProcessedImage
    files: Mapping[str, bytes]  # the bytes of each of `image.files` by file name


def inspect_image(data: bytes, extension: str) -> ImageInfo | ImageProblem:
    """Check that `data` is a readable photo of the type its file `extension` (".jpg", ...) says, not too large."""
    expected = _FORMAT_OF_EXTENSION.get(extension.lower().lstrip("."))
    if expected is None:
        return ImageProblem(f"'{extension}' is not a photo file type: use .jpg, .jpeg, .png or .webp")
    return read_image(data, lambda image: _inspected(image, expected, extension))


def process_image(
    data: bytes, name: str, settings: ImageSettings, *, open_graph: bool = False
) -> EncodedImage | ImageProblem:
    """Every variant of `data`, the bytes of the media file `name` (e.g. "2024-daytona/pit.jpg")."""
    decoded = read_image(data, lambda image: _decoded_for_variants(image, max(settings.widths), open_graph))
    if isinstance(decoded, ImageProblem):
        return decoded
    picture, size = decoded
    naming = _Naming(slug(name), hashlib.sha256(data).hexdigest())
    transparent = picture.mode == "RGBA"
    formats = variant_formats(settings.formats, transparent)
    made = _scaled_variants(picture, size, formats, settings, naming)
    variants = tuple(made)
    og_variant = None
    if open_graph:
        og_variant, og_bytes = _open_graph_variant(picture, size, settings.quality.jpeg, naming)
        made[og_variant] = og_bytes
    image = ProcessedImage(*size, transparent, formats, variants, og_variant)
    return EncodedImage(image, {variant.file_name: encoded for variant, encoded in made.items()})


def variant_sizes(width: int, height: int, widths: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
    """The sizes to scale a `width` x `height` picture to: the configured widths below its own (never larger), and its
    own width as the largest when a configured width is larger."""
    kept = sorted(candidate for candidate in set(widths) if candidate < width)
    if width <= max(widths):
        kept.append(width)
    return tuple((candidate, max(1, round(candidate * height / width))) for candidate in kept)


def variant_formats(formats: tuple[ImageFormat, ...], has_alpha: bool) -> tuple[ImageFormat, ...]:
    """The formats to make, the preferred first and the fallback for `<img>` (JPEG, else PNG, else the last) last.

    JPEG has no alpha channel, so a source with transparency gets PNG in its place; AVIF and WebP keep the alpha.
    """
    made: list[ImageFormat] = []
    for format in formats:
        actual: ImageFormat = "png" if format == "jpeg" and has_alpha else format
        if actual not in made:
            made.append(actual)
    fallback = "jpeg" if "jpeg" in made else "png" if "png" in made else made[-1]
    return (*(format for format in made if format != fallback), fallback)


def open_graph_crop(width: int, height: int) -> tuple[tuple[int, int, int, int], tuple[int, int]]:
    """The centred 1200:630 box of a `width` x `height` picture, and the size to scale it to (never up)."""
    target_width, target_height = OPEN_GRAPH_SIZE
    if width * target_height > height * target_width:
        crop = min(width, round(height * target_width / target_height)), height
    else:
        crop = width, min(height, round(width * target_height / target_width))
    left, top = (width - crop[0]) // 2, (height - crop[1]) // 2
    return (left, top, left + crop[0], top + crop[1]), OPEN_GRAPH_SIZE if crop[0] >= target_width else crop


def decode_size(width: int, height: int, largest: int, open_graph: bool) -> tuple[int, int]:
    """The smallest size that every variant of a `width` x `height` picture can be scaled down from."""
    scale = min(largest, width) / width
    if open_graph:
        box, size = open_graph_crop(width, height)
        scale = max(scale, size[0] / (box[2] - box[0]))
    return math.ceil(width * scale), math.ceil(height * scale)


def slug(name: str) -> str:
    """The URL-safe name of a media file's variants: 'Nacht-Stint Müller.JPG' -> 'nacht-stint-mueller'."""
    stem = PurePosixPath(name).stem.translate(_GERMAN_LETTERS)
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_stem.lower()))[:60].strip("-") or "photo"


def recipe_of(settings: ImageSettings, open_graph: bool) -> str:
    """Everything besides a source's bytes that shapes its variants."""
    # PNG stands in for JPEG when a source has transparency
    encoders = [encoder_recipe(format, _quality(settings, format)) for format in (*settings.formats, "png")]
    return "; ".join([f"pipeline {PIPELINE_VERSION}", *encoders, f"widths {settings.widths}", f"og {open_graph}"])


@dataclass(frozen=True, slots=True)
class _Naming:
    stem: str
    source_digest: str

    def file_name(self, label: str, format: ImageFormat, recipe: str) -> str:
        """`<stem>-<hash>-<label>.<ext>`, the hash over the source's bytes and the recipe of this one file."""
        digest = hashlib.sha256(f"{self.source_digest}\npipeline {PIPELINE_VERSION}\n{recipe}".encode()).hexdigest()
        return f"{self.stem}-{digest[:10]}-{label}.{_EXTENSIONS[format]}"


def _inspected(image: Image.Image, expected: str, extension: str) -> ImageInfo | ImageProblem:
    found = _SAME_FORMAT.get(str(image.format), str(image.format))
    if found != expected:
        return ImageProblem(_wrong_type(found, expected, extension))
    width, height = upright_size(image)
    decode_at_least(image, (1, 1))  # at an eighth of its size, but reading every byte of the data
    image.load()
    return ImageInfo(expected, width, height, has_alpha(image))


def _decoded_for_variants(image: Image.Image, largest: int, open_graph: bool) -> tuple[Image.Image, tuple[int, int]]:
    """The picture to scale every variant from, and the source's size as displayed."""
    size = upright_size(image)
    decode_at_least(image, decode_size(*size, largest, open_graph))
    return upright_srgb(image), size


def _scaled_variants(
    picture: Image.Image,
    size: tuple[int, int],
    formats: tuple[ImageFormat, ...],
    settings: ImageSettings,
    naming: _Naming,
) -> dict[Variant, bytes]:
    """Each picture scaled once, then encoded in every format."""
    whole = (0, 0, picture.width, picture.height)
    pictures = {target: scaled(picture, target, whole) for target in variant_sizes(*size, settings.widths)}
    made = {}
    for format in formats:
        quality = _quality(settings, format)
        for target, scaled_picture in pictures.items():
            recipe = f"{encoder_recipe(format, quality)} scaled to {target}"
            variant = Variant(format, *target, naming.file_name(str(target[0]), format, recipe))
            made[variant] = encode(scaled_picture, format, quality)
    return made


def _open_graph_variant(
    picture: Image.Image, size: tuple[int, int], quality: int, naming: _Naming
) -> tuple[Variant, bytes]:
    box, target = open_graph_crop(*size)
    x_scale, y_scale = picture.width / size[0], picture.height / size[1]  # the picture may be decoded smaller
    picture_box = (box[0] * x_scale, box[1] * y_scale, box[2] * x_scale, box[3] * y_scale)
    recipe = f"{encoder_recipe('jpeg', quality)} cropped to {box} scaled to {target}"
    variant = Variant("jpeg", *target, naming.file_name("og", "jpeg", recipe))
    return variant, encode(on_white(scaled(picture, target, picture_box)), "jpeg", quality)


def _quality(settings: ImageSettings, format: str) -> int | None:
    quality: int | None = getattr(settings.quality, format, None)  # PNG is lossless
    return quality


def _wrong_type(found: str, expected: str, extension: str) -> str:
    said = f"the file is a {_FORMAT_NAMES.get(found, found)} image, but its extension '{extension}' says"
    advice = (
        f"rename it to '{_EXTENSION_OF_FORMAT[found]}'"
        if found in _EXTENSION_OF_FORMAT
        else "save it as JPEG, PNG or WebP"
    )
    return f"{said} {_FORMAT_NAMES[expected]}: {advice}"
