"""A synthetic site for benchmarks: N bilingual reports with realistic bodies.

Each report has ~650 words in each of two languages, two entries of two drivers each,
mentions of other drivers, quotes, a subheading; drivers, events and series come in
proportion (N/10 drivers, N/3 events of three races, one report a race). The same N
always gives the same files.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

WORDS = [
    "the",
    "car",
    "team",
    "lap",
    "stint",
    "pit",
    "stop",
    "tyres",
    "fuel",
    "pace",
    "gap",
    "lead",
    "class",
    "race",
    "driver",
    "track",
    "corner",
    "braking",
    "straight",
    "qualifying",
    "grid",
    "start",
    "finish",
    "flag",
    "safety",
    "strategy",
    "engineer",
    "setup",
    "balance",
    "traffic",
    "overtake",
    "defend",
    "push",
    "consistent",
    "rhythm",
    "damage",
    "repair",
    "minutes",
    "seconds",
    "position",
    "weather",
    "rain",
    "dry",
    "temperature",
    "evening",
    "night",
    "morning",
    "final",
    "hour",
    "championship",
    "points",
    "result",
]
WÖRTER = [
    "das",
    "Auto",
    "Team",
    "Runde",
    "Stint",
    "Boxenstopp",
    "Reifen",
    "Benzin",
    "Tempo",
    "Abstand",
    "Führung",
    "Klasse",
    "Rennen",
    "Fahrer",
    "Strecke",
    "Kurve",
    "Bremsen",
    "Gerade",
    "Qualifying",
    "Startaufstellung",
    "Ziel",
    "Flagge",
    "Strategie",
    "Ingenieur",
    "Abstimmung",
    "Verkehr",
    "Überholen",
    "Verteidigen",
    "Rhythmus",
    "Schaden",
    "Reparatur",
    "Minuten",
    "Sekunden",
    "Position",
    "Wetter",
    "Regen",
    "trocken",
    "Temperatur",
    "Abend",
    "Nacht",
    "Morgen",
    "Schlussstunde",
    "Meisterschaft",
    "Punkte",
    "Ergebnis",
]
FIRST_NAMES = [
    "Anna",
    "Ben",
    "Carla",
    "David",
    "Elena",
    "Felix",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Klara",
    "Lars",
    "Mia",
    "Noah",
    "Olga",
    "Paul",
]
LAST_NAMES = [
    "Berg",
    "Carter",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Hansen",
    "Ito",
    "Jensen",
    "Klein",
    "Lopez",
    "Meyer",
    "Novak",
    "Olsen",
]
RACES_PER_EVENT = 3
COUNTRIES = ("DE", "GB", "US", "NO", "ES", "FR", "IT", "JP", "BE", "NL")

SITE_TOML = """\
base_url = "https://bench.example.org/"
default_language = "en"

[languages.en]
title = "Benchmark Racing — Reports"
locale = "en_GB"

[languages.de]
title = "Benchmark Racing — Berichte"
locale = "de_DE"

[languages.de.sections]
reports = "berichte"
drivers = "fahrer"
"""


def write_site(root: Path, reports: int) -> None:
    """A fresh synthetic site with `reports` bilingual reports at `root`, built with the default theme."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content").mkdir(parents=True)
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    rng = random.Random(reports)
    drivers = _write_drivers(root, max(4, reports // 10), rng)
    _write(root / "content/series/bench-series.yaml", 'name: { de: "Benchmark-Serie", en: "Benchmark Series" }\n')
    events = _write_events(root, max(1, -(-reports // RACES_PER_EVENT)))
    for number in range(reports):
        event_id, start = events[number // RACES_PER_EVENT]
        race = number % RACES_PER_EVENT
        crew = rng.sample(drivers, 4)
        day = start + timedelta(days=race)
        _write_report(root, f"report-{number:05d}", event_id, f"race-{race + 1}", day, crew, drivers, rng)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_drivers(root: Path, count: int, rng: random.Random) -> list[tuple[str, str]]:
    drivers = []
    for number in range(count):
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = f"{LAST_NAMES[number // len(FIRST_NAMES) % len(LAST_NAMES)]}{'' if number < 224 else number}"
        driver_id = f"driver-{number:04d}"
        name = f"{first} {last}"
        _write(
            root / f"content/drivers/{driver_id}.yaml",
            f"name: {name}\nnationality: {rng.choice(COUNTRIES)}\n"
            f'bio: {{ de: "{name} fährt seit Jahren für das Team.",'
            f' en: "{name} has raced for the team for years." }}\n',
        )
        drivers.append((driver_id, name))
    return drivers


def _write_events(root: Path, count: int) -> list[tuple[str, date]]:
    events = []
    races = "".join(
        f"  - {{ id: race-{race}, name: {{ de: Rennen {race}, en: Race {race} }} }}\n"
        for race in range(1, RACES_PER_EVENT + 1)
    )
    for number in range(count):
        event_id = f"event-{number:04d}"
        season = 2000 + number // 20
        start = date(season, 1 + number % 20 // 2, 1 + 10 * (number % 2))
        _write(
            root / f"content/events/{event_id}.yaml",
            f'name: {{ de: "Lauf {number} der Serie", en: "Round {number} of the series" }}\n'
            f"series: bench-series\nseason: {season}\ncircuit: Circuit {number}\ncountry: DE\n"
            f"start: {start.isoformat()}\nend: {(start + timedelta(days=RACES_PER_EVENT - 1)).isoformat()}\n"
            f"races:\n{races}",
        )
        events.append((event_id, start))
    return events


def _write_report(root, report_id, event_id, race_id, day, crew, drivers, rng) -> None:
    entries = "".join(
        f"  - car: Benchmark GT3\n    number: {10 + index}\n    class: GT3\n"
        f"    drivers: [{crew[2 * index][0]}, {crew[2 * index + 1][0]}]\n    grid: {rng.randint(1, 20)}\n"
        f"    position: {rng.randint(1, 20)}\n    laps: {rng.randint(80, 120)}\n"
        f'    fastest_lap: "1:{rng.randint(30, 59)}.{rng.randint(0, 999):03d}"\n'
        f"    fastest_lap_by: {crew[2 * index][0]}\n    fastest_in_class: {str(rng.random() < 0.2).lower()}\n"
        for index in range(2)
    )
    mentioned = [name for _, name in rng.sample(drivers, 2)]
    names = [name for _, name in crew] + mentioned
    _write(
        root / f"content/reports/{report_id}.en.md",
        f'---\ntitle: "Report {report_id}: a race to remember"\ndate: {day.isoformat()}\n'
        f"event: {event_id}\nrace: {race_id}\nentries:\n{entries}---\n{_body(WORDS, names, rng)}",
    )
    _write(
        root / f"content/reports/{report_id}.de.md",
        f'---\ntitle: "Bericht {report_id}: ein Rennen zum Erinnern"\ndate: {day.isoformat()}\n---\n'
        f"{_body(WÖRTER, names, rng)}",
    )


def _body(vocabulary: list[str], names: list[str], rng: random.Random) -> str:
    paragraphs = []
    for index in range(8):
        words = [rng.choice(vocabulary) for _ in range(79)]
        words.insert(rng.randrange(len(words)), names[index % len(names)])
        sentence = " ".join(words)
        if index == 3:
            sentence = f'"{sentence[:120]}," said {names[0]}. {sentence[120:]}'
        paragraphs.append(sentence[0].upper() + sentence[1:] + ".")
        if index == 4:
            paragraphs.append("## " + " ".join(rng.choice(vocabulary) for _ in range(4)).capitalize())
    return "\n\n".join(paragraphs) + "\n"
