"""Markdown to HTML, once per distinct text, and the driver mentions found in it.

Conversions are cached by a hash of (language, text), so a rebuild re-converts only the
bodies that changed. Raw HTML is escaped unless the site allows it, and so are event-handler
attributes; links and images with a script or data URL never reach the output.

A Markdown image with a relative path rather than a URL (`![Alt](../media/pit.jpg)`) is a photo
(spec section 10). The converted HTML keeps it as an `<img>` marked with PHOTO_MARK and its
number in the text; the page that shows the text puts the photo's responsive markup there
(`photo_parts`). So the conversion, and its cache, depend on the text alone.
"""

from __future__ import annotations

import hashlib
import html
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import accumulate
from typing import TypeAlias
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .i18n import N_
from .parallel import parallel_map
from .typography import typeset_html

FOOTNOTE_BACKLINK_TITLE = N_("Jump back to footnote %d in the text")

_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
_URL_ATTRIBUTE = re.compile(
    r"""(?P<name>[\s/](?:href|src|srcset|action|formaction|xlink:href|poster|cite|background|ping|data)\s*=\s*)"""
    r"""(?P<value>"[^"]*"|'[^']*'|[^\s>]+)""",
    re.IGNORECASE,
)
_TAG = re.compile(r"(<[^>]*>)")
_SKIPPED_ELEMENTS = {"a", "code", "pre", "script", "style", "kbd"}
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)

PHOTO_MARK = "data-pitboard-photo"
_ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_MARKED_IMAGE = re.compile(rf"<img\b[^>]*\s{PHOTO_MARK}=\"(\d+)\"[^>]*>")
_ALONE = re.compile(rf"<p>\s*(<img\b[^>]*\s{PHOTO_MARK}=\"\d+\"[^>]*>)\s*</p>")


MAX_NESTING = 32  # lists, quotes and indented blocks within each other: Python-Markdown recurses for each
MAX_BRACKET_SCAN = 2_000_000  # characters Python-Markdown reads looking for the ends of '[' and '(' in a text

# What opens a level of nesting at the start of a line: a quote, a list item, or an indentation of four.
_CONTAINER = re.compile(r" {0,3}(?:>|[-*+](?= |$)|[0-9]{1,9}[.)](?= |$)) ?|    ")
# The start of a line that may open more than MAX_NESTING levels: each level takes one column or more, all
# of them of these characters, and no character takes more than four columns (a tab).
_MAYBE_DEEP = re.compile(rf"^[ \t>*+\-0-9.)]{{{MAX_NESTING // 4 + 1},}}", re.MULTILINE)
_BRACKET_OR_BLOCK_END = re.compile(r"[\[\]()]|\n\n")
_CLOSING = {"]": "[", ")": "("}


def markdown_problem(text: str) -> tuple[int, str] | None:
    """Why Python-Markdown could not convert `text` within bounded stack and time, with the (0-based) line
    that shows it; or None.

    Python-Markdown recurses for every level of nested lists, quotes and indented blocks (a few hundred
    exhaust the stack), and for every '[' or '(' reads on to its end, or to the end of the paragraph
    when it has none (some tens of thousands of them take hours).
    """
    for deep in _MAYBE_DEEP.finditer(text):
        if _nesting(_line_at(text, deep.start()).expandtabs(4)) > MAX_NESTING:
            line = text.count("\n", 0, deep.start())
            return line, f"Markdown nested more than {MAX_NESTING} levels deep (lists, quotes, indented blocks)"
    openers = text.count("[") + text.count("(")
    too_far = _bracket_scan_limit_passed(text) if openers * len(text) > MAX_BRACKET_SCAN else None
    if too_far is not None:
        return text.count("\n", 0, too_far), (
            "too many '[' or '(' without their ']' or ')' for Markdown to read in reasonable time; "
            "close them, or write them as \\[ and \\("
        )
    return None


