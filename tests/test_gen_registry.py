"""tools/gen_registry.py: deterministic, up to date, loud when the source data changes."""

from __future__ import annotations

import copy
import importlib.util
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

needs_package = pytest.mark.skipif(
    importlib.util.find_spec("vietnam_provinces") is None,
    reason="vietnam-provinces==0.5.0 is not installed (build-time tool dependency; "
    "pip install vietnam-provinces==0.5.0 to run)",
)


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
    doc = gen.build(_fake_provinces())
    text = gen.render(doc)
    assert text == gen.render(gen.build(_fake_provinces()))
    assert text.startswith("# yaml-language-server: $schema=../schema/registry.schema.json\n")
    assert yaml.safe_load(text) == doc


# ------------------------------------------------------------------ with the real data
@needs_package
def test_generated_file_is_up_to_date() -> None:
    assert gen.generate() == REGISTRY_YAML.read_text(encoding="utf-8")


@needs_package
def test_check_flag(tmp_path: Path) -> None:
    ok = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, check=False
    )
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "", "")
    stale = tmp_path / "registry.yaml"
    stale.write_text(REGISTRY_YAML.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, str(TOOL), "--check", "--output", str(stale)],
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
    assert gen.main(["--output", str(out)]) == 0
    assert out.read_bytes() == REGISTRY_YAML.read_bytes()
    assert gen.main(["--check", "--output", str(out)]) == 0
