"""The semantic difference of two versions of a spec, per plan, agency and obligation.

Each version is a :class:`~kehoach.library.Library`. For each plan of either version and each agency
that plan addresses, the evaluator's answer is computed once per version — every instance of the whole
plan period, or, with ``as_of``, what the plan says is in force on that day — and folded into one record
per obligation: its dates (as written, due, last working day; one value per instance), its period
instances, role, kind, title, target, quote and the interpretations used. Two records that differ give a
``changed`` :class:`Change` naming each field with its old and new value; a record in one version only
is ``added`` or ``removed``.

Each plan is compared as amended: under the amendments (:mod:`kehoach.amendments`) in force on ``as_of``,
or, for the whole period, under every amendment the version holds — so adding an amendment that moves a
deadline shows as that deadline moved. The evaluator is pure, so nothing else is read: the diff of a spec
with itself is empty.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import evaluate as _ev
from .amendments import as_amended
from .errors import AmbiguousAgency, UnknownAgency
from .evaluate import Obligation
from .formatting import iso, number
from .library import Library
from .model import Spec
from .problems import Problem
from .queries import Scope, with_provinces
from .schedule import default_assumptions, plan_start
from .subjects import named_agency

__all__ = ["CHANGE_KINDS", "FIELDS", "Change", "compare", "diff_data", "snapshot"]

CHANGE_KINDS = ("added", "removed", "changed")
FIELDS = ("title", "kind", "role", "literal", "due", "last_working_day", "periods", "target", "quote",
          "interpretations")
"""The fields of an obligation the diff compares, in the order it reports them."""

_END_OF_TIME = date(9999, 12, 31)
_UNDATED = ("continuous", "on-request", "triggered", "relative")

Key = tuple[str, str, str]  # (plan id, agency id, obligation id)


@dataclass(frozen=True)
class Change:
    """One obligation of one agency that differs between the versions."""

    plan: str
    agency: str
    agency_name: str
    obligation: str
    title: str
    change: str  # one of CHANGE_KINDS
    fields: tuple[tuple[str, Any, Any], ...]  # (field, old, new); every field for added/removed


def _one_or_all(values: list[Any]) -> Any:
    """One value when every instance has the same (or there is one instance), else the list per instance."""
    distinct = list(dict.fromkeys(repr(v) for v in values))
    return values[0] if len(distinct) <= 1 else values


def _record(instances: Sequence[Obligation]) -> dict[str, Any]:
    """One obligation's instances for one agency, as the values the diff compares."""
    ordered = sorted(instances, key=Obligation.sort_key)
    first = ordered[0]
    t = first.target
    periods = [o.period for o in ordered if o.period is not None]
    return {
        "title": first.title,
        "kind": first.kind,
        "role": _one_or_all(sorted({o.role for o in ordered})),
        "literal": _one_or_all([iso(o.literal) for o in ordered]),
        "due": _one_or_all([iso(o.due) for o in ordered]),
        "last_working_day": _one_or_all([iso(o.last_working_day) for o in ordered]),
        "periods": periods or None,
        "target": None if t is None else {"indicator": t.indicator, "comparator": t.comparator,
                                          "value": number(t.value), "unit": t.unit},
        "quote": list(first.source.quote),
        "interpretations": sorted({i for o in ordered for i in o.interpretations}),
    }


def _instances(spec: Spec, agency: str, as_of: date | None) -> list[Obligation]:
    if as_of is not None:
        return list(_ev.obligations(spec, agency, as_of).obligations)
    dated = list(_ev.due(spec, agency, _END_OF_TIME).obligations)
    start = plan_start(spec.plan, default_assumptions(spec))
    undated = [o for o in _ev.obligations(spec, agency, start).obligations if o.kind in _UNDATED]
    return dated + undated


def _agencies(spec: Spec, only: str | None) -> Iterable[str]:
    if only is not None:
        return (only,) if only in spec.registry.agencies else ()
    return spec.registry.agencies


