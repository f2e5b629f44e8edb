"""The kinds of content file: what each is called, the folder of content/ it lives in, its shape.

Every rule about a kind's files — how they are named, which schema their fields follow
(`schema.SCHEMAS`), which page shows them (`pages`) — starts from a member of `Kind`.
Media files (photos, spec section 10) are content too, but no text: they have no schema,
live at any depth below content/media/ and are named by that path, not by an id.
"""

from __future__ import annotations

import enum

CONTENT_DIR = "content"
MEDIA_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")  # in any case: .JPG is a photo too


class Kind(enum.Enum):
    REPORT = "report"
    PAGE = "page"
    DRIVER = "driver"
    EVENT = "event"
    SERIES = "series"
    MEDIA = "media"

    @property
    def folder(self) -> str:
        return _FOLDERS[self]

    @property
    def is_markdown(self) -> bool:
        """Markdown with front matter, one file per language; else one YAML file for all languages."""
        return self in (Kind.REPORT, Kind.PAGE)

    @property
    def is_media(self) -> bool:
        """Photo files below content/media/, at any depth; their id is the path below that folder."""
        return self is Kind.MEDIA

    @property
    def expected_name(self) -> str:
        if self.is_media:
            return f"{CONTENT_DIR}/{self.folder}/<path>{MEDIA_SUFFIXES[0]} (or {', '.join(MEDIA_SUFFIXES[1:])})"
        if self.is_markdown:
            return f"{CONTENT_DIR}/{self.folder}/<id>.<lang>.md"
        return f"{CONTENT_DIR}/{self.folder}/<id>.yaml"

    def file_of(self, identifier: str) -> str:
        """How the file of an entity of this kind is named: 'content/drivers/dirk-mueller.yaml'."""
        if self.is_media:
            return f"{CONTENT_DIR}/{self.folder}/{identifier}"
        return self.expected_name.replace("<id>", identifier)

    @classmethod
    def of_folder(cls, folder: str) -> Kind | None:
        return _KIND_OF_FOLDER.get(folder)


_FOLDERS = {
    Kind.REPORT: "reports",
    Kind.PAGE: "pages",
    Kind.DRIVER: "drivers",
    Kind.EVENT: "events",
    Kind.SERIES: "series",
    Kind.MEDIA: "media",
}
_KIND_OF_FOLDER = {folder: kind for kind, folder in _FOLDERS.items()}
