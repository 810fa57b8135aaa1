"""Facts checked against the bundled spec: instance labels, dates before the plan, measurements not owed."""
from __future__ import annotations

from pathlib import Path

import pytest

import kehoach
from kehoach.facts import (
    check_facts,
    check_facts_all,
    facts_problems,
    facts_rule,
    owes_indicator,
    scheduled_instances,
    valid_instances,
)
from kehoach.loader import Node, load_file
from kehoach.problems import Severity
from kehoach.rules.base import Context, Document

FIXTURE = Path(__file__).resolve().parent / "cases" / "facts" / "instances-and-warnings.yaml"
MONTHS = tuple(f"2024-{m:02d}" for m in range(1, 13))
E, W = Severity.ERROR, Severity.WARNING


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec()


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
    example = Path(__file__).resolve().parent.parent / "examples" / "facts-2024.yaml"
    assert facts_problems(_node(example), spec, "x") == []
