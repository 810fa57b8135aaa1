"""Registry checks: references, group membership cycles, empty groups, validity periods.

Every registry document in the context is checked against the ids of all of them (agencies and
groups share one namespace). Duplicate ids are reported by :mod:`kehoach.rules.ids`.

``unresolved-ref`` — PASS::

    agencies: [{id: ubnd-tinh, ...}, {id: so-tu-phap, parent: ubnd-tinh, groups: [co-quan-chuyen-mon]}]
    groups:   [{id: co-quan-chuyen-mon, ...}]

FAIL (at ``parent``, hint "did you mean 'ubnd-tinh'?")::

    agencies: [{id: so-tu-phap, parent: ubnd-tihn}]

``group-cycle`` — FAIL (at the member that closes the cycle)::

    groups: [{id: a, members: [b]}, {id: b, members: [a]}]

``empty-group`` — FAIL: a group with no member agency at any date (members, declarations and
rule all expanded)::

    groups: [{id: ubnd-cap-xa, rule: {level: commune, type: ubnd}}]   # and no commune agency

``bad-period`` — FAIL (at ``valid_until``)::

    agencies: [{id: x, valid_from: "2025-01-01", valid_until: "2024-12-31"}]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any, NamedTuple

from ..problems import Problem
from ..registry import Registry
from ..suggest import did_you_mean
from .base import Context, Document

__all__ = [
    "RULES",
    "bad_periods",
    "empty_groups",
    "group_cycles",
    "unresolved_refs",
]


def _items(doc: Document, key: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    data = doc.data if isinstance(doc.data, dict) else {}
    for index, item in enumerate(data.get(key) or ()):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            yield index, item


def _ids(ctx: Context, key: str) -> set[str]:
    return {
        item["id"] for doc in ctx.of_kind("registry") for _, item in _items(doc, key)
    }


def _node(doc: Document, *path: str | int) -> Any:
    """The node at ``path``, else the closest existing ancestor (so a problem keeps a line)."""
    root = doc.root
    if root is None:
        return None
    for end in range(len(path), -1, -1):
        found = root.get(*path[:end])
        if found is not None:
            return found
    return root


class _Reference(NamedTuple):
    """One id a registry document refers to, and what it must name."""

    path: tuple[str | int, ...]
    ref: object
    label: str  # "parent", "group", "member", "rule district"…
    owner: str  # "agency 'x'", "group 'y'"
    expected: str  # "an agency id"…
    known: set[str]


def _references(doc: Document, agencies: set[str], groups: set[str]) -> Iterator[_Reference]:
    """Each reference of a registry document, in document order."""
    for i, a in _items(doc, "agencies"):
        owner = f"agency '{a['id']}'"
        for field in ("parent", "district"):
            yield _Reference(("agencies", i, field), a.get(field), field, owner, "not an agency id", agencies)
        for j, ref in enumerate(a.get("groups") or ()):
            yield _Reference(("agencies", i, "groups", j), ref, "group", owner, "not a group id", groups)
    for i, g in _items(doc, "groups"):
        owner = f"group '{g['id']}'"
        for j, ref in enumerate(g.get("members") or ()):
            yield _Reference(("groups", i, "members", j), ref, "member", owner,
                             "neither an agency nor a group id", agencies | groups)
        for j, ref in enumerate(g.get("exclude") or ()):
            yield _Reference(("groups", i, "exclude", j), ref, "exclude", owner, "not an agency id", agencies)
        raw_rule = g.get("rule")
        rule: Mapping[str, Any] = raw_rule if isinstance(raw_rule, dict) else {}
        for field in ("parent", "district"):
            yield _Reference(("groups", i, "rule", field), rule.get(field), f"rule {field}", owner,
                             "not an agency id", agencies)


def unresolved_refs(ctx: Context) -> Iterable[Problem]:
    """``parent``, ``district``, ``groups``, ``members``, ``exclude`` and rule ids must name something."""
    agencies = _ids(ctx, "agencies")
    groups = _ids(ctx, "groups")
    for doc in ctx.of_kind("registry"):
        for r in _references(doc, agencies, groups):
            if isinstance(r.ref, str) and r.ref not in r.known:
                yield ctx.problem(doc, _node(doc, *r.path), "unresolved-ref",
                                  f"{r.label} '{r.ref}' of {r.owner} is {r.expected}", did_you_mean(str(r.ref), r.known))


def group_cycles(ctx: Context) -> Iterable[Problem]:
    """A group may not contain itself, directly or through nested groups."""
    edges: dict[
        str, list[tuple[str, Document, int, int]]
    ] = {}  # group -> (member group, where)
    groups = _ids(ctx, "groups")
    for doc in ctx.of_kind("registry"):
        for i, g in _items(doc, "groups"):
            for j, ref in enumerate(g.get("members") or ()):
                if ref in groups:
                    edges.setdefault(g["id"], []).append((ref, doc, i, j))
    reported: set[frozenset[str]] = set()
    for start in sorted(edges):
        # iterative DFS from `start`, looking for a path back to `start`
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        visited: set[str] = set()
        while stack:
            current, path = stack.pop()
            for ref, doc, i, j in reversed(edges.get(current, [])):
                if ref == start:
                    cycle = frozenset(path)
                    if cycle in reported:
                        continue
                    reported.add(cycle)
                    shown = " -> ".join((*path, start))
                    yield ctx.problem(
                        doc,
                        _node(doc, "groups", i, "members", j),
                        "group-cycle",
                        f"group membership cycle: {shown}",
                        "a group may not contain itself; remove one of these members",
                    )
                elif ref not in visited:
                    visited.add(ref)
                    stack.append((ref, (*path, ref)))


def empty_groups(ctx: Context) -> Iterable[Problem]:
    """A group must contain at least one agency (at some date) once everything is expanded."""
    docs = ctx.of_kind("registry")
    if not docs:
        return
    merged: dict[str, list[Any]] = {"agencies": [], "groups": []}
    for doc in docs:
        for key, items in merged.items():
            items.extend(item for _, item in _items(doc, key))
    try:
        registry = Registry.from_data(merged)
    except (KeyError, TypeError, ValueError):
        return  # malformed items: the schema reports them
    for doc in docs:
        for i, g in _items(doc, "groups"):
            if registry.has_group(g["id"]) and not registry.members(g["id"]):
                yield ctx.problem(
                    doc,
                    _node(doc, "groups", i, "id"),
                    "empty-group",
                    f"group '{g['id']}' has no member agency",
                    "list members, declare the group in agencies' groups, or fix its rule",
                )


def _date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def bad_periods(ctx: Context) -> Iterable[Problem]:
    """``valid_until`` may not be before ``valid_from``."""
    for doc in ctx.of_kind("registry"):
        for i, a in _items(doc, "agencies"):
            start, end = _date(a.get("valid_from")), _date(a.get("valid_until"))
            if start is not None and end is not None and end < start:
                yield ctx.problem(
                    doc,
                    _node(doc, "agencies", i, "valid_until"),
                    "bad-period",
                    f"agency '{a['id']}' ends ({end.isoformat()}) before it starts "
                    f"({start.isoformat()})",
                    "valid_until is the last day the agency exists; it must be on or after valid_from",
                )


RULES = (unresolved_refs, group_cycles, empty_groups, bad_periods)
