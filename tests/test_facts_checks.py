"""Facts checked against the spec: instance labels, dates before the plan or before their period, entries
nobody owes, repeated or conflicting entries, what cannot be submitted — each finding at its line, and
`kehoach validate` showing the warnings next to the errors."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from _cli_query_support import run, spec_loaded_once  # noqa: F401  (autouse fixture)
from click.testing import CliRunner

import kehoach
from kehoach.cli import cli
from kehoach.errors import InvalidFacts
from kehoach.facts import (
    Facts,
    check_facts,
    check_facts_all,
    facts_problems,
    facts_rule,
    leads_obligation,
    owes_indicator,
    period_start,
    scheduled_instances,
    valid_instances,
)
from kehoach.loader import Node, load_file
from kehoach.problems import Severity
from kehoach.rules.base import Context, Document

FACTS_CASES = Path(__file__).resolve().parent / "cases" / "facts"
FIXTURE = FACTS_CASES / "instances-and-warnings.yaml"
NOT_OWED = FACTS_CASES / "not-owed-and-duplicates.yaml"
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "facts-2024.yaml"
MONTHS = tuple(f"2024-{m:02d}" for m in range(1, 13))
E, W = Severity.ERROR, Severity.WARNING
SCHEDULED = ", ".join(f"2024-{m:02d}" for m in range(2, 13))
NOT_SUBMITTED = "submissions are for deadline, monthly and triggered duties; status does not judge continuous ones"
DATED = ("a measurement is dated when the number was taken, on or after the start of the period it measures; "
         "check the date or the period")


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec(plan="qt-cctthc-2024")


def _node(path: Path = FIXTURE) -> Node:
    loaded = load_file(path)
    assert loaded.problems == []
    assert loaded.node is not None
    return loaded.node


BAD_MONTH_HINT = ("scheduled by default: " + ", ".join(MONTHS[1:]) + "; also accepted, scheduled only under an "
                  "override such as plan-start or monthly-day: 2024-01")
EXPECTED = [
    (6, 53, "bad-instance", E, "'2023-12' is not an instance of iv-1-bao-cao-hang-thang", BAD_MONTH_HINT),
    (7, 53, "instance-not-scheduled", W,
     ("'2024-01' is in the plan period but the default interpretations schedule no instance of "
     "iv-1-bao-cao-hang-thang in it"),
     "scheduled: " + ", ".join(MONTHS[1:]) + " (an override such as plan-start or monthly-day may add it)"),
    (8, 53, "bad-instance", E, "null is not an instance of iv-1-bao-cao-hang-thang", BAD_MONTH_HINT),
    (9, 60, "bad-instance", E, "'2024-05' is not an instance of iii-1-b-de-nghi-cong-bo-nhom-b",
     "use null: this obligation has one instance"),
    (10, 92, "before-plan-start", W, "the submission is dated 2024-01-10, before the plan starts (2024-01-25)",
     "check the date; the plan-start interpretation sets when the plan starts"),
    (13, 46, "before-plan-start", W, "the event is dated 2024-01-02, before the plan starts (2024-01-25)",
     "check the date; the plan-start interpretation sets when the plan starts"),
    (14, 15, "duplicate-event", W, "a second event of trigger ttg-phe-duyet-phuong-an (the first is at line 13)",
     "the earliest (2024-01-02) counts; remove or correct one of them"),
    (16, 35, "not-owed", W, "so-tu-phap does not owe indicator pl-1-6-3", "pl-1-6-3 is led by: ubnd-cap-xa"),
]


def test_each_finding_at_its_file_line_col(spec: kehoach.Spec) -> None:
    problems = facts_problems(_node(), spec, "facts.yaml")
    assert [(p.file, p.line, p.col, p.code, p.severity, p.message, p.hint) for p in problems] == [
        ("facts.yaml", *row) for row in EXPECTED]


def test_check_facts_keeps_errors_only(spec: kehoach.Spec) -> None:
    data = _node().plain()
    assert [(path, code) for path, code, _, _ in check_facts(data, spec)] == [
        (("submissions", 0, "instance"), "bad-instance"),
        (("submissions", 2, "instance"), "bad-instance"),
        (("submissions", 3, "instance"), "bad-instance"),
    ]
    assert [c.severity for c in check_facts_all(data, spec)] == [row[3] for row in EXPECTED]


def test_facts_rule_reports_warnings_too(spec: kehoach.Spec) -> None:
    repo = Path(__file__).resolve().parent.parent / "spec"
    docs = []
    for kind, name in (("plan", "plan.yaml"), ("registry", "registry.yaml")):
        node = load_file(repo / name).node
        assert node is not None
        docs.append(Document(kind, repo / name, name, node, node.plain()))
    node = _node()
    docs.append(Document("facts", FIXTURE, "f.yaml", node, node.plain()))
    problems = facts_rule(Context(docs))
    assert [(p.file, p.line, p.col, p.code) for p in problems] == [("f.yaml", r[0], r[1], r[2]) for r in EXPECTED]


def test_labels(spec: kehoach.Spec) -> None:
    assert valid_instances(spec, "iv-1-bao-cao-hang-thang") == MONTHS
    assert scheduled_instances(spec, "iv-1-bao-cao-hang-thang") == MONTHS[1:]
    assert valid_instances(spec, "iii-1-b-de-nghi-cong-bo-nhom-b") == (None,)
    assert scheduled_instances(spec, "iv-2-theo-doi-don-doc") == (None,)
    assert valid_instances(spec, "pl-1-1") == (None,)


@pytest.mark.parametrize(("agency", "indicator", "owed"), [
    ("so-tu-phap", "pl-1-1", True),
    ("van-phong-ubnd-tinh", "pl-1-6-1", True),
    ("so-tu-phap", "pl-1-6-2", False),
    ("ubnd-huyen-gio-linh", "pl-1-6-2", True),
    ("ubnd-xa-gio-chau", "pl-1-6-3", True),
    ("ubnd-xa-gio-chau", "pl-1-1", False),
    ("ubnd-tinh", "pl-1-1", False),
    ("no-such-agency", "pl-1-1", False),
    ("so-tu-phap", "no-such-indicator", False),
])
def test_owes_indicator(spec: kehoach.Spec, agency: str, indicator: str, owed: bool) -> None:
    assert owes_indicator(spec, agency, indicator) is owed


def test_impossible_dates_are_skipped_not_raised(spec: kehoach.Spec) -> None:
    data = {"submissions": [{"obligation": "iii-1-b-de-nghi-cong-bo-nhom-b", "instance": None, "agency": "so-tu-phap",
                             "date": "2024-02-30"}],
            "events": [{"trigger": "ttg-phe-duyet-phuong-an", "date": 20240101}],
            "measurements": ["not a mapping"]}
    assert check_facts_all(data, spec) == []


def test_the_example_facts_file_is_clean(spec: kehoach.Spec) -> None:
    assert facts_problems(_node(EXAMPLE), spec, "x") == []


# --------------------------------------------------------------------------- YAML 1.1 booleans as ids, references that are not text, positions of removed values


def _validate(name: str) -> tuple[int, list[tuple[int, int, str, str, str, str | None]]]:
    code, out, _ = run("validate", str(FACTS_CASES / name), "--format", "json")
    return code, [(p["line"], p["column"], p["code"], p["severity"], p["message"], p.get("hint"))
                  for p in json.loads(out)]


def test_yaml11_booleans_as_ids_give_only_the_loader_problems() -> None:
    code, found = _validate("yaml11-boolean-ids.yaml")
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


# --------------------------------------------------------------------------- not submittable, conflicting and misdated entries


def test_the_new_findings() -> None:
    code, found = _validate("not-submittable-and-conflicts.yaml")
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
    node = load_file(FACTS_CASES / "not-submittable-and-conflicts.yaml").node
    assert node is not None
    facts = Facts.from_data(node.plain())
    assert facts.latest_measurement("pl-1-1", "so-tu-phap", date(2024, 9, 5)) is not None
    assert facts.latest_measurement("pl-1-1", "so-tu-phap", date(2024, 9, 5)).value == 11.5  # type: ignore[union-attr]
    event = facts.event("ttg-phe-duyet-phuong-an")
    assert event is not None and event.date == date(2024, 10, 3)


def test_a_submission_to_a_continuous_duty_makes_facts_invalid(spec: kehoach.Spec) -> None:
    with pytest.raises(InvalidFacts) as caught:
        kehoach.load_facts([FACTS_CASES / "not-submittable-and-conflicts.yaml"], spec)
    assert [(p.line, p.code) for p in caught.value.problems] == [
        (6, "not-submittable"), (7, "not-submittable"), (8, "not-submittable"), (9, "bad-instance")]


@pytest.mark.parametrize(("period", "start"), [
    ("2024", date(2024, 1, 1)), ("2024-Q1", date(2024, 1, 1)), ("2024-Q3", date(2024, 7, 1)),
    ("2024-Q4", date(2024, 10, 1)), ("2024-06", date(2024, 6, 1)), ("2024-13", None), ("2024-Q5", None),
    ("24", None), (2024, None), (None, None)])
def test_period_start(period: object, start: date | None) -> None:
    assert period_start(period) == start


def test_the_example_facts_stay_clean() -> None:
    code, out, _ = run("validate", str(EXAMPLE), "--format", "json")
    assert (code, json.loads(out)) == (0, [])


# --------------------------------------------------------------------------- submissions nobody owes, repeated submissions


def test_not_owed_and_duplicate_submissions(spec: kehoach.Spec) -> None:
    loaded = load_file(NOT_OWED)
    assert loaded.node is not None and loaded.problems == []
    found = [(p.line, p.col, p.code, p.severity, p.message, p.hint) for p in facts_problems(loaded.node, spec, "f")]
    assert found == [
        (7, 74, "not-owed", Severity.WARNING,
         "ubnd-xa-gio-chau does not lead iii-1-b-de-nghi-cong-bo-nhom-b: this submission counts for no obligation",
         ("check the agency id; status judges the lead agencies' submissions only "
         "(see `kehoach explain iii-1-b-de-nghi-cong-bo-nhom-b`)")),
        (8, 5, "duplicate-submission", Severity.WARNING,
         "a second submission of iv-1-bao-cao-hang-thang 2024-03 by so-tu-phap (the first is at line 6)",
         "status uses the earliest submission; remove or correct one of them"),
    ]
    assert check_facts(loaded.node.plain(), spec) == []  # warnings only: the facts still load


def test_status_uses_the_earliest_of_duplicates(spec: kehoach.Spec) -> None:
    facts = kehoach.load_facts(NOT_OWED, spec)
    items = kehoach.status(spec, "so-tu-phap", "2024-04-30", facts).items
    march = next(i for i in items if i.obligation.id == "iv-1-bao-cao-hang-thang" and i.obligation.period == "2024-03")
    assert march.status == "done_on_time" and dict(march.evidence)["submitted"] == "2024-03-12"


def test_validate_reports_the_warnings() -> None:
    code, out, _ = run("validate", str(NOT_OWED))
    assert code == 0
    assert "7:74: warning: ubnd-xa-gio-chau does not lead iii-1-b-de-nghi-cong-bo-nhom-b" in out
    assert "8:5: warning: a second submission of iv-1-bao-cao-hang-thang 2024-03 by so-tu-phap" in out


@pytest.mark.parametrize(("agency", "obligation", "leads"), [
    ("so-tu-phap", "iii-1-b-de-nghi-cong-bo-nhom-b", True),
    ("ubnd-xa-gio-chau", "iii-1-b-de-nghi-cong-bo-nhom-b", False),
    ("ubnd-xa-gio-chau", "pl-1-6-3", True),
])
def test_leads_obligation(spec: kehoach.Spec, agency: str, obligation: str, leads: bool) -> None:
    assert leads_obligation(spec, agency, obligation) is leads


def test_example_facts_api(spec: kehoach.Spec) -> None:
    from kehoach.api import example_facts_path, load_example_facts

    bundled = load_example_facts(spec)
    assert bundled.files == ("<bundled>/facts-2024.yaml",)
    assert example_facts_path().read_bytes() == EXAMPLE.read_bytes()
    assert bundled.submissions == kehoach.load_facts(EXAMPLE, spec).submissions


# --------------------------------------------------------------------------- `kehoach validate` shows the warnings next to the errors


WARNINGS_AND_ERRORS = """\
kind: facts
schema_version: "1.0"
plan: qt-cctthc-2024
submissions:
  - {obligation: iv-1-bao-cao-hang-thang, instance: "2024-01", agency: so-tu-phap, date: "2024-01-20", document: "1/BC"}
  - {obligation: iv-1-bao-cao-hang-thang, instance: "2025-01", agency: so-tu-phap, date: "2024-02-20", document: "2/BC"}
measurements:
  - {indicator: pl-1-6-3, agency: so-tu-phap, period: "2024", date: "2024-12-31", value: 90, source: "x"}
"""


def test_facts_warnings_and_errors_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(WARNINGS_AND_ERRORS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    found = [(p["line"], p["column"], p["severity"], p["code"]) for p in json.loads(result.output)]
    assert found == [
        (5, 53, "warning", "instance-not-scheduled"),
        (5, 90, "warning", "before-plan-start"),
        (6, 53, "error", "bad-instance"),
        (8, 35, "warning", "not-owed"),
    ]


def test_warnings_alone_exit_zero(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("\n".join(line for line in WARNINGS_AND_ERRORS.splitlines() if "2025-01" not in line) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 warning(s)" in result.output
