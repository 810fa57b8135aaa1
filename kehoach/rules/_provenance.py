"""What the provenance rules share: the outline part a ref cites, and the bodies a passage names.

Private (leading underscore): the rule discovery in ``kehoach.rules`` skips this module.

* :func:`outlines` parses each source text once (:func:`kehoach.outline.parse_outline`) and finds the
  part a ``source.ref`` (and ``bullet``) cites, with its ancestors.
* :class:`Names` holds every name and alias of the registries (agencies and groups) and the phrases of
  the plan's parties; :meth:`Names.mentions` finds the bodies a passage names, the longest name winning
  where two overlap ("Văn phòng UBND tỉnh" is not also "UBND tỉnh"), each with the role its
  neighbouring words give it ("phối hợp với X": coordinate; "gửi về X", "trình X", "báo cáo X",
  "đề xuất X": receive; the later names of a list a role word opens share its role, "phối hợp với
  Sở A, Sở B và Sở C"; the subject before the colon, or the names a sentence starts with: lead);
  "trực thuộc X" names X's subordinate agencies of its own level.
* :attr:`Cited.row` and :attr:`Cited.scope` give a merged-cell sub-row the cells it shares with its
  parent row (the bodies, times and results written once for both).
* :func:`covers` says whether a named body backs an encoded one (the same body, or a group the named
  one contains).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..outline import OutlineNode, parse_outline
from ..registry import Registry
from ._plan_common import fold, quote_fragments
from .base import Context, Document

__all__ = ["Cited", "Mention", "Names", "cited_part", "covers", "expand", "field_quote", "match_key_chars",
           "names_of", "outline_of", "row_cell", "shorten", "where_is"]

_SHORT = 90
ROLE_LEAD = "lead"
ROLE_COORDINATE = "coordinate"
ROLE_RECEIVE = "receive"
ROLE_OTHER = "other"

# words right before a name that give it its role (matched on the accent-free key)
_COORDINATE_BEFORE = ("phoi hop voi ", "phoi hop cung ")
_RECEIVE_BEFORE = ("gui ve ", "gui ", "trinh ", "bao cao ", "nop ve ", "nop ", "de xuat ")
# the gap between two names of one list ("phối hợp với Sở A, Sở B và Sở C"): the later ones share the role
_LIST_JOINER = re.compile(r"^\s*,?\s*(?:va\s+)?$")
_SUBJECT_OPENERS = ("giao ", "yeu cau ")
_SUBJECT_JOINERS = re.compile(r"^[\s,;-]*(?:va)?[\s,;-]*$")


def match_key_chars(text: str) -> str:
    """``text`` folded for matching, one character for one: lower case, no diacritics, đ→d, dashes →
    "-", whitespace → " ". The same length as ``text``, so a position in one is a position in the other."""
    out = []
    for char in text:
        low = char.lower()
        if len(low) != 1:
            low = char
        if low == "đ":
            out.append("d")
            continue
        if low in "–—‐":
            out.append("-")
            continue
        if low.isspace():
            out.append(" ")
            continue
        base = unicodedata.normalize("NFD", low)[:1]
        out.append(base if base.isascii() else low)
    return "".join(out)


def shorten(text: str, limit: int = _SHORT) -> str:
    folded = fold(text)
    return folded if len(folded) <= limit else folded[:limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- the text's parts


@dataclass(frozen=True)
class Cited:
    """The part a ref cites and its ancestors (nearest first)."""

    node: OutlineNode
    ancestors: tuple[OutlineNode, ...]
    text: str  # the source text the offsets point into

    @property
    def span(self) -> str:
        return self.text[self.node.start:self.node.end]

    @property
    def inherited(self) -> tuple[str, ...]:
        """The cells a merged-cell sub-row takes from its parent row: a physical row under a numbered
        row holds fewer cells (no number cell, and none for the cells merged across both rows), so the
        parent's cells after those the sub-row has are its own too ("PL.IV.2.2" shares the time of
        "PL.IV.2")."""
        node = self.node
        if node.kind != "sub-row" or node.label or not self.ancestors or not self.ancestors[0].cells:
            return ()
        return tuple(self.ancestors[0].cells[len(node.cells) + 1:])

    @property
    def row(self) -> tuple[str, ...]:
        """The cells of the cited row, with those a merged-cell sub-row inherits from its parent row."""
        return (*self.node.cells, *self.inherited)

    @property
    def scope(self) -> str:
        """The text a quote of the cited part may come from: its span, then the cells it inherits."""
        return "\n".join((self.span, *self.inherited))


@lru_cache(maxsize=16)
def _parsed(text: str) -> tuple[OutlineNode, ...]:
    return parse_outline(text)


def outline_of(text: str) -> tuple[OutlineNode, ...]:
    return _parsed(text)


def _walk(nodes: Iterable[OutlineNode], up: tuple[OutlineNode, ...]) -> Iterable[tuple[OutlineNode, tuple[OutlineNode, ...]]]:
    for node in nodes:
        yield node, up
        yield from _walk(node.children, (node, *up))


def source_cited(texts: Mapping[str, str], data: Mapping[str, Any]) -> Cited | None:
    """The part of its source's text that an element (its plain ``data``) cites: None when it has no
    source, its document has no text here, or the text's outline does not hold the ref."""
    source = data.get("source")
    if not isinstance(source, dict) or not isinstance(source.get("document"), str):
        return None
    text = texts.get(source["document"])
    return cited_part(text, source.get("ref"), source.get("bullet")) if text else None


