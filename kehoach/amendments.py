"""Amendments as layers over the plan they amend: the plan as it stood on a date.

An amendment (``kind: amendment``, :class:`~kehoach.model.Amendment`) is in force from its ``effective``
day on. :func:`as_amended` is the one function from (a plan's spec, its amendments, a day) to the spec
of the plan as it stood on that day: the amendments in force then, applied in the order they took
effect (then by id), each change over the result of the ones before. The plan's own encoding is never
edited: the original :class:`~kehoach.model.Spec` stays as signed, and each amended spec is a new value
(memoised on the original per set of amendments).

Changes: ``deadline-moved`` (the duty's deadline date and phrase become the new ones),
``duty-removed`` (the duty or requirement is no longer part of the plan), ``duty-added`` (a new duty, as the
amending text gives it, is part of the plan from the effective day on), ``owner-changed`` (in one role,
one agency or group gives way to another), ``target-changed`` (an indicator's target value).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from .model import Amendment, AmendmentChange, Duty, Indicator, Plan, Spec

__all__ = ["apply_change", "as_amended", "in_force"]


def in_force(amendments: Iterable[Amendment], day: date) -> tuple[Amendment, ...]:
    """The amendments in force on ``day`` (effective on or before it), in the order they apply."""
    return tuple(sorted((a for a in amendments if a.effective <= day), key=Amendment.order))


def _duty(plan: Plan, change: AmendmentChange, new: Duty | None) -> Plan:
    """``plan`` with the duty or requirement ``change.element`` replaced by ``new`` (None: removed)."""
    def swap(items: tuple[Duty, ...]) -> tuple[Duty, ...]:
        kept = (d for d in items if new is not None or d.id != change.element)
        return tuple(new if new is not None and d.id == change.element else d for d in kept)

    return replace(plan, duties=swap(plan.duties), requirements=swap(plan.requirements))


def apply_change(plan: Plan, change: AmendmentChange) -> Plan:
    """``plan`` with one change applied (a change whose element is gone leaves the plan as it is; a duty
    added under an id the plan already has, too)."""
    element = plan.element(change.element)
    if change.change == "duty-added" and change.duty is not None and element is None:
        return replace(plan, duties=tuple(sorted((*plan.duties, change.duty), key=lambda d: d.id)))
    if isinstance(element, Duty):
        if change.change == "duty-removed":
            return _duty(plan, change, None)
        if change.change == "deadline-moved" and isinstance(change.new, date):
            timing = replace(element.timing, date=change.new, phrase=change.phrase or element.timing.phrase)
            return _duty(plan, change, replace(element, timing=timing))
        if change.change == "owner-changed" and change.role in ("lead", "coordinate", "receive"):
            refs: tuple[str, ...] = getattr(element, change.role)
            moved = tuple(dict.fromkeys(str(change.new) if r == change.old else r for r in refs))
            owners: dict[str, Any] = {change.role: moved}
            return _duty(plan, change, replace(element, **owners))
    if isinstance(element, Indicator) and change.change == "target-changed" and element.target is not None:
        target = replace(element.target, value=float(change.new), as_written=change.quote)
        indicators = tuple(replace(i, target=target) if i.id == element.id else i for i in plan.indicators)
        return replace(plan, indicators=indicators)
    return plan


def as_amended(spec: Spec, amendments: Sequence[Amendment], day: date | None) -> tuple[Spec, tuple[Amendment, ...]]:
    """The spec of the plan as it stood on ``day`` (None: as signed) and the amendments applied."""
    if day is None or not amendments:
        return spec, ()
    applied = in_force((a for a in amendments if a.amends == spec.plan.id), day)
    if not applied:
        return spec, ()

    def make() -> Spec:
        plan = spec.plan
        for amendment in applied:
            for change in amendment.changes:
                plan = apply_change(plan, change)
        return Spec(plan, spec.registry, spec.sources, spec.digest, spec.calendar)

    amended: Spec = spec.memo.get(("amended", tuple(a.id for a in applied)), make)
    return amended, applied
