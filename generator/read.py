"""Stage 2: find every file in content/, name what it is, and parse it.

Each file becomes a SourceDocument: its kind, id and language (from the file name), its
YAML data with node positions, and for Markdown files the body. Problems with a single
file (name, encoding, front matter, YAML syntax) are collected as diagnostics; the file is
then left out and the other files are still read. A photo of content/media/ is only named
here (a MediaFile): its bytes are read when a build needs them (see `media`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from .characters import first_unshowable, position_in, unshowable_message
from .diagnostics import FILE_START, Diagnostic, did_you_mean, quote_list
from .kinds import CONTENT_DIR, MEDIA_SUFFIXES, Kind
from .parallel import parallel_map
from .schema import is_valid_id
from .sitefiles import list_files
from .yamlcore import YamlDocument, YamlError, parse_yaml

DATA_SUFFIXES = (".yaml", ".yml")
FRONT_MATTER_DELIMITER = "---"


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One content file, parsed: `data` is its YAML (front matter for Markdown files)."""

    kind: Kind
    path: str
    id: str
    lang: str | None
    data: YamlDocument
    body: str = ""
    body_line: int = 1  # the line of the file the body starts on

    @property
    def mapping(self) -> Mapping[str | int, object]:
        """The fields as read, unchecked: reading refuses a document whose YAML is not a mapping."""
        value = self.data.value
        return value if isinstance(value, dict) else {}


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A photo file of content/media/, not read yet."""

    path: str  # relative to the site root: 'content/media/2024-daytona/pit.jpg'
    name: str  # below content/media/, as content refers to it: '2024-daytona/pit.jpg'


@dataclass(frozen=True, slots=True)
class ContentFiles:
    """Everything read from content/.

    `claimed_ids` are the ids the file names claim, readable or not (for media: their names);
    `unreadable` are the (kind, id) of files that could not be read, whose problems are in `diagnostics`.
    """

    documents: tuple[SourceDocument, ...]
    media: tuple[MediaFile, ...]
    claimed_ids: dict[Kind, frozenset[str]]
    unreadable: frozenset[tuple[Kind, str]]
    diagnostics: tuple[Diagnostic, ...]
    parsed: Parsed  # every file's parse result, for the next read to reuse
    read: ReadFiles  # each file read from disk: its facts then and its key in `parsed`, for the next read


Parsed = Mapping[bytes, "SourceDocument | Diagnostic"]  # by a digest of a file's path and bytes
Facts = tuple[int, int, int, int]  # a file's size, modification and change times and inode (see `file_facts`)
ReadFiles = Mapping[str, tuple[Facts, bytes]]  # by path: a file's facts when it was read, and its key in Parsed


@dataclass(frozen=True, slots=True)
class _Name:
    kind: Kind
    id: str
    lang: str | None


def read_content(
    root: Path,
    languages: tuple[str, ...],
    previous: Parsed | None = None,
    overrides: Mapping[str, bytes] | None = None,
    known: ReadFiles | None = None,
) -> ContentFiles:
    """Read every file below `root`/content; never raises for bad content.

    A file whose bytes are as in `previous` (the `parsed` of an earlier read) is not parsed
    again; one whose facts are as `known` (the `read` of that read) says is not even read: its
    facts change with any change to it (see `content_signature`). `overrides` maps paths
    (relative to the root, like `content/reports/x.en.md`) to contents read in place of the
    file there, or as a file that is not there.
    """
    previous = previous or {}
    overrides = overrides or {}
    known = known or {}
    diagnostics: list[Diagnostic] = []
    claimed: dict[Kind, set[str]] = {kind: set() for kind in Kind}
    owners: dict[tuple[Kind, str, str | None], str] = {}
    media: list[MediaFile] = []
    files: list[_File] = []  # in the order of their paths
    listing = list_files(root, CONTENT_DIR)
    diagnostics.extend(listing.diagnostics)
    for path in sorted({*listing.files, *overrides}):
        name = _classify(path, languages)
        if isinstance(name, Diagnostic):
            diagnostics.append(name)
            continue
        claimed[name.kind].add(name.id)
        if name.kind.is_media:
            media.append(MediaFile(path, name.id))
            continue
        identity = (name.kind, name.id, name.lang)
        if identity in owners:
            diagnostics.append(_duplicate(path, name, owners[identity]))
            continue
        owners[identity] = path
        files.append(
            _File.given(path, name, overrides[path])
            if path in overrides
            else _File.at(root, path, name, previous, known)
        )
    parsed = _parse_all(files, previous)
    documents: list[SourceDocument] = []
    unreadable: set[tuple[Kind, str]] = set()
    for file in files:
        result = file.raw if isinstance(file.raw, Diagnostic) else parsed[file.key]
        if isinstance(result, Diagnostic):
            diagnostics.append(result)
            unreadable.add((file.name.kind, file.name.id))
        else:
            documents.append(result)
    return ContentFiles(
        tuple(documents),
        tuple(media),
        {kind: frozenset(ids) for kind, ids in claimed.items()},
        frozenset(unreadable),
        tuple(diagnostics),
        parsed,
        {file.path: (file.facts, file.key) for file in files if file.facts is not None},
    )


@dataclass(frozen=True, slots=True)
class _File:
    """A content file to parse: its bytes, or why they could not be read, or None when its parse is known by its
    facts. `key` names what parsing it gives (the same path and bytes, the same result); `facts`, what the file
    on disk was like before it was read (None for a file not read from disk)."""

    path: str
    name: _Name
    raw: bytes | Diagnostic | None
    key: bytes = b""
    facts: Facts | None = None

    @classmethod
    def at(cls, root: Path, path: str, name: _Name, previous: Parsed, known: ReadFiles) -> _File:
        """The file `path` below `root`, read unless its facts are those `known` has a parse in `previous` for.
        Its facts are taken before it is read: a change made while it is read changes them for the next read."""
        location = os.path.join(root, path)  # not a Path: making one costs more than the stat, for every file
        facts = file_facts(location)
        remembered = known.get(path)
        if facts is not None and remembered is not None and remembered[0] == facts and remembered[1] in previous:
            return cls(path, name, None, remembered[1], facts)
        return cls.given(path, name, _read(location, path), facts)

    @classmethod
    def given(cls, path: str, name: _Name, raw: bytes | Diagnostic, facts: Facts | None = None) -> _File:
        if isinstance(raw, Diagnostic):
            return cls(path, name, raw)
        return cls(path, name, raw, hashlib.blake2b(path.encode() + b"\0" + raw, digest_size=16).digest(), facts)


def _parse_all(files: list[_File], previous: Parsed) -> dict[bytes, SourceDocument | Diagnostic]:
    """Each readable file parsed, by its key: as in `previous`, or parsed now, on all cores."""
    parsed: dict[bytes, SourceDocument | Diagnostic] = {}
    new: list[_File] = []
    for file in files:
        if not isinstance(file.raw, Diagnostic):
            known = previous.get(file.key)
            if known is None:
                new.append(file)
            else:
                parsed[file.key] = known
    for file, result in zip(new, parallel_map(_parse_chunk, None, new), strict=True):
        parsed[file.key] = result
    return parsed


def _parse_chunk(_: None, files: list[_File]) -> list[SourceDocument | Diagnostic]:
    return [_parse(cast(bytes, file.raw), file.path, file.name) for file in files]


def content_signature(root: Path) -> bytes:
    """A digest of every content file's name, size, modification and change times and inode: any change to a
    file, or a file put in its place, changes one of them (the change time cannot be set back, as a
    modification time can)."""
    hasher = hashlib.blake2b(digest_size=16)
    for path in list_files(root, CONTENT_DIR).files:
        hasher.update(f"{path}\0{file_facts(root / path)}\0".encode("utf-8", "surrogateescape"))
    return hasher.digest()


def file_facts(file: str | Path) -> Facts | None:
    """A file's size, modification and change times and inode; None for a file that is gone."""
    try:
        status = os.stat(file)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def _read(location: str, path: str) -> bytes | Diagnostic:
    try:
        with open(location, "rb") as file:
            return file.read()
    except OSError as error:  # gone, or no longer readable, since the folder was listed
        return Diagnostic(path, FILE_START, f"cannot be read: {error.strerror}")


