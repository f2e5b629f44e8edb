"""What the fuzz tests put into the fuzz site's files: arbitrary bytes, arbitrary YAML, and mutations
of the valid files that keep their structure (a field removed, retyped or renamed by one letter, an
id swapped for another, a list item repeated, a translation's facts changed).

Each strategy draws `Changes`: new contents by path, relative to the site root.
"""

from __future__ import annotations

import copy
import operator
import tomllib
from collections.abc import Callable
from dataclasses import dataclass

import yaml
from hypothesis import strategies as st

from generator.config import BuildFile, LanguageFile, MarkdownFile, SectionNamesFile, SiteFile
from generator.schema import SCHEMAS, EntryFields, RaceFields
from generator.yamlcore import parse_yaml

from .harness import BASE_SITE, Changes
from .toml import dump_toml

REPORT = "content/reports/2024-spa-race-1.en.md"
TRANSLATION = "content/reports/2024-spa-race-1.de.md"
TARGETS = {
    "report": REPORT,
    "translation": TRANSLATION,
    "page": "content/pages/about.en.md",
    "driver": "content/drivers/ana-lima.yaml",
    "event": "content/events/2024-spa.yaml",
    "series": "content/series/gt-cup.yaml",
    "site.toml": "site.toml",
}
CONTENT_TARGETS = {name: path for name, path in TARGETS.items() if path != "site.toml"}
KNOWN_IDS = ("gt-cup", "2024-spa", "race-1", "race-2", "ana-lima", "ben-ode", "2024-spa-race-1", "about", "en", "de")
FACTS = ("event", "race", "entries")
MODELS = (*SCHEMAS.values(), EntryFields, RaceFields, SiteFile, LanguageFile, SectionNamesFile, BuildFile, MarkdownFile)
FIELD_NAMES = sorted({field.alias or name for model in MODELS for name, field in model.model_fields.items()})

# Text that breaks careless code: markup and script delimiters, separators, controls, bidi overrides.
HOSTILE_PIECES = (
    "<",
    ">",
    "&",
    "&amp;",
    '"',
    "'",
    "`",
    "</script>",
    "<script>",
    "]]>",
    "<!--",
    "-->",
    "{{ 7*7 }}",
    "{%",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u200f",
    "\x00",
    "\x01",
    "\x1b[2J",
    "\x7f",
    "\x85",
    "\ufeff",
    "\ufffe",
    "\r",
    "\n",
    "\t",
    " ",
    "..",
    "../",
    "%2e%2e",
    "\\",
    "javascript:alert(1)",
    "data:text/html,x",
    "#",
    "%s",
    "\U0001f3ce",
    "é",
    "ß",
    "—",
)
hostile_text = st.lists(st.sampled_from(HOSTILE_PIECES) | st.text(max_size=6), max_size=8).map("".join)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | hostile_text
    | st.sampled_from(KNOWN_IDS)
    | st.sampled_from(
        ("2024-07-27", "2024-02-30", "0001-01-01", "9999-12-31", "2:17.412", "9:99.999", "finished", "dnf", "", " ")
    )
)
keys = st.sampled_from(FIELD_NAMES) | st.text(max_size=8) | st.integers(-3, 3)
yaml_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=20,
)

YAML_TOKENS = (
    "- ",
    ": ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!!str ",
    "!!int ",
    "!!map ",
    "!x ",
    "!!python/object:os.system ",
    "'",
    '"',
    "\\",
    "|",
    ">",
    "#",
    "---",
    "...",
    "%YAML 1.2",
    "\n",
    "  ",
    "\t",
    "title",
    "date",
    "entries",
    "drivers",
    "name",
    "ana-lima",
    "2024-07-27",
    "true",
    "null",
    "~",
    "0x1F",
    ".inf",
)


