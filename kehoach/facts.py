"""Facts: what happened (submissions, events, measurements), and their checks against a spec.

Errors (the facts cannot be evaluated as written): ``unresolved-ref`` (unknown obligation, trigger,
indicator or agency), ``bad-instance`` (a recurring duty's label outside the plan period's months, or a
label on a one-off/continuous duty; the hint says which labels the default interpretations schedule and
which only an override does) and ``not-submittable`` (a submission to a continuous duty or requirement,
or to an indicator: those are not submitted — indicators get measurements).  Warnings (the facts
evaluate, but probably not as meant): ``instance-not-scheduled`` (a month of the period that the
default interpretations schedule no instance in, e.g. "2024-01" when the first default instance is
2024-02), ``before-plan-start`` (a submission or event dated before the plan starts), ``not-owed`` (a
measurement for an agency that does not owe the indicator, or a submission by an agency that does not
lead the obligation), ``duplicate-submission`` (a second submission of the same obligation, instance
and agency; names the first one's line; status uses the earliest), ``duplicate-event`` (a second event
of the same trigger; names the first one's line; the earliest counts), ``conflicting-measurements``
(measurements of the same indicator, agency and date with different values; names the other one's
line; status uses, among one date's measurements, the later period, then the larger value — the hint
gives that value) and ``date-before-period`` (a measurement dated before its period starts).
References that are not text (``agency: yes``) are the loader's and the schema's to report and are
skipped here.  :func:`check_facts` keeps its historical shape (errors only, as ``(path, code, message,
hint)``); :func:`check_facts_all` and :func:`facts_problems` give both.
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .formatting import number_text
from .model import Duty, Indicator, Spec
from .problems import Problem, Severity
from .suggest import did_you_mean

if TYPE_CHECKING:
    from .loader import Node

__all__ = [
    "Event",
    "FactCheck",
    "FactProblem",
    "Facts",
    "Measurement",
    "Submission",
    "check_facts",
    "check_facts_all",
    "facts_digest",
    "facts_problems",
    "leads_obligation",
    "owes_indicator",
    "scheduled_instances",
    "valid_instances",
]


@dataclass(frozen=True)
class Submission:
    obligation: str
    instance: str | None
    agency: str
    date: date
    document: str = ""

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> Submission:
        return cls(str(d["obligation"]), d.get("instance"), str(d["agency"]), date.fromisoformat(d["date"]),
                   str(d.get("document") or ""))


def _skey(s: Submission) -> tuple[str, str, str, date, str]:
    return (s.obligation, s.instance or "", s.agency, s.date, s.document)


@dataclass(frozen=True, order=True)
class Event:
    """A trigger's event; ``agency`` is the agency that met it ("" = everyone), for a duty whose trigger
    each agency meets on its own (``scope: each``)."""

    trigger: str
    date: date
    document: str = ""
    agency: str = ""

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> Event:
        return cls(str(d["trigger"]), date.fromisoformat(d["date"]), str(d.get("document") or ""),
                   str(d.get("agency") or ""))


@dataclass(frozen=True, order=True)
class Measurement:
    indicator: str
    agency: str
    date: date
    period: str
    value: float
    source: str = ""

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> Measurement:
        return cls(str(d["indicator"]), str(d["agency"]), date.fromisoformat(d["date"]), str(d.get("period", "")),
                   float(d["value"]), str(d.get("source") or ""))


@dataclass(frozen=True)
class Facts:
    """Facts from one or more files; every collection is sorted, so file and key order do not matter."""

    plan: str | None = None
    submissions: tuple[Submission, ...] = ()
    events: tuple[Event, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    files: tuple[str, ...] = ()
    digest: str = ""
    by_plan: tuple[tuple[str, Facts], ...] = ()  # facts of several plans: each plan's own, merged

    @classmethod
    def from_data(cls, data: Mapping[str, Any], *, file: str | None = None, digest: str = "") -> Facts:
        return cls(
            plan=data.get("plan"),
            submissions=tuple(sorted((Submission.from_data(x) for x in data.get("submissions") or ()), key=_skey)),
            events=tuple(sorted(Event.from_data(x) for x in data.get("events") or ())),
            measurements=tuple(sorted(Measurement.from_data(x) for x in data.get("measurements") or ())),
            files=(file,) if file else (),
            digest=digest,
        )

    @classmethod
    def merge(cls, parts: Sequence[Facts]) -> Facts:
        """One :class:`Facts` of ``parts``. Parts of different plans stay apart (:meth:`for_plan`): an
        obligation id means something only within its plan."""
        if len(parts) == 1:
            return parts[0]
        plans = sorted({p.plan for p in parts if p.plan})
        if len(plans) > 1:
            flat = [q for p in parts for q in (p.parts() or (p,))]
            own = tuple((plan, cls.merge([q for q in flat if q.plan == plan])) for plan in plans)
            h = hashlib.sha256()
            for q in flat:
                h.update(q.digest.encode("ascii"))
            return cls(None, files=tuple(f for q in flat for f in q.files), digest=h.hexdigest(), by_plan=own)
        h = hashlib.sha256()
        for p in parts:
            h.update(p.digest.encode("ascii"))
        return cls(
            plan=next((p.plan for p in parts if p.plan), None),
            submissions=tuple(sorted((s for p in parts for s in p.submissions), key=_skey)),
            events=tuple(sorted(e for p in parts for e in p.events)),
            measurements=tuple(sorted(m for p in parts for m in p.measurements)),
            files=tuple(f for p in parts for f in p.files),
            digest=h.hexdigest(),
        )

    def parts(self) -> tuple[Facts, ...]:
        """Each plan's facts, when these are the facts of several plans (else empty)."""
        return tuple(f for _, f in self.by_plan)

    def for_plan(self, plan: str) -> Facts:
        """The facts of ``plan``: these facts when they name that plan or none, the plan's own part of
        facts of several plans, and nothing recorded otherwise."""
        if self.by_plan:
            return dict(self.by_plan).get(plan, Facts(plan))
        if self.plan is None or self.plan == plan:
            return self
        return Facts(plan)

    def event(self, trigger: str, as_of: date | None = None, agency: str | None = None) -> Event | None:
        """The earliest event of ``trigger`` on or before ``as_of``; with ``agency`` (a trigger each agency
        meets on its own), the earliest that agency met or that everyone met (an event without agency)."""
        for e in self.events:
            if e.trigger == trigger and (as_of is None or e.date <= as_of) and (
                    agency is None or e.agency in ("", agency)):
                return e
        return None

    def submission(self, obligation: str, instance: str | None, agency: str, as_of: date) -> Submission | None:
        """The earliest matching submission dated on or before ``as_of``."""
        for s in self.submissions:
            if s.obligation == obligation and s.instance == instance and s.agency == agency and s.date <= as_of:
                return s
        return None

    def latest_measurement(self, indicator: str, agency: str, as_of: date) -> Measurement | None:
        best: Measurement | None = None
        for m in self.measurements:
            later = best is None or (m.date, m.period) >= (best.date, best.period)
            if m.indicator == indicator and m.agency == agency and m.date <= as_of and later:
                best = m
        return best


