"""tools/gen_registry.py: deterministic, up to date, loud when the source data changes."""

from __future__ import annotations

import copy
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
TOOL = REPO / "tools" / "gen_registry.py"
REGISTRY_YAML = REPO / "spec" / "registry.yaml"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_registry", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _load_tool()

def _installed(version: str) -> bool:
    """True when vietnam-provinces ``version`` is installed (each registry pins its own data)."""
    if importlib.util.find_spec("vietnam_provinces") is None:
        return False
    from importlib.metadata import version as installed

    return bool(installed("vietnam-provinces") == version)


needs_package = pytest.mark.skipif(
    not _installed(gen.PACKAGE_VERSION),
    reason="vietnam-provinces==0.5.0 is not installed (build-time tool dependency; "
    "pip install vietnam-provinces==0.5.0 to run)",
)
# The Quảng Trị registry also reads 0.6.0 and 2025.10.1, each from its own interpreter:
# GEN_REGISTRY_PYTHONS="0.6.0=/venv060/bin/python 2025.10.1=/venv2025/bin/python".
PYTHONS = dict(item.split("=", 1) for item in os.environ.get("GEN_REGISTRY_PYTHONS", "").split() if "=" in item)
PYTHON_ARGS = [arg for version, python in sorted(PYTHONS.items()) for arg in ("--python", f"{version}={python}")]
needs_package = pytest.mark.skipif(
    not _installed(gen.PACKAGE_VERSION) or {gen.MERGERS_VERSION, gen.TWO_LEVEL_VERSION} - set(PYTHONS),
    reason="vietnam-provinces==0.5.0 is not installed, or GEN_REGISTRY_PYTHONS does not name interpreters "
    "with 0.6.0 and 2025.10.1 (build-time tool dependencies)",
)
needs_hcm_package = pytest.mark.skipif(
    not _installed(gen.HCM_PACKAGE_VERSION),
    reason="vietnam-provinces==2025.10.1 is not installed (build-time tool dependency; "
    "pip install vietnam-provinces==2025.10.1 to run)",
)
HCM_YAML = REPO / "spec" / "registries" / "ho-chi-minh.yaml"


def _fake_provinces() -> list[dict[str, Any]]:
    """A tiny payload shaped like vietnam-provinces' nested JSON, with the expected counts."""
    wards: list[dict[str, Any]] = [
        {"name": f"Xã Gộp {code}", "code": code} for code in sorted(gen.MERGED_2025)
    ]
    kinds = [("Xã", 101 - len(wards)), ("Phường", 13), ("Thị trấn", 11)]
    code = 19000
    for prefix, n in kinds:
        for i in range(n):
            code += 1
            wards.append({"name": f"{prefix} Thử {i}", "code": code})
    districts = [{"name": f"Huyện Thử {i}", "code": 460 + i, "wards": []} for i in range(10)]
    districts[0]["wards"] = wards
    return [{"name": "Tỉnh Quảng Trị", "code": 45, "districts": districts}]


