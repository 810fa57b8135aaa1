"""The plan period's end is the end the text writes.

A plan whose title names its year ("Cải cách thủ tục hành chính trọng tâm năm 2024") runs to the end of
that year: ``period.end`` must be 31/12 of it, and ``year`` that year. A plan whose title names no
year is not checked here.

PASS::

    title: "Cải cách thủ tục hành chính trọng tâm năm 2024"
    period: {start: {interpretation: plan-start}, end: "2024-12-31"}

FAIL (``period-end-mismatch`` at ``period.end``, quoting the title)::

    period: {start: {interpretation: plan-start}, end: "2024-09-30"}
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..problems import Problem
from .base import Context

__all__ = ["RULES", "period_ends"]

_YEAR = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)


def title_year(title: Any) -> int | None:
    """The one year "năm YYYY" that ``title`` names, or None."""
    if not isinstance(title, str):
        return None
    years = {int(y) for y in _YEAR.findall(title)}
    return years.pop() if len(years) == 1 else None


def period_ends(ctx: Context) -> Iterable[Problem]:
    for doc in ctx.of_kind("plan"):
        data = doc.data if isinstance(doc.data, dict) else {}
        year = title_year(data.get("title"))
        if year is None:
            continue
        period = data.get("period")
        end = period.get("end") if isinstance(period, dict) else None
        expected = f"{year}-12-31"
        if isinstance(end, str) and end != expected:
            yield ctx.problem(doc, doc.root.get("period", "end"), "period-end-mismatch",
                              f"period.end {end} is not the end of the year the plan's title names: "
                              f"\"{data.get('title')}\"", hint=f"a plan of năm {year} ends on {expected}")
        stated = data.get("year")
        if isinstance(stated, int) and not isinstance(stated, bool) and stated != year:
            yield ctx.problem(doc, doc.root.get("year"), "period-end-mismatch",
                              f"year {stated} is not the year the plan's title names: \"{data.get('title')}\"",
                              hint=f"the title names năm {year}")


RULES = (period_ends,)
