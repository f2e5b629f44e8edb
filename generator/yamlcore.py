"""YAML read by the 1.2 core schema, keeping the position of every node.

PyYAML resolves plain scalars by YAML 1.1 rules (`1:32.136` is a base-60 number, `NO` is
false, `2009-10-31` a date). Here plain scalars resolve by the 1.2 core schema only: null,
true/false, integers, floats; everything else is a string. Dates stay strings and are
checked by the schema. Parsing is done by libyaml when it is available.

Values are built from the parser's events, not from composed nodes: libyaml's composer
recurses once per level of nesting and crashes the interpreter on a deeply nested file, and
an alias composes to the node it names, so a "billion laughs" document of aliases of aliases
would build exponentially many values. Here nesting is limited, every alias costs the values
it repeats, and an error about an alias stands at the alias.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import yaml

from .characters import first_unshowable, unshowable_message
from .diagnostics import Position

Path_ = tuple[str | int, ...]

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _CoreSchemaResolver(yaml.resolver.BaseResolver):
    """Implicit tags of the YAML 1.2 core schema (spec 10.3.2)."""


# The scalars of the core schema: their text, and the first characters that text may start with.
_CORE_SCALARS = {
    _NULL: (re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    _BOOL: (re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    _INT: (re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")),
    _FLOAT: (
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+.0123456789"),
    ),
}
# The first call gives the class a table of its own, a copy of BaseResolver's empty one.
for _tag, (_pattern, _first) in _CORE_SCALARS.items():
    _CoreSchemaResolver.add_implicit_resolver(_tag, _pattern, _first)


class _Mark(Protocol):
    """A parser's mark, of libyaml or of the pure-Python parser."""

    index: int
    line: int
    column: int


class _EventSource(Protocol):
    def get_event(self) -> yaml.Event | None: ...

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str: ...

    def dispose(self) -> None: ...


class _PythonLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _CoreSchemaResolver,
):
    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _CoreSchemaResolver.__init__(self)


try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _new_loader: Callable[[str], _EventSource] = _PythonLoader
else:

    class _CLoader(CParser, _CoreSchemaResolver):
        def __init__(self, stream: str):
            CParser.__init__(self, stream)
            _CoreSchemaResolver.__init__(self)

    _new_loader = _CLoader


class YamlError(Exception):
    """A YAML document that cannot be read; `position` is where the reader gave up.

    A plain class, not a frozen dataclass: Python sets attributes of an exception it passes along
    (`__traceback__`), which a frozen dataclass with slots refuses with a TypeError.
    """

    def __init__(self, position: Position, message: str):
        super().__init__(position, message)
        self.position = position
        self.message = message


@dataclass(slots=True, eq=False)
class YamlDocument:
    """The plain value of a document, and where each of its nodes stands.

    Positions are found only when asked for — for an error message — by reading the text
    again: most documents never need them, and recording every node's position would cost
    a third of the time parsing takes.
    """

    value: object
    text: str
    first_line: int = 1
    _positions: dict[Path_, Position] | None = field(default=None, repr=False)
    _key_positions: dict[Path_, Position] | None = field(default=None, repr=False)

    @property
    def positions(self) -> dict[Path_, Position]:
        """`positions[path]`: the start of the node at `path` (mapping keys and list indexes)."""
        if self._positions is None:
            self._positions, self._key_positions = _find_positions(self.text, self.first_line)
        return self._positions

    @property
    def key_positions(self) -> dict[Path_, Position]:
        """`key_positions[path]`: the start of the key whose value is at `path`."""
        if self._key_positions is None:
            self._positions, self._key_positions = _find_positions(self.text, self.first_line)
        return self._key_positions

    def position_of(self, path: Path_) -> Position:
        """The node at `path`, or its nearest ancestor that exists."""
        positions = self.positions
        for end in range(len(path), -1, -1):
            found = positions.get(tuple(path[:end]))
            if found is not None:
                return found
        return Position(self.first_line, 1)

    def key_position_of(self, path: Path_) -> Position:
        return self.key_positions.get(tuple(path)) or self.position_of(path)

    def __getstate__(self) -> tuple[object, str, int]:
        return self.value, self.text, self.first_line

    def __setstate__(self, state: tuple[object, str, int]) -> None:
        self.value, self.text, self.first_line = state
        self._positions = self._key_positions = None


