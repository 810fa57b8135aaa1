"""Every reading the encoding makes is declared, and every declared reading is used.

An element depends on an interpretation through its timing (``timing.interpretation``), through
the parties it names in ``lead``/``coordinate``/``receive``/``evaluate`` (a party's
``interpretation``), and on ``plan-start`` when its timing is recurring, continuous or triggered
(it runs from the plan's start). Each of those must be listed in the element's
``interpretations``; each listed id must exist; each declared interpretation must be used.

PASS::

    timing: {kind: deadline, phrase: "trước ngày 31/8/2024", date: "2024-08-31", interpretation: before}
    interpretations: [before]

FAIL::

    interpretations: []                       # interpretation-missing: 'before' (timing)
    interpretations: [before, befor]          # unresolved-ref: 'befor'
    interpretations: [{id: x, choices: {a: …}, default: b}]    # bad-default
    an interpretation no element lists        # interpretation-unused (warning)
    choices: {a: …, b: …}, groups: {a: [...]}  # incomplete-groups: choice 'b' has no groups

An indicator's comparator must be the one the words of ``target.as_written`` give, for every
comparator of :data:`kehoach.targets.COMPARATORS` ("Tối thiểu 80": ``ge``; "trên 60%": ``gt``;
"không quá 5 ngày": ``le``; "dưới 2%": ``lt``). Words that can mean at least or exactly need a reading:
a target with ``reading: ID`` (an interpretation with choices ``at-least``/``exactly``) depends on it,
and a bare number ("95", no words) depends on ``bare-target``; the comparator must then be the one the
reading's default gives (``at-least``: ``eq`` for 100 %, ``ge`` otherwise; ``exactly``: ``eq``)::

    target: {comparator: eq, value: 95, as_written: "95"}       # comparator-mismatch: at-least gives 'ge'
    target: {comparator: ge, value: 60, as_written: "trên 60%"}  # comparator-mismatch: 'trên' gives 'gt'
    target: {comparator: ge, value: 100, as_written: "đạt 100%"} # target-needs-reading

An indicator with ``owed_by: {interpretation: ID}`` depends on ID, whose choices must be ``each`` and
``whole``; a target's ``reading`` must have the choices ``at-least`` and ``exactly`` (bad-choices).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..problems import Problem, Severity
from ..suggest import did_you_mean
from ..targets import (
    BARE_TARGET,
    COMPARATORS,
    OWED_BY,
    READING_CHOICES,
    bare_comparator,
    words_found,
)
from ._plan_common import (
    ROLE_KEYS,
    Element,
    elements,
    interpretation_map,
    party_map,
)
from .base import Context, Document

__all__ = ["PLAN_START", "RULES", "is_bare_target", "plan_interpretations",
           "required_interpretations", "start_interpretation"]

PLAN_START = "plan-start"
_BARE_NUMBER = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,6})?")
_RUNS_FROM_START = frozenset({"recurring", "continuous", "triggered"})
_DEPENDENT_SECTIONS: tuple[str, ...] = ("requirements", "duties", "indicators", "triggers", "objectives")


def is_bare_target(target: object) -> bool:
    """True when a target's ``as_written`` is a bare number (no "Tối thiểu")."""
    if not isinstance(target, Mapping):
        return False
    written = target.get("as_written")
    return isinstance(written, str) and _BARE_NUMBER.fullmatch(written.strip()) is not None


def required_interpretations(element: dict[str, Any], parties: dict[str, dict[str, Any]],
                             start_interpretation: str | None = PLAN_START) -> dict[str, str]:
    """Interpretation id -> why the element depends on it.

    ``start_interpretation`` is the interpretation the plan's start comes from; ``None`` when the
    period starts on a date the text gives (a known signing or effective date): then a timing that
    runs from the plan's start depends on no reading."""
    needed: dict[str, str] = {}
    target = element.get("target")
    reading = target.get("reading") if isinstance(target, Mapping) else None
    if isinstance(reading, str):
        needed[reading] = "its target's reading"
    elif is_bare_target(target):
        needed[BARE_TARGET] = "its target is a bare number"
    owed = element.get("owed_by")
    if isinstance(owed, Mapping) and isinstance(owed.get("interpretation"), str):
        needed[owed["interpretation"]] = "who owes its target (owed_by)"
    timing = element.get("timing")
    if isinstance(timing, dict):
        if isinstance(timing.get("interpretation"), str):
            needed[timing["interpretation"]] = "its timing"
        if timing.get("kind") in _RUNS_FROM_START and start_interpretation is not None:
            needed.setdefault(start_interpretation, f"its {timing['kind']} timing runs from the plan's start")
    for role in ROLE_KEYS:
        for ident in element.get(role) or []:
            party = parties.get(ident) if isinstance(ident, str) else None
            if party is not None and isinstance(party.get("interpretation"), str):
                needed.setdefault(party["interpretation"], f"party '{ident}' in {role}")
    return needed


