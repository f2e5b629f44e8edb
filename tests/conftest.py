"""Shared fixtures: fixture sites copied to a temporary folder, the CLI run in-process, and
the built sites and the browser that the web checks use."""

from __future__ import annotations

import contextlib
import io
import shutil
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from fuzz.harness import FuzzSite
from fuzz.regressions import CAMPAIGN, load_profile, save_regression
from webcheck import tools
from webcheck.browser import launch
from webcheck.figures import FIGURES
from webcheck.sites import BuiltSite, describe_built_site

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"

load_profile()


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def errors(self) -> list[str]:
        """The `path:line:col: error: message` lines, in order."""
        return [line for line in self.stderr.splitlines() if ": error: " in line and not line.startswith("pitboard:")]


def run_cli(*arguments: str) -> Run:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(list(arguments))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return Run(code, stdout.getvalue(), stderr.getvalue())


@dataclass
class Site:
    """A site in a temporary folder that a test may change and build."""

    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def write_bytes(self, relative: str, data: bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def remove(self, relative: str) -> None:
        (self.root / relative).unlink()

    def run(self, *arguments: str) -> Run:
        return run_cli("--site", str(self.root), *arguments)

    def build(self, *arguments: str) -> Run:
        return self.run("build", *arguments)

    @property
    def output(self) -> Path:
        return self.root / "output"

    def page(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")

    def soup(self, relative: str) -> BeautifulSoup:
        return parse_html(self.page(relative))


def parse_html(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def copy_site(name: str, destination: Path) -> Site:
    """A copy of tests/sites/<name>; without templates/ of its own, it has the default theme."""
    root = destination / name
    shutil.copytree(SITES / name, root)
    return Site(root)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """The small bilingual fixture site, ready to change and build."""
    return copy_site("basic", tmp_path)


@pytest.fixture(scope="module")
def shared_fuzz_site(tmp_path_factory: pytest.TempPathFactory) -> FuzzSite:
    return FuzzSite.create(tmp_path_factory.mktemp("fuzz"))


@pytest.fixture
def fuzz_site(shared_fuzz_site: FuzzSite, request: pytest.FixtureRequest) -> Iterator[FuzzSite]:
    """The fuzz site of tests/fuzz, built; under `make fuzz` a test's smallest failing example is kept as a
    regression fixture."""
    shared_fuzz_site.failing = None
    yield shared_fuzz_site
    if CAMPAIGN and shared_fuzz_site.failing is not None:
        print(f"kept the failing example in {save_regression(request.node.name, shared_fuzz_site.failing)}")


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example site, built once per test session."""
    output = tmp_path_factory.mktemp("example") / "output"
    result = run_cli("--site", str(REPO), "build", "--output", str(output))
    assert result.exit_code == 0, result.stderr
    return output


FIXTURE_SITES = tuple(sorted(path.name for path in SITES.iterdir() if (path / "site.toml").is_file()))
CHECKED_SITES = ("example", *FIXTURE_SITES)


@pytest.fixture(scope="session")
def built_sites(example_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuiltSite]:
    """The example site and every fixture site of tests/sites, each built once per session.

    Fixture sites are built with --future, as `serve` shows them: a report under embargo is checked too,
    marked as such.
    """
    sites = {"example": describe_built_site("example", REPO, example_build)}
    for name in FIXTURE_SITES:
        fixture = copy_site(name, tmp_path_factory.mktemp("fixture"))
        result = fixture.build("--future")
        assert result.exit_code == 0, result.stderr
        sites[name] = describe_built_site(name, fixture.root, fixture.output, future=True)
    return sites


@pytest.fixture(scope="session", params=CHECKED_SITES)
def built_site(request: pytest.FixtureRequest, built_sites: dict[str, BuiltSite]) -> BuiltSite:
    return built_sites[request.param]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    sync_api = tools.python_module("playwright.sync_api", "playwright")
    executable = tools.chromium()
    with sync_api.sync_playwright() as playwright:
        chromium = launch(playwright, executable)
        yield chromium
        chromium.close()


def pytest_terminal_summary(terminalreporter) -> None:
    if FIGURES:
        terminalreporter.section("web checks")
        for figure, amount in FIGURES.items():
            terminalreporter.write_line(f"{figure}: {amount}")
