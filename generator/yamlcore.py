"""YAML read by the 1.2 core schema, keeping the position of every node.

PyYAML resolves plain scalars by YAML 1.1 rules (`1:32.136` is a base-60 number, `NO` is
false, `2009-10-31` a date). Here plain scalars resolve by the 1.2 core schema only: null,
true/false, integers, floats; everything else is a string. Dates stay strings and are
checked by the schema. Parsing is done by libyaml when it is available.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .diagnostics import Position

try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml
    _Parser = None

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

    yaml_implicit_resolvers: dict = {}


for _tag, _pattern, _first in [
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    (_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        _FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
]:
    _CoreSchemaResolver.add_implicit_resolver(_tag, re.compile(_pattern), _first)

if _Parser is not None:

    class _Loader(_Parser, _CoreSchemaResolver):
        def __init__(self, stream: str):
            _Parser.__init__(self, stream)
            _CoreSchemaResolver.__init__(self)

else:  # pragma: no cover - exercised only without libyaml

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
        _CoreSchemaResolver,
    ):
        def __init__(self, stream: str):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _CoreSchemaResolver.__init__(self)


@dataclass(frozen=True, slots=True)
class YamlError(Exception):
    """A YAML document that cannot be read; `position` is where the reader gave up."""

    position: Position
    message: str


@dataclass(slots=True)
class YamlDocument:
    """The plain value of a document and where each of its nodes stands.

    `positions[path]` is the start of the node at `path` (mapping keys and list indexes);
    `key_positions[path]` is the start of the key whose value is at `path`.
    """

    value: object
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)

    def position_of(self, path: Path_) -> Position:
        """The node at `path`, or its nearest ancestor that exists."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found is not None:
                return found
        return Position()

    def key_position_of(self, path: Path_) -> Position:
        return self.key_positions.get(tuple(path)) or self.position_of(path)


def parse_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; positions are shifted so that the text starts on `first_line`.

    Raises YamlError for syntax errors, duplicate keys, unsupported tags and recursive aliases.
    """
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, first_line) from None
    except yaml.YAMLError as error:
        raise YamlError(Position(first_line, 1), f"invalid YAML: {error}") from None
    document = YamlDocument(value=None)
    if root is not None:
        document.value = _Builder(document, first_line - 1).build(root, ())
    return document


def _syntax_error(error: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlError:
    mark = error.problem_mark or error.context_mark
    position = Position(mark.line + first_line, mark.column + 1) if mark else Position(first_line, 1)
    message = f"invalid YAML: {error.problem or error.context}"
    if error.context and error.problem and error.context_mark is not None:
        where = f"{error.context_mark.line + first_line}:{error.context_mark.column + 1}"
        message += f" ({error.context} at {where})"
    if "mapping values are not allowed" in (error.problem or ""):
        message += "; a value that contains ': ' must be quoted"
    if mark and _line_has_tab(text, mark.line):
        message += "; YAML indents with spaces, not tabs"
    return YamlError(position, message)


def _line_has_tab(text: str, line_index: int) -> bool:
    lines = text.splitlines()
    return line_index < len(lines) and "\t" in lines[line_index]


class _Builder:
    """Turns composed nodes into plain Python values, recording positions on the way."""

    def __init__(self, document: YamlDocument, line_offset: int):
        self.document = document
        self.line_offset = line_offset
        self.active: set[int] = set()

    def position(self, node: yaml.Node) -> Position:
        return Position(node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: Path_) -> object:
        self.document.positions[path] = self.position(node)
        if id(node) in self.active:
            raise YamlError(self.position(node), "invalid YAML: an alias refers to a node that contains it")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.build_mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                self.require_tag(node, _SEQ)
                return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
            return self.build_scalar(node)
        finally:
            self.active.discard(id(node))

    def build_mapping(self, node: yaml.MappingNode, path: Path_) -> dict:
        self.require_tag(node, _MAP)
        mapping: dict = {}
        for key_node, value_node in node.value:
            key = self.build_key(key_node)
            if key in mapping:
                first = self.document.key_positions[(*path, key)]
                raise YamlError(
                    self.position(key_node),
                    f"duplicate key '{key}' (first given at line {first.line})",
                )
            self.document.key_positions[(*path, key)] = self.position(key_node)
            mapping[key] = self.build(value_node, (*path, key))
        return mapping

    def build_key(self, node: yaml.Node) -> str | int:
        if not isinstance(node, yaml.ScalarNode):
            raise YamlError(self.position(node), "invalid YAML: a mapping key must be a plain value")
        key = self.build_scalar(node)
        if isinstance(key, bool) or not isinstance(key, str | int):
            return node.value
        return key

    def build_scalar(self, node: yaml.ScalarNode) -> object:
        text = node.value
        tag = node.tag
        if tag in (_STR, "!"):
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() == "true"
        if tag == _INT:
            return _parse_int(text)
        if tag == _FLOAT:
            return _parse_float(text)
        raise YamlError(self.position(node), f"unsupported YAML tag '{tag}'")

    def require_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag not in (expected, "!"):
            raise YamlError(self.position(node), f"unsupported YAML tag '{node.tag}'")


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

