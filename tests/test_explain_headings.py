"""`kehoach explain` on a heading row (a row whose targets are in its sub-rows): it names its parts and
nothing else, in both languages and as JSON; a row with a target is not a heading."""
from __future__ import annotations

import json

from _cli_query_support import run, spec_loaded_once  # noqa: F401  (autouse fixture)

HEADING_EN = """\
Obligation: Tỷ lệ xử lý văn bản, hồ sơ công việc (trừ hồ sơ mật) trên môi trường mạng [pl-1-6]

Source: section PL.1.6, Số: /KH-UBND “Cải cách thủ tục hành chính trọng tâm năm 2024” [kh-cctthc-2024]
  “Tỷ lệ xử lý văn bản, hồ sơ công việc (trừ hồ sơ mật) trên môi trường mạng”

This row is a heading: its targets are in PL.1.6.1, PL.1.6.2 and PL.1.6.3.
  PL.1.6.1: Đối với các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh (= 100 %) [pl-1-6-1]
  PL.1.6.2: Đối với các phòng, ban và tương đương thuộc UBND cấp huyện. (≥ 95 %) [pl-1-6-2]
  PL.1.6.3: Đối với UBND cấp xã. (≥ 80 %) [pl-1-6-3]
"""


def test_explain_heading_row_names_its_parts_and_nothing_else() -> None:
    code, out, err = run("explain", "pl-1-6")
    assert (code, err) == (0, "")
    assert out == HEADING_EN
    for absent in ("Who owes it", "continuously", "How the dates", "In one sentence"):
        assert absent not in out


def test_explain_heading_row_in_vietnamese() -> None:
    code, out, err = run("explain", "pl-1-6", "--lang", "vi")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == \
        "Nghĩa vụ: Tỷ lệ xử lý văn bản, hồ sơ công việc (trừ hồ sơ mật) trên môi trường mạng [pl-1-6]"
    assert out.splitlines()[5:] == [
        "Dòng này là dòng tiêu đề: các chỉ tiêu nằm ở PL.1.6.1, PL.1.6.2 và PL.1.6.3.",
        "  PL.1.6.1: Đối với các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh (= 100 %) [pl-1-6-1]",
        "  PL.1.6.2: Đối với các phòng, ban và tương đương thuộc UBND cấp huyện. (≥ 95 %) [pl-1-6-2]",
        "  PL.1.6.3: Đối với UBND cấp xã. (≥ 80 %) [pl-1-6-3]",
    ]
    assert "Ai phải thực hiện" not in out and "thường xuyên" not in out and "Tóm lại" not in out


def test_explain_heading_row_as_json() -> None:
    code, out, err = run("explain", "pl-1-6", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["heading"] is True
    assert data["obligation"]["kind"] == "heading"
    assert [(p["id"], p["ref"], p["target"]["comparator"], p["target"]["value"]) for p in data["parts"]] == [
        ("pl-1-6-1", "PL.1.6.1", "eq", 100), ("pl-1-6-2", "PL.1.6.2", "ge", 95), ("pl-1-6-3", "PL.1.6.3", "ge", 80)]
    assert (data["owed_by"], data["interpretations"], data["dates"]["instances"]) == ([], [], [])
    assert data["sentence"] == {
        "en": "This row is a heading: its targets are in PL.1.6.1, PL.1.6.2 and PL.1.6.3.",
        "vi": "Dòng này là dòng tiêu đề: các chỉ tiêu nằm ở PL.1.6.1, PL.1.6.2 và PL.1.6.3.",
    }


def test_explain_heading_row_for_an_agency_shows_no_why_section() -> None:
    code, out, err = run("explain", "pl-1-6", "--agency", "Sở Tư pháp")
    assert (code, err) == (0, "")
    assert out == HEADING_EN


def test_a_row_with_a_target_is_not_a_heading() -> None:
    code, out, err = run("explain", "pl-1-6-3", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["heading"], data["parts"], data["obligation"]["kind"]) == (False, [], "target")
