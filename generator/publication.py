"""Which report translations a build publishes: the one rule for drafts (spec 3.1) and embargoes (spec 11).

A build has a clock (`now`). A translation whose `publish_at` is later than that is under
embargo; a draft is one still being written. Neither exists for the build — no page, no
list or feed entry, no alternate, no statistic, and no fact the other translations could
inherit — unless the build asks for them: `--drafts` for drafts, `--future` (and `serve`)
for embargoes, which then builds each such page marked with the end of its embargo.
The resolver applies this rule at the one place a report's translations are chosen, so
everything built from the resolved site follows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .schema import ReportFrontMatter
    from .validate import Valid

MOMENT_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$"
)
MOMENT_EXAMPLE = "2024-01-28T18:00:00+01:00"
_MOMENT = re.compile(MOMENT_PATTERN)


class MomentError(ValueError):
    """A text that is no ISO 8601 date-time with a UTC offset; the message says what is wrong."""


def parse_moment(text: str) -> datetime:
    """`2024-01-28T18:00:00+01:00` -> an aware datetime in the offset written; raises MomentError."""
    if not _MOMENT.match(text):
        raise MomentError(f"expected a date-time with its UTC offset, e.g. {MOMENT_EXAMPLE}, got '{text}'")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise MomentError(f"'{text}' is not a calendar date and time") from None
    if moment.tzinfo is None:
        raise MomentError(
            f"'{text}' has no UTC offset: add the offset of its time zone, e.g. {MOMENT_EXAMPLE} (Z for UTC)"
        )
    return moment


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Publication:
    """The build's clock and what it builds besides what is published by then."""

    now: datetime = field(default_factory=_utc_now)  # aware: `--now`, else the moment the build started
    future: bool = False  # --future, serve: as if every publish_at had passed
    drafts: bool = False  # --drafts

    def publishes(self, fields: ReportFrontMatter) -> bool:
        """Whether a report translation exists for this build."""
        return (self.drafts or not fields.draft) and (self.future or self.embargo(fields) is None)

    def embargo(self, fields: ReportFrontMatter) -> datetime | None:
        """The end of the translation's embargo, as written, if it is still under one by this build's clock."""
        if fields.publish_at is None:
            return None
        moment = parse_moment(fields.publish_at)
        return moment if moment > self.now else None

    def held_back_because(self, fields: ReportFrontMatter) -> str:
        """Why a translation this build does not publish is held back."""
        if fields.draft and not self.drafts:
            return "a draft"
        return f"under embargo until {fields.publish_at}"

    def schedule(self, reports: Iterable[Valid[ReportFrontMatter]]) -> Schedule:
        """The translations under embargo that a later build with the same options would publish."""
        scheduled = [found for valid in reports if (found := self._scheduled(valid)) is not None]
        return Schedule(tuple(sorted(scheduled, key=lambda item: (item.moment, item.path))))

    def _scheduled(self, valid: Valid[ReportFrontMatter]) -> Scheduled | None:
        fields = valid.fields
        if fields.draft and not self.drafts:
            return None
        moment = self.embargo(fields)
        if moment is None or fields.publish_at is None:
            return None
        return Scheduled(valid.path, fields.publish_at, moment)


@dataclass(frozen=True, slots=True)
class Scheduled:
    path: str
    publish_at: str  # as written
    moment: datetime


@dataclass(frozen=True, slots=True)
class Schedule:
    """The translations under embargo by a build's clock, the earliest first."""

    translations: tuple[Scheduled, ...] = ()

    @property
    def next(self) -> Scheduled | None:
        return self.translations[0] if self.translations else None

    def summary(self) -> str:
        """`2 translations scheduled, the first at 2024-01-28T18:00:00+01:00`; '' when none is."""
        if not self.translations:
            return ""
        count = len(self.translations)
        return (
            f"{count} translation{'s' if count != 1 else ''} scheduled, the first at {self.translations[0].publish_at}"
        )
