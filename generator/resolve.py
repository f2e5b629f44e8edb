"""Stage 4: valid documents resolved into one cross-linked Site.

Here every reference (series, event, race, driver, photo file) is checked in the file that
states it, a report's facts are inherited between translations and checked for agreement and
for the rules results obey (`facts`), Markdown bodies become HTML with their mentions and
photos found (`photos`), and the indexes the pages read are built once. Files with errors take part in every check
they can, so one problem hides no other.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import TypeVar

from pydantic import BaseModel

from .config import SiteConfig
from .diagnostics import Diagnostic, Position, did_you_mean
from .facts import (
    SharedFacts,
    StatedFacts,
    missing_race,
    repeated_results,
    shared_facts,
    stated_facts,
    unknown_race,
)
from .kinds import Kind
from .markup import MarkdownRenderer, Mention, MentionMatcher, first_paragraph_text
from .media import MediaFiles
from .model import (
    Driver,
    DriverStats,
    Entry,
    Event,
    Localized,
    Page,
    PageTranslation,
    Photo,
    Quote,
    Race,
    Report,
    ReportQuote,
    ReportTranslation,
    Series,
    Site,
)
from .photos import DocumentPhotos, PhotoChecker, Reference
from .progress import SILENT, Progress
from .publication import Publication
from .read import SourceDocument
from .schema import (
    SCHEMAS,
    DriverFile,
    EntryFields,
    EventFile,
    FieldPath,
    PageFrontMatter,
    QuoteFields,
    ReportFrontMatter,
    SeriesFile,
    references,
)
from .typography import typeset_text
from .validate import Fields, Valid, ValidContent

Item = TypeVar("Item")
Key = TypeVar("Key")


@dataclass(frozen=True, slots=True)
class Resolution:
    site: Site
    diagnostics: tuple[Diagnostic, ...]
    warnings: tuple[Diagnostic, ...] = ()  # media files nothing refers to
    photo_references: Mapping[str, tuple[Reference, ...]] = field(default_factory=dict)  # by media file


def resolve_site(
    content: ValidContent,
    config: SiteConfig,
    markdown: MarkdownRenderer,
    media: MediaFiles,
    publication: Publication | None = None,
    progress: Progress = SILENT,
    known_mentions: Mapping[bytes, object] | None = None,
) -> Resolution:
    """The site as `publication` publishes it (by default: what is published now, without drafts).

    Every file is checked, published or not; the site is built from the published translations only.
    `known_mentions`: the drivers each text named in an earlier build (`MentionMatcher.found`).
    """
    resolver = _Resolver(content, config, markdown, media, publication or Publication(), progress, known_mentions)
    site = resolver.resolve()
    checker = resolver.photo_checker
    return Resolution(
        site,
        (*resolver.diagnostics, *checker.diagnostics),
        tuple(checker.unreferenced()),
        {name: tuple(references) for name, references in checker.references.items()},
    )


class _Resolver:
    def __init__(
        self,
        content: ValidContent,
        config: SiteConfig,
        markdown: MarkdownRenderer,
        media: MediaFiles,
        publication: Publication,
        progress: Progress,
        known_mentions: Mapping[bytes, object] | None = None,
    ):
        self.content = content
        self.known_mentions = known_mentions
        self.progress = progress
        self.config = config
        self.languages = config.language_codes
        self.markdown = markdown
        self.publication = publication
        self.diagnostics: list[Diagnostic] = []
        self.photo_checker = PhotoChecker(media, markdown, self.languages)
        self.photos: dict[str, DocumentPhotos] = {}  # by file

    def error(self, valid: Valid[BaseModel], position: Position, message: str) -> None:
        self.diagnostics.append(Diagnostic(valid.path, position, message))

    def resolve(self) -> Site:
        self.check_references()
        self.markdown.convert_all(self.markdown_texts())
        self.check_photos()
        series = {valid.source.id: self.series(valid) for valid in self.content.series}
        events = self.events(series)
        drivers = self.drivers()
        matcher = self.mention_matcher(drivers.values())
        reports = self.reports(events, drivers, matcher)
        pages = self.pages()
        return _index(self.config, reports, drivers, events, series, pages, matcher)

    def markdown_texts(self) -> Iterator[tuple[str, str]]:
        """Every (Markdown text, language) of the site, to convert in one go: the site shows them, or their
        photos are checked (in a draft, or a file with errors, too)."""
        for source in self.content.documents:
            if source.kind.is_markdown and source.lang is not None:
                yield source.body, source.lang
            bio = source.mapping.get("bio") if source.kind is Kind.DRIVER else None
            if isinstance(bio, str | dict) and bio:
                texts = Localized.of(bio, self.languages).texts if isinstance(bio, str) else bio.items()
                yield from ((text, lang) for lang, text in texts if isinstance(text, str) and lang in self.languages)

    def check_photos(self) -> None:
        """Every photo of every file, valid or not, in the file that states it."""
        checker = self.photo_checker
        for source in self.content.documents:
            self.photos[source.path] = checker.document(source)
            photo = source.mapping.get("photo") if source.kind is Kind.EVENT else None
            if photo is not None:
                checker.check_alt_languages(
                    source, ("photo",), photo, dict.fromkeys(self.languages, "a language of the site")
                )

    def photo(self, valid: Valid[BaseModel], *path: str | int) -> Photo | None:
        return self.photos[valid.path].front_matter.get(tuple(path))

    def series(self, valid: Valid[SeriesFile]) -> Series:
        return Series(valid.source.id, Localized.of(valid.fields.name, self.languages), valid.fields.url)

    def events(self, series: Mapping[str, Series]) -> dict[str, Event]:
        events = {}
        for valid in self.content.events:
            fields: EventFile = valid.fields
            event_series = None
            if fields.series is not None:
                event_series = series.get(fields.series)
                if event_series is None:
                    continue
            if fields.photo is not None and self.photo(valid, "photo") is None:
                continue  # a photo with a problem, reported
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
                photo=self.photo(valid, "photo"),
            )
        return events

    def drivers(self) -> dict[str, Driver]:
        drivers = {}
        for valid in self.content.drivers:
            fields: DriverFile = valid.fields
            bio = None
            bio_photos: tuple[tuple[str, tuple[Photo, ...]], ...] = ()
            if fields.bio is not None:
                texts = Localized.of(fields.bio, self.languages).texts
                bio = Localized(tuple((lang, self.markdown.to_html(text, lang)) for lang, text in texts))
                photos = [(lang, self.photos[valid.path].body(lang)) for lang, _ in texts]
                if any(found is None for _, found in photos):
                    continue  # a photo with a problem, reported
                bio_photos = tuple((lang, found) for lang, found in photos if found)
            if fields.portrait is not None and self.photo(valid, "portrait") is None:
                continue
            drivers[valid.source.id] = Driver(
                id=valid.source.id,
                path=valid.path,
                name=fields.name,
                sort_name=fields.sort_name or fields.name.split()[-1],
                nationality=fields.nationality,
                born=fields.born,
                aliases=tuple(fields.aliases),
                bio_html=bio,
                portrait=self.photo(valid, "portrait"),
                bio_photos=bio_photos,
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
        return MentionMatcher(mentions, self.known_mentions)

    def check_references(self) -> None:
        """Every id that names a driver, event or series, in the file that states it, valid or not."""
        for source in self.content.documents:
            for path, kind, wanted in references(SCHEMAS[source.kind], source.data.value):
                self.check_known(source, path, kind, wanted)

    def check_known(self, source: SourceDocument, path: FieldPath, kind: Kind, wanted: str) -> None:
        claimed = self.content.claimed_ids[kind]
        if wanted not in claimed:  # a claimed id whose file is broken has its own errors
            self.diagnostics.append(
                Diagnostic(
                    source.path,
                    source.data.position_of(path),
                    f"unknown {kind.value} '{wanted}' (no {kind.file_of(wanted)}){did_you_mean(wanted, claimed)}",
                )
            )

    def reports(
        self, events: Mapping[str, Event], drivers: Mapping[str, Driver], matcher: MentionMatcher
    ) -> list[Report]:
        valid = {valid.path: valid for valid in self.content.reports}
        stated = sorted(
            (stated_facts(source) for source in self.content.documents if source.kind is Kind.REPORT),
            key=lambda facts: (facts.source.id, facts.path),
        )
        groups = [(report_id, list(group)) for report_id, group in groupby(stated, key=lambda facts: facts.source.id)]
        reports: list[Report] = []
        results: list[tuple[SharedFacts, Event]] = []
        for report_id, translations in self.progress.track(groups, "reading reports"):
            shared = self.shared_facts(translations, events)  # every translation checked, published or not
            event = _event_of(shared.value("event"), events)
            if event is not None:
                results.append((shared, event))
            if event is None or shared.disagreements or (Kind.REPORT, report_id) in self.content.broken:
                continue
            published = [facts for facts in translations if self.publication.publishes(valid[facts.path].fields)]
            if len(published) < len(translations):
                held = [valid[facts.path] for facts in translations if all(facts is not kept for kept in published)]
                found = self.published_facts(published, held, events) if published else None
                if found is None:
                    continue
                shared, event = found
            report = self.report(report_id, [valid[facts.path] for facts in published], shared, event, drivers, matcher)
            if report is not None:
                reports.append(report)
        self.diagnostics.extend(repeated_results(results))
        return reports

    def published_facts(
        self, published: list[StatedFacts], held: list[Valid[ReportFrontMatter]], events: Mapping[str, Event]
    ) -> tuple[SharedFacts, Event] | None:
        """The facts of the published translations alone, and their event: one not published does not exist for
        the build, so the others inherit nothing from it. What they then lack is reported, naming where it is stated."""
        shared = shared_facts(published)
        if "event" not in shared.stated_in:
            first, note = published[0], self.held_back_note("event", held)
            self.diagnostics.append(
                Diagnostic(
                    first.path, first.position_of(()), f"missing required field 'event': {note}; state it here too"
                )
            )
            return None
        event = _event_of(shared.value("event"), events)
        if event is None:
            return None
        problem = missing_race(shared, event, self.held_back_note("race", held))
        if problem is not None:
            self.diagnostics.append(problem)
            return None
        return shared, event

    def held_back_note(self, fact: str, held: list[Valid[ReportFrontMatter]]) -> str:
        """`only x.de.md (under embargo until …) states it, and …`, for a fact the published translations lack."""
        stating = [valid for valid in held if valid.source.mapping.get(fact) is not None]
        if not stating:
            return ""
        files = " and ".join(f"{valid.path} ({self.publication.held_back_because(valid.fields)})" for valid in stating)
        return f"only {files} states it, and a translation inherits nothing from one that is not published"

    def shared_facts(self, translations: list[StatedFacts], events: Mapping[str, Event]) -> SharedFacts:
        """The report's facts after inheritance, with every problem they have reported."""
        shared = shared_facts(translations)
        self.diagnostics.extend(shared.disagreements)
        if "event" not in shared.stated_in and (Kind.REPORT, translations[0].source.id) not in self.content.unreadable:
            names = " or ".join(facts.path for facts in translations)
            first = translations[0]
            self.diagnostics.append(
                Diagnostic(first.path, first.position_of(()), f"missing required field 'event' (state it in {names})")
            )
        for facts in translations:
            self.check_race(facts, _event_of(facts.values.get("event", shared.value("event")), events))
            self.check_alt_languages(facts, translations)
        event = _event_of(shared.value("event"), events)
        problem = missing_race(shared, event) if event is not None else None
        if problem is not None:
            self.diagnostics.append(problem)
        return shared

    def check_alt_languages(self, facts: StatedFacts, translations: list[StatedFacts]) -> None:
        """Each photo a translation states has an alt text in every language of the report."""
        photos = facts.source.mapping.get("photos")
        needed = {other.source.lang: f"the language of {other.path}" for other in translations if other.source.lang}
        for index, item in enumerate(photos if isinstance(photos, list) else ()):
            self.photo_checker.check_alt_languages(facts.source, ("photos", index), item, needed)

    def check_race(self, facts: StatedFacts, event: Event | None) -> None:
        """A stated race must be one of the races of the event the translation is about."""
        race_id = facts.values.get("race")
        if not isinstance(race_id, str) or event is None or event.race(race_id) is not None:
            return
        known = [race.id for race in event.races]
        self.diagnostics.append(
            Diagnostic(facts.path, facts.position_of(("race",)), unknown_race(race_id, event.id, known))
        )

    def report(
        self,
        report_id: str,
        translations: list[Valid[ReportFrontMatter]],
        shared: SharedFacts,
        event: Event,
        drivers: Mapping[str, Driver],
        matcher: MentionMatcher,
    ) -> Report | None:
        race_id = shared.value("race")
        race = event.race(race_id) if isinstance(race_id, str) else None
        entries_source = shared.stated_in.get("entries")
        entries: tuple[Entry, ...] | None = ()
        if entries_source is not None:
            stating = next(valid for valid in translations if valid.path == entries_source.path)
            entries = self.entries(stating.fields.entries or [], drivers)
        if (race_id is not None and race is None) or entries is None:
            return None
        photos = self.report_photos(shared, translations)
        in_order = self.in_language_order(translations)
        built = _all_or_none([self.report_translation(valid, matcher, drivers) for valid in in_order])
        if photos is None or built is None:
            return None
        return Report(report_id, event, race, entries, built, photos)

    def report_photos(
        self, shared: SharedFacts, translations: list[Valid[ReportFrontMatter]]
    ) -> tuple[Photo, ...] | None:
        """The photos the report states (in one translation, or alike in several); None if one has a problem."""
        stated = shared.stated_in.get("photos")
        if stated is None:
            return ()
        stating = next(valid for valid in translations if valid.path == stated.path)
        return _all_or_none([self.photo(stating, "photos", index) for index in range(len(stating.fields.photos or ()))])

    def entries(self, fields_list: list[EntryFields], drivers: Mapping[str, Driver]) -> tuple[Entry, ...] | None:
        """The entries with their drivers looked up; None when one names an unknown driver (reported already)."""
        entries = []
        for fields in fields_list:
            crew = _all_or_none([drivers.get(driver_id) for driver_id in fields.drivers])
            if crew is None or (fields.fastest_lap_by is not None and fields.fastest_lap_by not in drivers):
                return None
            entries.append(
                Entry(
                    car=fields.car,
                    number=fields.number,
                    car_class=fields.class_,
                    team=fields.team,
                    drivers=crew,
                    grid=fields.grid,
                    position=fields.position,
                    status=fields.status,
                    laps=fields.laps,
                    gap=fields.gap,
                    fastest_lap=fields.fastest_lap,
                    fastest_lap_by=drivers[fields.fastest_lap_by] if fields.fastest_lap_by else None,
                    fastest_in_class=fields.fastest_in_class,
                )
            )
        return tuple(entries)

    def report_translation(
        self, valid: Valid[ReportFrontMatter], matcher: MentionMatcher, drivers: Mapping[str, Driver]
    ) -> ReportTranslation | None:
        """The translation; None when a quote names an unknown driver or a photo has a problem (reported already)."""
        fields = valid.fields
        lang = valid.lang
        quotes = self.quotes(fields.quotes, lang, drivers)
        if quotes is None:
            return None
        body_html = self.markdown.to_html(valid.source.body, lang)
        body_photos = self.photos[valid.path].body(lang)
        if body_photos is None:
            return None  # a photo with a problem, reported
        return ReportTranslation(
            report_id=valid.source.id,
            lang=lang,
            path=valid.path,
            title=typeset_text(fields.title, lang),
            date=fields.date,
            summary=typeset_text(fields.summary, lang) if fields.summary else first_paragraph_text(body_html),
            body_html=body_html,
            mentions=tuple(drivers[driver_id] for driver_id in matcher.find(body_html)),
            draft=fields.draft,
            quotes=quotes,
            embargo=self.publication.embargo(fields),
            body_photos=body_photos,
        )

    def quotes(
        self, fields_list: list[QuoteFields], lang: str, drivers: Mapping[str, Driver]
    ) -> tuple[Quote, ...] | None:
        if any(fields.by is not None and fields.by not in drivers for fields in fields_list):
            return None
        return tuple(
            Quote(
                text=typeset_text(fields.text, lang),
                driver=drivers[fields.by] if fields.by is not None else None,
                name=fields.name,
                role=Localized.of(fields.role, self.languages) if fields.role is not None else None,
            )
            for fields in fields_list
        )

    def in_language_order(self, translations: list[Valid[Fields]]) -> list[Valid[Fields]]:
        return sorted(translations, key=lambda valid: self.languages.index(valid.lang))

    def pages(self) -> list[Page]:
        pages = []
        by_id = groupby(sorted(self.content.pages, key=lambda v: (v.source.id, v.path)), key=lambda v: v.source.id)
        for page_id, group in by_id:
            translations = []
            for valid in self.in_language_order(list(group)):
                body_photos = self.photos[valid.path].body(valid.lang)
                if self.page_collides(valid) or body_photos is None:
                    continue
                translations.append(self.page_translation(valid, body_photos))
            if translations:
                pages.append(Page(page_id, tuple(translations)))
        return pages

    def page_collides(self, valid: Valid[PageFrontMatter]) -> bool:
        sections = self.config.language(valid.lang).sections
        section = next((name for name, segment in sections.items() if segment == valid.source.id), None)
        if section is not None:
            self.error(
                valid,
                Position(),
                f"page id '{valid.source.id}' is the URL of the {section} section in '{valid.lang}'; rename the file",
            )
        return section is not None

    def page_translation(self, valid: Valid[PageFrontMatter], body_photos: tuple[Photo, ...]) -> PageTranslation:
        lang = valid.lang
        body_html = self.markdown.to_html(valid.source.body, lang)
        return PageTranslation(
            page_id=valid.source.id,
            lang=lang,
            path=valid.path,
            title=typeset_text(valid.fields.title, lang),
            summary=(
                typeset_text(valid.fields.summary, lang) if valid.fields.summary else first_paragraph_text(body_html)
            ),
            body_html=body_html,
            body_photos=body_photos,
        )


