"""Time phrases as Vietnamese plans write them → the dates they say. Pure: no I/O, no spec.

:func:`read_phrase` reads a phrase ("trước ngày 15/9/2024", "Quý IV/2026", "Năm 2025 - 2026",
"trước ngày 15/11 hằng năm", "trong thời hạn 05 ngày làm việc kể từ …") into a :class:`PhraseReading`;
:func:`check_timing` compares a timing's dates with what its phrase says, field by field, so that
``kehoach validate`` can name the field that disagrees and quote the phrase.

Matching is tolerant of how phrases are typed: case, diacritics ("Quý"/"quy", "hàng"/"hằng"), NFC
or NFD, roman or arabic quarters ("Quý IV", "quý 4", "Q4"), "/" or "năm" before the year, and an en
dash, em dash or hyphen in a range. A phrase none of the forms below reads is not an error: the
caller reports it as unchecked (``phrase-not-checked``).

Forms read (first match wins, in this order):

* relative — "trong (thời hạn|vòng) N ngày [làm việc] …" → days, unit;
* on request — "khi có yêu cầu", "theo yêu cầu", "khi (có) phát sinh";
* recurring — "hàng/hằng tháng|quý|năm", "6 tháng một lần", "định kỳ 6 tháng", with an optional
  day ("trước ngày 15/11 hằng năm", "ngày 15 hằng tháng", "trước ngày 30 tháng 11 hàng năm");
* windows — "Quý IV/2025 – Quý II/2026", "Quý III năm 2026", "tháng 6/2024", "6 tháng đầu/cuối năm
  2025", "Năm 2025 - 2026", "giai đoạn 2026–2030", "đến (hết) năm 2030" (open start), "năm 2026";
* a point — "(trước) ngày 15/9/2024", "trước ngày 15 tháng 9 năm 2024";
* continuous — "thường xuyên", "hằng ngày";
* an event — "ngay sau khi …", "sau khi …", "kể từ …", "khi …".
"""
from __future__ import annotations

import calendar as _stdcal
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from datetime import date as _Date
from typing import Any

__all__ = ["Finding", "PhraseReading", "check_timing", "fold", "read_phrase"]


@dataclass(frozen=True)
class PhraseReading:
    """What a phrase says. ``form``: point | window | recurring | continuous | on-request | relative | event.

    point: ``date`` (``before``: written with "trước"); window: ``start`` (None: "đến năm …", from the
    plan's start) and ``end``; recurring: ``frequency`` and ``day`` ((month, day), month None for a
    monthly day) or None; relative: ``days`` and ``unit``.
    """

    form: str
    date: date | None = None
    before: bool = False
    start: _Date | None = None
    end: _Date | None = None
    frequency: str | None = None
    day: tuple[int | None, int] | None = None
    days: int | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Finding:
    """One disagreement (``code`` ``phrase-mismatch``) or an unread phrase (``phrase-not-checked``)."""

    code: str
    field: str
    message: str


def fold(text: str) -> str:
    """Lowercase ASCII with single spaces: diacritics dropped (đ → d), every dash a hyphen."""
    text = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d").replace("\u0111", "d")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\s*[\u2010-\u2015\u2212-]\s*", " - ", text)
    return re.sub(r"\s+", " ", text).strip()


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER = r"(?:quy|q)\s*(iv|iii|ii|i|[1-4])\s*(?:/|nam\b|-)?\s*(\d{4})"
_YEAR = r"(\d{4})"


def _quarter(q: str, year: str) -> tuple[date, date]:
    n = _ROMAN.get(q) or int(q)
    first = date(int(year), 3 * n - 2, 1)
    return first, _last_of(int(year), 3 * n)


def _last_of(year: int, month: int) -> date:
    return date(year, month, _stdcal.monthrange(year, month)[1])


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


