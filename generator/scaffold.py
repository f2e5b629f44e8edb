"""The files an author starts from: a new site (`pitboard init`), a new report (`pitboard new report`)
and copies of default-theme files to edit (`pitboard theme copy`)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from datetime import date
from pathlib import Path, PurePosixPath

from .config import SiteConfig
from .diagnostics import BuildFailed, UsageError, did_you_mean, quote_list
from .facts import unknown_race
from .kinds import CONTENT_DIR, Kind
from .model import Localized
from .read import read_content
from .schema import EntryFields, EventFile, ReportFrontMatter, is_valid_id
from .theme_files import TEMPLATE_DIR, ThemeFile, default_theme_files, theme_files
from .validate import Valid, ValidContent, validate_content

STARTER = Path(__file__).resolve().parent / "starter"
# Files that a wheel could not carry under their real name.
_RENAMED = {"gitignore": ".gitignore"}


def init_site(folder: Path) -> None:
    """A new site in `folder`: site.toml, one example of each content kind, and templates/ with only a README.

    The site builds with the default theme; templates/ is where its own files go (spec 14).
    """
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError(f"{folder} is not empty; pitboard init starts a site only in a new or empty folder")
    shutil.copytree(STARTER, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    for packaged, real in _RENAMED.items():
        (folder / packaged).rename(folder / real)


def copy_theme_files(root: Path, names: Sequence[str]) -> list[str]:
    """Copy the named files, or every file of the named folders, of the default theme into the site's templates/.

    The paths written, relative to the site root. An unknown name or a file the site has
    already is a UsageError, raised before anything is written; a link in templates/ that
    leaves the site is a BuildFailed (spec 7).
    """
    site = theme_files(root)
    if site.diagnostics:
        raise BuildFailed(site.diagnostics)
    default = default_theme_files().merged()
    chosen = list({file.name: file for name in names for file in _named(name, default)}.values())
    for file in chosen:
        if (root / TEMPLATE_DIR / file.name).exists():
            raise UsageError(
                f"{TEMPLATE_DIR}/{file.name} already exists; pitboard theme copy never overwrites a file "
                "(delete it first to start again from the default theme's)"
            )
    for file in chosen:
        target = root / TEMPLATE_DIR / file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as copy:
            copy.write(file.content)
    return [f"{TEMPLATE_DIR}/{file.name}" for file in chosen]


def _named(name: str, default: Sequence[ThemeFile]) -> list[ThemeFile]:
    """The default theme's file of `name`, or the files below the folder of that name."""
    name = name.strip("/")
    found = [file for file in default if file.name == name or file.name.startswith(f"{name}/")]
    if not found:
        folders = {str(parent) for file in default for parent in PurePosixPath(file.name).parents if parent.name}
        known = [file.name for file in default] + sorted(folders)
        raise UsageError(
            f"the default theme has no '{name}'{did_you_mean(name, known)}; pitboard theme list lists its files"
        )
    return found


def new_report(config: SiteConfig, report_id: str, event_id: str, race_id: str | None, lang: str | None) -> str:
    """Write the front matter of a new report translation; its path relative to the site root.

    Mistakes in the command (an invalid id, an unknown language, event or race, an existing
    file) are UsageErrors; an event file with errors is a BuildFailed with its problems.
    """
    lang = lang or config.default_language
    if lang not in config.language_codes:
        raise UsageError(
            f"unknown language '{lang}' (configured languages: {quote_list(config.language_codes)})"
            f"{did_you_mean(lang, config.language_codes)}"
        )
    if not is_valid_id(report_id):
        raise UsageError(f"'{report_id}' is not a valid id: use lowercase letters, digits and single hyphens")
    content = validate_content(read_content(config.root, config.language_codes), config.language_codes)
    event = _event(content, event_id)
    _check_race(event, race_id)
    race_ids = [race.id for race in event.fields.races]
    if race_id is None and len(race_ids) == 1:
        race_id = race_ids[0]
    translations = [valid for valid in content.reports if valid.source.id == report_id]
    _check_agreement(report_id, translations, "event", event_id)
    _check_agreement(report_id, translations, "race", race_id)
    with_entries = not any(valid.fields.entries is not None for valid in translations)
    relative = f"{CONTENT_DIR}/{Kind.REPORT.folder}/{report_id}.{lang}.md"
    text = _front_matter(_title(event.fields, race_id, config, lang), event_id, race_id, race_ids, with_entries)
    path = config.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise UsageError(f"{relative} already exists; pitboard new never overwrites a file") from None
    return relative


def _event(content: ValidContent, event_id: str) -> Valid[EventFile]:
    for valid in content.events:
        if valid.source.id == event_id:
            return valid
    claimed = content.claimed_ids[Kind.EVENT]
    if event_id in claimed:
        folder = f"{CONTENT_DIR}/{Kind.EVENT.folder}/{event_id}."
        raise BuildFailed(diagnostic for diagnostic in content.diagnostics if diagnostic.path.startswith(folder))
    raise UsageError(f"unknown event '{event_id}' (no {Kind.EVENT.file_of(event_id)}){did_you_mean(event_id, claimed)}")


def _check_race(event: Valid[EventFile], race_id: str | None) -> None:
    known = [race.id for race in event.fields.races]
    if race_id is not None and race_id not in known:
        raise UsageError(unknown_race(race_id, event.source.id, known))


def _check_agreement(
    report_id: str, translations: list[Valid[ReportFrontMatter]], fact: str, given: str | None
) -> None:
    """A new translation must not contradict a fact another translation states."""
    for valid in translations:
        stated = getattr(valid.fields, fact)
        if given is not None and stated is not None and stated != given:
            raise UsageError(f"report '{report_id}' has {fact} '{stated}' in {valid.path}; use --{fact} {stated}")


def _title(event: EventFile, race_id: str | None, config: SiteConfig, lang: str) -> str:
    parts = [Localized.of(event.name, config.language_codes).text(lang)]
    race = next((race for race in event.races if race.id == race_id), None)
    if race is not None:
        parts.append(Localized.of(race.name, config.language_codes).text(lang))
    return " – ".join(parts)


def _front_matter(title: str, event_id: str, race_id: str | None, race_ids: list[str], with_entries: bool) -> str:
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", f"date: {date.today().isoformat()}"]
    lines.append(f"event: {event_id}")
    if race_id is not None:
        lines.append(f"race: {race_id}")
    if with_entries:
        lines.append("# The team's cars in this race; the other translations inherit them. Fill in and uncomment:")
        if race_id is None and race_ids:
            lines.append(f"# {'race:':<22}# Results need their race: {' or '.join(race_ids)}.")
        lines.extend(_entries_skeleton())
    return "\n".join([*lines, "---", ""])


def _entries_skeleton() -> list[str]:
    """Every field of an entry, from the schema, commented out for the author to fill in."""
    lines = ["# entries:"]
    for number, (name, field) in enumerate(EntryFields.model_fields.items()):
        key = f"{field.alias or name}:"
        lines.append(f"#   {'- ' if number == 0 else '  '}{key:<18}# {field.description}")
    return lines
