"""Evaluator semantics pinned across queries: one instance computation (explain agrees with due/status),
notes as data, group answers by the date asked, the event day of a triggered duty, and the bare-target
interpretation (tested on a modified in-memory copy of the bundled plan)."""
from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

from kehoach import evaluate as ev
from kehoach.api import to_json_data
from kehoach.calendar import Calendar
from kehoach.explain import explain
from kehoach.facts import Facts
from kehoach.model import Duty, Indicator, Spec
from kehoach.report import render_note
from kehoach.resources import bundled_spec_dir

MINI = Path(__file__).parent / "fixtures" / "mini_spec"
CAL = Calendar.for_years([2023, 2024, 2025])


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mini() -> Spec:
    return Spec.from_data(_yaml(MINI / "plan.yaml"), _yaml(MINI / "registry.yaml"), _yaml(MINI / "sources/index.yaml"),
                          digest="test", calendar=CAL)


# --------------------------------------------------------------------------- one instance computation


@pytest.mark.parametrize("agency", ["so-tu-phap", "van-phong-ubnd-tinh", "ubnd-huyen-a", "ubnd-xa-a1", "so-noi-vu"])
def test_explain_roles_are_the_roles_of_the_public_instances(mini: Spec, agency: str) -> None:
    every = ev.instances(mini, agency)
    assert list(every) == sorted(every, key=ev.Obligation.sort_key)
    elements: list[Duty | Indicator] = [*mini.plan.duties, *mini.plan.requirements, *mini.plan.indicators]
    for element in elements:
        roles = [r["role"] for r in explain(mini, element.id, agency)["agency"]["roles"]]
        assert roles == [r for r in ev.ROLES if any(o.id == element.id and o.role == r for o in every)], element.id


def test_due_is_a_window_of_the_public_instances(mini: Spec) -> None:
    by = date(2024, 9, 30)
    window = tuple(o for o in ev.instances(mini, "ubnd-huyen-a") if o.due is not None and o.due <= by)
    assert ev.due(mini, "ubnd-huyen-a", by).obligations == window


def test_public_instances_date_triggered_duties_from_facts(mini: Spec) -> None:
    facts = Facts.from_data({"events": [{"trigger": "ttg-phe-duyet", "date": "2024-10-10", "document": "1"}]})
    waiting = [o for o in ev.instances(mini, "so-noi-vu") if o.kind == "triggered"]
    dated = [o for o in ev.instances(mini, "so-noi-vu", facts=facts) if o.kind == "triggered"]
    before = [o for o in ev.instances(mini, "so-noi-vu", facts=facts, known_on=date(2024, 10, 9))
              if o.kind == "triggered"]
    assert [o.in_force_from for o in waiting] == [None]
    assert [o.in_force_from for o in dated] == [date(2024, 10, 11)]
    assert [o.in_force_from for o in before] == [None]


# --------------------------------------------------------------------------- notes as data


def test_notes_are_data_with_a_code_and_fields(mini: Spec) -> None:
    a = ev.due(mini, "so-tu-phap", date(2026, 11, 25))
    start, end = date(2024, 1, 25), date(2024, 12, 31)
    assert a.note_items == (ev.Note("outside-period", date(2026, 11, 25), start, end),)
    assert a.notes == ("2026-11-25 is outside the plan period 2024-01-25 – 2024-12-31",)
    data = to_json_data(a)
    assert data["notes"] == ["2026-11-25 is outside the plan period 2024-01-25 – 2024-12-31"]
    assert data["note_details"] == [
        {"code": "outside-period", "date": "2026-11-25", "start": "2024-01-25", "end": "2024-12-31"}]
    detail = data["note_details"][0]
    assert render_note(detail, "en") == "2026-11-25 is outside the plan period 2024-01-25 – 2024-12-31"
    assert render_note(detail, "vi") == "ngày 2026-11-25 nằm ngoài thời gian thực hiện kế hoạch (2024-01-25 – 2024-12-31)"
    assert render_note({"code": "no-such-code"}, "vi") is None
    assert to_json_data(ev.due(mini, "so-tu-phap", date(2024, 6, 1)))["note_details"] == []


# --------------------------------------------------------------------------- group answers by the date asked


