"""The TP.HCM plan (QĐ 2820/QĐ-UBND, 19/11/2025) beside the bundled Quảng Trị plan in one library: the
encoding in tests/cases/library/hcm (plan, registry, scenarios; its text and sources are bundled) is
laid over a copy of the bundled spec, validated and asked the questions of issue 7."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach import api
from kehoach.cli import cli
from kehoach.resources import bundled_spec_dir
from kehoach.validate import validate_paths

HCM = Path(__file__).parent / "cases" / "library" / "hcm"


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hcm") / "spec"
    shutil.copytree(bundled_spec_dir(), root)
    shutil.copytree(HCM / "plans", root / "plans")
    shutil.copytree(HCM / "registries", root / "registries")
    shutil.copytree(HCM / "scenarios", root / "scenarios" / "hcm-2820-2025")
    return root


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_both_plans_validate_clean(library_dir: Path) -> None:
    result = validate_paths([library_dir], spec_root=library_dir)
    assert result.problems == []


def test_every_scenario_of_both_plans_passes(library_dir: Path) -> None:
    code, out, _ = run("test", "--spec", str(library_dir))
    assert code == 0 and out.endswith(" passed, 0 failed\n") and int(out.split()[0]) >= 125


def test_plans_lists_both_with_number_date_and_period(library_dir: Path) -> None:
    code, out, _ = run("plans", "--spec", str(library_dir), "--format", "json")
    rows = {p["id"]: p for p in json.loads(out)["plans"]}
    assert code == 0 and sorted(rows) == ["hcm-2820-2025", "qt-cctthc-2024"]
    hcm = rows["hcm-2820-2025"]
    assert hcm["number"] == {"as_written": "Số: 2820/QĐ-UBND", "value": "2820/QĐ-UBND"}
    assert hcm["date"]["value"] == "2025-11-19" and hcm["effective"] == "2025-11-19"
    assert hcm["period"]["start"] == "2025-11-19" and hcm["period"]["end"] == "2030-12-31"


def test_so_tai_chinh_of_tp_hcm_by_the_end_of_2026(library_dir: Path) -> None:
    lib = api.load_library(library_dir, use_cache=False)
    answer = api.due(lib, "Sở Tài chính", "2026-12-31", plans="hcm-2820-2025")
    assert answer.agency.id == "hcm-so-tai-chinh"
    assert {o.plan for o in answer.obligations} == {"hcm-2820-2025"}
    quarter_iv = [o for o in answer.obligations if o.phrase == "Quý IV/2026"]
    assert quarter_iv and all(o.due is not None and o.due.isoformat() == "2026-12-31" for o in quarter_iv)
    assert {o.role for o in quarter_iv} <= {"lead", "coordinate"}
    received = {o.period for o in answer.obligations if o.role == "receive" and o.kind == "recurring"
                and o.period and "-Q" in o.period}
    assert {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"} <= received


def test_the_ward_of_sai_gon_on_15_may_2026(library_dir: Path) -> None:
    lib = api.load_library(library_dir, use_cache=False)
    answer = api.obligations(lib, "UBND phường Sài Gòn", "2026-05-15", plans="hcm-2820-2025")
    assert answer.agency.id == "hcm-ubnd-phuong-sai-gon" and answer.obligations
    assert {o.plan for o in answer.obligations} == {"hcm-2820-2025"}


def test_so_tai_chinh_without_plan_or_province_is_ambiguous_and_names_both(library_dir: Path) -> None:
    code, _, err = run("due", "Sở Tài chính", "--spec", str(library_dir), "--by", "2026-12-31")
    assert code == 2 and "Quảng Trị" in err and "Thành phố Hồ Chí Minh" in err