def cited_part(text: str, ref: Any, bullet: Any = None) -> Cited | None:
    """The part of ``text`` that ``ref`` (and ``bullet``) cites: a row, an item, a bullet; None when the
    outline has no such part (the ref is checked elsewhere)."""
    if not isinstance(ref, str):
        return None
    wanted_bullet = bullet if isinstance(bullet, int) else None
    best: tuple[OutlineNode, tuple[OutlineNode, ...]] | None = None
    for node, up in _walk(outline_of(text), ()):
        if node.ref != ref or node.bullet != wanted_bullet or node.kind in {"table", "header-row", "sub-bullet"}:
            continue
        if best is None:
            best = (node, up)
    if best is None:
        return None
    return Cited(best[0], best[1], text)


def where_is(text: str, position: int) -> OutlineNode | None:
    """The deepest part of the outline whose span holds ``position``."""
    found: OutlineNode | None = None
    for node, _ in _walk(outline_of(text), ()):
        if node.kind in {"table", "header-row"}:
            continue
        if node.start <= position < node.end:
            found = node
    return found


def row_cell(cited: Cited, *words: str) -> str | None:
    """The cell of the cited table row under the header that holds every one of ``words`` (accent-free:
    ``row_cell(cited, "danh gia")`` is the "Cơ quan chủ trì đánh giá" cell); None without such a header."""
    for up in cited.ancestors:
        header = next((c for c in up.children if c.kind == "header-row"), None)
        if header is None:
            continue
        for index, cell in enumerate(header.cells):
            key = match_key_chars(cell)
            if all(w in key for w in words) and index < len(cited.node.cells):
                return cited.node.cells[index]
        return None
    return None


def field_quote(source: Mapping[str, Any], field: str) -> tuple[list[str], bool]:
    """The quote fragments that back ``field``: its own (``source.fields.<field>.quote``) when given,
    else the element's quote; and whether the field has a quote of its own."""
    fields = source.get("fields")
    if isinstance(fields, dict) and isinstance(fields.get(field), dict):
        own = quote_fragments(fields[field].get("quote"))
        if own:
            return own, True
    return quote_fragments(source.get("quote")), False


# --------------------------------------------------------------------------- names in a passage


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    ident: str
    role: str  # lead | coordinate | receive | other


