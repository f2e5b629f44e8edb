"""Markdown to HTML, once per distinct text, and the driver mentions found in it.

Conversions are cached by a hash of (language, text), so a rebuild re-converts only the
bodies that changed. Raw HTML is escaped unless the site allows it; links and images with
a script URL never reach the output.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

import markdown
from markdown.extensions.smarty import SmartyExtension

from .i18n import N_
from .parallel import parallel_map

FOOTNOTE_BACKLINK_TITLE = N_("Jump back to footnote %d in the text")

_QUOTES = {  # double open, double close, single open, single close, apostrophe
    "de": ("\u201e", "\u201c", "\u201a", "\u2018", "\u2019"),
    "cs": ("\u201e", "\u201c", "\u201a", "\u2018", "\u2019"),
    "pl": ("\u201e", "\u201d", "\u201a", "\u2019", "\u2019"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb", "\u2039", "\u203a", "\u2019"),
    "it": ("\u00ab", "\u00bb", "\u2018", "\u2019", "\u2019"),
    "es": ("\u00ab", "\u00bb", "\u2018", "\u2019", "\u2019"),
}
_ENGLISH_QUOTES = ("\u201c", "\u201d", "\u2018", "\u2019", "\u2019")
_DASHES = {"ndash": "\u2013", "mdash": "\u2014", "ellipsis": "\u2026"}

_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
_URL_ATTRIBUTE = re.compile(
    r"""(?P<name>\s(?:href|src|action|formaction|xlink:href|poster|cite)\s*=\s*)(?P<value>"[^"]*"|'[^']*'|[^\s>]+)""",
    re.IGNORECASE,
)
_TAG = re.compile(r"(<[^>]*>)")
_SKIPPED_ELEMENTS = {"a", "code", "pre", "script", "style", "kbd"}
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def quote_style(lang: str) -> tuple[str, str, str, str, str]:
    return _QUOTES.get(lang, _ENGLISH_QUOTES)


_OPENS_AFTER = r"(^|[\s(\[{\u2013\u2014/-])"


def smart_quotes(text: str, lang: str) -> str:
    """Straight quotes in plain text (titles, summaries) made typographic in `lang`'s convention."""
    double_open, double_close, single_open, single_close, apostrophe = quote_style(lang)
    text = re.sub(r"(?<=\w)'(?=\w)", apostrophe, text)
    text = re.sub(_OPENS_AFTER + '"', lambda match: match.group(1) + double_open, text)
    text = text.replace('"', double_close)
    text = re.sub(_OPENS_AFTER + "'", lambda match: match.group(1) + single_open, text)
    return text.replace("'", single_close)


class MarkdownRenderer:
    """Converts Markdown in a language's conventions; keeps every result for reuse."""

    def __init__(self, unsafe_html: bool, footnote_titles: Mapping[str, str]):
        self.unsafe_html = unsafe_html
        self.footnote_titles = footnote_titles
        self._converters: dict[str, markdown.Markdown] = {}
        self._cache: dict[bytes, str] = {}

    def has_settings(self, unsafe_html: bool, footnote_titles: Mapping[str, str]) -> bool:
        """Whether this renderer converts as a new one with these settings would."""
        return self.unsafe_html == unsafe_html and self.footnote_titles == footnote_titles

    def to_html(self, text: str, lang: str) -> str:
        key = _cache_key(text, lang)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._convert(text, lang)
        return cached

    def convert_all(self, texts: Iterable[tuple[str, str]]) -> None:
        """Convert every (text, lang) not converted yet, on all cores, for `to_html` to find."""
        missing = {_cache_key(text, lang): (text, lang) for text, lang in texts}
        for key in self._cache.keys() & missing.keys():
            del missing[key]
        converted = parallel_map(_convert_chunk, self, list(missing.values()))
        self._cache.update(zip(missing, converted))

    def _convert(self, text: str, lang: str) -> str:
        return neutralize_script_urls(self._converter(lang).reset().convert(text))

    def _converter(self, lang: str) -> markdown.Markdown:
        if lang not in self._converters:
            self._converters[lang] = self._new_converter(lang)
        return self._converters[lang]

    def _new_converter(self, lang: str) -> markdown.Markdown:
        # smarty writes one character for closing single quotes and apostrophes: the apostrophe
        double_open, double_close, single_open, _, apostrophe = quote_style(lang)
        smarty = SmartyExtension(
            substitutions={
                "left-double-quote": double_open,
                "right-double-quote": double_close,
                "left-single-quote": single_open,
                "right-single-quote": apostrophe,
                **_DASHES,
            }
        )
        converter = markdown.Markdown(
            output_format="html",
            extensions=["tables", "footnotes", "attr_list", "toc", smarty],
            extension_configs={
                "footnotes": {"BACKLINK_TITLE": self.footnote_titles.get(lang, FOOTNOTE_BACKLINK_TITLE)}
            },
        )
        if not self.unsafe_html:
            converter.preprocessors.deregister("html_block")
            converter.inlinePatterns.deregister("html")
        return converter


