"""Registry names: each name finds one agency, each GSO code is one unit, each parent has the right level.

Names are compared within each registry (a province's: "UBND tỉnh" names one body in each), by the name key of :mod:`kehoach.textnorm` (:func:`~kehoach.textnorm.match_key`:
NFC, case, tone placement, spacing and the usual abbreviations folded), among agencies that exist at
the same time. Two units of one name under different parents ("Phường 1" of Đông Hà and of Thị xã
Quảng Trị) are homonyms the registry tells apart by their parent: they are not reported.

``duplicate-name`` — FAIL (at the second agency's ``name``)::

    agencies: [{id: so-tu-phap, name: "Sở Tư pháp", parent: ubnd-tinh},
               {id: so-noi-vu, name: "Sở Tư pháp", parent: ubnd-tinh}]

``ambiguous-alias`` — FAIL (at the alias, naming both agencies: ``due STP`` could mean either)::

    agencies: [{id: so-tu-phap, name: "Sở Tư pháp", aliases: ["STP"]},
               {id: so-noi-vu, name: "Sở Nội vụ", aliases: ["STP"]}]

``duplicate-gso-code`` — FAIL (at the second ``gso_code``)::

    agencies: [{id: ubnd-huyen-hai-lang, gso_code: "470"}, {id: ubnd-huyen-cam-lo, gso_code: "470"}]

``bad-parent-level`` — FAIL: a commune's parent is a district (or, from 1/7/2025, the province); a
district UBND's parent is the province::

    agencies: [{id: ubnd-xa-hai-khe, level: commune, parent: ubnd-tinh, valid_from: null}]
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..problems import Problem
from ..textnorm import match_key
from .base import Context, Document

__all__ = ["RULES", "registry_codes", "registry_names", "registry_parents"]

_TWO_LEVELS = date(2025, 7, 1)  # the district level ends; communes answer to the province


@dataclass(frozen=True)
class _Agency:
    doc: Document
    index: int
    data: dict[str, Any]

    @property
    def ident(self) -> str:
        return str(self.data["id"])

    def bound(self, key: str) -> date | None:
        value = self.data.get(key)
        try:
            return date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    def overlaps(self, other: _Agency) -> bool:
        start, end = self.bound("valid_from") or date.min, self.bound("valid_until") or date.max
        o_start, o_end = other.bound("valid_from") or date.min, other.bound("valid_until") or date.max
        return start <= o_end and o_start <= end

    def homonym_of(self, other: _Agency) -> bool:
        """Units of one level under different parents: told apart by their parent, not by name."""
        mine = (self.data.get("district"), self.data.get("parent"))
        theirs = (other.data.get("district"), other.data.get("parent"))
        return self.data.get("level") == other.data.get("level") and mine != theirs


def _agencies(ctx: Context) -> list[_Agency]:
    out: list[_Agency] = []
    for doc in ctx.of_kind("registry"):
        data = doc.data if isinstance(doc.data, dict) else {}
        for index, item in enumerate(data.get("agencies") or []):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                out.append(_Agency(doc, index, item))
    return out


def _names(agency: _Agency) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(path, text, key) of the agency's official name and of each alias."""
    name = agency.data.get("name")
    if isinstance(name, str) and match_key(name):
        yield ("name",), name, match_key(name)
    for j, alias in enumerate(agency.data.get("aliases") or []):
        if isinstance(alias, str) and match_key(alias):
            yield ("aliases", j), alias, match_key(alias)


def registry_names(ctx: Context) -> Iterable[Problem]:
    """Official names are unique; an alias that is another agency's name or alias is reported at the
    alias (the later one when both are aliases)."""
    seen: dict[tuple[int, str], list[tuple[_Agency, tuple[str | int, ...], str]]] = {}  # (registry, key) -> …
    for agency in _agencies(ctx):
        own: set[str] = set()
        for path, text, key in _names(agency):
            if key in own:
                continue  # an alias repeating the agency's own name is harmless
            own.add(key)
            for other, other_path, other_text in seen.get((id(agency.doc), key), []):
                if other.ident == agency.ident or not agency.overlaps(other) or agency.homonym_of(other):
                    continue
                if path == ("name",) and other_path == ("name",):
                    yield ctx.problem(agency.doc, agency.doc.root.get("agencies", agency.index, *path),
                                      "duplicate-name",
                                      f"agency '{agency.ident}' has the official name \"{text}\" of '{other.ident}'",
                                      hint="two agencies of one name cannot be told apart; give each its own name")
                    break
                at, at_text, named, named_path, named_text = (
                    (agency, text, other, other_path, other_text) if path != ("name",)
                    else (other, other_text, agency, path, text))
                at_path = path if at is agency else other_path
                kind = "name" if named_path == ("name",) else "alias"
                yield ctx.problem(at.doc, at.doc.root.get("agencies", at.index, *at_path), "ambiguous-alias",
                                  f"alias \"{at_text}\" of '{at.ident}' is also the {kind} \"{named_text}\" of "
                                  f"'{named.ident}': a query for it is ambiguous",
                                  hint=f"remove it from '{at.ident}', or from '{named.ident}'")
                break
            seen.setdefault((id(agency.doc), key), []).append((agency, path, text))


def registry_codes(ctx: Context) -> Iterable[Problem]:
    seen: dict[str, _Agency] = {}
    for agency in _agencies(ctx):
        code = agency.data.get("gso_code")
        if not isinstance(code, str):
            continue
        first = seen.get(code)
        if first is not None and first.overlaps(agency):
            yield ctx.problem(agency.doc, agency.doc.root.get("agencies", agency.index, "gso_code"),
                              "duplicate-gso-code",
                              f"GSO code {code} of '{agency.ident}' is already the code of '{first.ident}'",
                              hint="a GSO code names one administrative unit")
            continue
        seen.setdefault(code, agency)


def _allowed_parent_levels(agency: _Agency) -> tuple[str, ...] | None:
    level = agency.data.get("level")
    if level == "commune":
        start = agency.bound("valid_from")
        return ("district", "province") if start is not None and start >= _TWO_LEVELS else ("district",)
    if level == "district":
        return ("province",) if agency.data.get("type") == "ubnd" else ("district", "province")
    return None


def registry_parents(ctx: Context) -> Iterable[Problem]:
    agencies = _agencies(ctx)
    by_id = {a.ident: a for a in agencies}
    for agency in agencies:
        allowed = _allowed_parent_levels(agency)
        parent_id = agency.data.get("parent")
        parent = by_id.get(parent_id) if isinstance(parent_id, str) else None
        if allowed is None or parent is None:
            continue  # a missing parent is unresolved-ref (groups)
        level = parent.data.get("level")
        if level not in allowed:
            yield ctx.problem(agency.doc, agency.doc.root.get("agencies", agency.index, "parent"), "bad-parent-level",
                              f"parent '{parent.ident}' of {agency.data.get('level')} '{agency.ident}' is a {level} "
                              f"body; a {agency.data.get('level')}'s parent is {' or '.join(allowed)}",
                              hint="name the unit the agency belongs to")


RULES = (registry_names, registry_codes, registry_parents)