def _classify(path: str, languages: tuple[str, ...]) -> _Name | Diagnostic:
    parts = path.split("/")
    if len(parts) >= 3 and Kind.of_folder(parts[1]) is Kind.MEDIA:
        return _classify_media(path, "/".join(parts[2:]))
    kind = Kind.of_folder(parts[1]) if len(parts) == 3 else None
    if kind is None:
        return Diagnostic(path, FILE_START, _stray_message(path, parts))
    filename = parts[2]
    if kind.is_markdown:
        return _classify_markdown(path, kind, filename, languages)
    return _classify_data(path, kind, filename)


def _stray_message(path: str, parts: list[str]) -> str:
    kind = Kind.of_folder(parts[1]) if len(parts) > 3 else None
    if kind is not None:
        return f"stray file: {kind.folder}/ has no subfolders; expected {kind.expected_name}"
    expected = ", ".join(kind.expected_name for kind in Kind)
    return f"stray file: not a content file; content/ holds only {expected}"


def _classify_markdown(path: str, kind: Kind, filename: str, languages: tuple[str, ...]) -> _Name | Diagnostic:
    if not filename.endswith(".md"):
        return Diagnostic(path, FILE_START, f"stray file: expected {kind.expected_name}")
    stem = filename[: -len(".md")]
    if "." not in stem:
        example = f"{stem}.{languages[0]}.md"
        return Diagnostic(
            path,
            FILE_START,
            f"missing language suffix: name the file <id>.<lang>.md, e.g. '{example}' ({_languages_hint(languages)})",
        )
    identifier, lang = stem.rsplit(".", 1)
    if lang not in languages:
        return Diagnostic(
            path,
            FILE_START,
            f"unknown language suffix '{lang}' ({_languages_hint(languages)}){did_you_mean(lang, languages)}",
        )
    if not is_valid_id(identifier):
        return Diagnostic(path, FILE_START, _invalid_id_message(identifier))
    return _Name(kind, identifier, lang)


