"""Scenarios (kind: scenario) and `kehoach test`: the shipped scenarios pass, failures point at lines."""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import kehoach
from kehoach.cli import cli
from kehoach.resources import bundled_spec_dir
from kehoach.scenario_checks import element_ids
from kehoach.scenarios import (
    ScenarioRun,
    load_scenarios,
    matches,
    render_text,
    run_scenarios,
    run_to_data,
)
from kehoach.validate import validate_paths

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = REPO / "spec" / "scenarios"
QT_SCENARIOS = sorted(SCENARIOS.glob("*.yaml"))  # the Quảng Trị plan's; the TP.HCM plan's sit in hcm-2820-2025/
FIXTURES = Path(__file__).resolve().parent / "cases" / "scenarios"
FAILING = FIXTURES / "failing" / "wrong-dates.yaml"


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec(plan="qt-cctthc-2024")


@pytest.fixture(scope="module")
def shipped(spec: kehoach.Spec) -> ScenarioRun:
    return run_scenarios(QT_SCENARIOS, spec)


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO))


# --------------------------------------------------------------------------- shipped scenarios


def test_shipped_scenarios_all_pass_via_the_library(shipped: ScenarioRun) -> None:
    assert shipped.problems == ()
    failures = [f"{f.location()}: {f.case}: expected {f.expected}, got {f.actual}"
                for c in shipped.cases for f in c.failures]
    assert failures == []
    assert shipped.failed == 0
    assert shipped.passed == len(shipped.cases) >= 80
    assert len(shipped.files) == len(QT_SCENARIOS)


def test_shipped_scenarios_all_pass_via_the_cli(shipped: ScenarioRun) -> None:
    """`kehoach test` runs every plan's scenarios, each on the plan it names."""
    every = run_scenarios([SCENARIOS], kehoach.load_library())
    assert every.problems == () and every.failed == 0
    assert every.passed > shipped.passed
    assert {Path(f).parent.name for f in every.files} == {"scenarios", "hcm-2820-2025"}
    result = _run("test")
    assert result.exit_code == 0, result.output
    assert result.output == f"{every.passed} passed, 0 failed\n"


def test_every_duty_requirement_and_indicator_is_pinned_by_a_scenario(spec: kehoach.Spec) -> None:
    mentioned: set[str] = set()
    scenarios, problems = load_scenarios(QT_SCENARIOS, spec)
    assert problems == []
    for scenario in scenarios:
        for case in scenario.document.data["cases"]:
            for key in ("includes", "excludes", "counts"):
                mentioned.update(item["id"] for item in case["expect"].get(key, ()) if "id" in item)
    import yaml  # type: ignore[import-untyped]  # the plan file itself, not the evaluator's model

    plan = yaml.safe_load((REPO / "spec" / "plan.yaml").read_text(encoding="utf-8"))
    wanted = {e["id"] for key in ("duties", "requirements", "indicators") for e in plan[key]}
    assert wanted == set(element_ids(spec))
    assert (len(plan["duties"]), len(plan["requirements"]), len(plan["indicators"])) == (24, 3, 16)
    assert sorted(wanted - mentioned) == []


def test_every_status_is_pinned_by_a_scenario(spec: kehoach.Spec) -> None:
    statuses: set[str] = set()
    scenarios, _ = load_scenarios(QT_SCENARIOS, spec)
    for scenario in scenarios:
        for case in scenario.document.data["cases"]:
            statuses.update(i["status"] for i in case["expect"].get("includes", ()) if "status" in i)
    assert statuses == {"done_on_time", "done_late", "overdue", "open", "waiting", "met", "not_met", "no_data"}


