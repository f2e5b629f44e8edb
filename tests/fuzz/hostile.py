"""Sites grown past what any team needs, or built to hurt a YAML reader (issue 12, point 4), each made
from a copy of the basic fixture site. A test builds each under a memory limit, and `make bench-hostile`
times them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPORT = "content/reports/2023-spa-race-2.en.md"
DRIVER = "content/drivers/ben-carter.yaml"
PARAGRAPH = (
    "Anna Berg took the start from pole and led the opening stint before handing over to Ben Carter, who "
    "kept the car clear of the pursuing pack through two safety-car periods and a late shower. "
)


@dataclass(frozen=True)
class HostileCase:
    """How to grow the site, and the error the build must give (None: it must build)."""

    make: Callable[[Path], None]
    error: str | None = None


def report_of_five_megabytes(root: Path) -> None:
    paragraphs = "\n\n".join(f"{PARAGRAPH * 3}({number})" for number in range(5 * 1024 * 1024 // (len(PARAGRAPH) * 3)))
    report = root / REPORT
    report.write_text(report.read_text(encoding="utf-8") + "\n" + paragraphs + "\n", encoding="utf-8")


def report_with_500_entries(root: Path) -> None:
    entries = "".join(
        f"  - car: Car {number}\n    number: {number}\n    class: GT3\n    drivers: [anna-berg]\n"
        f"    position: {number}\n    laps: {1000 - number}\n"
        for number in range(1, 501)
    )
    (root / REPORT).write_text(
        "---\ntitle: A crowded race\ndate: 2023-07-30\nevent: 2023-spa\nrace: race-2\nentries:\n"
        f"{entries}---\nFive hundred cars.\n",
        encoding="utf-8",
    )


def ten_thousand_drivers(root: Path) -> None:
    """In one language only, to build half the 20,000 driver pages two languages would have."""
    _english_only(root)
    folder = root / "content/drivers"
    for number in range(10_000):
        (folder / f"driver-{number:05d}.yaml").write_text(
            f"name: Driver Number{number:05d}\naliases: [Number{number:05d}, D. Number{number:05d}]\nnationality: DE\n",
            encoding="utf-8",
        )
    report = root / REPORT
    mentions = " ".join(f"Number{number:05d} passed." for number in range(0, 10_000, 97))
    report.write_text(report.read_text(encoding="utf-8") + "\n" + mentions + "\n", encoding="utf-8")


def _english_only(root: Path) -> None:
    """The basic site in English only: its German translations and texts left out."""
    (root / "site.toml").write_text(
        'base_url = "https://example.org/racing/"\ndefault_language = "en"\n\n[languages.en]\ntitle = "Test Team"\n',
        encoding="utf-8",
    )
    for translation in (root / "content").glob("*/*.de.md"):
        translation.unlink()
    (root / "content/series/endurance-cup.yaml").write_text("name: Endurance Cup\n", encoding="utf-8")
    (root / "content/drivers/anna-berg.yaml").write_text("name: Anna Berg\naliases: [Berg]\n", encoding="utf-8")
    (root / "content/events/2023-spa.yaml").write_text(
        "name: Endurance Cup – Spa\nseries: endurance-cup\nseason: 2023\nstart: 2023-07-28\nend: 2023-07-30\n"
        "races:\n  - { id: race-1, name: Race 1, date: 2023-07-29 }\n"
        "  - { id: race-2, name: Race 2, date: 2023-07-30 }\n",
        encoding="utf-8",
    )


def yaml_of_ten_thousand_lines(root: Path) -> None:
    aliases = "".join(f"  - Carter the {number}th\n" for number in range(10_000))
    (root / DRIVER).write_text(f"name: Ben Carter\naliases:\n{aliases}", encoding="utf-8")


def deeply_nested_yaml(root: Path) -> None:
    (root / DRIVER).write_text("name: Ben Carter\nbio: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")


def billion_laughs(root: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    (root / DRIVER).write_text("name: Ben Carter\n" + "\n".join(lines) + "\nbio: *a9\n", encoding="utf-8")


def markdown_nested_and_bracketed(root: Path) -> None:
    report = root / REPORT
    nested = "".join("    " * level + "- deeper\n" for level in range(1_000))
    report.write_text(report.read_text(encoding="utf-8") + "\n" + nested + "[" * 50_000 + "\n", encoding="utf-8")


HOSTILE_CASES = {
    "a report of 5 MB": HostileCase(report_of_five_megabytes),
    "a report with 500 entries": HostileCase(report_with_500_entries),
    "10,000 drivers with aliases": HostileCase(ten_thousand_drivers),
    "a YAML file of 10,000 lines": HostileCase(yaml_of_ten_thousand_lines),
    "YAML nested 200,000 deep": HostileCase(
        deeply_nested_yaml, f"{DRIVER}:2:69: error: invalid YAML: nested more than 64 levels deep"
    ),
    "Markdown nested 1,000 deep": HostileCase(
        markdown_nested_and_bracketed,
        f"{REPORT}:50:1: error: Markdown nested more than 32 levels deep (lists, quotes, indented blocks)",
    ),
    "a YAML billion laughs": HostileCase(
        billion_laughs,
        f"{DRIVER}:6:10: error: invalid YAML: aliases repeat more than 10000 values in this file (an alias bomb?); "
        "write the values out",
    ),
}
