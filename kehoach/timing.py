"""The one timing table: each timing form of the plan format → its dated instances.

Every part of kehoach that needs the dates of a duty asks :func:`schedule` — the evaluator
(``due`` / ``obligations`` / ``status``), ``explain``, the facts checks (which instance labels a
submission may carry) and the scenarios. None of them computes a date itself, so they cannot
disagree.

The table (:data:`FORMS`) maps a timing ``kind`` to the function that schedules it; a recurring
timing is further keyed by its ``frequency`` (:data:`FREQUENCIES`). The forms and their readings
are described in ``docs/timing-forms.md``. A form or frequency that is not
in the table cannot be scheduled: :func:`unschedulable` says why, and ``kehoach validate`` reports
it (``timing-not-scheduled``), so a plan never validates with a timing that would be silently
given the wrong instances.

Pure functions: the calendar and the effective reading of the timing's interpretation are passed
in; nothing here knows a date of the plan.
"""
from __future__ import annotations

import calendar as _stdcal
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

TYPE_CHECKING = False  # the validator's timing rule imports this module without the model
if TYPE_CHECKING:
    from .calendar import Calendar
    from .model import Plan, Timing

__all__ = [
    "FORMS",
    "FREQUENCIES",
    "UNJUDGED_READINGS",
    "EVENT_KINDS",
    "DeadlineDates",
    "Instance",
    "Period",
    "Window",
    "add_working_days",
    "deadline_dates",
    "monthly_due",
    "monthly_instances",
    "parse_period",
    "period_labels",
    "periods",
    "reading_type",
    "relative_due",
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
    the calendar, the day its event happened for a triggered or relative duty (None: not yet), and
    the value type of the timing's interpretation (``period-day`` and ``day-of-month`` readings of
    the same number differ)."""

    start: date
    end: date
    calendar: Calendar
    event: date | None = None
    reading_type: str | None = None


@dataclass(frozen=True)
class Instance:
    """One dated occurrence of a timing.

    ``period`` labels a recurring instance (``"2024-06"``, ``"2026-Q4"``, ``"2026-H1"``, ``"2027"``),
    None otherwise; ``literal`` is the date as written (deadlines, a window's end, a recurring day the
    text gives); ``due`` the last allowed day under the reading; ``last_working_day`` the last
    official working day on or before ``due``; ``in_force_from`` the first day the duty is in force
    (None: not yet, e.g. a triggered duty whose event has not happened); ``window_start`` the first
    day of a window; ``judged`` False when the reading makes the date a planned one that ``status``
    does not judge (``target-date``), and for undated forms that are never judged (on request).
    """

    period: str | None
    literal: date | None
    due: date | None
    last_working_day: date | None
    in_force_from: date | None
    window_start: date | None = None
    judged: bool = True


UNJUDGED_READINGS = frozenset({"target-date"})
"""Readings under which a dated instance is a planned date, not a deadline: due, but not judged."""


@dataclass(frozen=True)
class DeadlineDates:
    literal: date
    due: date
    last_working_day: date


def deadline_dates(literal: date, reading: Reading, cal: Calendar) -> DeadlineDates:
    """'trước ngày D' under a reading of ``before`` (exclusive | inclusive | inclusive-rolled).

    ``None`` (or any other reading, e.g. ``deadline`` / ``target-date``) means the date as written is
    the due date.
    """
    if reading == "exclusive":
        due = literal - _ONE_DAY
    elif reading == "inclusive-rolled":
        due = cal.next_working_day_on_or_after(literal)  # BLDS 2015 Điều 148
    else:  # inclusive, or no interpretation
        due = literal
    return DeadlineDates(literal, due, cal.last_working_day_on_or_before(due))


def _month_day(year: int, month: int, day: int) -> date:
    """Day ``day`` of the month, clamped to the month's last day (31 → 30/4, 28 or 29/2)."""
    while month > 12:
        year, month = year + 1, month - 12
    return date(year, month, min(day, _stdcal.monthrange(year, month)[1]))


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


# --------------------------------------------------------------------------- periods

