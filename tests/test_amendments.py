"""Amendments as layers over the plan (tests/cases/amendments/thu, invented documents for tests only):
every query answers under the amendments in force on its own date, ``as_amended`` asks for the plan as it
stood on another day, every answer names the amendments it applied, and each change is proven by its text.

The fixture: the III.1 report is due "trước ngày 15/12/2026" (due 14/12 under ``before``);
cv-40-bo-ra-soat removes the II.1 review (due 30/3/2026) from 1/5/2026; cv-12-gia-han moves III.1 to
20/12/2026 from 15/6/2026; cv-30-gia-han moves it again, to 31/12/2026, from 1/10/2026.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from kehoach import api
from kehoach.amendments import as_amended, in_force
from kehoach.answer_schema import envelope_schema
from kehoach.cli import cli
from kehoach.model import Amendment, AmendmentChange

CASE = Path(__file__).resolve().parent / "cases" / "amendments"
SPEC = CASE / "thu"
DONE = CASE / "facts" / "ra-soat-done.yaml"
REPORT, REVIEW = "iii-1-bao-cao", "ii-1-ra-soat"
ENV = {"KEHOACH_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8", "COLUMNS": "120",
       "NO_COLOR": "1"}


@pytest.fixture(scope="module")
def lib() -> api.Library:
    return api.load_library(SPEC)


def _due(answer: api.Answer | api.StatusAnswer, oid: str) -> list[date | None]:
    obs = answer.obligations if isinstance(answer, api.Answer) else [i.obligation for i in answer.items]
    return [o.due for o in obs if o.id == oid]


def _named(answer: api.Answer | api.StatusAnswer) -> list[str]:
    return [a.id for a in answer.amendments]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env=ENV).invoke(cli, [*args, "--spec", str(SPEC)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def test_before_its_effective_date_the_old_deadline_after_it_the_new(lib: api.Library) -> None:
    before = api.obligations(lib, "Sở Tư pháp", "2026-06-14")
    after = api.obligations(lib, "Sở Tư pháp", "2026-06-15")
    assert _due(before, REPORT) == [date(2026, 12, 14)]
    assert _due(after, REPORT) == [date(2026, 12, 19)]
    assert _named(before) == ["cv-40-bo-ra-soat"]
    assert _named(after) == ["cv-40-bo-ra-soat", "cv-12-gia-han"]


def test_as_amended_gives_either_on_request(lib: api.Library) -> None:
    old = api.obligations(lib, "Sở Tư pháp", "2026-07-01", as_amended="2026-06-14")
    new = api.obligations(lib, "Sở Tư pháp", "2026-03-01", as_amended="2026-06-15")
    assert _due(old, REPORT) == [date(2026, 12, 14)] and "cv-12-gia-han" not in _named(old)
    assert _due(new, REPORT) == [date(2026, 12, 19)] and "cv-12-gia-han" in _named(new)
    signed = api.obligations(lib, "Sở Tư pháp", "2026-03-01", as_amended="2026-01-01")
    assert _due(signed, REPORT) == [date(2026, 12, 14)] and signed.amendments == ()


def test_due_answers_under_the_amendments_in_force_on_by(lib: api.Library) -> None:
    answer = api.due(lib, "Sở Tư pháp", "2026-12-31", "2026-12-01")
    assert _due(answer, REPORT) == [date(2026, 12, 30)]
    assert _named(answer) == ["cv-40-bo-ra-soat", "cv-12-gia-han", "cv-30-gia-han"]


def test_two_amendments_of_one_duty_apply_in_the_order_they_take_effect(lib: api.Library) -> None:
    assert _due(api.obligations(lib, "Sở Tư pháp", "2026-09-30"), REPORT) == [date(2026, 12, 19)]
    assert _due(api.obligations(lib, "Sở Tư pháp", "2026-10-01"), REPORT) == [date(2026, 12, 30)]
    assert [a.id for a in in_force(lib.amendments, date(2026, 12, 31))] == [
        "cv-40-bo-ra-soat", "cv-12-gia-han", "cv-30-gia-han"]


def test_an_amendment_that_removes_a_duty_already_done(lib: api.Library) -> None:
    """Done on 20/3, removed from 1/5: a status after the removal no longer lists it; the plan as it stood
    before the removal still shows it done on time."""
    after = api.status(lib, "Sở Tư pháp", "2026-06-01", DONE)
    assert _due(after, REVIEW) == [] and "cv-40-bo-ra-soat" in _named(after)
    before = api.status(lib, "Sở Tư pháp", "2026-06-01", DONE, as_amended="2026-04-30")
    assert [i.status for i in before.items if i.obligation.id == REVIEW] == ["done_on_time"]
    assert "cv-40-bo-ra-soat" not in _named(before)
    in_april = api.due(lib, "Sở Tư pháp", "2026-04-30", "2026-03-01")
    assert _due(in_april, REVIEW) == [date(2026, 3, 30)]


def test_an_amendment_effective_after_a_deadline(lib: api.Library) -> None:
    """An extension that takes effect after the old deadline passed: overdue until it is in force, then
    open under the new deadline (the rule: each query answers under the amendments in force on its date)."""
    late = Amendment("cv-late", "thu-plan", "Số: 99/UBND-TH", "ngày 24 tháng 12 năm 2026", date(2026, 12, 24),
                     date(2026, 12, 24), "cv-12-gia-han",
                     (AmendmentChange("deadline-moved", REPORT, "…", date(2026, 12, 15), date(2027, 1, 15),
                                      "trước ngày 15/01/2027"),))
    only = replace(lib, amendments=(late,))
    overdue = api.status(only, "Sở Tư pháp", "2026-12-20")
    assert [i.status for i in overdue.items if i.obligation.id == REPORT] == ["overdue"]
    assert overdue.amendments == ()
    extended = api.status(only, "Sở Tư pháp", "2026-12-28")
    assert [i.obligation.due for i in extended.items if i.obligation.id == REPORT] == [date(2027, 1, 14)]
    assert [i.status for i in extended.items if i.obligation.id == REPORT] != ["overdue"]
    assert _named(extended) == ["cv-late"]


def test_the_original_encoding_stays_as_signed(lib: api.Library) -> None:
    spec = lib.spec("thu-plan")
    amended, applied = as_amended(spec, lib.amendments, date(2026, 12, 31))
    assert len(applied) == 3
    assert amended.plan.element(REVIEW) is None
    assert spec.plan.element(REPORT).timing.date == date(2026, 12, 15)  # type: ignore[union-attr]
    assert spec.plan.element(REVIEW) is not None
    assert as_amended(spec, lib.amendments, date(2026, 12, 31))[0] is amended  # memoised


def test_owner_and_target_changes(lib: api.Library) -> None:
    spec = lib.spec("thu-plan")
    moved = Amendment("cv-x", "thu-plan", "Số: 1", "", None, date(2026, 1, 1), "cv-12-gia-han", (
        AmendmentChange("owner-changed", "ii-2-phoi-hop", "…", "so-noi-vu", "so-tu-phap", role="coordinate"),
        AmendmentChange("target-changed", "pl-1", "…", 60, 70)))
    plan = as_amended(spec, (moved,), date(2026, 1, 1))[0].plan
    assert "so-tu-phap" in plan.element("ii-2-phoi-hop").coordinate  # type: ignore[union-attr]
    assert "so-noi-vu" not in plan.element("ii-2-phoi-hop").coordinate  # type: ignore[union-attr]
    assert plan.element("pl-1").target.value == 70  # type: ignore[union-attr]


def test_the_cli_names_the_amendments_in_json_and_table() -> None:
    code, out, _ = run("due", "Sở Tư pháp", "--by", "2026-12-31", "--from", "2026-12-01", "--format", "json")
    assert code == 0
    data = json.loads(out)
    Draft202012Validator(envelope_schema("due")).validate(data)
    assert [a["id"] for a in data["amendments"]] == ["cv-40-bo-ra-soat", "cv-12-gia-han", "cv-30-gia-han"]
    assert data["amendments"][1] == {"id": "cv-12-gia-han", "plan": "thu-plan", "number": "Số: 12/UBND-TH",
                                     "effective": "2026-06-15", "document": "cv-12-gia-han"}
    code, out, _ = run("obligations", "Sở Tư pháp", "--on", "2026-07-01", "--as-amended", "2026-06-14")
    assert code == 0
    assert "Amendments applied: cv-40-bo-ra-soat (Số: 40/UBND-TH, in force from 01/05/2026)\n" in out
    assert "14/12/2026" in out or "2026-12-14" in out
    code, out, _ = run("status", "--all", "--as-of", "2026-07-01", "--format", "json")
    assert code == 0
    assert all("amendments" in a for a in json.loads(out)["answers"])
    code, _, err = run("due", "Sở Tư pháp", "--by", "2026-12-31", "--as-amended", "31/02/2026")
    assert code == 2 and "--as-amended" in err


def test_a_spec_without_amendments_answers_as_before() -> None:
    plain = api.load_library(Path(__file__).resolve().parent / "cases" / "owners-targets")
    answer = api.due(plain, "Sở Tư pháp", "2026-12-31")
    assert answer.amendments == () and "amendments" not in api.to_json_data(answer)


def test_each_change_is_proven_by_its_text(tmp_path: Path) -> None:
    bad = tmp_path / "thu"
    shutil.copytree(SPEC, bad)
    first = bad / "amendments" / "cv-12-gia-han.yaml"
    first.write_text(first.read_text(encoding="utf-8").replace('phrase: "trước ngày 20/12/2026"',
                                                               'phrase: "trước ngày 25/12/2026"')
                     .replace('from: "2026-12-15"', 'from: "2026-12-14"'), encoding="utf-8")
    second = bad / "amendments" / "cv-40-bo-ra-soat.yaml"
    second.write_text(second.read_text(encoding="utf-8").replace("rà soát", "kiểm tra")
                      .replace("element: ii-1-ra-soat", "element: ii-9"), encoding="utf-8")
    third = bad / "amendments" / "cv-30-gia-han.yaml"
    third.write_text(third.read_text(encoding="utf-8").replace("amends: thu-plan", "amends: other-plan"),
                     encoding="utf-8")
    result = CliRunner(env=ENV).invoke(cli, ["validate", str(bad), "--format", "json"])
    assert result.exit_code == 1
    found = {(Path(p["file"]).name, p["code"]) for p in json.loads(result.stdout)}
    assert found == {
        ("cv-12-gia-han.yaml", "amendment-mismatch"),  # from is not the plan's date
        ("cv-12-gia-han.yaml", "deadline-mismatch"),  # the phrase says 25/12, to says 20/12
        ("cv-12-gia-han.yaml", "phrase-not-in-quote"),
        ("cv-40-bo-ra-soat.yaml", "unresolved-ref"),  # no element ii-9
        ("cv-40-bo-ra-soat.yaml", "quote-not-found"),
        ("cv-30-gia-han.yaml", "unresolved-ref"),  # no plan other-plan
    }


def test_the_fixture_validates() -> None:
    result = CliRunner(env=ENV).invoke(cli, ["validate", str(SPEC)])
    assert result.exit_code == 0, result.stdout


def test_explain_as_amended_explains_the_plan_as_it_stood(lib: api.Library) -> None:
    signed = api.explain(lib, REPORT)
    assert "amendments" not in signed and "20/12/2026" not in json.dumps(signed, ensure_ascii=False)
    amended = api.explain(lib, REPORT, as_amended="2026-07-01")
    Draft202012Validator(envelope_schema("explain")).validate(amended)
    assert [a["id"] for a in amended["amendments"]] == ["cv-40-bo-ra-soat", "cv-12-gia-han"]
    assert "trước ngày 20/12/2026" in json.dumps(amended, ensure_ascii=False)
    code, out, _ = run("explain", REPORT, "--as-amended", "2026-07-01")
    assert code == 0 and "Amendments applied: cv-40-bo-ra-soat" in out and "2026-12-19" in out


# --------------------------------------------------------------------------- a duty added

ADDED = "iv-1-bao-cao-bo-sung"
ADDING = """# An invented amendment, for tests only: it adds a report of Sở Tư pháp, due before 30/11/2026.
kind: amendment
schema_version: "1.0"
id: cv-50-bo-sung
amends: thu-plan
number_as_written: "Số: 50/UBND-TH"
date: {as_written: "ngày 01 tháng 7 năm 2026", value: "2026-07-01"}
effective: "2026-07-01"
document: cv-50-bo-sung
changes:
  - change: duty-added
    quote: "Bổ sung nhiệm vụ: Sở Tư pháp báo cáo kết quả rà soát văn bản trước ngày 30/11/2026."
    duty:
      id: DUTY_ID
      title: "Báo cáo kết quả rà soát văn bản"
      lead: [so-tu-phap]
      coordinate: []
      receive: [ubnd-tp]
      timing: {kind: deadline, phrase: "trước ngày 30/11/2026", date: "DUE", interpretation: before}
      interpretations: [before]
      source: {document: cv-50-bo-sung, ref: "I", quote: "Sở Tư pháp báo cáo kết quả rà soát văn bản trước ngày 30/11/2026."}
