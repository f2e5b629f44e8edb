"""Problems found in a site, as values: collected across all files, reported together."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# What would break the one line of an error or change what a terminal shows: controls (line breaks
# among them), line and paragraph separators, and the bidirectional controls that reorder text.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """A 1-based line and column in a source file."""

    line: int = 1
    col: int = 1


FILE_START = Position(1, 1)


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem: where it is and what to do about it. An error stops a build; a warning is only told."""

    path: str
    position: Position
    message: str
    severity: str = "error"  # or "warning"

    def format(self) -> str:
        """One line, `path:line:col: error: message` (or `warning:`), whatever characters path and message quote."""
        line = f"{self.path}:{self.position.line}:{self.position.col}: {self.severity}: {self.message}"
        return _UNPRINTABLE.sub(_escape, line)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class BuildFailed(Exception):
    """Raised at the end of a stage that found problems in the site."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics))
        super().__init__(f"{len(self.diagnostics)} error(s)")


class UsageError(Exception):
    """A command-line mistake (exit 2), as opposed to a problem in the site."""


def count_summary(diagnostics: Iterable[Diagnostic]) -> str:
    """'3 errors in 2 files'."""
    diagnostics = list(diagnostics)
    files = len({diagnostic.path for diagnostic in diagnostics})
    count = len(diagnostics)
    return f"{count} error{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' hint when a candidate is a typo away from `word`, else ''."""
    found = closest(word, candidates)
    return f" (did you mean '{found}'?)" if found is not None else ""


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate a typo away from `word`, if there is one."""
    limit = 1 if len(word) <= 4 else 2 if len(word) <= 8 else 3
    scored = sorted((edit_distance(word.lower(), candidate.lower()), candidate) for candidate in set(candidates))
    return scored[0][1] if scored and scored[0][0] <= limit else None


def edit_distance(first: str, second: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap of neighbours counts 1."""
    previous_row: list[int] = []
    row = list(range(len(second) + 1))
    for i, char in enumerate(first, start=1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(second)
        for j, other in enumerate(second, start=1):
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + (char != other))
            if i > 1 and j > 1 and char == second[j - 2] and first[i - 2] == other:
                row[j] = min(row[j], before[j - 2] + 1)
    return row[-1]


def quote_list(words: Iterable[str]) -> str:
    return ", ".join(f"'{word}'" for word in words)