def test_every_shipped_scenario_has_the_schema_modeline() -> None:
    for path in sorted(SCENARIOS.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        up = "../" * len(path.relative_to(REPO).parts[:-1])
        assert first == f"# yaml-language-server: $schema={up}schema/scenario.schema.json", path


def test_spec_with_scenarios_still_validates_clean() -> None:
    result = validate_paths([bundled_spec_dir()], spec_root=bundled_spec_dir())
    assert result.problems == []
    kinds = sorted({d.kind for d in result.documents})
    assert kinds == ["plan", "registry", "scenario", "sources"]
    cli_result = _run("validate")
    assert cli_result.exit_code == 0, cli_result.output


def test_scenario_schema_is_listed_and_printed() -> None:
    listed = _run("schema")
    assert "scenario" in listed.output.split()
    printed = _run("schema", "scenario")
    assert json.loads(printed.output)["$id"] == "urn:kehoach:schema:scenario"


# --------------------------------------------------------------------------- a failing scenario


def test_failing_fixture_reports_each_expectation_at_its_line(spec: kehoach.Spec) -> None:
    run = run_scenarios([FAILING], spec)
    assert (run.passed, run.failed, run.problems) == (1, 2, ())
    shown = [(f.line, f.col, f.case, f.expectation, f.expected, f.actual) for c in run.cases for f in c.failures]
    nearest = ("{id: iii-1-b-de-nghi-cong-bo-nhom-b, kind: deadline, role: lead, due: 2024-05-30, "
               "literal: 2024-05-31, last_working_day: 2024-05-30}")
    assert shown == [
        (20, 11, "wrong due", "includes", "due: 2024-05-31", f"due: 2024-05-30 (nearest: {nearest})"),
        (21, 11, "wrong due", "includes", "{id: iii-1-b-ra-soat-don-gian-hoa-nhom-b}",
         "no obligation with id iii-1-b-ra-soat-don-gian-hoa-nhom-b (the answer has 9)"),
        (23, 11, "wrong due", "excludes", "no obligation matching {id: iii-1-b-de-nghi-cong-bo-nhom-b, role: lead}",
         f"1: {nearest}"),
        (29, 26, "wrong summary", "summary", "no_data: 0", "no_data: 1"),
        (30, 14, "wrong summary", "count", "2 obligations", "1"),
    ]


def test_failing_fixture_via_the_cli_exits_1_with_file_line_col() -> None:
    result = _run("test", _rel(FAILING))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    where = _rel(FAILING)
    assert lines[0] == (
        f"{where}:20:11: FAIL wrong due: expected due: 2024-05-31, got due: 2024-05-30 (nearest: "
        "{id: iii-1-b-de-nghi-cong-bo-nhom-b, kind: deadline, role: lead, due: 2024-05-30, "
        "literal: 2024-05-31, last_working_day: 2024-05-30})"
    )
    assert [line.split(": FAIL ")[0] for line in lines[:-1]] == [
        f"{where}:20:11", f"{where}:21:11", f"{where}:23:11", f"{where}:29:26", f"{where}:30:14",
    ]
    assert lines[-1] == "1 passed, 2 failed"


def test_failing_fixture_json(spec: kehoach.Spec) -> None:
    result = _run("test", _rel(FAILING), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"] == {"passed": 1, "failed": 2}
    assert data["problems"] == []
    assert [c["passed"] for c in data["cases"]] == [True, False, False]
    first = data["cases"][1]["failures"][0]
    assert (first["line"], first["column"], first["expectation"], first["expected"]) == (
        20, 11, "includes", "due: 2024-05-31")
    assert data == json.loads(json.dumps(run_to_data(run_scenarios([Path(_rel(FAILING))], spec))))


def test_verbose_lists_passing_cases(spec: kehoach.Spec) -> None:
    text = render_text(run_scenarios([FAILING], spec), verbose=True)
    assert text.splitlines()[0] == f"{FAILING}:7:5: PASS passes"


# --------------------------------------------------------------------------- invalid scenario files


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("unknown-key.yaml", [(10, 7, "unknown-key", "unknown key 'include' (did you mean 'includes'?)")]),
        ("missing-date.yaml", [(5, 5, "missing-key", "missing required key 'date'"),
                               (8, 5, "bad-expectation", "'by' does not apply to query 'obligations' (use 'date')")]),
        ("misplaced-date.yaml", [(9, 5, "bad-expectation", "'by' does not apply to query 'obligations' (use 'date')")]),
        ("semantic.yaml", [
            (4, 18, "bad-assumption",
             "invalid assumption 'before=sometimes': before must be one of: exclusive, inclusive, inclusive-rolled"),
            (7, 20, "unresolved-ref", "unknown obligation 'iii-1-b-de-nghi-cong-bo'"),
            (11, 13, "unknown-agency", "unknown agency 'Sở Tư Phap Hà Nội'"),
            (17, 13, "ambiguous-agency", "agency 'UBND phường 1' fits several agencies"),
            (27, 16, "unresolved-ref",
             "no duty, requirement or indicator with id 'iii-1-b-de-nghi-cong-bo-nhom-c' in plan qt-cctthc-2024"),
            (28, 16, "bad-expectation", "'summary' can only be expected of a status query"),
        ]),
        ("every-case.yaml", [
            (8, 9, "bad-date", "'2024-02-30' is not a valid date"),
            (12, 13, "unknown-agency", "unknown agency 'Sở Tư Phap Hà Nội'"),
            (17, 13, "ambiguous-agency", "agency 'UBND phường 1' fits several agencies"),
            (18, 12, "bad-date", "'2024-13-01' is not a valid date"),
            (21, 59, "bad-instance", "'2023-12' is not an instance of iv-1-bao-cao-hang-thang"),
            (24, 16, "unresolved-ref",
             "no duty, requirement or indicator with id 'iv-1-bao-cao-hang-thangg' in plan qt-cctthc-2024"),
        ]),
    ],
)
def test_invalid_scenario_files_are_problems(spec: kehoach.Spec, name: str,
                                             expected: list[tuple[int, int, str, str]]) -> None:
    path = FIXTURES / "invalid" / name
    run = run_scenarios([path], spec)
    assert run.cases == ()
    assert not run.valid
    assert [(p.line, p.col, p.code, p.message) for p in run.problems] == expected
    result = _run("test", str(path))
    assert result.exit_code == 2
    assert result.output.splitlines()[0].startswith(f"{path}:{expected[0][0]}:{expected[0][1]}: error: ")


