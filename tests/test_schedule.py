"""Dates from timing + interpretations."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from kehoach.calendar import Calendar
from kehoach.errors import InvalidAssumption
from kehoach.model import Plan
from kehoach.schedule import Assumptions, parse_assumption, plan_start
from kehoach.timing import deadline_dates, monthly_due, monthly_instances, triggered_dates

CAL = Calendar.for_years([2024, 2025])
MINI = Path(__file__).parent / "fixtures" / "mini_spec"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return Plan.from_data(yaml.safe_load((MINI / "plan.yaml").read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("literal", "reading", "due", "lwd"),
    [
        (date(2024, 8, 31), "exclusive", date(2024, 8, 30), date(2024, 8, 30)),
        (date(2024, 8, 31), "inclusive", date(2024, 8, 31), date(2024, 8, 30)),
        (date(2024, 8, 31), "inclusive-rolled", date(2024, 9, 4), date(2024, 9, 4)),
        (date(2024, 9, 15), "exclusive", date(2024, 9, 14), date(2024, 9, 13)),
        (date(2024, 9, 15), "inclusive", date(2024, 9, 15), date(2024, 9, 13)),
        (date(2024, 9, 15), "inclusive-rolled", date(2024, 9, 16), date(2024, 9, 16)),
        (date(2024, 5, 31), "exclusive", date(2024, 5, 30), date(2024, 5, 30)),
        (date(2024, 5, 31), None, date(2024, 5, 31), date(2024, 5, 31)),
    ],
)
def test_deadline_dates(literal: date, reading: str | None, due: date, lwd: date) -> None:
    d = deadline_dates(literal, reading, CAL)
    assert (d.literal, d.due, d.last_working_day) == (literal, due, lwd)


def test_monthly_instances_start_at_first_due_on_or_after_start() -> None:
    got = monthly_instances(date(2024, 1, 25), date(2024, 12, 31), 15)
    assert [p for p, _ in got] == [f"2024-{m:02d}" for m in range(2, 13)]
    assert got[0] == ("2024-02", date(2024, 2, 15))
    assert got[-1] == ("2024-12", date(2024, 12, 15))
    last = monthly_instances(date(2024, 1, 25), date(2024, 12, 31), "last")
    assert last[0] == ("2024-01", date(2024, 1, 31))
    assert last[1] == ("2024-02", date(2024, 2, 29))
    assert len(last) == 12
    assert monthly_instances(date(2024, 1, 10), date(2024, 3, 31), 10)[0] == ("2024-01", date(2024, 1, 10))


def test_monthly_due() -> None:
    assert monthly_due(2024, 2, "last") == date(2024, 2, 29)
    assert monthly_due(2023, 2, "last") == date(2023, 2, 28)
    assert monthly_due(2024, 6, 1) == date(2024, 6, 1)


def test_triggered_dates() -> None:
    assert triggered_dates(date(2024, 10, 10), "in-force-next-day", CAL) == (date(2024, 10, 11), None)
    assert triggered_dates(date(2024, 8, 30), "due-next-working-day", CAL) == (date(2024, 8, 31), date(2024, 9, 4))


def test_assumptions_defaults_and_overrides(plan: Plan) -> None:
    a = Assumptions.for_plan(plan)
    assert a.get("before") == "exclusive"
    assert a.get("monthly-day") == 15
    assert a.get("plan-start") == "2024-01-25"
    assert plan_start(plan, a) == date(2024, 1, 25)
    b = Assumptions.for_plan(plan, {"before": "inclusive", "monthly-day": "last"})
    assert (b.get("before"), b.get("monthly-day")) == ("inclusive", "last")
    assert b.overridden == frozenset({"before", "monthly-day"})
    c = Assumptions.for_plan(plan, ["plan-start=2024-03-01", "monthly-day=5"])
    assert plan_start(plan, c) == date(2024, 3, 1)
    assert c.get("monthly-day") == 5
    assert Assumptions.for_plan(plan, "before=inclusive-rolled").get("before") == "inclusive-rolled"


@pytest.mark.parametrize(
    ("given", "reason_part"),
    [
        ({"befor": "inclusive"}, "unknown interpretation; valid: addressees, bare-target, before, immediately-after"),
        ({"before": "maybe"}, "before must be one of: exclusive, inclusive, inclusive-rolled"),
        ({"monthly-day": "32"}, "expected a day of month 1–31 or 'last'"),
        ({"monthly-day": "x"}, "expected a day of month 1–31 or 'last'"),
        ({"plan-start": "2024-02-30"}, "expected a date YYYY-MM-DD"),
    ],
)
def test_invalid_assumptions(plan: Plan, given: dict[str, str], reason_part: str) -> None:
    with pytest.raises(InvalidAssumption) as info:
        Assumptions.for_plan(plan, given)
    assert reason_part in info.value.reason


def test_parse_assumption() -> None:
    assert parse_assumption("before=inclusive") == ("before", "inclusive")
    assert parse_assumption(" monthly-day = last ") == ("monthly-day", "last")
    for bad in ("before", "=x", "before="):
        with pytest.raises(InvalidAssumption):
            parse_assumption(bad)
