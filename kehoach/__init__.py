"""kehoach — rules-as-code for Vietnamese government plans.

The public API::

    import kehoach
    spec = kehoach.load_spec()                      # the bundled plan, validated
    answer = kehoach.due(spec, "Sở Tư pháp", "2024-06-01")
    kehoach.to_json_data(answer)                    # the documented JSON contract

Submodules are imported lazily, so ``import kehoach`` stays cheap.
"""
from __future__ import annotations

TYPE_CHECKING = False  # `typing` is not imported at run time: `import kehoach` stays cheap

__version__ = "0.1.0"

__all__ = [
    "AgencyIsGroup",
    "AmbiguousAgency",
    "AmbiguousGroup",
    "Answer",
    "Assumptions",
    "Calendar",
    "Facts",
    "GroupAnswers",
    "InvalidArgument",
    "InvalidAssumption",
    "InvalidDate",
    "InvalidFacts",
    # errors
    "KehoachError",
    "Library",
    "Note",
    "Obligation",
    "PathRefused",
    "Plan",
    # data
    "Spec",
    "SpecError",
    "StatusAnswer",
    "StatusItem",
    "UnknownAgency",
    "UnknownGroup",
    "UnknownObligation",
    "UnknownPlan",
    "UnknownProvince",
    "__version__",
    # queries
    "due",
    "due_for_group",
    "load_facts",
    "load_library",
    # loading
    "load_spec",
    "obligations",
    "obligations_for_group",
    "parse_date",
    "resolve_agency",
    "status",
    "status_for_group",
    "to_json_data",
]

_WHERE = {
    "load_spec": "api", "load_facts": "api", "parse_date": "dates", "resolve_agency": "subjects",
    "due": "api", "obligations": "api", "status": "api", "due_for_group": "api",
    "obligations_for_group": "api", "status_for_group": "api", "to_json_data": "api",
    "Spec": "model", "Plan": "model", "Facts": "facts", "Assumptions": "schedule", "Calendar": "calendar",
    "Obligation": "evaluate", "Note": "evaluate", "StatusItem": "evaluate", "Answer": "evaluate", "StatusAnswer": "evaluate",
    "KehoachError": "errors", "AgencyIsGroup": "errors", "SpecError": "errors", "UnknownAgency": "errors", "AmbiguousAgency": "errors",
    "InvalidDate": "errors", "InvalidFacts": "errors", "UnknownObligation": "errors", "UnknownGroup": "errors", "AmbiguousGroup": "errors", "GroupAnswers": "evaluate",
    "InvalidAssumption": "errors", "Library": "library", "load_library": "api", "UnknownPlan": "errors",
    "UnknownProvince": "errors",
    "InvalidArgument": "errors", "PathRefused": "errors",
}

if TYPE_CHECKING:
    from typing import Any

    from .api import (
        due,
        due_for_group,
        load_facts,
        load_library,
        load_spec,
        obligations,
        obligations_for_group,
        status,
        status_for_group,
        to_json_data,
    )
    from .calendar import Calendar
    from .dates import parse_date
    from .errors import (
        AgencyIsGroup,
        AmbiguousAgency,
        AmbiguousGroup,
        InvalidArgument,
        InvalidAssumption,
        InvalidDate,
        InvalidFacts,
        KehoachError,
        PathRefused,
        SpecError,
        UnknownAgency,
        UnknownGroup,
        UnknownObligation,
        UnknownPlan,
        UnknownProvince,
    )
    from .evaluate import (
        Answer,
        GroupAnswers,
        Note,
        Obligation,
        StatusAnswer,
        StatusItem,
    )
    from .facts import Facts
    from .library import Library
    from .model import Plan, Spec
    from .schedule import Assumptions
    from .subjects import resolve_agency


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'kehoach' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