def _fake_2025_01(provinces: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The fake 2024 data after 1/1/2025: the MERGED_2025 codes gone."""
    after = copy.deepcopy(provinces)
    for d in after[0]["districts"]:
        d["wards"] = [w for w in d["wards"] if w["code"] not in gen.MERGED_2025]
    return after


def _fake_2025_07() -> list[dict[str, Any]]:
    """78 commune-level units of Quảng Trị after 1/7/2025, one reusing an id of the fake 2024 data."""
    wards = [{"name": "Phường Đồng Hới", "code": 18880}, {"name": "Xã Thử 0", "code": 19999}]
    wards += [{"name": f"Phường Mới {i}", "code": 18000 + i} for i in range(7)]
    wards += [{"name": f"Xã Mới {i}", "code": 18100 + i} for i in range(68)]
    wards.append({"name": "Đặc khu Cồn Cỏ", "code": 19800})
    return [{"name": "Tỉnh Quảng Trị", "code": 44, "wards": wards}]


def _fake_build() -> dict[str, Any]:
    data = _fake_provinces()
    return gen.build(data, {gen.MERGERS_VERSION: _fake_2025_01(data), gen.TWO_LEVEL_VERSION: _fake_2025_07()})


# ------------------------------------------------------------------ no package needed
def test_slug() -> None:
    assert gen.slug("Đông Hà") == "dong-ha"
    assert gen.slug("Phường 1") == "phuong-1"
    assert gen.slug("Mò Ó") == "mo-o"


def test_split_unit() -> None:
    assert gen.split_unit("Thị trấn Hồ Xá") == ("thi-tran", "Thị trấn", "Hồ Xá", "TT")
    assert gen.split_unit("Thành phố Đông Hà") == ("thanh-pho", "Thành phố", "Đông Hà", "TP")
    with pytest.raises(SystemExit, match="unknown unit type prefix"):
        gen.split_unit("Quận 1")


def test_scalar_quotes_what_yaml_would_misread() -> None:
    assert gen.scalar("so-tu-phap") == "so-tu-phap"
    assert gen.scalar("1.0") == '"1.0"'
    assert gen.scalar("2024-12-31") == '"2024-12-31"'
    assert gen.scalar("null") == '"null"'
    assert gen.scalar("yes") == '"yes"'
    assert gen.scalar(None) == "null"
    assert gen.scalar('Sở "A"') == '"Sở \\"A\\""'


def test_unexpected_counts_fail_loudly() -> None:
    data = _fake_provinces()
    assert len(gen.units(data)) == 135
    fewer = copy.deepcopy(data)
    fewer[0]["districts"][0]["wards"].pop(0)
    with pytest.raises(SystemExit, match="unexpected unit counts"):
        gen.units(fewer)
    no_district = copy.deepcopy(data)
    no_district[0]["districts"].pop()
    with pytest.raises(SystemExit, match="unexpected unit counts"):
        gen.units(no_district)


def test_render_is_loadable_and_deterministic() -> None:
    doc = _fake_build()
    text = gen.render(doc)
    assert text == gen.render(_fake_build())
    assert text.startswith("# yaml-language-server: $schema=../schema/registry.schema.json\n")
    assert yaml.safe_load(text) == doc


# ------------------------------------------------------------------ with the real data
def test_two_level_units_hang_under_the_province_from_1_7_2025() -> None:
    agencies = {a["id"]: a for a in _fake_build()["agencies"]}
    new = [a for a in agencies.values() if a.get("valid_from") == gen.TWO_LEVEL_FROM and a["level"] == "commune"]
    assert len(new) == 78
    assert {(a["parent"], a["district"]) for a in new} == {("ubnd-tinh", None)}
    assert agencies["ubnd-phuong-dong-hoi"]["gso_code"] == "18880"
    assert "ubnd-xa-thu-0-19999" in agencies  # the id a 2024 unit has takes the GSO code
    assert {a["valid_until"] for a in agencies.values() if a.get("district")} == {"2024-12-31", "2025-06-30"}


def test_so_mergers_are_unverified_and_name_successors() -> None:
    agencies = {a["id"]: a for a in _fake_build()["agencies"]}
    for old, (successors, _) in gen.SO_MERGED_2025.items():
        a = agencies[old]
        assert (a["valid_until"], a["successors"], a["verified"]) == ("2025-02-28", list(successors), False)
        assert "chưa kiểm chứng" in a["note"] and a["validity_document"]
        assert all(s in agencies for s in successors)
    assert agencies["so-nong-nghiep-va-moi-truong"]["valid_from"] == "2025-03-01"


def test_mergers_must_match_the_2025_01_data() -> None:
    data = _fake_provinces()
    wrong = _fake_2025_01(data)
    wrong[0]["districts"][0]["wards"].pop()
    with pytest.raises(SystemExit, match="1/1/2025 mergers"):
        gen.build(data, {gen.MERGERS_VERSION: wrong, gen.TWO_LEVEL_VERSION: _fake_2025_07()})


def test_other_versions_need_an_interpreter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gen, "load_provinces", lambda *args: _fake_provinces())
    with pytest.raises(SystemExit, match="--python 0.6.0=PATH"):
        gen.generate("quang-tri", {})


@needs_package
def test_generated_file_is_up_to_date() -> None:
    assert gen.generate("quang-tri", PYTHONS) == REGISTRY_YAML.read_text(encoding="utf-8")


@needs_package
def test_check_flag(tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, str(TOOL), "--check", *PYTHON_ARGS], capture_output=True, text=True, check=False
    )
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "", "")
    stale = tmp_path / "registry.yaml"
    stale.write_text(REGISTRY_YAML.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, str(TOOL), "--check", "--output", str(stale), *PYTHON_ARGS],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stdout == ""
    assert bad.stderr == f"{stale} is out of date: run tools/gen_registry.py\n"


@needs_package
def test_write_then_check(tmp_path: Path) -> None:
    out = tmp_path / "registry.yaml"
    assert gen.main(["--output", str(out), *PYTHON_ARGS]) == 0
    assert out.read_bytes() == REGISTRY_YAML.read_bytes()
    assert gen.main(["--check", "--output", str(out), *PYTHON_ARGS]) == 0


# ------------------------------------------------------------------ TP.HCM (two-level, no district)
def _fake_hcm() -> list[dict[str, Any]]:
    wards: list[dict[str, Any]] = [{"name": "Phường  Hai  Dấu", "code": 26000}]
    wards += [{"name": f"Phường Thử {i}", "code": 26001 + i} for i in range(112)]
    wards += [{"name": "Xã Thanh An", "code": 25807}, {"name": "Xã Thạnh An", "code": 27676}]
    wards += [{"name": f"Xã Thử {i}", "code": 27000 + i} for i in range(52)]
    wards.append({"name": "Đặc khu Côn Đảo", "code": 26732})
    return [{"name": "Thành phố Hồ Chí Minh", "code": 79, "wards": wards}]


def test_hcm_units_have_no_district_and_hang_under_the_city() -> None:
    communes = gen.hcm_units(_fake_hcm())
    assert len(communes) == 168
    assert {(a["level"], a["parent"], a["district"]) for a in communes} == {("commune", "hcm-ubnd-tp", None)}
    assert all(a["id"].startswith("hcm-") for a in communes)
    by_code = {a["gso_code"]: a for a in communes}
    assert by_code["26732"]["unit_type"] == "dac-khu"
    assert by_code["26732"]["name"] == "Ủy ban nhân dân đặc khu Côn Đảo"
    assert by_code["26000"]["unit_name"] == "Phường Hai Dấu"  # runs of spaces in the data folded


def test_hcm_ids_that_meet_without_marks_carry_the_gso_code() -> None:
    ids = {a["gso_code"]: a["id"] for a in gen.hcm_units(_fake_hcm())}
    assert ids["25807"] == "hcm-ubnd-xa-thanh-an-25807"
    assert ids["27676"] == "hcm-ubnd-xa-thanh-an-27676"
    assert ids["26732"] == "hcm-ubnd-dac-khu-con-dao"


def test_hcm_unexpected_counts_fail_loudly() -> None:
    fewer = _fake_hcm()
    fewer[0]["wards"].pop()
    with pytest.raises(SystemExit, match="unexpected unit counts"):
        gen.hcm_units(fewer)


def test_hcm_groups_and_every_id_is_prefixed() -> None:
    doc = gen.hcm_build(_fake_hcm())
    ids = [a["id"] for a in doc["agencies"]] + [g["id"] for g in doc["groups"]]
    assert all(i.startswith("hcm-") for i in ids) and len(ids) == len(set(ids))
    groups = {g["id"]: g for g in doc["groups"]}
    assert len(groups["hcm-ubnd-cap-xa"]["members"]) == 168
    assert "hcm-so-tai-chinh" in groups["hcm-cac-so-nganh"]["members"]
    assert "hcm-cong-an-tp" not in groups["hcm-cac-so-nganh"]["members"]
    assert groups["hcm-cac-so-nganh-tru-stc"]["exclude"] == ["hcm-so-tai-chinh"]
    sectors = {a["id"]: a.get("sector", "state") for a in doc["agencies"]}
    assert sectors["hcm-cong-an-tp"] == "central" and sectors["hcm-hdnd-tp"] == "elected"
    text = gen.render(doc, "../../schema/registry.schema.json")
    assert text.startswith("# yaml-language-server: $schema=../../schema/registry.schema.json\n"
                           "# GENERATED by tools/gen_registry.py from vietnam-provinces 2025.10.1")
    assert yaml.safe_load(text) == doc


@needs_hcm_package
def test_hcm_file_is_up_to_date() -> None:
    assert gen.generate("ho-chi-minh") == HCM_YAML.read_text(encoding="utf-8")


@needs_hcm_package
def test_hcm_check_flag(tmp_path: Path) -> None:
    ok = subprocess.run([sys.executable, str(TOOL), "--registry", "ho-chi-minh", "--check"],
                        capture_output=True, text=True, check=False)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "", "")
    stale = tmp_path / "ho-chi-minh.yaml"
    stale.write_text(HCM_YAML.read_text(encoding="utf-8").replace("Sài Gòn", "Sai Gon"), encoding="utf-8")
    assert gen.main(["--registry", "ho-chi-minh", "--check", "--output", str(stale)]) == 1
    assert gen.main(["--registry", "ho-chi-minh", "--output", str(stale)]) == 0
    assert stale.read_bytes() == HCM_YAML.read_bytes()


@needs_hcm_package
def test_hcm_real_data_has_168_units_with_gso_codes() -> None:
    doc = yaml.safe_load(HCM_YAML.read_text(encoding="utf-8"))
    communes = [a for a in doc["agencies"] if a["level"] == "commune"]
    assert len(communes) == 168
    assert len({a["gso_code"] for a in communes}) == 168
    assert doc["data_source"] == {"name": "vietnam-provinces", "version": "2025.10.1", "data_date": "2025-10-18",
                                  "note": doc["data_source"]["note"]}
    sai_gon = next(a for a in communes if a["id"] == "hcm-ubnd-phuong-sai-gon")
    assert (sai_gon["gso_code"], sai_gon["unit_name"]) == ("26740", "Phường Sài Gòn")
