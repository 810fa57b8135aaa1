"""Typed exceptions of the library. Only the CLI turns them into text and exit codes."""
from __future__ import annotations

from collections.abc import Sequence

from .problems import Problem

__all__ = [
    "AgencyIsGroup",
    "AmbiguousAgency",
    "InvalidAssumption",
    "InvalidDate",
    "InvalidFacts",
    "InvalidRevision",
    "KehoachError",
    "SpecError",
    "UnknownAgency",
    "UnknownGroup",
    "UnknownObligation",
    "UnknownPlan",
    "UnknownProvince",
]


class KehoachError(Exception):
    """Base class: every error the library raises on purpose."""


class SpecError(KehoachError):
    """The spec (or another input file) has problems; ``problems`` lists them all."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        first = self.problems[0] if self.problems else None
        super().__init__(
            f"{len(self.problems)} problem(s)" + (f"; first: {first.location()}: {first.message}" if first else "")
        )


_NOTHING = object()


class UnknownAgency(KehoachError):
    """No agency has this id, name or short form.

    ``query`` is always text (``''`` for an empty or non-text agency); ``given`` is what the caller
    passed (``None``, ``5`` …), which the message shows as its repr."""

    def __init__(self, query: str, suggestions: Sequence[tuple[str, str]] = (), *, given: object = _NOTHING):
        self.query = query
        self.given: object = query if given is _NOTHING else given
        self.suggestions = list(suggestions)  # (id, display name)
        detail = "" if isinstance(self.given, str) else f" (an agency is text, not {type(self.given).__name__})"
        super().__init__(f"unknown agency: {self.given!r}{detail}")


class AgencyIsGroup(KehoachError):
    """An agency was asked for, but the query names a group (``ubnd-cap-xa``, "UBND cấp huyện").

    ``query`` as given, ``group`` its id, ``name`` its name."""

    def __init__(self, query: str, group: str, name: str):
        self.query = query
        self.group = group
        self.name = name
        super().__init__(
            f"{query!r} is a group ({name}, {group}), not an agency: ask for one of its member agencies, "
            f"or pass the group to due_for_group / obligations_for_group / status_for_group "
            f"(on the command line: give it as AGENCY to due, obligations or status)")


class UnknownGroup(KehoachError):
    """No group (or several) of the registry has this id, name or alias."""

    def __init__(self, query: str, suggestions: Sequence[tuple[str, str]] = ()):
        self.query = query
        self.suggestions = list(suggestions)  # (id, name)
        super().__init__(f"unknown group: {query!r}")


class AmbiguousAgency(KehoachError):
    """A name that fits several agencies; ``candidates`` are (id, display name with district — and with
    province when ``provinces``, the candidates being in several provinces)."""

    def __init__(self, query: str, candidates: Sequence[tuple[str, str]], *, provinces: bool = False):
        self.query = query
        self.provinces = provinces
        self.candidates = list(candidates)  # (id, display name with district)
        super().__init__(f"ambiguous agency: {query!r} matches {len(self.candidates)} agencies")


class InvalidDate(KehoachError):
    def __init__(self, text: str, reason: str = ""):
        self.text = text
        self.reason = reason
        super().__init__(f"invalid date: {text!r}" + (f" ({reason})" if reason else ""))


class InvalidFacts(SpecError):
    """Facts files with problems (same shape as SpecError)."""


class UnknownObligation(KehoachError):
    def __init__(self, query: str, suggestions: Sequence[str] = ()):
        self.query = query
        self.suggestions = list(suggestions)
        super().__init__(f"unknown obligation: {query!r}")


class InvalidAssumption(KehoachError):
    def __init__(self, text: str, reason: str):
        self.text = text
        self.reason = reason
        super().__init__(f"invalid assumption {text!r}: {reason}")


class UnknownPlan(KehoachError):
    """No plan of the library has this id (``suggestions``: close ids; ``known``: every plan id)."""

    def __init__(self, query: str, suggestions: Sequence[str] = (), known: Sequence[str] = ()):
        self.query = query
        self.suggestions = list(suggestions)
        self.known = list(known)
        super().__init__(f"unknown plan: {query!r}" + (f" (plans: {', '.join(self.known)})" if self.known else ""))


class UnknownProvince(KehoachError):
    """No registry of the library holds this province (``known``: every registry id)."""

    def __init__(self, query: str, suggestions: Sequence[str] = (), known: Sequence[str] = ()):
        self.query = query
        self.suggestions = list(suggestions)
        self.known = list(known)
        super().__init__(f"unknown province: {query!r}" + (f" (provinces: {', '.join(self.known)})" if self.known
                                                            else ""))


class InvalidRevision(KehoachError):
    """A git revision that cannot be read as a spec (unknown revision, no repository, no spec there)."""

    def __init__(self, revision: str, reason: str):
        self.revision = revision
        self.reason = reason
        super().__init__(f"cannot read revision {revision!r}: {reason}")
