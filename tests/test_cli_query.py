"""The query commands through the CLI: issue 3's done-when answers, formats, languages, exit codes, errors."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from _cli_query_support import FACTS, run, spec_loaded_once  # noqa: F401 — autouse fixture

import kehoach
from kehoach import cli_query
from kehoach.report import query_language


def _json(*args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(*args, "--format", "json")
    assert (code, err) == (0, ""), err
    assert out.endswith("}\n")
    return json.loads(out)  # type: ignore[no-any-return]


def _deadlines(data: dict) -> set[tuple[str, str, str | None]]:  # type: ignore[type-arg]
    return {(o["id"], o["due"], o["literal"]) for o in data["obligations"] if o["kind"] == "deadline"}


# --------------------------------------------------------------------------- done when (issue 3)


def test_so_tu_phap_by_june_has_the_may_deadline_not_the_september_one() -> None:
    data = _json("due", "Sở Tư pháp", "--by", "2024-06-01")
    assert data["agency"]["id"] == "so-tu-phap"
    assert _deadlines(data) == {("iii-1-b-de-nghi-cong-bo-nhom-b", "2024-05-30", "2024-05-31")}
    refs = {o["source"]["ref"] for o in data["obligations"]}
    assert "III.1.b" in refs
    assert all(o["due"] <= "2024-06-01" for o in data["obligations"])


def test_so_tu_phap_table_lists_the_deadline_row() -> None:
    code, out, err = run("due", "Sở Tư pháp", "--by", "01/06/2024")
    assert (code, err) == (0, "")
    assert "2024-05-30  2024-05-30           III.1.b  deadline   lead" in out
    assert "[iii-1-b-de-nghi-cong-bo-nhom-b]" in out
    assert "iii-1-b-ra-soat-don-gian-hoa-nhom-b" not in out
    assert "  before = exclusive (default): " in out


def test_gio_linh_by_end_of_september() -> None:
    data = _json("due", "UBND huyện Gio Linh", "--by", "2024-09-30")
    assert data["agency"]["id"] == "ubnd-huyen-gio-linh"
    assert _deadlines(data) == {
        ("iii-1-a-gui-ket-qua-ra-soat", "2024-08-30", "2024-08-31"),
        ("iii-1-b-de-nghi-cong-bo-nhom-b", "2024-05-30", "2024-05-31"),
        ("iii-1-b-ra-soat-don-gian-hoa-nhom-b", "2024-09-14", "2024-09-15"),
    }
    monthly = sorted(o["period"] for o in data["obligations"] if o["id"] == "iv-1-bao-cao-hang-thang")
    assert monthly == ["2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09"]


def test_a_commune_owes_row_6_3_but_nothing_of_iii_1_b() -> None:
    data = _json("due", "xã Gio Mỹ", "--by", "2024-12-31")
    assert data["agency"]["id"] == "ubnd-xa-gio-my"
    targets = [o for o in data["obligations"] if o["kind"] == "target"]
    assert [(o["id"], o["source"]["ref"], o["target"]) for o in targets] == [
        ("pl-1-6-3", "PL.1.6.3", {"indicator": "pl-1-6-3", "comparator": "ge", "value": 80, "unit": "%",
                                  "owed_by": "each"})]
    assert not [o for o in data["obligations"] if o["source"]["ref"] == "III.1.b"]


def test_van_phong_on_first_of_july_evaluates_every_indicator_and_publishes_monthly() -> None:
    data = _json("obligations", "Văn phòng UBND tỉnh", "--on", "2024-07-01")
    spec = kehoach.load_spec(plan="qt-cctthc-2024")
    with_target = {i.id for i in spec.plan.indicators if i.target is not None}
    evaluated = {o["id"] for o in data["obligations"] if o["role"] == "evaluate"}
    assert evaluated == with_target
    publication = [o for o in data["obligations"] if o["id"] == "iii-2-a-8-cong-khai-danh-gia-chat-luong"]
    assert [(o["kind"], o["period"], o["due"], o.get("past_due", False)) for o in publication] == [
        ("recurring", "2024-06", "2024-06-15", True), ("recurring", "2024-07", "2024-07-15", False)]
    assert "Quyết định 766/QĐ-TTg" in publication[0]["title"]
    assert publication[0]["source"]["ref"] == "III.2.a"


def test_status_with_example_facts_shows_every_status_and_equals_the_api() -> None:
    data = _json("status", "Sở Tư pháp", "--as-of", "2024-09-10", "--facts", str(FACTS))
    assert {i["status"] for i in data["items"]} == {
        "done_on_time", "done_late", "overdue", "open", "waiting", "met", "not_met", "no_data"}
    spec = kehoach.load_spec(plan="qt-cctthc-2024")
    facts = kehoach.load_facts([str(FACTS)], spec)
    expected = kehoach.to_json_data(kehoach.status(spec, "Sở Tư pháp", "2024-09-10", facts))
    assert data == expected


def test_json_output_is_exactly_the_api_contract() -> None:
    code, out, _ = run("due", "Sở Tư pháp", "--by", "2024-06-01", "--format", "json")
    spec = kehoach.load_spec(plan="qt-cctthc-2024")
    expected = kehoach.to_json_data(kehoach.due(spec, "Sở Tư pháp", "2024-06-01"))
    assert code == 0
    assert out == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- options


def test_assume_changes_the_due_date_and_is_shown() -> None:
    data = _json("due", "so-tu-phap", "--by", "2024-06-01", "--assume", "before=inclusive")
    assert _deadlines(data) == {("iii-1-b-de-nghi-cong-bo-nhom-b", "2024-05-31", "2024-05-31")}
    assert data["interpretations_used"]["before"] == "inclusive"
    code, out, _ = run("due", "so-tu-phap", "--by", "2024-06-01", "--assume", "before=inclusive")
    assert code == 0
    assert "  before = inclusive (assumed for this query): Được nộp cả trong ngày D." in out


def test_from_limits_the_window() -> None:
    data = _json("due", "so-tu-phap", "--from", "2024-05-16", "--by", "2024-06-01")
    assert [(o["id"], o["due"]) for o in data["obligations"]] == [("iii-1-b-de-nghi-cong-bo-nhom-b", "2024-05-30")]
    assert data["query"] == {"agency": "so-tu-phap", "by": "2024-06-01", "since": "2024-05-16"}


def test_outside_the_plan_period_is_a_visible_note() -> None:
    # today pinned to 2026-11-25, when "Sở Tư pháp" names a body of each province: say which
    data = _json("obligations", "Sở Tư pháp", "--province", "quang-tri")
    assert data["obligations"] == []
    assert data["notes"] == ["2026-11-25 is outside the plan period 2024-01-25 – 2024-12-31"]
    code, out, _ = run("obligations", "Sở Tư pháp", "--province", "quang-tri", "--lang", "vi")
    assert code == 0
    assert "Lưu ý:\n  ngày 2026-11-25 nằm ngoài thời gian thực hiện kế hoạch (2024-01-25 – 2024-12-31)\n" in out
    assert "(không có nghĩa vụ nào)" in out


def test_language_follows_the_locale() -> None:
    assert query_language({"LANG": "vi_VN.UTF-8"}) == "vi"
    assert query_language({"LANG": "vi_VN.UTF-8", "LC_ALL": "en_US.UTF-8"}) == "en"
    assert query_language({"LC_MESSAGES": "vi_VN"}) == "vi"
    assert query_language({}) == "en"
    assert query_language({"KEHOACH_LANG": "vi", "LANG": "en_US"}) == "vi"
    _, out, _ = run("due", "so-tu-phap", "--by", "2024-02-20", env={"LANG": "vi_VN.UTF-8"})
    assert out.startswith("Sở Tư pháp (so-tu-phap): nghĩa vụ đến hạn đến ngày 2024-02-20\n")
    _, out, _ = run("due", "so-tu-phap", "--by", "2024-02-20", "--lang", "en", env={"LANG": "vi_VN.UTF-8"})
    assert out.startswith("Sở Tư pháp (so-tu-phap): obligations due by 2024-02-20\n")


def test_color_always_and_no_color() -> None:
    args = ("status", "so-tu-phap", "--as-of", "2024-09-10", "--facts", str(FACTS))
    _, painted, _ = run(*args, "--color", "always")
    assert "\x1b[32mdone on time\x1b[0m" in painted
    _, plain, _ = run(*args, "--color", "auto", env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain


def test_csv_has_one_row_per_obligation() -> None:
    code, out, _ = run("due", "so-tu-phap", "--by", "2024-06-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert len(rows) == 9
    deadline = [r for r in rows if r["kind"] == "deadline"]
    assert [(r["agency_id"], r["id"], r["due"], r["literal"], r["ref"]) for r in deadline] == [
        ("so-tu-phap", "iii-1-b-de-nghi-cong-bo-nhom-b", "2024-05-30", "2024-05-31", "III.1.b")]


def test_status_fail_on_gives_exit_1_only_when_the_status_occurs() -> None:
    args = ("status", "so-tu-phap", "--as-of", "2024-09-10", "--facts", str(FACTS), "--format", "json")
    assert run(*args)[0] == 0
    assert run(*args, "--fail-on", "overdue")[0] == 1
    assert run(*args, "--fail-on", "waiting,not_met")[0] == 1
    code, _, _ = run("status", "so-tu-phap", "--as-of", "2024-02-01", "--facts", str(FACTS), "--fail-on", "overdue")
    assert code == 0


def test_group_query_gives_one_answer_per_member() -> None:
    data = _json("due", "ubnd-cap-huyen", "--from", "2024-02-01", "--by", "2024-02-29")
    assert data["group"] == {"id": "ubnd-cap-huyen", "name": "UBND cấp huyện"}
    assert len(data["answers"]) == 10
    assert {a["agency"]["id"] for a in data["answers"]} >= {"ubnd-huyen-gio-linh", "ubnd-huyen-con-co"}
    same = _json("due", "UBND cấp huyện", "--from", "2024-02-01", "--by", "2024-02-29")
    assert same == data
    code, out, _ = run("due", "ubnd-cap-huyen", "--from", "2024-02-01", "--by", "2024-02-29", "--format", "csv")
    assert code == 0
    assert len(list(csv.DictReader(io.StringIO(out)))) == 20  # two monthly duties × 10 districts


def test_all_agencies() -> None:
    data = _json("obligations", "--all", "--on", "2024-07-01")
    assert data["group"]["id"] == "all"
    registry = kehoach.load_spec(plan="qt-cctthc-2024").registry  # its agencies that exist that day
    assert len(data["answers"]) == len(registry.agencies_on(date(2024, 7, 1))) < len(registry.agencies)


def test_explain_ends_with_a_sentence_in_vietnamese() -> None:
    code, out, err = run("explain", "iii-1-b-de-nghi-cong-bo-nhom-b", "--agency", "Sở Tư pháp", "--lang", "vi")
    assert (code, err) == (0, "")
    assert "Nguồn: mục III.1.b" in out
    assert "→ hạn cuối theo before=exclusive: 2024-05-30" in out
    last = out.rstrip("\n").split("Tóm lại:\n", 1)[1]
    assert " ".join(last.split()).startswith("Theo mục III.1.b Kế hoạch “Cải cách thủ tục hành chính trọng tâm")
    assert "tức hạn cuối là ngày 30/05/2024" in " ".join(last.split())


def test_explain_json_names_the_chain_and_dates() -> None:
    data = _json("explain", "iii-1-a-gui-ket-qua-ra-soat", "--agency", "ubnd-huyen-gio-linh")
    assert data["agency"]["roles"] == [{"role": "lead", "via": [
        {"id": "cac-co-quan-don-vi-dia-phuong", "name": "các cơ quan, đơn vị, địa phương"},
        {"id": "addressees", "name": "addressees=provincial-and-district"},
        {"id": "ubnd-cap-huyen", "name": "UBND cấp huyện"}]}]
    assert data["dates"]["instances"] == [{"period": None, "literal": "2024-08-31", "due": "2024-08-30",
                                           "last_working_day": "2024-08-30", "due_is_working_day": True}]
    assert data["source"]["ref"] == "III.1.a"


def test_agencies_search() -> None:
    data = _json("agencies", "gio linh", "--on", "2024-06-01")
    ids = [a["id"] for a in data["agencies"]]
    assert "ubnd-huyen-gio-linh" in ids
    assert all(a["district"] == "ubnd-huyen-gio-linh" for a in data["agencies"] if a["level"] == "commune")
    later = [a["id"] for a in _json("agencies", "gio linh", "--on", "2025-08-01")["agencies"]]
    assert later == ["ubnd-xa-gio-linh"]  # the district and its communes ended on 30/6/2025
    code, out, _ = run("agencies", "so tu phap")
    assert code == 0
    assert "so-tu-phap" in out and "co-quan-chuyen-mon" in out


def test_every_query_command_has_an_example_in_its_help() -> None:
    for command in cli_query.QUERY_COMMANDS:
        assert command.name is not None
        code, out, _ = run(command.name, "--help")
        assert code == 0
        assert "Example:  kehoach " + command.name in out


# --------------------------------------------------------------------------- errors: exit 2, no traceback


def test_unknown_agency_suggests() -> None:
    assert run("due", "Sở Tư phapx", "--by", "2024-06-01") == (
        2, "", "Error: unknown agency 'Sở Tư phapx'\ndid you mean:\n  Sở Tư pháp (so-tu-phap)\n")


def test_ambiguous_agency_lists_candidates_with_district() -> None:
    assert run("obligations", "UBND phường 1", "--on", "2024-07-01") == (
        2, "",
        ("Error: ambiguous agency 'UBND phường 1': it matches 2 agencies; use the id or add the district\n"
        "  Ủy ban nhân dân phường 1 (Thành phố Đông Hà) (ubnd-phuong-1-dong-ha)\n"
        "  Ủy ban nhân dân phường 1 (Thị xã Quảng Trị) (ubnd-phuong-1-quang-tri)\n"))


@pytest.mark.parametrize(("argv", "message"), [
    (("due", "so-tu-phap", "--by", "2024-02-30"),
     ("Error: invalid date for --by: '2024-02-30' (day is out of range for month); "
     "expected YYYY-MM-DD or DD/MM/YYYY\n")),
    (("due", "so-tu-phap", "--by", "31/02/2024"),
     ("Error: invalid date for --by: '31/02/2024' (day is out of range for month); "
     "expected YYYY-MM-DD or DD/MM/YYYY\n")),
    (("obligations", "so-tu-phap", "--on", "tomorrow"),
     "Error: invalid date for --on: 'tomorrow'; expected YYYY-MM-DD or DD/MM/YYYY\n"),
    (("due", "so-tu-phap", "--by", "2024-06-01", "--assume", "before=maybe"),
     "Error: invalid --assume 'before=maybe': before must be one of: exclusive, inclusive, inclusive-rolled\n"),
    (("due", "so-tu-phap", "--by", "2024-06-01", "--assume", "nonsense"),
     "Error: invalid --assume 'nonsense': expected ID=VALUE, e.g. before=inclusive\n"),
    (("due", "so-tu-phap", "--by", "2024-06-01", "--assume", "monthly-day=32"),
     "Error: invalid --assume 'monthly-day=32': expected a day of month 1–31 or 'last'\n"),
    (("status", "so-tu-phap", "--fail-on", "late"),
     ("Error: invalid --fail-on 'late'; valid: done_on_time, done_late, overdue, open, waiting, met, not_met, "
     "no_data, not_judged\n")),
    (("explain", "iii-1-b-de-nghi-cong-bo"),
     "Error: unknown obligation 'iii-1-b-de-nghi-cong-bo'\ndid you mean:\n  iii-1-b-de-nghi-cong-bo-nhom-b\n"),
    (("due", "--by", "2024-06-01"), "Error: missing AGENCY (or --all)\n"),
    (("due", "so-tu-phap", "--all", "--by", "2024-06-01"), "Error: give an AGENCY or --all, not both\n"),
])
def test_input_errors_exit_2_with_a_message(argv: tuple[str, ...], message: str) -> None:
    assert run(*argv) == (2, "", message)


def test_unknown_interpretation_lists_the_valid_ones() -> None:
    code, out, err = run("due", "so-tu-phap", "--by", "2024-06-01", "--assume", "befor=inclusive")
    assert (code, out) == (2, "")
    assert err == ("Error: invalid --assume 'befor=inclusive': unknown interpretation; valid: addressees, approval-trigger, bare-target, "
                   "before, chu-tri-subject, e-forms-partners, immediately-after, monthly-day, owed-by-appendix, "
                   "plan-start, reporting-time, target-judging-date; did you mean 'before'?\n")


def test_bad_facts_file_reports_file_line_col(tmp_path: pytest.TempPathFactory) -> None:
    bad = tmp_path / "facts.yaml"  # type: ignore[operator]
    bad.write_text(
        'kind: facts\nschema_version: "1.0"\nplan: qt-cctthc-2024\nsubmissions:\n'
        '  - {obligation: iii-1-b-de-nghi-cong-bo-nhom-x, instance: null, agency: so-tu-phap, '
        'date: "2024-05-20", document: "1"}\n', encoding="utf-8")
    code, out, err = run("status", "so-tu-phap", "--as-of", "2024-09-10", "--facts", str(bad))
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0] == "Error: invalid facts (1 problem(s)):"
    assert lines[1].startswith(f"  {bad}:5:")
    assert "iii-1-b-de-nghi-cong-bo-nhom-x" in lines[1]


def test_missing_facts_file() -> None:
    assert run("status", "so-tu-phap", "--facts", "no/such.yaml") == (
        2, "", "Error: no such facts file: no/such.yaml\n")


def test_vietnamese_error_messages() -> None:
    assert run("due", "Sở Tư phapx", "--by", "2024-06-01", "--lang", "vi") == (
        2, "", "Error: không tìm thấy cơ quan 'Sở Tư phapx'\ncó phải là:\n  Sở Tư pháp (so-tu-phap)\n")


def test_assume_bare_target_exactly_makes_row_6_2_exact() -> None:
    args = ("obligations", "van-phong-ubnd-tinh", "--on", "2024-07-01")

    def targets(*extra: str) -> dict[str, tuple[str, int]]:
        data = _json(*args, *extra)
        return {o["id"]: (o["target"]["comparator"], o["target"]["value"]) for o in data["obligations"]
                if o["target"] is not None and o["role"] == "evaluate"}

    default, exactly = targets(), targets("--assume", "bare-target=exactly")
    assert (default["pl-1-6-2"], exactly["pl-1-6-2"]) == (("ge", 95), ("eq", 95))
    assert (default["pl-1-6-1"], exactly["pl-1-6-1"]) == (("eq", 100), ("eq", 100))
    assert {i for i in default if default[i] != exactly[i]} == {"pl-1-6-2", "pl-1-6-3"}
    assert _json(*args, "--assume", "bare-target=exactly")["interpretations_used"]["bare-target"] == "exactly"


def test_group_answers_keep_only_communes_that_exist_on_the_date() -> None:
    in_2024 = _json("obligations", "ubnd-cap-xa", "--on", "2024-12-31")
    in_2025 = _json("obligations", "ubnd-cap-xa", "--on", "2025-01-15")
    assert (len(in_2024["answers"]), len(in_2025["answers"])) == (125, 116)
    assert "ubnd-xa-gio-chau" in {a["agency"]["id"] for a in in_2024["answers"]}
    assert "ubnd-xa-gio-chau" not in {a["agency"]["id"] for a in in_2025["answers"]}
    assert in_2025["notes"] == ["2025-01-15 is outside the plan period 2024-01-25 – 2024-12-31"]
    assert in_2025["note_details"] == [
        {"code": "outside-period", "date": "2025-01-15", "start": "2024-01-25", "end": "2024-12-31"}]
    status = _json("status", "ubnd-cap-xa", "--as-of", "2025-01-15", "--facts", str(FACTS))
    assert len(status["answers"]) == 116