def _event_of(event_id: object, events: Mapping[str, Event]) -> Event | None:
    return events.get(event_id) if isinstance(event_id, str) else None


def _index(
    config: SiteConfig,
    reports: list[Report],
    drivers: Mapping[str, Driver],
    events: Mapping[str, Event],
    series: Mapping[str, Series],
    pages: list[Page],
    mentions: MentionMatcher,
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
        report_languages={report.id: report.languages for report in reports},
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
        quotes_by=_group(_report_quotes(reports), lambda said: [said.quote.driver.id] if said.quote.driver else []),
        mentions=mentions,
    )


def _driver_sort_key(driver: Driver) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFKD", driver.sort_name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold(), driver.id


def _mentioned_only(report: Report) -> list[str]:
    featured = {driver.id for driver in report.drivers}
    mentioned = {driver.id for translation in report.translations for driver in translation.mentions}
    return sorted(mentioned - featured)


def _report_quotes(reports: Iterable[Report]) -> Iterator[ReportQuote]:
    """Every quote with the translation it is in; reports newest first."""
    for report in reports:
        for translation in report.translations:
            for quote in translation.quotes:
                yield ReportQuote(translation, quote)


def _group(items: Iterable[Item], keys_of: Callable[[Item], Iterable[Key]]) -> dict[Key, tuple[Item, ...]]:
    """An index from key to the items (in their given order) that have that key."""
    grouped: defaultdict[Key, list[Item]] = defaultdict(list)
    for item in items:
        for key in keys_of(item):
            grouped[key].append(item)
    return {key: tuple(values) for key, values in grouped.items()}


def _all_or_none(items: list[Item | None]) -> tuple[Item, ...] | None:
    """The items, or None if one of them is None (a problem, reported already)."""
    found = []
    for item in items:
        if item is None:
            return None
        found.append(item)
    return tuple(found)


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
                tally[3] += (
                    entry.fastest_in_class and entry.fastest_lap_by is not None and entry.fastest_lap_by.id == driver.id
                )
    return {driver_id: DriverStats(*tally) for driver_id, tally in counts.items()}
