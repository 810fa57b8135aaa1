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


def spec_from_documents(documents: Sequence[Document]) -> Spec | None:
    """A spec built from the plan and registry among ``documents`` (None when either is missing)."""
    first: dict[str, Document] = {}
    for doc in documents:
        first.setdefault(doc.kind, doc)
    if "plan" not in first or "registry" not in first:
        return None
    from ..model import Spec
    from ..registry import Registry

    registry = first["registry"].data
    sources = first["sources"].data if "sources" in first else None
    return Spec.from_data(first["plan"].data, registry, sources, resolver=Registry.from_data(registry))


SpecLoader = Callable[[Path | None], "Spec"]
"""How validation gets the spec that facts and scenarios refer to (a directory, None: the bundled spec).
Validation never loads a spec itself: the caller (the CLI, the API) passes :func:`kehoach.api.load_spec`."""


def load_reference(directory: Path | None, display: str, loader: SpecLoader) -> tuple[Spec | None, list[Problem]]:
    """The validated spec of ``directory`` (None: the bundled spec) from ``loader``, or a
    ``reference-spec`` problem."""
    from ..errors import SpecError

    try:
        return loader(directory), []
    except SpecError as exc:
        count = len(exc.problems)
        return None, [Problem(display, 1, 1, "reference-spec",
                              f"the spec that facts and scenarios refer to is invalid ({count} problem(s))",
                              Severity.ERROR, f"run `kehoach validate {display}` to see them")]


def check_against_spec(documents: Sequence[Document], spec: Spec) -> list[Problem]:
    """Reference problems of every facts and scenario document against ``spec``, each at its node."""
    out: list[Problem] = []
    for doc in documents:
        if doc.kind == "facts":
            out.extend(_facts_problems(doc, spec))
        elif doc.kind == "scenario":
            out.extend(_scenario_problems(doc, spec))
    return out


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
