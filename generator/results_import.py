"""`pitboard import results`: the team's cars of a classification CSV written into a report's `entries`.

The CSV is read (`classification`), the cars chosen by number or by team, their drivers
matched to the site's drivers (`driver_names`) and their entries written into the report's
own text (`entries_edit`): into every translation that states `entries`, or, when none
does, into the one of `--lang`. Then the whole site is checked as `check` does, with the
new texts in place of the files on disk; only when it has no problem is each file replaced,
atomically. On any problem every file stays as it was.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .build import SiteBuilder
from .classification import (
    Cell,
    Classification,
    ClassifiedCar,
    Standing,
    lap_time_text,
    read_classification,
    standings,
)
from .config import SiteConfig, load_config
from .diagnostics import BuildFailed, Diagnostic, UsageError, did_you_mean, quote_list
from .driver_names import Ambiguous, DriverNames, KnownDriver, Unmatched
from .entries_edit import CarEntry, edit_entries
from .facts import stated_facts
from .journal import JOURNAL, replace_files
from .kinds import CONTENT_DIR, Kind
from .last_build import site_cache
from .progress import SILENT, Progress
from .read import SourceDocument, read_content
from .validate import ValidContent, validate_content, validate_document

# The fields of an entry that a classification always states: a car without a position or a gap has none.
_ALWAYS_STATED = frozenset({"number", "class", "drivers", "position", "status", "laps", "gap"})


@dataclass(frozen=True, slots=True)
class ResultsImport:
    """What `pitboard import results` was asked to do."""

    csv: str  # the path as given on the command line
    report: str
    numbers: tuple[int, ...] | None  # the cars to import, or None to choose them by `team`
    team: str | None
    lang: str | None


@dataclass(frozen=True, slots=True)
class ImportedFile:
    path: str
    replaced: tuple[int, ...]
    added: tuple[int, ...]

    def summary(self) -> str:
        parts = [
            f"{verb} {', '.join(f'#{number}' for number in numbers)}"
            for verb, numbers in (("replaced", self.replaced), ("added", self.added))
            if numbers
        ]
        return f"{self.path}: {'; '.join(parts)}"


def car_numbers(text: str) -> tuple[int, ...]:
    """`--numbers 24,25` -> (24, 25); a UsageError for anything but car numbers separated by commas."""
    parts = [part.strip() for part in text.split(",")]
    if not all(part.isdigit() for part in parts):
        raise UsageError(f"--numbers {text}: expected car numbers separated by commas, e.g. --numbers 24,25")
    return tuple(dict.fromkeys(int(part) for part in parts))


def import_results(root: Path, request: ResultsImport, progress: Progress = SILENT) -> list[ImportedFile]:
    """Write the results of the chosen cars into the report and replace its files; raises BuildFailed with every
    problem of the CSV or of the site as it would be (nothing is written then), UsageError for mistakes in the
    command."""
    config = load_config(root)
    lang = _language(config, request.lang)
    csv = _csv_bytes(request.csv)
    content = validate_content(read_content(root, config.language_codes), config.language_codes)
    targets = _targets(content, request.report, lang, config.language_codes)
    classification = read_classification(request.csv, csv)
    cars = _car_entries(classification, _chosen(classification, request), content, targets)
    edits = {source.path: edit_entries((root / source.path).read_bytes().decode("utf-8"), cars) for source in targets}
    new_contents = {path: edit.text.encode("utf-8") for path, edit in edits.items()}
    with site_cache(config) as cache:  # checked and written under the site's lock: no build reads half of it
        SiteBuilder(root, cache).check(progress, new_contents)
        replace_files({root / path: data for path, data in new_contents.items()}, config.cache / JOURNAL)
    return [ImportedFile(path, edit.replaced, edit.added) for path, edit in edits.items()]


def _language(config: SiteConfig, lang: str | None) -> str:
    chosen = lang or config.default_language
    if chosen not in config.language_codes:
        raise UsageError(
            f"unknown language '{chosen}' (configured languages: {quote_list(config.language_codes)})"
            f"{did_you_mean(chosen, config.language_codes)}"
        )
    return chosen


def _csv_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot read the classification ({error.strerror or error})") from None


def _targets(content: ValidContent, report_id: str, lang: str, languages: tuple[str, ...]) -> list[SourceDocument]:
    """The translations to write into: every one that states `entries`, else the one in `lang`."""
    claimed = content.claimed_ids[Kind.REPORT]
    if report_id not in claimed:
        expected = Kind.REPORT.expected_name.replace("<id>", report_id)
        raise UsageError(f"unknown report '{report_id}' (no {expected}){did_you_mean(report_id, claimed)}")
    folder = f"{CONTENT_DIR}/{Kind.REPORT.folder}/{report_id}."
    if (Kind.REPORT, report_id) in content.unreadable:
        raise BuildFailed(diagnostic for diagnostic in content.diagnostics if diagnostic.path.startswith(folder))
    translations = [source for source in content.documents if source.kind is Kind.REPORT and source.id == report_id]
    targets = [source for source in translations if "entries" in stated_facts(source).values]
    if not targets:
        targets = [source for source in translations if source.lang == lang]
    if not targets:
        raise UsageError(
            f"report '{report_id}' has no translation in '{lang}' (no {folder}{lang}.md) and none states entries; "
            f"name one of its languages with --lang: {quote_list(source.lang or '' for source in translations)}"
        )
    problems = [problem for source in targets for problem in _entries_unlike_a_list(source, languages)]
    if problems:
        raise BuildFailed(problems)
    return targets


def _entries_unlike_a_list(source: SourceDocument, languages: tuple[str, ...]) -> list[Diagnostic]:
    """The schema's problems of a translation whose `entries` is no list of entries to merge into."""
    entries = source.data.value.get("entries") if isinstance(source.data.value, dict) else None
    if entries is None or (isinstance(entries, list) and all(isinstance(entry, dict) for entry in entries)):
        return []
    return validate_document(source, languages)[1]


