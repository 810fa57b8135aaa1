"""Who owes what, when, and whether it was done. Pure: no I/O, no printing, no global state.

An agency owes an element (duty, requirement, indicator) in a role when a ref of that role names
the agency, a group it belongs to (directly or through nested groups), or a plan party whose
interpretation (e.g. ``addressees``) maps to such a group. ``via`` records the chain:

* ``()`` — named directly;
* ``("co-quan-chuyen-mon",)`` — member of that group (nested: outer group first);
* ``("cac-co-quan-don-vi-dia-phuong", "addressees", "ubnd-cap-huyen")`` — party → interpretation → group.

Results are sorted by (due or 9999-12-31, id, period, role).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Self

from .calendar import Calendar
from .model import Duty, Indicator, Plan, Source, Spec
from .ownership import owner_roles
from .schedule import Assumptions, Value, default_assumptions, plan_start
from .targets import BARE_TARGET, bare_comparator, is_met
from .timing import EVENT_KINDS, Window, reading_type, schedule

if TYPE_CHECKING:
    from .facts import Facts, Measurement

__all__ = [
    "KINDS",
    "ROLES",
    "STATUSES",
    "indicator_title",
    "provisional_on",
    "unverified",
    "AgencyRef",
    "Answer",
    "GroupAnswers",
    "Note",
    "Obligation",
    "SourceRef",
    "SpecRef",
    "StatusAnswer",
    "StatusItem",
    "TargetRef",
    "calendar_years",
    "due",
    "due_for_group",
    "group_members",
    "instances",
    "judging_date",
    "obligations",
    "obligations_for_group",
    "spec_calendar",
    "status",
    "status_for_group",
    "target_comparator",
]

KINDS = ("deadline", "window", "recurring", "continuous", "on-request", "triggered", "relative", "target")
ROLES = ("lead", "coordinate", "evaluate", "receive", "channel")
STATUSES = ("done_on_time", "done_late", "overdue", "open", "waiting", "met", "not_met", "no_data", "not_judged")
_FAR = date(9999, 12, 31)


@dataclass(frozen=True)
class Note:
    """Something the caller should know about an answer, as data: a stable ``code`` and its fields.

    Codes: ``outside-period`` (``day`` is outside the plan period ``start`` – ``end``);
    ``name-also-matches`` (the bare place name ``query`` was read as the highest-level unit of that name;
    ``others`` are the other units it names, each with the query that asks for it);
    ``agency-ended`` / ``agency-not-yet`` (the agency ``query`` does not exist on ``day``: it ended on
    ``end``, ``others`` its successors, or begins on ``start``; see :mod:`kehoach.agency_validity`).
    :meth:`text` is the English sentence the JSON ``notes`` list carries; reporters render the
    code and fields in their own language.
    """

    code: str
    day: date | None = None
    start: date | None = None
    end: date | None = None
    query: str | None = None
    others: tuple[tuple[str, str, str], ...] = ()  # name-also-matches: (id, name, how to ask for it)

    def fields(self) -> dict[str, Any]:
        """The fields that are set (dates as ISO strings): the JSON ``note_details`` entry without ``code``.

        ``name-also-matches``: ``{"query": …, "others": [{"id", "name", "ask"}, …]}``."""
        out: dict[str, Any] = {k: v.isoformat() for k, v in (("date", self.day), ("start", self.start),
                                                             ("end", self.end)) if v is not None}
        if self.query is not None:
            out["query"] = self.query
        if self.others:
            out["others"] = [{"id": i, "name": n, "ask": a} for i, n, a in self.others]
        return out

    def text(self) -> str:
        if self.code == "outside-period" and self.day and self.start and self.end:
            return f"{self.day.isoformat()} is outside the plan period {self.start.isoformat()} – {self.end.isoformat()}"
        if self.code == "agency-ended" and self.day and self.end:
            after = "".join(f"; its successor: {n} ({i})" for i, n, _ in self.others)
            return f"{self.query} ended on {self.end.isoformat()}: it has no obligations after that day{after}"
        if self.code == "agency-not-yet" and self.day and self.start:
            return f"{self.query} exists from {self.start.isoformat()}: it has no obligations before that day"
        if self.code == "name-also-matches" and self.query is not None and self.others:
            return f"'{self.query}' also names " + "; ".join(
                f"{n} ({i}); write '{a}' for it" for i, n, a in self.others)
        return " ".join([self.code, *(f"{k}={v}" for k, v in self.fields().items())])


@dataclass(frozen=True)
class TargetRef:
    """A target as judged: the comparator after its reading, and who owes it (``owed_by``: ``each`` or
    ``whole`` under its reading; None when the indicator does not say, which reads as each)."""

    indicator: str
    comparator: str
    value: float
    unit: str
    as_written: str = ""
    owed_by: str | None = None


@dataclass(frozen=True)
class SourceRef:
    document: str
    ref: str
    quote: tuple[str, ...]

    @classmethod
    def of(cls, s: Source) -> SourceRef:
        return cls(s.document, s.ref, s.quote)


@dataclass(frozen=True)
class Obligation:
    id: str
    kind: str
    role: str
    title: str
    due: date | None
    literal: date | None
    last_working_day: date | None
    period: str | None
    target: TargetRef | None
    source: SourceRef
    interpretations: tuple[str, ...]
    via: tuple[str, ...]
    phrase: str | None
    agency: str
    in_force_from: date | None = None
    trigger: str | None = None
    plan: str = ""  # the id of the plan that sets the obligation
    window_start: date | None = None  # a window's first day
    judged: bool = True  # False: a planned date (reading target-date) or on request; status does not judge it
    past_due: bool = False  # obligations --on: due before the day and no fact shows it done

    def sort_key(self) -> tuple[date, str, str, int]:
        return (self.due or _FAR, self.id, self.period or "", ROLES.index(self.role))


@dataclass(frozen=True)
class StatusItem:
    obligation: Obligation
    status: str
    evidence: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class AgencyRef:
    id: str
    name: str
    groups: tuple[str, ...]
    sector: str = "state"


@dataclass(frozen=True)
class SpecRef:
    plan: str
    version: str
    digest: str


@dataclass(frozen=True)
class Answer:
    query: tuple[tuple[str, Any], ...]
    agency: AgencyRef
    spec: SpecRef
    obligations: tuple[Obligation, ...]
    note_items: tuple[Note, ...] = ()
    interpretations: tuple[tuple[str, Value], ...] = ()
    period: tuple[date, date] | None = None
    plans: tuple[SpecRef, ...] = ()  # the plans the answer spans (empty: the one plan of ``spec``)
    unverified: tuple[str, ...] = ()  # the interpretations used whose default is not verified
    amendments: tuple[Any, ...] = ()  # the kehoach.model.Amendment layers the answer applied, in order

    @property
    def notes(self) -> tuple[str, ...]:
        """The notes as English sentences (the JSON ``notes``); ``note_items`` holds them as data."""
        return tuple(n.text() for n in self.note_items)


@dataclass(frozen=True)
class StatusAnswer:
    query: tuple[tuple[str, Any], ...]
    agency: AgencyRef
    spec: SpecRef
    as_of: date
    facts_files: tuple[str, ...]
    facts_digest: str
    items: tuple[StatusItem, ...]
    summary: tuple[tuple[str, int], ...]
    note_items: tuple[Note, ...] = ()
    interpretations: tuple[tuple[str, Value], ...] = ()
    period: tuple[date, date] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    plans: tuple[SpecRef, ...] = ()  # the plans the answer spans (empty: the one plan of ``spec``)
    unverified: tuple[str, ...] = ()  # the interpretations used whose default is not verified
    amendments: tuple[Any, ...] = ()  # the kehoach.model.Amendment layers the answer applied, in order

    @property
    def notes(self) -> tuple[str, ...]:
        """The notes as English sentences (the JSON ``notes``); ``note_items`` holds them as data."""
        return tuple(n.text() for n in self.note_items)


class GroupAnswers(tuple[Any, ...]):
    """The answers of a group query, one per member agency (a plain tuple of :class:`Answer` or
    :class:`StatusAnswer`), which also knows what was asked: ``group`` (the group id, ``None`` for the
    whole province) and ``query`` (the query as given, with the group id as its ``agency``)."""

    group: str | None
    query: tuple[tuple[str, Any], ...]
    name: str | None

    def __new__(cls, answers: Iterable[Any], group: str | None = None,
                query: tuple[tuple[str, Any], ...] = (), name: str | None = None) -> Self:
        made = super().__new__(cls, answers)
        made.group = group
        made.query = query
        made.name = name
        return made


def _group_name(spec: Spec, group: str | None) -> str | None:
    if group is None:
        return None
    found = spec.registry.groups.get(group)
    if found is not None:
        return found.name
    agency = spec.registry.agencies.get(group)
    return agency.name if agency is not None else group


# --------------------------------------------------------------------------- helpers


def calendar_years(*plans: Plan) -> range:
    """The years the official calendar must cover for ``plans`` (a library shares one calendar: pass every
    plan): every year of each period (from the earliest start it can have — its date, or its start
    interpretation's default — through its end) and one either side, never fewer than a plan's end
    year − 2 … end year + 1."""
    first, last = 9999, 0
    for plan in plans:
        end = plan.period_end.year
        start: object = plan.period_start
        if plan.period_start_is_interpretation:
            interp = plan.interpretation(plan.period_start)
            start = interp.default if interp is not None else None
        first = min(first, end - 2)
        try:
            first = min(first, date.fromisoformat(str(start)).year - 1)
        except ValueError:
            pass
        last = max(last, end + 1)
    return range(first, last + 1) if plans else range(0)


def spec_calendar(spec: Spec) -> Calendar:
    """The spec's precomputed calendar, or one computed for :func:`calendar_years`."""
    if spec.calendar is not None:
        return spec.calendar
    years = calendar_years(spec.plan)
    cal: Calendar = spec.memo.get(("calendar",), lambda: Calendar.for_years(years))
    return cal


def judging_date(spec: Spec, ind: Indicator, a: Assumptions) -> date:
    """The date ``ind``'s target is judged on: its date-valued interpretation (e.g. ``target-judging-date``)
    under ``a``, else the end of its ``year`` ("đến năm 2030"), else the end of the plan period."""
    for iid in ind.interpretations:
        interp = spec.plan.interpretation(iid)
        if interp is not None and interp.value_type == "date" and iid != spec.plan.period_start:
            value = a.get(iid)
            if value is not None:
                return date.fromisoformat(str(value))
    if ind.year is not None:
        return date(ind.year, 12, 31)
    return spec.plan.period_end


def target_instances(spec: Spec, ind: Indicator, a: Assumptions) -> tuple[tuple[str | None, date], ...]:
    """(period label, judging date) of each instance of ``ind``'s target: one per year of the plan
    period that ends on or after the plan's start for ``per: year`` ("mỗi năm": ``("2026",
    2026-12-31)``…), else the one instance ``(None, judging_date)``."""
    if ind.per != "year":
        return ((None, judging_date(spec, ind, a)),)
    start, end = plan_start(spec.plan, a), spec.plan.period_end
    return tuple((str(y), date(y, 12, 31)) for y in range(start.year, end.year + 1))


def target_owed_by(spec: Spec, ind: Indicator, a: Assumptions) -> str | None:
    """``each`` or ``whole``: who owes ``ind``'s target under ``a`` (its ``owed_by`` or the reading it
    names); None when the indicator does not say (answers then read it as each)."""
    if ind.owed_by_interpretation is not None:
        value = a.get(ind.owed_by_interpretation)
        return str(value) if value is not None else None
    return ind.owed_by if ind.owed_by_declared else None


def target_comparator(spec: Spec, ind: Indicator, a: Assumptions) -> str:
    """The comparator the target of ``ind`` is judged with under ``a``.

    For an indicator that depends on :data:`BARE_TARGET` (its target written as a bare number) the
    reading decides: ``eq`` when the value is 100 (at least 100 % and exactly 100 % coincide),
    otherwise ``ge`` under ``at-least`` and ``eq`` under ``exactly``. Any other indicator (or a spec
    without that interpretation) keeps the comparator written in the YAML.
    """
    target = ind.target
    assert target is not None
    ident = target.reading if target.reading is not None else BARE_TARGET
    reading = a.get(ident) if ident in ind.interpretations else None
    if reading is None or spec.plan.interpretation(ident) is None:
        return target.comparator
    return bare_comparator(target.value, reading, ind.unit)


def instances(
    spec: Spec, agency_id: str, assumptions: Assumptions | Mapping[str, object] | None = None,
    facts: Facts | None = None, known_on: date | None = None,
) -> tuple[Obligation, ...]:
    """Every obligation instance ``agency_id`` owes, in every role, sorted — the one computation that
    :func:`due`, :func:`obligations`, :func:`status` and :mod:`kehoach.explain` all filter.

    Triggered duties are dated by the events ``facts`` records on or before ``known_on`` (default:
    the end of the plan period); without facts they are waiting (no dates).
    """
    a = _assume(spec, assumptions)
    on = known_on if known_on is not None else spec.plan.period_end
    return _sorted(_all_instances(spec, agency_id, a, facts, on))


def indicator_title(spec: Spec, ind: Indicator) -> str:
    """What a target row measures: a child row (``parent`` set) reads as its parent's measure, then
    its own words ("Tỷ lệ xử lý văn bản, hồ sơ công việc … — Đối với UBND cấp xã."), since "Đối với
    UBND cấp xã" alone does not say what is measured."""
    parent = spec.plan.element(ind.parent) if ind.parent else None
    return f"{parent.name} — {ind.name}" if isinstance(parent, Indicator) else ind.name


def _instances(
    spec: Spec, agency_id: str, a: Assumptions, cal: Calendar, facts: Facts | None, known_on: date
) -> list[Obligation]:
    """Every obligation instance of the agency, triggered ones dated by events known on ``known_on``."""
    plan = spec.plan
    start, end = plan_start(plan, a), plan.period_end
    out: list[Obligation] = []
    for duty in (*plan.duties, *plan.requirements):
        for role, via, extra in owner_roles(spec, agency_id, duty.roles(), a):
            out.extend(_duty_instances(duty, role, via, extra, agency_id, a, cal, facts, known_on, start, end,
                                       plan.id, reading_type(plan, duty.timing)))
    for ind in plan.indicators:
        if ind.target is None:
            continue  # a parent row (PL.1.6): its child rows carry the targets
        target = TargetRef(ind.id, target_comparator(spec, ind, a), ind.target.value, ind.unit,
                           ind.target.as_written, target_owed_by(spec, ind, a))
        for role, via, extra in owner_roles(spec, agency_id, (("lead", ind.lead), ("evaluate", ind.evaluate)), a):
            for label, judged in target_instances(spec, ind, a):
                out.append(
                    Obligation(
                        ind.id, "target", role, indicator_title(spec, ind), judged, None, cal.last_working_day_on_or_before(judged),
                        label, target, SourceRef.of(ind.source), tuple(sorted({*ind.interpretations, *extra})), via,
                        ind.target.as_written or None, agency_id, in_force_from=start, plan=plan.id,
                    )
                )
    return out


def _duty_instances(
    duty: Duty, role: str, via: tuple[str, ...], extra: tuple[str, ...], agency_id: str, a: Assumptions,
    cal: Calendar, facts: Facts | None, known_on: date, start: date, end: date, plan: str,
    value_type: str | None,
) -> list[Obligation]:
    """The obligations of one duty in one role: its instances from the timing table, as obligations.

    A triggered or relative duty is dated by its trigger's event known on ``known_on``: the one event
    for everyone (``scope: all``), or the agency's own (``scope: each``)."""
    t = duty.timing
    interps = tuple(sorted({*duty.interpretations, *extra, *((t.interpretation,) if t.interpretation else ())}))
    reading = a.get(t.interpretation) if t.interpretation else None
    event = None
    if t.kind in EVENT_KINDS and facts is not None and t.trigger:
        found = facts.event(t.trigger, known_on, agency_id if t.scope == "each" else None)
        event = found.date if found is not None else None
    trigger = t.trigger if t.kind in EVENT_KINDS else None
    return [Obligation(duty.id, t.kind, role, duty.title, i.due, i.literal, i.last_working_day, i.period, None,
                       SourceRef.of(duty.source), interps, via, t.phrase, agency_id, i.in_force_from, trigger, plan,
                       window_start=i.window_start, judged=i.judged)
            for i in schedule(t, reading, Window(start, end, cal, event, value_type))]


def _agency_ref(spec: Spec, agency_id: str) -> AgencyRef:
    ag = spec.registry.agency(agency_id)
    return AgencyRef(ag.id, ag.name, tuple(sorted(spec.registry.chains(agency_id))), ag.sector)


@dataclass(frozen=True)
class _AgencyInstances:
    """The facts-independent obligation instances of one agency under one set of assumptions.

    ``dated``: every instance with a due date except those dated by an event, sorted by
    :meth:`Obligation.sort_key` (so ``dues`` is non-decreasing and a ``since ≤ due ≤ by`` window is a
    bisect slice); ``undated``: the continuous and on-request ones; ``triggered``: those dated by an
    event (triggered, relative) as without facts (waiting), recomputed per query when facts are given,
    because their dates depend on the events known on the query day.
    """

    ref: AgencyRef
    dated: tuple[Obligation, ...]
    dues: tuple[date, ...]
    undated: tuple[Obligation, ...]
    triggered: tuple[Obligation, ...]
    period: tuple[date, date]  # the plan period under these assumptions


def _plan_refs(spec: Spec) -> frozenset[str]:
    """Every id the plan names as a party of an element or as an addressee of an interpretation."""
    def make() -> frozenset[str]:
        plan = spec.plan
        refs: set[str] = set()
        for d in (*plan.duties, *plan.requirements):
            refs.update(d.lead, d.coordinate, d.receive, d.channel)
        for ind in plan.indicators:
            refs.update(ind.lead, ind.evaluate)
        for interp in plan.interpretations:
            for _, groups in interp.groups:
                refs.update(groups)
        return frozenset(refs)

    found: frozenset[str] = spec.memo.get(("plan-refs",), make)
    return found


def _split(ref: AgencyRef, every: Iterable[Obligation], period: tuple[date, date]) -> _AgencyInstances:
    every = tuple(every)
    dated = _sorted(o for o in every if o.kind not in EVENT_KINDS and o.due is not None)
    return _AgencyInstances(
        ref, dated, tuple(o.due for o in dated if o.due is not None),
        tuple(o for o in every if o.kind not in EVENT_KINDS and o.due is None),
        tuple(o for o in every if o.kind in EVENT_KINDS),
        period,
    )


def _make_agency_instances(spec: Spec, agency_id: str, a: Assumptions) -> _AgencyInstances:
    """The agency's instances. An agency the plan never names owes exactly what any other agency with the
    same group chains owes (only ``agency`` differs), so those are computed once per chains and copied."""
    ref = _agency_ref(spec, agency_id)  # raises UnknownAgency for an unknown id before anything is memoised
    cal, end = spec_calendar(spec), spec.plan.period_end
    period = (plan_start(spec.plan, a), end)
    if agency_id in _plan_refs(spec):
        return _split(ref, _instances(spec, agency_id, a, cal, None, end), period)
    chains = tuple(sorted(spec.registry.chains(agency_id).items()))
    shared: _AgencyInstances = spec.memo.get(
        ("by-chains", chains, a), lambda: _split(ref, _instances(spec, agency_id, a, cal, None, end), period))
    if shared.ref.id == agency_id:
        return shared

    def own(obs: tuple[Obligation, ...]) -> tuple[Obligation, ...]:
        return tuple(replace(o, agency=agency_id) for o in obs)

    return _AgencyInstances(ref, own(shared.dated), shared.dues, own(shared.undated), own(shared.triggered),
                            shared.period)


def _agency_instances(spec: Spec, agency_id: str, a: Assumptions) -> _AgencyInstances:
    """:func:`_make_agency_instances`, memoised on the (immutable) spec per agency and assumptions."""
    found: _AgencyInstances = spec.memo.get(("instances", agency_id, a),
                                            lambda: _make_agency_instances(spec, agency_id, a))
    return found


def _triggered_with_facts(
    spec: Spec, m: _AgencyInstances, a: Assumptions, facts: Facts, known_on: date
) -> list[Obligation]:
    """The agency's triggered instances, dated by the events ``facts`` records as known on ``known_on``."""
    start, end = plan_start(spec.plan, a), spec.plan.period_end
    cal = spec_calendar(spec)
    out: list[Obligation] = []
    for o in m.triggered:
        duty = spec.plan.element(o.id)
        assert isinstance(duty, Duty)
        # o.interpretations already holds the duty's, the timing's and the role's extra ids (a set union)
        out.extend(_duty_instances(duty, o.role, o.via, o.interpretations, o.agency, a, cal, facts, known_on,
                                   start, end, spec.plan.id, reading_type(spec.plan, duty.timing)))
    return out


def _all_instances(spec: Spec, agency_id: str, a: Assumptions, facts: Facts | None, known_on: date) -> list[Obligation]:
    """Every instance of the agency (as :func:`_instances`, in sort order within each kind), from the memo."""
    m = _agency_instances(spec, agency_id, a)
    trig = list(m.triggered) if facts is None else _triggered_with_facts(spec, m, a, facts, known_on)
    return [*m.dated, *m.undated, *trig]


def _spec_ref(spec: Spec) -> SpecRef:
    return SpecRef(spec.plan.id, spec.plan.version, spec.digest)


def _notes(spec: Spec, a: Assumptions, *days: date | None) -> tuple[Note, ...]:
    start, end = plan_start(spec.plan, a), spec.plan.period_end
    return tuple(
        Note("outside-period", d, start, end)
        for d in dict.fromkeys(x for x in days if x is not None)
        if not start <= d <= end
    )


def _used(spec: Spec, a: Assumptions, obs: Iterable[Obligation]) -> tuple[tuple[str, Value], ...]:
    ids: set[str] = set().union(*(o.interpretations for o in obs))
    if spec.plan.period_start_is_interpretation:
        ids.add(spec.plan.period_start)
    return a.subset(ids)


def unverified(spec: Spec, a: Assumptions, ids: Iterable[str]) -> tuple[str, ...]:
    """The ids among ``ids`` whose interpretation is marked ``verified: false`` and is in force at its
    default (a value the caller assumed is the caller's own reading), sorted."""
    out = set()
    for iid in ids:
        interp = spec.plan.interpretation(iid)
        if interp is not None and not interp.verified and iid not in a.overridden:
            out.add(iid)
    return tuple(sorted(out))


def provisional_on(spec: Spec, a: Assumptions, o: Obligation) -> tuple[str, ...]:
    """The readings an instance's status rests on that the text leaves open: every unverified
    interpretation it uses, and the plan start when that is a default reading (the signing date is
    blank) and the instance is one of a recurring duty (whether the instance exists at all depends on
    the day the plan started)."""
    ids = set(unverified(spec, a, o.interpretations))
    start = spec.plan.period_start
    if o.kind == "recurring" and spec.plan.period_start_is_interpretation and start not in a.overridden:
        ids.add(start)
    return tuple(sorted(ids))


def _query(**kw: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((k, v) for k, v in kw.items())


def _sorted(obs: Iterable[Obligation]) -> tuple[Obligation, ...]:
    return tuple(sorted(obs, key=Obligation.sort_key))


def _assume(spec: Spec, assumptions: Assumptions | Mapping[str, object] | None) -> Assumptions:
    if isinstance(assumptions, Assumptions):
        return assumptions
    if assumptions is None:  # the plan's defaults: computed once per spec
        return default_assumptions(spec)
    return Assumptions.for_plan(spec.plan, assumptions)


Assume = Assumptions | Mapping[str, object] | None

# --------------------------------------------------------------------------- queries


def due(
    spec: Spec, agency: str, by: date, since: date | None = None, assumptions: Assume = None,
    facts: Facts | None = None, *, query: Mapping[str, Any] | None = None,
) -> Answer:
    """Every dated obligation of ``agency`` (an id) with ``since ≤ due`` that must be done by ``by``: its
    last working day (the due date, or the working day before it when it falls on a day off) is on or
    before ``by``. So ``--by`` Friday 13/9/2024 lists a duty due Saturday 14/9, whose last working day is
    that Friday."""
    a = _assume(spec, assumptions)
    m = _agency_instances(spec, agency, a)
    lo = 0 if since is None else bisect_left(m.dues, since)
    # a last working day is never after its due date, and never more than _LWD_SPAN days before it
    hi = bisect_right(m.dues, by + _LWD_SPAN if by <= date.max - _LWD_SPAN else date.max)
    obs = tuple(o for o in m.dated[lo:hi] if _done_by(o) <= by)  # already sorted
    if facts is not None and m.triggered:
        more = [o for o in _triggered_with_facts(spec, m, a, facts, by)
                if o.due is not None and _done_by(o) <= by and (since is None or since <= o.due)]
        if more:
            obs = _sorted((*obs, *more))
    q = dict(query) if query is not None else {"agency": agency, "by": by.isoformat(),
                                                "since": since.isoformat() if since else None}
    start, end = m.period
    inside = start <= by <= end and (since is None or start <= since <= end)
    used = _used(spec, a, obs)
    return Answer(_query(**q), m.ref, _spec_ref(spec), obs,
                  () if inside else _notes(spec, a, since, by), used, m.period,
                  unverified=unverified(spec, a, (k for k, _ in used)))


_LWD_SPAN = timedelta(days=31)


def _done_by(o: Obligation) -> date:
    """The day an obligation must be done by: its last working day, else its due date."""
    assert o.due is not None
    return o.last_working_day if o.last_working_day is not None and o.last_working_day < o.due else o.due


def obligations(
    spec: Spec, agency: str, on: date, facts: Facts | None = None, assumptions: Assume = None,
    *, query: Mapping[str, Any] | None = None,
) -> Answer:
    """Everything in force for ``agency`` on ``on``.

    Continuous and on-request duties and requirements within the plan period; triggered and relative
    duties once their event happened (in force from the next day) and while not past due; dated
    obligations (deadlines, windows) not yet past due (``due ≥ on``) — for a recurring duty only its
    next instance not yet past due. An obligation past due that no fact shows done is kept, marked
    ``past_due``: a deadline, window or dated event duty; of a recurring duty, its latest instance past
    due. Targets are judged by ``status``, not kept past their judging date; after the plan period
    ends nothing is kept past due (``status`` says what was left undone).
    """
    a = _assume(spec, assumptions)
    start, end = plan_start(spec.plan, a), spec.plan.period_end
    keep: list[Obligation] = []
    next_instance: dict[tuple[str, str], Obligation] = {}
    last_missed: dict[tuple[str, str], Obligation] = {}

    def done(o: Obligation) -> bool:  # past the plan's end, nothing is kept past due (status judges it)
        return on > end or (facts is not None and facts.submission(o.id, o.period, o.agency, on) is not None)

    for o in _all_instances(spec, agency, a, facts, on):
        if o.kind in ("continuous", "on-request"):
            if start <= on <= end:
                keep.append(o)
        elif o.kind in EVENT_KINDS:
            in_force = o.in_force_from is not None and o.in_force_from <= on
            if in_force and (o.due >= on if o.due is not None else on <= end):
                keep.append(o)
            elif in_force and o.due is not None and o.judged and not done(o):
                keep.append(replace(o, past_due=True))
        elif o.kind == "recurring":
            k = (o.id, o.role)
            if o.due is not None and o.due >= on:
                if k not in next_instance or o.sort_key() < next_instance[k].sort_key():
                    next_instance[k] = o
            elif o.due is not None and o.judged and (k not in last_missed or o.sort_key() > last_missed[k].sort_key()):
                last_missed[k] = o
        elif o.due is not None and o.due >= on:
            keep.append(o)
        elif o.due is not None and o.kind != "target" and o.judged and not done(o):
            keep.append(replace(o, past_due=True))
    keep.extend(next_instance.values())
    keep.extend(replace(o, past_due=True) for o in last_missed.values() if not done(o))
    q = dict(query) if query is not None else {"agency": agency, "on": on.isoformat()}
    used = _used(spec, a, keep)
    return Answer(_query(**q), _agency_ref(spec, agency), _spec_ref(spec), _sorted(keep),
                  _notes(spec, a, on), used, (start, end), unverified=unverified(spec, a, (k for k, _ in used)))


def _latest_measurement(facts: Facts, o: Obligation, as_of: date) -> Measurement | None:
    """The latest measurement of a target instance known on ``as_of``: of any period for a one-off
    target, of a period inside its year ("2026", "2026-Q4", "2026-06") for a per-year instance."""
    if o.period is None:
        return facts.latest_measurement(o.id, o.agency, as_of)
    best: Measurement | None = None
    for m in facts.measurements:
        if (m.indicator == o.id and m.agency == o.agency and m.date <= as_of and m.period[:4] == o.period
                and (best is None or (m.date, m.period) >= (best.date, best.period))):
            best = m
    return best


def _status_of(o: Obligation, facts: Facts, as_of: date) -> StatusItem:
    if o.kind == "target":
        assert o.target is not None and o.due is not None
        m = _latest_measurement(facts, o, as_of)
        if m is None:
            return StatusItem(o, "no_data", (("measurements", 0),))
        met = is_met(o.target.comparator, m.value, o.target.value)
        return StatusItem(o, "met" if met else "not_met", (
            ("value", m.value), ("period", m.period), ("date", m.date.isoformat()), ("source", m.source),
            ("final", as_of >= o.due),
        ))
    if o.kind in EVENT_KINDS and o.in_force_from is None:
        return StatusItem(o, "waiting", (("trigger", o.trigger),))
    ev: tuple[tuple[str, Any], ...] = ()
    if o.kind in EVENT_KINDS and o.trigger is not None:
        e = facts.event(o.trigger, as_of, o.agency) or facts.event(o.trigger, as_of)
        if e is not None:
            ev = (("event_date", e.date.isoformat()), ("event_document", e.document))
    s = facts.submission(o.id, o.period, o.agency, as_of)
    if not o.judged:
        return StatusItem(o, "not_judged", (*ev, *((("submitted", s.date.isoformat()), ("document", s.document))
                                                  if s is not None else ())))
    if o.kind in EVENT_KINDS and s is None and o.in_force_from is not None and as_of < o.in_force_from:
        # the event is recorded but the duty is not in force yet (as `obligations` leaves it out)
        return StatusItem(o, "waiting", (("trigger", o.trigger), *ev, ("in_force_from", o.in_force_from.isoformat())))
    if s is not None:
        late = o.due is not None and s.date > o.due
        return StatusItem(o, "done_late" if late else "done_on_time",
                          (*ev, ("submitted", s.date.isoformat()), ("document", s.document)))
    if o.due is not None and o.due < as_of:
        return StatusItem(o, "overdue", (*ev, ("days_overdue", (as_of - o.due).days)))
    return StatusItem(o, "open", ev)


def status(
    spec: Spec, agency: str, as_of: date, facts: Facts, assumptions: Assume = None,
    *, query: Mapping[str, Any] | None = None,
) -> StatusAnswer:
    """Compliance of each obligation the agency leads (every instance due by the plan end) as of ``as_of``.

    Continuous and on-request duties and requirements have no due date and are not listed; an instance
    whose date is a planned one (reading ``target-date``) is listed as ``not_judged``; roles other than
    ``lead`` are listed by :func:`obligations` but not judged here.
    """
    a = _assume(spec, assumptions)
    obs = [
        o for o in _all_instances(spec, agency, a, facts, as_of)
        if o.role == "lead" and o.kind not in ("continuous", "on-request")
        and (o.due is None or o.due <= spec.plan.period_end or o.kind in EVENT_KINDS)
    ]
    items = tuple(_provisional(spec, a, _status_of(o, facts, as_of)) for o in _sorted(obs))
    counts = Counter(i.status for i in items)
    summary = tuple((s, counts.get(s, 0)) for s in STATUSES)
    q = dict(query) if query is not None else {"agency": agency, "as_of": as_of.isoformat()}
    used = _used(spec, a, obs)
    return StatusAnswer(_query(**q), _agency_ref(spec, agency), _spec_ref(spec), as_of, facts.files, facts.digest,
                        items, summary, _notes(spec, a, as_of), used,
                        (plan_start(spec.plan, a), spec.plan.period_end),
                        unverified=unverified(spec, a, (k for k, _ in used)))


_JUDGED = ("done_on_time", "done_late", "overdue")  # judgments of compliance; open judges nothing yet


def _provisional(spec: Spec, a: Assumptions, item: StatusItem) -> StatusItem:
    """A dated status that rests on a reading the text leaves open (:func:`provisional_on`) is
    provisional: evidence ``final`` false and ``rests_on`` the ids of those readings."""
    if item.status not in _JUDGED:
        return item
    rests = provisional_on(spec, a, item.obligation)
    if not rests:
        return item
    return replace(item, evidence=(*item.evidence, ("final", False), ("rests_on", list(rests))))


# --------------------------------------------------------------------------- groups / province


def group_members(spec: Spec, group: str | None, on: date | None = None) -> tuple[str, ...]:
    """Sorted agency ids of ``group`` (nested groups flattened; ``None`` = every state agency of the registry;
    an agency id = that agency) that exist on ``on`` (valid_from/valid_until; ``None`` = any date)."""
    return spec.registry.member_ids(group, on)


def due_for_group(
    spec: Spec, group: str | None, by: date, since: date | None = None, assumptions: Assume = None,
    facts: Facts | None = None,
) -> GroupAnswers:
    """One :func:`due` answer per member agency of ``group`` (None: the whole province) that exists on
    ``by``, by agency id."""
    a = _assume(spec, assumptions)
    q = _query(agency=group or "all", by=by.isoformat(), since=since.isoformat() if since else None)
    answers = (due(spec, m, by, since, a, facts) for m in group_members(spec, group, by))
    return GroupAnswers(answers, group, q, _group_name(spec, group))


def obligations_for_group(
    spec: Spec, group: str | None, on: date, facts: Facts | None = None, assumptions: Assume = None,
) -> GroupAnswers:
    """One :func:`obligations` answer per member agency of ``group`` that exists on ``on``."""
    a = _assume(spec, assumptions)
    q = _query(agency=group or "all", on=on.isoformat())
    answers = (obligations(spec, m, on, facts, a) for m in group_members(spec, group, on))
    return GroupAnswers(answers, group, q, _group_name(spec, group))


def status_for_group(
    spec: Spec, group: str | None, as_of: date, facts: Facts, assumptions: Assume = None,
) -> GroupAnswers:
    """One :func:`status` answer per member agency of ``group`` that exists on ``as_of``."""
    a = _assume(spec, assumptions)
    q = _query(agency=group or "all", as_of=as_of.isoformat())
    answers = (status(spec, m, as_of, facts, a) for m in group_members(spec, group, as_of))
    return GroupAnswers(answers, group, q, _group_name(spec, group))
