"""Problems found in a site, as values: collected across all files, reported together."""

from __future__ import annotations

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


def count_summary(diagnostics: Iterable[Diagnostic]) -> str:
    """'3 errors in 2 files'."""
    diagnostics = list(diagnostics)
    files = len({diagnostic.path for diagnostic in diagnostics})
    count = len(diagnostics)
    return f"{count} error{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A ' (did you mean 'x'?)' hint when a candidate is a typo away from `word`, else ''."""
    limit = 1 if len(word) <= 4 else 2 if len(word) <= 8 else 3
    scored = sorted((edit_distance(word.lower(), candidate.lower()), candidate) for candidate in set(candidates))
    if scored and scored[0][0] <= limit:
        return f" (did you mean '{scored[0][1]}'?)"
    return ""


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