def _chosen(classification: Classification, request: ResultsImport) -> list[tuple[ClassifiedCar, Standing]]:
    """The cars of `--numbers` or `--team`, in the classification's order, with their standing in class."""
    ranked = list(zip(classification.cars, standings(classification.cars), strict=True))
    if request.numbers is not None:
        chosen = [(car, standing) for car, standing in ranked if car.number in request.numbers]
        found = {car.number for car, _standing in chosen}
        missing = [number for number in request.numbers if number not in found]
        if missing:
            raise BuildFailed(
                Diagnostic(
                    classification.path,
                    classification.column_position("NUMBER"),
                    f"car #{number} is not in the classification",
                )
                for number in missing
            )
        return chosen
    return _team_cars(classification, ranked, request.team or "")


def _team_cars(
    classification: Classification, ranked: list[tuple[ClassifiedCar, Standing]], team: str
) -> list[tuple[ClassifiedCar, Standing]]:
    if "TEAM" not in classification.header:
        raise BuildFailed(
            [
                Diagnostic(
                    classification.path,
                    classification.column_position("TEAM"),
                    f"no TEAM column to find the cars of team '{team}' by; choose the cars with --numbers",
                )
            ]
        )
    wanted = team.strip().casefold()
    chosen = [(car, standing) for car, standing in ranked if car.team and car.team.text.casefold() == wanted]
    if not chosen:
        teams = sorted({car.team.text for car, _standing in ranked if car.team and car.team.text})
        raise BuildFailed(
            [
                Diagnostic(
                    classification.path,
                    classification.column_position("TEAM"),
                    f"no car of team '{team}' in the classification{did_you_mean(team, teams)}",
                )
            ]
        )
    return chosen


def _car_entries(
    classification: Classification,
    chosen: Sequence[tuple[ClassifiedCar, Standing]],
    content: ValidContent,
    targets: Sequence[SourceDocument],
) -> list[CarEntry]:
    names = DriverNames(_known_drivers(content))
    problems: list[Diagnostic] = []
    entries = []
    for car, standing in chosen:
        drivers, unknown = _crew(classification.path, car, names)
        problems.extend(unknown)
        problems.extend(_unnamed_car(classification.path, car, targets))
        entries.append(_car_entry(classification, car, standing, drivers))
    if problems:
        raise BuildFailed(problems)
    return entries


