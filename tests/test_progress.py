"""The progress bar: drawn on a terminal once a build runs long, erased at the end; silent otherwise."""

from __future__ import annotations

import io

from generator.progress import Progress, TerminalProgress, progress_for


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_step_draws_a_bar_and_erases_it():
    clock, stream = Clock(), io.StringIO()
    progress = TerminalProgress(stream, clock)
    clock.now = 1.0
    for _ in progress.track(range(4), "rendering pages"):
        clock.now += 0.2
    output = stream.getvalue()
    assert "\rrendering pages [#######-----------------------] 1/4\033[K" in output
    assert "\rrendering pages [##############################] 4/4\033[K" in output
    assert output.endswith("\r\033[K")


def test_a_short_build_draws_nothing():
    clock, stream = Clock(), io.StringIO()
    progress = TerminalProgress(stream, clock)
    assert list(progress.track(["a", "b"], "writing files")) == ["a", "b"]
    assert stream.getvalue() == ""


def test_the_bar_is_erased_when_a_step_fails():
    clock, stream = Clock(), io.StringIO()
    progress = TerminalProgress(stream, clock)
    clock.now = 1.0
    try:
        for item in progress.track([1, 2, 3], "rendering pages"):
            clock.now += 0.2
            if item == 2:
                raise ValueError
    except ValueError:
        pass
    output = stream.getvalue()
    assert "1/3" in output
    assert output.endswith("\r\033[K")


def test_only_a_terminal_gets_a_bar():
    assert isinstance(progress_for(Terminal()), TerminalProgress)
    assert type(progress_for(io.StringIO())) is Progress