def test_group_answers_take_members_that_exist_on_the_date_asked(mini: Spec) -> None:
    """ubnd-xa-a1 ends on 2024-12-31: in every group answer for a 2024 date, in none for a 2025 date."""
    facts = Facts()
    in_2024, in_2025 = date(2024, 6, 1), date(2025, 1, 15)
    for day, expected in ((in_2024, ["ubnd-xa-a1"]), (in_2025, [])):
        assert [x.agency.id for x in ev.due_for_group(mini, "ubnd-cap-xa", day)] == expected
        assert [x.agency.id for x in ev.obligations_for_group(mini, "ubnd-cap-xa", day)] == expected
        assert [x.agency.id for x in ev.status_for_group(mini, "ubnd-cap-xa", day, facts)] == expected
    province_2024 = [x.agency.id for x in ev.due_for_group(mini, None, in_2024)]
    province_2025 = [x.agency.id for x in ev.status_for_group(mini, None, in_2025, facts)]
    assert "ubnd-xa-a1" in province_2024
    assert province_2025 == [i for i in province_2024 if i != "ubnd-xa-a1"]
    assert ev.group_members(mini, "ubnd-xa-a1", in_2025) == ()
    assert ev.group_members(mini, "ubnd-xa-a1", date(2024, 12, 31)) == ("ubnd-xa-a1",)


# --------------------------------------------------------------------------- the event day of a triggered duty

# Friday 30/8/2024: in force from Saturday 31/8; the next working day after it is Wednesday 4/9
# (2/9 and 3/9 are the Quốc khánh holidays).
EVENT = Facts.from_data({"events": [{"trigger": "ttg-phe-duyet", "date": "2024-08-30", "document": "1/QĐ-TTg"}]})
DONE = Facts.from_data({
    "events": [{"trigger": "ttg-phe-duyet", "date": "2024-08-30", "document": "1/QĐ-TTg"}],
    "submissions": [{"obligation": "iii-1-d-thuc-thi", "instance": None, "agency": "so-noi-vu", "date": "2024-08-30",
                     "document": "9/SNV"}],
})


def _triggered(mini: Spec, day: date, facts: Facts, **assume: str) -> tuple[bool, str, dict[str, Any]]:
    """(listed by `obligations` on ``day``, status on ``day``, evidence)."""
    listed = any(o.id == "iii-1-d-thuc-thi" for o in ev.obligations(mini, "so-noi-vu", day, facts, assume).obligations)
    item = next(i for i in ev.status(mini, "so-noi-vu", day, facts, assume).items if i.obligation.id == "iii-1-d-thuc-thi")
    return listed, item.status, dict(item.evidence)


def test_event_day_in_force_next_day(mini: Spec) -> None:
    listed, status, evidence = _triggered(mini, date(2024, 8, 30), EVENT)
    assert (listed, status) == (False, "waiting")
    assert evidence == {"trigger": "ttg-phe-duyet", "event_date": "2024-08-30", "event_document": "1/QĐ-TTg",
                        "in_force_from": "2024-08-31"}
    assert _triggered(mini, date(2024, 8, 31), EVENT) == (
        True, "open", {"event_date": "2024-08-30", "event_document": "1/QĐ-TTg"})
    assert _triggered(mini, date(2024, 12, 31), EVENT)[:2] == (True, "open")  # no due date: never overdue
    assert _triggered(mini, date(2024, 8, 29), EVENT) == (False, "waiting", {"trigger": "ttg-phe-duyet"})


def test_event_day_due_next_working_day(mini: Spec) -> None:
    reading = {"immediately-after": "due-next-working-day"}
    assert _triggered(mini, date(2024, 8, 30), EVENT, **reading)[:2] == (False, "waiting")
    for day in (date(2024, 8, 31), date(2024, 9, 4)):
        assert _triggered(mini, day, EVENT, **reading)[:2] == (True, "open"), day
    listed, status, evidence = _triggered(mini, date(2024, 9, 5), EVENT, **reading)
    assert (listed, status, evidence["days_overdue"]) == (True, "overdue", 1)  # kept, past due


def test_a_submission_on_the_event_day_is_done(mini: Spec) -> None:
    assert _triggered(mini, date(2024, 8, 30), DONE)[1] == "done_on_time"
    assert _triggered(mini, date(2024, 9, 10), DONE, **{"immediately-after": "due-next-working-day"})[1] == "done_on_time"


def test_obligations_and_status_agree_on_every_day_around_the_event(mini: Spec) -> None:
    """Listed by `obligations` exactly when `status` says open or overdue (no submission: a past-due
    obligation stays listed, marked past due)."""
    for reading in ("in-force-next-day", "due-next-working-day"):
        for offset in range(-3, 10):
            day = date(2024, 8, 30).fromordinal(date(2024, 8, 30).toordinal() + offset)
            listed, status, _ = _triggered(mini, day, EVENT, **{"immediately-after": reading})
            assert listed == (status in ("open", "overdue")), (reading, day, status)


# --------------------------------------------------------------------------- bare targets