_RELATIVE = re.compile(r"\btrong (?:thoi han |vong |)(\d{1,4}) ngay( lam viec)?\b")
_ON_REQUEST = re.compile(r"\b(?:khi co yeu cau|theo yeu cau|khi (?:co )?phat sinh)\b")
_FREQ = (
    (re.compile(r"\bhang thang\b|\bmoi thang\b"), "monthly"),
    (re.compile(r"\bhang quy\b|\bmoi quy\b"), "quarterly"),
    (re.compile(r"\b6 thang mot lan\b|\bdinh ky 6 thang\b|\bhang 6 thang\b|\bsau thang mot lan\b"), "half-yearly"),
    (re.compile(r"\bhang nam\b|\bmoi nam\b"), "yearly"),
)
_DAY_MONTH = re.compile(r"\bngay (\d{1,2})(?:/| thang )(\d{1,2})\b(?!/| nam)")
_DAY_ONLY = re.compile(r"\bngay (\d{1,2})\b(?!/| thang)")
_QUARTER_RANGE = re.compile(_QUARTER + r"\s*-\s*" + _QUARTER)
_QUARTER_ONE = re.compile(r"\b" + _QUARTER + r"\b")
_MONTH = re.compile(r"\bthang (\d{1,2})\s*(?:/|nam\b|-)\s*(\d{4})\b")
_HALF = re.compile(r"\b6 thang (dau|cuoi) (?:nam )?(\d{4})\b")
_YEAR_RANGE = re.compile(r"\b(?:(?:nam|giai doan|tu nam) )?" + _YEAR + r"\s*-\s*(?:nam )?" + _YEAR + r"\b")
_UNTIL = re.compile(r"\bden (?:het |cuoi )?nam (\d{4})\b")
_ONE_YEAR = re.compile(r"\bnam (\d{4})\b")
_POINT = re.compile(r"\bngay (\d{1,2})(?:/| thang )(\d{1,2})(?:/| nam )(\d{4})\b")
_CONTINUOUS = re.compile(r"\bthuong xuyen\b|\bhang ngay\b|\blien tuc\b")
_EVENT = re.compile(r"\b(?:ngay sau khi|sau khi|ke tu|khi)\b")


def read_phrase(phrase: str) -> PhraseReading | None:
    """What ``phrase`` says, or None when none of the forms reads it."""
    t = fold(phrase)
    if m := _RELATIVE.search(t):
        return PhraseReading("relative", days=int(m.group(1)),
                             unit="working-days" if m.group(2) else "calendar-days")
    if _ON_REQUEST.search(t):
        return PhraseReading("on-request")
    for pattern, frequency in _FREQ:
        if pattern.search(t):
            return PhraseReading("recurring", frequency=frequency, before="truoc" in t, day=_recurring_day(t, frequency))
    if m := _QUARTER_RANGE.search(t):
        return PhraseReading("window", start=_quarter(m.group(1), m.group(2))[0], end=_quarter(m.group(3), m.group(4))[1])
    if m := _POINT.search(t):
        found = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return PhraseReading("point", date=found, before="truoc" in t[:m.start()]) if found else None
    if m := _QUARTER_ONE.search(t):
        start, end = _quarter(m.group(1), m.group(2))
        return PhraseReading("window", start=start, end=end)
    if m := _HALF.search(t):
        year = int(m.group(2))
        first = m.group(1) == "dau"
        return PhraseReading("window", start=date(year, 1 if first else 7, 1),
                             end=date(year, 6, 30) if first else date(year, 12, 31))
    if m := _MONTH.search(t):
        year, month = int(m.group(2)), int(m.group(1))
        if not 1 <= month <= 12:
            return None
        return PhraseReading("window", start=date(year, month, 1), end=_last_of(year, month))
    if m := _UNTIL.search(t):
        return PhraseReading("window", start=None, end=date(int(m.group(1)), 12, 31))
    if m := _YEAR_RANGE.search(t):
        a, b = int(m.group(1)), int(m.group(2))
        return PhraseReading("window", start=date(a, 1, 1), end=date(b, 12, 31)) if a <= b else None
    if m := _ONE_YEAR.search(t):
        year = int(m.group(1))
        return PhraseReading("window", start=date(year, 1, 1), end=date(year, 12, 31))
    if _CONTINUOUS.search(t):
        return PhraseReading("continuous")
    if _EVENT.search(t):
        return PhraseReading("event")
    return None


def _recurring_day(t: str, frequency: str) -> tuple[int | None, int] | None:
    if m := _DAY_MONTH.search(t):
        return (int(m.group(2)), int(m.group(1))) if frequency == "yearly" else None
    if m := _DAY_ONLY.search(t):
        return (None, int(m.group(1)))
    return None


# --------------------------------------------------------------------------- checking a timing

_FORM_OF_KIND = {"deadline": "point", "window": "window", "recurring": "recurring", "continuous": "continuous",
                 "on-request": "on-request", "triggered": "event", "relative": "relative"}


_SLASH_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")


