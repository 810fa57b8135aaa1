"""Every timing is one the timing table schedules (:mod:`kehoach.timing`), and says what its phrase says
(:mod:`kehoach.phrases`).

A timing kind or a frequency that the table does not know would get no instances, or — as before
there was one table — the wrong ones, silently. It does not validate.

PASS::

    timing: {kind: recurring, frequency: monthly, phrase: "Hàng tháng", interpretation: monthly-day}

FAIL (``timing-not-scheduled``)::

    timing: {kind: recurring, frequency: weekly, phrase: "Hàng tuần", interpretation: weekly-day}
    timing: {kind: recurring, frequency: quarterly, phrase: "…", day: {month: 5, day: 15}}

FAIL (``phrase-mismatch``, at ``end``)::

    timing: {kind: window, phrase: "Quý IV/2026", start: "2026-10-01", end: "2026-11-30"}

WARNING (``phrase-not-checked``)::

    timing: {kind: window, phrase: "sau Tết", start: "2026-02-01", end: "2026-02-28"}
"""
from __future__ import annotations

from collections.abc import Iterable

from ..phrases import check_timing
from ..problems import Problem, Severity
from ..timing import unschedulable_form
from ._plan_common import elements
from .base import Context

__all__ = ["RULES", "plan_phrases", "plan_timings"]


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


def plan_phrases(ctx: Context) -> Iterable[Problem]:
    """Each timing's dates against its phrase: a mismatch at the field that differs; an unread phrase warned."""
    for doc in ctx.of_kind("plan"):
        for element in elements(doc, ("requirements", "duties")):
            data = element.data.get("timing")
            if not isinstance(data, dict):
                continue
            for f in check_timing(data):
                field = f.field if f.field in data else "phrase"
                if f.code == "phrase-not-checked":
                    yield ctx.problem(doc, element.at("timing", "phrase"), "phrase-not-checked",
                                      f"timing of '{element.ident}': {f.message}",
                                      hint="check its dates by hand, or write the phrase as the text does "
                                           "(docs/timing-forms.md lists the forms kehoach reads)",
                                      severity=Severity.WARNING)
                else:
                    yield ctx.problem(doc, element.at("timing", field), "phrase-mismatch",
                                      f"timing.{f.field} of '{element.ident}': {f.message}",
                                      hint=f"the phrase is \"{data.get('phrase')}\"")


RULES = (plan_timings, plan_phrases)
