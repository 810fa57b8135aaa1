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
    return kehoach.load_spec()


def test_every_kind_has_a_scheduler() -> None:
    assert set(FORMS) == {"deadline", "recurring", "continuous", "triggered"}
    assert set(FREQUENCIES) == {"monthly"}


@pytest.mark.parametrize("frequency", ["quarterly", "yearly", "weekly", None])
def test_unscheduled_frequency_has_a_reason_and_no_instances(frequency: str | None) -> None:
    timing = Timing("recurring", phrase="Hàng quý", interpretation="monthly-day", frequency=frequency)
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


def test_quarterly_duty_does_not_validate(tmp_path: Path) -> None:
    """A quarterly duty is not silently given monthly instances: validate refuses it, at its frequency."""
    copy = tmp_path / "spec"
    shutil.copytree(bundled_spec_dir(), copy)
    plan = copy / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count("frequency: monthly") >= 1
    plan.write_text(text.replace("frequency: monthly", "frequency: quarterly", 1), encoding="utf-8")
    result = validate_paths([copy], spec_root=copy)
    found = [p for p in result.problems if p.code == "timing-not-scheduled"]
    assert len(found) == 1, result.problems
    line = text.splitlines()[found[0].line - 1]
    assert "frequency:" in line and found[0].col == line.index("monthly") + 1
    with pytest.raises(kehoach.SpecError) as err:
        kehoach.load_spec(copy, use_cache=False)
    assert any(p.code == "timing-not-scheduled" for p in err.value.problems)
