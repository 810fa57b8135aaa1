"""A library of plans: the bundled plans (Quảng Trị, TP.HCM) and a plan of a third province in one spec
directory (tests/cases/library/thu), validated, listed and queried together."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import kehoach
from kehoach import api
from kehoach.cli import cli
from kehoach.errors import AmbiguousAgency, UnknownPlan
from kehoach.resources import bundled_spec_dir
from kehoach.validate import validate_paths

SECOND = Path(__file__).parent / "cases" / "library" / "thu"


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("library") / "spec"
    shutil.copytree(bundled_spec_dir(), root)
    shutil.copytree(SECOND, root / "thu")
    return root


@pytest.fixture(scope="module")
def library(library_dir: Path) -> kehoach.Library:
    return api.load_library(library_dir, use_cache=False)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_two_plans_validate_clean_with_their_own_ids(library_dir: Path) -> None:
    result = validate_paths([library_dir], spec_root=library_dir)
    assert result.ok, result.problems
    assert not [p for p in result.problems if p.code == "duplicate-id"]


def test_both_plans_are_listed(library: kehoach.Library, library_dir: Path) -> None:
    assert sorted(library.specs) == ["hcm-2820-2025", "qt-cctthc-2024", "thu-2026"]
    rows = {r["id"]: r for r in api.plans(library)["plans"]}
    assert rows["thu-2026"]["number"] == {"as_written": "Số: 12/KH-UBND", "value": "12/KH-UBND"}
    assert rows["thu-2026"]["date"]["value"] == "2026-01-05"
    assert rows["thu-2026"]["period"] == {"start": "2026-01-05", "start_interpretation": None,
                                          "start_by_default": "2026-01-05", "end": "2026-12-31"}
    assert rows["qt-cctthc-2024"]["period"]["start_interpretation"] == "plan-start"
    assert rows["qt-cctthc-2024"]["number"]["value"] is None
    code, out, _ = run("plans", "--spec", str(library_dir), "--format", "json")
    assert code == 0 and sorted(p["id"] for p in json.loads(out)["plans"]) == ["hcm-2820-2025", "qt-cctthc-2024",
                                                                             "thu-2026"]


def test_a_name_in_two_provinces_is_ambiguous_and_names_each_province(library: kehoach.Library,
                                                                      library_dir: Path) -> None:
    with pytest.raises(AmbiguousAgency) as err:
        api.due(library, "Sở Tài chính", "2026-12-31")
    assert sorted(i for i, _ in err.value.candidates) == ["hcm-so-tai-chinh", "so-tai-chinh", "thu-so-tai-chinh"]
    assert any("Quảng Trị" in n for _, n in err.value.candidates)
    assert any("Tỉnh Thử" in n for _, n in err.value.candidates)
    code, _, err_text = run("due", "Sở Tài chính", "--spec", str(library_dir), "--by", "2026-12-31")
    assert code == 2 and "Quảng Trị" in err_text and "Tỉnh Thử" in err_text


@pytest.mark.parametrize(("scope", "expected"), [({"plans": "thu-2026"}, "thu-so-tai-chinh"),
                                                  ({"province": "tinh-thu"}, "thu-so-tai-chinh"),
                                                  ({"province": "Quảng Trị"}, "so-tai-chinh"),
                                                  ({"plans": ["qt-cctthc-2024"]}, "so-tai-chinh")])
def test_plan_and_province_scope_names(library: kehoach.Library, scope: dict[str, object], expected: str) -> None:
    answer = api.due(library, "Sở Tài chính", "2026-12-31", **scope)  # type: ignore[arg-type]
    assert answer.agency.id == expected


def test_every_obligation_carries_its_plan(library: kehoach.Library) -> None:
    thu = api.due(library, "thu-so-tai-chinh", "2026-12-31")
    assert [(o.id, o.plan, o.due.isoformat() if o.due else None) for o in thu.obligations] == [
        ("i-1-du-toan", "thu-2026", "2026-06-29")]
    qt = api.due(library, "so-tu-phap", "2024-06-01")
    assert {o.plan for o in qt.obligations} == {"qt-cctthc-2024"}
    assert kehoach.to_json_data(qt)["obligations"][0]["plan"] == "qt-cctthc-2024"


def test_a_plan_never_answers_for_another_province(library: kehoach.Library) -> None:
    with pytest.raises(kehoach.UnknownAgency):
        api.due(library, "thu-so-tai-chinh", "2026-12-31", plans="qt-cctthc-2024")
    with pytest.raises(UnknownPlan):
        api.due(library, "so-tu-phap", "2024-12-31", plans="no-such-plan")


def test_load_spec_needs_a_plan_when_there_are_several(library_dir: Path) -> None:
    with pytest.raises(UnknownPlan) as err:
        api.load_spec(library_dir, use_cache=False)
    assert err.value.known == ["hcm-2820-2025", "qt-cctthc-2024", "thu-2026"]
    assert api.load_spec(library_dir, plan="thu-2026", use_cache=False).plan.id == "thu-2026"


def test_scenarios_run_against_the_plan_they_name(library_dir: Path) -> None:
    code, out, _ = run("test", "--spec", str(library_dir))
    assert code == 0 and out.splitlines()[-1] == "131 passed, 0 failed"


def test_facts_of_another_plan_are_refused(library: kehoach.Library, tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text('kind: facts\nschema_version: "1.0"\nplan: nope-2026\nsubmissions: []\n', encoding="utf-8")
    with pytest.raises(kehoach.InvalidFacts) as err:
        api.load_facts([facts], library)
    assert [p.code for p in err.value.problems] == ["unresolved-ref"]
