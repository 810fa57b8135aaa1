"""QA2 output items: CSV notes on stderr, a heading row explained as such, "1 agency", empty evidence cells."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from _cli_query_support import FACTS, run, spec_loaded_once  # noqa: F401 — autouse fixture

from kehoach.report import ReportOptions, answer_notes, render_answer

OUTSIDE_EN = "2023-06-01 is outside the plan period 2024-01-25 – 2024-12-31"
OUTSIDE_VI = "ngày 2023-06-01 nằm ngoài thời gian thực hiện kế hoạch (2024-01-25 – 2024-12-31)"
GIO_LINH_EN = ("'Gio Linh' also names Thị trấn Gio Linh (ubnd-thi-tran-gio-linh); write 'TT Gio Linh' for it")
HEADER = ["agency_id", "agency_name", "id", "kind", "role", "title", "due", "literal", "last_working_day", "period",
          "target_comparator", "target_value", "target_unit", "ref", "quote", "interpretations"]


def _rows(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out)))


# --------------------------------------------------------------------------- 1. CSV notes go to stderr


def test_csv_out_of_period_keeps_stdout_pure_and_puts_the_note_on_stderr() -> None:
    code, out, err = run("due", "STP", "--by", "2023-06-01", "--format", "csv")
    assert code == 0
    assert _rows(out) == [HEADER]
    assert err == f"note: {OUTSIDE_EN}\n"


def test_csv_note_label_and_text_are_localised() -> None:
    code, out, err = run("due", "STP", "--by", "2023-06-01", "--format", "csv", "--lang", "vi")
    assert (code, _rows(out)) == (0, [HEADER])
    assert err == f"lưu ý: {OUTSIDE_VI}\n"


def test_csv_name_also_matches_note_on_stderr_with_rows_on_stdout() -> None:
    code, out, err = run("due", "Gio Linh", "--by", "2024-03-01", "--format", "csv")
    assert code == 0
    rows = _rows(out)
    assert rows[0] == HEADER
    assert {r[0] for r in rows[1:]} == {"ubnd-huyen-gio-linh"}
    assert len(rows) == 3
    assert err == f"note: {GIO_LINH_EN}\n"


def test_csv_group_and_all_print_each_note_once() -> None:
    for subject in (("ubnd-cap-huyen",), ("--all",)):
        code, out, err = run("due", *subject, "--by", "2023-06-01", "--format", "csv")
        assert (code, _rows(out)) == (0, [HEADER])
        assert err == f"note: {OUTSIDE_EN}\n"


def test_csv_status_and_obligations_notes_on_stderr() -> None:
    code, out, err = run("obligations", "STP", "--on", "2023-06-01", "--format", "csv")
    assert (code, _rows(out)[0], err) == (0, HEADER, f"note: {OUTSIDE_EN}\n")
    code, out, err = run("status", "Gio Linh", "--as-of", "2024-03-01", "--facts", str(FACTS), "--format", "csv")
    assert code == 0
    assert _rows(out)[0] == [*HEADER, "status", "evidence"]
    assert err == f"note: {GIO_LINH_EN}\n"


def test_table_and_json_keep_their_notes_and_a_silent_stderr() -> None:
    code, out, err = run("due", "STP", "--by", "2023-06-01")
    assert (code, err) == (0, "")
    assert f"Notes:\n  {OUTSIDE_EN}\n" in out
    code, out, err = run("due", "STP", "--by", "2023-06-01", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["notes"] == [OUTSIDE_EN]


def test_csv_without_notes_has_an_empty_stderr() -> None:
    code, out, err = run("due", "Sở Tư pháp", "--by", "2024-06-01", "--format", "csv")
    assert (code, err) == (0, "")
    assert len(_rows(out)) > 1


def test_answer_notes_are_localised_and_unique() -> None:
    detail = {"code": "outside-period", "date": "2023-06-01", "start": "2024-01-25", "end": "2024-12-31"}
    one = {"notes": [OUTSIDE_EN], "note_details": [detail]}
    group = {"group": {"id": "g", "name": "G"}, "answers": [one, one], "notes": [], "note_details": []}
    assert answer_notes(group, "vi") == [OUTSIDE_VI]
    assert answer_notes({"notes": ["plain"], "note_details": []}, "en") == ["plain"]
    assert answer_notes({"agencies": []}, "en") == []


# --------------------------------------------------------------------------- 2. a heading row


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


# --------------------------------------------------------------------------- 3. plural


def test_one_agency_is_singular_in_english() -> None:
    code, out, err = run("agencies", "gio my")
    assert (code, err) == (0, "")
    assert out.endswith("\n\n1 agency\n")
    code, out, err = run("agencies", "gio my", "--lang", "vi")
    assert (code, err) == (0, "")
    assert out.endswith("\n\n1 cơ quan\n")
    code, out, _ = run("agencies", "gio linh")
    assert out.endswith(" agencies\n") and not out.endswith("\n1 agencies\n")


def _one_member_group(lang: str) -> str:
    code, out, err = run("due", "ubnd-cap-huyen", "--by", "2024-02-29", "--format", "json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    data["answers"] = data["answers"][:1]
    return render_answer("table", "due", data, ReportOptions(lang=lang)).splitlines()[1]


def test_a_group_of_one_agency_is_singular() -> None:
    assert _one_member_group("en") == "UBND cấp huyện (ubnd-cap-huyen): 1 agency"
    assert _one_member_group("vi") == "UBND cấp huyện (ubnd-cap-huyen): 1 cơ quan"


def test_a_group_of_several_agencies_is_plural() -> None:
    code, out, err = run("due", "ubnd-cap-huyen", "--by", "2024-02-29")
    assert (code, err) == (0, "")
    assert out.splitlines()[1].startswith("UBND cấp huyện (ubnd-cap-huyen): ")
    assert out.splitlines()[1].endswith(" agencies")


# --------------------------------------------------------------------------- 4. empty evidence cell


def test_status_csv_prints_an_empty_cell_for_empty_evidence() -> None:
    code, out, err = run("status", "UBND huyện Gio Linh", "--as-of", "2024-10-15", "--facts", str(FACTS),
                         "--format", "csv")
    assert (code, err) == (0, "")
    rows = _rows(out)
    evidence = rows[0].index("evidence")
    status = rows[0].index("status")
    monthly = [r for r in rows[1:] if r[status] == "open" and r[9] in ("2024-10", "2024-11", "2024-12")]
    assert len(monthly) == 6
    assert {r[evidence] for r in monthly} == {""}
    assert all(r[evidence] != "{}" for r in rows[1:])
    assert {r[evidence] for r in rows[1:] if r[status] == "overdue"} >= {'{"days_overdue": 30}'}


def test_a_group_given_as_agency_is_explained_in_both_languages() -> None:
    from click.testing import CliRunner

    from kehoach.cli import cli

    for lang, start in (("en", "'ubnd-cap-xa' is a group ("), ("vi", "'ubnd-cap-xa' là một nhóm (")):
        result = CliRunner().invoke(cli, ["explain", "pl-1-6-3", "--agency", "ubnd-cap-xa", "--lang", lang])
        assert result.exit_code == 2
        assert start in result.output