"""
TEXT = ("ỦY BAN NHÂN DÂN THÀNH PHỐ THỬ\nSố: 50/UBND-TH\n1. Bổ sung nhiệm vụ: Sở Tư pháp báo cáo kết quả rà soát văn "
        "bản trước ngày 30/11/2026.\n")
ENTRY = ('  - {id: cv-50-bo-sung, kind: cong-van, number: "50/UBND-TH", number_as_written: "Số: 50/UBND-TH", '
         'issuer: "UBND Thành phố", date: "2026-07-01", date_as_written: "ngày 01 tháng 7 năm 2026", '
         'title: "Công văn thử: bổ sung nhiệm vụ", text: cv-50-bo-sung.txt, cited_by_plan: false}\n')


def _with_added_duty(tmp_path: Path, duty_id: str = ADDED, due: str = "2026-11-30") -> Path:
    root = tmp_path / "thu"
    shutil.copytree(SPEC, root)
    (root / "amendments" / "cv-50-bo-sung.yaml").write_text(ADDING.replace("DUTY_ID", duty_id).replace("DUE", due),
                                                            encoding="utf-8")
    (root / "sources" / "cv-50-bo-sung.txt").write_text(TEXT, encoding="utf-8")
    index = root / "sources" / "index.yaml"
    index.write_text(index.read_text(encoding="utf-8") + ENTRY, encoding="utf-8")
    return root


def _run_at(*args: str) -> tuple[int, str, str]:
    result = CliRunner(env=ENV).invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def test_a_duty_added_is_owed_from_its_effective_date_on(tmp_path: Path) -> None:
    root = _with_added_duty(tmp_path)
    code, out, err = _run_at("validate", "--spec", str(root))
    assert (code, err) == (0, ""), out
    added = api.load_library(root, use_cache=False)
    before = api.due(added, "so-tu-phap", "2026-12-31", as_amended="2026-06-30")
    assert ADDED not in {o.id for o in before.obligations}
    after = api.due(added, "so-tu-phap", "2026-12-31")
    assert _due(after, ADDED) == [date(2026, 11, 29)]  # "trước ngày 30/11/2026" under before=exclusive
    assert "cv-50-bo-sung" in _named(after)
    assert [o.role for o in after.obligations if o.id == ADDED] == ["lead"]
    received = api.due(added, "ubnd-tp", "2026-12-31")
    assert [o.role for o in received.obligations if o.id == ADDED] == ["receive"]
    early = api.obligations(added, "so-tu-phap", "2026-06-15")  # before the amendment takes effect
    assert ADDED not in {o.id for o in early.obligations}
    code, out, _ = _run_at("diff", str(SPEC), str(root), "--agency", "Sở Tư pháp", "--format", "json")
    assert code == 1 and [(c["obligation"], c["change"]) for c in json.loads(out)["changes"]] == [(ADDED, "added")]


def test_a_duty_added_is_proven_like_any_duty(tmp_path: Path) -> None:
    taken = _with_added_duty(tmp_path / "a", duty_id=REVIEW, due="2026-11-30")
    code, out, _ = _run_at("validate", "--spec", str(taken), "--format", "json")
    assert code == 1 and "amendment-mismatch" in {p["code"] for p in json.loads(out)}
    wrong = _with_added_duty(tmp_path / "b", due="2026-11-20")
    code, out, _ = _run_at("validate", "--spec", str(wrong), "--format", "json")
    assert code == 1 and "deadline-mismatch" in {p["code"] for p in json.loads(out)}
    unquoted = _with_added_duty(tmp_path / "c")
    text = unquoted / "sources" / "cv-50-bo-sung.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("rà soát văn bản", "kiểm tra"), encoding="utf-8")
    code, out, _ = _run_at("validate", "--spec", str(unquoted), "--format", "json")
    assert code == 1 and "quote-not-found" in {p["code"] for p in json.loads(out)}
