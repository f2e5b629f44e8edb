"""Characters no web page can carry, refused wherever content or site.toml holds one.

XML 1.0 (the feeds, the sitemap) forbids control characters outright, and HTML reads them, and
noncharacters, as parse errors: a page gives back something else than was written (a NUL turns
into U+FFFD, a carriage return into a line feed) or is no longer well-formed. Tab and line feed
are the only controls text may hold.
"""

from __future__ import annotations

import re
import unicodedata

from .diagnostics import Position

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_UNSHOWABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_NONCHARACTERS}]")


def first_unshowable(text: str) -> int | None:
    """The index of the first character of `text` that no page can carry, or None."""
    found = _UNSHOWABLE.search(text)
    return found.start() if found is not None else None


def unshowable_message(character: str) -> str:
    what = "a noncharacter" if unicodedata.category(character) == "Cn" else "a control character"
    return f"U+{ord(character):04X} ({what}) cannot appear on a web page; remove it"


def position_in(text: str, index: int, first_line: int = 1) -> Position:
    """The line and column of `text[index]`, the text starting on `first_line`."""
    line_start = text.rfind("\n", 0, index) + 1
    return Position(first_line + text.count("\n", 0, index), index - line_start + 1)