def _find_positions(text: str, first_line: int) -> tuple[dict[Path_, Position], dict[Path_, Position]]:
    recorder = _PositionRecorder(_Places(text, first_line))
    _compose(text, first_line, recorder)
    return recorder.positions, recorder.key_positions


MAX_DEPTH = 64  # content nests four levels deep (entries[0].drivers[0]); a parser recursing per level crashes
_TOO_DEEP = f"invalid YAML: nested more than {MAX_DEPTH} levels deep"
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
MAX_REPEATED_VALUES = 10_000  # values that aliases may repeat in one document, all aliases together


def parse_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; positions are shifted so that the text starts on `first_line`.

    Raises YamlError for syntax errors, duplicate keys, unsupported tags, recursive or undefined
    aliases, aliases that repeat too many values, nesting too deep, and escapes of characters no page
    can carry (the reader checks the text itself for them).
    """
    return YamlDocument(_compose(text, first_line, None), text, first_line)


def _compose(text: str, first_line: int, recorder: _PositionRecorder | None) -> object:
    loader = _new_loader(text)
    places = _Places(text, first_line)
    try:
        return _Composer(loader, places, recorder).compose()
    except yaml.MarkedYAMLError as error:
        if _LIBYAML_TOO_DEEP in str(error.problem):
            raise _too_deep(text, first_line, error) from None
        raise _syntax_error(error, text, places) from None
    except yaml.YAMLError as error:
        raise YamlError(Position(first_line, 1), f"invalid YAML: {error}") from None
    finally:
        loader.dispose()


def _too_deep(text: str, first_line: int, error: yaml.MarkedYAMLError) -> YamlError:
    """The error for a text that libyaml refused as nested deeper than its own limit (1,000 levels, from
    libyaml 0.2.6 on). Its scanner reads a run of opening brackets to its end before the composer sees the
    first of them, so it refuses before the composer finds the level that passes MAX_DEPTH; the text up to
    where libyaml stopped, within its limit, has that level: composed, it is found there."""
    mark = error.problem_mark
    assert mark is not None  # libyaml marks where the nesting passed its limit
    try:
        _compose(text[: mark.index], first_line, None)
    except YamlError as found:
        if found.message == _TOO_DEEP:
            return found
    return YamlError(_Places(text, first_line).of(mark), _TOO_DEEP)


def _syntax_error(error: yaml.MarkedYAMLError, text: str, places: _Places) -> YamlError:
    mark = error.problem_mark or error.context_mark
    position = places.of(mark) if mark else places.of_start()
    message = f"invalid YAML: {error.problem or error.context}"
    if error.context and error.problem and error.context_mark is not None:
        where = places.of(error.context_mark)
        message += f" ({error.context} at {where.line}:{where.col})"
    if "mapping values are not allowed" in (error.problem or ""):
        message += "; a value that contains ': ' must be quoted"
    if mark and _line_has_tab(text, position, places.first_line):
        message += "; YAML indents with spaces, not tabs"
    return YamlError(position, message)


def _line_has_tab(text: str, position: Position, first_line: int) -> bool:
    lines = text.split("\n")
    index = position.line - first_line
    return index < len(lines) and "\t" in lines[index]


class _Places:
    """The positions of a parser's marks in one text that starts on `first_line`, in lines as editors count
    them: ended by a line feed.

    libyaml ends a line at U+0085, U+2028 and U+2029 too (YAML 1.1); in a text that holds one, a mark's
    position is found from its index instead. A mark past the end of the text (libyaml's at the end of
    a text without a final line break is on the line after the last) stands at the end of the last line.
    """

    def __init__(self, text: str, first_line: int):
        self.first_line = first_line
        self.last_line = text.count("\n")  # 0-based, as marks count
        self.last_line_length = len(text) - text.rfind("\n") - 1
        other_breaks = any(separator in text for separator in _OTHER_LINE_BREAKS)
        self.line_starts = [0, *(found.end() for found in re.finditer("\n", text))] if other_breaks else None

    def of(self, mark: _Mark) -> Position:
        if self.line_starts is not None:
            line = bisect.bisect_right(self.line_starts, mark.index) - 1
            return Position(line + self.first_line, mark.index - self.line_starts[line] + 1)
        if mark.line > self.last_line:
            return Position(self.last_line + self.first_line, self.last_line_length + 1)
        return Position(mark.line + self.first_line, mark.column + 1)

    def of_start(self) -> Position:
        return Position(self.first_line, 1)


class _PositionRecorder:
    """Where each node and each mapping key of a document starts, by path."""

    def __init__(self, places: _Places):
        self.places = places
        self.positions: dict[Path_, Position] = {(): places.of_start()}
        self.key_positions: dict[Path_, Position] = {}

    def node(self, path: Path_, mark: _Mark) -> None:
        self.positions[path] = self.places.of(mark)

    def key(self, path: Path_, mark: _Mark) -> None:
        self.key_positions[path] = self.places.of(mark)


_OTHER_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
_BEING_BUILT = object()  # an anchor whose collection is still open: an alias to it would contain itself


@dataclass(slots=True)
class _Collection:
    """A list or mapping whose items are still being read."""

    value: list[object] | dict[str | int, object]
    path: Path_
    anchor: str | None
    size: int = 1  # values it holds, itself and aliased ones included
    key: str | int | None = None  # of a mapping: the key read, waiting for its value
    key_lines: dict[str | int, int] = field(default_factory=dict)  # of a mapping: each key's 0-based line


@dataclass(frozen=True, slots=True)
class _Anchored:
    value: object
    size: int
    text: str | None  # a scalar's text, for an alias used as a mapping key


class _Composer:
    """Builds the plain value of one document from the parser's events, checking what the core schema allows."""

    def __init__(self, loader: _EventSource, places: _Places, recorder: _PositionRecorder | None):
        self.loader = loader
        self.places = places
        self.recorder = recorder
        self.open: list[_Collection] = []
        self.anchors: dict[str, _Anchored | object] = {}
        self.repeated = 0
        self.documents = 0
        self.root: object = None

    def position(self, mark: _Mark) -> Position:
        return self.places.of(mark)

    def compose(self) -> object:
        loader = self.loader
        while (event := loader.get_event()) is not None:
            if isinstance(event, yaml.ScalarEvent):
                value = self.scalar(event)
                self.add(value, _start(event), 1, event.value)
                if event.anchor is not None:
                    self.anchors[event.anchor] = _Anchored(value, 1, event.value)
            elif isinstance(event, yaml.CollectionEndEvent):
                self.close()
            elif isinstance(event, yaml.CollectionStartEvent):
                self.start(event)
            elif isinstance(event, yaml.AliasEvent):
                self.alias(event)
            elif isinstance(event, yaml.DocumentStartEvent):
                self.start_document(_start(event))
        return self.root

    def start_document(self, mark: _Mark) -> None:
        self.documents += 1
        if self.documents > 1:
            raise YamlError(self.position(mark), "invalid YAML: a second document; a file holds one")

    def start(self, event: yaml.CollectionStartEvent) -> None:
        mark = _start(event)
        if len(self.open) >= MAX_DEPTH:
            raise YamlError(self.position(mark), _TOO_DEEP)
        is_mapping = isinstance(event, yaml.MappingStartEvent)
        self.require_tag(event.tag, _MAP if is_mapping else _SEQ, mark)
        path = self.place(mark)
        if self.recorder is not None:
            self.recorder.node(path, mark)
        if event.anchor is not None:
            self.anchors[event.anchor] = _BEING_BUILT
        self.open.append(_Collection({} if is_mapping else [], path, event.anchor))

    def place(self, mark: _Mark) -> Path_:
        """The path of a collection that starts at `mark`, which must not be a mapping key."""
        if not self.open:
            return ()
        parent = self.open[-1]
        if isinstance(parent.value, list):
            return (*parent.path, len(parent.value))
        if parent.key is None:
            raise YamlError(self.position(mark), "invalid YAML: a mapping key must be a plain value")
        return (*parent.path, parent.key)

    def close(self) -> None:
        collection = self.open.pop()
        if collection.anchor is not None:
            self.anchors[collection.anchor] = _Anchored(collection.value, collection.size, None)
        self.add_collection(collection)

    def add_collection(self, collection: _Collection) -> None:
        if not self.open:
            self.root = collection.value
            return
        parent = self.open[-1]
        parent.size += collection.size
        if isinstance(parent.value, list):
            parent.value.append(collection.value)
        else:
            parent.value[collection.path[-1]] = collection.value  # the key place() put it under
            parent.key = None

    def add(self, value: object, mark: _Mark, size: int, text: str | None) -> None:
        """A scalar or an alias: the root, a list item, a mapping key or a mapping value."""
        if not self.open:
            self.root = value
            if self.recorder is not None:
                self.recorder.node((), mark)
            return
        parent = self.open[-1]
        parent.size += size
        if isinstance(parent.value, list):
            if self.recorder is not None:
                self.recorder.node((*parent.path, len(parent.value)), mark)
            parent.value.append(value)
        elif parent.key is None:
            parent.key = self.key(parent, value, text, mark)
        else:
            if self.recorder is not None:
                self.recorder.node((*parent.path, parent.key), mark)
            parent.value[parent.key] = value
            parent.key = None

    def key(self, mapping: _Collection, value: object, text: str | None, mark: _Mark) -> str | int:
        if text is None:
            raise YamlError(self.position(mark), "invalid YAML: a mapping key must be a plain value")
        key = value if isinstance(value, str | int) and not isinstance(value, bool) else text
        if key in mapping.key_lines:
            first = mapping.key_lines[key] + self.places.first_line
            raise YamlError(self.position(mark), f"duplicate key '{key}' (first given at line {first})")
        mapping.key_lines[key] = mark.line
        if self.recorder is not None:
            self.recorder.key((*mapping.path, key), mark)
        return key

    def alias(self, event: yaml.AliasEvent) -> None:
        anchored = self.anchors.get(event.anchor) if event.anchor is not None else None
        where = self.position(_start(event))
        if anchored is None:
            raise YamlError(where, f"invalid YAML: alias '*{event.anchor}' names no anchor '&{event.anchor}' before it")
        if not isinstance(anchored, _Anchored):
            raise YamlError(where, "invalid YAML: an alias refers to a node that contains it")
        self.repeated += anchored.size
        if self.repeated > MAX_REPEATED_VALUES:
            raise YamlError(
                where,
                f"invalid YAML: aliases repeat more than {MAX_REPEATED_VALUES} values in this file "
                f"(an alias bomb?); write the values out",
            )
        self.add(anchored.value, _start(event), anchored.size, anchored.text)

    def scalar(self, event: yaml.ScalarEvent) -> object:
        text = event.value
        if event.style == '"':  # only an escape of a double-quoted scalar makes what the file itself cannot hold
            unshowable = first_unshowable(text)
            if unshowable is not None:
                raise YamlError(self.position(_start(event)), unshowable_message(text[unshowable]))
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, text, event.implicit)
        elif tag in _CORE_SCALARS and not _CORE_SCALARS[tag][0].match(text):
            raise YamlError(self.position(_start(event)), f"invalid YAML: '{text}' is no {tag.rsplit(':', 1)[-1]}")
        if tag == _STR:
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() == "true"
        if tag == _INT:
            return self.integer(text, _start(event))
        if tag == _FLOAT:
            return _parse_float(text)
        raise YamlError(self.position(_start(event)), f"unsupported YAML tag '{tag}'")

    def integer(self, text: str, mark: _Mark) -> int:
        try:
            return _parse_int(text)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            raise YamlError(self.position(mark), f"invalid YAML: a number of {len(text)} digits is too long") from None

    def require_tag(self, tag: str | None, expected: str, mark: _Mark) -> None:
        if tag not in (None, "!", expected):
            raise YamlError(self.position(mark), f"unsupported YAML tag '{tag}'")


def _start(event: yaml.Event) -> _Mark:
    mark = event.start_mark
    assert mark is not None, "the parser marks where each event starts"
    return mark


def _parse_int(text: str) -> int:
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _parse_float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(text)
