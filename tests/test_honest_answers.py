"""Honest answers and the readings the hand check of the Quảng Trị plan corrected (plan 1.1.0).

An answer that uses a reading marked ``verified: false`` says so (vi: "chưa kiểm chứng", en:
"unverified"); a status resting on such a reading, or on the plan start read for a blank signing
date, is provisional; ``due --by`` lists what must be done by the day's last working day;
``obligations --on`` keeps a past-due obligation no fact shows done; a receiver never sends to itself;
Trung tâm PVHCC leads the e-forms duty; a child target row says what it measures.
"""
from __future__ import annotations

import functools
import json
from datetime import date, timedelta
from typing import Any

import pytest
from _cli_query_support import run, spec_loaded_once  # noqa: F401 — autouse fixture
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import kehoach
from kehoach import api
from kehoach.answer_schema import envelope_schema
from kehoach.explain import explain
from kehoach.model import Duty
from kehoach.ownership import owner_roles
from kehoach.resources import bundled_spec_dir
from kehoach.schedule import default_assumptions


@functools.lru_cache(maxsize=1)
def _spec() -> kehoach.Spec:
    return kehoach.load_spec(plan="qt-cctthc-2024")


def _holds(envelope: str, data: Any) -> None:
    validator = Draft202012Validator(envelope_schema(envelope), format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(data)]
    assert problems == [], "\n".join(problems[:10])


