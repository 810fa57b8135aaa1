"""The TP.HCM plan (Quyết định 2820/QĐ-UBND): it validates, its scenarios pass, and the questions its
agencies ask in December 2026 get the answers the text gives.

The plan is checked twice: on its own (the plan, its registry and the sources it needs, copied into a
one-plan spec directory) and in the bundled library beside the Quảng Trị plan (issue 7's questions).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kehoach import api
from kehoach.cli import cli
from kehoach.scenarios import run_scenarios
from kehoach.validate import validate_paths

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "spec"
TEXT = "hcm-2820-qd-ubnd-2025-csdl-quy-hoach.txt"
QUARTER_IV_2026 = {  # the appendix rows whose time cell is "Quý IV/2026", and Sở Tài chính's role there
    "pl-2-1-1-ha-tang-tai-stc": "coordinate", "pl-2-1-2-ha-tang-du-phong": "coordinate",
    "pl-2-2-trang-thiet-bi": "lead", "pl-2-3-phan-mem": "coordinate",
    "pl-3-1-csdl-quy-hoach-tinh": "coordinate", "pl-3-2-csdl-quy-hoach-chung-phan-khu": "coordinate",
    "pl-3-3-van-ban-dien-tu-qhsdd-cap-xa": "coordinate", "pl-3-4-dong-bo-hoa-csdl": "lead",
    "pl-4-1-an-toan-an-ninh-mang": "coordinate", "pl-4-2-1-van-hanh-24-7": "lead",
    "pl-4-2-2-sao-luu-phuc-hoi": "coordinate", "pl-4-3-dong-bo-trung-tam-du-lieu": "lead",
}


@pytest.fixture(scope="module")
def spec_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hcm-spec")
    (root / "sources").mkdir()
    shutil.copy(SPEC / "plans" / "hcm-2820-2025.yaml", root / "plan.yaml")
    shutil.copy(SPEC / "registries" / "ho-chi-minh.yaml", root / "registry.yaml")
    shutil.copy(SPEC / "sources" / TEXT, root / "sources" / TEXT)
    index = yaml.safe_load((SPEC / "sources" / "index.yaml").read_text(encoding="utf-8"))
    index["documents"] = [d for d in index["documents"]
                          if d.get("cited_in") == "qd-2820-2025-ubnd-hcm"
                          or d["id"] in ("qd-2820-2025-ubnd-hcm", "blds-2015", "nd-09-2019-cp")]
    (root / "sources" / "index.yaml").write_text(yaml.safe_dump(index, allow_unicode=True), encoding="utf-8")
    shutil.copytree(SPEC / "scenarios" / "hcm-2820-2025", root / "scenarios")
    return root


def test_the_plan_validates_without_errors(spec_dir: Path) -> None:
    result = validate_paths([spec_dir])
    # not even a warning: the one phrase kehoach cannot read ("Trường hợp chậm trễ …", IV.7) is a
    # triggered duty's event, which has no dates to check
    assert result.problems == []

def test_every_scenario_passes(spec_dir: Path) -> None:
    spec = api.load_spec(spec_dir, use_cache=False)
    run = run_scenarios([spec_dir / "scenarios"], spec)
    assert run.problems == ()
    assert run.failed == 0 and run.passed >= 30


def test_so_tai_chinh_due_by_the_end_of_2026(spec_dir: Path) -> None:
    spec = api.load_spec(spec_dir, use_cache=False)
    answer = api.due(spec, "Sở Tài chính", "2026-12-31")
    rows = {(o.id, o.role, o.period): o for o in answer.obligations}
    for ident, role in QUARTER_IV_2026.items():
        row = rows[(ident, role, None)]
        assert (row.kind, row.due.isoformat()) == ("window", "2026-12-31"), ident
    received = sorted(o.period for o in answer.obligations if o.role == "receive" and o.id == "iv-5-5-bao-cao-hang-quy")
    assert received == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert {o.id for o in answer.obligations if o.role == "receive"} == {
        "iv-5-5-bao-cao-hang-quy", "pl-6-5-2-bao-cao-hang-quy"}
    assert all(o.due is not None and o.due.isoformat() <= "2026-12-31" for o in answer.obligations)


def test_a_ward_is_told_its_duties(spec_dir: Path) -> None:
    spec = api.load_spec(spec_dir, use_cache=False)
    answer = api.obligations(spec, "UBND phường Sài Gòn", "2026-05-15")
    ids = {o.id for o in answer.obligations}
    assert {"iv-6-1-phoi-hop-so-hoa", "iv-6-2-kiem-tra-xac-minh", "iv-6-3-cap-nhat-thuong-xuyen",
            "iv-6-4-chiu-trach-nhiem-noi-dung", "pl-3-3-van-ban-dien-tu-qhsdd-cap-xa",
            "pl-6-5-2-bao-cao-hang-quy"} <= ids
    assert answer.agency.id == "hcm-ubnd-phuong-sai-gon"


# ---------------------------------------------------------------- in the bundled library

def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_the_bundled_library_validates_clean() -> None:
    result = validate_paths([SPEC], spec_root=SPEC)
    assert result.problems == []


def test_every_scenario_of_both_plans_passes() -> None:
    code, out, _ = run("test")
    assert code == 0 and out.endswith(" passed, 0 failed\n") and int(out.split()[0]) >= 125


def test_plans_lists_both_with_number_date_and_period() -> None:
    code, out, _ = run("plans", "--format", "json")
    rows = {p["id"]: p for p in json.loads(out)["plans"]}
    assert code == 0 and sorted(rows) == ["hcm-2820-2025", "qt-cctthc-2024"]
    hcm = rows["hcm-2820-2025"]
    assert hcm["number"] == {"as_written": "Số: 2820/QĐ-UBND", "value": "2820/QĐ-UBND"}
    assert hcm["date"]["value"] == "2025-11-19" and hcm["effective"] == "2025-11-19"
    assert hcm["period"]["start"] == "2025-11-19" and hcm["period"]["end"] == "2030-12-31"


def test_so_tai_chinh_of_tp_hcm_by_the_end_of_2026() -> None:
    lib = api.load_library(SPEC, use_cache=False)
    answer = api.due(lib, "Sở Tài chính", "2026-12-31", plans="hcm-2820-2025")
    assert answer.agency.id == "hcm-so-tai-chinh"
    assert {o.plan for o in answer.obligations} == {"hcm-2820-2025"}
    quarter_iv = [o for o in answer.obligations if o.phrase == "Quý IV/2026"]
    assert quarter_iv and all(o.due is not None and o.due.isoformat() == "2026-12-31" for o in quarter_iv)
    assert {o.role for o in quarter_iv} <= {"lead", "coordinate"}
    received = {o.period for o in answer.obligations if o.role == "receive" and o.kind == "recurring"
                and o.period and "-Q" in o.period}
    assert {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"} <= received


def test_the_ward_of_sai_gon_on_15_may_2026() -> None:
    lib = api.load_library(SPEC, use_cache=False)
    answer = api.obligations(lib, "UBND phường Sài Gòn", "2026-05-15", plans="hcm-2820-2025")
    assert answer.agency.id == "hcm-ubnd-phuong-sai-gon" and answer.obligations
    assert {o.plan for o in answer.obligations} == {"hcm-2820-2025"}


def test_so_tai_chinh_without_plan_or_province_is_ambiguous_and_names_both() -> None:
    code, _, err = run("due", "Sở Tài chính", "--by", "2026-12-31")
    assert code == 2 and "Quảng Trị" in err and "Thành phố Hồ Chí Minh" in err


def test_a_group_name_both_provinces_share_is_picked_by_the_day_or_ambiguous() -> None:
    """Each registry has its "UBND cấp xã". In 2024 only Quảng Trị's has members (the city's wards and
    communes exist from 1/7/2025), so the name picks it; in 2026 both have members, and the error names
    both provinces."""
    code, out, err = run("obligations", "UBND cấp xã", "--on", "2024-09-01", "--format", "json")
    assert (code, err) == (0, "") and json.loads(out)["group"]["id"] == "ubnd-cap-xa"
    code, out, err = run("obligations", "UBND cấp xã", "--on", "2026-09-01")
    assert code == 2 and out == ""
    assert err.startswith("Error: ambiguous group 'UBND cấp xã': it names a group in 2 provinces")
    assert "(hcm-ubnd-cap-xa)" in err and "UBND cấp xã, Quảng Trị (ubnd-cap-xa)" in err
    code, out, _ = run("obligations", "UBND cấp xã", "--on", "2026-09-01", "--province", "ho-chi-minh",
                       "--format", "json")
    assert code == 0 and json.loads(out)["group"]["id"] == "hcm-ubnd-cap-xa"


def test_a_suggestion_names_what_exists_on_the_day() -> None:
    code, _, err = run("due", "Sở Tư phapx", "--by", "2024-06-01")
    assert code == 2 and "(so-tu-phap)" in err and "hcm-" not in err  # the city's bodies: from 1/7/2025
    code, _, err = run("due", "Sở Tư phapx", "--by", "2026-06-01")
    assert code == 2 and "(so-tu-phap)" in err and "(hcm-so-tu-phap)" in err
