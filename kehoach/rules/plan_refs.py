"""Every id a plan names resolves, and every deadline falls inside the plan period.

* ``lead``/``coordinate``/``receive``/``evaluate`` ids (and ``issuer``, trigger ``actor``, the ids
  in an interpretation's ``groups``) are agencies or groups of the registry, or (roles only)
  parties of the plan. Checked only when a registry is loaded.
* ``timing.trigger`` names a trigger; indicator ``parent`` and ``same_measure_as`` name indicators.
* ``legal_bases``, ``document``, ``revisions[].document``, ``source.document``, ``resolution``,
  ``cites`` and ``basis[].document`` are ids of the sources index (when one is loaded).
* ``timing.date`` of a deadline lies within ``period`` (``deadline-outside-period``); a period
  bound given as ``{interpretation: …}`` takes that interpretation's default.
* A deadline's ``date`` is the date its ``phrase`` writes (``31/8/2024`` -> 2024-08-31), when the
  phrase writes one (``deadline-mismatch``).
* The period ends on or after it starts (``bad-period``), spans at most 15 years
  (``period-too-long``), and holds the plan's ``year`` (``year-mismatch``).
* A party id must not also be a registry id (``duplicate-id``): the name would be ambiguous.
  (Duplicate ids inside the plan are reported by ``kehoach.rules.ids``.)

FAIL::

    lead: [so-tu-phapp]        # unresolved-ref, hint: did you mean 'so-tu-phap'?
    timing: {kind: deadline, date: "2025-01-15", …}   # deadline-outside-period
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from ..problems import Problem
from ..suggest import did_you_mean
from ._plan_common import (
    ROLE_KEYS,
    elements,
    party_map,
    registry_ids,
    sources_ids,
)
from .base import Context, Document

__all__ = ["MAX_PERIOD_YEARS", "RULES", "plan_deadlines", "plan_period", "plan_period_bounds", "plan_references",
           "written_date"]


def _ids(data: dict[str, Any], key: str) -> set[str]:
    return {item["id"] for item in data.get(key) or [] if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _unresolved(ctx: Context, doc: Document, node: Any, what: str, ident: str, known: set[str]) -> Problem:
    return ctx.problem(doc, node, "unresolved-ref", f"{what} '{ident}' does not exist",
                       hint=did_you_mean(ident, known))


def _agency_refs(ctx: Context, doc: Document, agencies: set[str] | None) -> Iterable[Problem]:
    data = doc.data if isinstance(doc.data, dict) else {}
    parties = set(party_map(doc))
    if agencies is None:
        return
    for ident in sorted(parties & agencies):
        index = next(i for i, p in enumerate(data.get("parties") or [])
                     if isinstance(p, dict) and p.get("id") == ident)
        yield ctx.problem(doc, doc.root.get("parties", index, "id"), "duplicate-id",
                          f"party id '{ident}' is also an agency or group id of the registry",
                          hint="rename the party so each id names one thing")
    issuer = data.get("issuer")
    if isinstance(issuer, str) and issuer not in agencies:
        yield _unresolved(ctx, doc, doc.root.get("issuer"), "issuer", issuer, agencies)
    roles_known = agencies | parties
    for element in elements(doc):
        for role in ROLE_KEYS:
            values = element.data.get(role)
            if not isinstance(values, list):
                continue
            for index, ident in enumerate(values):
                if isinstance(ident, str) and ident not in roles_known:
                    yield _unresolved(ctx, doc, element.at(role, index), f"{role} of '{element.ident}':",
                                      ident, roles_known)
        actor = element.data.get("actor")
        if isinstance(actor, str) and actor not in agencies:
            yield _unresolved(ctx, doc, element.at("actor"), f"actor of '{element.ident}':", actor, agencies)
        groups = element.data.get("groups")
        if isinstance(groups, dict):
            for choice, members in groups.items():
                for index, ident in enumerate(members if isinstance(members, list) else []):
                    if isinstance(ident, str) and ident not in agencies:
                        yield _unresolved(ctx, doc, element.at("groups", choice, index),
                                          f"groups.{choice} of '{element.ident}':", ident, agencies)


def _local_refs(ctx: Context, doc: Document) -> Iterable[Problem]:
    data = doc.data if isinstance(doc.data, dict) else {}
    triggers = _ids(data, "triggers")
    indicators = _ids(data, "indicators")
    for element in elements(doc, ("requirements", "duties")):
        timing = element.data.get("timing")
        trigger = timing.get("trigger") if isinstance(timing, dict) else None
        if isinstance(trigger, str) and trigger not in triggers:
            yield _unresolved(ctx, doc, element.at("timing", "trigger"), f"trigger of '{element.ident}':",
                              trigger, triggers)
    for element in elements(doc, ("indicators",)):
        for key in ("parent", "same_measure_as"):
            target = element.data.get(key)
            if isinstance(target, str) and target not in indicators:
                yield _unresolved(ctx, doc, element.at(key), f"{key} of '{element.ident}':", target, indicators)
            if isinstance(target, str) and target == element.data.get("id"):
                yield ctx.problem(doc, element.at(key), "unresolved-ref",
                                  f"{key} of '{element.ident}' names the indicator itself")


def _source_refs(ctx: Context, doc: Document, known: set[str] | None) -> Iterable[Problem]:
    if known is None:
        return
    data = doc.data if isinstance(doc.data, dict) else {}
    for index, ident in enumerate(data.get("legal_bases") or []):
        if isinstance(ident, str) and ident not in known:
            yield _unresolved(ctx, doc, doc.root.get("legal_bases", index), "legal basis", ident, known)
    ident = data.get("document")
    if isinstance(ident, str) and ident not in known:
        yield _unresolved(ctx, doc, doc.root.get("document"), "plan document", ident, known)
    for index, revision in enumerate(data.get("revisions") or []):
        ident = revision.get("document") if isinstance(revision, dict) else None
        if isinstance(ident, str) and ident not in known:
            yield _unresolved(ctx, doc, doc.root.get("revisions", index, "document"), "revision document",
                              ident, known)
    for element in elements(doc):
        source = element.data.get("source")
        ident = source.get("document") if isinstance(source, dict) else None
        if isinstance(ident, str) and ident not in known:
            yield _unresolved(ctx, doc, element.at("source", "document"), f"source document of '{element.ident}':",
                              ident, known)
        ident = element.data.get("resolution")
        if isinstance(ident, str) and ident not in known:
            yield _unresolved(ctx, doc, element.at("resolution"), f"resolution of '{element.ident}':", ident, known)
        for index, ident in enumerate(element.data.get("cites") or []):
            if isinstance(ident, str) and ident not in known:
                yield _unresolved(ctx, doc, element.at("cites", index), f"cited document of '{element.ident}':",
                                  ident, known)
        for index, basis in enumerate(element.data.get("basis") or []):
            ident = basis.get("document") if isinstance(basis, dict) else None
            if isinstance(ident, str) and ident not in known:
                yield _unresolved(ctx, doc, element.at("basis", index, "document"),
                                  f"basis document of '{element.ident}':", ident, known)


def _as_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def plan_period(data: dict[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """(start, end) of the plan period; a bound given by interpretation takes its default."""
    interpretations = {k: v for k, v in ((i.get("id"), i) for i in data.get("interpretations") or []
                                         if isinstance(i, dict))}
    period = data.get("period")
    bounds: list[dt.date | None] = []
    for end in ("start", "end"):
        bound = period.get(end) if isinstance(period, dict) else None
        if isinstance(bound, dict):
            chosen = interpretations.get(bound.get("interpretation"))
            bound = chosen.get("default") if isinstance(chosen, dict) else None
        bounds.append(_as_date(bound))
    return bounds[0], bounds[1]


_WRITTEN_DATE = re.compile(r"\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\b")


def written_date(phrase: str) -> dt.date | None:
    """The single d/m/yyyy date written in ``phrase``, or None (none, several, or impossible)."""
    found = _WRITTEN_DATE.findall(phrase)
    if len(found) != 1:
        return None
    day, month, year = (int(part) for part in found[0])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def plan_deadlines(ctx: Context) -> Iterable[Problem]:
    for doc in ctx.of_kind("plan"):
        data = doc.data if isinstance(doc.data, dict) else {}
        start, end = plan_period(data)
        for element in elements(doc, ("requirements", "duties")):
            timing = element.data.get("timing")
            if not isinstance(timing, dict) or timing.get("kind") != "deadline":
                continue
            date = _as_date(timing.get("date"))
            if date is None:
                continue
            phrase = timing.get("phrase")
            written = written_date(phrase) if isinstance(phrase, str) else None
            if written is not None and written != date:
                yield ctx.problem(doc, element.at("timing", "date"), "deadline-mismatch",
                                  f"deadline {date} of '{element.ident}' differs from the date its phrase writes ({written})",
                                  hint=f"the phrase is \"{phrase}\"")
            if (start is not None and date < start) or (end is not None and date > end):
                shown = f"{start or '…'} – {end or '…'}"
                yield ctx.problem(doc, element.at("timing", "date"), "deadline-outside-period",
                                  f"deadline {date} of '{element.ident}' is outside the plan period {shown}",
                                  hint="check the date against the text, or the period and plan-start")


MAX_PERIOD_YEARS = 15
"""The longest plan period accepted (kept equal to :data:`kehoach.schedule.MAX_PERIOD_YEARS`)."""


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def plan_period_bounds(ctx: Context) -> Iterable[Problem]:
    """The period is a real span: it ends on or after it starts, lasts at most :data:`MAX_PERIOD_YEARS`
    years (``period-too-long``: ``end: "9999-06-07"`` would make every query enumerate millennia),
    and the plan's ``year`` lies within it (``year-mismatch``)."""
    for doc in ctx.of_kind("plan"):
        data = doc.data if isinstance(doc.data, dict) else {}
        start, end = plan_period(data)
        at_end = doc.root.get("period", "end") or doc.root.get("period") or doc.root
        if start is not None and end is not None:
            if end < start:
                yield ctx.problem(doc, at_end, "bad-period",
                                  f"the plan period ends ({end}) before it starts ({start})",
                                  hint="check period.start (or its interpretation's default) and period.end")
                continue
            if end > _years_after(start, MAX_PERIOD_YEARS):
                yield ctx.problem(doc, at_end, "period-too-long",
                                  f"the plan period {start} – {end} is longer than {MAX_PERIOD_YEARS} years",
                                  hint="check period.end against the text of the plan")
                continue
        year = data.get("year")
        if isinstance(year, int) and not isinstance(year, bool) and end is not None:
            first = start.year if start is not None else end.year
            if not first <= year <= end.year:
                shown = f"{start or '…'} – {end}"
                yield ctx.problem(doc, doc.root.get("year") or doc.root, "year-mismatch",
                                  f"year {year} is outside the plan period {shown}",
                                  hint="year is the year the plan is for; it lies within period")


def plan_references(ctx: Context) -> Iterable[Problem]:
    agencies = registry_ids(ctx)
    known_sources = sources_ids(ctx)
    for doc in ctx.of_kind("plan"):
        yield from _agency_refs(ctx, doc, agencies)
        yield from _local_refs(ctx, doc)
        yield from _source_refs(ctx, doc, known_sources)


RULES = (plan_references, plan_deadlines, plan_period_bounds)
