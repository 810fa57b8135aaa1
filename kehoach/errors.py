"""Typed exceptions of the library. Only the CLI turns them into text and exit codes."""
from __future__ import annotations

from collections.abc import Sequence

from .problems import Problem

__all__ = [
    "AmbiguousAgency",
    "InvalidAssumption",
    "InvalidDate",
    "InvalidFacts",
    "KehoachError",
    "SpecError",
    "UnknownAgency",
    "UnknownGroup",
    "UnknownObligation",
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


class UnknownAgency(KehoachError):
    def __init__(self, query: str, suggestions: Sequence[tuple[str, str]] = ()):
        self.query = query
        self.suggestions = list(suggestions)  # (id, display name)
        super().__init__(f"unknown agency: {query!r}")


class UnknownGroup(KehoachError):
    """No group (or several) of the registry has this id, name or alias."""

    def __init__(self, query: str, suggestions: Sequence[tuple[str, str]] = ()):
        self.query = query
        self.suggestions = list(suggestions)  # (id, name)
        super().__init__(f"unknown group: {query!r}")


class AmbiguousAgency(KehoachError):
    def __init__(self, query: str, candidates: Sequence[tuple[str, str]]):
        self.query = query
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
