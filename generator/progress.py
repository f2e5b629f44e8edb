"""How far a long build is: a bar on a terminal, silence everywhere else."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO, TypeVar

Item = TypeVar("Item")

BAR_WIDTH = 30
SHOW_AFTER = 0.5  # seconds: a build faster than this never shows a bar
REDRAW_EVERY = 0.1


class Progress:
    """Reports the steps of a build; this one stays silent (tests, pipes, log files)."""

    def track(self, items: Sequence[Item], label: str) -> Iterator[Item]:
        """The items, one by one, while reporting how many are done."""
        return iter(items)


SILENT = Progress()


class TerminalProgress(Progress):
    """One line on a terminal, redrawn in place and erased when a step ends.

    Nothing is drawn before the build has run for SHOW_AFTER seconds, so short builds
    print only their summary line.
    """

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic):
        self.stream = stream
        self.clock = clock
        self.started = clock()

    def track(self, items: Sequence[Item], label: str) -> Iterator[Item]:
        total = len(items)
        drawn_at: float | None = None
        try:
            for done, item in enumerate(items, start=1):
                yield item
                now = self.clock()
                if now - self.started >= SHOW_AFTER and (drawn_at is None or now - drawn_at >= REDRAW_EVERY):
                    self._draw(label, done, total)
                    drawn_at = now
        finally:
            if drawn_at is not None:
                self.stream.write("\r\033[K")
                self.stream.flush()

    def _draw(self, label: str, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r{label} [{bar}] {done}/{total}\033[K")
        self.stream.flush()


def progress_for(stream: TextIO) -> Progress:
    """A bar when `stream` is a terminal, else silence."""
    return TerminalProgress(stream) if stream.isatty() else Progress()
