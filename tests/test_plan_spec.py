"""The bundled plan and sources index: schema-valid, fully traced, complete."""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from kehoach.loader import load_file

REPO = Path(__file__).resolve().parent.parent
PLAN = REPO / "spec" / "plan.yaml"
INDEX = REPO / "spec" / "sources" / "index.yaml"
PLAN_SCHEMA = REPO / "schema" / "plan.schema.json"
SOURCES_SCHEMA = REPO / "schema" / "sources.schema.json"

APPENDIX_REFS = [
    "PL.1.1", "PL.1.2", "PL.1.3", "PL.1.4", "PL.1.5", "PL.1.6", "PL.1.6.1", "PL.1.6.2", "PL.1.6.3",
    "PL.2.1", "PL.2.2", "PL.2.3", "PL.2.4", "PL.2.5", "PL.2.6", "PL.2.7",
]
TRACED = ("interpretations", "parties", "triggers", "objectives", "requirements", "duties", "indicators")


def _plain(path: Path) -> Any:
    loaded = load_file(path, display=path.name)
    assert loaded.problems == []
    assert loaded.node is not None
    return loaded.node.plain()


def _validator(path: Path) -> Draft202012Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def plan() -> Any:
    return _plain(PLAN)


@pytest.fixture(scope="module")
def index() -> Any:
    return _plain(INDEX)


def _errors(schema: Path, data: Any) -> list[str]:
    return sorted(f"{list(e.absolute_path)}: {e.message}" for e in _validator(schema).iter_errors(data))


def test_first_lines_point_at_the_schemas() -> None:
    assert PLAN.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=../schema/plan.schema.json"
    assert INDEX.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=../../schema/sources.schema.json"


