"""Dates as people and plans write them: ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (the form the plan text uses)."""
from __future__ import annotations

import re
from datetime import date, datetime

from .errors import InvalidDate

__all__ = ["DateLike", "parse_date"]

DateLike = date | str


def parse_date(value: DateLike) -> date:
    """A date from ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (the form the plan text uses).

    A ``datetime`` gives its date (its time and time zone are dropped: a duty falls on a day)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidDate(text, str(exc)) from None
    raise InvalidDate(text, "expected YYYY-MM-DD or DD/MM/YYYY")
