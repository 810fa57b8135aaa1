"""The official Vietnamese working calendar (holidays 0.109, VN, observed)."""
from __future__ import annotations

import json
from datetime import date

import pytest

from kehoach.calendar import (
    Calendar,
    is_working_day,
    last_working_day_on_or_before,
    next_working_day_on_or_after,
)

CAL = Calendar.for_years([2023, 2024, 2025])


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 5, 4), True),  # Saturday made a working day (swap for 29/4)
        (date(2024, 4, 29), False),  # compensatory day off
        (date(2024, 4, 30), False),
        (date(2024, 5, 1), False),
        (date(2024, 8, 30), True),  # Friday before the National Day break
        (date(2024, 8, 31), False),
        (date(2024, 9, 1), False),
        (date(2024, 9, 2), False),
        (date(2024, 9, 3), False),
        (date(2024, 9, 4), True),
        (date(2024, 9, 14), False),  # Saturday
        (date(2024, 9, 15), False),  # Sunday
        (date(2024, 2, 12), False),  # Tết
        (date(2024, 5, 15), True),
    ],
)
def test_working_days_2024(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working
    assert is_working_day(day) is working


def test_last_working_day_on_or_before() -> None:
    assert CAL.last_working_day_on_or_before(date(2024, 8, 30)) == date(2024, 8, 30)
    assert CAL.last_working_day_on_or_before(date(2024, 9, 3)) == date(2024, 8, 30)
    assert CAL.last_working_day_on_or_before(date(2024, 9, 14)) == date(2024, 9, 13)
    assert CAL.last_working_day_on_or_before(date(2024, 5, 4)) == date(2024, 5, 4)
    assert CAL.last_working_day_on_or_before(date(2024, 5, 1)) == date(2024, 4, 26)
    assert last_working_day_on_or_before(date(2024, 9, 15)) == date(2024, 9, 13)


def test_next_working_day_on_or_after() -> None:
    assert CAL.next_working_day_on_or_after(date(2024, 8, 31)) == date(2024, 9, 4)
    assert CAL.next_working_day_on_or_after(date(2024, 4, 27)) == date(2024, 5, 2)
    assert next_working_day_on_or_after(date(2024, 9, 15)) == date(2024, 9, 16)


def test_round_trip_through_json() -> None:
    data = json.loads(json.dumps(CAL.to_data()))
    again = Calendar.from_data(data)
    assert again == CAL
    assert data["years"] == [2023, 2024, 2025]
    assert "2024-05-04" in data["working_weekend_days"]
    assert "2024-04-29" in data["days_off"]


def test_only_requested_years_are_kept() -> None:
    cal = Calendar.for_years([2024])
    assert {d.year for d in cal.days_off} == {2024}
    assert cal.working_weekend_days == frozenset({date(2024, 5, 4)})
    assert cal.covers(date(2024, 1, 1)) and not cal.covers(date(2025, 1, 1))
    assert Calendar.for_years([]) == Calendar(frozenset(), frozenset(), frozenset())
