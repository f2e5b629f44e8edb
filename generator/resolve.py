"""Stage 4: valid documents resolved into one cross-linked Site.

Here facts are inherited between translations and checked for agreement, every
reference (series, event, race, driver) is looked up, Markdown bodies become HTML with
their mentions found, and the indexes the pages read are built once.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from .config import SiteConfig
from .diagnostics import Diagnostic, Position, did_you_mean
from .markup import MarkdownRenderer, Mention, MentionMatcher, first_paragraph_text, smart_quotes
from .model import (
    Driver,
    DriverStats,
    Entry,
    Event,
    Localized,
    Page,
    PageTranslation,
    Race,
    Report,
    ReportTranslation,
    Series,
    Site,
)
from .progress import SILENT, Progress
from .read import Kind
from .schema import DriverFile, EventFile, PageFrontMatter, ReportFrontMatter, SeriesFile
from .schema import Entry as EntryFields
from .schema_errors import field_label
from .validate import Valid, ValidContent

SHARED_FACTS = ("event", "race", "entries")


@dataclass(frozen=True, slots=True)
class Resolution:
    site: Site
    diagnostics: tuple[Diagnostic, ...]


def resolve_site(
    content: ValidContent,
    config: SiteConfig,
    markdown: MarkdownRenderer,
    include_drafts: bool = False,
    progress: Progress = SILENT,
) -> Resolution:
    resolver = _Resolver(content, config, markdown, include_drafts, progress)
    site = resolver.resolve()
    return Resolution(site, tuple(resolver.diagnostics))


@dataclass(frozen=True, slots=True)
class _Facts:
    """The language-neutral facts of a report after inheritance, with the file stating each."""

    event: tuple[str, Valid] | None
    race: tuple[str, Valid] | None
    entries: tuple[list[EntryFields], Valid] | None


class _Resolver:
    def __init__(
        self, content: ValidContent, config: SiteConfig, markdown: MarkdownRenderer, include_drafts: bool, progress: Progress
    ):
        self.content = content
        self.progress = progress
        self.config = config
        self.languages = config.language_codes
        self.markdown = markdown
        self.include_drafts = include_drafts
        self.diagnostics: list[Diagnostic] = []

    def error(self, valid: Valid, position: Position, message: str) -> None:
        self.diagnostics.append(Diagnostic(valid.path, position, message))

    def resolve(self) -> Site:
        self.markdown.convert_all(self.markdown_texts())
        series = {valid.source.id: self.series(valid) for valid in self.content.series}
        events = self.events(series)
        drivers = self.drivers()
        matcher = self.mention_matcher(drivers.values())
        reports = self.reports(events, drivers, matcher)
        pages = self.pages()
        return _index(self.config, reports, drivers, events, series, pages)

    def markdown_texts(self) -> Iterator[tuple[str, str]]:
        """Every (Markdown text, language) the site will show, to convert in one go."""
        for valid in (*self.content.reports, *self.content.pages):
            if self.include_drafts or not getattr(valid.fields, "draft", False):
                yield valid.source.body, valid.source.lang
        for valid in self.content.drivers:
            if valid.fields.bio is not None:
                yield from ((text, lang) for lang, text in Localized.of(valid.fields.bio, self.languages).texts)

    def series(self, valid: Valid[SeriesFile]) -> Series:
        return Series(valid.source.id, Localized.of(valid.fields.name, self.languages), valid.fields.url)

    def events(self, series: Mapping[str, Series]) -> dict[str, Event]:
        events = {}
        for valid in self.content.events:
            fields: EventFile = valid.fields
            event_series = None
            if fields.series is not None:
                event_series = self.reference(valid, ("series",), Kind.SERIES, fields.series, series)
                if event_series is None:
                    continue
            events[valid.source.id] = Event(
                id=valid.source.id,
                name=Localized.of(fields.name, self.languages),
                series=event_series,
                season=fields.season,
                circuit=Localized.of(fields.circuit, self.languages) if fields.circuit else None,
                country=fields.country,
                start=fields.start,
                end=fields.end or fields.start,
                races=tuple(Race(race.id, Localized.of(race.name, self.languages), race.date) for race in fields.races),
            )
        return events

    def drivers(self) -> dict[str, Driver]:
        drivers = {}
        for valid in self.content.drivers:
            fields: DriverFile = valid.fields
            bio = None
            if fields.bio is not None:
                texts = Localized.of(fields.bio, self.languages).texts
                bio = Localized(tuple((lang, self.markdown.to_html(text, lang)) for lang, text in texts))
            drivers[valid.source.id] = Driver(
                id=valid.source.id,
                path=valid.path,
                name=fields.name,
                sort_name=fields.sort_name or fields.name.split()[-1],
                nationality=fields.nationality,
                born=fields.born,
                aliases=tuple(fields.aliases),
                bio_html=bio,
            )
        return drivers

    def mention_matcher(self, drivers: Iterable[Driver]) -> MentionMatcher:
        """Every name and alias, each of which must name one driver only."""
        owner: dict[str, str] = {}
        mentions = []
        sources = {valid.source.id: valid for valid in self.content.drivers}
        for driver in drivers:
            for slot, text in enumerate((driver.name, *driver.aliases)):
                other = owner.setdefault(text, driver.id)
                if other != driver.id:
                    valid = sources[driver.id]
                    where = valid.position_of("aliases", slot - 1) if slot else valid.position_of("name")
                    self.error(valid, where, f"'{text}' is already the name or an alias of driver '{other}'")
                    continue
                mentions.append(Mention(text, driver.id))
        return MentionMatcher(mentions)

    def reports(
        self, events: Mapping[str, Event], drivers: Mapping[str, Driver], matcher: MentionMatcher
    ) -> list[Report]:
        reports = []
        by_id = groupby(sorted(self.content.reports, key=lambda v: (v.source.id, v.path)), key=lambda v: v.source.id)
        groups = [(report_id, list(group)) for report_id, group in by_id]
        for report_id, group in self.progress.track(groups, "reading reports"):
            if (Kind.REPORT, report_id) in self.content.broken:
                continue
            report = self.report(report_id, group, events, drivers, matcher)
            if report is not None:
                reports.append(report)
        return reports

    def report(
        self,
        report_id: str,
        translations: list[Valid[ReportFrontMatter]],
        events: Mapping[str, Event],
        drivers: Mapping[str, Driver],
        matcher: MentionMatcher,
    ) -> Report | None:
        facts = self.shared_facts(translations)
        if facts is None:
            return None
        if facts.event is None:
            names = " or ".join(valid.path for valid in translations)
            self.error(
                translations[0], translations[0].position_of(),
                f"missing required field 'event' (state it in {names})",
            )
            return None
        event_id, event_source = facts.event
        event = self.reference(event_source, ("event",), Kind.EVENT, event_id, events)
        if event is None:
            return None
        race = self.race(event, facts.race)
        entries = self.entries(facts.entries, drivers) if facts.entries else ()
        if (facts.race and race is None) or entries is None:
            return None
        built = tuple(
            self.report_translation(valid, matcher, drivers)
            for valid in self.in_language_order(translations)
            if self.include_drafts or not valid.fields.draft
        )
        if not built:
            return None
        return Report(report_id, event, race, entries, built)

    def shared_facts(self, translations: list[Valid[ReportFrontMatter]]) -> _Facts | None:
        """Each fact from the first translation stating it; None if translations disagree."""
        found = {}
        agree = True
        for fact in SHARED_FACTS:
            stating = [valid for valid in translations if getattr(valid.fields, fact) is not None]
            if not stating:
                found[fact] = None
                continue
            first = stating[0]
            for later in stating[1:]:
                agree &= self.check_agreement(fact, first, later)
            found[fact] = (getattr(first.fields, fact), first)
        return _Facts(**found) if agree else None

    def check_agreement(self, fact: str, first: Valid, later: Valid) -> bool:
        difference = _first_difference(_plain(getattr(first.fields, fact)), _plain(getattr(later.fields, fact)), (fact,))
        if difference is None:
            return True
        path, theirs, ours = difference
        self.error(
            later, later.position_of(*path),
            f"translations disagree: {field_label(path)}: {_show(ours)} vs {_show(theirs)} in {first.path}",
        )
        return False

    def race(self, event: Event, stated: tuple[str, Valid] | None) -> Race | None:
        if stated is None:
            return None
        race_id, valid = stated
        race = event.race(race_id)
        if race is None:
            known = [race.id for race in event.races]
            listing = f"its races: {', '.join(known)}" if known else "it lists no races"
            self.error(
                valid, valid.position_of("race"),
                f"unknown race '{race_id}' of event '{event.id}' ({listing}){did_you_mean(race_id, known)}",
            )
        return race

    def entries(self, stated: tuple[list[EntryFields], Valid], drivers: Mapping[str, Driver]) -> tuple[Entry, ...] | None:
        fields_list, valid = stated
        entries = []
        for index, fields in enumerate(fields_list):
            crew = [
                self.reference(valid, ("entries", index, "drivers", slot), Kind.DRIVER, driver_id, drivers)
                for slot, driver_id in enumerate(fields.drivers)
            ]
            if None in crew:
                return None
            entries.append(
                Entry(
                    car=fields.car,
                    number=fields.number,
                    car_class=fields.class_,
                    team=fields.team,
                    drivers=tuple(crew),
                    grid=fields.grid,
                    position=fields.position,
                    status=fields.status,
                    laps=fields.laps,
                    fastest_lap=fields.fastest_lap,
                    fastest_lap_by=drivers[fields.fastest_lap_by] if fields.fastest_lap_by else None,
                    fastest_in_class=fields.fastest_in_class,
                )
            )
        return tuple(entries)

    def reference(self, valid: Valid, path: tuple, kind: Kind, wanted: str, known: Mapping):
        """The entity `wanted` names, or None (with an error unless its own file is broken)."""
        if wanted in known:
            return known[wanted]
        claimed = self.content.claimed_ids[kind]
        if wanted not in claimed:
            self.error(
                valid, valid.position_of(*path),
                f"unknown {kind.value} '{wanted}' (no {kind.expected_name.replace('<id>', wanted)})"
                f"{did_you_mean(wanted, claimed)}",
            )
        return None

    def report_translation(
        self, valid: Valid[ReportFrontMatter], matcher: MentionMatcher, drivers: Mapping[str, Driver]
    ) -> ReportTranslation:
        fields = valid.fields
        lang = valid.source.lang
        body_html = self.markdown.to_html(valid.source.body, lang)
        return ReportTranslation(
            report_id=valid.source.id,
            lang=lang,
            path=valid.path,
            title=smart_quotes(fields.title, lang),
            date=fields.date,
            summary=smart_quotes(fields.summary, lang) if fields.summary else first_paragraph_text(body_html),
            body_html=body_html,
            mentions=tuple(drivers[driver_id] for driver_id in matcher.find(body_html)),
            draft=fields.draft,
        )

    def in_language_order(self, translations: list[Valid]) -> list[Valid]:
        return sorted(translations, key=lambda valid: self.languages.index(valid.source.lang))

    def pages(self) -> list[Page]:
        pages = []
        by_id = groupby(sorted(self.content.pages, key=lambda v: (v.source.id, v.path)), key=lambda v: v.source.id)
        for page_id, group in by_id:
            translations = []
            for valid in self.in_language_order(list(group)):
                if self.page_collides(valid):
                    continue
                translations.append(self.page_translation(valid))
            if translations:
                pages.append(Page(page_id, tuple(translations)))
        return pages

    def page_collides(self, valid: Valid[PageFrontMatter]) -> bool:
        sections = self.config.language(valid.source.lang).sections
        section = next((name for name, segment in sections.items() if segment == valid.source.id), None)
        if section is not None:
            self.error(
                valid, Position(),
                f"page id '{valid.source.id}' is the URL of the {section} section in '{valid.source.lang}'; "
                f"rename the file",
            )
        return section is not None

    def page_translation(self, valid: Valid[PageFrontMatter]) -> PageTranslation:
        body_html = self.markdown.to_html(valid.source.body, valid.source.lang)
        return PageTranslation(
            page_id=valid.source.id,
            lang=valid.source.lang,
            path=valid.path,
            title=smart_quotes(valid.fields.title, valid.source.lang),
            summary=(
                smart_quotes(valid.fields.summary, valid.source.lang)
                if valid.fields.summary
                else first_paragraph_text(body_html)
            ),
            body_html=body_html,
        )


def _plain(value: object) -> object:
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if hasattr(value, "model_dump"):
        return value.model_dump(by_alias=True)
    return value


def _first_difference(ours: object, theirs: object, path: tuple) -> tuple[tuple, object, object] | None:
    """The first path at which two plain values differ, with both values there."""
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in ours:
            found = _first_difference(ours[key], theirs.get(key), (*path, key))
            if found:
                return found
        return None
    if isinstance(ours, list) and isinstance(theirs, list):
        for index, (mine, other) in enumerate(zip(ours, theirs)):
            found = _first_difference(mine, other, (*path, index))
            if found:
                return found
        return None if len(ours) == len(theirs) else (path, ours, theirs)
    return None if ours == theirs else (path, ours, theirs)


def _show(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            return "[" + ", ".join(_show(item) for item in value) + "]"
        return f"{len(value)} items"
    return str(value)


def _index(
    config: SiteConfig,
    reports: list[Report],
    drivers: Mapping[str, Driver],
    events: Mapping[str, Event],
    series: Mapping[str, Series],
    pages: list[Page],
) -> Site:
    reports = sorted(reports, key=lambda report: (report.date, report.id), reverse=True)
    ordered_events = sorted(events.values(), key=lambda event: (event.start, event.id), reverse=True)
    return Site(
        config=config,
        reports=tuple(reports),
        drivers=tuple(sorted(drivers.values(), key=_driver_sort_key)),
        events=tuple(ordered_events),
        series=tuple(sorted(series.values(), key=lambda item: item.id)),
        pages=tuple(pages),
        report_by_id={report.id: report for report in reports},
        driver_by_id=dict(drivers),
        event_by_id=dict(events),
        series_by_id=dict(series),
        page_by_id={page.id: page for page in pages},
        reports_featuring=_group(reports, lambda report: [driver.id for driver in report.drivers]),
        reports_mentioning=_group(reports, _mentioned_only),
        reports_about=_group(reports, lambda report: [report.event.id]),
        events_in_season=_group(ordered_events, lambda event: [event.season]),
        events_in_series=_group(ordered_events, lambda event: [event.series.id] if event.series else []),
        stats=_statistics(reports, drivers),
    )


def _driver_sort_key(driver: Driver) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFKD", driver.sort_name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold(), driver.id


def _mentioned_only(report: Report) -> list[str]:
    featured = {driver.id for driver in report.drivers}
    mentioned = {driver.id for translation in report.translations for driver in translation.mentions}
    return sorted(mentioned - featured)


def _group(items: Iterable, keys_of) -> dict:
    """An index from key to the items (in their given order) that have that key."""
    grouped: dict = defaultdict(list)
    for item in items:
        for key in keys_of(item):
            grouped[key].append(item)
    return {key: tuple(values) for key, values in grouped.items()}


def _statistics(reports: Iterable[Report], drivers: Iterable[str]) -> dict[str, DriverStats]:
    """Starts, wins, podiums and fastest laps of every driver, counting each report's entries once."""
    counts: dict[str, list[int]] = {driver_id: [0, 0, 0, 0] for driver_id in drivers}
    for report in reports:
        for entry in report.entries:
            for driver in entry.drivers:
                tally = counts[driver.id]
                tally[0] += entry.status != "dns"
                tally[1] += entry.position == 1
                tally[2] += entry.position is not None and entry.position <= 3
                tally[3] += entry.fastest_in_class and entry.fastest_lap_by is not None and entry.fastest_lap_by.id == driver.id
    return {driver_id: DriverStats(*tally) for driver_id, tally in counts.items()}