def snapshot(lib: Library, *, plans: Sequence[str] | None = None, agency: str | None = None,
             as_of: date | None = None) -> dict[Key, dict[str, Any]]:
    """Every (plan, agency, obligation) of ``lib`` (``plans``, ``agency``: only those) with its record,
    each plan under the amendments in force on ``as_of`` (None: under every amendment the version holds)."""
    out: dict[Key, dict[str, Any]] = {}
    for signed in lib.specs.values():
        if plans and signed.plan.id not in plans:
            continue
        spec, _ = as_amended(signed, lib.amendments, as_of or _END_OF_TIME)
        for who in _agencies(spec, agency):
            grouped: dict[str, list[Obligation]] = {}
            for o in _instances(spec, who, as_of):
                grouped.setdefault(o.id, []).append(o)
            for oid, instances in grouped.items():
                out[(spec.plan.id, who, oid)] = _record(instances)
    return out


def resolve_agency(text: str, libraries: Sequence[Library], on: date | None,
                   plans: Sequence[str] | None = None) -> str:
    """The agency id ``text`` names in the first library that knows it (the newest version is asked
    first), among the agencies ``plans`` address when given; the last :class:`UnknownAgency` when none
    does. A name of several provinces is ambiguous, each candidate named with its province."""
    error: UnknownAgency | None = None
    for lib in libraries:
        try:
            known = [p for p in plans or () if p in lib.specs]
            return named_agency(Scope(lib.scoped(known or None)), text, on)[0]
        except AmbiguousAgency as exc:
            raise with_provinces(lib, exc) from None
        except UnknownAgency as exc:
            error = error or exc
    assert error is not None
    raise error


def _name(key: Key, libraries: Sequence[Library]) -> str:
    for lib in libraries:
        found = lib.registry.agencies.get(key[1])
        if found is not None:
            return found.name
    return key[1]


def compare(old: Library, new: Library, *, plans: Sequence[str] | None = None, agency: str | None = None,
            as_of: date | None = None) -> list[Change]:
    """The changes from ``old`` to ``new``, sorted by plan, agency, obligation. ``agency`` is a name or
    id (resolved in ``new``, else ``old``); ``plans`` narrows to those plan ids; ``as_of`` compares what
    each version holds in force on that day instead of the whole plan period."""
    who = resolve_agency(agency, (new, old), as_of, plans) if agency is not None else None
    before = snapshot(old, plans=plans, agency=who, as_of=as_of)
    after = snapshot(new, plans=plans, agency=who, as_of=as_of)
    changes: list[Change] = []
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        name = _name(key, (new, old))
        if a is None or b is None:
            kind, record = ("added", b) if a is None else ("removed", a)
            assert record is not None
            fields = tuple((f, None if a is None else record[f], None if b is None else record[f])
                           for f in FIELDS if record[f] is not None)
        else:
            kind = "changed"
            fields = tuple((f, a[f], b[f]) for f in FIELDS if a[f] != b[f])
        title = (b or a or {}).get("title", "")
        changes.append(Change(key[0], key[1], name, key[2], str(title), kind, fields))
    return changes


def _version(source: str, digest: str, unproven: Sequence[Problem] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {"source": source, "digest": digest}
    if unproven:  # today's proofs against the text that this version fails: it is compared as written
        out["unproven"] = {"count": len(unproven), "codes": sorted({p.code for p in unproven})}
    return out


def diff_data(old: tuple[str, str] | tuple[str, str, Sequence[Problem]],
              new: tuple[str, str] | tuple[str, str, Sequence[Problem]], changes: Sequence[Change],
              query: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The ``diff`` envelope of the answer contract: each version's source and digest (and, when it
    fails some of today's proofs against the text, ``unproven``: their count and codes), and the changes."""
    return {
        "old": _version(*old),
        "new": _version(*new),
        **({"query": dict(query)} if query is not None else {}),
        "changes": [{"plan": c.plan, "agency": c.agency, "agency_name": c.agency_name, "obligation": c.obligation,
                     "title": c.title, "change": c.change,
                     "fields": {f: {"old": o, "new": n} for f, o, n in c.fields}} for c in changes],
    }