def _known_drivers(content: ValidContent) -> Iterator[KnownDriver]:
    """Every driver's name and aliases, read from its file valid or not: the site check reports what else is wrong."""
    for source in content.documents:
        data = source.data.value
        if source.kind is Kind.DRIVER and isinstance(data, dict) and isinstance(data.get("name"), str):
            aliases = data.get("aliases")
            spellings = tuple(alias for alias in aliases if isinstance(alias, str)) if isinstance(aliases, list) else ()
            yield KnownDriver(source.id, data["name"], spellings, source.path)


def _crew(path: str, car: ClassifiedCar, names: DriverNames) -> tuple[list[str], list[Diagnostic]]:
    """The driver ids of a car's crew, and a problem for each name that is no driver's."""
    ids: list[str] = []
    problems = (
        []
        if car.drivers
        else [Diagnostic(path, car.position, f"car #{car.number} has no driver in the classification")]
    )
    for cell in car.drivers:
        found = names.match(cell.text)
        if isinstance(found, KnownDriver):
            ids.append(found.id)
        elif isinstance(found, Ambiguous):
            several = quote_list(driver.id for driver in found.drivers)
            problems.append(
                Diagnostic(
                    path,
                    cell.position,
                    f"driver '{cell.text}' is the name or alias of several drivers ({several}); "
                    f"give them names and aliases that tell them apart",
                )
            )
        else:
            problems.append(Diagnostic(path, cell.position, _unmatched_message(cell.text, found)))
    return ids, problems


def _unmatched_message(name: str, unmatched: Unmatched) -> str:
    closest = unmatched.closest
    if closest is None:
        return f"unknown driver '{name}': the site has no drivers; add content/drivers/<id>.yaml"
    return (
        f"unknown driver '{name}': no driver has this name or alias; the closest is '{closest.name}' "
        f"({closest.path}); add the spelling to its aliases if it is the same driver"
    )


def _unnamed_car(path: str, car: ClassifiedCar, targets: Sequence[SourceDocument]) -> list[Diagnostic]:
    """A car the classification names no vehicle for needs an entry of its number to keep its `car` from."""
    if _text_of(car.vehicle) is not None:
        return []
    where = car.vehicle.position if car.vehicle is not None else car.position
    return [
        Diagnostic(
            path,
            where,
            f"car #{car.number}: no VEHICLE in the classification, and {source.path} has no entry #{car.number} "
            f"to keep its car from",
        )
        for source in targets
        if car.number not in _entry_numbers(source)
    ]


def _entry_numbers(source: SourceDocument) -> set[object]:
    entries = source.data.value.get("entries") if isinstance(source.data.value, dict) else None
    return {entry.get("number") for entry in entries if isinstance(entry, dict)} if isinstance(entries, list) else set()


def _car_entry(classification: Classification, car: ClassifiedCar, standing: Standing, drivers: list[str]) -> CarEntry:
    """The fields of a car's entry as the classification has them, in the schema's order."""
    fields: dict[str, object | None] = {
        "car": _text_of(car.vehicle),
        "number": car.number,
        "class": car.car_class,
        "team": _text_of(car.team),
        "drivers": drivers,
        "position": standing.position,
        "status": car.status,
        "laps": car.laps,
        "gap": standing.gap,
        "fastest_lap": lap_time_text(car.fastest_lap) if car.fastest_lap is not None else None,
    }
    stated = set(_ALWAYS_STATED)
    columns = classification.header
    stated.update(key for key, column in (("team", "TEAM"), ("fastest_lap", "FL_TIME")) if column in columns)
    stated.update(["car"] if fields["car"] is not None else [])
    return CarEntry(car.number, {key: value for key, value in fields.items() if value is not None}, frozenset(stated))


def _text_of(cell: Cell | None) -> str | None:
    return cell.text if cell is not None and cell.text else None
