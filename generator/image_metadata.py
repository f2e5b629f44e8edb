"""The credit a photo file carries itself (spec section 10): IPTC, else XMP, else EXIF.

Agencies write the credit line into IPTC (Credit 2:110, By-line 2:80); editing software mirrors
it into XMP (photoshop:Credit, dc:creator); cameras write EXIF Artist and Copyright.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree import ElementTree

from PIL import ExifTags, Image, ImageFile, IptcImagePlugin

from .image_codec import UNREADABLE, opened

IPTC_CREDIT = (2, 110)
IPTC_BY_LINE = (2, 80)

_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_PHOTOSHOP_CREDIT = "{http://ns.adobe.com/photoshop/1.0/}Credit"
_DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_XMP_KEYS = ("xmp", "XML:com.adobe.xmp")  # JPEG and WebP keep the packet under the first, PNG under the second


def credit_of(data: bytes) -> str | None:
    """The credit that the image file `data` names, or None. Reads metadata only, never the pixels."""
    try:
        with opened(data) as image:
            return _iptc_credit(image) or _xmp_credit(image) or _exif_credit(image)
    except (Image.DecompressionBombError, *UNREADABLE):
        return None  # a file that cannot be read is inspect_image's to report


def _one_line(text: str) -> str | None:
    """One line, trimmed; None when nothing is left."""
    return " ".join(text.split()) or None


def _decode_text(raw: bytes) -> str:
    """Text of an IPTC or EXIF field: UTF-8 where the bytes are valid UTF-8, else Latin-1.

    IPTC text is UTF-8 when record 1:90 says so, and then it is valid UTF-8; many tools write UTF-8 without
    saying so. What is neither is Latin-1, the old default of IPTC and of cameras' EXIF, whose accented
    letters hardly ever form valid UTF-8. So the bytes, not the declaration, decide.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _iptc_credit(image: ImageFile.ImageFile) -> str | None:
    try:
        records = IptcImagePlugin.getiptcinfo(image)
    except (SyntaxError, OSError, ValueError):
        return None  # a damaged IPTC block names no one
    if not records:
        return None
    for dataset in (IPTC_CREDIT, IPTC_BY_LINE):
        credit = _joined(_decode_text(value) for value in _values(records.get(dataset)))
        if credit:
            return credit
    return None


def _values(value: bytes | list[bytes] | None) -> list[bytes]:
    """A dataset's values: IPTC repeats a dataset (several By-lines) by writing it again."""
    if value is None:
        return []
    return [item for item in (value if isinstance(value, list) else [value]) if item]


def _joined(texts: Iterable[str]) -> str | None:
    return _one_line(", ".join(text for text in (_one_line(text) for text in texts) if text))


def _xmp_credit(image: Image.Image) -> str | None:
    packet = next((image.info[key] for key in _XMP_KEYS if image.info.get(key)), None)
    if packet is None:
        return None
    raw = packet.encode("utf-8") if isinstance(packet, str) else bytes(packet)
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        return None  # XMP never declares entities; a packet that does is refused rather than expanded
    try:
        root = ElementTree.fromstring(raw.strip(b"\x00 \t\r\n"))
    except ElementTree.ParseError:
        return None
    return _photoshop_credit(root) or _dc_creator(root)


def _photoshop_credit(root: ElementTree.Element) -> str | None:
    """photoshop:Credit, written as an attribute of rdf:Description or as an element of its own."""
    for element in root.iter():
        if _PHOTOSHOP_CREDIT in element.attrib:
            return _one_line(element.attrib[_PHOTOSHOP_CREDIT])
        if element.tag == _PHOTOSHOP_CREDIT:
            return _one_line("".join(element.itertext()))
    return None


def _dc_creator(root: ElementTree.Element) -> str | None:
    """dc:creator: an ordered list (rdf:Seq) of the authors, joined with commas."""
    for creator in root.iter(_DC_CREATOR):
        items = [item.text or "" for item in creator.iter(f"{_RDF}li")]
        credit = _joined(items) if items else _one_line(creator.text or "")
        if credit:
            return credit
    return None


def _exif_credit(image: Image.Image) -> str | None:
    exif = image.getexif()
    for tag in (ExifTags.Base.Artist, ExifTags.Base.Copyright):
        credit = _exif_text(exif.get(tag))
        if credit:
            return credit
    return None


def _exif_text(value: object) -> str | None:
    """An EXIF ASCII field; Copyright may hold the photographer's and the editor's, split by NUL."""
    if isinstance(value, str):
        value = value.encode(
            "latin-1", "replace"
        )  # Pillow reads the field's bytes as Latin-1; cameras often write UTF-8
    if not isinstance(value, bytes):
        return None
    return _joined(_decode_text(part) for part in value.split(b"\x00"))