def repeated(tokens: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A token many times over: deep nesting, long runs of brackets, scale."""
    return st.builds(operator.mul, st.sampled_from(tokens), st.integers(2, 3000))


yaml_soup = st.lists(st.sampled_from(YAML_TOKENS) | st.text(max_size=4) | repeated(YAML_TOKENS), max_size=40).map(
    "".join
)

MARKDOWN_TOKENS = (
    "# ",
    "## ",
    "\n",
    "\n\n",
    "*",
    "_",
    "`",
    "```",
    "    ",
    "> ",
    "- ",
    "1. ",
    "|",
    "---",
    "[",
    "]",
    "(",
    ")",
    "![",
    "[^1]",
    "[^1]: ",
    "{: ",
    '{: #x .y onclick="a()" }',
    "<b>",
    "<script>",
    "&",
    "&#x6a;",
    "http://a.b/",
    "javascript:x()",
    "data:text/html,x",
    "../../",
    "Ana Lima",
    "Lima",
    "Ben Ode",
    '"',
    "'",
    "...",
    "--",
)
markdown_soup = st.lists(
    st.sampled_from(MARKDOWN_TOKENS) | st.text(max_size=6) | repeated(MARKDOWN_TOKENS), max_size=40
).map("".join)


def original(relative: str) -> bytes:
    return (BASE_SITE / relative).read_bytes()


@dataclass(frozen=True)
class Document:
    """A file of the fuzz site as plain data (and, for Markdown, its body)."""

    relative: str
    data: dict
    body: str = ""

    @classmethod
    def read(cls, relative: str) -> Document:
        text = original(relative).decode("utf-8")
        if relative.endswith(".toml"):
            return cls(relative, tomllib.loads(text))
        if relative.endswith(".md"):
            _, front_matter, body = text.split("---\n", 2)
            return cls(relative, parse_yaml(front_matter).value, body)
        return cls(relative, parse_yaml(text).value)

    def with_data(self, data: dict) -> Document:
        return Document(self.relative, data, self.body)

    def encode(self, flow_style: bool | None = False) -> bytes:
        if self.relative.endswith(".toml"):
            return dump_toml(self.data).encode("utf-8")
        text = yaml.safe_dump(self.data, allow_unicode=True, sort_keys=False, default_flow_style=flow_style, width=200)
        if self.relative.endswith(".md"):
            text = f"---\n{text}---\n{self.body}"
        return text.encode("utf-8")


# --- arbitrary bytes and arbitrary YAML -------------------------------------------------------------


def arbitrary_bytes(relative: str) -> st.SearchStrategy[Changes]:
    """Random bytes, random text, or the file with a random stretch replaced by random bytes."""
    return st.one_of(st.binary(max_size=400), st.text(max_size=200).map(str.encode), spliced(original(relative))).map(
        lambda content: {relative: content}
    )


@st.composite
def spliced(draw: st.DrawFn, content: bytes) -> bytes:
    start = draw(st.integers(0, len(content)))
    end = draw(st.integers(start, min(len(content), start + 40)))
    return content[:start] + draw(st.binary(max_size=20)) + content[end:]


def arbitrary_yaml(relative: str) -> st.SearchStrategy[Changes]:
    """Any YAML document (or YAML-like token soup) as the data of the file; for Markdown, any body too."""
    body = markdown_soup if relative.endswith(".md") else st.just("")
    return st.builds(_yaml_file, st.just(relative), yaml_values.map(_dump_any) | yaml_soup, body)


def _dump_any(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True)


def _yaml_file(relative: str, text: str, body: str) -> Changes:
    content = f"---\n{text}\n---\n{body}" if relative.endswith(".md") else text
    return {relative: content.encode("utf-8")}


def any_body(relative: str) -> st.SearchStrategy[Changes]:
    """The file's valid front matter with any Markdown body."""
    front_matter = original(relative).decode("utf-8").split("---\n", 2)[1]
    return (markdown_soup | st.text()).map(lambda body: {relative: f"---\n{front_matter}---\n{body}".encode()})


CONTENT_FOLDERS = ("content", "content/reports", "content/pages", "content/drivers", "content/events", "content/series")
# File names as a file system takes them; controls, separators and format characters, which errors show
# escaped (test_diagnostics), are left out so that an error's path names the file as it is.
file_names = st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp", "Cf"), exclude_characters="/"), min_size=1, max_size=40
).filter(lambda name: name not in (".", "..") and len(name.encode()) <= 255)


@st.composite
def extra_file(draw: st.DrawFn) -> Changes:
    """A new file anywhere in content/, named anything, holding a copy of a content file or any bytes."""
    folder = draw(st.sampled_from(CONTENT_FOLDERS))
    name = draw(file_names | st.sampled_from(("ana-lima.yml", "about.de.md", "2024-spa-race-1.fr.md", "x.EN.md")))
    content = draw(st.sampled_from(sorted(CONTENT_TARGETS.values())).map(original) | st.binary(max_size=200))
    return {f"{folder}/{name}": content}


# --- mutations that keep the structure --------------------------------------------------------------

Path_ = tuple[str | int, ...]


