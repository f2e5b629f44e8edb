"""`pitboard translations`: every report and the languages it lacks, as a table."""

from __future__ import annotations

from .model import Report, Site

PUBLISHED, DRAFT, SCHEDULED, MISSING = "yes", "draft", "scheduled", "-"


def translation_table(site: Site) -> list[str]:
    """Lines of a table: one row a report (newest first), a column a language, then what it lacks.

    `site` holds every translation, drafts and those under embargo included. Neither a draft nor a
    translation under embargo (`scheduled`) is published yet, so the report still lacks that language.
    """
    header = ["report", *site.languages, "lacks"]
    rows = [_row(report, site.languages) for report in site.reports]
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lacking = sum(1 for row in rows if row[-1])
    lines.append(f"{len(rows)} report{'s' if len(rows) != 1 else ''}, {lacking} lacking a language")
    return lines


def _row(report: Report, languages: tuple[str, ...]) -> list[str]:
    states = [_state(report, lang) for lang in languages]
    lacks = [lang for lang, state in zip(languages, states, strict=True) if state != PUBLISHED]
    return [report.id, *states, ", ".join(lacks)]


def _state(report: Report, lang: str) -> str:
    translation = report.translation(lang)
    if translation is None:
        return MISSING
    if translation.draft:
        return DRAFT
    return SCHEDULED if translation.embargo is not None else PUBLISHED
