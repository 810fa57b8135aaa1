"""Facts: what happened (submissions, events, measurements), and their reference checks."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .model import Spec

__all__ = [
    "Event",
    "FactProblem",
    "Facts",
    "Measurement",
    "Submission",
    "check_facts",
    "facts_digest",
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
    trigger: str
    date: date
    document: str = ""

    @classmethod
    def from_data(cls, d: Mapping[str, Any]) -> Event:
        return cls(str(d["trigger"]), date.fromisoformat(d["date"]), str(d.get("document") or ""))


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
        if len(parts) == 1:
            return parts[0]
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

    def event(self, trigger: str, as_of: date | None = None) -> Event | None:
        """The earliest event of ``trigger`` on or before ``as_of``."""
        for e in self.events:
            if e.trigger == trigger and (as_of is None or e.date <= as_of):
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


def valid_instances(spec: Spec, obligation: str) -> tuple[str | None, ...]:
    """The instance labels a submission of ``obligation`` may carry (``None`` for one-off duties)."""
    from .schedule import Assumptions, monthly_instances, plan_start

    duty = spec.plan.element(obligation)
    if duty is None or not hasattr(duty, "timing") or duty.timing.kind != "recurring":
        return (None,)
    # the day of the month is an interpretation; every month of the period is a valid label
    start = plan_start(spec.plan, Assumptions.for_plan(spec.plan))
    return tuple(p for p, _ in monthly_instances(start.replace(day=1), spec.plan.period_end, 1))


def _suggest(word: str, options: Iterable[str]) -> str | None:
    import difflib

    close = difflib.get_close_matches(word, sorted(options), n=3)
    return f"did you mean: {', '.join(close)}?" if close else None


def check_facts(facts_data: Mapping[str, Any], spec: Spec) -> list[FactProblem]:
    """Reference checks of one facts document (plain data) against a spec.

    Returns ``(path, code, message, hint)`` tuples; a rule can map ``path`` to a node position.
    """
    plan = spec.plan
    obligations = {d.id for d in (*plan.duties, *plan.requirements)} | {i.id for i in plan.indicators}
    triggers = {t.id for t in plan.triggers}
    indicators = {i.id for i in plan.indicators}
    agencies = set(spec.registry.agencies)
    out: list[FactProblem] = []
    if facts_data.get("plan") not in (None, plan.id):
        out.append((("plan",), "unresolved-ref", f"facts are for plan {facts_data.get('plan')!r}, not {plan.id!r}",
                    None))
    for i, s in enumerate(facts_data.get("submissions") or ()):
        base: tuple[str | int, ...] = ("submissions", i)
        if s.get("obligation") not in obligations:
            out.append(((*base, "obligation"), "unresolved-ref", f"unknown obligation {s.get('obligation')!r}",
                        _suggest(str(s.get("obligation")), obligations)))
        elif s.get("instance") not in valid_instances(spec, s["obligation"]):
            valid = [v for v in valid_instances(spec, s["obligation"]) if v]
            out.append(((*base, "instance"), "bad-instance",
                        f"{s.get('instance')!r} is not an instance of {s['obligation']}",
                        f"valid: {', '.join(valid)}" if valid else "use null: this obligation has one instance"))
        if s.get("agency") not in agencies:
            out.append(((*base, "agency"), "unresolved-ref", f"unknown agency {s.get('agency')!r}",
                        _suggest(str(s.get("agency")), agencies)))
    for i, e in enumerate(facts_data.get("events") or ()):
        if e.get("trigger") not in triggers:
            out.append((("events", i, "trigger"), "unresolved-ref", f"unknown trigger {e.get('trigger')!r}",
                        _suggest(str(e.get("trigger")), triggers)))
    for i, m in enumerate(facts_data.get("measurements") or ()):
        base = ("measurements", i)
        if m.get("indicator") not in indicators:
            out.append(((*base, "indicator"), "unresolved-ref", f"unknown indicator {m.get('indicator')!r}",
                        _suggest(str(m.get("indicator")), indicators)))
        if m.get("agency") not in agencies:
            out.append(((*base, "agency"), "unresolved-ref", f"unknown agency {m.get('agency')!r}",
                        _suggest(str(m.get("agency")), agencies)))
    return out


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
    out = []
    for doc in facts_docs:
        for path, code, message, hint in check_facts(doc.data, spec):
            node = doc.root.get(*path) if doc.root is not None else None
            out.append(ctx.problem(doc, node if node is not None else doc.root, code, message, hint))
    return out