def facts_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# (path inside the facts document, code, message, hint)
FactProblem = tuple[tuple[str | int, ...], str, str, str | None]


@dataclass(frozen=True)
class FactCheck:
    """One finding about a facts document: where (path inside it), what, and how serious."""

    path: tuple[str | int, ...]
    code: str
    message: str
    hint: str | None
    severity: Severity = Severity.ERROR
    first: tuple[str | int, ...] | None = None  # duplicate-*, conflicting-*: the path of the other entry
    other: str = "the first"  # how the message names that entry: "(the first is at line N)"


def valid_instances(spec: Spec, obligation: str) -> tuple[str | None, ...]:
    """The instance labels a submission of ``obligation`` may carry (``None`` for one-off duties).

    For a recurring duty: every period of the plan period that the duty's frequency has (from the month
    the plan starts under the default interpretations, through the period's end) — the day and an earlier
    plan start are interpretations, so a period without a default instance is only a warning.
    """
    from .schedule import Assumptions, plan_start
    from .timing import period_labels

    def make() -> tuple[str | None, ...]:
        duty = spec.plan.element(obligation)
        if not isinstance(duty, Duty) or duty.timing.kind != "recurring":
            return (None,)
        start = plan_start(spec.plan, Assumptions.for_plan(spec.plan))
        return period_labels(duty.timing, start, spec.plan.period_end)

    found: tuple[str | None, ...] = spec.memo.get(("valid-instances", obligation), make)
    return found