def test_schema_ids_and_draft() -> None:
    for path, urn in ((PLAN_SCHEMA, "urn:kehoach:schema:plan"), (SOURCES_SCHEMA, "urn:kehoach:schema:sources")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$id"] == urn
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_plan_is_schema_valid(plan: Any) -> None:
    assert _errors(PLAN_SCHEMA, plan) == []


def test_index_is_schema_valid(index: Any) -> None:
    assert _errors(SOURCES_SCHEMA, index) == []


def test_every_element_is_traced(plan: Any) -> None:
    for section in TRACED:
        for item in plan[section]:
            source = item["source"]
            assert source["document"] == "kh-cctthc-2024", item["id"]
            assert re.fullmatch(r"[A-Za-z0-9.\-]+", source["ref"]), item["id"]
            quote = source["quote"]
            fragments = [quote] if isinstance(quote, str) else quote
            assert fragments and all(isinstance(f, str) and f.strip() for f in fragments), item["id"]


def test_appendix_rows_all_present(plan: Any) -> None:
    assert [i["source"]["ref"] for i in plan["indicators"]] == APPENDIX_REFS
    assert len(APPENDIX_REFS) == 16


def test_counts(plan: Any) -> None:
    assert [o["id"] for o in plan["objectives"]] == ["muc-tieu-1", "muc-tieu-2", "muc-tieu-3", "muc-tieu-4"]
    assert [r["id"] for r in plan["requirements"]] == ["yeu-cau-1", "yeu-cau-2", "yeu-cau-3"]
    assert [o["source"]["ref"] for o in plan["objectives"]] == ["I.1", "I.2", "I.3", "I.4"]
    assert [r["source"]["ref"] for r in plan["requirements"]] == ["II.1", "II.2", "II.3"]


def test_the_three_deadlines(plan: Any) -> None:
    deadlines = {d["id"]: (d["timing"]["phrase"], d["timing"]["date"], d["timing"]["interpretation"])
                 for d in plan["duties"] if d["timing"]["kind"] == "deadline"}
    assert deadlines == {
        "iii-1-b-de-nghi-cong-bo-nhom-b": ("trước ngày 31/5/2024", "2024-05-31", "before"),
        "iii-1-a-gui-ket-qua-ra-soat": ("trước ngày 31/8/2024", "2024-08-31", "before"),
        "iii-1-b-ra-soat-don-gian-hoa-nhom-b": ("trước ngày 15/9/2024", "2024-09-15", "before"),
    }


def test_recurring_duties_are_the_three_monthly_ones(plan: Any) -> None:
    recurring = sorted((d["id"], d["lead"], d["receive"]) for d in plan["duties"]
                       if d["timing"]["kind"] == "recurring")
    groups = ["co-quan-chuyen-mon", "co-quan-thuoc-ubnd-tinh", "ubnd-cap-huyen"]
    assert recurring == [
        ("iii-2-a-4-thong-ke-hang-thang", groups, []),
        ("iii-2-a-8-cong-khai-danh-gia-chat-luong", ["van-phong-ubnd-tinh"], []),
        ("iv-1-bao-cao-hang-thang", groups, ["ubnd-tinh"]),
    ]


def test_triggered_duty(plan: Any) -> None:
    triggered = [(d["id"], d["timing"]["trigger"]) for d in plan["duties"] if d["timing"]["kind"] == "triggered"]
    assert triggered == [("iii-1-a-thuc-thi-phuong-an", "ttg-phe-duyet-phuong-an")]
    assert [t["id"] for t in plan["triggers"]] == ["ttg-phe-duyet-phuong-an"]


def test_interpretation_defaults(plan: Any) -> None:
    defaults = {i["id"]: i["default"] for i in plan["interpretations"]}
    assert defaults == {
        "before": "exclusive", "monthly-day": 15, "plan-start": "2024-01-25",
        "addressees": "provincial-and-district", "immediately-after": "in-force-next-day",
        "target-judging-date": "2024-12-31", "chu-tri-subject": "trung-tam-phvhcc",
        "approval-trigger": "thu-tuong", "owed-by-appendix": "each", "e-forms-partners": "service-owners",
        "reporting-time": "as-regulated", "bare-target": "at-least",
    }
    assert plan["period"] == {"start": {"interpretation": "plan-start"}, "end": "2024-12-31"}


def test_indicator_targets(plan: Any) -> None:
    rows = {i["id"]: (i["target"]["comparator"], i["target"]["value"]) if i["target"] else None
            for i in plan["indicators"]}
    assert rows == {
        "pl-1-1": ("ge", 80), "pl-1-2": ("ge", 45), "pl-1-3": ("ge", 50), "pl-1-4": ("ge", 80),
        "pl-1-5": ("eq", 100), "pl-1-6": None, "pl-1-6-1": ("eq", 100), "pl-1-6-2": ("ge", 95),
        "pl-1-6-3": ("ge", 80), "pl-2-1": ("eq", 100), "pl-2-2": ("eq", 100), "pl-2-3": ("ge", 50),
        "pl-2-4": ("eq", 100), "pl-2-5": ("eq", 100), "pl-2-6": ("eq", 100), "pl-2-7": ("ge", 90),
    }
    by_id = {i["id"]: i for i in plan["indicators"]}
    assert by_id["pl-1-5"]["same_measure_as"] == "pl-2-5" and by_id["pl-2-5"]["same_measure_as"] == "pl-1-5"
    assert by_id["pl-2-2"]["lead"] == ["ubnd-cap-huyen"]
    assert by_id["pl-2-3"]["source"]["quote"] == ["Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số", "hóa."]
    assert [by_id[f"pl-1-6-{n}"]["lead"] for n in (1, 2, 3)] == [
        ["co-quan-chuyen-mon", "co-quan-thuoc-ubnd-tinh"], ["ubnd-cap-huyen"], ["ubnd-cap-xa"]]


def test_sources_index_as_written(index: Any) -> None:
    docs = {d["id"]: d for d in index["documents"]}
    assert docs["kh-cctthc-2024"]["number"] is None and docs["kh-cctthc-2024"]["date"] is None
    assert docs["kh-cctthc-2024"]["text"] == "kh-cai-cach-tthc-2024-quang-tri.txt"
    # The Quảng Trị plan's citations (the TP.HCM plan's name their text in cited_in).
    assert {k: (d["number"], d["date"]) for k, d in docs.items() if d["cited_by_plan"] and "cited_in" not in d} == {
        "qd-104-2024-ttg": ("104/QĐ-TTg", "2024-01-25"),
        "cv-221-2024-vpcp-kstt": ("221/VPCP-KSTT", "2024-01-10"),
        "nq-01-2024-cp": ("01/NQ-CP", "2024-01-05"),
        "nq-02-2024-cp": ("02/NQ-CP", "2024-01-05"),
        "nq-68-2020-cp": ("68/NQ-CP", "2020-05-12"),
        "qd-468-2021-ttg": ("468/QĐ-TTg", "2021-03-27"),
        "qd-06-2022-ttg": ("06/QĐ-TTg", "2022-01-06"),
        "tt-02-2017-vpcp": ("02/2017/TT-VPCP", "2017-10-31"),
        "kh-198-2022-ubnd": ("198/KH-UBND", "2022-10-31"),
        "cv-6206-2023-ubnd-nc": ("6206/UBND-NC", "2023-11-23"),
        "qd-766-2022-ttg": ("766/QĐ-TTg", "2022-06-23"),
    }
    assert sorted(k for k, d in docs.items() if not d["cited_by_plan"]) == [
        "blds-2015", "kh-cctthc-2024", "nd-09-2019-cp", "qd-2820-2025-ubnd-hcm"]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda p: p["duties"][0].__setitem__("colour", "x"), "Additional properties are not allowed"),
        (lambda p: p["duties"][1]["timing"].pop("date"), "'date' is a required property"),
        (lambda p: p["duties"][1]["timing"].__setitem__("date", "2024-02-30"), "is not a 'date'"),
        (lambda p: p["duties"][0].__setitem__("id", "III-1-A"), "does not match"),
        (lambda p: p["indicators"][0]["target"].__setitem__("value", 120), "is greater than the maximum of 100"),
        (lambda p: p["duties"][0]["source"].__setitem__("ref", "III.1.z.9"), "does not match"),
        (lambda p: p.__setitem__("schema_version", "2.0"), "'1.0' was expected"),
        (lambda p: p["duties"][0]["timing"].__setitem__("kind", "sometimes"), "is not one of"),
    ],
)
def test_schema_rejects(plan: Any, mutate: Any, expected: str) -> None:
    broken = json.loads(json.dumps(plan))
    mutate(broken)
    errors = _errors(PLAN_SCHEMA, broken)
    assert errors and any(expected in e for e in errors), errors


