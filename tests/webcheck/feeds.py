"""An Atom feed checked with feedparser: it parses, and it speaks one language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import feedparser


@dataclass(slots=True)
class FeedCheck:
    entry_links: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_feed(text: str, lang: str, html_lang_at: Callable[[str], str | None]) -> FeedCheck:
    """A feed that should hold only entries in `lang`, each linking to a page in `lang`."""
    parsed = feedparser.parse(text)
    check = FeedCheck()
    if parsed.bozo:
        check.problems.append(f"does not parse: {parsed.bozo_exception}")
        return check
    if parsed.version != "atom10":
        check.problems.append(f"is {parsed.version or 'no known format'}, not Atom 1.0")
    if parsed.feed.get("language") != lang:
        check.problems.append(f"its language is {parsed.feed.get('language')}, not {lang}")
    for entry in parsed.entries:
        check.entry_links.append(entry.link)
        check.problems.extend(f"entry {entry.link}: {problem}" for problem in entry_problems(entry, lang, html_lang_at))
    return check


def entry_problems(entry, lang: str, html_lang_at: Callable[[str], str | None]) -> list[str]:
    problems = [
        f"its {part} is in {detail.get('language')}"
        for part in ("title", "summary", "content")
        if (detail := _detail(entry, part)) is not None and detail.get("language") != lang
    ]
    page_lang = html_lang_at(entry.link)
    if page_lang is None:
        problems.append("links to no page of the site")
    elif page_lang != lang:
        problems.append(f"links to a page in {page_lang}")
    return problems


def _detail(entry, part: str):
    if part == "content":
        return entry.content[0] if entry.get("content") else None
    return entry.get(f"{part}_detail")