def _iso(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _show(d: date | None) -> str:
    return d.isoformat() if d is not None else "null"


def check_timing(timing: Mapping[str, Any]) -> list[Finding]:
    """How ``timing``'s dates disagree with its phrase (``phrase-mismatch``, naming the field), or why its
    phrase is unchecked (``phrase-not-checked``). A deadline's date is compared by the deadline rule
    (``deadline-mismatch``) and not again here; a continuous timing's phrase is read only to catch a
    phrase that gives dates (a continuous phrase with an interpretation names its own reading)."""
    kind, phrase = timing.get("kind"), timing.get("phrase")
    if not isinstance(kind, str) or not isinstance(phrase, str) or kind not in _FORM_OF_KIND:
        return []
    said = read_phrase(phrase)
    q = f"\u201c{phrase}\u201d"
    if said is None:
        if kind in ("continuous", "triggered"):
            return []  # no dates to check: a continuous duty has none, a triggered one's come from its event
        return [Finding("phrase-not-checked", "phrase", f"kehoach cannot read the phrase {q}; its dates are unchecked")]
    expected = _FORM_OF_KIND[kind]
    if said.form != expected:
        if kind == "continuous" and said.form in ("event", "continuous"):
            return []
        if kind == "triggered" and said.form == "continuous":
            return []
        return [Finding("phrase-mismatch", "kind", f"the phrase {q} reads as {said.form}, not {kind}")]
    out: list[Finding] = []
    if said.before and not timing.get("interpretation") and kind in ("deadline", "recurring"):
        out.append(Finding("phrase-mismatch", "interpretation", f"the phrase {q} writes \u201ctrước\u201d: name "
                                                                "its reading with an interpretation (e.g. before)"))
    if kind == "deadline":
        written = _iso(timing.get("date"))
        if said.date != written and not _SLASH_DATE.search(phrase):  # d/m/yyyy: the deadline rule compares it
            out.append(Finding("phrase-mismatch", "date", f"date {_show(written)} differs from the date the phrase "
                                                          f"{q} gives ({_show(said.date)})"))
    elif kind == "window":
        start, end = _iso(timing.get("start")), _iso(timing.get("end"))
        if said.end != end:
            out.append(Finding("phrase-mismatch", "end", f"end {_show(end)} differs from the end the phrase {q} "
                                                         f"gives ({_show(said.end)})"))
        if said.start != start:
            out.append(Finding("phrase-mismatch", "start", f"start {_show(start)} differs from the start the phrase "
                                                           f"{q} gives ({_show(said.start)}; null: from the plan's start)"))
    elif kind == "recurring":
        if said.frequency != timing.get("frequency"):
            out.append(Finding("phrase-mismatch", "frequency",
                               f"frequency {timing.get('frequency')} differs from the phrase {q} ({said.frequency})"))
        given = timing.get("day")
        day = (given.get("month"), given.get("day")) if isinstance(given, Mapping) else None
        if said.day is not None and day is None:
            out.append(Finding("phrase-mismatch", "day", f"the phrase {q} gives a day ({_day_text(said.day)}); "
                                                         "write it as day, not as an interpretation"))
        elif said.day is not None and day is not None and _norm_day(day, said.frequency) != _norm_day(said.day, said.frequency):
            out.append(Finding("phrase-mismatch", "day", f"day {_day_text(day)} differs from the day the phrase {q} "
                                                         f"gives ({_day_text(said.day)})"))
        elif said.day is None and day is not None and said.frequency in ("monthly", "yearly"):
            out.append(Finding("phrase-mismatch", "day", f"the phrase {q} gives no day, but day is {_day_text(day)}; "
                                                         "name the reading as an interpretation"))
    elif kind == "relative":
        if said.days != timing.get("days"):
            out.append(Finding("phrase-mismatch", "days", f"days {timing.get('days')} differs from the phrase {q} "
                                                          f"({said.days})"))
        if said.unit != timing.get("unit"):
            out.append(Finding("phrase-mismatch", "unit", f"unit {timing.get('unit')} differs from the phrase {q} "
                                                          f"({said.unit})"))
    return out


def _norm_day(day: tuple[object, object], frequency: str | None) -> tuple[object, object]:
    month, d = day
    if frequency == "monthly":
        return (None, d)
    return (month, d)


def _day_text(day: tuple[object, object]) -> str:
    month, d = day
    return f"{d}" if month is None else f"{d}/{month}"
