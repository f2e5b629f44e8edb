"""Shared fixtures: fixture sites copied to a temporary folder, the CLI run in-process, and
the built sites and the browser that the web checks use."""

from __future__ import annotations

import contextlib
import io
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from webcheck import tools
from webcheck.browser import launch
from webcheck.figures import FIGURES
from webcheck.sites import BuiltSite, describe_built_site

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"


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
    """A copy of tests/sites/<name> with the repository's templates."""
    root = destination / name
    shutil.copytree(SITES / name, root)
    if not (root / "templates").exists():
        shutil.copytree(REPO / "templates", root / "templates")
    return Site(root)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """The small bilingual fixture site, ready to change and build."""
    return copy_site("basic", tmp_path)


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
    """The example site and every fixture site of tests/sites, each built once per session."""
    sites = {"example": describe_built_site("example", REPO, example_build)}
    for name in FIXTURE_SITES:
        fixture = copy_site(name, tmp_path_factory.mktemp("fixture"))
        result = fixture.build()
        assert result.exit_code == 0, result.stderr
        sites[name] = describe_built_site(name, fixture.root, fixture.output)
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
