"""Typed exceptions of the library. Only the CLI turns them into text and exit codes."""
from __future__ import annotations

from collections.abc import Sequence

from .messages import shorten
from .problems import Problem

__all__ = [
    "AgencyIsGroup",
    "AmbiguousAgency",
    "InvalidArgument",
    "InvalidAssumption",
    "InvalidDate",
    "InvalidFacts",
    "InvalidRevision",
    "KehoachError",
    "PathRefused",
    "SpecError",
    "UnknownAgency",
    "UnknownGroup",
    "AmbiguousGroup",
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
        super().__init__(f"unknown agency: {_echo(self.given)}{detail}")


class AgencyIsGroup(KehoachError):
    """An agency was asked for, but the query names a group (``ubnd-cap-xa``, "UBND cấp huyện").

    ``query`` as given, ``group`` its id, ``name`` its name."""

    def __init__(self, query: str, group: str, name: str):
        self.query = query
        self.group = group
        self.name = name
        super().__init__(
            f"{_echo(query)} is a group ({name}, {group}), not an agency: ask for one of its member agencies, "
            f"or pass the group to due_for_group / obligations_for_group / status_for_group "
            f"(on the command line: give it as AGENCY to due, obligations or status)")


class UnknownGroup(KehoachError):
    """No group (or several) of the registry has this id, name or alias."""

    def __init__(self, query: str, suggestions: Sequence[tuple[str, str]] = ()):
        self.query = query
        self.suggestions = list(suggestions)  # (id, name)
        super().__init__(f"unknown group: {_echo(query)}")


class AmbiguousGroup(UnknownGroup):
    """A group name that groups of several provinces share (each province's "UBND cấp xã"), with
    members on the query's day in more than one; ``candidates`` are (id, "name, province")."""

    def __init__(self, query: str, candidates: Sequence[tuple[str, str]]):
        super().__init__(query, candidates)
        self.candidates = list(candidates)
        self.args = (f"ambiguous group: {_echo(query)} names {len(self.candidates)} groups",)


class AmbiguousAgency(KehoachError):
    """A name that fits several agencies; ``candidates`` are (id, display name with district — and with
    province when ``provinces``, the candidates being in several provinces)."""

    def __init__(self, query: str, candidates: Sequence[tuple[str, str]], *, provinces: bool = False):
        self.query = query
        self.provinces = provinces
        self.candidates = list(candidates)  # (id, display name with district)
        super().__init__(f"ambiguous agency: {_echo(query)} matches {len(self.candidates)} agencies")


class InvalidDate(KehoachError):
    def __init__(self, text: str, reason: str = ""):
        self.text = text
        self.reason = reason
        super().__init__(f"invalid date: {_echo(text)}" + (f" ({reason})" if reason else ""))


class InvalidFacts(SpecError):
    """Facts files with problems (same shape as SpecError)."""


class UnknownObligation(KehoachError):
    def __init__(self, query: str, suggestions: Sequence[str] = ()):
        self.query = query
        self.suggestions = list(suggestions)
        super().__init__(f"unknown obligation: {_echo(query)}")


class InvalidAssumption(KehoachError):
    def __init__(self, text: str, reason: str):
        self.text = text
        self.reason = reason
        super().__init__(f"invalid assumption {_echo(text)}: {reason}")


class UnknownPlan(KehoachError):
    """No plan of the library has this id (``suggestions``: close ids; ``known``: every plan id)."""

    def __init__(self, query: str, suggestions: Sequence[str] = (), known: Sequence[str] = ()):
        self.query = query
        self.suggestions = list(suggestions)
        self.known = list(known)
        super().__init__(f"unknown plan: {_echo(query)}" + (f" (plans: {', '.join(self.known)})" if self.known else ""))


class UnknownProvince(KehoachError):
    """No registry of the library holds this province (``known``: every registry id)."""

    def __init__(self, query: str, suggestions: Sequence[str] = (), known: Sequence[str] = ()):
        self.query = query
        self.suggestions = list(suggestions)
        self.known = list(known)
        super().__init__(f"unknown province: {_echo(query)}" + (f" (provinces: {', '.join(self.known)})" if self.known
                                                            else ""))


class PathRefused(KehoachError):
    """A path the user named cannot be read as asked: empty, missing, a symbolic link, a FIFO, socket,
    device or directory where a file is wanted, too large, or unreadable.

    ``path`` as the user gave it, ``code`` one of :data:`kehoach.guarded.PATH_CODES`, ``reason`` one
    line of English; nothing of the file's content is ever included."""

    def __init__(self, path: str, code: str, reason: str, hint: str | None = None):
        self.path = path
        self.code = code
        self.reason = reason
        self.hint = hint
        super().__init__(f"{path}: {reason}")


class InvalidArgument(KehoachError, TypeError):
    """A public function was called with a value of the wrong type or shape (also a :class:`TypeError`).

    ``function`` and ``argument`` name the function and the parameter, ``expected`` says what it takes,
    ``given`` is the value passed (the message shows its type and a shortened repr)."""

    def __init__(self, function: str, argument: str, expected: str, given: object, text: str | None = None):
        self.function = function
        self.argument = argument
        self.expected = expected
        self.given = given
        super().__init__(text if text is not None else
                         f"{function}(): {argument} must be {expected}, not {type(given).__name__} "
                         f"{shorten(_safe_repr(given))}")


def _safe_repr(value: object) -> str:
    if isinstance(value, (str, bytes)) and len(value) > 200:
        value = value[:200]
    try:
        return repr(value)
    except Exception:  # noqa: BLE001 — a repr that fails must not hide the real error
        return f"<{type(value).__name__}>"


def _echo(value: object) -> str:
    """The repr of a value a caller passed, shortened (:func:`shorten`) for a message."""
    return shorten(_safe_repr(value))
class InvalidRevision(KehoachError):
    """A git revision that cannot be read as a spec (unknown revision, no repository, no spec there)."""

    def __init__(self, revision: str, reason: str):
        self.revision = revision
        self.reason = reason
        super().__init__(f"cannot read revision {revision!r}: {reason}")