def scheduled_instances(spec: Spec, obligation: str) -> tuple[str | None, ...]:
    """The instance labels the default interpretations schedule for ``obligation`` (``(None,)`` if one-off),
    as the evaluator schedules them (:func:`kehoach.timing.schedule`)."""
    from .evaluate import spec_calendar
    from .schedule import Assumptions, plan_start
    from .timing import Window, reading_type, schedule

    def make() -> tuple[str | None, ...]:
        duty = spec.plan.element(obligation)
        timing = getattr(duty, "timing", None)
        if timing is None or timing.kind != "recurring":
            return (None,)
        a = Assumptions.for_plan(spec.plan)
        reading = a.get(timing.interpretation) if timing.interpretation else None
        window = Window(plan_start(spec.plan, a), spec.plan.period_end, spec_calendar(spec),
                        reading_type=reading_type(spec.plan, timing))
        return tuple(i.period for i in schedule(timing, reading, window) if i.period is not None)

    found: tuple[str | None, ...] = spec.memo.get(("scheduled-instances", obligation), make)
    return found


def _default_plan_start(spec: Spec) -> date | None:
    from .errors import KehoachError
    from .schedule import Assumptions, plan_start

    try:
        return plan_start(spec.plan, Assumptions.for_plan(spec.plan))
    except KehoachError:
        return None


def owes_indicator(spec: Spec, agency: str, indicator: str) -> bool:
    """True when ``agency`` leads ``indicator`` (named, through its groups, or through a plan party
    under the default reading of the party's interpretation)."""
    from .ownership import owner_roles
    from .schedule import default_assumptions

    ind = spec.plan.element(indicator)
    if not isinstance(ind, Indicator) or agency not in spec.registry.agencies:
        return False
    return any(owner_roles(spec, agency, (("lead", ind.lead),), default_assumptions(spec)))


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _problem(path: tuple[str | int, ...], code: str, message: str, hint: str | None,
             severity: Severity = Severity.ERROR) -> FactCheck:
    return FactCheck(path, code, message, hint, severity)


def _label(value: object) -> str:
    """A value as a facts file writes it: ``null`` for None, quoted text otherwise."""
    return "null" if value is None else repr(value)


def _check_instance(spec: Spec, base: tuple[str | int, ...], s: Mapping[str, Any],
                    known: dict[tuple[str, str], Any] | None = None) -> list[FactCheck]:
    obligation, instance = str(s["obligation"]), s.get("instance")
    known = {} if known is None else known
    valid = _once(known, ("valid", obligation), lambda: valid_instances(spec, obligation))
    scheduled = _once(known, ("scheduled", obligation), lambda: scheduled_instances(spec, obligation))
    if instance not in valid:
        labels = [v for v in scheduled if v]
        extra = [v for v in valid if v and v not in scheduled]
        if labels:
            hint = f"scheduled by default: {', '.join(labels)}"
            if extra:
                hint += (f"; also accepted, scheduled only under an override such as plan-start or monthly-day: "
                         f"{', '.join(extra)}")
        else:
            hint = "use null: this obligation has one instance"
        return [_problem((*base, "instance"), "bad-instance",
                         f"{_label(instance)} is not an instance of {obligation}", hint)]
    if instance not in scheduled:
        labels = [v for v in scheduled if v]
        return [_problem((*base, "instance"), "instance-not-scheduled",
                         f"{instance!r} is in the plan period but the default interpretations schedule no "
                         f"instance of {obligation} in it",
                         f"scheduled: {', '.join(labels)} (an override such as plan-start or monthly-day may add it)",
                         Severity.WARNING)]
    return []


def _once(known: dict[tuple[str, str], Any], key: tuple[str, str], make: Callable[[], Any]) -> Any:
    """``known[key]``, made on first use: what one facts document asks of the spec for each id, asked once
    (a file of 20,000 submissions names a few dozen obligations)."""
    try:
        return known[key]
    except KeyError:
        value = known[key] = make()
        return value


def _before_start(path: tuple[str | int, ...], what: str, raw: object, start: date | None) -> list[FactCheck]:
    day = _day(raw)
    if start is None or day is None or day >= start:
        return []
    return [_problem(path, "before-plan-start", f"{what} is dated {day.isoformat()}, before the plan starts "
                     f"({start.isoformat()})", "check the date; the plan-start interpretation sets when the plan starts",
                     Severity.WARNING)]


def period_start(period: object) -> date | None:
    """The first day of a measurement period: ``2024`` → 1/1, ``2024-Q3`` → 1/7, ``2024-06`` → 1/6
    (None for anything else: the schema reports it)."""
    if not isinstance(period, str):
        return None
    text = period.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return date(int(text), 1, 1)
        if len(text) == 7 and text[4:6] == "-Q" and text[:4].isdigit() and text[6] in "1234":
            return date(int(text[:4]), 3 * int(text[6]) - 2, 1)
        if len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
            return date(int(text[:4]), int(text[5:]), 1)
    except ValueError:
        return None
    return None


