"""Dates as people and plans write them: ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (the form the plan text uses)."""
from __future__ import annotations

import re
from datetime import date, datetime

from .errors import InvalidArgument, InvalidDate
from .messages import shorten

__all__ = ["MAX_DATE_CHARS", "DateLike", "parse_date"]

DateLike = date | str


_DMY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_YMD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_DATE_CHARS = 40


def parse_date(value: DateLike) -> date:
    """A date from ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (the form the plan text uses), in the digits 0-9.

    A ``datetime`` gives its date (its time and time zone are dropped: a duty falls on a day).
    Text in another form — other digits (Arabic-Indic, fullwidth…) in either form included — raises
    :class:`InvalidDate`; a value that is neither text nor a date raises :class:`InvalidArgument`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InvalidArgument("parse_date", "value", "a date or text YYYY-MM-DD / DD/MM/YYYY", value)
    text = value.strip()
    if len(text) > MAX_DATE_CHARS:
        raise InvalidDate(shorten(text, MAX_DATE_CHARS), "expected YYYY-MM-DD or DD/MM/YYYY")
    if not text.isascii() and any(ch.isdigit() for ch in text):
        raise InvalidDate(text, "only the digits 0-9 are accepted")
    m = _DMY.fullmatch(text)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if _YMD.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidDate(text, str(exc)) from None
    raise InvalidDate(text, "expected YYYY-MM-DD or DD/MM/YYYY")
