"""The one table from a library error to what a person or a client sees: its message key, the CLI's
exit code and the HTTP status a service would answer with.

The CLI (and any other surface, such as an HTTP service) maps every :class:`~kehoach.errors.KehoachError`
through :func:`outcome` and words it with :func:`error_message`; none keeps its own mapping.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import errors
from .messages import message

__all__ = ["TABLE", "Outcome", "error_message", "outcome"]

MAX_CANDIDATES = 10
MAX_PROBLEM_LINES = 50


@dataclass(frozen=True)
class Outcome:
    """How an error is answered: the catalogue key of its message, the exit code, the HTTP status."""

    key: str
    exit_code: int
    http_status: int


TABLE: tuple[tuple[type[errors.KehoachError], Outcome], ...] = (
    (errors.InvalidFacts, Outcome("error.invalid-facts", 2, 422)),
    (errors.SpecError, Outcome("error.invalid-spec", 2, 422)),
    (errors.AgencyIsGroup, Outcome("error.agency-is-group", 2, 400)),
    (errors.AmbiguousAgency, Outcome("error.ambiguous-agency", 2, 409)),
    (errors.UnknownAgency, Outcome("error.unknown-agency", 2, 404)),
    (errors.AmbiguousGroup, Outcome("error.ambiguous-group", 2, 409)),
    (errors.UnknownGroup, Outcome("error.unknown-group", 2, 404)),
    (errors.UnknownObligation, Outcome("error.unknown-obligation", 2, 404)),
    (errors.UnknownPlan, Outcome("error.unknown-plan", 2, 404)),
    (errors.UnknownProvince, Outcome("error.unknown-province", 2, 404)),
    (errors.InvalidDate, Outcome("error.invalid-date", 2, 400)),
    (errors.InvalidAssumption, Outcome("error.invalid-assumption", 2, 400)),
    (errors.PathRefused, Outcome("error.path-refused", 2, 400)),
    (errors.InvalidArgument, Outcome("error.invalid-argument", 2, 400)),
    (errors.InvalidRevision, Outcome("error.invalid-revision", 2, 400)),
)
"""Most specific class first: the first row whose class the error is an instance of applies."""

_FALLBACK = Outcome("error.input", 2, 400)


def outcome(exc: errors.KehoachError) -> Outcome:
    """The row of :data:`TABLE` for ``exc`` (any other library error: a usage/input error)."""
    for cls, found in TABLE:
        if isinstance(exc, cls):
            return found
    return _FALLBACK


def _problem_lines(problems: Sequence[Any], limit: int = MAX_PROBLEM_LINES) -> list[str]:
    lines = [f"  {p.location()}: {p.severity.value}: {p.message} [{p.code}]" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"  … (+{len(problems) - limit})")
    return lines


def _not_found(key: str, query: str, suggestions: Sequence[str], lang: str) -> str:
    """The unknown-… message for ``query``, then "did you mean:" and each suggestion on an indented line."""
    lines = [message(key, lang, query=query)]
    if suggestions:
        lines += [message("error.did-you-mean", lang), *(f"  {s}" for s in suggestions)]
    return "\n".join(lines)


def date_message(exc: errors.InvalidDate, option: str, lang: str) -> str:
    """An invalid date named by the option (or argument) that carried it."""
    reason = "" if not exc.reason or exc.reason.startswith("expected") else f" ({exc.reason})"
    return message("error.invalid-date", lang, option=option, text=exc.text, reason=reason)


def error_message(exc: errors.KehoachError, lang: str) -> str:
    """The message a person sees for a library error, in ``lang`` (suggestions and candidates included).
    Each branch words the key its :data:`TABLE` row names (a test holds them together)."""
    if isinstance(exc, errors.UnknownAgency) and not exc.query.strip():
        return message("error.empty-agency", lang)
    if isinstance(exc, errors.AmbiguousGroup):
        return "\n".join([message("error.ambiguous-group", lang, query=exc.query, n=len(exc.candidates)),
                          *(f"  {name} ({gid})" for gid, name in exc.candidates[:MAX_CANDIDATES])])
    if isinstance(exc, errors.UnknownGroup):
        return _not_found("error.unknown-group", exc.query, [f"{name} ({ref})" for ref, name in exc.suggestions], lang)
    if isinstance(exc, errors.UnknownAgency):
        return _not_found("error.unknown-agency", exc.query, [f"{name} ({ref})" for ref, name in exc.suggestions],
                          lang)
    if isinstance(exc, errors.AgencyIsGroup):
        return message("error.agency-is-group", lang, query=exc.query, name=exc.name, group=exc.group)
    if isinstance(exc, errors.AmbiguousAgency):
        if exc.provinces:
            lines = [message("error.ambiguous-across-provinces", lang, query=exc.query, n=len(exc.candidates))]
        else:
            lines = [message("error.ambiguous-agency", lang, query=exc.query, n=len(exc.candidates))]
        lines += [f"  {name} ({aid})" for aid, name in exc.candidates[:MAX_CANDIDATES]]
        if len(exc.candidates) > MAX_CANDIDATES:
            lines.append("  " + message("error.and-more", lang, n=len(exc.candidates) - MAX_CANDIDATES))
        return "\n".join(lines)
    if isinstance(exc, errors.InvalidAssumption):
        return message("error.invalid-assumption", lang, text=exc.text, reason=exc.reason)
    if isinstance(exc, errors.UnknownObligation):
        return _not_found("error.unknown-obligation", exc.query, list(exc.suggestions), lang)
    if isinstance(exc, errors.UnknownPlan) and not exc.query:
        return message("error.plan-required", lang, plans=", ".join(exc.known))
    if isinstance(exc, errors.UnknownPlan):
        return _not_found("error.unknown-plan", exc.query, list(exc.suggestions or exc.known), lang)
    if isinstance(exc, errors.UnknownProvince):
        return _not_found("error.unknown-province", exc.query, list(exc.suggestions or exc.known), lang)
    if isinstance(exc, errors.InvalidFacts):
        return "\n".join([message("error.invalid-facts", lang, n=len(exc.problems)), *_problem_lines(exc.problems)])
    if isinstance(exc, errors.SpecError):
        return "\n".join([message("error.invalid-spec", lang, n=len(exc.problems)), *_problem_lines(exc.problems)])
    if isinstance(exc, errors.InvalidDate):
        return date_message(exc, "DATE", lang)
    if isinstance(exc, errors.PathRefused):
        return message("error.path-refused", lang, path=exc.path, reason=exc.reason)
    if isinstance(exc, errors.InvalidArgument):
        return message("error.invalid-argument", lang, detail=str(exc))
    if isinstance(exc, errors.InvalidRevision):
        return message("error.invalid-revision", lang, revision=exc.revision, reason=exc.reason)
    return message("error.input", lang, detail=str(exc))