def _not_submittable(spec: Spec, obligation: str) -> tuple[str, str] | None:
    """Why a submission of ``obligation`` makes no sense (message, hint), or None when it may be submitted."""
    found: tuple[str, str] | None = spec.memo.get(("not-submittable", obligation),
                                                  lambda: _why_not_submittable(spec, obligation))
    return found


def _why_not_submittable(spec: Spec, obligation: str) -> tuple[str, str] | None:
    plan = spec.plan
    if any(i.id == obligation for i in plan.indicators):
        return (f"{obligation} is an indicator: indicators are measured, not submitted",
                f"record it under measurements: {{indicator: {obligation}, agency, period, date, value}}")
    element = plan.element(obligation)
    timing = getattr(element, "timing", None)
    if timing is not None and timing.kind == "continuous":
        what = "requirement" if any(r.id == obligation for r in plan.requirements) else "duty"
        return (f"{obligation} is a continuous {what}: it is in force for the whole period and is not submitted",
                "submissions are for deadline, monthly and triggered duties; status does not judge continuous ones")
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_facts_all(facts_data: Mapping[str, Any], spec: Spec) -> list[FactCheck]:
    """Every finding (errors and warnings) of one facts document (plain data) against a spec, in document order.

    Never raises on malformed values (an impossible date is the schema's to report): such a value is
    skipped by the checks that need it, and so is any reference that is not text (``agency: yes`` is
    the loader's and the schema's to report, never an "unknown agency").
    """
    plan = spec.plan
    obligations = set(plan.element_ids())
    triggers = {t.id for t in plan.triggers}
    indicators = {i.id for i in plan.indicators}
    agencies = set(spec.registry.agencies)
    start = _default_plan_start(spec)
    seen: dict[tuple[str, str | None, str], tuple[str | int, ...]] = {}
    known: dict[tuple[str, str], Any] = {}
    out: list[FactCheck] = []
    if isinstance(facts_data.get("plan"), str) and facts_data.get("plan") != plan.id:
        out.append(_problem(("plan",), "unresolved-ref",
                            f"facts are for plan {facts_data.get('plan')!r}, not {plan.id!r}", None))
    for i, s in enumerate(_items(facts_data, "submissions")):
        base: tuple[str | int, ...] = ("submissions", i)
        obligation, agency = s.get("obligation"), s.get("agency")
        submittable = False
        if isinstance(obligation, str):
            why = _once(known, ("why", obligation), functools.partial(_not_submittable, spec, obligation)) \
                if obligation in obligations else None
            if obligation not in obligations:
                out.append(_problem((*base, "obligation"), "unresolved-ref", f"unknown obligation {obligation!r}",
                                    did_you_mean(obligation, obligations)))
            elif why is not None:
                out.append(_problem((*base, "obligation"), "not-submittable", *why))
            else:
                submittable = True
                if "instance" in s:
                    out.extend(_check_instance(spec, base, s, known))
        if isinstance(agency, str) and agency not in agencies:
            out.append(_problem((*base, "agency"), "unresolved-ref", f"unknown agency {agency!r}",
                                did_you_mean(agency, agencies)))
        out.extend(_before_start((*base, "date"), "the submission", s.get("date"), start))
        if submittable and agency in agencies:
            out.extend(_check_owed_and_repeated(spec, base, s, seen, known))
    out.extend(_check_events(facts_data, triggers, start))
    out.extend(_check_measurements(facts_data, spec, indicators, agencies))
    return out


def _check_events(facts_data: Mapping[str, Any], triggers: set[str], start: date | None) -> list[FactCheck]:
    out: list[FactCheck] = []
    events = _items(facts_data, "events")
    earliest: dict[tuple[str, str], date] = {}
    for e in events:
        day = _day(e.get("date"))
        if isinstance(e.get("trigger"), str) and day is not None:
            k = (e["trigger"], _event_agency(e))
            earliest[k] = min(day, earliest.get(k, day))
    first: dict[tuple[str, str], tuple[str | int, ...]] = {}
    for i, e in enumerate(events):
        trigger = e.get("trigger")
        if isinstance(trigger, str) and trigger not in triggers:
            out.append(_problem(("events", i, "trigger"), "unresolved-ref", f"unknown trigger {trigger!r}",
                                did_you_mean(trigger, triggers)))
        out.extend(_before_start(("events", i, "date"), "the event", e.get("date"), start))
        if isinstance(trigger, str) and trigger in triggers:
            k = (trigger, _event_agency(e))
            earlier = first.setdefault(k, ("events", i))
            if earlier != ("events", i):
                day = earliest.get(k)
                counts = f"the earliest ({day.isoformat()}) counts" if day else "the earliest counts"
                out.append(FactCheck(("events", i, "trigger"), "duplicate-event",
                                     f"a second event of trigger {trigger}",
                                     f"{counts}; remove or correct one of them", Severity.WARNING, earlier))
    return out


