"""Queries over a library of plans: which plans an agency is asked about, and one answer from each.

A query names an agency (or a group) and a date. Without ``plans`` it spans every plan that addresses
the agency and is in force on the query's date — or, when none is, every plan that addresses it, each
answering with its outside-the-period note (an answer is never a bare empty list). ``plans`` narrows
that set and scopes the names to the agencies those plans address; ``province`` scopes the names to
one registry. The evaluator answers for each plan on that plan's own :class:`~kehoach.model.Spec`;
this module merges the answers (obligations sorted as the evaluator sorts them, each carrying its
``plan``).

The arguments are already parsed (dates, facts, assumption texts): :mod:`kehoach.api` is the façade.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar, cast

from . import evaluate as _ev
from .amendments import as_amended
from .errors import AmbiguousAgency, AmbiguousGroup, InvalidAssumption, UnknownAgency
from .evaluate import Answer, GroupAnswers, Note, SpecRef, StatusAnswer
from .library import Library
from .model import Spec
from .registry import Registry
from .schedule import Assumptions, default_assumptions, parse_assumption, plan_start
from .subjects import named_agency, resolve_group

if TYPE_CHECKING:
    from .facts import Facts  # annotations only: kept off the query path

__all__ = ["Scope", "ask", "ask_group", "assumptions_for", "library_of", "plans_in_force", "with_provinces"]

_A = TypeVar("_A", Answer, StatusAnswer)


@dataclass(frozen=True)
class Scope:
    """The registry names resolve in (every agency, or those of some plans or of one province)."""

    registry: Registry


def library_of(source: Spec | Library) -> Library:
    return source if isinstance(source, Library) else Library.of_spec(source)


def assumptions_for(spec: Spec, given: Any) -> Assumptions:
    """The assumptions of one plan: the overrides the plan knows (a mapping, ``"ID=VALUE"`` texts), on
    its defaults. An override no plan of the query knows is refused by :func:`check_assumptions`."""
    if given is None:
        return default_assumptions(spec)
    if isinstance(given, Assumptions):
        return given
    known = {i.id for i in spec.plan.interpretations}
    pairs = _pairs(given)
    return Assumptions.for_plan(spec.plan, [f"{k}={v}" for k, v in pairs if k in known])


def _pairs(given: Any) -> list[tuple[str, str]]:
    if isinstance(given, Mapping):
        return [(str(k), str(v)) for k, v in given.items()]
    if isinstance(given, str):
        return [parse_assumption(given)]
    return [parse_assumption(str(t)) for t in given]


def check_assumptions(specs: Sequence[Spec], given: Any) -> None:
    """:class:`InvalidAssumption` for an override that none of ``specs`` declares (the message lists the
    interpretations they do declare), or a value one of them refuses."""
    if given is None or isinstance(given, Assumptions):
        return
    pairs = _pairs(given)
    known = {i.id for s in specs for i in s.plan.interpretations}
    for key, value in pairs:
        if key not in known:
            from .suggest import did_you_mean

            hint = did_you_mean(key, known)
            raise InvalidAssumption(f"{key}={value}", f"unknown interpretation; valid: {', '.join(sorted(known))}"
                                    + (f"; {hint}" if hint else ""))
    for spec in specs:
        assumptions_for(spec, given)


def plans_in_force(specs: Sequence[Spec], first: date | None, last: date) -> tuple[Spec, ...]:
    """The specs whose period (under their default reading of the start) meets ``first``–``last``;
    all of ``specs`` when none does, so that each answers with its outside-the-period note."""
    def meets(spec: Spec) -> bool:
        start = plan_start(spec.plan, default_assumptions(spec))
        return start <= last and (first is None or first <= spec.plan.period_end)

    inside = tuple(s for s in specs if meets(s))
    return inside or tuple(specs)


def _merge(answers: Sequence[_A]) -> _A:
    """One answer of several plans' answers for one agency (obligations re-sorted)."""
    if len(answers) == 1:
        return answers[0]
    first = answers[0]
    notes = tuple(dict.fromkeys(n for a in answers for n in a.note_items))
    used = tuple(sorted({(f"{a.spec.plan}/{k}", v) for a in answers for k, v in a.interpretations}))
    unverified = tuple(sorted({f"{a.spec.plan}/{k}" for a in answers for k in a.unverified}))
    layers = tuple(dict.fromkeys(x for a in answers for x in a.amendments))
    common: dict[str, Any] = {"spec": SpecRef("", "", first.spec.digest), "note_items": notes,
                              "interpretations": used, "unverified": unverified, "period": None,
                              "plans": tuple(a.spec for a in answers), "amendments": layers}
    head: Any = first
    if isinstance(head, StatusAnswer):
        statuses = [a for a in answers if isinstance(a, StatusAnswer)]
        items = tuple(sorted((i for a in statuses for i in a.items), key=lambda i: i.obligation.sort_key()))
        counts: dict[str, int] = {}
        for a in statuses:
            for k, v in a.summary:
                counts[k] = counts.get(k, 0) + v
        merged: Any = replace(head, items=items, summary=tuple(counts.items()), **common)
        return cast(_A, merged)
    obs = tuple(sorted((o for a in answers if isinstance(a, Answer) for o in a.obligations),
                       key=_ev.Obligation.sort_key))
    plain: Any = replace(head, obligations=obs, **common)
    return cast(_A, plain)


