"""The official Vietnamese working calendar.

A :class:`Calendar` is a small immutable value: the years it covers, the weekdays that are days off
(public holidays and compensatory days off) and the weekend days that are working days. It is built
once from the ``holidays`` package (imported lazily, so the query path never pays for it) and can be
serialised with :meth:`Calendar.to_data` / :meth:`Calendar.from_data` for a cache.

Outside the years it covers, a calendar falls back to Monday–Friday; callers build it for the years
they need (see :meth:`Calendar.for_years`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

__all__ = [
    "Calendar",
    "is_working_day",
    "last_working_day_on_or_before",
    "next_working_day_on_or_after",
]

HOLIDAYS_VERSION = "0.109"
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Calendar:
    years: frozenset[int]
    days_off: frozenset[date]  # Monday–Friday dates that are not working days
    working_weekend_days: frozenset[date]  # Saturday/Sunday dates that are working days

    @classmethod
    def for_years(cls, years: Iterable[int]) -> Calendar:
        """The official calendar of ``years`` from the ``holidays`` package (VN, observed)."""
        import holidays  # lazy: heavy import kept off the query path

        wanted = frozenset(int(y) for y in years)
        if not wanted:
            return cls(frozenset(), frozenset(), frozenset())
        vn = holidays.country_holidays("VN", years=sorted(wanted), observed=True)
        days_off = frozenset(d for d in vn if d.weekday() < 5 and d.year in wanted)
        weekend_work = frozenset(
            d for d in getattr(vn, "weekend_workdays", ()) if d.year in wanted and d.weekday() >= 5
        )
        return cls(wanted, days_off, weekend_work)

    def covers(self, d: date) -> bool:
        return d.year in self.years

    def is_working_day(self, d: date) -> bool:
        if d.weekday() >= 5:
            return d in self.working_weekend_days
        return d not in self.days_off

    def last_working_day_on_or_before(self, d: date) -> date:
        while not self.is_working_day(d):
            d -= _ONE_DAY
        return d

    def next_working_day_on_or_after(self, d: date) -> date:
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def to_data(self) -> dict[str, Any]:
        """JSON-ready data; ``from_data(to_data())`` round-trips."""
        return {
            "source": f"holidays {HOLIDAYS_VERSION} VN observed",
            "years": sorted(self.years),
            "days_off": sorted(d.isoformat() for d in self.days_off),
            "working_weekend_days": sorted(d.isoformat() for d in self.working_weekend_days),
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Calendar:
        return cls(
            frozenset(int(y) for y in data["years"]),
            frozenset(date.fromisoformat(s) for s in data["days_off"]),
            frozenset(date.fromisoformat(s) for s in data["working_weekend_days"]),
        )


def _calendar_around(d: date) -> Calendar:
    # a search can cross a year boundary (e.g. 1 January rolling back into December)
    return Calendar.for_years((d.year - 1, d.year, d.year + 1))


def is_working_day(d: date, calendar: Calendar | None = None) -> bool:
    return (calendar or _calendar_around(d)).is_working_day(d)


def last_working_day_on_or_before(d: date, calendar: Calendar | None = None) -> date:
    return (calendar or _calendar_around(d)).last_working_day_on_or_before(d)


def next_working_day_on_or_after(d: date, calendar: Calendar | None = None) -> date:
    return (calendar or _calendar_around(d)).next_working_day_on_or_after(d)
