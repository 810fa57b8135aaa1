"""The checks of a scenario document against a spec, before any case runs: plan id, agency and group
names, the dates of each query, inline facts, interpretation values and expected ids.

Used by ``kehoach validate`` (scenario files are spec files) and by the runner (:mod:`kehoach.scenarios`),
which refuses to run a scenario with problems. Every problem is at its node; nothing here raises.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .dates import parse_date
from .errors import (
    AmbiguousAgency,
    InvalidAssumption,
    InvalidDate,
    KehoachError,
    UnknownAgency,
    UnknownGroup,
)
from .facts import facts_problems
from .loader import Node
from .model import Spec
from .problems import Problem, Severity
from .rules.base import Document
from .schedule import Assumptions
from .subjects import resolve_agency, resolve_group
from .suggest import did_you_mean

__all__ = ["DATE_KEY", "check_scenario", "element_ids"]

DATE_KEY = {"due": "by", "obligations": "date", "status": "as_of"}
"""The key of each query's date in a case."""


def _at(display: str, node: Node, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(display, node.line, node.col, code, message, Severity.ERROR, hint, node.path)


def element_ids(spec: Spec) -> frozenset[str]:
    """Ids a scenario may expect: every duty, requirement and indicator of the plan."""
    return frozenset(spec.plan.element_ids())


def _check_facts(node: Node | None, spec: Spec, display: str) -> list[Problem]:
    """Inline facts checked like a facts file (errors and warnings), each at its node."""
    if node is None:
        return []
    return facts_problems(node, spec, display, plan_default=True)


def _check_assume(node: Node | None, base: Mapping[str, object], spec: Spec, display: str) -> list[Problem]:
    if node is None:
        return []
    out: list[Problem] = []
    for key, child in (node.value.items() if isinstance(node.value, dict) else ()):
        try:
            Assumptions.for_plan(spec.plan, {**base, key: child.value})
        except InvalidAssumption as exc:
            out.append(_at(display, child, "bad-assumption", f"invalid assumption {exc.text!r}: {exc.reason}"))
    return out


def _check_agency(case: Node, spec: Spec, display: str) -> list[Problem]:

    agency = case.get("agency")
    query = case.get("query")
    if agency is None or query is None or not isinstance(agency.value, str):
        return []
    day_node = case.get(DATE_KEY.get(str(query.value), "by"))
    try:
        on = parse_date(str(day_node.value)) if day_node is not None else None
    except InvalidDate:  # the schema reports the date itself; the agency is still checked
        on = None
    try:
        resolve_agency(spec, agency.value, on)
    except AmbiguousAgency as exc:
        listing = "; ".join(f"{i} ({name})" for i, name in exc.candidates)
        return [_at(display, agency, "ambiguous-agency", f"agency {agency.value!r} fits several agencies",
                    f"use one of: {listing}")]
    except UnknownAgency as exc:
        hint = ("did you mean: " + ", ".join(f"{i} ({name})" for i, name in exc.suggestions)) if exc.suggestions \
            else "see `kehoach agencies`"
        return [_at(display, agency, "unknown-agency", f"unknown agency {agency.value!r}", hint)]
    return []


def _check_group(case: Node, spec: Spec, display: str) -> list[Problem]:
    """A group case: the group must be a group of the registry (id, name or alias); ``members`` only here."""

    group = case.get("group")
    expect = case.get("expect")
    members = expect.get("members") if expect is not None and isinstance(expect.value, dict) else None
    if group is None:
        if members is not None and case.get("agency") is not None:
            return [_at(display, members, "bad-expectation", "'members' can only be expected of a group case")]
        return []
    if not isinstance(group.value, str):
        return []
    try:
        found = resolve_group(spec, group.value)
    except UnknownGroup as exc:
        hint = ("did you mean: " + ", ".join(f"{i} ({name})" for i, name in exc.suggestions)) if exc.suggestions \
            else "see `kehoach agencies`"
        return [_at(display, group, "unresolved-ref", f"unknown group {group.value!r}", hint)]
    if found not in spec.registry.groups:
        return [_at(display, group, "unresolved-ref", f"{group.value!r} is an agency, not a group",
                    "use 'agency:' for one agency")]
    return []


def _check_dates(case: Node, display: str) -> list[Problem]:
    """A date key that does not belong to the case's query (``by`` on an obligations query…)."""
    query = case.get("query")
    kind = str(query.value) if query is not None else ""
    wanted = DATE_KEY.get(kind)
    if wanted is None:
        return []
    allowed = {wanted, "since"} if wanted == "by" else {wanted}
    out: list[Problem] = []
    for key in ("by", "since", "date", "as_of"):
        child = case.get(key)
        if child is not None and key not in allowed:
            out.append(Problem(display, child.key_line, child.key_col, "bad-expectation",
                               f"'{key}' does not apply to query '{kind}' (use '{wanted}')",
                               Severity.ERROR, None, child.path))
    return out


def _check_expect(case: Node, spec: Spec, known: frozenset[str], display: str) -> list[Problem]:
    expect = case.get("expect")
    query = case.get("query")
    if expect is None or query is None:
        return []
    out: list[Problem] = []
    for key in ("includes", "excludes", "counts"):
        items = expect.get(key)
        for item in (items.value if items is not None and isinstance(items.value, list) else []):
            ident = item.get("id")
            if ident is not None and ident.value not in known:
                out.append(_at(display, ident, "unresolved-ref",
                               f"no duty, requirement or indicator with id {ident.value!r} in plan {spec.plan.id}",
                               did_you_mean(str(ident.value), known)))
            status = item.get("status")
            if status is not None and query.value != "status":
                out.append(_at(display, status, "bad-expectation", "'status' can only be expected of a status query"))
    summary = expect.get("summary")
    if summary is not None and query.value != "status":
        out.append(_at(display, summary, "bad-expectation", "'summary' can only be expected of a status query"))
    return out


def check_scenario(doc: Document, spec: Spec) -> list[Problem]:
    """Every problem of a scenario document against ``spec`` (plan id, agencies, dates of the query,
    inline facts, assumptions, expected ids), each at its node; never raises.

    Each case is checked on its own: a fault in one case (an impossible date, say, which the schema
    reports) does not hide the problems of the others, nor the rest of that case.
    """
    out: list[Problem] = []
    for check in _scenario_checks(doc, spec):
        try:
            out.extend(check())
        except Exception as exc:
            if not _explained(exc):
                raise
    return out


def _explained(exc: Exception) -> bool:
    """True for failures that a malformed value explains (the schema reports that value)."""
    return isinstance(exc, (KehoachError, ValueError, TypeError, KeyError, AttributeError))


def _scenario_checks(doc: Document, spec: Spec) -> Iterable[Any]:
    root: Node = doc.root
    shown = doc.display
    plan = root.get("plan")
    if plan is not None and plan.value != spec.plan.id:
        yield lambda: [_at(shown, plan, "unresolved-ref", f"scenario is for plan {plan.value!r}, the spec holds "
                                                           f"{spec.plan.id!r}")]
    yield lambda: _check_facts(root.get("facts"), spec, shown)
    base = root.get("assume")
    yield lambda: _check_assume(base, {}, spec, shown)
    try:
        base_values: dict[str, object] = dict(base.plain()) if base is not None else {}
    except (TypeError, ValueError):
        base_values = {}
    known = element_ids(spec)
    cases = root.get("cases")
    for case in (cases.value if cases is not None and isinstance(cases.value, list) else []):
        if not isinstance(case.value, dict):
            continue
        yield lambda case=case: _check_dates(case, shown)
        yield lambda case=case: _check_agency(case, spec, shown)
        yield lambda case=case: _check_group(case, spec, shown)
        yield lambda case=case: _check_facts(case.get("facts"), spec, shown)
        yield lambda case=case: _check_assume(case.get("assume"), base_values, spec, shown)
        yield lambda case=case: _check_expect(case, spec, known, shown)
