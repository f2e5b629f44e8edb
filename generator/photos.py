"""Photos in content (spec section 10): every reference to a media file, checked where it is written.

Content names a photo in four places: a report's `photos` (the lead photo first), a driver's
`portrait`, an event's `photo` — each `file` a path below content/media/ — and a Markdown image
with a path, `![Alt](../media/2024-daytona/pit.jpg "Title")`, in a report, a page or a driver's
bio, relative to the file it is written in (for a bio: the driver's YAML file, so that
`../media/…` works in both). Each reference is checked in the file that states it, valid or not,
at its own node (a Markdown image: at its `!`): the file must be below content/media/ and exist
there, be a photo pitboard can read, and have a credit, its own or its file's. A fault of the file
itself (unreadable, not the type its extension says, too large) is reported at every reference
to it, since that is what an editor can change; a media file that nothing refers to is never
read, and `check` names it as not published.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote

from pydantic import ValidationError

from .diagnostics import Diagnostic, Position, closest
from .images import ImageProblem
from .kinds import CONTENT_DIR, Kind
from .markup import MarkdownRenderer, MarkedImage, marked_images
from .media import MediaFiles
from .model import Localized, Photo
from .read import SourceDocument
from .schema import FieldPath, PhotoFields, PortraitFields
from .schema_errors import field_label

MEDIA_ROOT = f"{CONTENT_DIR}/{Kind.MEDIA.folder}/"
CREDIT_SOURCES = "IPTC Credit or By-line, XMP photoshop:Credit or dc:creator, EXIF Artist or Copyright"


@dataclass(frozen=True, slots=True)
class Reference:
    """A media file named by a content file.

    Where it is written is found only for a message (`position`): finding positions means
    reading the file's YAML again, which a build without problems never needs.
    """

    source: SourceDocument
    locate: Callable[[], Position]  # the path as written (a Markdown image: its `!`)
    label: str  # how messages name it: "photos[0].file", "image '../media/pit.jpg'"
    written: str  # the path as written
    name: str | None  # the file below content/media/ it names; None when the path leaves content/media/
    markdown: bool = False  # written in Markdown, relative to the file; else below content/media/

    @property
    def position(self) -> Position:
        return self.locate()


@dataclass(frozen=True, slots=True)
class DocumentPhotos:
    """The photos one content file states, each None where it has a problem (reported).

    `front_matter`: by the path of its field (("photos", 0), ("portrait",), ("photo",)); `bodies`: per
    language, the photos of the Markdown text (a page's or report's body, a driver's bio), in order.
    """

    front_matter: Mapping[FieldPath, Photo | None]
    bodies: Mapping[str, tuple[Photo | None, ...]]

    def body(self, lang: str) -> tuple[Photo, ...] | None:
        photos = self.bodies.get(lang, ())
        return None if None in photos else tuple(photo for photo in photos if photo is not None)


class PhotoChecker:
    """Checks the photo references of content files against the media files of one build."""

    def __init__(self, media: MediaFiles, markdown: MarkdownRenderer, languages: tuple[str, ...]):
        self.media = media
        self.markdown = markdown
        self.languages = languages
        self.diagnostics: list[Diagnostic] = []
        self.references: dict[str, list[Reference]] = {}  # by the file below content/media/ they name

    def document(self, source: SourceDocument) -> DocumentPhotos:
        """Every photo of one content file, checked."""
        data = source.data.value if isinstance(source.data.value, dict) else {}
        front_matter: dict[FieldPath, Photo | None] = {}
        if source.kind is Kind.REPORT and isinstance(data.get("photos"), list):
            for index, item in enumerate(data["photos"]):
                front_matter[("photos", index)] = self.front_matter_photo(source, ("photos", index), item)
        if source.kind is Kind.EVENT and data.get("photo") is not None:
            front_matter[("photo",)] = self.front_matter_photo(source, ("photo",), data["photo"])
        if source.kind is Kind.DRIVER and data.get("portrait") is not None:
            front_matter[("portrait",)] = self.portrait(source, data["portrait"], data.get("name"))
        return DocumentPhotos(front_matter, dict(self.bodies(source, data)))

    def front_matter_photo(self, source: SourceDocument, path: FieldPath, item: object) -> Photo | None:
        credit = self.check_item(source, path, item)
        try:
            fields = PhotoFields.model_validate(item)
        except ValidationError:
            return None  # the schema's errors say what is wrong
        if credit is None:
            return None
        caption = Localized.of(fields.caption, self.languages) if fields.caption is not None else None
        return Photo(_name_below_media(fields.file) or "", Localized.of(fields.alt, self.languages), caption, credit)

    def portrait(self, source: SourceDocument, item: object, driver_name: object) -> Photo | None:
        credit = self.check_item(source, ("portrait",), item)
        try:
            fields = PortraitFields.model_validate(item)
        except ValidationError:
            return None
        if credit is None or not isinstance(driver_name, str):
            return None
        return Photo(_name_below_media(fields.file) or "", Localized.of(driver_name, self.languages), None, credit)

    def check_item(self, source: SourceDocument, path: FieldPath, item: object) -> str | None:
        """The credit of a front-matter photo `{file: …, credit: …}`; None when it cannot be shown."""
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not item["file"]:
            return None  # the schema's to report
        written = item["file"]
        reference = Reference(
            source,
            lambda: source.data.position_of((*path, "file")),
            field_label((*path, "file")),
            written,
            _name_below_media(written),
        )
        stated = item.get("credit")
        credit = stated if isinstance(stated, str) and stated.strip() else None
        return self.check(reference, credit, lambda: source.data.position_of(path), f"{field_label(path)}: ")

    def bodies(
        self, source: SourceDocument, data: Mapping[str, object]
    ) -> Iterator[tuple[str, tuple[Photo | None, ...]]]:
        """The photos of each Markdown text of `source`, per language."""
        if source.kind.is_markdown and source.lang is not None:
            yield source.lang, self.markdown_photos(_Written(source), source.lang)
        if source.kind is not Kind.DRIVER:
            return
        bio = data.get("bio")
        if isinstance(bio, str):  # one text for every language
            written = _Written(source, ("bio",), bio)
            photos = self.markdown_photos(written, self.languages[0], alt_languages=self.languages)
            yield from ((lang, photos) for lang in self.languages)
        elif isinstance(bio, dict):
            for lang, text in bio.items():
                if isinstance(text, str) and lang in self.languages:
                    yield lang, self.markdown_photos(_Written(source, ("bio", lang), text), lang)

    def markdown_photos(
        self, written: _Written, lang: str, alt_languages: Sequence[str] = ()
    ) -> tuple[Photo | None, ...]:
        """The photos of a Markdown text, in the language `lang`."""
        images = marked_images(self.markdown.to_html(written.markdown, lang))
        if not images:
            return ()

        @cache
        def positions() -> list[Position]:
            text, start, first_line = written.located()
            offsets = locate_images(text, images, start)
            return [_position(text, start if offset is None else offset, first_line) for offset in offsets]

        def locate(index: int) -> Callable[[], Position]:
            return lambda: positions()[index]

        return tuple(
            self.markdown_photo(written.source, image, locate(index), tuple(alt_languages) or (lang,))
            for index, image in enumerate(images)
        )

    def markdown_photo(
        self, source: SourceDocument, image: MarkedImage, locate: Callable[[], Position], alt_languages: tuple[str, ...]
    ) -> Photo | None:
        folder = posixpath.dirname(source.path)
        name = _name_below_media(posixpath.join(folder, unquote(image.src)), relative_to_site=True)
        reference = Reference(source, locate, f"image '{image.src}'", image.src, name, markdown=True)
        credit = self.check(reference, None, locate, f"{reference.label}: ")
        if not image.alt.strip():
            self.error(
                source,
                locate(),
                f"{reference.label} has no alt text: describe what the photo shows for readers who cannot see it, "
                f"![…]({image.src})",
            )
            return None
        if credit is None or name is None:
            return None
        return Photo(name, Localized(tuple((lang, image.alt.strip()) for lang in alt_languages)), None, credit)

    def check(
        self, reference: Reference, stated_credit: str | None, credit_position: Callable[[], Position], prefix: str
    ) -> str | None:
        """The credit of the photo `reference` names, or None when the photo cannot be shown (reported)."""
        if reference.name is None:
            self.error(reference.source, reference.position, _leaves_media(reference))
            return None
        if reference.name not in self.media.by_name:
            self.error(reference.source, reference.position, self.missing(reference))
            return None
        self.references.setdefault(reference.name, []).append(reference)
        facts = self.media.facts(reference.name)
        if isinstance(facts.info, ImageProblem):
            self.error(
                reference.source,
                reference.position,
                f"{reference.label}: {MEDIA_ROOT}{reference.name}: {facts.info.message}",
            )
            return None
        credit = stated_credit or facts.credit
        if credit is None:
            self.error(reference.source, credit_position(), prefix + _no_credit(reference))
        return credit

    def missing(self, reference: Reference) -> str:
        suggestion = closest(reference.name or "", self.media.names)
        if suggestion is not None and reference.markdown:  # suggested as the author writes it: relative to the file
            suggestion = posixpath.relpath(MEDIA_ROOT + suggestion, posixpath.dirname(reference.source.path))
        hint = f" (did you mean '{suggestion}'?)" if suggestion is not None else ""
        return f"{reference.label}: no such file {MEDIA_ROOT}{reference.name}{hint}"

    def check_alt_languages(
        self, source: SourceDocument, path: FieldPath, item: object, needed: Mapping[str, str]
    ) -> None:
        """A photo's `alt` must have a text in each language of `needed` (language -> why; a string stands for all)."""
        alt = item.get("alt") if isinstance(item, dict) else None
        if not isinstance(alt, dict) or not alt:
            return  # a string, or the schema's to report
        missing = [f"'{lang}' ({why})" for lang, why in needed.items() if lang not in alt]
        if missing:
            self.error(
                source,
                source.data.position_of((*path, "alt")),
                f"{field_label((*path, 'alt'))}: no text in {', '.join(missing)}; "
                f"write one in each language, or one text for all",
            )

    def unreferenced(self) -> list[Diagnostic]:
        """A warning for each media file that no content file refers to."""
        return [
            Diagnostic(
                self.media.by_name[name].path,
                Position(),
                "not used by any page; it is not published",
                severity="warning",
            )
            for name in self.media.names
            if name not in self.references
        ]

    def error(self, source: SourceDocument, position: Position, message: str) -> None:
        self.diagnostics.append(Diagnostic(source.path, position, message))


def processing_problems(
    images: Mapping[str, object], references: Mapping[str, Sequence[Reference]]
) -> list[Diagnostic]:
    """A photo that could be read but not processed, at every reference to it, as any fault of its file."""
    return [
        Diagnostic(reference.source.path, reference.position, f"{reference.label}: {MEDIA_ROOT}{name}: {image.message}")
        for name, image in images.items()
        if isinstance(image, ImageProblem)
        for reference in references.get(name, ())
    ]


def photo_uses(photos: Iterable[tuple[Photo, bool]]) -> dict[str, bool]:
    """Each file the photos show, and whether one of them is a lead photo (which needs an Open Graph variant)."""
    uses: dict[str, bool] = {}
    for photo, lead in photos:
        uses[photo.file] = uses.get(photo.file, False) or lead
    return uses


def _name_below_media(path: str, relative_to_site: bool = False) -> str | None:
    """The name below content/media/ of a `file:` (below content/media/) or of a Markdown image's path resolved
    against its file's folder (`relative_to_site`); None when it leaves content/media/."""
    if path.startswith("/"):
        return None
    joined = posixpath.normpath(path if relative_to_site else MEDIA_ROOT + path)
    return joined[len(MEDIA_ROOT) :] if joined.startswith(MEDIA_ROOT) else None


def _leaves_media(reference: Reference) -> str:
    if reference.markdown:
        example = posixpath.relpath(MEDIA_ROOT + "2024-daytona/pit.jpg", posixpath.dirname(reference.source.path))
        return (
            f"{reference.label} leaves {MEDIA_ROOT}: a photo is a file there, written relative to this file, "
            f"e.g. '{example}'"
        )
    return (
        f"{reference.label}: '{reference.written}' leaves {MEDIA_ROOT}: name a file below it, "
        f"e.g. '2024-daytona/pit.jpg'"
    )


def _no_credit(reference: Reference) -> str:
    where = f"{MEDIA_ROOT}{reference.name}"
    if reference.markdown:
        return f"no credit: {where} names none ({CREDIT_SOURCES}); write the credit into the file's metadata"
    return f'no credit: {where} names none ({CREDIT_SOURCES}); add credit: "…"'


@dataclass(frozen=True, slots=True)
class _Written:
    """A Markdown text and where it is written: a Markdown file's body, or a bio at `path` of a YAML file."""

    source: SourceDocument
    path: FieldPath | None = None  # of a bio; None for a body
    bio: str = ""

    @property
    def markdown(self) -> str:
        return self.source.body if self.path is None else self.bio

    def located(self) -> tuple[str, int, int]:
        """A text holding the Markdown from an offset on, that offset, and the line of the file the text starts on."""
        if self.path is None:
            return self.source.body, 0, self.source.body_line
        text = self.source.data.text
        return text, _offset(text, self.source.data.position_of(self.path)), self.source.data.first_line


# Where a Markdown image is written: Python-Markdown keeps no positions, so each image it made is found
# again in the text, by its path as written (and, for a reference-style image, by its alt text).


def locate_images(text: str, images: Sequence[MarkedImage], start: int = 0) -> list[int | None]:
    """The offset in `text` of the `!` of each image, searched from `start` on; None where not found."""
    cursors: dict[str, int] = {}
    found: list[int | None] = []
    for image in images:
        cursor = cursors.get(image.src, start)
        escaped = re.escape(image.src)
        match = re.compile(rf"!\[(?:[^\]\\]|\\.)*\]\(\s*<?{escaped}").search(text, cursor) or re.compile(
            rf"!\[{re.escape(image.alt)}\]"
        ).search(text, cursor)
        offset = match.start() if match else (text.find(image.src, cursor) if image.src in text[cursor:] else -1)
        if offset < 0:
            found.append(None)
            continue
        found.append(offset)
        cursors[image.src] = offset + 1
    return found


def _offset(text: str, position: Position) -> int:
    """The offset in `text` (whose first line is line 1) of a position."""
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: position.line - 1]) + position.col - 1


def _position(text: str, offset: int, first_line: int) -> Position:
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1)
    return Position(first_line + line, column + 1)
