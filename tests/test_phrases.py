"""Time phrases as real plans write them → their dates (kehoach.phrases), and validate checking every
timing's phrase against its dates."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.cli import cli
from kehoach.phrases import PhraseReading, check_timing, fold, read_phrase

CASE = Path(__file__).resolve().parent / "cases" / "timing-forms"
D = date

# (phrase as written, what it says) — from the Quảng Trị and TP.HCM plans and the forms of issue 7
PHRASES: list[tuple[str, PhraseReading]] = [
    ("trước ngày 15/9/2024", PhraseReading("point", date=D(2024, 9, 15), before=True)),
    ("trước ngày 31/8/2024", PhraseReading("point", date=D(2024, 8, 31), before=True)),
    ("ngày 30/6/2025", PhraseReading("point", date=D(2025, 6, 30))),
    ("trước ngày 15 tháng 9 năm 2024", PhraseReading("point", date=D(2024, 9, 15), before=True)),
    ("Quý IV/2026", PhraseReading("window", start=D(2026, 10, 1), end=D(2026, 12, 31))),
    ("Quý IV/2025", PhraseReading("window", start=D(2025, 10, 1), end=D(2025, 12, 31))),
    ("Quý I/2030", PhraseReading("window", start=D(2030, 1, 1), end=D(2030, 3, 31))),
    ("Quý II/2027", PhraseReading("window", start=D(2027, 4, 1), end=D(2027, 6, 30))),
    ("Quý III năm 2026", PhraseReading("window", start=D(2026, 7, 1), end=D(2026, 9, 30))),
    ("quý 4 năm 2026", PhraseReading("window", start=D(2026, 10, 1), end=D(2026, 12, 31))),
    ("Q4/2026", PhraseReading("window", start=D(2026, 10, 1), end=D(2026, 12, 31))),
    ("Quy IV/2026", PhraseReading("window", start=D(2026, 10, 1), end=D(2026, 12, 31))),
    ("QUÝ II/2027", PhraseReading("window", start=D(2027, 4, 1), end=D(2027, 6, 30))),
    ("tháng 6/2024", PhraseReading("window", start=D(2024, 6, 1), end=D(2024, 6, 30))),
    ("tháng 2 năm 2028", PhraseReading("window", start=D(2028, 2, 1), end=D(2028, 2, 29))),
    ("6 tháng đầu năm 2025", PhraseReading("window", start=D(2025, 1, 1), end=D(2025, 6, 30))),
    ("6 tháng cuối năm 2025", PhraseReading("window", start=D(2025, 7, 1), end=D(2025, 12, 31))),
    ("năm 2026", PhraseReading("window", start=D(2026, 1, 1), end=D(2026, 12, 31))),
    ("Năm 2026", PhraseReading("window", start=D(2026, 1, 1), end=D(2026, 12, 31))),
    ("Năm 2025 - 2026", PhraseReading("window", start=D(2025, 1, 1), end=D(2026, 12, 31))),
    ("Năm 2025-2030", PhraseReading("window", start=D(2025, 1, 1), end=D(2030, 12, 31))),
    ("Quý IV/2025 – Quý II/2026", PhraseReading("window", start=D(2025, 10, 1), end=D(2026, 6, 30))),
    ("Quý IV/2025 - Quý II/2026", PhraseReading("window", start=D(2025, 10, 1), end=D(2026, 6, 30))),
    ("quý 4/2025 — quý 2/2026", PhraseReading("window", start=D(2025, 10, 1), end=D(2026, 6, 30))),
    ("đến năm 2030", PhraseReading("window", start=None, end=D(2030, 12, 31))),
    ("đến hết năm 2030", PhraseReading("window", start=None, end=D(2030, 12, 31))),
    ("giai đoạn 2026–2030", PhraseReading("window", start=D(2026, 1, 1), end=D(2030, 12, 31))),
    ("giai đoạn 2026 - 2030", PhraseReading("window", start=D(2026, 1, 1), end=D(2030, 12, 31))),
    ("Hàng tháng", PhraseReading("recurring", frequency="monthly")),
    ("Định kỳ hàng tháng", PhraseReading("recurring", frequency="monthly")),
    ("định kỳ hằng quý", PhraseReading("recurring", frequency="quarterly")),
    ("Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính", PhraseReading("recurring", frequency="quarterly")),
    ("định kỳ 6 tháng một lần", PhraseReading("recurring", frequency="half-yearly")),
    ("Hằng năm.", PhraseReading("recurring", frequency="yearly")),
    ("trước ngày 15/11 hằng năm", PhraseReading("recurring", frequency="yearly", before=True, day=(11, 15))),
    ("trước ngày 30 tháng 11 hàng năm", PhraseReading("recurring", frequency="yearly", before=True, day=(11, 30))),
    ("trước ngày 15 hằng tháng", PhraseReading("recurring", frequency="monthly", before=True, day=(None, 15))),
    ("ngày 31 hằng tháng", PhraseReading("recurring", frequency="monthly", day=(None, 31))),
    ("Thường xuyên", PhraseReading("continuous")),
    ("Khi có phát sinh.", PhraseReading("on-request")),
    ("khi có yêu cầu", PhraseReading("on-request")),
    ("theo yêu cầu của UBND Thành phố", PhraseReading("on-request")),
    ("trong thời hạn 05 ngày làm việc kể từ ngày nhận được hồ sơ", PhraseReading("relative", days=5, unit="working-days")),
    ("trong vòng 30 ngày kể từ ngày ban hành", PhraseReading("relative", days=30, unit="calendar-days")),
    ("ngay sau khi được Thủ tướng Chính phủ phê duyệt", PhraseReading("event")),
]


@pytest.mark.parametrize(("phrase", "reading"), PHRASES, ids=[p for p, _ in PHRASES])
def test_a_real_phrase_reads_as_its_dates(phrase: str, reading: PhraseReading) -> None:
    assert read_phrase(phrase) == reading


@pytest.mark.parametrize("phrase", ["theo đúng thời gian quy định", "sau Tết Nguyên đán", "", "Quý V/2026",
                                    "tháng 13/2026"])
def test_a_phrase_no_form_reads_is_none(phrase: str) -> None:
    assert read_phrase(phrase) is None


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4), st.integers(2000, 2099), st.sampled_from(["Quý {r}/{y}", "quý {n} năm {y}", "Q{n}/{y}",
                                                                     "QUÝ {r} NĂM {y}", "Quy {r}/{y}"]),
       st.sampled_from(["NFC", "NFD"]))
def test_any_spelling_of_a_quarter_reads_the_same(n: int, year: int, template: str, form: str) -> None:
    import unicodedata

    roman = ["I", "II", "III", "IV"][n - 1]
    phrase = unicodedata.normalize(form, template.format(r=roman, n=n, y=year))  # type: ignore[arg-type]
    got = read_phrase(phrase)
    assert got is not None and got.form == "window" and got.start == D(year, 3 * n - 2, 1)
    assert got.end is not None and (got.end.year, got.end.month) == (year, 3 * n)


@settings(max_examples=200, deadline=None)
@given(st.integers(2000, 2090), st.integers(0, 10), st.sampled_from(["-", "–", "—", " - ", " – "]),
       st.sampled_from(["Năm {a}{d}{b}", "giai đoạn {a}{d}{b}", "{a}{d}{b}"]))
def test_a_year_range_reads_whatever_its_dash(a: int, more: int, dash: str, template: str) -> None:
    got = read_phrase(template.format(a=a, d=dash, b=a + more))
    assert got == PhraseReading("window", start=D(a, 1, 1), end=D(a + more, 12, 31))


def test_fold_drops_diacritics_and_dashes() -> None:
    assert fold("Quý IV/2025 – Quý II/2026") == "quy iv/2025 - quy ii/2026"
    assert fold("ĐỊNH KỲ HẰNG QUÝ") == "dinh ky hang quy"


def _finding(timing: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.code, f.field) for f in check_timing(timing)]


@pytest.mark.parametrize(("timing", "found"), [
    ({"kind": "window", "phrase": "Quý IV/2026", "start": "2026-10-01", "end": "2026-12-31"}, []),
    ({"kind": "window", "phrase": "Quý IV/2026", "start": "2026-10-01", "end": "2026-11-30"},
     [("phrase-mismatch", "end")]),
    ({"kind": "window", "phrase": "Quý IV/2026", "start": None, "end": "2026-12-31"},
     [("phrase-mismatch", "start")]),
    ({"kind": "window", "phrase": "đến năm 2030", "start": None, "end": "2030-12-31"}, []),
    ({"kind": "window", "phrase": "trước ngày 15/9/2024", "start": None, "end": "2024-09-15"},
     [("phrase-mismatch", "kind")]),
    ({"kind": "window", "phrase": "sau Tết", "start": "2026-02-01", "end": "2026-02-28"},
     [("phrase-not-checked", "phrase")]),
    ({"kind": "recurring", "frequency": "quarterly", "phrase": "Hàng tháng", "interpretation": "d"},
     [("phrase-mismatch", "frequency")]),
    ({"kind": "recurring", "frequency": "yearly", "phrase": "trước ngày 15/11 hằng năm",
      "day": {"month": 11, "day": 15}, "interpretation": "before"}, []),
    ({"kind": "recurring", "frequency": "yearly", "phrase": "trước ngày 15/11 hằng năm",
      "day": {"month": 11, "day": 30}, "interpretation": "before"}, [("phrase-mismatch", "day")]),
    ({"kind": "recurring", "frequency": "yearly", "phrase": "trước ngày 15/11 hằng năm", "interpretation": "d"},
     [("phrase-mismatch", "day")]),
    ({"kind": "recurring", "frequency": "yearly", "phrase": "trước ngày 15/11 hằng năm",
      "day": {"month": 11, "day": 15}}, [("phrase-mismatch", "interpretation")]),
    ({"kind": "relative", "trigger": "t", "phrase": "trong thời hạn 05 ngày làm việc kể từ …", "days": 5,
      "unit": "working-days"}, []),
    ({"kind": "relative", "trigger": "t", "phrase": "trong thời hạn 05 ngày làm việc kể từ …", "days": 7,
      "unit": "calendar-days"}, [("phrase-mismatch", "days"), ("phrase-mismatch", "unit")]),
    ({"kind": "on-request", "phrase": "Khi có phát sinh."}, []),
    ({"kind": "on-request", "phrase": "Quý IV/2026"}, [("phrase-mismatch", "kind")]),
    ({"kind": "continuous", "phrase": "theo đúng thời gian quy định", "interpretation": "r"}, []),
    ({"kind": "continuous", "phrase": "Năm 2026", "interpretation": "r"}, [("phrase-mismatch", "kind")]),
    ({"kind": "triggered", "trigger": "t", "phrase": "ngay sau khi được phê duyệt", "interpretation": "i"}, []),
    ({"kind": "deadline", "phrase": "trước ngày 15 tháng 9 năm 2024", "date": "2024-09-16", "interpretation": "b"},
     [("phrase-mismatch", "date")]),
    # a d/m/yyyy date is the deadline rule's to compare (deadline-mismatch), not reported twice
    ({"kind": "deadline", "phrase": "trước ngày 15/9/2024", "date": "2024-09-16", "interpretation": "b"}, []),
])
def test_a_timing_is_checked_against_its_phrase(timing: dict[str, Any], found: list[tuple[str, str]]) -> None:
    assert _finding(timing) == found


def _validate_with(tmp_path: Path, old: str, new: str) -> list[dict[str, Any]]:
    copy = tmp_path / "spec"
    shutil.copytree(CASE / "spec", copy)
    plan = copy / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert text.count(old) == 1
    plan.write_text(text.replace(old, new), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(copy), "--format", "json"])
    problems: list[dict[str, Any]] = json.loads(result.stdout)
    return problems


def test_validate_names_the_field_and_quotes_the_phrase(tmp_path: Path) -> None:
    problems = _validate_with(tmp_path, 'start: "2026-10-01", end: "2026-12-31"', 'start: "2026-10-01", end: "2026-11-30"')
    (p,) = [p for p in problems if p["code"] == "phrase-mismatch"]
    assert p["severity"] == "error" and "timing.end" in p["message"] and "“Quý IV/2026”" in p["message"]
    line = (tmp_path / "spec" / "plan.yaml").read_text(encoding="utf-8").splitlines()[p["line"] - 1]
    assert line[p["column"] - 1:].startswith('"2026-11-30"')


def test_validate_warns_of_a_phrase_it_cannot_read(tmp_path: Path) -> None:
    problems = _validate_with(tmp_path, 'phrase: "khi có yêu cầu"', 'phrase: "cung cấp thông tin"')
    assert [(p["code"], p["severity"]) for p in problems] == [("phrase-not-checked", "warning")]