def _json(*args: str) -> Any:
    code, out, err = run(*args, "--format", "json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


# --------------------------------------------------------------------------- unverified readings


@pytest.mark.parametrize(("lang", "words"), [("en", "unverified"), ("vi", "chưa kiểm chứng")])
def test_explain_says_the_monthly_day_is_an_unverified_reading(lang: str, words: str) -> None:
    code, out, _ = run("explain", "iv-1-bao-cao-hang-thang", "--agency", "Sở Xây dựng", "--lang", lang)
    assert code == 0
    sentence = out.split("\n\n")[-1]  # the paste-ready sentence closes the explanation
    assert words in sentence and "monthly-day" in sentence
    line = next(x for x in out.splitlines() if x.strip().startswith("monthly-day = 15"))
    assert words in line
    # plan-start is a reading, but not one marked unverified
    assert words not in next(x for x in out.splitlines() if x.strip().startswith("plan-start ="))


def test_explain_data_names_the_unverified_readings() -> None:
    data = explain(_spec(), "iv-1-bao-cao-hang-thang", "so-xay-dung")
    assert data["unverified"] == ["monthly-day"]
    assert {i["id"]: i["verified"] for i in data["interpretations"]} == {"monthly-day": False, "plan-start": True}
    assert "chưa kiểm chứng" in data["sentence"]["vi"] and "unverified" in data["sentence"]["en"]
    _holds("explain", data)


def test_a_reading_the_caller_assumes_is_not_flagged() -> None:
    data = explain(_spec(), "iv-1-bao-cao-hang-thang", "so-xay-dung", ["monthly-day=20"])
    assert data["unverified"] == []
    assert "unverified" not in data["sentence"]["en"]


def test_a_sentence_without_unverified_readings_carries_no_caveat() -> None:
    data = explain(_spec(), "iii-1-b-ra-soat-don-gian-hoa-nhom-b", "so-y-te")
    assert data["unverified"] == []
    assert "chưa kiểm chứng" not in data["sentence"]["vi"]


@pytest.mark.parametrize(("lang", "words"), [("en", "(default, unverified)"), ("vi", "(mặc định, chưa kiểm chứng)")])
def test_table_footer_marks_the_unverified_reading(lang: str, words: str) -> None:
    code, out, _ = run("due", "Sở Y tế", "--by", "2024-09-13", "--from", "2024-09-01", "--lang", lang)
    assert code == 0
    assert f"monthly-day = 15 {words}" in out


def test_json_answers_list_unverified_readings() -> None:
    data = _json("due", "Sở Y tế", "--by", "2024-09-13", "--from", "2024-09-01")
    assert data["unverified"] == ["monthly-day"]
    _holds("due", data)
    none = _json("due", "Sở Tư pháp", "--by", "2024-06-01")
    assert "monthly-day" not in none["interpretations_used"] or none["unverified"] == ["monthly-day"]


# --------------------------------------------------------------------------- provisional statuses


def test_an_overdue_monthly_duty_on_the_invented_day_is_provisional() -> None:
    data = _json("status", "Sở Y tế", "--as-of", "2024-08-14")
    _holds("status", data)
    stats = [i for i in data["items"] if i["id"] == "iii-2-a-4-thong-ke-hang-thang" and i["status"] == "overdue"]
    assert stats and stats[0]["period"] == "2024-02" and stats[0]["evidence"]["days_overdue"] == 181
    assert all(i["evidence"]["final"] is False for i in stats)
    assert all(i["evidence"]["rests_on"] == ["monthly-day", "plan-start"] for i in stats)


def test_a_deadline_written_in_the_text_is_final() -> None:
    data = _json("status", "Sở Y tế", "--as-of", "2024-09-20")
    item = next(i for i in data["items"] if i["id"] == "iii-1-b-ra-soat-don-gian-hoa-nhom-b")
    assert item["status"] == "overdue" and "final" not in item["evidence"] and "rests_on" not in item["evidence"]


def test_february_and_march_rest_on_the_plan_start_even_with_a_given_day() -> None:
    """With the monthly day assumed, the instances still rest on the plan start (signing date blank)."""
    data = _json("status", "Sở Y tế", "--as-of", "2024-04-01", "--assume", "monthly-day=10")
    early = [i for i in data["items"] if i["period"] in ("2024-02", "2024-03") and i["status"] == "overdue"]
    assert len(early) == 4
    assert {tuple(i["evidence"]["rests_on"]) for i in early} == {("plan-start",)}
    known = _json("status", "Sở Y tế", "--as-of", "2024-04-01", "--assume", "monthly-day=10",
                  "--assume", "plan-start=2024-02-01")
    assert all("rests_on" not in i["evidence"] for i in known["items"])


@pytest.mark.parametrize(("lang", "mark", "rests"),
                         [("en", "(provisional)", "rests on the readings"), ("vi", "(tạm tính)", "dựa trên cách hiểu")])
def test_status_table_marks_provisional_statuses(lang: str, mark: str, rests: str) -> None:
    code, out, _ = run("status", "Sở Y tế", "--as-of", "2024-03-01", "--lang", lang, env={"COLUMNS": "240"})
    assert code == 0
    items = _json("status", "Sở Y tế", "--as-of", "2024-03-01")["items"]
    provisional = [i for i in items if i["evidence"].get("final") is False]
    assert [i["period"] for i in provisional] == ["2024-02", "2024-02"]  # the two monthly duties of February
    assert out.count(mark) == len(provisional) and out.count(rests) == len(provisional)


# --------------------------------------------------------------------------- due --by: last working day


def test_due_by_friday_includes_a_saturday_deadline_and_septembers_monthly_duties() -> None:
    data = _json("due", "Sở Y tế", "--by", "2024-09-13", "--from", "2024-09-01")
    got = [(o["id"], o["period"], o["due"], o["last_working_day"]) for o in data["obligations"]]
    assert got == [
        ("iii-1-b-ra-soat-don-gian-hoa-nhom-b", None, "2024-09-14", "2024-09-13"),
        ("iii-2-a-4-thong-ke-hang-thang", "2024-09", "2024-09-15", "2024-09-13"),
        ("iv-1-bao-cao-hang-thang", "2024-09", "2024-09-15", "2024-09-13"),
    ]
    assert _json("due", "Sở Y tế", "--by", "2024-09-12", "--from", "2024-09-01")["obligations"] == []


_DAYS = st.integers(min_value=0, max_value=(date(2025, 1, 31) - date(2024, 1, 1)).days).map(
    lambda n: date(2024, 1, 1) + timedelta(days=n))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(by=_DAYS, agency=st.sampled_from(["so-y-te", "van-phong-ubnd-tinh", "ubnd-huyen-gio-linh", "ubnd-xa-gio-my"]))
def test_due_by_is_exactly_what_must_be_done_by_that_day(by: date, agency: str) -> None:
    spec = _spec()
    every = kehoach.due(spec, agency, "2099-12-31").obligations
    want = [o for o in every if (o.last_working_day or o.due) is not None
            and min(d for d in (o.last_working_day, o.due) if d is not None) <= by]
    got = kehoach.due(spec, agency, by.isoformat()).obligations
    assert list(got) == want
    assert {o.id for o in got} >= {o.id for o in every if o.due is not None and o.due <= by}


# --------------------------------------------------------------------------- obligations --on: past due


@pytest.mark.parametrize(("lang", "mark"), [("en", "(past due)"), ("vi", "(quá hạn)")])
def test_a_past_due_deadline_stays_listed_marked_past_due(lang: str, mark: str) -> None:
    data = _json("obligations", "Sở Y tế", "--on", "2024-08-31")
    _holds("obligations", data)
    row = next(o for o in data["obligations"] if o["id"] == "iii-1-a-gui-ket-qua-ra-soat")
    assert (row["due"], row["past_due"]) == ("2024-08-30", True)
    assert all("past_due" not in o for o in data["obligations"] if o["due"] is None or o["due"] >= "2024-08-31")
    code, out, _ = run("obligations", "Sở Y tế", "--on", "2024-08-31", "--lang", lang)
    assert code == 0 and "2024-08-30  2024-08-30" in out and mark in out


def test_past_due_is_not_kept_after_the_plan_period() -> None:
    a = kehoach.obligations(_spec(), "so-y-te", "2025-03-01")
    assert not any(o.past_due for o in a.obligations)


# --------------------------------------------------------------------------- who owes what


def test_a_receiver_is_not_told_to_send_to_itself() -> None:
    spec = _spec()
    duty = spec.plan.element("iii-1-a-gui-ket-qua-ra-soat")
    assert isinstance(duty, Duty)
    roles = [r for r, _, _ in owner_roles(spec, "van-phong-ubnd-tinh", duty.roles(), default_assumptions(spec))]
    assert roles == ["receive"]
    # every other cơ quan chuyên môn still sends
    assert [r for r, _, _ in owner_roles(spec, "so-y-te", duty.roles(), default_assumptions(spec))] == ["lead"]


def test_trung_tam_pvhcc_alone_leads_the_e_forms_duty() -> None:
    spec = _spec()
    a = default_assumptions(spec)
    duty = spec.plan.element("iii-2-a-3-mau-don-to-khai-dien-tu")
    assert isinstance(duty, Duty)
    assert [r for r, _, _ in owner_roles(spec, "trung-tam-phvhcc", duty.roles(), a)] == ["lead"]
    for agency in ("so-y-te", "ubnd-huyen-gio-linh"):
        assert [r for r, _, _ in owner_roles(spec, agency, duty.roles(), a)] == ["coordinate"]
    alone = kehoach.obligations(spec, "so-y-te", "2024-05-02", assumptions={"e-forms-partners": "none"})
    assert "iii-2-a-3-mau-don-to-khai-dien-tu" not in {o.id for o in alone.obligations}


def test_a_child_row_says_what_it_measures() -> None:
    a = kehoach.due(_spec(), "ubnd-xa-gio-my", "2024-12-31")
    assert [o.title for o in a.obligations] == [
        "Tỷ lệ xử lý văn bản, hồ sơ công việc (trừ hồ sơ mật) trên môi trường mạng — Đối với UBND cấp xã."]
    code, out, _ = run("due", "xã Gio Mỹ", "--by", "2024-12-31", env={"COLUMNS": "240"})
    assert code == 0 and "Tỷ lệ xử lý văn bản, hồ sơ công việc (trừ hồ sơ mật) trên môi trường mạng — Đối với UBND cấp xã. (≥ 80 %)" in out


# --------------------------------------------------------------------------- the readings themselves


def test_every_basis_cites_the_law_or_the_text() -> None:
    plan = api.load_spec(plan="qt-cctthc-2024").plan
    text = (bundled_spec_dir() / "plan.yaml").read_text(encoding="utf-8")
    assert "DOMAIN.md" not in text
    assert {"approval-trigger", "owed-by-appendix", "e-forms-partners"} <= {i.id for i in plan.interpretations}


def test_every_appendix_target_names_who_owes_it() -> None:
    spec = _spec()
    targets = [i for i in spec.plan.indicators if i.target is not None]
    assert targets and all(i.owed_by_declared and "owed-by-appendix" in i.interpretations for i in targets)
    pl = kehoach.due(spec, "so-y-te", "2024-12-31").obligations
    assert {o.target.owed_by for o in pl if o.target is not None} == {"each"}
    whole = kehoach.due(spec, "so-y-te", "2024-12-31", assumptions={"owed-by-appendix": "whole"}).obligations
    assert {o.target.owed_by for o in whole if o.target is not None} == {"whole"}


def test_the_corrections_are_recorded_in_a_new_revision() -> None:
    import yaml

    data = yaml.safe_load((bundled_spec_dir() / "plan.yaml").read_text(encoding="utf-8"))
    assert data["version"] == "1.1.0"
    last = data["revisions"][-1]
    assert last["version"] == "1.1.0" and last["date"] == "2026-12-01"
    for words in ("Trung tâm Phục vụ hành chính công tỉnh", "Văn phòng UBND tỉnh", "approval-trigger",
                  "owed-by-appendix", "e-forms-partners"):
        assert words in last["change"]
