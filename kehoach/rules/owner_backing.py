"""Every owner and receiver is named by the words of its own quote.

Each id of a duty's or requirement's ``lead``, ``coordinate`` and ``receive`` must be named in the
quote that backs the field (``source.fields.<field>.quote`` when given, else ``source.quote``): by an
agency's or group's name or alias in the registry, or by a party's ``phrase``. A group is backed by a
group that contains it ("Các sở, ngành" names both the cơ quan chuyên môn and the cơ quan thuộc UBND
tỉnh); a single agency only by its own name. The words around a name decide its role when the quote
has them: the subject (the names a sentence starts with, or that close with a colon) leads, a name
after "phối hợp với" (and the later names of its list) coordinates, a name after "gửi về", "trình",
"báo cáo" or "đề xuất" receives; a party whose phrase says "chủ trì" leads. A lead the quote does not
name may come from the subject of the part the ref cites or of the parts around it (a bullet under
"a) Các cơ quan chuyên môn…:"); a bullet that has no subject and starts "Phối hợp" is done by the
subject of the item it sits under, which coordinates ("1. Sở Tài chính … - Phối hợp với Sở Khoa học và
Công nghệ xây dựng …": Sở Tài chính coordinates). A party's
addressees come from its interpretation, which the element lists (checked by ``interpretations``).

PASS::

    lead: [so-tu-phap]
    source: {ref: "III.1.d", quote: "Sở Tư pháp tăng cường hơn nữa công tác thẩm định quy định TTHC"}

FAIL (``owner-not-in-quote`` at ``lead[0]``, showing "Sở Tư pháp tăng cường…")::

    lead: [so-noi-vu]
    source: {ref: "III.1.d", quote: "Sở Tư pháp tăng cường hơn nữa công tác thẩm định quy định TTHC"}

FAIL (``owner-not-in-quote`` at ``receive[0]``: the quote names Văn phòng UBND tỉnh, not UBND tỉnh)::

    receive: [ubnd-tinh]
    source: {ref: "III.1.a", quote: ["Kết quả rà soát gửi về Văn phòng UBND tỉnh", "trước ngày 31/8/2024"]}

FAIL (``owner-role-mismatch`` at ``lead[0]``: the quote says it coordinates)::

    lead: [co-quan-chuyen-mon]
    coordinate: [chu-the-chu-tri-huong-dan-dvctt]
    source: {ref: "III.2.a", bullet: 3, quote: "Chủ trì, phối hợp với các Sở ngành xây dựng …"}

FAIL (``owner-dropped`` at ``lead``: the subject names three groups, the lead two)::

    lead: [co-quan-chuyen-mon, ubnd-cap-huyen]
    source: {ref: "III.1.b", quote: "Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh, UBND cấp huyện: Chủ động …"}

Indicators: ``lead`` and ``evaluate`` are checked against their own cells of the row the ref cites
("Cơ quan chủ trì thực hiện", "Cơ quan chủ trì đánh giá"); every body a cell names must be encoded.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..problems import Problem
from ._plan_common import Element, elements, fold
from ._provenance import (
    ROLE_COORDINATE,
    ROLE_LEAD,
    ROLE_OTHER,
    ROLE_RECEIVE,
    Cited,
    Mention,
    Names,
    covers,
    expand,
    field_quote,
    match_key_chars,
    names_of,
    row_cell,
    shorten,
    source_cited,
)
from .base import Context, Document

__all__ = ["RULES", "indicator_owners", "plan_owners"]

_LABEL = re.compile(r"^\s*(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|[a-zđ]\))\s*")
_ROLE_WORDS = {ROLE_LEAD: "leads (the subject, or “chủ trì”)", ROLE_COORDINATE: "coordinates (“phối hợp với”)",
               ROLE_RECEIVE: "receives (“gửi về”, “trình”, “báo cáo”)"}
# which roles of the quote's names may back each field
_BACKING = {
    "lead": (ROLE_LEAD,),
    "coordinate": (ROLE_COORDINATE,),
    "receive": (ROLE_RECEIVE, ROLE_OTHER),
}


def _ids(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _own_text(node: Any) -> str:
    return _LABEL.sub("", node.text or "", count=1)


def _context_subjects(names: Names, cited: Cited | None) -> set[str]:
    """The subjects of the cited part, of its descendants and of its ancestors (each paragraph's)."""
    if cited is None:
        return set()
    found: set[str] = set()
    stack = [cited.node, *cited.ancestors]
    seen: set[str] = set()
    while stack:
        node = stack.pop()
        if node.id in seen:
            continue
        seen.add(node.id)
        for paragraph in _own_text(node).split("\n"):
            found |= {m.ident for m in names.mentions(paragraph) if m.role == ROLE_LEAD}
        if node is cited.node or node in _descendants(cited.node):
            stack.extend(node.children)
    return found


def _subjectless_coordination(passage: str) -> bool:
    """True when ``passage`` has no subject of its own and its verb is "phối hợp" ("Phối hợp với …")."""
    return match_key_chars(passage).lstrip(" -").startswith("phoi hop")


def _descendants(node: Any) -> list[Any]:
    out: list[Any] = []
    for child in node.children:
        out.append(child)
        out.extend(_descendants(child))
    return out


def _named(names: Names, mentions: list[Mention], roles: tuple[str, ...]) -> set[str]:
    return {m.ident for m in mentions if m.role in roles}


def _label(names: Names, ident: str) -> str:
    shown = names.display.get(ident)
    return f"'{ident}' ({shown})" if shown else f"'{ident}'"


def _listing(names: Names, idents: Iterable[str]) -> str:
    return ", ".join(names.display.get(i, i) for i in sorted(set(idents))) or "no body"


def _check_field(ctx: Context, doc: Document, element: Element, names: Names, field: str,
                 cited: Cited | None) -> Iterator[Problem]:
    values = _ids(element.data.get(field))
    source = element.data["source"]
    fragments, own = field_quote(source, field)
    passage = " ".join(fold(f) for f in fragments)
    mentions = names.mentions(passage)
    backing = _named(names, mentions, _BACKING[field])
    explicit = {ROLE_LEAD: _named(names, mentions, (ROLE_LEAD,)),
                ROLE_COORDINATE: _named(names, mentions, (ROLE_COORDINATE,)),
                ROLE_RECEIVE: _named(names, mentions, (ROLE_RECEIVE,))}
    if own:
        backing = {m.ident for m in mentions}  # a field's own quote is chosen to name it, whatever the role
    elif field in ("lead", "coordinate") and not explicit[ROLE_LEAD if field == "lead" else ROLE_COORDINATE]:
        backing |= _named(names, mentions, (ROLE_OTHER,))  # the quote gives no role words for this field
    if field == "lead" and not explicit[ROLE_LEAD] and not own:
        backing |= _context_subjects(names, cited)
    if field == "coordinate" and not explicit[ROLE_LEAD] and not own and _subjectless_coordination(passage):
        backing |= _context_subjects(names, cited)  # the item's subject is who "phối hợp"
    where = "its own quote" if own else "its quote"
    for index, ident in enumerate(values):
        if not names.knows(ident):
            continue  # unresolved-ref (plan_refs)
        if ident in names.parties and ident in backing:
            continue
        if covers(names, backing, ident):
            continue
        node = element.at(field, index)
        other = next((role for role, named in explicit.items()
                      if role != field and role in _ROLE_WORDS and covers(names, named, ident)), None)
        if other is not None:
            yield ctx.problem(doc, node, "owner-role-mismatch",
                              f"{field}[{index}] {_label(names, ident)} of '{element.ident}': the quote says it "
                              f"{_ROLE_WORDS[other]}: \"{shorten(passage)}\"",
                              hint=f"move it to {other}, or quote the words that make it {field}")
            continue
        yield ctx.problem(doc, node, "owner-not-in-quote",
                          f"{field}[{index}] {_label(names, ident)} of '{element.ident}' is not named in {where}: "
                          f"\"{shorten(passage)}\"",
                          hint=f"the quote names: {_listing(names, (m.ident for m in mentions))}; "
                               f"give {field} its own quote (source.fields.{field}.quote) if another passage names it")
    if field == "lead":
        yield from _dropped(ctx, doc, element, names, values, explicit[ROLE_LEAD], passage)


def _dropped(ctx: Context, doc: Document, element: Element, names: Names, values: list[str],
             subjects: set[str], passage: str) -> Iterator[Problem]:
    if not all(names.knows(ident) for ident in values):
        return  # an unresolved id (plan_refs) may be the body the text names
    encoded: set[str] = set()
    for ident in values:
        encoded |= expand(names, ident)
    for ident in sorted(subjects):
        if ident in values or expand(names, ident) <= encoded:
            continue
        yield ctx.problem(doc, element.at("lead"), "owner-dropped",
                          f"lead of '{element.ident}' leaves out {_label(names, ident)}, which its quote names "
                          f"as the subject: \"{shorten(passage)}\"",
                          hint=f"add '{ident}' to lead")


def plan_owners(ctx: Context) -> Iterable[Problem]:
    if not ctx.of_kind("registry"):
        return
    for doc in ctx.of_kind("plan"):
        names = names_of(ctx, doc)
        for element in elements(doc, ("requirements", "duties")):
            cited = source_cited(ctx.source_texts, element.data)
            if cited is None:
                continue  # no text, or a text whose structure does not hold the ref: nothing to read roles in
            if cited.node.cells:
                yield from _row_owners(ctx, doc, element, names, cited)
                continue
            for field in ("lead", "coordinate", "receive"):
                yield from _check_field(ctx, doc, element, names, field, cited)


def _row_owners(ctx: Context, doc: Document, element: Element, names: Names, cited: Cited) -> Iterator[Problem]:
    """A duty cited at a row of a task table: each owner must be named in that row (any of its cells, a
    merged-cell sub-row's including those it shares with its parent row).
    Which cell gives which role, and how merged cells pair bodies with tasks, are readings the plan
    names (its interpretations), so the roles themselves are not judged from the cells here."""
    row = " ".join(cited.row)
    named = {m.ident for m in names.mentions(row)}
    shown = shorten(row) if row.strip() else "(empty)"
    for field in ("lead", "coordinate", "receive"):
        for index, ident in enumerate(_ids(element.data.get(field))):
            if names.knows(ident) and not covers(names, named, ident):
                yield ctx.problem(doc, element.at(field, index), "owner-not-in-quote",
                                  f"{field}[{index}] {_label(names, ident)} of '{element.ident}' is not named in "
                                  f"row {cited.node.label_ref}: \"{shown}\"",
                                  hint=f"the row names: {_listing(names, named)}")


# --------------------------------------------------------------------------- indicators: the row's cells


def indicator_owners(ctx: Context) -> Iterable[Problem]:
    if not ctx.of_kind("registry"):
        return
    for doc in ctx.of_kind("plan"):
        names = names_of(ctx, doc)
        for element in elements(doc, ("indicators",)):
            cited = source_cited(ctx.source_texts, element.data)
            if cited is None or not cited.node.cells:
                continue
            for field, words in (("lead", ("thuc hien",)), ("evaluate", ("danh gia",))):
                cell = row_cell(cited, *words)
                if cell is None:
                    continue
                yield from _check_cell(ctx, doc, element, names, field, cell, cited)


def _check_cell(ctx: Context, doc: Document, element: Element, names: Names, field: str, cell: str,
                cited: Cited) -> Iterator[Problem]:
    values = _ids(element.data.get(field))
    named = {m.ident for m in names.mentions(cell)}
    shown = shorten(cell) if cell.strip() else "(empty)"
    for index, ident in enumerate(values):
        if names.knows(ident) and not covers(names, named, ident):
            yield ctx.problem(doc, element.at(field, index), "owner-not-in-quote",
                              f"{field}[{index}] {_label(names, ident)} of '{element.ident}' is not named in its "
                              f"cell of row {cited.node.label_ref}: \"{shown}\"",
                              hint=f"the cell names: {_listing(names, named)}")
    if not all(names.knows(ident) for ident in values):
        return
    encoded: set[str] = set()
    for ident in values:
        encoded |= expand(names, ident)
    for ident in sorted(named):
        if ident in values or expand(names, ident) <= encoded:
            continue
        yield ctx.problem(doc, element.at(field), "owner-dropped",
                          f"{field} of '{element.ident}' leaves out {_label(names, ident)}, which its cell of row "
                          f"{cited.node.label_ref} names: \"{shown}\"",
                          hint=f"add '{ident}' to {field}")


RULES = (plan_owners, indicator_owners)
