"""Invariants of every timing form (hypothesis): instances lie inside the plan period, are ordered and
unique, their labels parse back to their period, and `due` is monotone in `by`."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kehoach
from kehoach.calendar import Calendar
from kehoach.model import Timing
from kehoach.timing import (
    FORMS,
    Window,
    add_working_days,
    parse_period,
    period_labels,
    periods,
    relative_due,
    schedule,
)

CAL = Calendar.for_years(range(2023, 2033))
FREQUENCIES = ("monthly", "quarterly", "half-yearly", "yearly")
MONTHS = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}
CASE = Path(__file__).resolve().parent / "cases" / "timing-forms"

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 12, 31))


@st.composite
def plan_windows(draw: st.DrawFn) -> Window:
    start = draw(st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)))
    end = start + timedelta(days=draw(st.integers(0, 6 * 366)))
    event = draw(st.none() | st.dates(min_value=start, max_value=end))
    return Window(start, end, CAL, event)


@st.composite
def recurring(draw: st.DrawFn) -> tuple[Timing, object, str | None]:
    """A recurring timing with either a day the text gives or an interpreted one, and its reading."""
    frequency = draw(st.sampled_from(FREQUENCIES))
    if draw(st.booleans()):
        month = None if frequency == "monthly" else draw(st.none() | st.integers(1, MONTHS[frequency] + 1))
        timing = Timing("recurring", phrase="p", frequency=frequency, day=(month, draw(st.integers(1, 31))))
        return timing, draw(st.sampled_from([None, "exclusive", "inclusive", "inclusive-rolled"])), None
    timing = Timing("recurring", phrase="p", frequency=frequency, interpretation="i")
    if draw(st.booleans()):
        return timing, draw(st.sampled_from(["end", *range(1, 32)])), "period-day"
    return timing, draw(st.sampled_from(["last", *range(1, 32)])), "day-of-month"


@st.composite
def any_timing(draw: st.DrawFn) -> tuple[Timing, object, str | None]:
    kind = draw(st.sampled_from(sorted(FORMS)))
    if kind == "recurring":
        return draw(recurring())
    if kind == "deadline":
        return Timing("deadline", phrase="p", date=draw(days)), draw(st.sampled_from(
            [None, "exclusive", "inclusive", "inclusive-rolled"])), None
    if kind == "window":
        end = draw(days)
        start = draw(st.none() | st.dates(min_value=date(2023, 1, 1), max_value=end))
        return Timing("window", phrase="p", start=start, end=end), draw(st.sampled_from(
            [None, "deadline", "target-date"])), None
    if kind == "relative":
        return Timing("relative", phrase="p", trigger="t", days=draw(st.integers(1, 60)),
                      unit=draw(st.sampled_from(["working-days", "calendar-days"]))), None, None
    if kind == "triggered":
        return Timing("triggered", phrase="p", trigger="t"), draw(st.sampled_from(
            ["in-force-next-day", "due-next-working-day"])), None
    return Timing(kind, phrase="p"), None, None


@settings(max_examples=300, deadline=None)
@given(plan_windows(), recurring())
def test_recurring_instances_lie_inside_the_period_ordered_unique_and_labelled(
        w: Window, case: tuple[Timing, object, str | None]) -> None:
    timing, reading, value_type = case
    got = schedule(timing, reading, Window(w.start, w.end, CAL, None, value_type))  # type: ignore[arg-type]
    dues = [i.due for i in got]
    assert all(d is not None and w.start <= d <= w.end for d in dues)
    assert dues == sorted(dues)  # type: ignore[type-var]
    labels = [i.period for i in got]
    assert len(set(labels)) == len(labels)
    allowed = period_labels(timing, w.start, w.end)
    for i in got:
        assert i.period in allowed
        period = parse_period(i.period or "")
        assert period is not None and period.label == i.period and period.months == MONTHS[timing.frequency or ""]
        assert period.first <= w.end and period.last >= w.start  # a period of the plan
        assert i.last_working_day is not None and i.last_working_day <= i.due  # type: ignore[operator]


@settings(max_examples=300, deadline=None)
@given(plan_windows(), any_timing())
def test_every_form_schedules_ordered_instances_that_never_precede_the_plan(
        w: Window, case: tuple[Timing, object, str | None]) -> None:
    timing, reading, value_type = case
    got = schedule(timing, reading, Window(w.start, w.end, CAL, w.event, value_type))  # type: ignore[arg-type]
    if timing.kind != "recurring":  # a recurrence may have no period due inside a short plan
        assert len(got) == 1, timing
    dated = [i.due for i in got if i.due is not None]
    assert dated == sorted(dated)
    for i in got:
        if i.in_force_from is not None:
            assert i.in_force_from >= w.start
        if i.window_start is not None:
            assert i.due is not None and i.window_start <= i.due
    if timing.kind in ("continuous", "on-request"):
        assert [i.due for i in got] == [None]
    if timing.kind in ("triggered", "relative") and w.event is None:
        assert [(i.due, i.in_force_from) for i in got] == [(None, None)]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FREQUENCIES), days, st.integers(0, 3000))
def test_periods_tile_the_range_without_gaps(frequency: str, start: date, length: int) -> None:
    end = start + timedelta(days=length)
    found = periods(frequency, start, end)
    assert found[0].first <= start <= found[0].last and found[-1].first <= end <= found[-1].last
    for a, b in zip(found, found[1:]):
        assert b.first == a.last + timedelta(days=1)
    assert all(parse_period(p.label) == p for p in found)


@settings(max_examples=300, deadline=None)
@given(days, st.integers(1, 60))
def test_relative_days_count_as_the_civil_code_says(event: date, n: int) -> None:
    calendar_due = relative_due(event, n, "calendar-days", CAL)
    # Điều 147: from the day after; Điều 148: a last day off rolls to the next working day
    assert calendar_due >= event + timedelta(days=n) and CAL.is_working_day(calendar_due)
    assert all(not CAL.is_working_day(event + timedelta(days=k))
               for k in range(n, (calendar_due - event).days))
    working_due = add_working_days(event, n, CAL)
    assert CAL.is_working_day(working_due)
    assert sum(CAL.is_working_day(event + timedelta(days=k)) for k in range(1, (working_due - event).days + 1)) == n


@pytest.fixture(scope="module")
def forms_spec() -> kehoach.Spec:
    return kehoach.load_spec(CASE / "spec", use_cache=False)


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2031, 6, 30)), st.integers(0, 400),
       st.sampled_from(["so-tu-phap", "so-noi-vu"]))
def test_due_is_monotone_in_by_for_every_form(forms_spec: kehoach.Spec, by: date, more: int, agency: str) -> None:
    facts = kehoach.load_facts([CASE / "facts.yaml"], forms_spec)
    later = by + timedelta(days=more)

    def listed(day: date) -> set[tuple[str, str | None, str]]:
        return {(o.id, o.period, o.role) for o in kehoach.due(forms_spec, agency, day, facts=facts).obligations}

    assert listed(by) <= listed(later)