BARE = ("pl-1-5", "pl-1-6-1", "pl-1-6-2", "pl-1-6-3", "pl-2-1", "pl-2-2", "pl-2-4", "pl-2-5", "pl-2-6")
BARE_TARGET = {
    "id": "bare-target",
    "question": "Does a bare target N mean exactly N or at least N?",
    "applies_to": "Chỉ tiêu năm 2024",
    "choices": {"at-least": "At least N; for 100, exactly 100.", "exactly": "Exactly N."},
    "default": "at-least",
    "rationale": "test copy",
}


def _bundled(with_bare_target: bool) -> Spec:
    root = bundled_spec_dir()
    plan = copy.deepcopy(_yaml(root / "plan.yaml"))
    plan["interpretations"] = [i for i in plan["interpretations"] if i["id"] != "bare-target"]
    for ind in plan["indicators"]:
        ind["interpretations"] = [i for i in ind.get("interpretations", []) if i != "bare-target"]
        if with_bare_target and ind["id"] in BARE:
            ind["interpretations"].append("bare-target")
    if with_bare_target:
        plan["interpretations"].append(BARE_TARGET)
    return Spec.from_data(plan, _yaml(root / "registry.yaml"), _yaml(root / "sources" / "index.yaml"),
                          digest="bare-target-test", calendar=CAL)


@pytest.fixture(scope="module")
def bare() -> Spec:
    return _bundled(True)


def _targets(spec: Spec, assume: dict[str, str] | None = None) -> dict[str, tuple[str, float, tuple[str, ...]]]:
    obs = ev.obligations(spec, "van-phong-ubnd-tinh", date(2024, 7, 1), None, assume).obligations
    return {o.id: (o.target.comparator, o.target.value, o.interpretations)
            for o in obs if o.target is not None and o.role == "evaluate"}


def test_bare_targets_under_the_default_reading(bare: Spec) -> None:
    t = _targets(bare)
    assert {i: (c, v) for i, (c, v, _) in t.items() if i in BARE} == {
        "pl-1-5": ("eq", 100), "pl-1-6-1": ("eq", 100), "pl-1-6-2": ("ge", 95), "pl-1-6-3": ("ge", 80),
        "pl-2-1": ("eq", 100), "pl-2-2": ("eq", 100), "pl-2-4": ("eq", 100), "pl-2-5": ("eq", 100),
        "pl-2-6": ("eq", 100)}
    assert all("bare-target" in t[i][2] for i in BARE)
    assert not any("bare-target" in interps for i, (_, _, interps) in t.items() if i not in BARE)
    assert t["pl-1-1"][:2] == ("ge", 80)  # "Tối thiểu 80": not a bare target
    used = dict(ev.obligations(bare, "van-phong-ubnd-tinh", date(2024, 7, 1)).interpretations)
    assert used["bare-target"] == "at-least"


def test_bare_target_exactly_changes_only_targets_below_100(bare: Spec) -> None:
    default, exactly = _targets(bare), _targets(bare, {"bare-target": "exactly"})
    changed = {i: (default[i][0], exactly[i][0]) for i in default if default[i][0] != exactly[i][0]}
    assert changed == {"pl-1-6-2": ("ge", "eq"), "pl-1-6-3": ("ge", "eq")}


def test_bare_target_reading_decides_met(bare: Spec) -> None:
    facts = Facts.from_data({"measurements": [
        {"indicator": "pl-1-6-2", "agency": "ubnd-huyen-gio-linh", "period": "2024", "date": "2024-12-31",
         "value": 97}]})

    def judged(assume: dict[str, str] | None) -> str:
        items = ev.status(bare, "ubnd-huyen-gio-linh", date(2024, 12, 31), facts, assume).items
        return next(i.status for i in items if i.obligation.id == "pl-1-6-2")

    assert judged(None) == "met"
    assert judged({"bare-target": "exactly"}) == "not_met"


def test_explain_shows_the_effective_comparator(bare: Spec) -> None:
    assert explain(bare, "pl-1-6-2")["dates"]["target"]["comparator"] == "ge"
    data = explain(bare, "pl-1-6-2", assumptions={"bare-target": "exactly"})
    assert data["dates"]["target"]["comparator"] == "eq"
    assert data["dates"]["target"]["as_written"] == "95"
    assert "bare-target" in [i["id"] for i in data["interpretations"]]


def test_without_the_interpretation_the_yaml_comparator_stands() -> None:
    plain = _bundled(False)
    t = _targets(plain)
    assert (t["pl-1-6-2"][0], t["pl-1-6-1"][0], t["pl-1-1"][0]) == ("ge", "eq", "ge")
    assert not any("bare-target" in interps for _, _, interps in t.values())
