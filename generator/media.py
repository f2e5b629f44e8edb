"""The photo files of content/media/ (spec section 10): read only when a build needs them.

`MediaFiles` is one build's view of the folder: which files exist, and for a file that content
refers to, its facts — whether it is a photo pitboard can use (`inspect_image`) and the credit
it carries (`credit_of`). `process` makes the variants of the photos a site shows, through the
processed-image cache. Facts are kept in the build cache by the file's bytes; `MediaMemo`, which
a `SiteBuilder` keeps between the builds of one process (`serve`), remembers facts and variants
by the file's size, modification time and inode, so that a rebuild after a save does not even
read a photo that did not change.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .config import ImageSettings
from .image_cache import ImageCache, ImageSource
from .image_metadata import credit_of
from .images import ImageInfo, ImageProblem, ProcessedImage, inspect_image
from .parallel import available_cores
from .progress import SILENT, Progress
from .read import MediaFile

PHOTOS_PER_CORE = 4  # in one batch: read into memory at once, processed together on all cores

StatKey = tuple[int, int, int]  # size, modification time (ns), inode


@dataclass(frozen=True, slots=True)
class MediaFacts:
    """What a media file is: a usable photo (its size and transparency) or why not, and its own credit."""

    info: ImageInfo | ImageProblem
    credit: str | None


@dataclass(frozen=True, slots=True)
class ProcessedPhotos:
    images: Mapping[str, ProcessedImage | ImageProblem]  # by name below content/media/
    processed: int  # how many photos were not in the processed-image cache and were processed now


@dataclass(slots=True)
class MediaMemo:
    """Facts and variants of media files by their stat, kept across the builds of one process."""

    facts: dict[str, tuple[StatKey, bytes, MediaFacts]] = field(default_factory=dict)  # with their cache key
    images: dict[tuple[str, bool, ImageSettings], tuple[StatKey, ProcessedImage]] = field(default_factory=dict)


class MediaFiles:
    """The media files of one build; each file's bytes are read once they are asked about.

    `known` holds the facts of earlier builds by a digest of a file's bytes and extension (the build
    cache's table); `inspected` every fact this build asked for, which is what the cache keeps.
    """

    def __init__(self, root: Path, files: Iterable[MediaFile], known: Mapping[bytes, object], memo: MediaMemo):
        self.root = root
        self.by_name = {file.name: file for file in files}
        self.known = known
        self.memo = memo
        self.inspected: dict[bytes, MediaFacts] = {}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.by_name)

    def facts(self, name: str) -> MediaFacts:
        """The facts of the media file `name` (which must exist)."""
        path = self.by_name[name].path
        stat = self._stat(path)
        remembered = self.memo.facts.get(path)
        if remembered is not None and remembered[0] == stat:
            _, key, facts = remembered
        else:
            data = self._read(name)
            hasher = hashlib.blake2b(data, digest_size=16)
            hasher.update(b"\0" + _extension(name).encode())  # the extension says which type the file must be
            key = hasher.digest()
            known = self.known.get(key)
            facts = known if isinstance(known, MediaFacts) else _inspected(data, _extension(name))
            self.memo.facts[path] = (stat, key, facts)
        self.inspected[key] = facts
        return facts

    def process(
        self, photos: Mapping[str, bool], settings: ImageSettings, cache: ImageCache, progress: Progress = SILENT
    ) -> ProcessedPhotos:
        """The variants of each photo `name` of `photos` (with an Open Graph variant where it maps to True)."""
        images: dict[str, ProcessedImage | ImageProblem] = {}
        missing = []
        for name, open_graph in sorted(photos.items()):
            remembered = self._remembered(name, open_graph, settings, cache)
            if remembered is not None:
                images[name] = remembered
            else:
                missing.append((name, open_graph))
        processed = 0
        size = PHOTOS_PER_CORE * available_cores()
        batches = [missing[start : start + size] for start in range(0, len(missing), size)]
        for batch in progress.track(batches, f"processing {len(missing)} photos"):
            stats = [self._stat(self.by_name[name].path) for name, _ in batch]
            sources = [ImageSource(name, self._read(name), open_graph) for name, open_graph in batch]
            result = cache.process(sources, settings)
            processed += result.processed
            for (name, open_graph), stat, image in zip(batch, stats, result.images, strict=True):
                images[name] = image
                if isinstance(image, ProcessedImage):
                    self.memo.images[(self.by_name[name].path, open_graph, settings)] = (stat, image)
        return ProcessedPhotos(images, processed)

    def _remembered(
        self, name: str, open_graph: bool, settings: ImageSettings, cache: ImageCache
    ) -> ProcessedImage | None:
        path = self.by_name[name].path
        remembered = self.memo.images.get((path, open_graph, settings))
        if remembered is None or remembered[0] != self._stat(path):
            return None
        image = remembered[1]
        return image if all(cache.path_of(variant.file_name).is_file() for variant in image.files) else None

    def _read(self, name: str) -> bytes:
        """The bytes of a media file: read once per build where they are needed, never kept."""
        return (self.root / self.by_name[name].path).read_bytes()

    def _stat(self, path: str) -> StatKey:
        found = os.stat(self.root / path)
        return found.st_size, found.st_mtime_ns, found.st_ino


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def _inspected(data: bytes, extension: str) -> MediaFacts:
    info = inspect_image(data, extension)
    return MediaFacts(info, credit_of(data) if isinstance(info, ImageInfo) else None)