@dataclass
class Names:
    """Every name of the registries' agencies and groups and of one plan's parties."""

    keys: dict[tuple[str, ...], set[str]]  # the words of a registry name -> ids it names
    display: dict[str, str]  # id -> the name shown in messages
    registry: Registry | None
    parties: dict[str, list[str]]  # party id -> the group ids of its interpretation's default
    phrases: dict[str, str]  # party id -> its phrase, as a match key
    pattern: re.Pattern[str] | None = None

    def knows(self, ident: str) -> bool:
        """True for a registry agency or group or a party of the plan."""
        return ident in self.display or ident in self.parties

    def _compiled(self) -> re.Pattern[str] | None:
        if self.pattern is None and self.keys:
            alternatives = sorted(self.keys, key=lambda words: (-len(" ".join(words)), words))
            body = "|".join(r"[^0-9a-z]+".join(re.escape(w) for w in words) for words in alternatives)
            self.pattern = re.compile(rf"(?<![0-9a-z])(?:{body})(?![0-9a-z])")
        return self.pattern

    def mentions(self, passage: str) -> list[Mention]:
        """The bodies ``passage`` names, in order, the longest registry name winning where two overlap;
        a party's phrase is found beside them (it may hold a registry name: "phối hợp với các Sở ngành")."""
        key = match_key_chars(passage)
        found: list[tuple[int, int, str]] = []
        pattern = self._compiled()
        if pattern is not None:
            for match in pattern.finditer(key):
                for ident in sorted(self.keys.get(_words(match.group(0)), ())):
                    found.append((match.start(), match.end(), ident))
        parties: list[tuple[int, int, str]] = []
        for ident, phrase in self.phrases.items():
            begin = key.find(phrase)
            if begin >= 0 and _bounded(key, begin, begin + len(phrase)):
                parties.append((begin, begin + len(phrase), ident))
        found.sort()
        starts_lower = next((c.islower() for c in passage if c.isalpha()), False)
        subject_end = 0 if starts_lower else _subject_end(key, sorted(found + parties))
        out: list[Mention] = []
        for begin, end, ident in sorted(found + parties):
            before = key[max(0, begin - 16):begin]
            if ident in self.phrases and "chu tri" in self.phrases[ident]:
                role = ROLE_LEAD  # "Chủ trì, phối hợp với …": the party that leads
            elif any(before.endswith(word) for word in _COORDINATE_BEFORE):
                role = ROLE_COORDINATE
            elif any(before.endswith(word) for word in _RECEIVE_BEFORE):
                role = ROLE_RECEIVE
            elif end <= subject_end:
                role = ROLE_LEAD
            elif (out and out[-1].role in (ROLE_COORDINATE, ROLE_RECEIVE) and out[-1].end <= begin
                  and _LIST_JOINER.match(key[out[-1].end:begin])):
                role = out[-1].role  # a later name of the list a role word opens
            else:
                role = ROLE_OTHER
            out.append(Mention(begin, end, ident, role))
        return self._subordinates(key, out)

    def _subordinates(self, key: str, found: list[Mention]) -> list[Mention]:
        """``found`` with, after a body named as "(các cơ quan, đơn vị) trực thuộc X", the agencies of
        X's own level whose parent is X: the phrase names them all ("Thủ trưởng các cơ quan, đơn vị trực
        thuộc Ủy ban nhân dân Thành phố"). They take the role of the phrase."""
        registry = self.registry
        if registry is None:
            return found
        out: list[Mention] = []
        for mention in found:
            out.append(mention)
            if not key[:mention.start].endswith("truc thuoc ") or not registry.has_agency(mention.ident):
                continue
            head = registry.agency(mention.ident)
            out.extend(Mention(mention.start, mention.end, agency.id, mention.role)
                       for agency in registry.agencies.values()
                       if agency.parent == head.id and agency.level == head.level)
        return out


