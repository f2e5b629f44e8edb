"""The processed-image cache (spec sections 10 and 12): a photo is processed once, then read back.

The folder holds `variants/<file name>` (the bytes to publish, named as in static/media/) and
`entries/<key>.json`, one per source and settings: the source's ProcessedImage and the SHA-256
of each of its files. The key is a hash of the source's bytes, its name and everything
that shapes its variants, so a changed photo or setting misses and is processed anew.

An entry is trusted only when every file it names is there with its recorded digest; a missing,
truncated or overwritten file (or a damaged entry) makes the source be processed again.
Files are written under a temporary name and renamed, the entry last, so an interrupted build
leaves no entry that looks whole.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from .config import ImageSettings
from .images import EncodedImage, ImageProblem, ProcessedImage, process_image, recipe_of, slug
from .parallel import parallel_map

ENTRY_VERSION = "1"  # of the entries' layout

_SAFE_FILE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.(avif|webp|jpg|png)$")


@dataclass(frozen=True, slots=True)
class ImageSource:
    name: str  # the media file's path below content/media/; its stem names the variants
    data: bytes
    open_graph: bool = False  # a lead photo: also make the Open Graph variant


@dataclass(frozen=True, slots=True)
class ImageBatch:
    images: tuple[ProcessedImage | ImageProblem, ...]  # in the order of the sources
    processed: int  # how many distinct sources were not found whole in the cache and were processed now


@dataclass(frozen=True, slots=True)
class _StoredFile:
    file_name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class _Entry:
    image: ProcessedImage
    files: tuple[_StoredFile, ...]


_ENTRY = TypeAdapter(_Entry)


class ImageCache:
    """Processed variants of photos in `folder`, for one build at a time (the build holds the cache's lock)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.variants_folder = folder / "variants"
        self.entries_folder = folder / "entries"

    def path_of(self, file_name: str) -> Path:
        """Where the bytes of a variant (`Variant.file_name`) are."""
        return self.variants_folder / file_name

    def process(
        self, sources: Sequence[ImageSource], settings: ImageSettings, workers: int | None = None
    ) -> ImageBatch:
        """Every source's variants: read from the cache where whole, else processed on all cores and stored."""
        keys = [entry_key(source, settings) for source in sources]
        found = {key: self.lookup(key) for key in dict.fromkeys(keys)}
        missing = {key: source for key, source in zip(keys, sources, strict=True) if found[key] is None}
        made = parallel_map(
            _process_and_store, (self, settings), list(missing.items()), workers, min_items_per_worker=1
        )
        results = {key: image for key, image in found.items() if image is not None} | dict(
            zip(missing, made, strict=True)
        )
        return ImageBatch(tuple(results[key] for key in keys), len(missing))

    def lookup(self, key: str) -> ProcessedImage | None:
        """The processed image stored under `key`, if its entry and every one of its files are whole."""
        try:
            entry = _ENTRY.validate_json(self._entry_path(key).read_bytes())
        except (OSError, ValidationError):
            return None
        recorded = {stored.file_name for stored in entry.files}
        if recorded != {variant.file_name for variant in entry.image.files}:
            return None
        return entry.image if all(self._is_whole(stored) for stored in entry.files) else None

    def store(self, key: str, encoded: EncodedImage) -> None:
        self.variants_folder.mkdir(parents=True, exist_ok=True)
        self.entries_folder.mkdir(parents=True, exist_ok=True)
        stored = []
        for file_name, data in encoded.files.items():
            _write_atomically(self.path_of(file_name), data)
            stored.append(_StoredFile(file_name, hashlib.sha256(data).hexdigest()))
        _write_atomically(self._entry_path(key), _ENTRY.dump_json(_Entry(encoded.image, tuple(stored))))

    def _entry_path(self, key: str) -> Path:
        return self.entries_folder / f"{key}.json"

    def _is_whole(self, stored: _StoredFile) -> bool:
        if not _SAFE_FILE_NAME.match(stored.file_name):
            return False  # the build publishes the file under this name: it must stay in static/media/
        try:
            return hashlib.sha256(self.path_of(stored.file_name).read_bytes()).hexdigest() == stored.sha256
        except OSError:
            return False


def entry_key(source: ImageSource, settings: ImageSettings) -> str:
    """The cache key of a source's variants: its bytes, its name and the settings that shape them."""
    identity = "\n".join(
        [
            ENTRY_VERSION,
            hashlib.sha256(source.data).hexdigest(),
            slug(source.name),
            recipe_of(settings, source.open_graph),
        ]
    )
    return hashlib.sha256(identity.encode()).hexdigest()


def _process_and_store(
    state: tuple[ImageCache, ImageSettings], chunk: list[tuple[str, ImageSource]]
) -> list[ProcessedImage | ImageProblem]:
    cache, settings = state
    results: list[ProcessedImage | ImageProblem] = []
    for key, source in chunk:
        encoded = process_image(source.data, source.name, settings, open_graph=source.open_graph)
        if isinstance(encoded, ImageProblem):
            results.append(encoded)
            continue
        cache.store(key, encoded)
        results.append(encoded.image)
    return results


def _write_atomically(path: Path, data: bytes) -> None:
    """Readers see the old file or the whole new one: never a part (a rename within one folder is atomic)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