def _cache_key(text: str, lang: str) -> bytes:
    return hashlib.blake2b(f"{lang}\0{text}".encode(), digest_size=16).digest()


def _convert_chunk(renderer: MarkdownRenderer, texts: list[tuple[str, str]]) -> list[str]:
    return [renderer._convert(text, lang) for text, lang in texts]


def neutralize_script_urls(markup: str) -> str:
    """Replace javascript:, vbscript: and data:text/html URLs in attributes by '#'."""

    def replace(match: re.Match) -> str:
        value = match.group("value").strip("\"'")
        normalized = re.sub(r"[\x00-\x20]+", "", html.unescape(value)).lower()
        if normalized.startswith(_SCRIPT_SCHEMES):
            return f'{match.group("name")}"#"'
        return match.group(0)

    return _URL_ATTRIBUTE.sub(replace, markup)


def first_paragraph_text(markup: str) -> str:
    """The plain text of the first paragraph, for a default summary."""
    found = _FIRST_PARAGRAPH.search(markup)
    if not found:
        return ""
    text = html.unescape(_TAG.sub("", found.group(1)))
    return " ".join(text.split())


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

    def __init__(self, mentions: Iterable[Mention]):
        by_text = {_normalize(mention.text): mention.driver_id for mention in mentions}
        self._driver_of = by_text
        self._pattern = re.compile(r"(?<!\w)" + _trie_pattern(by_text) + r"(?!\w)") if by_text else None

    def find(self, markup: str) -> list[str]:
        """Driver ids named in the text, in order of first occurrence."""
        # one scan over all linkable text; NUL between segments keeps matches from spanning them
        text = html.unescape("\0".join(_text_segments(markup)))
        found: dict[str, None] = {}
        for match in self._matches(text):
            found.setdefault(self._driver_of[match.group(0)], None)
        return list(found)

    def link(self, markup: str, href: Callable[[str], str]) -> str:
        """The markup with the first occurrence of each driver linked to `href(driver_id)`."""
        if self._pattern is None:
            return markup
        linked: set[str] = set()
        pieces = []
        for piece, is_text in _split(markup):
            pieces.append(self._link_segment(piece, href, linked) if is_text else piece)
        return "".join(pieces)

    def _link_segment(self, segment: str, href: Callable[[str], str], linked: set[str]) -> str:
        text = html.unescape(segment)
        output, cursor = [], 0
        for match in self._matches(text):
            driver_id = self._driver_of[_normalize(match.group(0))]
            if driver_id in linked:
                continue
            linked.add(driver_id)
            output.append(html.escape(text[cursor:match.start()], quote=False))
            name = html.escape(text[match.start():match.end()], quote=False)
            output.append(f'<a class="mention" href="{html.escape(href(driver_id))}">{name}</a>')
            cursor = match.end()
        if not output:
            return segment
        output.append(html.escape(text[cursor:], quote=False))
        return "".join(output)

    def _matches(self, text: str) -> Iterator[re.Match]:
        if self._pattern is None:
            return iter(())
        return self._pattern.finditer(_normalize(text))


def _trie_pattern(texts: Iterable[str]) -> str:
    """A regex matching any of `texts`, longest first, as a trie of common prefixes.

    An alternation of hundreds of names makes `re` try each one at every position; the
    trie tries one character at a time, whatever the number of names.
    """
    trie: dict = {}
    for text in texts:
        node = trie
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node_pattern(trie)


def _trie_node_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    ends_here = "" in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if ends_here else group  # greedy: the longer name is tried first


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
