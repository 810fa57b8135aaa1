"""The effective value of each named interpretation of a plan (:class:`Assumptions`): its default,
overridden by the caller (``--assume ID=VALUE``), checked against its value type; and the plan start
that follows from them. The dates these values give come from :mod:`kehoach.timing`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from .errors import InvalidAssumption
from .model import Interpretation, Plan, Spec

__all__ = [
    "Assumptions",
    "default_assumptions",
    "parse_assumption",
    "plan_start",
]

Value = str | int

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _validate_value(interp: Interpretation, raw: object, text: str) -> Value:
    if interp.value_type == "day-of-month":
        if raw == "last":
            return "last"
        try:
            if not str(raw).isascii():
                raise ValueError(raw)
            day = int(str(raw))
        except ValueError:
            raise InvalidAssumption(text, "expected a day of month 1–31 or 'last'") from None
        if not 1 <= day <= 31:
            raise InvalidAssumption(text, "expected a day of month 1–31 or 'last'")
        return day
    if interp.value_type == "period-day":
        if raw == "end":
            return "end"
        try:
            day = int(str(raw))
        except ValueError:
            raise InvalidAssumption(text, "expected 'end' or a day 1–31 of the month after the period") from None
        if not 1 <= day <= 31:
            raise InvalidAssumption(text, "expected 'end' or a day 1–31 of the month after the period")
        return day
    if interp.value_type == "date":
        if not _ISO_DATE.fullmatch(str(raw)):
            raise InvalidAssumption(text, "expected a date YYYY-MM-DD (ASCII digits 0-9)")
        try:
            return date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            raise InvalidAssumption(text, "expected a date YYYY-MM-DD") from None
    choices = interp.choice_ids()
    if str(raw) not in choices:
        raise InvalidAssumption(text, f"{interp.id} must be one of: {', '.join(choices)}" + _did_you_mean(str(raw), choices))
    return str(raw)


def _did_you_mean(word: str, options: Sequence[str]) -> str:
    """``"; did you mean 'inclusive'?"`` for a near miss among ``options``, else ``""``."""
    import difflib  # only for error messages

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _check_ranges(plan: Plan, values: Mapping[str, Value], overridden: Mapping[str, str]) -> None:
    """Overridden dates must lie within the plan period: the plan start on or before the end of the
    period (and no more than :data:`MAX_PERIOD_YEARS` before it), every other date interpretation (a
    judging date) between the plan start and the end of the period, both included."""
    start_id = plan.period_start if plan.period_start_is_interpretation else None
    end = plan.period_end
    start = date.fromisoformat(str(values[start_id])) if start_id and start_id in values else (
        None if start_id else date.fromisoformat(plan.period_start))
    for interp in plan.interpretations:
        if interp.value_type != "date" or interp.id not in overridden or interp.id not in values:
            continue
        day = date.fromisoformat(str(values[interp.id]))
        text = overridden[interp.id]
        if interp.id == start_id:
            if day > end:
                raise InvalidAssumption(text, f"{interp.id} must be on or before the end of the plan period "
                                              f"({end.isoformat()}); got {day.isoformat()}")
            earliest = _years_before(end, MAX_PERIOD_YEARS)
            if day < earliest:
                raise InvalidAssumption(text, f"{interp.id} must be at most {MAX_PERIOD_YEARS} years before the end "
                                              f"of the plan period ({earliest.isoformat()} or later); "
                                              f"got {day.isoformat()}")
        elif start is not None and day < start:
            raise InvalidAssumption(text, f"{interp.id} must be on or after the plan start "
                                          f"({start.isoformat()}); got {day.isoformat()}")
        elif day > end:
            raise InvalidAssumption(text, f"{interp.id} must be on or before the end of the plan period "
                                          f"({end.isoformat()}); got {day.isoformat()}")


MAX_PERIOD_YEARS = 15
"""The longest plan period kehoach accepts (a plan longer than this is a finding of ``validate``)."""


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def parse_assumption(text: str) -> tuple[str, str]:
    """``"before=inclusive"`` → ``("before", "inclusive")``."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise InvalidAssumption(text, "expected ID=VALUE, e.g. before=inclusive")
    return key.strip(), value.strip()


@dataclass(frozen=True)
class Assumptions:
    """The effective value of every interpretation of a plan: its default, overridden by the caller."""

    values: tuple[tuple[str, Value], ...]
    overridden: frozenset[str] = frozenset()
    _map: Mapping[str, Value] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_map", dict(self.values))

    @classmethod
    def for_plan(
        cls, plan: Plan, overrides: Mapping[str, object] | str | list[str] | tuple[str, ...] | None = None
    ) -> Assumptions:
        if overrides is None:
            pairs: dict[str, object] = {}
        elif isinstance(overrides, str):
            pairs = dict([parse_assumption(overrides)])
        elif isinstance(overrides, (list, tuple)):
            pairs = {}
            for t in overrides:
                key, value = parse_assumption(t)
                if key in pairs and pairs[key] != value:
                    raise InvalidAssumption(t, f"{key} is given twice with different values: "
                                               f"{pairs[key]!r} and {value!r}")
                pairs[key] = value
        else:
            pairs = dict(overrides)
        known = {i.id: i for i in plan.interpretations}
        values: dict[str, Value] = {}
        for interp in plan.interpretations:
            if interp.default is not None:
                values[interp.id] = _validate_value(interp, interp.default, f"{interp.id}={interp.default}")
        for key in sorted(pairs):
            text = f"{key}={pairs[key]}"
            if key not in known:
                hint = _did_you_mean(key, sorted(known))
                raise InvalidAssumption(text, f"unknown interpretation; valid: {', '.join(sorted(known))}{hint}")
            values[key] = _validate_value(known[key], pairs[key], text)
        _check_ranges(plan, values, {k: f"{k}={pairs[k]}" for k in pairs})
        return cls(tuple(sorted(values.items())), frozenset(pairs))

    def get(self, interp_id: str) -> Value | None:
        return self._map.get(interp_id)

    def subset(self, ids: set[str] | frozenset[str]) -> tuple[tuple[str, Value], ...]:
        return tuple((k, v) for k, v in self.values if k in ids)


def plan_start(plan: Plan, assumptions: Assumptions) -> date:
    if not plan.period_start_is_interpretation:
        return date.fromisoformat(plan.period_start)
    value = assumptions.get(plan.period_start)
    if value is None:
        raise InvalidAssumption(plan.period_start, "the plan start has no value")
    return date.fromisoformat(str(value))


def default_assumptions(spec: Spec) -> Assumptions:
    """The plan's defaults (no override), computed once per spec."""
    found: Assumptions = spec.memo.get(("assumptions",), lambda: Assumptions.for_plan(spec.plan, None))
    return found