def _line_at(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _nesting(line: str) -> int:
    depth, at = 0, 0
    while (found := _CONTAINER.match(line, at)) is not None and found.end() > at:
        depth, at = depth + 1, found.end()
    return depth


def _bracket_scan_limit_passed(text: str) -> int | None:
    """Where the '[' or '(' stands whose reading passes MAX_BRACKET_SCAN, all readings so far together."""
    scanned = 0
    unclosed: dict[str, list[int]] = {"[": [], "(": []}
    for found in _BRACKET_OR_BLOCK_END.finditer(text):
        mark, at = found.group(), found.start()
        if mark in unclosed:
            unclosed[mark].append(at)
            continue
        ends = [opened for opening in unclosed.values() for opened in opening] if mark == "\n\n" else []
        if mark in _CLOSING and unclosed[_CLOSING[mark]]:
            ends = [unclosed[_CLOSING[mark]].pop()]
        for opened in sorted(ends):
            scanned += at - opened
            if scanned > MAX_BRACKET_SCAN:
                return opened
        if mark == "\n\n":
            unclosed = {"[": [], "(": []}
    for opened in sorted(opened for opening in unclosed.values() for opened in opening):
        scanned += len(text) - opened
        if scanned > MAX_BRACKET_SCAN:
            return opened
    return None


class MarkdownRenderer:
    """Converts Markdown in a language's conventions, once per distinct text.

    `known` holds conversions of earlier builds (the build cache's), by a key over the
    settings, the language and the text; `converted` every conversion this renderer was
    asked for, which is what the cache keeps for the next build. `earlier`: the renderer of
    the last build of this process, whose keys need not be computed again.
    """

    def __init__(
        self,
        unsafe_html: bool,
        footnote_titles: Mapping[str, str],
        known: Mapping[bytes, str] | None = None,
        earlier: MarkdownRenderer | None = None,
    ):
        self.unsafe_html = unsafe_html
        self.footnote_titles = dict(footnote_titles)
        self._settings = repr((unsafe_html, sorted(self.footnote_titles.items()))).encode()
        self._known = known or {}
        self._converters: dict[str, markdown.Markdown] = {}
        self.converted: dict[bytes, str] = {}
        self._keys: dict[tuple[str, str], bytes] = {}  # by (text, language): each text is hashed once per process
        self._earlier_keys = earlier._keys if earlier is not None and earlier._settings == self._settings else {}

    def to_html(self, text: str, lang: str) -> str:
        key = self._key(text, lang)
        found = self.converted.get(key)
        if found is None:
            found = self._known.get(key)
            self.converted[key] = found if found is not None else self._convert(text, lang)
        return self.converted[key]

    def convert_all(self, texts: Iterable[tuple[str, str]]) -> None:
        """Convert every (text, lang) not converted yet, on all cores, for `to_html` to find."""
        missing = {}
        for text, lang in texts:
            key = self._key(text, lang)
            if key in self.converted:
                continue
            if key in self._known:
                self.converted[key] = self._known[key]
            else:
                missing[key] = (text, lang)
        converted = parallel_map(_convert_chunk, self, list(missing.values()))
        self.converted.update(zip(missing, converted, strict=True))

    def _key(self, text: str, lang: str) -> bytes:
        key = self._keys.get((text, lang)) or self._earlier_keys.get((text, lang))
        if key is None:
            hasher = hashlib.blake2b(self._settings, digest_size=16)
            hasher.update(f"\0{lang}\0{text}".encode("utf-8", "surrogatepass"))
            key = hasher.digest()
        self._keys[(text, lang)] = key
        return key

    def _convert(self, text: str, lang: str) -> str:
        if markdown_problem(text) is not None:  # refused where it stands (validate); never converted
            return ""
        return neutralize_script_urls(typeset_html(self._converter(lang).reset().convert(text), lang))

    def _converter(self, lang: str) -> markdown.Markdown:
        if lang not in self._converters:
            self._converters[lang] = self._new_converter(lang)
        return self._converters[lang]

    def _new_converter(self, lang: str) -> markdown.Markdown:
        converter = markdown.Markdown(
            output_format="html",
            extensions=["tables", "footnotes", "attr_list", "toc", _PhotoExtension()],
            extension_configs={
                "footnotes": {"BACKLINK_TITLE": self.footnote_titles.get(lang, FOOTNOTE_BACKLINK_TITLE)}
            },
        )
        if not self.unsafe_html:
            converter.preprocessors.deregister("html_block")
            converter.inlinePatterns.deregister("html")
            converter.treeprocessors.register(_EventHandlerRemover(converter), "event_handlers", 1)
        return converter


class _EventHandlerRemover(Treeprocessor):
    """Drops the attributes that run scripts (`onclick`, …), which an attribute list (`{: onclick=… }`) could
    set: without raw HTML, Markdown must not be a way to put a script on a page."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for name in [name for name in element.attrib if name.lower().startswith("on")]:
                del element.attrib[name]


def _convert_chunk(renderer: MarkdownRenderer, texts: list[tuple[str, str]]) -> list[str]:
    return [renderer._convert(text, lang) for text, lang in texts]


def neutralize_script_urls(markup: str) -> str:
    """Replace javascript:, vbscript: and data: URLs in attributes by '#'."""

    def replace(match: re.Match[str]) -> str:
        value = match.group("value").strip("\"'")
        normalized = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
        if normalized.startswith(_SCRIPT_SCHEMES):
            return f'{match.group("name")}"#"'
        return match.group(0)

    return _URL_ATTRIBUTE.sub(replace, markup)


def first_paragraph_text(markup: str) -> str:
    """The plain text of the first paragraph that has text (not a photo alone), for a default summary."""
    for found in _PARAGRAPH.finditer(markup):
        text = " ".join(html.unescape(_TAG.sub("", found.group(1))).split())
        if text:
            return text
    return ""


class _MarkPhotos(Treeprocessor):
    """Marks each image with a path (not a URL) as the text's next photo."""

    def run(self, root: Element) -> None:
        for number, image in enumerate(
            element for element in root.iter("img") if is_photo_path(element.get("src", ""))
        ):
            image.set(PHOTO_MARK, str(number))


class _PhotoExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_MarkPhotos(md), "pitboard-photos", 0)  # after the inline patterns made the images


