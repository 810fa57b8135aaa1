"""The one timing table: each timing form of the plan format → its dated instances.

Every part of kehoach that needs the dates of a duty asks :func:`schedule` — the evaluator
(``due`` / ``obligations`` / ``status``), ``explain``, the facts checks (which instance labels a
submission may carry) and the scenarios. None of them computes a date itself, so they cannot
disagree.

The table (:data:`FORMS`) maps a timing ``kind`` to the function that schedules it; a recurring
timing is further keyed by its ``frequency`` (:data:`FREQUENCIES`). A form or frequency that is not
in the table cannot be scheduled: :func:`unschedulable` says why, and ``kehoach validate`` reports
it (``timing-not-scheduled``), so a plan never validates with a timing that would be silently
given the wrong instances.

Pure functions: the calendar and the effective reading of the timing's interpretation are passed
in; nothing here knows a date of the plan.
"""
from __future__ import annotations

import calendar as _stdcal
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

TYPE_CHECKING = False  # the validator's timing rule imports this module without the model
if TYPE_CHECKING:
    from .calendar import Calendar
    from .model import Timing

__all__ = [
    "FORMS",
    "FREQUENCIES",
    "DeadlineDates",
    "Instance",
    "Window",
    "deadline_dates",
    "monthly_due",
    "monthly_instances",
    "period_labels",
    "schedule",
    "triggered_dates",
    "unschedulable",
    "unschedulable_form",
]

Reading = str | int | None
"""The effective value of the timing's interpretation (``exclusive``, ``15``, ``last`` …), or None."""

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """What a scheduler needs besides the timing: the plan period under the assumptions in force,
    the calendar, and — for a triggered duty — the day its event happened (None: not yet)."""

    start: date
    end: date
    calendar: Calendar
    event: date | None = None


@dataclass(frozen=True)
class Instance:
    """One dated occurrence of a timing.

    ``period`` labels a recurring instance (``"2024-06"``), None otherwise; ``literal`` is the date
    as written (deadlines); ``due`` the last allowed day under the reading; ``last_working_day`` the
    last official working day on or before ``due``; ``in_force_from`` the first day the duty is in
    force (None: not yet, e.g. a triggered duty whose event has not happened).
    """

    period: str | None
    literal: date | None
    due: date | None
    last_working_day: date | None
    in_force_from: date | None


@dataclass(frozen=True)
class DeadlineDates:
    literal: date
    due: date
    last_working_day: date


def deadline_dates(literal: date, reading: Reading, cal: Calendar) -> DeadlineDates:
    """'trước ngày D' under a reading of ``before`` (exclusive | inclusive | inclusive-rolled).

    ``None`` means the timing has no interpretation: the date as written is the due date.
    """
    if reading == "exclusive":
        due = literal - _ONE_DAY
    elif reading == "inclusive-rolled":
        due = cal.next_working_day_on_or_after(literal)  # BLDS 2015 Điều 148
    else:  # inclusive, or no interpretation
        due = literal
    return DeadlineDates(literal, due, cal.last_working_day_on_or_before(due))


def monthly_due(year: int, month: int, day: str | int) -> date:
    last = _stdcal.monthrange(year, month)[1]
    return date(year, month, last if day == "last" else min(int(day), last))


def monthly_instances(start: date, end: date, day: str | int) -> tuple[tuple[str, date], ...]:
    """One ``("YYYY-MM", due)`` per month: the first whose due ≥ start, through the month of ``end``."""
    out: list[tuple[str, date]] = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        due = monthly_due(year, month, day)
        if start <= due <= end:
            out.append((f"{year:04d}-{month:02d}", due))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)


def triggered_dates(event: date, reading: Reading, cal: Calendar) -> tuple[date, date | None]:
    """(in force from, due or None) for a duty triggered by an event on ``event``.

    ``in-force-next-day`` (BLDS 2015 Điều 147): in force from the day after, no due date;
    ``due-next-working-day``: due on the first working day after the event.
    """
    start = event + _ONE_DAY
    if reading == "due-next-working-day":
        return start, cal.next_working_day_on_or_after(start)
    return start, None


