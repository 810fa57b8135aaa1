"""QA fixes: facts warnings for submissions nobody owes and repeated submissions; provisional targets in
the status table."""
from __future__ import annotations

from pathlib import Path

import pytest
from _cli_query_support import FACTS, run, spec_loaded_once  # noqa: F401  (autouse fixture)

import kehoach
from kehoach.facts import check_facts, facts_problems, leads_obligation
from kehoach.loader import load_file
from kehoach.problems import Severity

FIXTURE = Path(__file__).resolve().parent / "cases" / "facts" / "not-owed-and-duplicates.yaml"


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec()


def test_not_owed_and_duplicate_submissions(spec: kehoach.Spec) -> None:
    loaded = load_file(FIXTURE)
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
    facts = kehoach.load_facts(FIXTURE, spec)
    items = kehoach.status(spec, "so-tu-phap", "2024-04-30", facts).items
    march = next(i for i in items if i.obligation.id == "iv-1-bao-cao-hang-thang" and i.obligation.period == "2024-03")
    assert march.status == "done_on_time" and dict(march.evidence)["submitted"] == "2024-03-12"


def test_validate_reports_the_warnings() -> None:
    code, out, _ = run("validate", str(FIXTURE))
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


def test_example_facts_have_no_warnings(spec: kehoach.Spec) -> None:
    loaded = load_file(FACTS)
    assert loaded.node is not None
    assert facts_problems(loaded.node, spec, "x") == []


# --------------------------------------------------------------------------- 10. provisional targets


@pytest.mark.parametrize(("lang", "mark"), [("en", "(provisional)"), ("vi", "(tạm tính)")])
def test_targets_before_judging_date_are_provisional(lang: str, mark: str) -> None:
    code, out, _ = run("status", "so-tu-phap", "--as-of", "2024-09-10", "--facts", str(FACTS), "--lang", lang)
    assert code == 0 and out.count(mark) == 2  # PL.1.1 met and PL.1.2 not met, both measured in September
    code, out, _ = run("status", "so-tu-phap", "--as-of", "2024-12-31", "--facts", str(FACTS), "--lang", lang)
    assert code == 0 and mark not in out


def test_example_facts_api(spec: kehoach.Spec) -> None:
    from kehoach.api import example_facts_path, load_example_facts

    bundled = load_example_facts(spec)
    assert bundled.files == ("<bundled>/facts-2024.yaml",)
    assert example_facts_path().read_bytes() == FACTS.read_bytes()
    assert bundled.submissions == kehoach.load_facts(FACTS, spec).submissions