def is_photo_path(src: str) -> bool:
    """A relative path, from the Markdown file (`../media/pit.jpg`), rather than a URL: one to another site
    (`https://…`, `//host/…`, `data:…`) or one within the published site (`/static/logo.svg`)."""
    return bool(src) and not src.startswith("/") and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src)


@dataclass(frozen=True, slots=True)
class MarkedImage:
    """A photo of converted Markdown: its number and what the Markdown said (attribute values, unescaped)."""

    number: int
    src: str
    alt: str
    title: str | None


def marked_images(markup: str) -> list[MarkedImage]:
    """The photos of converted Markdown, in the order of the HTML."""
    found = []
    for match in _MARKED_IMAGE.finditer(markup):
        attributes = _attributes(match.group(0))
        found.append(
            MarkedImage(
                int(match.group(1)), attributes.get("src", ""), attributes.get("alt", ""), attributes.get("title")
            )
        )
    return found


def _attributes(tag: str) -> dict[str, str]:
    inside = tag[len("<img") :].rstrip(">").rstrip("/")
    return {
        match.group(1).lower(): html.unescape(next((value for value in match.group(2, 3, 4) if value is not None), ""))
        for match in _ATTRIBUTE.finditer(inside)
    }


@dataclass(frozen=True, slots=True)
class PhotoSlot:
    """Where converted Markdown shows its photo number `number`: alone in a paragraph (a figure) or within text."""

    number: int
    alone: bool
    title: str | None


def photo_parts(markup: str) -> tuple[str | PhotoSlot, ...]:
    """The markup cut at its photos: HTML strings and, between them, the slots of the photos."""
    parts: list[str | PhotoSlot] = []
    cursor = 0
    for match in re.finditer(rf"{_ALONE.pattern}|{_MARKED_IMAGE.pattern}", markup):
        tag = match.group(1) or match.group(0)
        number = re.search(rf'{PHOTO_MARK}="(\d+)"', tag)
        assert number is not None
        parts.append(markup[cursor : match.start()])
        parts.append(PhotoSlot(int(number.group(1)), match.group(1) is not None, _attributes(tag).get("title")))
        cursor = match.end()
    parts.append(markup[cursor:])
    return tuple(part for part in parts if part != "")


@dataclass(frozen=True, slots=True)
class Mention:
    """A registered driver's name or alias as it may appear in text."""

    text: str
    driver_id: str