def node_paths(value: object, prefix: Path_ = ()) -> list[Path_]:
    """The path of every node below `value`: mapping keys and list indexes."""
    children: list[tuple[str | int, object]] = []
    if isinstance(value, dict):
        children = list(value.items())
    elif isinstance(value, list):
        children = list(enumerate(value))
    paths = []
    for key, child in children:
        paths.append((*prefix, key))
        paths.extend(node_paths(child, (*prefix, key)))
    return paths


def parent_and_key(data: object, path: Path_) -> tuple[dict | list, str | int]:
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    return parent, path[-1]


def remove(draw: st.DrawFn, data: dict) -> None:
    parent, key = parent_and_key(data, draw(st.sampled_from(node_paths(data))))
    del parent[key]


def retype(draw: st.DrawFn, data: dict) -> None:
    parent, key = parent_and_key(data, draw(st.sampled_from(node_paths(data))))
    parent[key] = draw(yaml_values)


def rename(draw: st.DrawFn, data: dict) -> None:
    key_paths = [path for path in node_paths(data) if isinstance(path[-1], str)]
    parent, key = parent_and_key(data, draw(st.sampled_from(key_paths)))
    assert isinstance(parent, dict) and isinstance(key, str)
    items = list(parent.items())
    new_key = draw(one_letter_edits(key))
    parent.clear()
    parent.update((new_key if old == key else old, value) for old, value in items)


@st.composite
def one_letter_edits(draw: st.DrawFn, word: str) -> str:
    letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz_-AZ"))
    at = draw(st.integers(0, len(word)))
    edits = [word[:at] + letter + word[at:]]
    if at < len(word):
        edits += [word[:at] + word[at + 1 :], word[:at] + letter + word[at + 1 :]]
    if at + 1 < len(word):
        edits.append(word[:at] + word[at + 1] + word[at] + word[at + 2 :])
    return draw(st.sampled_from(edits))


def swap_id(draw: st.DrawFn, data: dict) -> None:
    id_paths = [path for path in node_paths(data) if _value_at(data, path) in KNOWN_IDS]
    if not id_paths:
        return retype(draw, data)
    parent, key = parent_and_key(data, draw(st.sampled_from(id_paths)))
    parent[key] = draw(st.sampled_from(KNOWN_IDS) | one_letter_edits(parent[key]))


def repeat_item(draw: st.DrawFn, data: dict) -> None:
    list_paths = [path for path in node_paths(data) if _is_filled_list(_value_at(data, path))]
    if not list_paths:
        return remove(draw, data)
    items = _value_at(data, draw(st.sampled_from(list_paths)))
    items.append(copy.deepcopy(draw(st.sampled_from(items))))


def _is_filled_list(value: object) -> bool:
    return isinstance(value, list) and bool(value)


def _value_at(data: object, path: Path_) -> object:
    for key in path:
        data = data[key]  # type: ignore[index]
    return data


MUTATIONS: dict[str, Callable[[st.DrawFn, dict], None]] = {
    "remove": remove,
    "retype": retype,
    "rename": rename,
    "swap id": swap_id,
    "repeat item": repeat_item,
}


@st.composite
def mutated_data(draw: st.DrawFn, data: dict) -> dict:
    """`data` with one to three mutations."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        if not node_paths(data):
            break
        MUTATIONS[draw(st.sampled_from(sorted(MUTATIONS)))](draw, data)
    return data


@st.composite
def mutated(draw: st.DrawFn, relative: str) -> Changes:
    """The file with its fields removed, retyped, renamed, swapped or repeated."""
    document = Document.read(relative)
    data = draw(mutated_data(document.data))
    return {relative: document.with_data(data).encode(flow_style=draw(st.sampled_from((False, None, True))))}


@st.composite
def translation_disagreements(draw: st.DrawFn) -> Changes:
    """The German translation states facts of its own: the English ones, some changed, with the English
    translation keeping or losing its own."""
    english, german = Document.read(REPORT), Document.read(TRANSLATION)
    stated = draw(st.lists(st.sampled_from(FACTS), min_size=1, max_size=3, unique=True))
    facts = {name: copy.deepcopy(english.data[name]) for name in stated}
    if draw(st.booleans()):
        facts = draw(mutated_data(facts))
    changes = {TRANSLATION: german.with_data({**german.data, **facts}).encode()}
    if draw(st.booleans()):
        kept = {key: value for key, value in english.data.items() if key not in stated}
        changes[REPORT] = english.with_data(kept).encode()
    return changes