def start_interpretation(doc: Document) -> str | None:
    """The interpretation the plan's period start comes from: ``period.start.interpretation``;
    ``None`` when the start is a date; ``plan-start`` when the period is missing or malformed."""
    data = doc.data if isinstance(doc.data, dict) else {}
    period = data.get("period")
    start = period.get("start") if isinstance(period, dict) else None
    if isinstance(start, str):
        return None
    if isinstance(start, dict) and isinstance(start.get("interpretation"), str):
        return str(start["interpretation"])
    return PLAN_START


def _check_element(ctx: Context, doc: Document, element: Element, known: dict[str, dict[str, Any]],
                   parties: dict[str, dict[str, Any]], used: set[str]) -> Iterable[Problem]:
    listed_raw = element.data.get("interpretations")
    listed = [i for i in listed_raw if isinstance(i, str)] if isinstance(listed_raw, list) else []
    used.update(listed)
    for index, ident in enumerate(listed):
        if ident not in known:
            yield ctx.problem(doc, element.at("interpretations", index), "unresolved-ref",
                              f"'{element.ident}' lists unknown interpretation '{ident}'",
                              hint=did_you_mean(ident, set(known)))
    needed = required_interpretations(element.data, parties, start_interpretation(doc))
    for ident, why in sorted(needed.items()):
        used.add(ident)
        if ident not in listed:
            yield ctx.problem(doc, element.at("interpretations"), "interpretation-missing",
                              f"'{element.ident}' depends on interpretation '{ident}' ({why}) but does not list it",
                              hint=f"add '{ident}' to its interpretations")
    yield from _check_comparator(ctx, doc, element, known)
    timing = element.data.get("timing")
    if isinstance(timing, dict):
        used_by_timing = timing.get("interpretation")
        if isinstance(used_by_timing, str) and used_by_timing not in known:
            yield ctx.problem(doc, element.at("timing", "interpretation"), "unresolved-ref",
                              f"timing of '{element.ident}' uses unknown interpretation '{used_by_timing}'",
                              hint=did_you_mean(used_by_timing, set(known)))


def _check_choices(ctx: Context, doc: Document, element: Element, path: tuple[str, ...], ident: object,
                   known: dict[str, dict[str, Any]], wanted: tuple[str, ...], what: str) -> Iterable[Problem]:
    """The interpretation ``ident`` used as ``what`` must have exactly the choices ``wanted``."""
    interp = known.get(ident) if isinstance(ident, str) else None
    if interp is None:
        if isinstance(ident, str):
            yield ctx.problem(doc, element.at(*path), "unresolved-ref",
                              f"{what} of '{element.ident}' names unknown interpretation '{ident}'",
                              hint=did_you_mean(ident, set(known)))
        return
    choices = interp.get("choices")
    if not isinstance(choices, dict) or set(choices) != set(wanted):
        yield ctx.problem(doc, element.at(*path), "bad-choices",
                          f"interpretation '{ident}', the {what} of '{element.ident}', must have the choices "
                          + ", ".join(wanted), hint="choices: {" + ", ".join(f"{c}: …" for c in wanted) + "}")