class MentionMatcher:
    """Finds the registered drivers a text names, and links the first occurrence of each.

    Matches whole words, longest name first, in text outside links and code; the
    typewriter apostrophe and the typographic one count as the same.
    """

    def __init__(self, mentions: Iterable[Mention], known: Mapping[bytes, object] | None = None):
        """`known`: what `found` held after an earlier build, whose texts need not be read again."""
        by_text = {_normalize(mention.text): mention.driver_id for mention in mentions}
        self._driver_of = by_text
        self._pattern = re.compile(r"(?<!\w)" + _trie_pattern(by_text) + r"(?!\w)") if by_text else None
        self._names = hashlib.blake2b(repr(self.__fingerprint__()).encode(), digest_size=16).digest()
        self._known = known or {}
        self.found: dict[bytes, tuple[str, ...]] = {}  # the drivers each text named, by a key over it and the names

    def __fingerprint__(self) -> tuple[tuple[str, str], ...]:
        """What the matcher is made of: each name it links, with its driver."""
        return tuple(sorted(self._driver_of.items()))

    def find(self, markup: str) -> tuple[str, ...]:
        """Driver ids named in the text, in order of first occurrence."""
        key = hashlib.blake2b(self._names + markup.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        known = self._known.get(key)
        found = known if isinstance(known, tuple) else self._find(markup)
        self.found[key] = found
        return found

    def _find(self, markup: str) -> tuple[str, ...]:
        # one scan over all linkable text; NUL between segments keeps matches from spanning them
        text = html.unescape("\0".join(_text_segments(markup)))
        found: dict[str, None] = {}
        for match in self._matches(text):
            found.setdefault(self._driver_of[match.group(0)], None)
        return tuple(found)

    def link(self, markup: str, href: Callable[[str], str]) -> str:
        """The markup with the first occurrence of each driver linked to `href(driver_id)`."""
        if self._pattern is None:
            return markup
        pieces = list(_split(markup))
        texts = {index: html.unescape(piece) for index, (piece, is_text) in enumerate(pieces) if is_text}
        firsts = self._first_mentions(texts)
        if not firsts:
            return markup
        return "".join(
            _linked(texts[index], firsts[index], href) if index in firsts else piece
            for index, (piece, _) in enumerate(pieces)
        )

    def _first_mentions(self, texts: Mapping[int, str]) -> dict[int, list[tuple[int, int, str]]]:
        """The first occurrence of each driver: by text index, its spans (start, end, driver id) in that text.

        One scan over all texts joined by NUL, which no name contains: a match never spans two texts,
        and each text is matched as if alone.
        """
        indexes = list(texts)
        offsets = list(accumulate((len(texts[index]) + 1 for index in indexes[:-1]), initial=0))
        seen: set[str] = set()
        firsts: dict[int, list[tuple[int, int, str]]] = {}
        for match in self._matches("\0".join(texts[index] for index in indexes)):
            driver_id = self._driver_of[match.group(0)]
            if driver_id in seen:
                continue
            seen.add(driver_id)
            position = bisect_right(offsets, match.start()) - 1
            start = offsets[position]
            firsts.setdefault(indexes[position], []).append((match.start() - start, match.end() - start, driver_id))
        return firsts

    def _matches(self, text: str) -> Iterator[re.Match[str]]:
        if self._pattern is None:
            return iter(())
        return self._pattern.finditer(_normalize(text))


_Trie: TypeAlias = dict[str, "_Trie"]


def _trie_pattern(texts: Iterable[str]) -> str:
    """A regex matching any of `texts`, longest first, as a trie of common prefixes.

    An alternation of hundreds of names makes `re` try each one at every position; the
    trie tries one character at a time, whatever the number of names.
    """
    trie: _Trie = {}
    for text in texts:
        node = trie
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node_pattern(trie)


def _trie_node_pattern(node: _Trie) -> str:
    branches = [re.escape(char) + _trie_node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    ends_here = "" in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if ends_here else group  # greedy: the longer name is tried first


def _linked(text: str, mentions: list[tuple[int, int, str]], href: Callable[[str], str]) -> str:
    """`text` as HTML with each of `mentions` a link to its driver's page."""
    output, cursor = [], 0
    for start, end, driver_id in mentions:
        output.append(html.escape(text[cursor:start], quote=False))
        name = html.escape(text[start:end], quote=False)
        output.append(f'<a class="mention" href="{html.escape(href(driver_id))}">{name}</a>')
        cursor = end
    output.append(html.escape(text[cursor:], quote=False))
    return "".join(output)


def _normalize(text: str) -> str:
    """Same length as `text`, so match offsets stay valid."""
    return text.replace("\u2019", "'")


def _text_segments(markup: str) -> Iterator[str]:
    for piece, is_text in _split(markup):
        if is_text:
            yield piece


def _split(markup: str) -> Iterator[tuple[str, bool]]:
    """The markup as (piece, is_linkable_text), tags and skipped elements as non-text."""
    skipping: list[str] = []
    for piece in _TAG.split(markup):
        if not piece:
            continue
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            tag = name.group(1).lower() if name else ""
            if tag in _SKIPPED_ELEMENTS and not piece.endswith("/>"):
                if piece.startswith("</"):
                    if skipping and skipping[-1] == tag:
                        skipping.pop()
                else:
                    skipping.append(tag)
            yield piece, False
        else:
            yield piece, not skipping