def _event_agency(e: Mapping[str, Any]) -> str:
    agency = e.get("agency")
    return agency if isinstance(agency, str) else ""


def _check_measurements(facts_data: Mapping[str, Any], spec: Spec, indicators: set[str],
                        agencies: set[str]) -> list[FactCheck]:
    out: list[FactCheck] = []
    items = _items(facts_data, "measurements")
    same: dict[tuple[str, str, str], list[int]] = {}
    for i, m in enumerate(items):
        if all(isinstance(m.get(k), str) for k in ("indicator", "agency", "date")) and _is_number(m.get("value")):
            same.setdefault((m["indicator"], m["agency"], m["date"]), []).append(i)
    for i, m in enumerate(items):
        base: tuple[str | int, ...] = ("measurements", i)
        indicator, agency = m.get("indicator"), m.get("agency")
        if isinstance(indicator, str) and indicator not in indicators:
            out.append(_problem((*base, "indicator"), "unresolved-ref", f"unknown indicator {indicator!r}",
                                did_you_mean(indicator, indicators)))
        if isinstance(agency, str) and agency not in agencies:
            out.append(_problem((*base, "agency"), "unresolved-ref", f"unknown agency {agency!r}",
                                did_you_mean(agency, agencies)))
        unit = next((x.unit for x in spec.plan.indicators if x.id == indicator), None)
        value = m.get("value")
        if unit == "%" and isinstance(value, (int, float)) and _is_number(value) and value > 100:
            out.append(_problem((*base, "value"), "bad-value", f"{number_text(value)} is greater than the maximum "
                                f"of 100 for indicator {indicator}, a rate in %",
                                "a measurement is in its indicator's unit; a rate is between 0 and 100"))
        if indicator in indicators and agency in agencies and not owes_indicator(spec, str(agency), str(indicator)):
            ind = next(x for x in spec.plan.indicators if x.id == indicator)
            out.append(_problem((*base, "agency"), "not-owed",
                                f"{agency} does not owe indicator {indicator}",
                                f"{indicator} is led by: {', '.join(ind.lead) or 'nobody'}", Severity.WARNING))
        day, begins = _day(m.get("date")), period_start(m.get("period"))
        if day is not None and begins is not None and day < begins:
            out.append(_problem((*base, "date"), "date-before-period",
                                f"the measurement is dated {day.isoformat()}, before its period {m['period']} "
                                f"starts ({begins.isoformat()})",
                                "a measurement is dated when the number was taken, on or after the start of the "
                                "period it measures; check the date or the period", Severity.WARNING))
        out.extend(_conflicts(items, i, same))
    return out


def _conflicts(items: list[Mapping[str, Any]], i: int, same: dict[tuple[str, str, str], list[int]]) -> list[FactCheck]:
    """``conflicting-measurements``: measurement ``i`` and an earlier one of the same indicator, agency and
    date disagree.  Status (:meth:`Facts.latest_measurement`) uses, among measurements of one date, the
    later period, then the larger value."""
    m = items[i]
    indicator, agency, day = m.get("indicator"), m.get("agency"), m.get("date")
    if not (isinstance(indicator, str) and isinstance(agency, str) and isinstance(day, str)):
        return []
    group = same.get((indicator, agency, day))
    if not group or group[0] == i:
        return []
    other = next((j for j in group if j < i and float(items[j]["value"]) != float(m["value"])), None)
    if other is None:
        return []
    chosen = max((items[j] for j in group), key=lambda x: (str(x.get("period", "")), float(x["value"]),
                                                           str(x.get("source") or "")))
    return [FactCheck(("measurements", i, "value"), "conflicting-measurements",
                      f"{m['indicator']} by {m['agency']} on {m['date']} is {number_text(m['value'])} here but "
                      f"{number_text(items[other]['value'])} in another measurement",
                      f"status uses {number_text(chosen['value'])} (period {chosen.get('period')}): among measurements "
                      "of one date the later period, then the larger value, counts; remove or correct one of them",
                      Severity.WARNING, ("measurements", other), "the other")]


