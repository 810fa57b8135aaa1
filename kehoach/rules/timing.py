"""Every timing is one the timing table schedules (:mod:`kehoach.timing`).

A timing kind or a frequency that the table does not know would get no instances, or — as before
there was one table — the wrong ones, silently. It does not validate.

PASS::

    timing: {kind: recurring, frequency: monthly, phrase: "Hàng tháng", interpretation: monthly-day}

FAIL (``timing-not-scheduled``)::

    timing: {kind: recurring, frequency: weekly, phrase: "Hàng tuần", interpretation: weekly-day}
    timing: {kind: recurring, frequency: quarterly, phrase: "…", day: {month: 5, day: 15}}
"""
from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem
from ..timing import unschedulable_form
from ._plan_common import elements
from .base import Context

__all__ = ["RULES", "plan_timings"]


def plan_timings(ctx: Context) -> Iterable[Problem]:
    for doc in ctx.of_kind("plan"):
        for element in elements(doc, ("requirements", "duties")):
            data = element.data.get("timing")
            if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
                continue  # the schema reports a missing or malformed timing
            frequency = data.get("frequency")
            day = data.get("day")
            month = day.get("month") if isinstance(day, dict) else None
            reason = unschedulable_form(data["kind"], frequency if isinstance(frequency, str) else None,
                                        month if isinstance(month, int) and not isinstance(month, bool) else None)
            if reason is None:
                continue
            at = element.at("timing", "frequency") if data.get("kind") == "recurring" else element.at("timing", "kind")
            yield ctx.problem(doc, at, "timing-not-scheduled", f"timing of '{element.ident}': {reason}",
                              hint="use a timing form kehoach schedules; see `kehoach schema plan` and the README")


RULES = (plan_timings,)
