"""The build invariant of issue 12, checked on the fuzz site with some of its files replaced.

Whatever the files say, `pitboard build` either
- succeeds (exit 0, the summary line alone) with an output in which every internal link resolves, or
  else `pitboard check` reports the broken links (a build does not check links: a Markdown link to
  a page that does not exist is for `check` to find), or
- fails (exit 1) with nothing but `path:line:col: error: message` lines, each at a place in the site,
  and the summary line, leaving the previous output exactly as it was;
never a traceback, never a hang, and never a staging folder left beside the output.

The build runs in this process, through the command's own `main`: a process per example would
cost more than the build. A timer bounds each example and fails it as a hang.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
import signal
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from unittest import mock

import generator.build
from generator.cli import main
from generator.config import SiteConfig, load_config
from generator.links import broken_links, read_page
from generator.theme import Theme

BASE_SITE = Path(__file__).resolve().parent / "site"
REPO = Path(__file__).resolve().parents[2]
EXAMPLE_SECONDS = 30.0  # the fuzz site builds in a fraction of a second; an example still running then hangs

ERROR_LINE = re.compile(r"(?P<path>.+?):(?P<line>[0-9]+):(?P<col>[0-9]+): error: (?P<message>\S.*)")
SUMMARY_LINE = re.compile(r"pitboard: [0-9]+ errors? in [0-9]+ files?; nothing was written")

Changes = Mapping[str, bytes]  # new contents by path relative to the site root


class Hang(BaseException):
    """An example that ran past its time; a BaseException, so that no `except Exception` swallows it."""


@contextlib.contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Raise Hang in this (the main) thread when the block runs longer than `seconds`."""

    def give_up(signal_number: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


class ThemeCache:
    """`generator.build.load_theme`, remembered while site.toml says the same.

    Compiling the templates is nine tenths of a build of the fuzz site, and no example changes
    templates/; an example that changes site.toml loads the theme anew.
    """

    def __init__(self) -> None:
        self.load = generator.build.load_theme
        self.config: SiteConfig | None = None
        self.theme: Theme | None = None

    def installed(self) -> contextlib.AbstractContextManager:
        return mock.patch.object(generator.build, "load_theme", self.cached)

    def cached(self, config: SiteConfig, reuse: Theme | None = None, compiled: Path | None = None) -> Theme:
        if self.theme is None or config != self.config:
            self.theme = self.load(config, compiled=compiled)
            self.config = config
        return self.theme


class FuzzSite:
    """The fuzz site in a folder of its own, built once; each example changes files, builds, and puts
    them back. `failing` is the last example that broke the invariant (hypothesis runs the smallest
    one last)."""

    def __init__(self, root: Path):
        self.root = root
        self.failing: Changes | None = None
        self.themes = ThemeCache()
        first = self.build()
        assert first.exit_code == 0, first.stderr

    @classmethod
    def create(cls, folder: Path) -> FuzzSite:
        root = folder / "site"
        shutil.copytree(BASE_SITE, root)
        shutil.copytree(REPO / "templates", root / "templates")
        return cls(root)

    @property
    def output(self) -> Path:
        return self.root / "output"

    def build(self) -> Outcome:
        return self.run("build")

    def run(self, command: str) -> Outcome:
        stdout, stderr = io.StringIO(), io.StringIO()
        with (
            bounded(EXAMPLE_SECONDS),
            self.themes.installed(),
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            code = main(["--site", str(self.root), command])
        return Outcome(code, stdout.getvalue(), stderr.getvalue())

    def build_with(self, changes: Changes) -> Outcome:
        """Build with `changes` in place and assert the invariant."""
        before = output_state(self.output)
        try:
            with self.changed(changes):
                outcome = self.build()
                assert_invariant(outcome, self.root, before)
                if outcome.exit_code == 0 and broken_links_in(self.output, load_config(self.root).base_url):
                    assert_errors_only(self.run("check"), self.root)
        except BaseException:
            self.failing = changes
            raise
        return outcome

    @contextlib.contextmanager
    def changed(self, changes: Changes) -> Iterator[None]:
        originals = {relative: _read_if_exists(self.root / relative) for relative in changes}
        try:
            for relative, content in changes.items():
                (self.root / relative).write_bytes(content)
            yield
        finally:
            for relative, content in originals.items():
                if content is None:
                    (self.root / relative).unlink(missing_ok=True)
                else:
                    (self.root / relative).write_bytes(content)


def _read_if_exists(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def output_state(output: Path) -> dict[str, tuple[str, int, int]]:
    """Every entry below `output` and beside it (a staging folder), with its digest, mtime and inode."""
    state = {}
    beside = [path for path in output.parent.iterdir() if path.name.startswith(f".{output.name}")]
    for path in [output, *beside, *output.rglob("*")]:
        status = path.lstat()
        digest = hashlib.blake2b(path.read_bytes()).hexdigest() if path.is_file() else "folder"
        state[path.relative_to(output.parent).as_posix()] = (digest, status.st_mtime_ns, status.st_ino)
    return state


def assert_invariant(outcome: Outcome, root: Path, before: Mapping[str, tuple[str, int, int]]) -> None:
    if outcome.exit_code == 0:
        assert_built(outcome, root)
    elif outcome.exit_code == 1:
        assert_refused(outcome, root, before)
    else:
        raise AssertionError(f"exit {outcome.exit_code} for a problem in the site:\n{outcome.stderr}")


def assert_built(outcome: Outcome, root: Path) -> None:
    assert outcome.stdout.startswith("built ") and outcome.stdout.count("\n") == 1, outcome.stdout
    assert outcome.stderr == ""
    beside = {path.name for path in root.iterdir() if path.name.startswith(".output")}
    assert beside <= {".output.pitboard-1", ".output.pitboard-2"}, f"a staging folder was left: {sorted(beside)}"


def broken_links_in(output: Path, base_url: str) -> list[str]:
    """pitboard's own link check (that of `pitboard check`), run on the files a build wrote."""
    files = sorted(path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file())
    pages = [read_page(path, None, (output / path).read_bytes()) for path in files if path.endswith(".html")]
    return [f"{item.page.path}: {item.url}: {item.reason}" for item in broken_links(pages, files, base_url)]


def assert_refused(outcome: Outcome, root: Path, before: Mapping[str, tuple[str, int, int]]) -> None:
    assert_errors_only(outcome, root)
    assert output_state(root / "output") == before, "a failed build changed the output"
    # no example changes templates/: an error there is a bug of pitboard's that a template error hides
    assert "templates" not in {line.split("/")[0].split(":")[0] for line in outcome.stderr.splitlines()}, outcome.stderr


def assert_errors_only(outcome: Outcome, root: Path) -> None:
    """Exit 1, and on stderr only errors at places of the site and the summary line."""
    assert outcome.exit_code == 1, outcome
    lines = outcome.stderr.splitlines()
    assert len(lines) >= 2 and SUMMARY_LINE.fullmatch(lines[-1]), outcome.stderr
    for line in lines[:-1]:
        error = ERROR_LINE.fullmatch(line)
        assert error is not None, f"not a path:line:col: error: line: {line!r}"
        assert_names_a_place(root, error)
    assert outcome.stdout == ""


def assert_names_a_place(root: Path, error: re.Match[str]) -> None:
    """The error's path is a file or folder of the site, and its line and column are in that file."""
    relative, line, col = error["path"], int(error["line"]), int(error["col"])
    assert not Path(relative).is_absolute() and ".." not in Path(relative).parts, error[0]
    path = root / relative
    assert path.exists(), f"no such place in the site: {error[0]}"
    assert line >= 1 and col >= 1, error[0]
    if path.is_file():
        text = path.read_bytes().decode("utf-8-sig", "replace")
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert line <= len(lines), f"line {line} of a file of {len(lines)} lines: {error[0]}"
        assert col <= len(lines[line - 1]) + 1, f"column {col} of a line of {len(lines[line - 1])}: {error[0]}"
