"""The command line itself: where `--site` may stand, and a folder that is no site."""

from __future__ import annotations

import gc
import socket

import pytest
from conftest import run_cli

import generator.build
from generator.cli import COLLECTOR_THRESHOLDS

# Every command that works on a site, with what it needs besides --site; none of them needs a server.
SITE_COMMANDS = {
    "build": ("build",),
    "check": ("check",),
    "translations": ("translations",),
    "new report": ("new", "report", "2023-spa-test", "--event", "2023-spa"),
    "schema": ("schema",),
}


@pytest.mark.parametrize("command", SITE_COMMANDS.values(), ids=SITE_COMMANDS.keys())
def test_site_may_follow_the_command(site, command):
    run = run_cli(*command, "--site", str(site.root))
    assert run.exit_code == 0, run.stderr


def test_site_after_the_command_wins_over_one_before(site, tmp_path):
    run = run_cli("--site", str(tmp_path), "build", "--site", str(site.root))
    assert run.exit_code == 0, run.stderr
    assert (site.output / "index.html").is_file()


def test_serve_takes_site_after_the_command_too(site):
    with socket.socket() as taken:  # a port in use: serve reads the site, then stops before serving
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = run_cli("serve", "--site", str(site.root), "--port", str(port))
    assert run.exit_code == 2
    assert f"port {port} on 127.0.0.1 is in use" in run.stderr


@pytest.mark.parametrize("command", [*SITE_COMMANDS.values(), ("serve",)], ids=[*SITE_COMMANDS.keys(), "serve"])
def test_a_folder_without_site_toml_is_a_usage_error_naming_it(tmp_path, command):
    run = run_cli("--site", str(tmp_path), *command)
    assert run.exit_code == 2
    assert run.stderr == (
        f"pitboard: error: {tmp_path} has no site.toml, so it is not a pitboard site; "
        "name the site's folder with --site DIR, or start one with pitboard init DIR\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_import_results_takes_site_after_the_command_too(site, tmp_path):
    run = run_cli(
        "import",
        "results",
        str(tmp_path / "none.csv"),
        "--report",
        "2023-spa-race-1",
        "--numbers",
        "7",
        "--site",
        str(site.root),
    )
    assert run.exit_code == 2
    assert "unrecognized arguments" not in run.stderr
    assert "none.csv" in run.stderr


def test_a_command_runs_with_the_collectors_thresholds_raised_and_puts_them_back(site, monkeypatch):
    """A build holds the site's millions of objects: at the default thresholds, the collector would scan them
    all again several times per build."""
    during = []
    load = generator.build.SiteBuilder.load
    monkeypatch.setattr(
        generator.build.SiteBuilder,
        "load",
        lambda *arguments, **options: during.append(gc.get_threshold()) or load(*arguments, **options),
    )
    before = gc.get_threshold()

    assert run_cli("--site", str(site.root), "check").exit_code == 0

    assert during == [COLLECTOR_THRESHOLDS]
    assert gc.get_threshold() == before != COLLECTOR_THRESHOLDS
