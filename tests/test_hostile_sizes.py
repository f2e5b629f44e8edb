"""Hostile sizes (issue 12, point 4): nesting, numbers and files past what any site needs are a clear
error or a correct build, never a traceback, a crash or a hang — each case of tests/fuzz/hostile.py
built in a process of its own under a memory limit (`make bench-hostile` times them)."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest
from fuzz.hostile import HOSTILE_CASES

MEMORY_LIMIT = 512 * 1024 * 1024  # bytes of address space; the largest case needs less than half
PATIENCE = 600  # seconds; a case still running then hangs (the slowest builds in about 15 s)


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.parametrize("name", HOSTILE_CASES)
def test_builds_or_refuses_within_a_memory_limit(site, name):
    case = HOSTILE_CASES[name]
    case.make(site.root)
    run = subprocess.run(
        [sys.executable, "-m", "generator", "--site", str(site.root), "build"],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        preexec_fn=limit_memory,
    )
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    if case.error is None:
        assert run.returncode == 0, run.stderr[-3000:]
        assert run.stdout.startswith("built ")
    else:
        assert run.returncode == 1, run.stderr[-3000:]  # a crash would be negative, a signal's number
        assert run.stderr.splitlines()[:-1] == [case.error]


def only_error(site) -> str:
    run = site.build()
    assert run.exit_code == 1, run.stdout + run.stderr
    assert len(run.errors) == 1, run.stderr
    return run.errors[0]


def test_toml_nested_too_deeply_is_an_error_not_a_traceback(site):
    config = (site.root / "site.toml").read_text()
    site.write("site.toml", "deep = " + "[" * 5000 + "]" * 5000 + "\n" + config)
    assert only_error(site) == "site.toml:1:1: error: invalid TOML: arrays or tables nested too deeply"


def test_a_number_too_long_for_python_in_toml_is_an_error_not_a_traceback(site):
    config = (site.root / "site.toml").read_text()
    site.write("site.toml", "big = " + "9" * 5000 + "\n" + config)
    assert only_error(site) == "site.toml:1:1: error: invalid TOML: a number with too many digits"


REPORT = "content/reports/2023-spa-race-2.en.md"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("".join("    " * level + "- item\n" for level in range(300)), 33, "Markdown nested more than 32 levels deep"),
        ("- " * 2000 + "item\n", 1, "Markdown nested more than 32 levels deep"),
        ("".join(">" * level + " quote\n" for level in range(2000)), 34, "Markdown nested more than 32 levels deep"),
        ("Intro.\n\n" + "[" * 20_000 + "x" + "]" * 20_000 + "\n", 3, "too many '[' or '(' without their ']' or ')'"),
        ("[a](" * 10_000 + "\n", 1, "too many '[' or '(' without their ']' or ')'"),
    ],
    ids=[
        "a list nested 300 deep (a RecursionError)",
        "2,000 list markers on a line (a RecursionError)",
        "quotes nested 2,000 deep (a minute)",
        "20,000 nested brackets (hours)",
        "10,000 unclosed links (minutes)",
    ],
)
def test_markdown_that_would_exhaust_the_stack_or_take_hours_is_refused_at_its_line(site, body, line, message):
    site.write(REPORT, "---\ntitle: Retirement\ndate: 2023-07-30\nevent: 2023-spa\nrace: race-2\n---\n" + body)
    error = only_error(site)
    assert error.startswith(f"{REPORT}:{6 + line}:1: error: {message}")


def test_a_bio_that_would_exhaust_the_stack_is_refused_at_the_bio(site):
    site.write("content/drivers/ben-carter.yaml", "name: Ben Carter\nbio:\n  en: '" + "- " * 500 + "x'\n")
    assert only_error(site).startswith(
        "content/drivers/ben-carter.yaml:3:7: error: bio: Markdown nested more than 32 levels deep"
    )


def test_markdown_nested_as_deep_as_allowed_builds(site):
    body = "".join("    " * level + "- item\n" for level in range(16)) + "[" * 1000 + "x" + "]" * 1000 + "\n"
    site.write(REPORT, "---\ntitle: Retirement\ndate: 2023-07-30\nevent: 2023-spa\nrace: race-2\n---\n" + body)
    assert site.build().exit_code == 0
