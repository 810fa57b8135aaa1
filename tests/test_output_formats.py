"""What the renderers print beyond the rows: CSV notes on stderr (stdout stays pure CSV), localised notes,
"1 agency" against "N agencies", empty evidence cells, source quotes as lists of fragments, and the
provisional mark on targets judged before their judging date."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from _cli_query_support import FACTS, run, spec_loaded_once  # noqa: F401  (autouse fixture)

import kehoach
from kehoach.report import ReportOptions, answer_notes, render_answer

OUTSIDE_EN = "2023-06-01 is outside the plan period 2024-01-25 – 2024-12-31"


OUTSIDE_VI = "ngày 2023-06-01 nằm ngoài thời gian thực hiện kế hoạch (2024-01-25 – 2024-12-31)"


GIO_LINH_EN = ("'Gio Linh' also names Thị trấn Gio Linh (ubnd-thi-tran-gio-linh); write 'TT Gio Linh' for it")


HEADER = ["agency_id", "agency_name", "id", "kind", "role", "title", "due", "literal", "last_working_day", "period",
          "target_comparator", "target_value", "target_unit", "ref", "quote", "interpretations"]


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec(plan="qt-cctthc-2024")


def _rows(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out)))


# --------------------------------------------------------------------------- CSV notes go to stderr


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


# --------------------------------------------------------------------------- singular and plural counts


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


# --------------------------------------------------------------------------- empty evidence cells


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
    assert {r[evidence] for r in rows[1:] if r[status] == "overdue"} >= {
        '{"days_overdue": 30, "final": false, "rests_on": ["monthly-day", "plan-start"]}'}


# --------------------------------------------------------------------------- source quotes


def test_source_quote_is_always_a_list(spec: kehoach.Spec) -> None:
    data = kehoach.to_json_data(kehoach.due(spec, "UBND huyện Gio Linh", "2024-12-31"))
    quotes = [o["source"]["quote"] for o in data["obligations"]]
    assert quotes and all(isinstance(q, list) and q and all(isinstance(f, str) for f in q) for q in quotes)
    split = next(o for o in data["obligations"] if o["id"] == "iii-1-a-gui-ket-qua-ra-soat")
    assert split["source"]["quote"] == ["Kết quả rà soát gửi về Văn phòng UBND tỉnh", "trước ngày 31/8/2024"]


def test_explain_table_joins_fragments() -> None:
    code, out, _ = run("explain", "iii-1-a-gui-ket-qua-ra-soat", "--agency", "UBND huyện Gio Linh")
    assert code == 0
    assert "“Kết quả rà soát gửi về Văn phòng UBND tỉnh … trước ngày 31/8/2024”" in out


# --------------------------------------------------------------------------- provisional targets


@pytest.mark.parametrize(("lang", "mark"), [("en", "(provisional)"), ("vi", "(tạm tính)")])
def test_targets_before_judging_date_are_provisional(lang: str, mark: str) -> None:
    code, out, _ = run("status", "so-tu-phap", "--as-of", "2024-09-10", "--facts", str(FACTS), "--lang", lang)
    code_json, data, _ = run("status", "so-tu-phap", "--as-of", "2024-09-10", "--facts", str(FACTS), "--format", "json")
    assert code_json == 0
    items = json.loads(data)["items"]
    targets = [i["id"] for i in items if i["kind"] == "target" and i["evidence"].get("final") is False]
    assert targets == ["pl-1-1", "pl-1-2"]  # PL.1.1 met and PL.1.2 not met, both measured in September
    provisional = [i for i in items if i["evidence"].get("final") is False]
    assert code == 0 and out.count(mark) == len(provisional)  # the targets and the monthly duties on day 15
    code, data, _ = run("status", "so-tu-phap", "--as-of", "2024-12-31", "--facts", str(FACTS), "--format", "json")
    final = json.loads(data)["items"]
    assert code == 0 and all(i["evidence"].get("final") is not False for i in final if i["kind"] == "target")