def leads_obligation(spec: Spec, agency: str, obligation: str) -> bool:
    """True when ``agency`` leads ``obligation`` (a duty, requirement or indicator) under the default
    interpretations — the obligations whose submissions :func:`kehoach.evaluate.status` judges."""
    from .errors import KehoachError
    from .evaluate import instances

    try:
        led: frozenset[str] = spec.memo.get(
            ("led-ids", agency), lambda: frozenset(o.id for o in instances(spec, agency) if o.role == "lead"))
    except KehoachError:
        return True  # the plan itself cannot be evaluated: not this check's to report
    return obligation in led


def _check_owed_and_repeated(spec: Spec, base: tuple[str | int, ...], s: Mapping[str, Any],
                             seen: dict[tuple[str, str | None, str], tuple[str | int, ...]],
                             known: dict[tuple[str, str], Any] | None = None) -> list[FactCheck]:
    obligation, agency, instance = str(s["obligation"]), str(s["agency"]), s.get("instance")
    leads = _once({} if known is None else known, ("leads " + agency, obligation),
                  lambda: leads_obligation(spec, agency, obligation))
    if not leads:
        return [_problem((*base, "agency"), "not-owed", f"{agency} does not lead {obligation}: this submission "
                         "counts for no obligation", "check the agency id; status judges the lead agencies' "
                         "submissions only (see `kehoach explain " + obligation + "`)", Severity.WARNING)]
    key = (obligation, instance if isinstance(instance, str) else None, agency)
    first = seen.setdefault(key, base)
    if first is base:
        return []
    what = f"{obligation}" + (f" {instance}" if isinstance(instance, str) else "")
    return [FactCheck(base, "duplicate-submission", f"a second submission of {what} by {agency}",
                      "status uses the earliest submission; remove or correct one of them", Severity.WARNING,
                      first)]


def _items(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    found = data.get(key)
    return [x for x in found if isinstance(x, Mapping)] if isinstance(found, list) else []


def check_facts(facts_data: Mapping[str, Any], spec: Spec) -> list[FactProblem]:
    """The errors of one facts document (plain data) against a spec, as ``(path, code, message, hint)``.

    Warnings are left out (callers of this shape treat every finding as an error); see
    :func:`check_facts_all` or :func:`facts_problems` for them.
    """
    return [(c.path, c.code, c.message, c.hint) for c in check_facts_all(facts_data, spec)
            if c.severity is Severity.ERROR]


def facts_problems(node: Node, spec: Spec, display: str, *, plan_default: bool = False) -> list[Problem]:
    """Every problem (errors and warnings) of the facts body at ``node``, each at its node's position.

    ``plan_default``: the body has no ``plan`` key of its own (inline scenario facts): use the spec's.
    """
    data = node.plain()
    if not isinstance(data, Mapping):
        return []
    if plan_default:
        data = {**data, "plan": spec.plan.id}
    out: list[Problem] = []
    for c in check_facts_all(data, spec):
        target = _nearest(node, c.path)
        message = c.message
        if c.first is not None:
            earlier = _nearest(node, c.first)
            message += f" ({c.other} is at line {earlier.line})"
        out.append(Problem(display, target.line, target.col, c.code, message, c.severity, c.hint, target.path))
    return out


def _nearest(node: Node, path: tuple[str | int, ...]) -> Node:
    """The node at ``path`` or, when a value was left out (rejected by the loader or schema), its
    nearest ancestor that exists: a finding is never put at the file's start when its entry exists."""
    for end in range(len(path), 0, -1):
        found = node.get(*path[:end])
        if found is not None:
            return found
    return node


def facts_rule(ctx: Any) -> list[Any]:
    """A semantic rule (``kehoach.rules.Rule``): reference checks of every facts document in ``ctx``.

    Needs the plan and registry documents in the same context; does nothing without them. A rules
    module can register it with ``RULES = (facts_rule,)``.
    """
    plans, registries = ctx.of_kind("plan"), ctx.of_kind("registry")
    facts_docs = ctx.of_kind("facts")
    if not facts_docs or not plans or not registries:
        return []
    spec = Spec.from_data(plans[0].data, registries[0].data)
    out: list[Any] = []
    for doc in facts_docs:
        if doc.root is not None:
            out.extend(facts_problems(doc.root, spec, doc.display))
    return out
