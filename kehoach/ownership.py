"""Who owes an element: the one function that turns an element's refs into (role, via) for an agency.

A ref of a role (``lead``, ``coordinate``, ``receive``, ``evaluate``) names an agency, a group, or a
plan party (a collective phrase such as *"các cơ quan, đơn vị, địa phương"*) whose interpretation maps
each of its choices to groups. An agency owes the element in that role when a ref names it, a group it
belongs to (directly or through nested groups), or a party whose chosen groups contain it.

``via`` records why, shortest chain first (ties broken by ids, so file order never matters):

* ``()`` — named directly;
* ``("co-quan-chuyen-mon",)`` — member of that group (nested: outer group first);
* ``("cac-co-quan-don-vi-dia-phuong", "addressees", "ubnd-cap-huyen")`` — party → interpretation → group.

A group's ``exclude`` is honoured by the registry's chains: an agency a group excludes is never
covered by it (:func:`exclusions` says which named groups left it out, and why).

A receiver is not a sender of the same element (:func:`owner_roles`): Văn phòng UBND tỉnh, which
receives the review results of III.1.a, is not also told to send them, though it is one of the bodies
the sending phrase covers.

The evaluator, ``explain`` and the facts checks all ask this module; none expands a party itself.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .model import Spec
from .schedule import Assumptions

__all__ = ["SENDING_ROLES", "PartyReading", "Role", "exclusions", "owner_roles", "party_reading", "ref_covers"]

Role = tuple[str, tuple[str, ...], tuple[str, ...]]
"""(role, via, the interpretation ids the chain depends on)."""


@dataclass(frozen=True)
class PartyReading:
    """A plan party under the assumptions in force: its interpretation, the chosen value and the
    groups that value maps to (empty when the interpretation or its value is missing)."""

    party: str
    interpretation: str
    value: str | int | None
    groups: tuple[str, ...]


def party_reading(spec: Spec, ref: str, a: Assumptions) -> PartyReading | None:
    """The reading of ``ref`` when it is a plan party, else None."""
    party = spec.plan.party(ref)
    if party is None:
        return None
    interp = spec.plan.interpretation(party.interpretation)
    value = a.get(party.interpretation)
    groups = interp.groups_for(str(value)) if interp is not None and value is not None else ()
    return PartyReading(party.id, party.interpretation, value, groups)


def ref_covers(spec: Spec, agency_id: str, ref: str, a: Assumptions) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(via, interpretation ids) when ``ref`` covers the agency under ``a``, else None."""
    if ref == agency_id:
        return (), ()
    chains = spec.registry.chains(agency_id)
    if ref in chains:
        return chains[ref], ()
    reading = party_reading(spec, ref, a)
    if reading is None or reading.value is None or spec.plan.interpretation(reading.interpretation) is None:
        return None
    best: tuple[str, ...] | None = None
    for g in reading.groups:
        chain = () if g == agency_id else chains.get(g)
        if chain is None:
            continue
        via = (reading.party, reading.interpretation, *((g,) if g == agency_id else chain))
        if best is None or (len(via), via) < (len(best), best):
            best = via
    return (best, (reading.interpretation,)) if best is not None else None


SENDING_ROLES = ("lead", "coordinate")
"""The roles that send an element's result to its receivers."""


def owner_roles(spec: Spec, agency_id: str, by_role: Iterable[tuple[str, tuple[str, ...]]],
                a: Assumptions) -> Iterator[Role]:
    """Each role of ``by_role`` (role, refs) in which the agency owes the element, with the shortest
    chain explaining it and the interpretations that chain depends on.

    A receiver is not a sender of the same element: an agency that receives the result is never told
    to send it to itself, so a ``lead`` or ``coordinate`` role that reaches it only through a group or a
    party (``via`` not empty) is dropped when it also receives. A body named directly as both keeps
    both (the plan says so in as many words)."""
    found_roles: list[Role] = []
    for role, refs in by_role:
        found = [m for m in (ref_covers(spec, agency_id, r, a) for r in refs) if m is not None]
        if found:
            via, extra = min(found, key=lambda m: (len(m[0]), m[0]))
            found_roles.append((role, via, extra))
    receives = any(role == "receive" for role, _, _ in found_roles)
    for role, via, extra in found_roles:
        if receives and role in SENDING_ROLES and via:
            continue
        yield role, via, extra


def exclusions(spec: Spec, agency_id: str, by_role: Iterable[tuple[str, tuple[str, ...]]],
               a: Assumptions) -> tuple[tuple[str, str], ...]:
    """(role, group id) for each group a ref of ``by_role`` names (directly, or through a party's reading)
    whose ``exclude`` names the agency: why a member of the wider group does not owe in that role."""
    excluded = set(spec.registry.excluded_from(agency_id))
    if not excluded:
        return ()
    out: list[tuple[str, str]] = []
    for role, refs in by_role:
        for ref in refs:
            reading = party_reading(spec, ref, a)
            for g in (reading.groups if reading is not None else (ref,)):
                if g in excluded and (role, g) not in out:
                    out.append((role, g))
    return tuple(out)