def _check_comparator(ctx: Context, doc: Document, element: Element,
                      known: dict[str, dict[str, Any]]) -> Iterable[Problem]:
    owed = element.data.get("owed_by")
    if isinstance(owed, dict):
        yield from _check_choices(ctx, doc, element, ("owed_by", "interpretation"), owed.get("interpretation"),
                                  known, OWED_BY, "owed_by reading")
    target = element.data.get("target")
    if not isinstance(target, dict) or not isinstance(target.get("comparator"), str):
        return
    written = str(target.get("as_written", "")).strip()
    words = words_found(written)
    reading_id = target.get("reading")
    unit = element.data.get("unit")
    if isinstance(reading_id, str) or is_bare_target(target):
        ident = reading_id if isinstance(reading_id, str) else BARE_TARGET
        if isinstance(reading_id, str):
            problems = list(_check_choices(ctx, doc, element, ("target", "reading"), reading_id, known,
                                           READING_CHOICES, "target reading"))
            yield from problems
            if problems:
                return
        reading = (known.get(ident) or {}).get("default", "at-least")
        wanted = bare_comparator(target.get("value"), reading, unit)
        why = f"the default reading '{reading}' of '{ident}' gives '{wanted}' for {written!r}"
    elif words and words[0][1] == "reading":
        yield ctx.problem(doc, element.at("target", "as_written"), "target-needs-reading",
                          f"target of '{element.ident}' is written {written!r}: '{words[0][0]}' can mean at least "
                          "or exactly, so a reading must decide",
                          hint="add reading: ID (an interpretation with choices at-least, exactly) to the target")
        return
    elif words:
        wanted = words[0][1]
        why = f"{written!r} means {COMPARATORS[wanted].meaning}"
    else:
        return
    if target["comparator"] != wanted:
        yield ctx.problem(doc, element.at("target", "comparator"), "comparator-mismatch",
                          f"target of '{element.ident}' has comparator '{target['comparator']}' but {why}",
                          hint=f"write comparator: {wanted}")


def _check_definitions(ctx: Context, doc: Document, known: dict[str, dict[str, Any]]) -> Iterable[Problem]:
    for element in elements(doc, ("interpretations",)):
        choices = element.data.get("choices")
        if not isinstance(choices, dict):
            continue
        default = element.data.get("default")
        if default not in choices:
            yield ctx.problem(doc, element.at("default"), "bad-default",
                              f"default '{default}' of interpretation '{element.ident}' is not one of its choices",
                              hint="choices: " + ", ".join(sorted(choices)))
        groups = element.data.get("groups")
        if isinstance(groups, dict):
            for key in sorted(set(groups) - set(choices)):
                yield ctx.problem(doc, element.at("groups", key), "unresolved-ref",
                                  f"groups of interpretation '{element.ident}' name '{key}', which is not one of its choices",
                                  hint=did_you_mean(key, set(choices)))
            for key in sorted(set(choices) - set(groups)):
                yield ctx.problem(doc, element.at("groups"), "incomplete-groups",
                                  f"choice '{key}' of interpretation '{element.ident}' has no groups",
                                  hint="every choice of an interpretation with groups maps to agency/group ids")


def plan_interpretations(ctx: Context) -> Iterable[Problem]:
    for doc in ctx.of_kind("plan"):
        known = interpretation_map(doc)
        parties = party_map(doc)
        used: set[str] = set()
        yield from _check_definitions(ctx, doc, known)
        for element in elements(doc, _DEPENDENT_SECTIONS):
            yield from _check_element(ctx, doc, element, known, parties, used)
        for element in elements(doc, ("parties",)):
            ident = element.data.get("interpretation")
            if not isinstance(ident, str):
                continue
            used.add(ident)
            if ident not in known:
                yield ctx.problem(doc, element.at("interpretation"), "unresolved-ref",
                                  f"party '{element.ident}' uses unknown interpretation '{ident}'",
                                  hint=did_you_mean(ident, set(known)))
        data = doc.data if isinstance(doc.data, dict) else {}
        period = data.get("period")
        if isinstance(period, dict):
            for end in ("start", "end"):
                bound = period.get(end)
                if isinstance(bound, dict) and isinstance(bound.get("interpretation"), str):
                    ident = bound["interpretation"]
                    used.add(ident)
                    if ident not in known:
                        yield ctx.problem(doc, doc.root.get("period", end, "interpretation"), "unresolved-ref",
                                          f"period {end} uses unknown interpretation '{ident}'",
                                          hint=did_you_mean(ident, set(known)))
        for element in elements(doc, ("interpretations",)):
            if element.ident not in used:
                yield ctx.problem(doc, element.at("id"), "interpretation-unused",
                                  f"interpretation '{element.ident}' is declared but no element depends on it",
                                  hint="list it in the interpretations of the elements that depend on it, or remove it",
                                  severity=Severity.WARNING)


RULES = (plan_interpretations,)