def test_every_problem_of_every_case_in_one_run_also_from_validate(spec: kehoach.Spec) -> None:
    path = FIXTURES / "invalid" / "every-case.yaml"
    _, problems = load_scenarios([path], spec)
    result = _run("validate", str(path))
    assert result.exit_code == 1
    shown = [line.split(": error: ")[0] for line in result.output.splitlines() if ": error: " in line]
    assert shown == [f"{path}:{p.line}:{p.col}" for p in problems]
    assert len(shown) == 6


def test_check_scenario_is_public_and_never_raises(spec: kehoach.Spec) -> None:
    from kehoach.scenario_checks import check_scenario

    result = validate_paths([FIXTURES / "invalid" / "every-case.yaml"])
    doc = next(d for d in result.context.documents if d.kind == "scenario")
    assert [p.code for p in check_scenario(doc, spec)] == [
        "unknown-agency", "ambiguous-agency", "bad-instance", "unresolved-ref"]


def test_ambiguous_agency_hint_lists_each_candidate(spec: kehoach.Spec) -> None:
    _, problems = load_scenarios([FIXTURES / "invalid" / "semantic.yaml"], spec)
    hint = next(p.hint for p in problems if p.code == "ambiguous-agency")
    assert hint is not None
    assert "ubnd-phuong-1-dong-ha" in hint and "ubnd-phuong-1-quang-tri" in hint


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = _run("test", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2
    assert "no such file or directory" in missing.output
    empty = _run("test", str(tmp_path))
    assert empty.exit_code == 2
    assert "no scenario cases found" in empty.output
    no_dir = _run("test", "--spec", str(tmp_path))
    assert no_dir.exit_code == 2


def test_a_yaml_surprise_in_a_scenario_is_a_loader_problem(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(FAILING.read_text(encoding="utf-8").replace('by: "2024-06-01"', "by: 2024-06-01", 1),
                    encoding="utf-8")
    result = _run("test", str(path))
    assert result.exit_code == 2
    assert result.output.startswith(f"{path}:10:9: error: ")


# --------------------------------------------------------------------------- matching


def test_matches_compares_only_given_fields() -> None:
    actual = {"id": "a", "due": "2024-05-30", "role": "lead",
              "target": {"indicator": "pl-1-1", "comparator": "ge", "value": 80, "unit": "%"}}
    assert matches({"id": "a"}, actual)
    assert matches({"id": "a", "due": "2024-05-30", "target": {"value": 80.0}}, actual)
    assert not matches({"id": "a", "due": "2024-05-31"}, actual)
    assert not matches({"id": "a", "target": {"comparator": "eq"}}, actual)
    assert not matches({"id": "a", "period": "2024-06"}, actual)
    assert matches({"id": "a", "period": None}, actual)
    assert not matches({"id": "a", "target": None}, actual)


# --------------------------------------------------------------------------- scenarios guard the spec


def _copy_spec(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "spec"
    shutil.copytree(REPO / "spec", target)
    return target


def test_changing_an_interpretation_default_fails_the_scenarios(tmp_path: Path) -> None:
    spec_dir = _copy_spec(tmp_path)
    plan = spec_dir / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count("    default: 15\n") == 1
    plan.write_text(text.replace("    default: 15\n", "    default: 10\n"), encoding="utf-8")
    result = _run("test", "--spec", str(spec_dir))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # the group scenarios (groups.yaml sorts first) catch it too, once per member agency
    assert lines[0].startswith(f"{spec_dir}/scenarios/groups.yaml:46:11: FAIL ")
    line = next(x for x in lines if x.startswith(f"{spec_dir}/scenarios/iii-2-a.yaml:"))
    assert line.startswith(f"{spec_dir}/scenarios/iii-2-a.yaml:76:11: FAIL ")
    assert line.endswith("expected due: 2024-02-15, last_working_day: 2024-02-15, got due: 2024-02-10, "
                             "last_working_day: 2024-02-07 (nearest: {id: iii-2-a-4-thong-ke-hang-thang, "
                             "kind: recurring, role: lead, period: 2024-02, due: 2024-02-10, "
                             "last_working_day: 2024-02-07})")
    assert lines[-1].endswith(" failed") and not lines[-1].endswith(" 0 failed")


def test_an_invalid_scenario_inside_the_spec_is_exit_2(tmp_path: Path) -> None:
    spec_dir = _copy_spec(tmp_path)
    broken = spec_dir / "scenarios" / "broken.yaml"
    broken.write_bytes((FIXTURES / "invalid" / "unknown-key.yaml").read_bytes())
    result = _run("test", "--spec", str(spec_dir))
    assert result.exit_code == 2
    assert f"{broken}:10:7: error: unknown key 'include'" in result.output
    validated = _run("validate", "--spec", str(spec_dir))
    assert validated.exit_code == 1
    assert f"{broken}:10:7: error: unknown key 'include'" in validated.output


# --------------------------------------------------------------------------- properties of matching

_FIELDS = ("id", "kind", "role", "due", "literal", "last_working_day", "period", "ref")


@settings(max_examples=60, deadline=None)
@given(index=st.integers(min_value=0, max_value=10_000), fields=st.sets(st.sampled_from(_FIELDS)))
def test_any_subset_of_an_actual_obligation_matches_it_and_a_changed_field_does_not(
        index: int, fields: set[str]) -> None:
    from kehoach.api import obligation_data

    answer = kehoach.due(_bundled_spec(), "ubnd-huyen-gio-linh", "2024-12-31")
    record = obligation_data(answer.obligations[index % len(answer.obligations)])
    record["ref"] = record["source"]["ref"]
    expected = {"id": record["id"], **{f: record[f] for f in fields}}
    assert matches(expected, record)
    for f in fields:
        assert not matches({**expected, f: "changed"}, record)


@functools.lru_cache(maxsize=1)
def _bundled_spec() -> kehoach.Spec:  # hypothesis tests cannot take function-scoped fixtures
    return kehoach.load_spec(plan="qt-cctthc-2024")


# --------------------------------------------------------------------------- group cases

GROUP_FAILING = FIXTURES / "failing" / "group.yaml"


def test_group_case_reports_each_missing_member_at_the_expectation(spec: kehoach.Spec) -> None:
    run = run_scenarios([GROUP_FAILING], spec)
    assert (run.passed, run.failed, run.problems) == (1, 2, ())
    assert [(c.name, c.agency, c.group, len(c.failures)) for c in run.cases] == [
        ("districts pass", "ubnd-cap-huyen", True, 0),
        ("communes wrongly given III.1.b", "UBND cấp xã", True, 126),
        ("co quan chuyen mon: wrong count", "co-quan-cap-tinh", True, 20),
    ]
    communes = run.cases[1].failures
    assert (communes[0].line, communes[0].col, communes[0].expectation, communes[0].agency,
            communes[0].expected, communes[0].actual) == (
        18, 16, "members", "", "124 member agencies", "125")
    missing = communes[1:]
    assert {(f.line, f.col, f.expectation) for f in missing} == {(20, 11, "includes")}
    assert len({f.agency for f in missing}) == 125
    assert set(spec.registry.member_ids("ubnd-cap-xa", kehoach.parse_date("2024-06-01"))) == {f.agency for f in missing}
    first = missing[0]
    assert first.actual == (f"{first.agency}: no obligation with id iii-1-b-de-nghi-cong-bo-nhom-b "
                            "(the answer has 0)")
    counted = run.cases[2].failures
    assert {(f.line, f.col, f.expected) for f in counted} == {(27, 11, "12 matching {id: iv-1-bao-cao-hang-thang}")}
    assert "so-tu-phap" in {f.agency for f in counted}
    assert all(f.actual == f"{f.agency}: 11" for f in counted)


def test_group_failure_via_the_cli_names_the_agency_at_file_line_col() -> None:
    result = _run("test", _rel(GROUP_FAILING))
    assert result.exit_code == 1
    where = _rel(GROUP_FAILING)
    lines = result.output.splitlines()
    assert lines[0] == f"{where}:18:16: FAIL communes wrongly given III.1.b: expected 124 member agencies, got 125"
    assert (f"{where}:27:11: FAIL co quan chuyen mon: wrong count: expected 12 matching "
            "{id: iv-1-bao-cao-hang-thang}, got so-tu-phap: 11") in lines
    assert lines[-1] == "1 passed, 2 failed"
    data = json.loads(_run("test", _rel(GROUP_FAILING), "--format", "json").output)
    failure = data["cases"][2]["failures"][0]
    assert (failure["line"], failure["column"], failure["expectation"]) == (27, 11, "counts")
    assert failure["actual"] == f"{failure['agency']}: 11"
    assert data["cases"][0]["group"] is True


def test_invalid_group_cases_are_problems(spec: kehoach.Spec) -> None:
    path = FIXTURES / "invalid" / "group.yaml"
    run = run_scenarios([path], spec)
    assert run.cases == ()
    assert [(p.line, p.col, p.code, p.message, p.hint) for p in run.problems] == [
        (7, 12, "unresolved-ref", "unknown group 'UBND cap xaa'",
         "did you mean: ubnd-cap-xa (UBND cấp xã)"),
        (12, 12, "unresolved-ref", "'so-tu-phap' is an agency, not a group", "use 'agency:' for one agency"),
        (19, 23, "bad-expectation", "'members' can only be expected of a group case", None),
        (20, 5, "schema", "give only one of 'agency', 'group', not several",
         "these keys are alternatives: keep the one you mean"),
        (26, 5, "missing-key", "missing required key: one of 'agency', 'group'",
         "each allowed form of this entry needs one of these keys"),
    ]
    assert _run("test", str(path)).exit_code == 2


def test_shipped_group_scenarios_pin_every_member(spec: kehoach.Spec) -> None:
    run = run_scenarios([SCENARIOS / "groups.yaml"], spec)
    assert (run.passed, run.failed, run.problems) == (4, 0, ())
    assert [c.agency for c in run.cases] == ["ubnd-cap-xa", "UBND cấp huyện", "co-quan-chuyen-mon", "UBND cấp xã"]
    assert all(c.group for c in run.cases)
