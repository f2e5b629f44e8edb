"""Problems found in a site, as values: collected across all files, reported together."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int = 1
    col: int = 1


FILE_START = Position(1, 1)


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem: where it is and what to do about it."""

    path: str
    position: Position
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.position.line}:{self.position.col}: error: {self.message}"


class BuildFailed(Exception):
    """Raised at the end of a stage that found problems in the site."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics))
        super().__init__(f"{len(self.diagnostics)} error(s)")


class UsageError(Exception):
    """A command-line mistake (exit 2), as opposed to a problem in the site."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' hint when a candidate is close to `word`, else ''."""
    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def quote_list(words: Iterable[str]) -> str:
    return ", ".join(f"'{word}'" for word in words)
