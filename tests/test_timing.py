"""The one timing table: every consumer (evaluator, explain, facts checks) gets its dates from it, and a
timing form or frequency it does not schedule does not validate."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

import kehoach
from kehoach import evaluate
from kehoach.calendar import Calendar
from kehoach.explain import explain
from kehoach.facts import scheduled_instances, valid_instances
from kehoach.model import Timing
from kehoach.resources import bundled_spec_dir
from kehoach.schedule import Assumptions
from kehoach.timing import FORMS, FREQUENCIES, Window, schedule, unschedulable
from kehoach.validate import validate_paths

CAL = Calendar.for_years([2024])
WINDOW = Window(date(2024, 1, 25), date(2024, 12, 31), CAL)


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec(plan="qt-cctthc-2024")


def test_every_kind_has_a_scheduler() -> None:
    assert set(FORMS) == {"deadline", "window", "recurring", "continuous", "on-request", "triggered", "relative"}
    assert set(FREQUENCIES) == {"monthly", "quarterly", "half-yearly", "yearly"}


@pytest.mark.parametrize("frequency", ["weekly", "daily", None])
def test_unscheduled_frequency_has_a_reason_and_no_instances(frequency: str | None) -> None:
    timing = Timing("recurring", phrase="Hàng tuần", interpretation="monthly-day", frequency=frequency)
    reason = unschedulable(timing)
    assert reason is not None and "frequency" in reason
    assert schedule(timing, 15, WINDOW) == ()


def test_monthly_instances_from_the_table() -> None:
    timing = Timing("recurring", phrase="Hàng tháng", interpretation="monthly-day", frequency="monthly")
    got = schedule(timing, 15, WINDOW)
    assert [i.period for i in got] == [f"2024-{m:02d}" for m in range(2, 13)]
    assert got[0].due == date(2024, 2, 15) and got[0].in_force_from == WINDOW.start
    assert all(i.last_working_day is not None and i.last_working_day <= i.due for i in got if i.due)


def test_triggered_waits_for_its_event() -> None:
    timing = Timing("triggered", phrase="ngay sau khi", interpretation="immediately-after", trigger="t")
    (waiting,) = schedule(timing, "in-force-next-day", WINDOW)
    assert waiting.in_force_from is None and waiting.due is None
    (started,) = schedule(timing, "in-force-next-day", Window(WINDOW.start, WINDOW.end, CAL, date(2024, 10, 10)))
    assert started.in_force_from == date(2024, 10, 11)


def test_consumers_agree_on_monthly_instances(spec: kehoach.Spec) -> None:
    """explain, the evaluator and the facts checks list the same instances of a monthly duty."""
    duty = "iv-1-bao-cao-hang-thang"
    agency = "so-tu-phap"
    a = Assumptions.for_plan(spec.plan)
    from_evaluator = [(o.period, o.due.isoformat() if o.due else None)
                      for o in evaluate.instances(spec, agency, a) if o.id == duty and o.role == "lead"]
    from_explain = [(i["period"], i["due"]) for i in explain(spec, duty, agency, a)["dates"]["instances"]]
    assert from_evaluator == from_explain and len(from_evaluator) == 11
    assert list(scheduled_instances(spec, duty)) == [p for p, _ in from_evaluator]
    assert set(scheduled_instances(spec, duty)) <= set(valid_instances(spec, duty))


def test_weekly_duty_does_not_validate(tmp_path: Path) -> None:
    """A frequency the table does not schedule is not silently given monthly instances: validate refuses it."""
    copy = tmp_path / "spec"
    shutil.copytree(bundled_spec_dir(), copy)
    plan = copy / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count("frequency: monthly") >= 1
    plan.write_text(text.replace("frequency: monthly", "frequency: weekly", 1), encoding="utf-8")
    result = validate_paths([copy], spec_root=copy)
    assert any(p.code in ("timing-not-scheduled", "bad-enum", "bad-value") for p in result.problems), result.problems
    with pytest.raises(kehoach.SpecError):
        kehoach.load_spec(copy, use_cache=False)


def test_quarterly_duty_gets_quarterly_instances_everywhere() -> None:
    """A quarterly duty validates and gets quarterly instances in due, explain and the facts checks
    (the scenarios too: tests/cases/timing-forms/spec/scenarios)."""
    spec = kehoach.load_spec(Path(__file__).parent / "cases" / "timing-forms" / "spec", use_cache=False)
    duty = "quarterly-interpreted"
    a = Assumptions.for_plan(spec.plan)
    got = [(o.period, o.due) for o in evaluate.instances(spec, "so-tu-phap", a) if o.id == duty and o.role == "lead"]
    # period-day 15: day 15 of the month after each quarter, from the plan start (1/7/2025)
    assert got[:3] == [("2025-Q3", date(2025, 10, 15)), ("2025-Q4", date(2026, 1, 15)), ("2026-Q1", date(2026, 4, 15))]
    from_explain = [i["period"] for i in explain(spec, duty, "so-tu-phap", a)["dates"]["instances"]]
    assert from_explain == [p for p, _ in got]
    assert list(scheduled_instances(spec, duty)) == [p for p, _ in got]
    assert set(scheduled_instances(spec, duty)) <= set(valid_instances(spec, duty))
