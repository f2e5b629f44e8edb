"""Debian's Chromium driven by Playwright for Python, and axe-core run inside it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# Playwright's own browser downloads do not work here: it drives the system's Chromium.
# Without the background-networking flags Chromium calls home, which a closed network refuses.
CHROMIUM_ARGUMENTS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# A browser that runs no page scripts; scripts injected through DevTools (axe) still run.
NO_PAGE_SCRIPTS = "script-src 'none'"


def launch(playwright, executable: str):
    return playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGUMENTS))


@contextmanager
def new_tab(browser, **context_options) -> Iterator:
    """A page in a browser context of its own (viewport, colour scheme, locale), closed after use."""
    context = browser.new_context(**context_options)
    try:
        yield context.new_page()
    finally:
        context.close()


def block_page_scripts(page, url: str) -> None:
    """From now on `page` loads `url` as a browser without JavaScript shows it."""

    def forbid_scripts(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": NO_PAGE_SCRIPTS})

    page.route(url, forbid_scripts)


@dataclass(frozen=True, slots=True)
class Violation:
    """One axe rule that fails, with the elements it fails on."""

    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}): {self.help}: {', '.join(self.targets)}"


def axe_violations(page, axe) -> list[Violation]:
    """Every violation of the rules axe runs by default, on the page as loaded now."""
    results = axe.run(page)
    return [
        Violation(
            rule["id"],
            rule["impact"],
            rule["help"],
            tuple(" ".join(map(str, node["target"])) for node in rule["nodes"]),
        )
        for rule in results.response["violations"]
    ]
