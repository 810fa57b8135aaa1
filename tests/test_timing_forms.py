"""Every timing form of docs/timing-forms.md, end to end: the fixture spec tests/cases/timing-forms holds one
duty per form, expected.yaml what each schedules; due, obligations, status and explain agree with it."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import kehoach
from kehoach import evaluate
from kehoach.cli import cli
from kehoach.explain import explain, explain_text
from kehoach.facts import scheduled_instances, valid_instances
from kehoach.schedule import Assumptions

CASE = Path(__file__).resolve().parent / "cases" / "timing-forms"
EXPECTED: dict[str, Any] = yaml.safe_load((CASE / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec(CASE / "spec", use_cache=False)


@pytest.fixture(scope="module")
def facts(spec: kehoach.Spec) -> kehoach.Facts:
    return kehoach.load_facts([CASE / "facts.yaml"], spec)


def _iso(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _lead_instances(spec: kehoach.Spec, facts: kehoach.Facts | None, duty: str, agency: str) -> list[dict[str, Any]]:
    return [{k: _iso(getattr(o, k)) for k in ("period", "literal", "due", "last_working_day", "window_start",
                                              "in_force_from")}
            for o in evaluate.instances(spec, agency, None, facts) if o.id == duty and o.role == "lead"]


def test_the_fixture_spec_and_facts_validate_clean() -> None:
    result = CliRunner().invoke(cli, ["validate", str(CASE / "spec"), str(CASE / "facts.yaml"), "--format", "json"])
    assert (result.exit_code, json.loads(result.stdout)) == (0, []), result.output


def test_every_form_has_a_fixture_duty(spec: kehoach.Spec) -> None:
    kinds = {d.timing.kind for d in spec.plan.duties}
    assert kinds == {"deadline", "window", "recurring", "continuous", "on-request", "triggered", "relative"}
    assert {d.timing.frequency for d in spec.plan.duties if d.timing.kind == "recurring"} == {
        "monthly", "quarterly", "half-yearly", "yearly"}
    assert set(EXPECTED) == {d.id for d in spec.plan.duties}


@pytest.mark.parametrize("duty", sorted(EXPECTED))
def test_each_form_schedules_what_expected_yaml_says(spec: kehoach.Spec, facts: kehoach.Facts, duty: str) -> None:
    want = EXPECTED[duty]
    got = _lead_instances(spec, facts, duty, want["agency"])
    assert len(got) == want["count"], got
    for key, index in (("first", 0), ("last", -1)):
        if key in want:
            assert {k: got[index][k] for k in want[key]} == want[key]
    for also in want.get("also", ()):
        assert any({k: g[k] for k in also} == also for g in got), also


def test_a_trigger_each_agency_meets_dates_only_that_agency(spec: kehoach.Spec, facts: kehoach.Facts) -> None:
    (tu_phap,) = _lead_instances(spec, facts, "triggered-each", "so-tu-phap")
    (noi_vu,) = _lead_instances(spec, facts, "triggered-each", "so-noi-vu")
    assert tu_phap["in_force_from"] == "2026-03-03" and noi_vu["in_force_from"] is None
    (waiting,) = _lead_instances(spec, facts, "relative-working-days", "so-tu-phap")
    assert waiting["due"] is None


def test_due_lists_windows_by_their_end_and_never_on_request(spec: kehoach.Spec, facts: kehoach.Facts) -> None:
    answer = kehoach.due(spec, "so-tu-phap", "2026-12-31", since="2026-12-01", facts=facts)
    ids = [(o.id, o.period) for o in answer.obligations]
    assert ("window-quarter", None) in ids and ("monthly-given-day", "2026-12") in ids
    assert all(o.kind != "on-request" for o in kehoach.due(spec, "so-tu-phap", "2030-12-31").obligations)
    data = kehoach.to_json_data(answer)
    window = next(o for o in data["obligations"] if o["id"] == "window-quarter")
    assert (window["kind"], window["window_start"], window["due"]) == ("window", "2026-10-01", "2026-12-31")
    assert all("window_start" not in o for o in data["obligations"] if o["kind"] != "window")


def test_obligations_list_on_request_and_the_next_period_of_each_recurrence(spec: kehoach.Spec) -> None:
    answer = kehoach.obligations(spec, "so-tu-phap", "2026-05-15")
    got = {(o.id, o.period) for o in answer.obligations}
    assert {("on-request-info", None), ("quarterly-interpreted", "2026-Q2"), ("yearly-given-day", "2026"),
            ("monthly-given-day", "2026-05"), ("window-quarter", None), ("window-until", None)} <= got
    assert ("triggered-each", None) not in got  # no event known without facts
    assert not kehoach.obligations(spec, "so-tu-phap", "2031-01-02").obligations


def test_status_judges_a_window_unless_it_is_read_as_a_planned_date(spec: kehoach.Spec, facts: kehoach.Facts) -> None:
    def window_status(assume: dict[str, str] | None) -> str:
        answer = kehoach.status(spec, "so-tu-phap", "2027-01-10", facts, assumptions=assume)
        return next(i.status for i in answer.items if i.obligation.id == "window-quarter")

    assert window_status(None) == "done_on_time"
    assert window_status({"planned-completion": "target-date"}) == "not_judged"
    items = kehoach.status(spec, "so-tu-phap", "2027-01-10", facts).items
    assert all(i.obligation.kind not in ("on-request", "continuous") for i in items)
    overdue = {i.obligation.period for i in items if i.obligation.id == "yearly-given-day" and i.status == "overdue"}
    assert overdue == {"2025", "2026"}


def test_relative_duties_wait_then_fall_due(spec: kehoach.Spec, facts: kehoach.Facts) -> None:
    items = {i.obligation.id: i for i in kehoach.status(spec, "so-noi-vu", "2026-09-30", facts).items}
    assert items["relative-working-days"].status == "overdue"
    assert items["relative-calendar-days"].status == "overdue"
    assert dict(items["relative-calendar-days"].evidence)["days_overdue"] == 2
    early = {i.obligation.id: i.status for i in kehoach.status(spec, "so-noi-vu", "2026-08-01", facts).items}
    assert early["relative-working-days"] == "waiting" and early["triggered-each"] == "waiting"


def test_facts_labels_follow_the_frequency(spec: kehoach.Spec) -> None:
    assert scheduled_instances(spec, "quarterly-interpreted")[:2] == ("2025-Q3", "2025-Q4")
    assert valid_instances(spec, "quarterly-interpreted")[-1] == "2030-Q4"  # a period of the plan, due after it
    assert scheduled_instances(spec, "half-yearly-interpreted")[0] == "2025-H2"
    assert valid_instances(spec, "yearly-given-day") == ("2025", "2026", "2027", "2028", "2029", "2030")


@pytest.mark.parametrize("duty", sorted(EXPECTED))
def test_explain_words_every_form_in_both_languages(spec: kehoach.Spec, duty: str) -> None:
    data = explain(spec, duty, EXPECTED[duty]["agency"], Assumptions.for_plan(spec.plan))
    assert data["dates"]["timing"] == spec.plan.element(duty).timing.kind  # type: ignore[union-attr]
    phrase = spec.plan.element(duty).timing.phrase  # type: ignore[union-attr]
    for lang in ("en", "vi"):
        sentence = data["sentence"][lang]
        assert "{" not in sentence
        if phrase:
            assert phrase in sentence
    for lang in ("en", "vi"):
        text = explain_text(data, lang)
        assert "{" not in text and "None" not in text


def test_a_plan_to_2030_counts_national_day_2026_as_a_day_off(spec: kehoach.Spec) -> None:
    cal = evaluate.spec_calendar(spec)
    assert {2025, 2026, 2030}.issubset(cal.years)
    assert not cal.is_working_day(date(2026, 9, 2)) and not cal.is_working_day(date(2030, 9, 2))


def test_the_forms_scenarios_pass_with_period_labels_of_every_frequency() -> None:
    result = CliRunner().invoke(cli, ["test", "--spec", str(CASE / "spec")], env={"NO_COLOR": "1"})
    assert (result.exit_code, result.stdout.strip().splitlines()[-1]) == (0, "3 passed, 0 failed"), result.output


def test_one_calendar_covers_every_plan_of_a_library(spec: kehoach.Spec) -> None:
    mini = kehoach.load_spec(Path(__file__).resolve().parent / "fixtures" / "mini_spec", use_cache=False)
    assert evaluate.calendar_years(mini.plan) == range(2022, 2026)  # as before: end − 2 … end + 1
    assert evaluate.calendar_years(spec.plan) == range(2024, 2032)  # from the start year − 1
    assert evaluate.calendar_years(mini.plan, spec.plan) == range(2022, 2032)