def _words(key: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[^0-9a-z]+", key) if w)


def _bounded(key: str, begin: int, end: int) -> bool:
    before = key[begin - 1] if begin > 0 else " "
    after = key[end] if end < len(key) else " "
    return not before.isalnum() and not after.isalnum()


def _subject_end(key: str, found: list[tuple[int, int, str]]) -> int:
    """Where the subject of a passage ends: at the colon that closes a list of names at its start, or
    after the names it starts with ("Sở Tư pháp tăng cường…", "Giao Văn phòng UBND tỉnh…"). 0 when the
    passage does not start with its subject (it starts in lower case, or with other words)."""
    stripped = key.lstrip(" -")
    offset = len(key) - len(stripped)
    if not found:
        return 0
    colon = key.find(":")
    if colon >= 0 and all(_SUBJECT_JOINERS.match(gap) for gap in _gaps(key, found, offset, colon)):
        return colon
    position = offset
    for opener in _SUBJECT_OPENERS:
        if key.startswith(opener, offset):
            position += len(opener)
            break
    end = 0
    for begin, stop, _ in found:
        if begin < position:
            if begin >= offset and stop > end > 0:
                end = position = stop  # an overlapping longer name (a party's phrase) extends the subject
            continue
        if not _SUBJECT_JOINERS.match(key[position:begin]):
            break
        end = position = stop
    return end


def _gaps(key: str, found: list[tuple[int, int, str]], start: int, stop: int) -> list[str]:
    gaps: list[str] = []
    position = start
    for begin, end, _ in found:
        if begin >= stop:
            break
        if begin < position:
            continue
        gaps.append(key[position:begin])
        position = end
    gaps.append(key[position:stop])
    return gaps


def _addressed(ctx: Context, plan: Document) -> list[Document]:
    """The registries ``plan`` addresses (``addresses``: registry ids); every registry when it names none
    that is loaded."""
    registries = ctx.of_kind("registry")
    data = plan.data if isinstance(plan.data, dict) else {}
    wanted = {a for a in data.get("addresses") or [] if isinstance(a, str)}
    chosen = [d for d in registries if isinstance(d.data, dict) and d.data.get("id") in wanted]
    return chosen or registries


def _registry_items(docs: list[Document], key: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for doc in docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        out.extend(item for item in data.get(key) or [] if isinstance(item, dict) and isinstance(item.get("id"), str))
    return out


def names_of(ctx: Context, plan: Document) -> Names:
    """The names of the bodies of the registries ``plan`` addresses and of its parties."""
    keys: dict[tuple[str, ...], set[str]] = {}
    phrases: dict[str, str] = {}
    display: dict[str, str] = {}
    registries = _addressed(ctx, plan)
    agencies = _registry_items(registries, "agencies")
    groups = _registry_items(registries, "groups")
    for item in (*agencies, *groups):
        texts = [item.get("name"), *(item.get("aliases") or [])]
        for text in texts:
            words = _words(match_key_chars(fold(text))) if isinstance(text, str) else ()
            if words:
                keys.setdefault(words, set()).add(item["id"])
        if isinstance(item.get("name"), str):
            display[item["id"]] = item["name"]
    try:
        registry: Registry | None = Registry.from_data({"agencies": agencies, "groups": groups})
    except (KeyError, TypeError, ValueError):
        registry = None
    data = plan.data if isinstance(plan.data, dict) else {}
    interpretations = {i.get("id"): i for i in data.get("interpretations") or [] if isinstance(i, dict)}
    parties: dict[str, list[str]] = {}
    for party in data.get("parties") or []:
        if not isinstance(party, dict) or not isinstance(party.get("id"), str):
            continue
        phrase = party.get("phrase")
        if isinstance(phrase, str) and fold(phrase):
            phrases[party["id"]] = match_key_chars(fold(phrase))
            display[party["id"]] = phrase
        chosen = interpretations.get(party.get("interpretation")) or {}
        by_choice = chosen.get("groups") if isinstance(chosen.get("groups"), dict) else {}
        default = by_choice.get(chosen.get("default")) if isinstance(by_choice, dict) else None
        parties[party["id"]] = [g for g in default or [] if isinstance(g, str)]
    return Names(keys, display, registry, parties, phrases)


def expand(names: Names, ident: str) -> frozenset[str]:
    """The agencies ``ident`` stands for (an agency: itself; a group: its members; a party: the members
    of its interpretation's default groups)."""
    if ident in names.parties:
        out: set[str] = set()
        for group in names.parties[ident]:
            out |= expand(names, group)
        return frozenset(out) or frozenset({ident})
    registry = names.registry
    if registry is not None and registry.has_group(ident):
        return frozenset(a.id for a in registry.members(ident)) or frozenset({ident})
    return frozenset({ident})


def covers(names: Names, named: Iterable[str], encoded: str) -> bool:
    """True when the bodies ``named`` in the text back ``encoded``: it is one of them, or a group (or
    party) all of whose agencies they name. A single agency is backed only by its own name, and a party's
    phrase backs only that party (whom it addresses is an interpretation, not the text's words)."""
    named = set(named)
    if encoded in named:
        return True
    if names.registry is not None and names.registry.has_agency(encoded) and encoded not in names.parties:
        return False
    wanted = expand(names, encoded)
    have: set[str] = set()
    for ident in named:
        if ident not in names.parties:  # a party's addressees are a reading: the text names the party only
            have |= expand(names, ident)
    return bool(wanted) and wanted <= have
