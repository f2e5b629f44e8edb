"""Typographic quotes, dashes and ellipses in the convention of a language.

One pass of a few regular expressions over the text of a title or of converted Markdown
HTML. Python-Markdown's smarty extension does the same with a dozen inline patterns tried
at every position of every paragraph, which more than doubles the cost of a conversion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

QUOTES = {  # double open, double close, single open, single close, apostrophe
    "de": ("\u201e", "\u201c", "\u201a", "\u2018", "\u2019"),
    "cs": ("\u201e", "\u201c", "\u201a", "\u2018", "\u2019"),
    "pl": ("\u201e", "\u201d", "\u201a", "\u2019", "\u2019"),
    "fr": ("\u00ab\u202f", "\u202f\u00bb", "\u2039", "\u203a", "\u2019"),
    "it": ("\u00ab", "\u00bb", "\u2018", "\u2019", "\u2019"),
    "es": ("\u00ab", "\u00bb", "\u2018", "\u2019", "\u2019"),
}
ENGLISH_QUOTES = ("\u201c", "\u201d", "\u2018", "\u2019", "\u2019")

# A quote opens at the start of a text or after a space, an opening bracket or a dash.
_OPENS_AFTER = " \t\n([{\u2013\u2014/-"
_QUOTE_OR_DASH = re.compile(r"---|--|\.\.\.|[\"']")
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
_UNTOUCHED_ELEMENTS = {"code", "pre", "kbd", "samp", "script", "style"}
# Elements whose text starts afresh: a quote at their start opens.
_BLOCK_ELEMENTS = {
    "p",
    "li",
    "dd",
    "dt",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figcaption",
    "caption",
    "div",
    "br",
    "hr",
    "ul",
    "ol",
    "table",
    "tr",
}


def quote_style(lang: str) -> tuple[str, str, str, str, str]:
    return QUOTES.get(lang, ENGLISH_QUOTES)


def typeset_text(text: str, lang: str) -> str:
    """Plain text (a title, a summary) with typographic quotes, dashes and ellipses."""
    return _typeset(text, quote_style(lang), " ")


def typeset_html(markup: str, lang: str) -> str:
    """The text of HTML typeset like `typeset_text`; tags, code and preformatted text untouched."""
    style = quote_style(lang)
    pieces = []
    before = " "
    for piece, kind in _pieces(markup):
        if kind == "text":
            pieces.append(_typeset(piece, style, before))
            before = piece[-1]
        else:
            pieces.append(piece)
            if kind == "block":
                before = " "
    return "".join(pieces)


def _typeset(text: str, style: tuple[str, str, str, str, str], before: str) -> str:
    double_open, double_close, single_open, single_close, apostrophe = style

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        if found == "---":
            return "\u2014"
        if found == "--":
            return "\u2013"
        if found == "...":
            return "\u2026"
        start = match.start()
        previous = text[start - 1] if start else before
        following = text[match.end()] if match.end() < len(text) else " "
        if found == '"':
            return double_open if previous in _OPENS_AFTER else double_close
        if previous.isalnum() and following.isalnum():
            return apostrophe
        return single_open if previous in _OPENS_AFTER else single_close

    return _QUOTE_OR_DASH.sub(replace, text)


def _pieces(markup: str) -> Iterator[tuple[str, str]]:
    """The markup as (piece, kind): kind "text", "tag" or "block" (a tag that starts a text afresh).

    Text inside code, preformatted blocks, scripts and styles counts as a tag: it is left alone.
    """
    untouched: list[str] = []
    for piece in _TAG.split(markup):
        if not piece:
            continue
        if not piece.startswith("<"):
            yield piece, "tag" if untouched else "text"
            continue
        name_match = _TAG_NAME.match(piece)
        name = name_match.group(1).lower() if name_match else ""
        if name in _UNTOUCHED_ELEMENTS and not piece.endswith("/>"):
            if not piece.startswith("</"):
                untouched.append(name)
            elif untouched and untouched[-1] == name:
                untouched.pop()
        yield piece, "block" if name in _BLOCK_ELEMENTS else "tag"