_MONTHS = MappingProxyType({"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12})


@dataclass(frozen=True)
class Period:
    """One period of a recurrence: its label and its first and last day."""

    label: str
    first: date
    last: date

    @property
    def months(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1


def _label(frequency: str, year: int, index: int) -> str:
    if frequency == "monthly":
        return f"{year:04d}-{index:02d}"
    if frequency == "quarterly":
        return f"{year:04d}-Q{index}"
    if frequency == "half-yearly":
        return f"{year:04d}-H{index}"
    return f"{year:04d}"


def _period(frequency: str, year: int, index: int) -> Period:
    n = _MONTHS[frequency]
    first_month = (index - 1) * n + 1
    last = _month_day(year, first_month + n - 1, 31)
    return Period(_label(frequency, year, index), date(year, first_month, 1), last)


def periods(frequency: str, start: date, end: date) -> tuple[Period, ...]:
    """Every period of ``frequency`` that overlaps ``start``–``end``, in order (empty for an unknown one)."""
    n = _MONTHS.get(frequency)
    if n is None or end < start:
        return ()
    out: list[Period] = []
    year, index = start.year, (start.month - 1) // n + 1
    while True:
        p = _period(frequency, year, index)
        if p.first > end:
            return tuple(out)
        out.append(p)
        year, index = (year + 1, 1) if index * n >= 12 else (year, index + 1)


def parse_period(label: str) -> Period | None:
    """The period a label names (``2024-06``, ``2026-Q4``, ``2026-H1``, ``2027``), or None."""
    m = re.fullmatch(r"(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?", label)
    if m is None:
        return None
    year = int(m.group(1))
    if m.group(2) is not None:
        month = int(m.group(2))
        return _period("monthly", year, month) if 1 <= month <= 12 else None
    if m.group(3) is not None:
        return _period("quarterly", year, int(m.group(3)))
    if m.group(4) is not None:
        return _period("half-yearly", year, int(m.group(4)))
    return _period("yearly", year, 1)


def _recurring_day(timing: Timing, reading: Reading, reading_type: str | None, p: Period,
                   cal: Calendar) -> tuple[date | None, date]:
    """(literal, due) of one period's instance.

    * The day given (``day: {month, day}``): day ``day`` of the period's ``month``-th month (default
      its last), clamped; the reading is that of "trước ngày" (as for a deadline).
    * ``period-day`` reading: ``end`` = the period's last day; N = day N of the month after the period.
    * ``day-of-month`` reading (or none): day N (``last``: the last day) of the period's last month.
    """
    if timing.day is not None:
        month, day = timing.day
        written = _month_day(p.first.year, p.first.month + (month or p.months) - 1, day)
        return written, deadline_dates(written, reading, cal).due
    if reading_type == "period-day" and isinstance(reading, int):
        return None, _month_day(p.first.year, p.first.month + p.months, reading)
    if reading is None or reading in ("last", "end"):
        return None, p.last
    return None, _month_day(p.last.year, p.last.month, int(reading))


def _periodic(timing: Timing, reading: Reading, w: Window) -> tuple[Instance, ...]:
    cal = w.calendar
    out: list[Instance] = []
    for p in periods(timing.frequency or "", w.start, w.end):
        literal, due = _recurring_day(timing, reading, w.reading_type, p, cal)
        if w.start <= due <= w.end:
            out.append(Instance(p.label, literal, due, cal.last_working_day_on_or_before(due), w.start))
    return tuple(out)


# --------------------------------------------------------------------------- events


def triggered_dates(event: date, reading: Reading, cal: Calendar) -> tuple[date, date | None]:
    """(in force from, due or None) for a duty triggered by an event on ``event``.

    ``in-force-next-day`` (BLDS 2015 Điều 147): in force from the day after, no due date;
    ``due-next-working-day``: due on the first working day after the event.
    """
    start = event + _ONE_DAY
    if reading == "due-next-working-day":
        return start, cal.next_working_day_on_or_after(start)
    return start, None


def add_working_days(event: date, days: int, cal: Calendar) -> date:
    """The ``days``-th official working day after ``event`` (the event's own day never counts)."""
    d, left = event, days
    while left > 0:
        d += _ONE_DAY
        if cal.is_working_day(d):
            left -= 1
    return d


def relative_due(event: date, days: int, unit: str, cal: Calendar) -> date:
    """The last day of a period of ``days`` counted from ``event``.

    ``calendar-days``: counted from the day after the event (BLDS 2015 Điều 147), so the last day is
    ``event + days``; when that day is not a working day the period ends on the next working day
    (Điều 148). ``working-days``: :func:`add_working_days`.
    """
    if unit == "working-days":
        return add_working_days(event, days, cal)
    return cal.next_working_day_on_or_after(event + timedelta(days=days))


# --------------------------------------------------------------------------- the table

Scheduler = Callable[["Timing", Reading, Window], tuple[Instance, ...]]


def _deadline(timing: Timing, reading: Reading, w: Window) -> tuple[Instance, ...]:
    if timing.date is None:
        return ()
    d = deadline_dates(timing.date, reading, w.calendar)
    return (Instance(None, d.literal, d.due, d.last_working_day, w.start, judged=reading not in UNJUDGED_READINGS),)


def _window(timing: Timing, reading: Reading, w: Window) -> tuple[Instance, ...]:
    if timing.end is None:
        return ()
    end = timing.end
    return (Instance(None, end, end, w.calendar.last_working_day_on_or_before(end), w.start,
                     window_start=timing.start or min(w.start, end), judged=reading not in UNJUDGED_READINGS),)


def _monthly(timing: Timing, reading: Reading, w: Window) -> tuple[Instance, ...]:
    if timing.day is not None or w.reading_type == "period-day":
        return _periodic(timing, reading, w)
    day: str | int = reading if reading is not None else "last"
    cal = w.calendar
    return tuple(Instance(period, None, due, cal.last_working_day_on_or_before(due), w.start)
                 for period, due in monthly_instances(w.start, w.end, day))


FREQUENCIES: Mapping[str, Scheduler] = MappingProxyType({
    "monthly": _monthly,
    "quarterly": _periodic,
    "half-yearly": _periodic,
    "yearly": _periodic,
})
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


def _relative(timing: Timing, reading: Reading, w: Window) -> tuple[Instance, ...]:
    if w.event is None or timing.days is None:
        return (Instance(None, None, None, None, None),)
    due = relative_due(w.event, timing.days, timing.unit or "calendar-days", w.calendar)
    return (Instance(None, None, due, w.calendar.last_working_day_on_or_before(due), w.event + _ONE_DAY),)


def _continuous(timing: Timing, reading: Reading, w: Window) -> tuple[Instance, ...]:
    return (Instance(None, None, None, None, w.start),)


def _on_request(timing: Timing, reading: Reading, w: Window) -> tuple[Instance, ...]:
    return (Instance(None, None, None, None, w.start, judged=False),)


FORMS: Mapping[str, Scheduler] = MappingProxyType({
    "deadline": _deadline,
    "window": _window,
    "recurring": _recurring,
    "triggered": _triggered,
    "relative": _relative,
    "continuous": _continuous,
    "on-request": _on_request,
})
"""Timing kinds → their scheduler: the only place a timing form becomes dates."""

EVENT_KINDS = frozenset({"triggered", "relative"})
"""The kinds dated by an event (``trigger``): waiting until it is known."""


def unschedulable(timing: Timing) -> str | None:
    """Why the table cannot schedule ``timing`` (a plain sentence), or None when it can."""
    if timing.kind == "deadline" and timing.date is None:
        return "a deadline needs its date"
    if timing.kind == "window" and timing.end is None:
        return "a window needs its end"
    if timing.kind == "window" and timing.start is not None and timing.end is not None and timing.start > timing.end:
        return "a window cannot start after it ends"
    if timing.kind == "relative" and timing.days is None:
        return "a relative deadline needs its number of days"
    if timing.kind == "recurring" and timing.day is not None:
        reason = _day_problem(timing.frequency, timing.day[0])
        if reason is not None:
            return reason
    return unschedulable_form(timing.kind, timing.frequency)


def _day_problem(frequency: str | None, month: int | None) -> str | None:
    n = _MONTHS.get(frequency or "")
    if n is None or month is None:
        return None
    if month > n + 1 or (frequency == "monthly" and month != 1):
        return (f"day.month {month} is outside a {frequency} period (1–{n}, or {n + 1} for the month after it)"
                if frequency != "monthly" else "a monthly day has no month (write {day: D})")
    return None


def unschedulable_form(kind: str, frequency: str | None, month: int | None = None) -> str | None:
    """:func:`unschedulable` for a timing given by its ``kind`` and ``frequency`` alone (plain data)
    and, for a recurring day the text gives, the ``month`` of its period."""
    if kind not in FORMS:
        return f"timing kind {kind!r} is not one kehoach schedules (known: {', '.join(FORMS)})"
    if kind == "recurring" and (frequency or "") not in FREQUENCIES:
        return (f"frequency {frequency!r} is not one kehoach schedules yet "
                f"(scheduled: {', '.join(FREQUENCIES)})")
    if kind == "recurring":
        return _day_problem(frequency, month)
    return None


def reading_type(plan: Plan, timing: Timing) -> str | None:
    """The value type of ``timing``'s interpretation in ``plan`` (``period-day``, ``day-of-month`` …), or None."""
    interp = plan.interpretation(timing.interpretation) if timing.interpretation else None
    return interp.value_type if interp is not None else None


def schedule(timing: Timing, reading: Reading, window: Window) -> tuple[Instance, ...]:
    """The instances of ``timing`` under ``reading`` in ``window``, in date order. A timing the
    table cannot schedule (see :func:`unschedulable`; validation refuses it) has none."""
    scheduler = FORMS.get(timing.kind)
    return scheduler(timing, reading, window) if scheduler is not None else ()


def period_labels(timing: Timing, start: date, end: date) -> tuple[str, ...]:
    """Every period label a recurring ``timing`` can have in the period ``start``–``end``, whatever
    the day its reading gives (``("2024-01", …, "2024-12")`` for a monthly duty of 2024 that starts on
    25/1; ``("2026-Q1", …)`` for a quarterly one); empty for a timing that is not recurring or not
    scheduled."""
    if timing.kind != "recurring" or (timing.frequency or "") not in FREQUENCIES:
        return ()
    return tuple(p.label for p in periods(timing.frequency or "", start, end))