# --------------------------------------------------------------------------- the table

Scheduler = Callable[["Timing", Reading, Window], tuple[Instance, ...]]


def _deadline(timing: Timing, reading: Reading, w: Window) -> tuple[Instance, ...]:
    if timing.date is None:
        return ()
    d = deadline_dates(timing.date, reading, w.calendar)
    return (Instance(None, d.literal, d.due, d.last_working_day, w.start),)


def _monthly(timing: Timing, reading: Reading, w: Window) -> tuple[Instance, ...]:
    day: str | int = reading if reading is not None else "last"
    cal = w.calendar
    return tuple(Instance(period, None, due, cal.last_working_day_on_or_before(due), w.start)
                 for period, due in monthly_instances(w.start, w.end, day))


FREQUENCIES: Mapping[str, Scheduler] = MappingProxyType({"monthly": _monthly})
"""Recurring timings by frequency. A frequency missing here does not validate."""


def _recurring(timing: Timing, reading: Reading, w: Window) -> tuple[Instance, ...]:
    scheduler = FREQUENCIES.get(timing.frequency or "")
    return scheduler(timing, reading, w) if scheduler is not None else ()


def _triggered(timing: Timing, reading: Reading, w: Window) -> tuple[Instance, ...]:
    if w.event is None:
        return (Instance(None, None, None, None, None),)
    in_force, due = triggered_dates(w.event, reading, w.calendar)
    lwd = w.calendar.last_working_day_on_or_before(due) if due is not None else None
    return (Instance(None, None, due, lwd, in_force),)


def _continuous(timing: Timing, reading: Reading, w: Window) -> tuple[Instance, ...]:
    return (Instance(None, None, None, None, w.start),)


FORMS: Mapping[str, Scheduler] = MappingProxyType({
    "deadline": _deadline,
    "recurring": _recurring,
    "triggered": _triggered,
    "continuous": _continuous,
})
"""Timing kinds → their scheduler: the only place a timing form becomes dates."""


def unschedulable(timing: Timing) -> str | None:
    """Why the table cannot schedule ``timing`` (a plain sentence), or None when it can."""
    if timing.kind == "deadline" and timing.date is None:
        return "a deadline needs its date"
    return unschedulable_form(timing.kind, timing.frequency)


def unschedulable_form(kind: str, frequency: str | None) -> str | None:
    """:func:`unschedulable` for a timing given by its ``kind`` and ``frequency`` alone (plain data)."""
    if kind not in FORMS:
        return f"timing kind {kind!r} is not one kehoach schedules (known: {', '.join(FORMS)})"
    if kind == "recurring" and (frequency or "") not in FREQUENCIES:
        return (f"frequency {frequency!r} is not one kehoach schedules yet "
                f"(scheduled: {', '.join(FREQUENCIES)})")
    return None


def schedule(timing: Timing, reading: Reading, window: Window) -> tuple[Instance, ...]:
    """The instances of ``timing`` under ``reading`` in ``window``, in date order. A timing the
    table cannot schedule (see :func:`unschedulable`; validation refuses it) has none."""
    scheduler = FORMS.get(timing.kind)
    return scheduler(timing, reading, window) if scheduler is not None else ()


def period_labels(timing: Timing, start: date, end: date) -> tuple[str, ...]:
    """Every period label a recurring ``timing`` can have in the period ``start``–``end``, whatever
    the day its reading gives (``("2024-01", …, "2024-12")`` for a monthly duty of 2024 that starts on
    25/1); empty for a timing that is not recurring or not scheduled."""
    if timing.kind != "recurring" or timing.frequency != "monthly":
        return ()
    return tuple(p for p, _ in monthly_instances(start.replace(day=1), end, 1))