def _with_homes(lib: Library, candidates: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], int]:
    """Each (id, name) with its province's name added (unless the name already says it), and how many
    provinces the candidates are in."""
    homes = {ref: lib.province_of(ref) for ref, _ in candidates}
    named = []
    for ref, name in candidates:
        home = homes[ref]
        named.append((ref, name if home is None or home.name in name else f"{name}, {home.name}"))
    return named, len({p.id for p in homes.values() if p is not None})


def with_provinces(lib: Library, exc: AmbiguousAgency) -> AmbiguousAgency:
    """The same ambiguity, each candidate named with its province when they are in several."""
    named, provinces = _with_homes(lib, exc.candidates)
    return exc if provinces < 2 else AmbiguousAgency(exc.query, named, provinces=True)


def _with(answer: _A, notes: tuple[Note, ...]) -> _A:
    return answer if not notes else replace(answer, note_items=(*answer.note_items, *notes))


def _scope(lib: Library, plans: Iterable[str] | None, province: str | None) -> Scope:
    return Scope(lib.scoped(plans, province))


def _amended(lib: Library, spec: Spec, day: date, who: str, assumptions: Any,
             run: Callable[[Spec, str, Assumptions], _A]) -> _A:
    """``run`` on the plan as it stood on ``day`` (the amendments in force then), naming them."""
    amended, applied = as_amended(spec, lib.amendments, day)
    answer = run(amended, who, assumptions_for(amended, assumptions))
    return replace(answer, amendments=applied) if applied else answer


def ask(lib: Library, agency: str, first: date | None, last: date, plans: Sequence[str] | None,
        province: str | None, assumptions: Any,
        run: Callable[[Spec, str, Assumptions], _A], amended_on: date | None = None) -> _A:
    """One agency's answer: resolve the name (on ``last``) in the scope, pick the plans, run ``run`` on
    each plan's spec as it stood on ``amended_on`` (default ``last``, the query's own date), merge."""
    scope = _scope(lib, plans, province)
    try:
        who, notes = named_agency(scope, agency, last)
    except AmbiguousAgency as exc:
        raise with_provinces(lib, exc) from None
    specs = lib.plans_for(who, plans)
    if not specs:
        raise UnknownAgency(agency, [])
    specs = plans_in_force(specs, first, last)
    check_assumptions(specs, assumptions)
    day = amended_on or last
    answers = [_amended(lib, s, day, who, assumptions, run) for s in specs]
    return _with(_merge(answers), notes)


def ask_group(lib: Library, group: str | None, plans: Sequence[str] | None, province: str | None,
              query: tuple[tuple[str, Any], ...], on: date, assumptions: Any,
              run: Callable[[Spec, str, Assumptions], _A], amended_on: date | None = None) -> GroupAnswers:
    """One answer per member agency of ``group`` that exists on ``on``, each spanning its own plans as
    they stood on ``amended_on`` (default ``on``). ``None`` (``--all``) is every agency of the scope that
    a plan in force on ``on`` addresses (when none is in force: every agency of the scope), so a
    question about 2024 is about the agencies the 2024 plans address, not every province's."""
    scope = _scope(lib, plans, province)
    try:
        gid = resolve_group(scope, group, on)
    except AmbiguousGroup as exc:  # each group named with its province
        raise AmbiguousGroup(exc.query, _with_homes(lib, exc.candidates)[0]) from None
    members = scope.registry.member_ids(gid, on)
    if gid is None:
        addressed = {a for s in plans_in_force(lib.select(plans), None, on) for a in s.registry.agencies}
        members = tuple(m for m in members if m in addressed)
    out: list[Any] = []
    for member in members:
        specs = lib.plans_for(member, plans)
        if not specs:
            continue
        specs = plans_in_force(specs, None, on)
        check_assumptions(specs, assumptions)
        out.append(_merge([_amended(lib, s, amended_on or on, member, assumptions, run) for s in specs]))
    name = None
    if gid is not None:
        found = scope.registry.groups.get(gid)
        agency = scope.registry.agencies.get(gid)
        name = found.name if found is not None else (agency.name if agency is not None else gid)
    return GroupAnswers(out, gid, (("agency", gid or "all"), *((k, v) for k, v in query if k != "agency")), name)


def facts_for(spec: Spec, facts: Facts | None) -> Facts | None:
    """The part of ``facts`` that belongs to ``spec``'s plan (None stays None)."""
    return None if facts is None else facts.for_plan(spec.plan.id)
