"""Typed, immutable model of a validated spec: plan, registry and sources.

Group membership lives in one place, :class:`kehoach.registry.Registry` (``Spec.registry``).

Everything here is built from plain (already validated, NFC) data with ``from_data``; no I/O.
Unknown keys are ignored so the model keeps working when the data grows new fields.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from datetime import date as _Date
from pathlib import Path
from typing import Any

from .calendar import Calendar
from .registry import Agency, Group, Registry

__all__ = [
    "Agency",
    "Amendment",
    "AmendmentChange",
    "Duty",
    "Group",
    "Indicator",
    "Interpretation",
    "Party",
    "Plan",
    "Registry",
    "Source",
    "Spec",
    "SpecMemo",
    "Target",
    "Timing",
    "Trigger",
    "spec_digest",
]


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


@dataclass(frozen=True)
class Source:
    document: str
    ref: str
    quote: tuple[str, ...]
    bullet: int | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Source:
        data = data or {}
        return cls(
            document=str(data.get("document", "")),
            ref=str(data.get("ref", "")),
            quote=_tuple(data.get("quote")),
            bullet=data.get("bullet"),
        )

    def quote_text(self) -> str:
        from .formatting import quote_text

        return quote_text(self.quote)


@dataclass(frozen=True)
class Interpretation:
    id: str
    question: str
    default: str | int | None
    rationale: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, meaning), in data order
    value_type: str | None = None  # day-of-month | date | None (choices)
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # choice -> group ids (addressees)
    verified: bool = True  # False: the default is a reading not yet checked against practice

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Interpretation:
        choices = data.get("choices") or {}
        groups = data.get("groups") or {}
        default = data.get("default")
        return cls(
            id=str(data["id"]),
            question=str(data.get("question", "")),
            default=default if isinstance(default, (str, int)) and not isinstance(default, bool) else None,
            rationale=str(data.get("rationale", "")),
            choices=tuple((str(k), str(v)) for k, v in choices.items()),
            value_type=data.get("value_type"),
            groups=tuple((str(k), _tuple(v)) for k, v in sorted(groups.items())),
            verified=data.get("verified", True) is not False,
        )

    def choice_ids(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.choices)

    def groups_for(self, choice: str) -> tuple[str, ...]:
        return dict(self.groups).get(choice, ())


@dataclass(frozen=True)
class Party:
    id: str
    phrase: str
    interpretation: str

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Party:
        return cls(str(data["id"]), str(data.get("phrase", "")), str(data.get("interpretation", "")))


@dataclass(frozen=True)
class Trigger:
    id: str
    description: str
    source: Source

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Trigger:
        return cls(str(data["id"]), str(data.get("description", "")), Source.from_data(data.get("source")))


@dataclass(frozen=True)
class Timing:
    """When a duty is owed, as the text says it (docs/timing-forms.md).

    ``kind``: deadline | window | recurring | continuous | on-request | triggered | relative.
    ``date`` (deadline); ``start``/``end`` (window; ``start`` None = from the plan's start);
    ``frequency`` and ``day`` (recurring: ``(month, day)`` of the period, ``month`` None = the period's
    last month); ``trigger``, ``scope`` (triggered, relative: ``all`` | ``each``); ``days`` and ``unit``
    (relative: ``working-days`` | ``calendar-days``).
    """

    kind: str
    phrase: str | None = None
    date: date | None = None
    interpretation: str | None = None
    frequency: str | None = None
    trigger: str | None = None
    start: _Date | None = None
    end: _Date | None = None
    day: tuple[int | None, int] | None = None
    days: int | None = None
    unit: str | None = None
    scope: str = "all"

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Timing:
        data = data or {"kind": "continuous"}
        day = data.get("day")
        days = data.get("days")
        return cls(
            kind=str(data.get("kind", "continuous")),
            phrase=data.get("phrase"),
            date=_date(data.get("date")),
            interpretation=data.get("interpretation"),
            frequency=data.get("frequency"),
            trigger=data.get("trigger"),
            start=_date(data.get("start")),
            end=_date(data.get("end")),
            day=(_int(day.get("month")), int(day["day"])) if isinstance(day, Mapping) and _int(day.get("day")) else None,
            days=_int(days),
            unit=data.get("unit"),
            scope=str(data.get("scope") or "all"),
        )


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class Duty:
    """A duty (III, IV) or a requirement (II): who, when, where in the text.

    Roles: ``lead`` (empty for a sentence that only coordinates), ``coordinate``, ``receive`` and
    ``channel`` (the bodies a result goes through, "gửi … qua Sở Tài chính")."""

    id: str
    title: str
    lead: tuple[str, ...]
    coordinate: tuple[str, ...]
    receive: tuple[str, ...]
    timing: Timing
    interpretations: tuple[str, ...]
    source: Source
    element: str = "duty"  # duty | requirement
    channel: tuple[str, ...] = ()

    def roles(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(role, refs) for each role, in answer order."""
        return (("lead", self.lead), ("coordinate", self.coordinate), ("receive", self.receive),
                ("channel", self.channel))

    @classmethod
    def from_data(cls, data: Mapping[str, Any], element: str = "duty") -> Duty:
        return cls(
            id=str(data["id"]),
            title=str(data.get("title") or data.get("name") or data["id"]),
            lead=_tuple(data.get("lead")),
            coordinate=_tuple(data.get("coordinate")),
            receive=_tuple(data.get("receive")),
            timing=Timing.from_data(data.get("timing")),
            interpretations=tuple(sorted(_tuple(data.get("interpretations")))),
            source=Source.from_data(data.get("source")),
            element=element,
            channel=_tuple(data.get("channel")),
        )


@dataclass(frozen=True)
class Target:
    """A target as written: comparator (ge | gt | eq | le | lt, :data:`kehoach.targets.COMPARATORS`),
    value, the words giving both, and the interpretation that decides the comparator when the words
    do not ("đạt", a bare number)."""

    comparator: str
    value: float
    as_written: str = ""
    reading: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Target | None:
        if not data:
            return None
        reading = data.get("reading")
        return cls(str(data["comparator"]), float(data["value"]), str(data.get("as_written", "")),
                   str(reading) if reading is not None else None)

    def is_met(self, value: float) -> bool:
        from .targets import is_met

        return is_met(self.comparator, value, self.value)


@dataclass(frozen=True)
class Indicator:
    """An indicator row. ``year``: judged at its end ("đến năm 2030"); ``per == "year"``: one target
    instance per year of the period ("mỗi năm"); ``when``: those words verbatim. ``owed_by``: ``each``
    (default), ``whole``, or None when the interpretation ``owed_by_interpretation`` decides."""

    id: str
    name: str
    unit: str
    target: Target | None
    lead: tuple[str, ...]
    evaluate: tuple[str, ...]
    parent: str | None
    same_measure_as: str | None
    interpretations: tuple[str, ...]
    source: Source
    resolution: str | None = None
    year: int | None = None
    per: str | None = None
    when: str | None = None
    owed_by: str | None = "each"
    owed_by_interpretation: str | None = None
    owed_by_declared: bool = False

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Indicator:
        owed = data.get("owed_by")
        owed_interp = str(owed["interpretation"]) if isinstance(owed, Mapping) and "interpretation" in owed else None
        return cls(
            id=str(data["id"]),
            name=str(data.get("name", "")),
            unit=str(data.get("unit", "")),
            target=Target.from_data(data.get("target")),
            lead=_tuple(data.get("lead")),
            evaluate=_tuple(data.get("evaluate")),
            parent=data.get("parent"),
            same_measure_as=data.get("same_measure_as"),
            interpretations=tuple(sorted(_tuple(data.get("interpretations")))),
            source=Source.from_data(data.get("source")),
            resolution=data.get("resolution"),
            year=data.get("year"),
            per=data.get("per"),
            when=data.get("when"),
            owed_by=None if owed_interp is not None else (str(owed) if isinstance(owed, str) else "each"),
            owed_by_interpretation=owed_interp,
            owed_by_declared=owed is not None,
        )



def _period_end(end: Any, interpretations: Any) -> date:
    """The period's last day: a date, or ``{interpretation: ID}`` read as that interpretation's default
    (a plan whose text gives no end, e.g. TP.HCM 2820/QĐ-UBND's horizon)."""
    if isinstance(end, Mapping):
        ident = end.get("interpretation")
        for item in interpretations:
            if isinstance(item, Mapping) and item.get("id") == ident:
                return date.fromisoformat(str(item.get("default")))
        raise ValueError(f"period end interpretation {ident!r} is not declared")
    return date.fromisoformat(str(end))


def _written(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """``{as_written, value}`` of a metadata key (``number``, ``date``, ``effective``); ``{}`` when absent."""
    found = data.get(key)
    return found if isinstance(found, Mapping) else {}


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _date_or_none(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _id(item: Any) -> str:
    return str(item.id)


@dataclass(frozen=True)
class Plan:
    id: str
    version: str
    title: str
    period_start: str  # an ISO date, or the id of the interpretation giving it
    period_start_is_interpretation: bool
    period_end: date
    interpretations: tuple[Interpretation, ...]
    parties: tuple[Party, ...]
    triggers: tuple[Trigger, ...]
    duties: tuple[Duty, ...]
    requirements: tuple[Duty, ...]
    indicators: tuple[Indicator, ...]
    document: str = ""
    addresses: tuple[str, ...] = ()  # the registries (provinces) whose agencies the plan addresses; () = all
    issuer: str | None = None
    number: str | None = None  # the number, when known ("2820/QĐ-UBND")
    number_as_written: str = ""
    signed: date | None = None  # the signing date, when known
    date_as_written: str = ""
    effective: date | None = None  # the day the plan (or the decision issuing it) takes effect, when known
    revisions: tuple[tuple[tuple[str, Any], ...], ...] = ()  # each revision as (key, value) pairs

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Plan:
        period = data.get("period") or {}
        start = period.get("start")
        if isinstance(start, Mapping):
            start_value, is_interp = str(start["interpretation"]), True
        else:
            start_value, is_interp = str(start), False
        return cls(
            id=str(data["id"]),
            version=str(data.get("version", "")),
            title=str(data.get("title", "")),
            period_start=start_value,
            period_start_is_interpretation=is_interp,
            period_end=_period_end(period["end"], data.get("interpretations") or ()),
            interpretations=tuple(sorted((Interpretation.from_data(d) for d in data.get("interpretations") or ()),
                                         key=_id)),
            parties=tuple(sorted((Party.from_data(d) for d in data.get("parties") or ()), key=_id)),
            triggers=tuple(sorted((Trigger.from_data(d) for d in data.get("triggers") or ()), key=_id)),
            duties=tuple(sorted((Duty.from_data(d) for d in data.get("duties") or ()), key=_id)),
            requirements=tuple(sorted((Duty.from_data(d, "requirement") for d in data.get("requirements") or ()),
                                      key=_id)),
            indicators=tuple(sorted((Indicator.from_data(d) for d in data.get("indicators") or ()), key=_id)),
            document=str(data.get("document", "")),
            addresses=_tuple(data.get("addresses")),
            issuer=_text_or_none(data.get("issuer")),
            number=_text_or_none(_written(data, "number").get("value")),
            number_as_written=str(_written(data, "number").get("as_written") or ""),
            signed=_date_or_none(_written(data, "date").get("value")),
            date_as_written=str(_written(data, "date").get("as_written") or ""),
            effective=_date_or_none(_written(data, "effective").get("value")),
            revisions=tuple(tuple(sorted((str(k), v) for k, v in r.items())) for r in data.get("revisions") or ()
                            if isinstance(r, Mapping)),
        )

    _index: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, init=False, repr=False, compare=False,
                                                    hash=False)

    def __post_init__(self) -> None:
        elements: dict[str, Duty | Indicator] = {}
        items: tuple[Duty | Indicator, ...] = (*self.duties, *self.requirements, *self.indicators)
        for item in items:
            elements.setdefault(item.id, item)
        object.__setattr__(self, "_index", {
            "element": elements,
            "interpretation": {i.id: i for i in self.interpretations},
            "party": {p.id: p for p in self.parties},
            "trigger": {t.id: t for t in self.triggers},
        })

    def interpretation(self, interp_id: str) -> Interpretation | None:
        found: Interpretation | None = self._index["interpretation"].get(interp_id)
        return found

    def party(self, party_id: str) -> Party | None:
        found: Party | None = self._index["party"].get(party_id)
        return found

    def trigger(self, trigger_id: str) -> Trigger | None:
        found: Trigger | None = self._index["trigger"].get(trigger_id)
        return found

    def element(self, element_id: str) -> Duty | Indicator | None:
        """The duty, requirement or indicator with this id (duties first, as listed)."""
        found: Duty | Indicator | None = self._index["element"].get(element_id)
        return found

    def element_ids(self) -> tuple[str, ...]:
        """Every duty, requirement and indicator id, sorted."""
        return tuple(sorted(self._index["element"]))


class SpecMemo:
    """Values derived from one immutable :class:`Spec`, computed once and reused (a bounded LRU).

    Never part of the spec's value (not compared, not hashed, not shown): a miss recomputes the
    same value from the frozen spec, so the memo can only make answers faster, never different.
    Thread-safe; the value is computed outside the lock (two threads may both compute it once).
    """

    __slots__ = ("_data", "_lock", "_size")

    def __init__(self, size: int = 8192) -> None:
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value under ``key``, made by ``make()`` on a miss."""
        with self._lock:
            try:
                self._data.move_to_end(key)
                return self._data[key]
            except KeyError:
                pass
        value = make()
        with self._lock:
            self._data[key] = value
            if len(self._data) > self._size:
                self._data.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._data)

    def __reduce__(self) -> tuple[type[SpecMemo], tuple[int]]:
        """Pickled and copied empty (a lock cannot be pickled; the values are recomputed on demand)."""
        return (SpecMemo, (self._size,))


@dataclass(frozen=True)
class Spec:
    plan: Plan
    registry: Registry
    sources: Mapping[str, Mapping[str, Any]]
    digest: str
    calendar: Calendar | None = None
    memo: SpecMemo = field(default_factory=SpecMemo, init=False, repr=False, compare=False)

    @classmethod
    def from_data(
        cls,
        plan: Mapping[str, Any],
        registry: Mapping[str, Any] | Registry,
        sources: Mapping[str, Any] | None = None,
        *,
        digest: str = "",
        calendar: Calendar | None = None,
        resolver: Registry | None = None,
    ) -> Spec:
        """``registry`` is the plain registry data (or a built :class:`Registry`); ``resolver``, an
        already built Registry of the same data, is reused instead of building another."""
        docs = {str(d["id"]): d for d in (sources or {}).get("documents") or ()}
        if isinstance(registry, Registry):
            reg = registry
        elif isinstance(resolver, Registry):
            reg = resolver
        else:
            reg = Registry.from_data(registry)
        return cls(Plan.from_data(plan), reg, docs, digest, calendar)

    def with_calendar(self, calendar: Calendar) -> Spec:
        return Spec(self.plan, self.registry, self.sources, self.digest, calendar)


def spec_digest(root: Path) -> str:
    """The digest of a spec directory, as carried by every answer (:func:`kehoach.cache.spec_digest`)."""
    from .cache import spec_digest as digest_of

    return digest_of(root)


@dataclass(frozen=True)
class AmendmentChange:
    """One change an amendment makes: ``deadline-moved`` (``old``/``new`` dates, ``phrase``),
    ``duty-removed``, ``duty-added`` (``duty``: the new duty, whose id is ``element``),
    ``owner-changed`` (``role``, ``old``/``new`` agency or group ids) or ``target-changed``
    (``old``/``new`` values); ``quote`` is the amending text that says so."""

    change: str
    element: str
    quote: str
    old: Any = None
    new: Any = None
    phrase: str | None = None
    role: str | None = None
    duty: Duty | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> AmendmentChange:
        kind = str(data["change"])
        if kind == "duty-added":
            duty = Duty.from_data(data["duty"])
            return cls(kind, duty.id, str(data.get("quote", "")), duty=duty)
        old, new = data.get("from"), data.get("to")
        if kind == "deadline-moved":
            old, new = _date_or_none(old), _date_or_none(new)
        return cls(kind, str(data["element"]), str(data.get("quote", "")), old, new,
                   data.get("phrase"), data.get("role"))


@dataclass(frozen=True)
class Amendment:
    """A later document that changes a plan, in force from ``effective`` (a layer over the plan it
    ``amends``; see :mod:`kehoach.amendments`)."""

    id: str
    amends: str
    number_as_written: str
    date_as_written: str
    signed: date | None
    effective: date
    document: str
    changes: tuple[AmendmentChange, ...]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Amendment:
        when = data.get("date") or {}
        effective = _date_or_none(data["effective"])
        assert effective is not None
        return cls(str(data["id"]), str(data["amends"]), str(data.get("number_as_written", "")),
                   str(when.get("as_written", "")), _date_or_none(when.get("value")), effective,
                   str(data.get("document", "")), tuple(AmendmentChange.from_data(c) for c in data.get("changes") or ()))

    def order(self) -> tuple[date, str]:
        """Amendments apply in the order they take effect (then by id)."""
        return (self.effective, self.id)
