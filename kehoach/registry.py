"""Agencies, groups, membership on a date, and Vietnamese name matching (no I/O).

Build a :class:`Registry` from the plain data of a ``kind: registry`` file::

    reg = Registry.from_data(yaml_data)
    reg.resolve("so tu phap")                    # -> Agency(id="so-tu-phap", ...)
    reg.members("ubnd-cap-xa", on=date(2025, 1, 1))
    reg.groups_of("so-tu-phap")                  # -> (("co-quan-chuyen-mon", (...)), ...)

Name resolution, in order, stopping at the first stage that finds anything:

1. the exact id;
2. the strict key (NFC, casefold, canonical tone marks, abbreviations expanded) of a name, an alias,
   or a commune name qualified by its district ("Phường 1, Đông Hà");
3. the same keys without diacritics ("so tu phap");
4. a whole-word prefix of those keys (accent-free), e.g. "Sở Văn hóa" for
   "Sở Văn hóa, Thể thao và Du lịch".

A bare place name (no type word: "Gio Linh", "Quảng Trị") is read first as the highest-level unit of that
name (:meth:`Registry.resolve_named`, which also returns the other units of that name).

More than one agency at a stage raises :class:`~kehoach.errors.AmbiguousAgency`; nothing at all
raises :class:`~kehoach.errors.UnknownAgency` with the closest names. Nothing is ever guessed.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from .errors import AmbiguousAgency, UnknownAgency
from .textnorm import loose_key, match_key, nfc, strip_marks

__all__ = ["Agency", "Group", "MembershipPath", "Registry", "ask_form"]

MembershipPath = tuple[str, ...]
"""Why an agency is in a group: agency id, then each group id up to the group itself."""

_LEVEL_RANK = {"province": 0, "district": 1, "commune": 2}
"""Administrative levels, highest first: a bare place name resolves to the highest (see resolve_named)."""
_TYPE_WORDS = {"tinh": "tỉnh", "huyen": "huyện", "thi-xa": "TX", "thanh-pho": "TP", "xa": "xã",
               "phuong": "phường", "thi-tran": "TT"}
"""The short type word that asks for a unit of that type by name ("TT Gio Linh")."""

_MIN_PREFIX_CHARS = 4
_MAX_SUGGESTIONS = 5
MAX_QUERY_CHARS = 200
"""The longest agency query resolved: a longer one names no agency (no name is that long) and is
refused at once, without suggestions (comparing it with every name would take time for nothing)."""


def _parse_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    level: str
    type: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    district: str | None = None
    groups: tuple[str, ...] = ()
    gso_code: str | None = None
    unit_name: str | None = None
    unit_type: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    note: str | None = None
    sector: str = "state"  # state | enterprise | socio-political | central | elected
    successors: tuple[str, ...] = ()  # ids of the agencies that took over after valid_until (optional)

    @property
    def is_state(self) -> bool:
        """True for a state administrative body (``sector: state``, the default)."""
        return self.sector == "state"

    def valid_on(self, on: date | None) -> bool:
        """True when ``on`` is None or inside [valid_from, valid_until] (open ends unbounded)."""
        if on is None:
            return True
        if self.valid_from is not None and on < self.valid_from:
            return False
        return self.valid_until is None or on <= self.valid_until

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Agency:
        return cls(
            id=str(data["id"]),
            name=nfc(str(data["name"])),
            level=str(data["level"]),
            type=str(data["type"]),
            aliases=tuple(nfc(str(a)) for a in data.get("aliases") or ()),
            parent=data.get("parent"),
            district=data.get("district"),
            groups=tuple(str(g) for g in data.get("groups") or ()),
            gso_code=data.get("gso_code"),
            unit_name=data.get("unit_name"),
            unit_type=data.get("unit_type"),
            valid_from=_parse_date(data.get("valid_from")),
            valid_until=_parse_date(data.get("valid_until")),
            note=data.get("note"),
            sector=str(data.get("sector") or "state"),
            successors=tuple(str(s) for s in data.get("successors") or ()),
        )


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    rule: tuple[tuple[str, str], ...] = ()  # (field, value) pairs, all must match
    note: str | None = None
    exclude: tuple[str, ...] = ()  # agency ids never in this group ("các sở, ngành (trừ Sở Tài chính)")

    def matches(self, agency: Agency) -> bool:
        """True when the group has a rule and ``agency`` satisfies every field of it."""
        return bool(self.rule) and all(
            getattr(agency, k, None) == v for k, v in self.rule
        )

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Group:
        rule = data.get("rule") or {}
        return cls(
            id=str(data["id"]),
            name=nfc(str(data["name"])),
            aliases=tuple(nfc(str(a)) for a in data.get("aliases") or ()),
            members=tuple(str(m) for m in data.get("members") or ()),
            rule=tuple(sorted((str(k), str(v)) for k, v in rule.items())),
            note=data.get("note"),
            exclude=tuple(str(e) for e in data.get("exclude") or ()),
        )


@dataclass(frozen=True)
class _Index:
    strict: Mapping[str, tuple[str, ...]]  # match key -> agency ids (registry order)
    loose: Mapping[str, tuple[str, ...]]  # accent-free match key -> agency ids
    loose_sorted: tuple[str, ...]  # the loose keys, sorted, for prefix search
    bare: Mapping[
        str, tuple[str, ...]
    ]  # unit names without their type word ("gio châu")
    bare_loose: Mapping[str, tuple[str, ...]]


def _bare_unit_key(agency: Agency) -> str:
    """The strict key of the unit name without its type words: "Xã Gio Châu" -> "gio châu".

    The type words are those of ``unit_type`` ("thi-tran" -> two words), so no Vietnamese
    vocabulary is needed here. Empty when there is no unit name or nothing would remain.
    """
    if not agency.unit_name or not agency.unit_type:
        return ""
    words = match_key(agency.unit_name).split()
    n = len(agency.unit_type.split("-"))
    return " ".join(words[n:]) if len(words) > n else ""


def ask_form(agency: Agency) -> str:
    """How to ask for a unit by name with its type word: "TT Gio Linh", "xã Đa Krông", "TX Quảng Trị";
    the official name when the agency is not an administrative unit."""
    if not agency.unit_name or not agency.unit_type or agency.unit_type not in _TYPE_WORDS:
        return agency.name
    words = agency.unit_name.split()
    n = len(agency.unit_type.split("-"))
    return " ".join([_TYPE_WORDS[agency.unit_type], *words[n:]]) if len(words) > n else agency.name


def _in_order(words: list[str], keys: list[str], ident: str) -> bool:
    """True when some one name holds ``words`` as consecutive whole words (accent-free), or the words
    are spread over the names (a commune's name and its district's): a phrase is matched as a phrase
    when one name has all of it."""
    if len(words) < 2:
        return True
    probe = " " + " ".join(strip_marks(w) for w in words) + " "
    names = [" " + strip_marks(k) + " " for k in keys] + [" " + ident.replace("-", " ") + " "]
    if any(probe in n for n in names):
        return True
    return not any(all(f" {strip_marks(w)} " in n for w in words) for n in names)


def _add(table: dict[str, dict[str, None]], key: str, agency_id: str) -> None:
    """Add ``agency_id`` under ``key`` (an insertion-ordered set per key)."""
    if key:
        table.setdefault(key, {})[agency_id] = None


def _frozen(table: Mapping[str, dict[str, None]]) -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in table.items()}


_INDEX_TABLES = ("strict", "loose", "bare", "bare_loose")


def _index_from_data(data: Any, agencies: Mapping[str, Agency]) -> _Index | None:
    """An :class:`_Index` from :meth:`Registry.index_data` output; None when anything is off."""
    if not isinstance(data, dict) or set(data) != set(_INDEX_TABLES):
        return None
    tables: dict[str, dict[str, tuple[str, ...]]] = {}
    for name in _INDEX_TABLES:
        raw = data[name]
        if not isinstance(raw, dict):
            return None
        table: dict[str, tuple[str, ...]] = {}
        for key, ids in raw.items():
            if not isinstance(key, str) or not key or not isinstance(ids, list) or not ids:
                return None
            for i in ids:
                if not isinstance(i, str) or i not in agencies:
                    return None
            table[key] = tuple(ids)
        tables[name] = table
    loose = tables["loose"]
    return _Index(tables["strict"], loose, tuple(sorted(loose)), tables["bare"], tables["bare_loose"])


@dataclass(frozen=True)
class Registry:
    """All agencies and groups of one registry file, with lookups. Immutable.

    The single source of truth for membership: every part of kehoach (evaluator, explain, API,
    CLI, rules) asks this class who belongs to which group. ``agencies`` and ``groups`` map ids
    to their records in registry order. Derived tables (direct members, each agency's group
    chains, the name index) are computed once, on first use, and kept in ``_cache``.
    """

    agencies: Mapping[str, Agency]
    groups: Mapping[str, Group]
    as_of: date | None = None
    _order: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_data(cls, data: Mapping[str, Any], *, index: Any = None) -> Registry:
        """From the plain (schema-valid) data of a registry file. Duplicate ids: first wins.

        ``index`` is the plain data of :meth:`index_data` of a registry built from the *same* data
        with the *same* kehoach code (e.g. kept in the spec cache): it saves building the name index
        at the first lookup. Anything malformed, or naming an agency the registry does not have, is
        ignored and the index is built as usual, so ``index`` never changes a resolution result.
        """
        agencies = tuple(Agency.from_data(a) for a in data.get("agencies") or ())
        groups = tuple(Group.from_data(g) for g in data.get("groups") or ())
        registry = cls.build(agencies, groups, _parse_date(data.get("as_of")))
        if index is not None:
            adopted = _index_from_data(index, registry.agencies)
            if adopted is not None:
                registry._cache["index"] = adopted
        return registry

    @classmethod
    def build(
        cls,
        agencies: Sequence[Agency],
        groups: Sequence[Group],
        as_of: date | None = None,
    ) -> Registry:
        by_id: dict[str, Agency] = {}
        for a in agencies:
            by_id.setdefault(a.id, a)
        groups_by_id: dict[str, Group] = {}
        for g in groups:
            groups_by_id.setdefault(g.id, g)
        order = {aid: i for i, aid in enumerate(by_id)}
        return cls(by_id, groups_by_id, as_of, order, {})

    # ------------------------------------------------------------------ lookups by id
    def agency(self, agency_id: str) -> Agency:
        """The agency with this id; UnknownAgency (with suggestions) if there is none."""
        try:
            return self.agencies[agency_id]
        except KeyError:
            raise UnknownAgency(agency_id, self._suggest(agency_id)) from None

    def group(self, group_id: str) -> Group:
        """The group with this id; KeyError if there is none."""
        return self.groups[group_id]

    def has_agency(self, agency_id: str) -> bool:
        return agency_id in self.agencies

    def has_group(self, group_id: str) -> bool:
        return group_id in self.groups

    def is_group(self, ref: str) -> bool:
        return ref in self.groups

    def agencies_on(self, on: date) -> tuple[Agency, ...]:
        """Agencies that exist on ``on`` (registry order)."""
        return tuple(a for a in self.agencies.values() if a.valid_on(on))

    def display_name(self, agency: Agency) -> str:
        """Name for lists and error messages: with the district unit when there is one."""
        district = self.agencies.get(agency.district) if agency.district else None
        if district is None:
            return agency.name
        return f"{agency.name} ({district.unit_name or district.name})"

    # ------------------------------------------------------------------ groups
    def _direct(self) -> Mapping[str, tuple[str, ...]]:
        """Group id -> ids directly in it: listed members, agencies that declare it, rule matches."""
        cached = self._cache.get("direct")
        if cached is not None:
            return cast("Mapping[str, tuple[str, ...]]", cached)
        declared: dict[str, list[str]] = {}
        for a in self.agencies.values():
            for g in a.groups:
                declared.setdefault(g, []).append(a.id)
        direct: dict[str, tuple[str, ...]] = {}
        for group in self.groups.values():
            out = list(group.members)
            seen = set(out)
            out += [i for i in declared.get(group.id, ()) if i not in seen]
            seen.update(out)
            if group.rule:
                out += [a.id for a in self.agencies.values() if a.id not in seen and group.matches(a)]
            direct[group.id] = tuple(out)
        self._cache["direct"] = direct
        return direct

    def _parents(self) -> Mapping[str, tuple[str, ...]]:
        """Member id (agency or group) -> ids of the groups directly containing it, sorted."""
        cached = self._cache.get("parents")
        if cached is not None:
            return cast("Mapping[str, tuple[str, ...]]", cached)
        parents: dict[str, list[str]] = {}
        for gid, direct in self._direct().items():
            for m in direct:
                parents.setdefault(m, []).append(gid)
        frozen = {m: tuple(sorted(set(gs))) for m, gs in parents.items()}
        self._cache["parents"] = frozen
        return frozen

    def _all_chains(self) -> Mapping[str, Mapping[str, tuple[str, ...]]]:
        """Agency id -> {group id: chain}, for every agency, computed once (see :meth:`chains`).

        Agencies with the same direct groups share one table: a commune's is computed once for
        all 125 (or 11,000) of them.
        """
        cached = self._cache.get("chains")
        if cached is not None:
            return cast("Mapping[str, Mapping[str, tuple[str, ...]]]", cached)
        parents = self._parents()
        excluding = self._excluding()
        shared: dict[tuple[tuple[str, ...], frozenset[str]], Mapping[str, tuple[str, ...]]] = {}
        out: dict[str, Mapping[str, tuple[str, ...]]] = {}
        for aid in self.agencies:
            direct = tuple(g for g in parents.get(aid, ()) if g in self.groups)
            key = (direct, excluding.get(aid, frozenset()))
            table = shared.get(key)
            if table is None:
                table = shared[key] = self._chains_from(direct, parents, key[1])
            out[aid] = table
        self._cache["chains"] = out
        return out

    def _excluding(self) -> Mapping[str, frozenset[str]]:
        """Agency id -> the groups whose ``exclude`` names it (agencies no group excludes: absent)."""
        cached = self._cache.get("excluding")
        if cached is not None:
            return cast("Mapping[str, frozenset[str]]", cached)
        out: dict[str, set[str]] = {}
        for group in self.groups.values():
            for aid in group.exclude:
                out.setdefault(aid, set()).add(group.id)
        frozen = {aid: frozenset(gs) for aid, gs in out.items()}
        self._cache["excluding"] = frozen
        return frozen

    def excluded_from(self, agency_id: str) -> tuple[str, ...]:
        """The ids of the groups whose ``exclude`` names the agency, sorted."""
        return tuple(sorted(self._excluding().get(agency_id, ())))

    def _chains_from(
        self, direct: tuple[str, ...], parents: Mapping[str, tuple[str, ...]],
        excluded: frozenset[str] = frozenset(),
    ) -> Mapping[str, tuple[str, ...]]:
        """Breadth-first from the groups listing an agency: the shortest chain to each group,
        ties broken by the chain's ids (so the answer never depends on file order). A group in
        ``excluded`` (one whose ``exclude`` names the agency) is never reached, nor is anything above
        it reached through it."""
        found: dict[str, tuple[str, ...]] = {}
        frontier: list[tuple[str, ...]] = sorted((g,) for g in direct if g not in excluded)
        while frontier:
            nxt: list[tuple[str, ...]] = []
            for chain in frontier:
                if chain[0] in found or chain[0] in excluded:
                    continue
                found[chain[0]] = chain
                nxt.extend((p, *chain) for p in parents.get(chain[0], ()) if p not in found)
            frontier = sorted(nxt, key=lambda c: (len(c), c))
        return found

    def chains(self, agency_id: str) -> Mapping[str, tuple[str, ...]]:
        """Every group containing the agency -> the shortest chain of group ids explaining why,
        outer group first: ``{"ca-tinh": ("ca-tinh", "co-quan-chuyen-mon"), ...}`` (the last id is
        the group that lists the agency directly). Empty for an unknown id or an agency in no group."""
        return self._all_chains().get(agency_id, {})

    def direct_members(self, group_id: str) -> tuple[str, ...]:
        """Ids (agencies or groups) directly in the group, before nesting is expanded."""
        return self._direct().get(group_id, ())

    def members(self, group_id: str, on: date | None = None) -> tuple[Agency, ...]:
        """Every agency in the group (nested groups expanded, rules applied), valid on ``on``.

        Registry order, no duplicates; membership cycles are cut, not followed forever.
        Raises KeyError for an unknown group.
        """
        group = self.groups[group_id]
        found: dict[str, Agency] = {}
        seen_groups = {group.id}
        stack = [group]
        while stack:
            g = stack.pop()
            for member in self._direct().get(g.id, ()):
                if member in self.agencies:
                    found.setdefault(member, self.agencies[member])
                elif member in self.groups and member not in seen_groups:
                    seen_groups.add(member)
                    stack.append(self.groups[member])
        excluding = self._excluding()
        chosen = [a for a in found.values() if a.valid_on(on)
                  and (a.id not in excluding or group_id in self.chains(a.id))]
        return tuple(sorted(chosen, key=lambda a: self._order[a.id]))

    def member_ids(self, group_id: str | None, on: date | None = None) -> tuple[str, ...]:
        """Sorted ids of the agencies of ``group_id`` that exist on ``on`` (``None``: every state
        agency of the registry, parties of other sectors left out; an agency id: that agency alone). The one membership rule the evaluator's
        group answers use. KeyError for an id that is neither."""
        if group_id is None:
            chosen: Iterable[Agency] = (a for a in self.agencies.values() if a.is_state)
        elif group_id in self.agencies:
            chosen = (self.agencies[group_id],)
        else:
            chosen = self.members(group_id)
        return tuple(sorted(a.id for a in chosen if a.valid_on(on)))

    def groups_of(self, agency_id: str) -> tuple[tuple[str, MembershipPath], ...]:
        """Every group containing the agency, each with the shortest chain that explains why.

        The chain starts with the agency id and ends with the group id, e.g.
        ``("co-quan-cap-tinh", ("so-tu-phap", "co-quan-chuyen-mon", "co-quan-cap-tinh"))``.
        Sorted by chain length, then group id. (:meth:`chains` read the other way round.)
        """
        paths = {g: (agency_id, *reversed(chain)) for g, chain in self.chains(agency_id).items()}
        return tuple(sorted(paths.items(), key=lambda kv: (len(kv[1]), kv[0])))

    # ------------------------------------------------------------------ name matching
    def find_groups(self, query: str) -> tuple[Group, ...]:
        """Groups whose id, name or alias ``query`` is (accents, case, abbreviations ignored).

        Empty when none matches; several when the query is ambiguous (the caller decides).
        """
        cached = self._cache.get("group_keys")
        if cached is None:
            table: dict[str, dict[str, None]] = {}
            for g in self.groups.values():
                _add(table, g.id, g.id)
                for text in (g.name, *g.aliases):
                    _add(table, strip_marks(match_key(text)), g.id)
            cached = self._cache["group_keys"] = _frozen(table)
        text = query.strip()
        ids = cached.get(text) or cached.get(strip_marks(match_key(text)), ())
        return tuple(self.groups[i] for i in ids)

    def _index(self) -> _Index:
        cached = self._cache.get("index")
        if isinstance(cached, _Index):
            return cached
        strict: dict[str, dict[str, None]] = {}
        loose: dict[str, dict[str, None]] = {}
        bare: dict[str, dict[str, None]] = {}
        bare_loose: dict[str, dict[str, None]] = {}
        for a in self.agencies.values():
            texts = (a.name, *a.aliases, *((a.unit_name,) if a.unit_name else ()))
            for text in texts:
                key = match_key(text)
                _add(strict, key, a.id)
                _add(loose, strip_marks(key), a.id)
            short = _bare_unit_key(a)
            if short:
                _add(bare, short, a.id)
                _add(bare_loose, strip_marks(short), a.id)
        index = _Index(
            _frozen(strict),
            _frozen(loose),
            tuple(sorted(loose)),
            _frozen(bare),
            _frozen(bare_loose),
        )
        self._cache["index"] = index
        return index

    def adopt_index(self, data: Any) -> bool:
        """Take the name index from :meth:`index_data` output of a registry built from the same data by
        the same code (e.g. kept in the spec cache); False, and nothing taken, when anything is off."""
        adopted = _index_from_data(data, self.agencies)
        if adopted is None:
            return False
        self._cache["index"] = adopted
        return True

    def has_index(self) -> bool:
        """True once the name index is built or adopted."""
        return isinstance(self._cache.get("index"), _Index)

    def index_data(self) -> dict[str, dict[str, list[str]]]:
        """The name index as plain, JSON-ready data (for :meth:`from_data`'s ``index``)."""
        index = self._index()
        return {name: {k: list(v) for k, v in getattr(index, name).items()} for name in _INDEX_TABLES}

    def _qualified_ids(
        self, table: Mapping[str, tuple[str, ...]], key: str
    ) -> list[str]:
        """Agencies named by the head of ``key`` whose district (or parent) the tail names.

        "phường 1 đông hà" -> the "Phường 1" whose district is "Đông Hà".
        """
        words = key.split()
        out: dict[str, None] = {}
        index = self._index()
        districts = (
            index.loose
            if table is index.loose or table is index.bare_loose
            else index.strict
        )
        # a head has at most as many words as the longest key of `table`, a tail as the longest
        # district key: only those cuts can match, so the work is linear in the query's length
        most_head, most_tail = self._most_words(table), self._most_words(districts)
        for cut in range(max(1, len(words) - most_tail), min(len(words), most_head + 1)):
            heads = table.get(" ".join(words[:cut]))
            tails = districts.get(" ".join(words[cut:]))
            if not heads or not tails:
                continue
            for i in heads:
                a = self.agencies.get(i)
                if a is not None and (a.district in tails or a.parent in tails):
                    out[i] = None
        return list(out)

    def _most_words(self, table: Mapping[str, tuple[str, ...]]) -> int:
        """The most words any key of ``table`` (a name index table) has."""
        cache = self._cache.setdefault("most_words", {})
        found = cache.get(id(table))
        if found is None or found[0] is not table:
            found = cache[id(table)] = (table, max((k.count(" ") + 1 for k in table), default=0))
        return int(found[1])

    def _prefix_ids(self, lkey: str) -> list[str]:
        """Agencies with a loose key that starts with the words of ``lkey``."""
        index = self._index()
        keys = index.loose_sorted
        probe = lkey + " "
        out: dict[str, None] = {}
        for k in keys[bisect.bisect_left(keys, probe) :]:
            if not k.startswith(probe):
                break
            out.update(dict.fromkeys(index.loose[k]))
        return list(out)

    def _choose(self, query: str, ids: Iterable[str], on: date | None) -> Agency | None:
        candidates = [self.agencies[i] for i in ids if i in self.agencies]
        valid = [a for a in candidates if a.valid_on(on)]
        if not valid:
            return None
        if len(valid) > 1:
            ordered = sorted(valid, key=lambda a: self._order[a.id])
            raise AmbiguousAgency(
                query, [(a.id, self.display_name(a)) for a in ordered]
            )
        return valid[0]

    def resolve(self, query: str, on: date | None = None) -> Agency:
        """The one agency ``query`` names (id, name, alias, abbreviation, no diacritics…).

        With ``on``, only agencies valid on that date count. Raises AmbiguousAgency (candidates
        ``(id, "name (district)")``) or UnknownAgency (up to 5 suggestions ``(id, name)``).
        A bare place name follows :meth:`resolve_named` (the highest-level unit of that name).
        """
        return self.resolve_named(query, on)[0]

    def resolve_named(self, query: str, on: date | None = None, *,
                      suggest: bool = True) -> tuple[Agency, tuple[Agency, ...]]:
        """:meth:`resolve`, and the other units a bare place name also names.

        The rule: a bare place name — no type word such as UBND, tỉnh, huyện, thị xã, xã, phường, thị
        trấn ("Gio Linh", "Đa Krông", "Quảng Trị") — resolves to the highest-level administrative unit
        of that name (tỉnh, then huyện/thị xã/thành phố, then xã/phường/thị trấn); the others of that
        name come back second, highest level first, so the caller can say how to ask for them
        (:func:`ask_form`). Several units of that name at the highest level: AmbiguousAgency. A name
        with a type word is matched as written. ``suggest=False``: an UnknownAgency without suggestions
        (for a caller that tries again on another day: the suggestions are the slow part of a miss).
        """
        text = query.strip()
        if len(text) > MAX_QUERY_CHARS:
            raise UnknownAgency(query)
        if text and text not in self.agencies:
            index = self._index()
            skey = match_key(text)
            ids = index.bare.get(skey) or index.bare_loose.get(strip_marks(skey)) or ()
            units = [self.agencies[i] for i in ids if self.agencies[i].valid_on(on)]
            if len(units) > 1:
                def rank(a: Agency) -> tuple[int, int]:
                    return (_LEVEL_RANK.get(a.level, len(_LEVEL_RANK)), self._order[a.id])

                units.sort(key=rank)
                top = [a for a in units if rank(a)[0] == rank(units[0])[0]]
                if len(top) > 1:
                    raise AmbiguousAgency(query, [(a.id, self.display_name(a)) for a in top])
                return units[0], tuple(units[1:])
        return self._resolve(query, on, suggest), ()

    def _resolve(self, query: str, on: date | None = None, suggest: bool = True) -> Agency:
        text = query.strip()
        if not text:
            raise UnknownAgency("")
        if len(text) > MAX_QUERY_CHARS:
            raise UnknownAgency(query)
        if text in self.agencies:
            found = self._choose(query, (text,), on)
            if found is not None:
                return found
        index = self._index()
        skey = match_key(text)
        lkey = strip_marks(skey)
        tiers = (
            (index.strict, skey),
            (index.loose, lkey),
            (index.bare, skey),
            (index.bare_loose, lkey),
        )
        for table, key in tiers:
            for ids in (table.get(key, ()), self._qualified_ids(table, key)):
                found = self._choose(query, ids, on)
                if found is not None:
                    return found
        if len(lkey) >= _MIN_PREFIX_CHARS:
            found = self._choose(query, self._prefix_ids(lkey), on)
            if found is not None:
                return found
        raise UnknownAgency(query, self._suggest(text, on) if suggest else [])

    def _suggest(self, text: str, on: date | None = None) -> list[tuple[str, str]]:
        """Up to 5 agencies whose names (or ids) look closest to ``text``: (id, name). Those that exist
        on ``on`` come first, and alone when there are any: a 2024 question is not offered a 2025 body."""
        import difflib  # only for error messages: kept off the query path

        loose = self._index().loose
        close = difflib.get_close_matches(
            loose_key(match_key(text)), list(loose), n=_MAX_SUGGESTIONS * 3, cutoff=0.6
        )
        ids = [i for k in close for i in loose[k]]
        ids += difflib.get_close_matches(
            text, list(self.agencies), n=_MAX_SUGGESTIONS, cutoff=0.6
        )
        if not ids:  # too short for a close match ("Sở"): the agencies whose names start with its words
            lkey = loose_key(match_key(text))
            ids = self._prefix_ids(lkey) if lkey else []
        unique = list(dict.fromkeys(ids))
        living = [i for i in unique if self.agencies[i].valid_on(on)]
        return [(i, self.agencies[i].name) for i in (living or unique)[:_MAX_SUGGESTIONS]]

    def search(self, query: str, on: date | None = None) -> list[Agency]:
        """Agencies whose id, names, aliases or district names contain every word of ``query`` as a
        whole word.

        With its diacritics a word matches only the same letters ("Đồng Hới" is not "Hội đồng"); a word
        typed without them matches any ("dong hoi"). Abbreviation-aware; an empty query lists every
        agency. Registry order.
        """
        strict = match_key(query[:MAX_QUERY_CHARS]).split()
        out: list[Agency] = []
        for a in self.agencies.values():
            if not a.valid_on(on):
                continue
            district = self.agencies.get(a.district) if a.district else None
            texts = (
                a.name,
                *a.aliases,
                *(() if district is None else (district.name, *district.aliases)),
            )
            keys = [match_key(t) for t in texts]
            exact = {w for k in keys for w in k.split()} | set(a.id.split("-"))
            loose = {strip_marks(w) for w in exact}
            if all((w in exact) if w != strip_marks(w) else (w in loose) for w in strict) and \
                    _in_order(strict, keys, a.id):
                out.append(a)
        return out
