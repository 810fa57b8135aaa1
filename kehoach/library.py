"""A library of plans: any number of plans, the registries of the provinces they address, and their
sources — the whole of a spec directory, as one immutable value.

Each plan is evaluated on its own :class:`~kehoach.model.Spec` (the plan, the agencies of the registries
it ``addresses``, the sources, the calendar): the evaluator, ``explain``, the facts checks and the
scenarios never see another plan. The library adds what spans plans:

* one name index over every agency of every registry (:attr:`Library.registry`), so a name that exists
  in several provinces ("Sở Tài chính") is ambiguous and names each province's candidate;
* which plans address an agency (:meth:`Library.plans_for`), scoped by ``--plan`` and ``--province``;
* the plan listing (:meth:`Library.plan_rows`, ``kehoach plans``).

Ids are unique within a plan, and agency and group ids across the whole library.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .calendar import Calendar
from .errors import UnknownPlan, UnknownProvince
from .model import Amendment, Plan, Spec
from .registry import Agency, Group, Registry
from .suggest import close_matches

__all__ = ["Library", "Province"]


@dataclass(frozen=True)
class Province:
    """One registry of the library: a province (or city) and the ids of its agencies and groups."""

    id: str
    name: str
    agencies: frozenset[str]
    groups: frozenset[str]


@dataclass(frozen=True)
class Library:
    """Every plan of a spec directory, each as its own :class:`Spec`, and every registry."""

    specs: Mapping[str, Spec]  # plan id -> its spec, sorted by plan id
    registry: Registry  # every agency and group of every registry (names resolve here)
    provinces: Mapping[str, Province]  # registry id -> province
    sources: Mapping[str, Mapping[str, Any]]
    digest: str
    amendments: tuple[Amendment, ...] = ()  # every amendment of every plan (kehoach.amendments layers them)
    _scoped: dict[Any, Registry] = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------------ construction
    @classmethod
    def build(cls, plans: Sequence[Mapping[str, Any]], registries: Sequence[Mapping[str, Any]],
              sources: Sequence[Mapping[str, Any]] = (), *, digest: str = "", calendar: Calendar | None = None,
              index: Any = None, amendments: Sequence[Mapping[str, Any]] = ()) -> Library:
        """From the plain (validated) data of the plan, registry, sources and amendment documents."""
        docs: dict[str, Mapping[str, Any]] = {}
        for index_doc in sources:
            for d in index_doc.get("documents") or ():
                docs.setdefault(str(d["id"]), d)
        provinces: dict[str, Province] = {}
        agencies: list[Agency] = []
        groups: list[Group] = []
        as_of: date | None = None
        for n, data in enumerate(registries):
            reg = Registry.from_data(data)
            rid = str(data.get("id") or f"registry-{n + 1}")
            provinces[rid] = Province(rid, str(data.get("province") or rid), frozenset(reg.agencies),
                                      frozenset(reg.groups))
            agencies.extend(reg.agencies.values())
            # a group's rule ("every commune UBND") speaks of its own registry's agencies only: in the
            # library it becomes the list of the agencies it matches there
            groups.extend(g if not g.rule or len(registries) == 1 else
                          replace(g, members=(*g.members, *(a.id for a in reg.agencies.values()
                                                            if a.id not in g.members and g.matches(a))), rule=())
                          for g in reg.groups.values())
            as_of = as_of or reg.as_of
        every = Registry.build(agencies, groups, as_of) if len(registries) != 1 else Registry.from_data(registries[0])
        if index is not None:
            every.adopt_index(index)
        specs: dict[str, Spec] = {}
        for data in sorted(plans, key=lambda p: str(p.get("id"))):
            plan = Plan.from_data(data)
            wanted = plan.addresses or tuple(provinces)
            registry = every if len(provinces) == 1 or set(wanted) >= set(provinces) else \
                _part(every, [provinces[p] for p in wanted if p in provinces])
            specs[plan.id] = Spec(plan, registry, docs, digest, calendar)
        layers = tuple(sorted((Amendment.from_data(a) for a in amendments), key=Amendment.order))
        return cls(specs, every, provinces, docs, digest, layers)

    @classmethod
    def of_spec(cls, spec: Spec) -> Library:
        """A library of the one plan of ``spec``."""
        province = Province("registry-1", "", frozenset(spec.registry.agencies), frozenset(spec.registry.groups))
        return cls({spec.plan.id: spec}, spec.registry, {province.id: province}, spec.sources, spec.digest)

    def with_calendar(self, calendar: Calendar) -> Library:
        specs = {k: s.with_calendar(calendar) for k, s in self.specs.items()}
        return Library(specs, self.registry, self.provinces, self.sources, self.digest, self.amendments)

    # ------------------------------------------------------------------ plans
    @property
    def plans(self) -> tuple[Plan, ...]:
        return tuple(s.plan for s in self.specs.values())

    def spec(self, plan_id: str) -> Spec:
        """The spec of one plan; :class:`UnknownPlan` (with suggestions) when the library has none."""
        found = self.specs.get(plan_id) if isinstance(plan_id, str) else None
        if found is None:
            raise UnknownPlan(str(plan_id), close_matches(str(plan_id), self.specs), tuple(self.specs))
        return found

    def select(self, plans: Iterable[str] | None) -> tuple[Spec, ...]:
        """The specs of ``plans`` (every plan when None or empty), checked."""
        wanted = list(plans or ())
        if not wanted:
            return tuple(self.specs.values())
        chosen: dict[str, Spec] = {}
        for p in wanted:
            chosen.setdefault(str(p), self.spec(p))
        return tuple(chosen.values())

    def province(self, text: str) -> Province:
        """The province a registry id or name (accents and case ignored) names; :class:`UnknownProvince`."""
        from .textnorm import loose_match_key

        if text in self.provinces:
            return self.provinces[text]
        key = loose_match_key(text)
        for p in self.provinces.values():
            if key and key in (loose_match_key(p.name), loose_match_key(p.id),
                               loose_match_key(f"tỉnh {p.name}"), loose_match_key(f"thành phố {p.name}")):
                return p
        raise UnknownProvince(text, close_matches(text, self.provinces), tuple(self.provinces))

    def province_of(self, agency_id: str) -> Province | None:
        """The province whose registry holds the agency (or the group) ``agency_id``."""
        for p in self.provinces.values():
            if agency_id in p.agencies or agency_id in p.groups:
                return p
        return None

    def plans_for(self, agency_id: str, plans: Iterable[str] | None = None) -> tuple[Spec, ...]:
        """The specs (of ``plans``, default every plan) whose registries hold the agency (or group)."""
        return tuple(s for s in self.select(plans) if agency_id in s.registry.agencies
                     or agency_id in s.registry.groups)

    def scoped(self, plans: Iterable[str] | None = None, province: str | None = None) -> Registry:
        """The registry names resolve in: every agency, or those the given plans can address, or those
        of one province. Computed once per scope."""
        wanted = tuple(sorted(set(plans or ())))
        key = (wanted, province)
        found = self._scoped.get(key)
        if found is not None:
            return found
        registry = self.registry
        if wanted:
            specs = self.select(wanted)
            ids = {a for s in specs for a in s.registry.agencies}
            registry = registry if len(ids) == len(registry.agencies) else _subset(registry, ids)
        if province is not None:
            p = self.province(province)
            registry = _subset(registry, set(p.agencies) & set(registry.agencies))
        self._scoped[key] = registry
        return registry

    def plan_rows(self) -> list[dict[str, Any]]:
        """Plain data of each plan (``kehoach plans``): id, number and date as written and as values,
        title, issuer, period, effective date, the provinces it addresses and its version."""
        rows = []
        for s in self.specs.values():
            p = s.plan
            rows.append({
                "id": p.id, "version": p.version, "title": p.title,
                "number": {"as_written": p.number_as_written, "value": p.number},
                "date": {"as_written": p.date_as_written, "value": _iso(p.signed)},
                "issuer": {"id": p.issuer, "name": _issuer_name(s, p.issuer)},
                "period": {"start": p.period_start if not p.period_start_is_interpretation else None,
                           "start_interpretation": p.period_start if p.period_start_is_interpretation else None,
                           "start_by_default": _default_start(s),
                           "end": p.period_end.isoformat()},
                "effective": _iso(p.effective),
                "addresses": list(p.addresses or self.provinces),
                "document": p.document,
            })
        return rows


def _default_start(spec: Spec) -> str:
    """The plan's start under its default reading (the start itself when the text gives it)."""
    from .schedule import default_assumptions, plan_start

    return plan_start(spec.plan, default_assumptions(spec)).isoformat()


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _issuer_name(spec: Spec, issuer: str | None) -> str | None:
    if issuer is None:
        return None
    agency = spec.registry.agencies.get(issuer)
    return agency.name if agency is not None else issuer


def _part(every: Registry, provinces: Sequence[Province]) -> Registry:
    ids = {a for p in provinces for a in p.agencies}
    groups = {g for p in provinces for g in p.groups}
    return Registry.build([a for a in every.agencies.values() if a.id in ids],
                          [g for g in every.groups.values() if g.id in groups], every.as_of)


def _subset(registry: Registry, ids: set[str]) -> Registry:
    return Registry.build([a for a in registry.agencies.values() if a.id in ids],
                          list(registry.groups.values()), registry.as_of)
