"""Who a query is about: an agency or a group, from an id, a name or a short form.

The one place that turns what a person typed into an agency id (with the ``name-also-matches`` note for a
bare place name) or a group id, for the Python API, the CLI and the scenarios alike. Typed errors
(:class:`UnknownAgency`, :class:`AmbiguousAgency`, :class:`AgencyIsGroup`, :class:`UnknownGroup`) carry
their suggestions and candidates.
"""
from __future__ import annotations

from datetime import date
from typing import Protocol

from .errors import (
    AgencyIsGroup,
    AmbiguousGroup,
    InvalidArgument,
    UnknownAgency,
    UnknownGroup,
)
from .evaluate import Note
from .model import Agency
from .registry import Registry
from .suggest import close_matches


class HasRegistry(Protocol):
    """Anything names resolve in: a :class:`~kehoach.model.Spec`, a library, or a scope of one."""

    @property
    def registry(self) -> Registry: ...

__all__ = ["HasRegistry", "group_named", "named_agency", "resolve_agency", "resolve_group", "subject"]


def resolve_agency(spec: HasRegistry, query: str, on: date | None = None) -> Agency:
    """An agency (of the evaluator's model) from an id, name or short form; typed errors otherwise.

    An empty, blank or non-text ``query`` raises :class:`UnknownAgency` with the query ``''``.
    With ``on`` (a date, a datetime or text ``YYYY-MM-DD`` / ``DD/MM/YYYY``), the agencies that exist
    that day are preferred; an agency that ended (or has not begun) is still found by its name, as it
    is by its id (:func:`named_agency`).
    """
    if not isinstance(getattr(spec, "registry", None), Registry):
        raise InvalidArgument("resolve_agency", "spec", "a Spec (from load_spec) or a Library", spec)
    day = None if on is None else _day(on)
    _check_text(query)
    if query in spec.registry.agencies:
        return spec.registry.agency(query)
    try:
        return _resolve_named(spec.registry, query, day)[0]
    except UnknownAgency:
        _raise_if_group(spec, query)
        raise


def _day(on: object) -> date:
    from .dates import parse_date

    if isinstance(on, (str, date)):
        return parse_date(on)
    raise InvalidArgument("resolve_agency", "on", "a date or text YYYY-MM-DD / DD/MM/YYYY", on)


def _resolve_named(reg: Registry, query: str, on: date | None) -> tuple[Agency, tuple[Agency, ...]]:
    """:meth:`Registry.resolve_named` among the agencies that exist on ``on``; when none of them has
    the name, among all (an ended agency is named by its name as by its id); when none at all, the
    error of the agencies that exist on ``on`` (with their suggestions)."""
    if on is None:
        return reg.resolve_named(query, None)
    try:
        return reg.resolve_named(query, on, suggest=False)
    except UnknownAgency:
        pass
    try:
        return reg.resolve_named(query, None, suggest=False)
    except UnknownAgency:
        pass
    return reg.resolve_named(query, on)


def _check_text(query: object) -> None:
    """:class:`UnknownAgency` (query ``''``; its message shows what was passed) for an empty or
    non-text agency."""
    if not isinstance(query, str):
        raise UnknownAgency("", given=query)
    if not query.strip():
        raise UnknownAgency("", given=query)


def _raise_if_group(spec: HasRegistry, query: str) -> None:
    """:class:`AgencyIsGroup` when ``query`` names a group (its id, name or alias) rather than an agency."""
    reg = spec.registry
    text = query.strip()
    found = [reg.groups[text]] if text in reg.groups else list(reg.find_groups(text))
    if len(found) == 1:
        raise AgencyIsGroup(query, found[0].id, found[0].name) from None


def resolve_group(spec: HasRegistry, query: str | None, on: date | None = None) -> str | None:
    """The group id ``query`` names: a group id, a group name or alias ("UBND cấp huyện"), or an agency id
    (that agency alone); ``None`` stays ``None`` (the whole province). :class:`UnknownGroup` (with the
    closest groups as suggestions) otherwise.

    A name that several groups share (each province's "UBND cấp xã") names the one group that has members
    on ``on``, when only one has: in 2024 the city's communes of the two-level government do not exist yet."""
    if not isinstance(getattr(spec, "registry", None), Registry):
        raise InvalidArgument("resolve_group", "spec", "a Spec (from load_spec) or a Library", spec)
    if query is None:
        return None
    reg = spec.registry
    if not isinstance(query, str) or not query.strip():
        raise UnknownGroup("")
    if query in reg.groups or query in reg.agencies:
        return query
    found = reg.find_groups(query)
    if len(found) > 1 and on is not None:
        living = [g for g in found if reg.member_ids(g.id, on)]
        found = tuple(living) if len(living) == 1 else found
    if len(found) == 1:
        return found[0].id
    if found:
        raise AmbiguousGroup(query, [(g.id, g.name) for g in found])
    names = {g.id: g.id for g in reg.groups.values()} | {g.name.casefold(): g.id for g in reg.groups.values()}
    close = close_matches(query.casefold(), names, n=5, cutoff=0.5)
    ids = list(dict.fromkeys(names[c] for c in close))
    raise UnknownGroup(query, [(i, reg.groups[i].name) for i in ids])


def named_agency(spec: HasRegistry, query: str, on: date | None) -> tuple[str, tuple[Note, ...]]:
    """The agency id ``query`` names and, for a bare place name naming several units, the
    ``name-also-matches`` note (see :meth:`Registry.resolve_named`). A name is resolved among the
    agencies that exist on ``on`` first, then among all: an agency that ended is named by its name as
    by its id, and the answer says when it existed (:mod:`kehoach.agency_validity`)."""
    from .registry import ask_form

    _check_text(query)
    if query in spec.registry.agencies:
        return spec.registry.agency(query).id, ()
    try:
        agency, others = _resolve_named(spec.registry, query, on)
    except UnknownAgency:
        _raise_if_group(spec, query)
        raise
    if not others:
        return agency.id, ()
    return agency.id, (Note("name-also-matches", query=query.strip(),
                            others=tuple((o.id, o.unit_name or o.name, ask_form(o)) for o in others)),)


def group_named(spec: HasRegistry, text: str) -> str | None:
    """A group id when ``text`` is one group's id, name or alias (Vietnamese name keys); ``text`` itself
    when several groups have that name (each province's "UBND cấp xã": :func:`resolve_group` picks by
    the day, or says it is ambiguous); else None."""
    found = spec.registry.find_groups(text)
    return found[0].id if len(found) == 1 else (text if found else None)


def subject(spec: HasRegistry, text: str | None) -> tuple[str, str | None]:
    """What an agency argument names: ``("group", id)`` for a group's id, name or alias, ``("group", None)``
    for ``None`` (the whole province), else ``("agency", text)`` (resolved by the query itself)."""
    if text is None:
        return "group", None
    group = group_named(spec, text)
    return ("group", group) if group is not None else ("agency", text)
