"""QA2 items 2 and 3: facts with YAML 1.1 booleans as ids, and the facts checker's new findings."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from _cli_query_support import REPO, run

import kehoach
from kehoach.errors import InvalidFacts
from kehoach.facts import Facts, check_facts, facts_problems, period_start
from kehoach.loader import load_file

CASES = REPO / "tests" / "cases" / "facts"
SCHEDULED = ", ".join(f"2024-{m:02d}" for m in range(2, 13))
NOT_SUBMITTED = "submissions are for deadline, monthly and triggered duties; status does not judge continuous ones"
DATED = ("a measurement is dated when the number was taken, on or after the start of the period it measures; "
         "check the date or the period")


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec()


def _validate(name: str) -> tuple[int, list[tuple[int, int, str, str, str, str | None]]]:
    code, out, _ = run("validate", str(CASES / name), "--format", "json")
    return code, [(p["line"], p["column"], p["code"], p["severity"], p["message"], p.get("hint"))
                  for p in json.loads(out)]


def test_yaml11_booleans_as_ids_give_only_the_loader_problems() -> None:
    code, found = _validate("qa2-yaml11-ids.yaml")
    assert code == 1
    assert [(line, col, c) for line, col, c, *_ in found] == [
        (6, 74, "yaml11-boolean"), (7, 18, "yaml11-boolean"), (9, 15, "yaml11-boolean"), (11, 33, "yaml11-boolean")]


def test_non_text_references_are_skipped(spec: kehoach.Spec) -> None:
    data = {"plan": True, "submissions": [{"obligation": True, "instance": None, "agency": None, "date": "2024-05-20"}],
            "events": [{"trigger": False, "date": "2024-10-10"}],
            "measurements": [{"indicator": "pl-1-1", "agency": 5, "period": "2024", "date": "2024-12-31", "value": 1}]}
    assert check_facts(data, spec) == []


def test_a_finding_at_a_removed_value_goes_to_its_entry_not_the_file_start(spec: kehoach.Spec, tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text('kind: facts\nschema_version: "1.0"\nplan: qt-cctthc-2024\nsubmissions:\n'
                    '  - {obligation: iv-1-bao-cao-hang-thang, agency: so-tu-phap, instance: null, date: "2024-03-01"}\n',
                    encoding="utf-8")
    node = load_file(path).node
    assert node is not None
    entry_node = node.get("submissions", 0)
    assert entry_node is not None and isinstance(entry_node.value, dict)
    del entry_node.value["instance"]
    found = facts_problems(node, spec, "f.yaml")
    assert found == []  # instance left out (the schema reports it): no instance check at all
    from kehoach.facts import _nearest

    entry = _nearest(node, ("submissions", 0, "instance"))
    assert (entry.line, entry.col, entry.path) == (5, 5, ("submissions", 0))


def test_the_new_findings() -> None:
    code, found = _validate("qa2-gaps.yaml")
    assert code == 1
    assert found == [
        (6, 18, "not-submittable", "error",
         "yeu-cau-1 is a continuous requirement: it is in force for the whole period and is not submitted",
         NOT_SUBMITTED),
        (7, 18, "not-submittable", "error",
         "iv-1-2-bo-tri-kinh-phi is a continuous duty: it is in force for the whole period and is not submitted",
         NOT_SUBMITTED),
        (8, 18, "not-submittable", "error", "pl-1-1 is an indicator: indicators are measured, not submitted",
         "record it under measurements: {indicator: pl-1-1, agency, period, date, value}"),
        (9, 53, "bad-instance", "error", "'2025-01' is not an instance of iv-1-bao-cao-hang-thang",
         (f"scheduled by default: {SCHEDULED}; also accepted, scheduled only under an override such as "
         "plan-start or monthly-day: 2024-01")),
        (12, 15, "duplicate-event", "warning",
         "a second event of trigger ttg-phe-duyet-phuong-an (the first is at line 11)",
         "the earliest (2024-10-03) counts; remove or correct one of them"),
        (16, 91, "conflicting-measurements", "warning",
         "pl-1-1 by so-tu-phap on 2024-09-05 is 11.5 here but 10 in another measurement (the other is at line 14)",
         ("status uses 11.5 (period 2024-08): among measurements of one date the later period, then the larger "
         "value, counts; remove or correct one of them")),
        (17, 70, "date-before-period", "warning",
         "the measurement is dated 2024-09-30, before its period 2024-Q4 starts (2024-10-01)", DATED),
        (18, 67, "date-before-period", "warning",
         "the measurement is dated 2024-12-31, before its period 2025 starts (2025-01-01)", DATED),
    ]


def test_null_is_called_null(spec: kehoach.Spec) -> None:
    data = {"submissions": [{"obligation": "iv-1-bao-cao-hang-thang", "instance": None, "agency": "so-tu-phap",
                             "date": "2024-03-01"}]}
    [(_, code, message, _)] = check_facts(data, spec)
    assert (code, message) == ("bad-instance", "null is not an instance of iv-1-bao-cao-hang-thang")


def test_status_uses_what_the_warnings_say(spec: kehoach.Spec) -> None:
    node = load_file(CASES / "qa2-gaps.yaml").node
    assert node is not None
    facts = Facts.from_data(node.plain())
    assert facts.latest_measurement("pl-1-1", "so-tu-phap", date(2024, 9, 5)) is not None
    assert facts.latest_measurement("pl-1-1", "so-tu-phap", date(2024, 9, 5)).value == 11.5  # type: ignore[union-attr]
    event = facts.event("ttg-phe-duyet-phuong-an")
    assert event is not None and event.date == date(2024, 10, 3)


def test_a_submission_to_a_continuous_duty_makes_facts_invalid(spec: kehoach.Spec) -> None:
    with pytest.raises(InvalidFacts) as caught:
        kehoach.load_facts([CASES / "qa2-gaps.yaml"], spec)
    assert [(p.line, p.code) for p in caught.value.problems] == [
        (6, "not-submittable"), (7, "not-submittable"), (8, "not-submittable"), (9, "bad-instance")]


@pytest.mark.parametrize(("period", "start"), [
    ("2024", date(2024, 1, 1)), ("2024-Q1", date(2024, 1, 1)), ("2024-Q3", date(2024, 7, 1)),
    ("2024-Q4", date(2024, 10, 1)), ("2024-06", date(2024, 6, 1)), ("2024-13", None), ("2024-Q5", None),
    ("24", None), (2024, None), (None, None)])
def test_period_start(period: object, start: date | None) -> None:
    assert period_start(period) == start


def test_the_example_facts_stay_clean() -> None:
    code, out, _ = run("validate", str(REPO / "examples" / "facts-2024.yaml"), "--format", "json")
    assert (code, json.loads(out)) == (0, [])
