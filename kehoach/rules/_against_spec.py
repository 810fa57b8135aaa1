"""Facts and scenario files checked against a spec: a post-step of ``kehoach validate``.

Not a plain rule (hence the leading underscore, which keeps :func:`kehoach.rules.all_rules` from
picking it up): a facts or scenario file validated on its own refers to a spec that is not among the
validated documents — the bundled one, or ``--spec DIR``.  The spec is built at most once, and only
when facts or scenario documents are present, so validating plan files never touches the evaluator.

FAIL (``unresolved-ref``, with a did-you-mean)::

    kind: facts
    submissions: [{obligation: iii-1-b-ra-sot, agency: so-tu-phap, date: "2024-05-20"}]

Codes: ``unresolved-ref``, ``bad-instance``, ``not-submittable`` and the facts warnings (facts, through
:func:`kehoach.facts.facts_problems`);
``unknown-agency``, ``ambiguous-agency``, ``bad-assumption``, ``bad-expectation``, ``unresolved-ref``
(scenarios, through the checks of :mod:`kehoach.scenarios`); ``reference-spec`` when the spec cannot be
loaded.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import Problem, Severity
from .base import Document

if TYPE_CHECKING:
    from ..library import Library
    from ..model import Spec

__all__ = ["CHECKED_KINDS", "CODES", "SpecLoader", "check_against_spec", "load_reference", "needs_spec",
           "spec_from_documents"]

CHECKED_KINDS = frozenset({"facts", "scenario"})
CODES = ("unresolved-ref", "bad-instance", "not-submittable", "instance-not-scheduled", "before-plan-start",
         "not-owed", "duplicate-submission", "duplicate-event", "conflicting-measurements", "date-before-period",
         "unknown-agency", "ambiguous-agency", "bad-assumption", "bad-expectation", "reference-spec")


def needs_spec(documents: Sequence[Document]) -> bool:
    """True when some document is checked against a spec (building one is worth it)."""
    return any(d.kind in CHECKED_KINDS for d in documents)


def spec_from_documents(documents: Sequence[Document]) -> Library | None:
    """The library of the plan, registry and sources documents among ``documents`` (None when there is
    no plan or no registry among them)."""
    plans = [d.data for d in documents if d.kind == "plan" and isinstance(d.data, dict)]
    registries = [d.data for d in documents if d.kind == "registry" and isinstance(d.data, dict)]
    if not plans or not registries:
        return None
    from ..library import Library

    sources = [d.data for d in documents if d.kind == "sources" and isinstance(d.data, dict)]
    return Library.build(plans, registries, sources)


SpecLoader = Callable[[Path | None], "Spec | Library"]
"""How validation gets the spec that facts and scenarios refer to (a directory, None: the bundled spec).
Validation never loads a spec itself: the caller (the CLI, the API) passes :func:`kehoach.api.load_spec`."""


def load_reference(directory: Path | None, display: str,
                   loader: SpecLoader) -> tuple[Spec | Library | None, list[Problem]]:
    """The validated spec of ``directory`` (None: the bundled spec) from ``loader``, or a
    ``reference-spec`` problem."""
    from ..errors import KehoachError, SpecError

    try:
        return loader(directory), []
    except KehoachError as exc:
        count = len(exc.problems) if isinstance(exc, SpecError) else 1
        return None, [Problem(display, 1, 1, "reference-spec",
                              f"the spec that facts and scenarios refer to is invalid ({count} problem(s))",
                              Severity.ERROR, f"run `kehoach validate {display}` to see them")]


def check_against_spec(documents: Sequence[Document], source: Spec | Library) -> list[Problem]:
    """Reference problems of every facts and scenario document against the plan it names (``plan:``)
    in ``source`` (one plan's spec, or a library), each at its node."""
    out: list[Problem] = []
    for doc in documents:
        if doc.kind not in CHECKED_KINDS:
            continue
        spec, found = _plan_of(doc, source)
        out.extend(found)
        if spec is None:
            continue
        if doc.kind == "facts":
            out.extend(_facts_problems(doc, spec))
        else:
            out.extend(_scenario_problems(doc, spec))
    return out


def _plan_of(doc: Document, source: Spec | Library) -> tuple[Spec | None, list[Problem]]:
    """The spec of the plan ``doc`` names: a single plan is checked as it is (the checks compare the
    plan id themselves); in a library, a plan it does not hold is ``unresolved-ref`` at ``plan``."""
    from ..library import Library

    if not isinstance(source, Library):
        return source, []
    ident = doc.data.get("plan") if isinstance(doc.data, dict) else None
    if isinstance(ident, str) and ident in source.specs:
        return source.specs[ident], []
    if not isinstance(ident, str) and len(source.specs) == 1:
        return next(iter(source.specs.values())), []
    if not isinstance(ident, str):
        return None, []  # the schema reports a missing or malformed plan
    from ..suggest import did_you_mean

    node = doc.root.get("plan") if doc.root is not None else None
    return None, [Problem(doc.display, getattr(node, "line", 1), getattr(node, "col", 1), "unresolved-ref",
                          f"{doc.kind} for plan {ident!r}, which the spec does not hold", Severity.ERROR,
                          did_you_mean(ident, source.specs) or f"plans: {', '.join(source.specs)}", ("plan",))]


def _facts_problems(doc: Document, spec: Spec) -> list[Problem]:
    """Reference errors and the warnings (unscheduled instance, before the plan start, not owed)."""
    from ..facts import facts_problems

    if doc.root is None or not isinstance(doc.data, dict):
        return []
    return facts_problems(doc.root, spec, doc.display)


def _scenario_problems(doc: Document, spec: Spec) -> list[Problem]:
    from ..scenario_checks import check_scenario

    # the checks `kehoach test` runs before any case
    return check_scenario(doc, spec)