def _classify_media(path: str, name: str) -> _Name | Diagnostic:
    if not name.lower().endswith(MEDIA_SUFFIXES):
        return Diagnostic(
            path,
            FILE_START,
            f"stray file: {CONTENT_DIR}/{Kind.MEDIA.folder}/ holds only photos: "
            f"{', '.join(MEDIA_SUFFIXES[:-1])} or {MEDIA_SUFFIXES[-1]} files",
        )
    return _Name(Kind.MEDIA, name, None)


def _classify_data(path: str, kind: Kind, filename: str) -> _Name | Diagnostic:
    identifier, suffix = os.path.splitext(filename)
    if suffix not in DATA_SUFFIXES:
        return Diagnostic(path, FILE_START, f"stray file: expected {kind.expected_name} (or .yml)")
    if not is_valid_id(identifier):
        return Diagnostic(path, FILE_START, _invalid_id_message(identifier))
    return _Name(kind, identifier, None)


def _languages_hint(languages: tuple[str, ...]) -> str:
    return f"configured languages: {quote_list(languages)}"


def _invalid_id_message(identifier: str) -> str:
    suggestion = "-".join(filter(None, "".join(c if c.isalnum() else "-" for c in identifier.lower()).split("-")))
    hint = f", e.g. '{suggestion}'" if suggestion and is_valid_id(suggestion) else ""
    return f"'{identifier}' is not a valid id: file names use lowercase letters, digits and single hyphens{hint}"


def _duplicate(path: str, name: _Name, other: str) -> Diagnostic:
    what = f"{name.kind.value} '{name.id}'" + (f" in language '{name.lang}'" if name.lang else "")
    return Diagnostic(path, FILE_START, f"duplicate {what}: {other} already defines it")


def _parse(raw: bytes, path: str, name: _Name) -> SourceDocument | Diagnostic:
    text = _decode(raw, path)
    if isinstance(text, Diagnostic):
        return text
    if name.kind.is_markdown:
        return _parse_markdown(path, name, text)
    return _parse_data(path, name, text)


def _decode(raw: bytes, path: str) -> str | Diagnostic:
    """The file's text with LF line ends, or why it is no text that a page can show."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return Diagnostic(
            path,
            FILE_START,
            f"invalid UTF-8: byte 0x{raw[error.start]:02x} on line {line}; save the file as UTF-8",
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # a lone CR ends a line, as YAML and Markdown read it
    unshowable = first_unshowable(text)
    if unshowable is not None:
        return Diagnostic(path, position_in(text, unshowable), unshowable_message(text[unshowable]))
    return text


def _parse_markdown(path: str, name: _Name, text: str) -> SourceDocument | Diagnostic:
    lines = text.split("\n")
    if lines[0].rstrip() != FRONT_MATTER_DELIMITER:
        return Diagnostic(
            path,
            FILE_START,
            "missing front matter: the file must start with a line '---', the YAML fields, and another '---'",
        )
    closing = next((index for index in range(1, len(lines)) if lines[index].rstrip() == FRONT_MATTER_DELIMITER), None)
    if closing is None:
        return Diagnostic(path, FILE_START, "unterminated front matter: no closing '---' line after the YAML fields")
    data = _parse_mapping(path, "\n".join(lines[1:closing]), first_line=2, what="front matter")
    if isinstance(data, Diagnostic):
        return data
    body = "\n".join(lines[closing + 1 :])
    return SourceDocument(name.kind, path, name.id, name.lang, data, body, body_line=closing + 2)


def _parse_data(path: str, name: _Name, text: str) -> SourceDocument | Diagnostic:
    data = _parse_mapping(path, text, first_line=1, what=f"a {name.kind.value} file")
    if isinstance(data, Diagnostic):
        return data
    return SourceDocument(name.kind, path, name.id, None, data)


def _parse_mapping(path: str, text: str, first_line: int, what: str) -> YamlDocument | Diagnostic:
    try:
        document = parse_yaml(text, first_line)
    except YamlError as error:
        return Diagnostic(path, error.position, error.message)
    if document.value is None:
        document.value = {}
    if not isinstance(document.value, dict):
        return Diagnostic(
            path,
            document.position_of(()),
            f"{what} must be a mapping of fields (key: value), not {_kind_of_value(document.value)}",
        )
    return document


def _kind_of_value(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    return f"the single value {value!r}"
