"""The evaluator on the hand-made mini spec (tests/fixtures/mini_spec)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from kehoach.calendar import Calendar
from kehoach.errors import InvalidAssumption
from kehoach.evaluate import (
    Obligation,
    due,
    due_for_group,
    group_members,
    obligations,
    status,
    status_for_group,
)
from kehoach.facts import Facts, check_facts
from kehoach.model import Spec

MINI = Path(__file__).parent / "fixtures" / "mini_spec"
CAL = Calendar.for_years([2023, 2024, 2025])


def _load(name: str) -> object:
    return yaml.safe_load((MINI / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def spec() -> Spec:
    return Spec.from_data(_load("plan.yaml"), _load("registry.yaml"), _load("sources/index.yaml"),  # type: ignore[arg-type]
                          digest="test", calendar=CAL)


def keys(obs: tuple[Obligation, ...]) -> list[tuple[str, str, str | None, str | None]]:
    return [(o.id, o.role, o.due.isoformat() if o.due else None, o.period) for o in obs]


def test_sở_gets_the_31_5_deadline_through_nested_group(spec: Spec) -> None:
    a = due(spec, "so-tu-phap", date(2024, 6, 1))
    assert keys(a.obligations) == [
        ("iv-1-bao-cao-hang-thang", "lead", "2024-02-15", "2024-02"),
        ("iv-1-bao-cao-hang-thang", "lead", "2024-03-15", "2024-03"),
        ("iv-1-bao-cao-hang-thang", "lead", "2024-04-15", "2024-04"),
        ("iv-1-bao-cao-hang-thang", "lead", "2024-05-15", "2024-05"),
        ("iii-1-c-tinh", "lead", "2024-05-30", None),
    ]
    c = a.obligations[-1]
    assert c.literal == date(2024, 5, 31) and c.last_working_day == date(2024, 5, 30)
    assert c.via == ("ca-tinh", "co-quan-chuyen-mon")
    assert c.interpretations == ("before",)
    assert c.phrase == "trước ngày 31/5/2024"
    assert a.agency.groups == ("ca-tinh", "co-quan-chuyen-mon")
    assert a.notes == ()
    assert a.interpretations == (("before", "exclusive"), ("monthly-day", 15), ("plan-start", "2024-01-25"))


def test_district_gets_party_duty_but_commune_does_not(spec: Spec) -> None:
    a = due(spec, "ubnd-huyen-a", date(2024, 9, 30), since=date(2024, 8, 1))
    assert keys(a.obligations) == [
        ("iv-1-bao-cao-hang-thang", "lead", "2024-08-15", "2024-08"),
        ("iii-1-a-gui-ket-qua", "lead", "2024-08-30", None),
        ("iii-1-b-huyen", "lead", "2024-09-14", None),
        ("iv-1-bao-cao-hang-thang", "lead", "2024-09-15", "2024-09"),
    ]
    assert a.obligations[1].via == ("cac-co-quan-don-vi-dia-phuong", "addressees", "ubnd-cap-huyen")
    assert a.obligations[1].interpretations == ("addressees", "before")
    assert a.obligations[2].last_working_day == date(2024, 9, 13)
    commune = due(spec, "ubnd-xa-a1", date(2024, 12, 31))
    assert keys(commune.obligations) == [("pl-1-6-3", "lead", "2024-12-31", None)]
    assert commune.obligations[0].target is not None and commune.obligations[0].target.value == 80


def test_all_levels_reading_brings_communes_in(spec: Spec) -> None:
    a = due(spec, "ubnd-xa-a1", date(2024, 9, 30), assumptions={"addressees": "all-levels"})
    assert keys(a.obligations) == [("iii-1-a-gui-ket-qua", "lead", "2024-08-30", None)]
    assert a.obligations[0].via == ("cac-co-quan-don-vi-dia-phuong", "addressees", "ubnd-cap-xa")


def test_before_inclusive_rolled(spec: Spec) -> None:
    a = due(spec, "ubnd-huyen-a", date(2024, 9, 4), since=date(2024, 8, 20), assumptions={"before": "inclusive-rolled"})
    assert keys(a.obligations) == [("iii-1-a-gui-ket-qua", "lead", "2024-09-04", None)]
    assert a.interpretations == (("addressees", "provincial-and-district"), ("before", "inclusive-rolled"),
                                 ("plan-start", "2024-01-25"))
    with pytest.raises(InvalidAssumption):
        due(spec, "ubnd-huyen-a", date(2024, 9, 4), assumptions={"before": "sometimes"})


def test_van_phong_obligations_on_1_july(spec: Spec) -> None:
    a = obligations(spec, "van-phong-ubnd-tinh", date(2024, 7, 1))
    assert keys(a.obligations) == [  # May's deadline and June's instances past due (no facts); it receives
        ("iii-1-c-tinh", "lead", "2024-05-30", None),              # the review results, so does not send them
        ("iv-1-bao-cao-hang-thang", "lead", "2024-06-15", "2024-06"),
        ("iv-2-cong-khai", "lead", "2024-06-15", "2024-06"),
        ("iv-1-bao-cao-hang-thang", "lead", "2024-07-15", "2024-07"),
        ("iv-2-cong-khai", "lead", "2024-07-15", "2024-07"),
        ("iii-1-a-gui-ket-qua", "receive", "2024-08-30", None),
        ("pl-1-6-1", "lead", "2024-12-31", None),
        ("pl-1-6-1", "evaluate", "2024-12-31", None),
        ("pl-1-6-2", "evaluate", "2024-12-31", None),
        ("pl-1-6-3", "evaluate", "2024-12-31", None),
        ("yeu-cau-1", "lead", None, None),
    ]
    assert a.obligations[4].via == ()
    assert [o.past_due for o in a.obligations[:4]] == [True, True, True, False]


def test_triggered_duty_waits_for_its_event(spec: Spec) -> None:
    before = obligations(spec, "so-noi-vu", date(2024, 10, 15))
    assert "iii-1-d-thuc-thi" not in {o.id for o in before.obligations}
    facts = Facts.from_data({"events": [{"trigger": "ttg-phe-duyet", "date": "2024-10-10", "document": "1/QĐ-TTg"}]})
    after = obligations(spec, "so-noi-vu", date(2024, 10, 15), facts)
    t = [o for o in after.obligations if o.id == "iii-1-d-thuc-thi"]
    assert len(t) == 1 and t[0].in_force_from == date(2024, 10, 11) and t[0].due is None
    on_event_day = obligations(spec, "so-noi-vu", date(2024, 10, 10), facts)
    assert "iii-1-d-thuc-thi" not in {o.id for o in on_event_day.obligations}
    dated = due(spec, "so-noi-vu", date(2024, 10, 31), since=date(2024, 10, 1), facts=facts,
                assumptions={"immediately-after": "due-next-working-day"})
    assert ("iii-1-d-thuc-thi", "lead", "2024-10-11", None) in keys(dated.obligations)


def test_outside_the_plan_period_is_noted(spec: Spec) -> None:
    a = due(spec, "so-tu-phap", date(2026, 11, 25), since=date(2026, 1, 1))
    assert a.obligations == ()
    assert a.notes == ("2026-01-01 is outside the plan period 2024-01-25 – 2024-12-31",
                       "2026-11-25 is outside the plan period 2024-01-25 – 2024-12-31")
    o = obligations(spec, "so-tu-phap", date(2026, 11, 25))
    assert o.obligations == ()
    assert o.notes == ("2026-11-25 is outside the plan period 2024-01-25 – 2024-12-31",)


FACTS = Facts.from_data({
    "plan": "mini-plan",
    "submissions": [
        {"obligation": "iii-1-c-tinh", "instance": None, "agency": "so-tu-phap", "date": "2024-05-20", "document": "1"},
        {"obligation": "iv-1-bao-cao-hang-thang", "instance": "2024-02", "agency": "so-tu-phap", "date": "2024-02-20",
         "document": "2"},
        {"obligation": "iv-1-bao-cao-hang-thang", "instance": "2024-03", "agency": "so-tu-phap", "date": "2024-03-14",
         "document": "3"},
        {"obligation": "iv-1-bao-cao-hang-thang", "instance": "2024-04", "agency": "so-tu-phap", "date": "2024-09-30",
         "document": "after as_of: ignored"},
    ],
    "measurements": [
        {"indicator": "pl-1-6-1", "agency": "so-tu-phap", "period": "2024-06", "date": "2024-07-05", "value": 100},
        {"indicator": "pl-1-6-1", "agency": "so-tu-phap", "period": "2024-07", "date": "2024-08-05", "value": 97.5},
        {"indicator": "pl-1-6-3", "agency": "ubnd-xa-a1", "period": "2024-07", "date": "2024-08-05", "value": 81},
    ],
})


def test_status_every_kind(spec: Spec) -> None:
    s = status(spec, "so-tu-phap", date(2024, 9, 10), FACTS)
    got = [(i.obligation.id, i.obligation.period, i.status) for i in s.items]
    assert got[:6] == [
        ("iv-1-bao-cao-hang-thang", "2024-02", "done_late"),
        ("iv-1-bao-cao-hang-thang", "2024-03", "done_on_time"),
        ("iv-1-bao-cao-hang-thang", "2024-04", "overdue"),
        ("iv-1-bao-cao-hang-thang", "2024-05", "overdue"),
        ("iii-1-c-tinh", None, "done_on_time"),
        ("iv-1-bao-cao-hang-thang", "2024-06", "overdue"),
    ]
    assert ("iv-1-bao-cao-hang-thang", "2024-09", "open") in got
    assert ("iii-1-d-thuc-thi", None, "waiting") in got
    target = next(i for i in s.items if i.obligation.id == "pl-1-6-1")
    assert target.status == "not_met"
    assert dict(target.evidence) == {"value": 97.5, "period": "2024-07", "date": "2024-08-05", "source": "",
                                     "final": False}
    assert dict(s.summary)["overdue"] == 6  # 2024-04..08 reports + III.1.a
    assert sum(n for _, n in s.summary) == len(s.items)
    commune = status(spec, "ubnd-xa-a1", date(2024, 9, 10), FACTS)
    assert [(i.obligation.id, i.status) for i in commune.items] == [("pl-1-6-3", "met")]
    nodata = status(spec, "ubnd-huyen-b", date(2024, 9, 10), FACTS)
    assert ("pl-1-6-2", "no_data") in [(i.obligation.id, i.status) for i in nodata.items]


def test_group_variants(spec: Spec) -> None:
    assert group_members(spec, "ca-tinh") == ("ban-quan-ly-kkt", "so-noi-vu", "so-tu-phap", "van-phong-ubnd-tinh")
    assert group_members(spec, "ubnd-cap-huyen") == ("ubnd-huyen-a", "ubnd-huyen-b")
    assert group_members(spec, "so-tu-phap") == ("so-tu-phap",)
    assert len(group_members(spec, None)) == 9
    rows = due_for_group(spec, "ubnd-cap-huyen", date(2024, 9, 30))
    assert [r.agency.id for r in rows] == ["ubnd-huyen-a", "ubnd-huyen-b"]
    assert rows[0].obligations == tuple(
        o for o in due(spec, "ubnd-huyen-a", date(2024, 9, 30)).obligations)
    st = status_for_group(spec, "ca-tinh", date(2024, 9, 10), FACTS)
    assert [r.agency.id for r in st] == list(group_members(spec, "ca-tinh"))


def test_check_facts_references(spec: Spec) -> None:
    data = {
        "plan": "mini-plan",
        "submissions": [
            {"obligation": "iv-1-bao-cao-hang-thang", "instance": "2023-12", "agency": "so-tu-phap", "date": "2024-01-01"},
            {"obligation": "iii-1-c-tinh", "instance": "2024-05", "agency": "so-tu-phapp", "date": "2024-01-01"},
            {"obligation": "iii-1-x", "instance": None, "agency": "so-tu-phap", "date": "2024-01-01"},
        ],
        "events": [{"trigger": "nope", "date": "2024-01-01"}],
        "measurements": [{"indicator": "pl-9", "agency": "so-tu-phap", "period": "2024", "date": "2024-01-01",
                          "value": 1}],
    }
    got = [(p, c) for p, c, _, _ in check_facts(data, spec)]
    assert got == [
        (("submissions", 0, "instance"), "bad-instance"),
        (("submissions", 1, "instance"), "bad-instance"),
        (("submissions", 1, "agency"), "unresolved-ref"),
        (("submissions", 2, "obligation"), "unresolved-ref"),
        (("events", 0, "trigger"), "unresolved-ref"),
        (("measurements", 0, "indicator"), "unresolved-ref"),
    ]
    hints = {p: h for p, _, _, h in check_facts(data, spec)}
    assert hints[("submissions", 1, "agency")] == "did you mean 'so-tu-phap'?"


def test_facts_rule_maps_problems_to_lines(tmp_path: Path) -> None:
    from kehoach.facts import facts_rule
    from kehoach.loader import load_file
    from kehoach.rules.base import Context, Document

    facts = tmp_path / "facts.yaml"
    facts.write_text(
        'kind: facts\nschema_version: "1.0"\nplan: mini-plan\nevents:\n  - {trigger: ttg-phe-duyett, date: "2024-10-10"}\n',
        encoding="utf-8",
    )
    node = load_file(facts).node
    assert node is not None
    docs = [
        Document("plan", MINI / "plan.yaml", "plan.yaml", None, _load("plan.yaml")),
        Document("registry", MINI / "registry.yaml", "registry.yaml", None, _load("registry.yaml")),
        Document("facts", facts, "facts.yaml", node, node.plain()),
    ]
    problems = facts_rule(Context(docs))
    assert [(p.file, p.line, p.code, p.hint) for p in problems] == [
        ("facts.yaml", 5, "unresolved-ref", "did you mean 'ttg-phe-duyet'?")
    ]
    assert facts_rule(Context(docs[2:])) == []


def test_heavy_imports_stay_off_the_import_path() -> None:
    import subprocess
    import sys

    code = (
        "import sys, kehoach, kehoach.api, kehoach.evaluate;"
        "print(sorted(m for m in ('holidays', 'jsonschema', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
