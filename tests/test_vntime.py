"""Vietnam's day: the default --on/--as-of is the date in Hà Nội (UTC+7), whatever the host's zone."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from kehoach import cli_query


def test_today_is_vietnam_day() -> None:
    assert cli_query.today({"KEHOACH_TODAY": "2024-03-04"}) == date(2024, 3, 4)
    vn = datetime.now(timezone(timedelta(hours=7))).date()
    got = cli_query.today({})
    assert got == vn or got == datetime.now(timezone(timedelta(hours=7))).date()


def test_today_ignores_host_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    from kehoach import vntime

    utc = datetime(2024, 5, 31, 18, 30, tzinfo=UTC)  # 01:30 on 1 June in Hà Nội
    monkeypatch.setattr(vntime.time, "time", lambda: utc.timestamp())
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    assert cli_query.today({}) == date(2024, 6, 1)
