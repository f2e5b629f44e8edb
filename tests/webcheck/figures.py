"""What the web checks counted, printed after the test run by conftest's terminal summary."""

from __future__ import annotations

from collections import Counter

FIGURES: Counter[str] = Counter()


def count(figure: str, amount: int = 1) -> None:
    FIGURES[figure] += amount