def test_sources_schema_rejects_unknown_key(index: Any) -> None:
    broken = json.loads(json.dumps(index))
    broken["documents"][1]["titel"] = "x"
    assert _errors(SOURCES_SCHEMA, broken) == [
        "['documents', 1]: Additional properties are not allowed ('titel' was unexpected)"]


def test_patterns_do_not_backtrack() -> None:
    patterns: set[str] = set()
    for path in (PLAN_SCHEMA, SOURCES_SCHEMA):
        stack: list[Any] = [json.loads(path.read_text(encoding="utf-8"))]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if isinstance(item.get("pattern"), str):
                    patterns.add(item["pattern"])
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    assert len(patterns) >= 4
    hostile = ["a" + "-a" * 20000 + "-", "1" * 40000 + "x", "PL." + ".1" * 20000, "I" * 40000 + "!"]
    started = time.perf_counter()
    for pattern in patterns:
        for text in hostile:
            re.search(pattern, text)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize(("default", "ok"), [(15, True), ("last", True), (28, True), (29, True), (31, True), (32, False), ("cuối", False), (0, False)])
def test_monthly_day_default_range(plan: Any, default: object, ok: bool) -> None:
    broken = json.loads(json.dumps(plan))
    next(i for i in broken["interpretations"] if i["id"] == "monthly-day")["default"] = default
    assert (_errors(PLAN_SCHEMA, broken) == []) is ok


def test_choices_and_value_type_are_exclusive(plan: Any) -> None:
    broken = json.loads(json.dumps(plan))
    next(i for i in broken["interpretations"] if i["id"] == "before")["value_type"] = "date"
    assert _errors(PLAN_SCHEMA, broken) != []


def test_cited_document_needs_its_citation(index: Any) -> None:
    broken = json.loads(json.dumps(index))
    del broken["documents"][1]["cited_at"]
    assert _errors(SOURCES_SCHEMA, broken) == ["['documents', 1]: 'cited_at' is a required property"]
