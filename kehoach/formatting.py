"""How kehoach writes values for people and for JSON: dates, numbers, targets and quote fragments.

The reporters, ``explain``, the JSON contract and the messages of the checks all format through here,
so a date or a target reads the same everywhere.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .targets import symbol

__all__ = ["QUOTE_JOINER", "iso", "number", "number_text", "quote_text", "target_text", "vn_date"]

QUOTE_JOINER = " … "
"""Between the fragments of a quote split in the text (a page break, a table cell)."""


def iso(value: date | None) -> str | None:
    """``2024-08-30`` (None stays None): the form of every date in the JSON contract."""
    return value.isoformat() if value is not None else None


def vn_date(value: str | date | None) -> str:
    """``2024-08-30`` → ``30/08/2024``, the form Vietnamese documents use (empty for None or '')."""
    if not value:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    y, m, d = text.split("-")
    return f"{d}/{m}/{y}"


def number(value: float | int) -> int | float:
    """A number as JSON should carry it: ``80`` rather than ``80.0``."""
    return int(value) if float(value).is_integer() else value


def number_text(value: Any) -> str:
    """A number as text: ``80``, ``85.2``."""
    return str(number(float(value)))


def target_text(target: Mapping[str, Any] | None) -> str:
    """A target as people write it: ``≥ 90 %`` (empty when there is none)."""
    if not target:
        return ""
    return f"{symbol(str(target['comparator']))} {target['value']} {target['unit']}"


def quote_text(fragments: Iterable[str] | str) -> str:
    """The fragments of a quote as one line: ``"first … second"``."""
    if isinstance(fragments, str):
        return fragments
    return QUOTE_JOINER.join(fragments)
