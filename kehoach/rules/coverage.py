"""Every part of the plan text is encoded, or marked non-normative with a reason.

The parts are those :func:`kehoach.outline.parse_outline` finds in the plan's text (the ``text:`` of its
entry in the sources index): the title block, the preamble, each section, article, numbered and lettered
item, dash bullet, table row and sub-row, the closing sentence, the signature and the "Nơi nhận" list.
A table row whose parts are encoded one by one (``PL.II.1.1``, ``PL.II.1.2`` for a row whose merged cells
pair two tasks) is covered by them. A part is covered when an element of the plan that encodes text — an item of any top-level list but
``interpretations``, ``parties`` and ``triggers`` — has ``source.document`` the plan's document and:

* for a bullet (``III.2.a`` bullet 3): ``source.ref`` its ref and ``source.bullet`` its number (a "+"
  sub-bullet goes with its bullet);
* for any other part: ``source.ref`` its ref (with or without a bullet).

A part that states nothing to encode is listed under ``non_normative`` of the document's entry in the
sources index, with its ``ref`` (and ``bullet``) and a ``reason``.  A mark without ``bullet`` marks the
part and its bullets; a mark with one, that bullet.  Table containers and column-header rows are
structure, never parts to cover.

PASS::

    # sources index
    non_normative: [{ref: header, reason: "the title block: number, place, date and title"}]
    # plan
    duties: [{…, source: {document: kh-cctthc-2024, ref: "IV.1", bullet: 1, …}}, …]

FAIL (``missing-coverage``, once per part, at the element that encodes the part before it in the text,
or at the top of the plan file when no part before it is encoded; the message gives the ref, the line of
the text and its first words)::

    duties: []   # IV.2 "2. Giao Văn phòng UBND tỉnh theo dõi, kiểm tra, …" is neither encoded nor marked

FAIL (``non-normative-unknown-ref``, at the mark): a mark names a ref (or bullet) the text does not have.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..outline import OutlineNode, iter_nodes, parse_outline
from ..problems import Problem
from ._plan_common import Element, elements
from .base import Context, Document

__all__ = ["NOT_COVERING_SECTIONS", "RULES", "STRUCTURE_KINDS", "non_normative_marks", "plan_coverage"]

NOT_COVERING_SECTIONS: frozenset[str] = frozenset({"interpretations", "parties", "triggers"})
STRUCTURE_KINDS: frozenset[str] = frozenset({"table", "header-row"})
_WORDS = 8


Key = tuple[str, int | None]


def _entry(ctx: Context, document_id: str) -> tuple[Document, int, dict[str, Any]] | None:
    for doc in ctx.of_kind("sources"):
        data = doc.data if isinstance(doc.data, dict) else {}
        for index, entry in enumerate(data.get("documents") or []):
            if isinstance(entry, dict) and entry.get("id") == document_id:
                return doc, index, entry
    return None


def non_normative_marks(entry: dict[str, Any]) -> list[tuple[int, Key]]:
    """(index in the list, (ref, bullet)) of each ``non_normative`` mark of a sources entry."""
    marks = entry.get("non_normative")
    out: list[tuple[int, Key]] = []
    for index, mark in enumerate(marks if isinstance(marks, list) else []):
        if not isinstance(mark, dict) or not isinstance(mark.get("ref"), str):
            continue
        bullet = mark.get("bullet")
        out.append((index, (mark["ref"], bullet if isinstance(bullet, int) and not isinstance(bullet, bool) else None)))
    return out


def _covering(doc: Document, document_id: str) -> Iterator[tuple[Element, str, int | None]]:
    data = doc.data if isinstance(doc.data, dict) else {}
    sections = tuple(k for k, v in data.items() if isinstance(v, list) and k not in NOT_COVERING_SECTIONS)
    for element in elements(doc, sections):
        source: Any = element.data.get("source")
        if not isinstance(source, dict) or source.get("document") != document_id:
            continue
        ref = source.get("ref")
        if not isinstance(ref, str):
            continue
        bullet = source.get("bullet")
        yield element, ref, bullet if isinstance(bullet, int) and not isinstance(bullet, bool) else None


def _first_words(text: str) -> str:
    words = text.split()
    return " ".join(words[:_WORDS]) + (" …" if len(words) > _WORDS else "")


def _key(node: OutlineNode) -> Key:
    return (node.ref, node.bullet if node.kind in ("bullet", "sub-bullet") else None)


def plan_coverage(ctx: Context) -> Iterable[Problem]:
    for doc in ctx.of_kind("plan"):
        data = doc.data if isinstance(doc.data, dict) else {}
        document_id = data.get("document")
        if not isinstance(document_id, str) or document_id not in ctx.source_texts:
            continue
        found = _entry(ctx, document_id)
        nodes = parse_outline(ctx.source_texts[document_id])
        yield from _check(ctx, doc, document_id, nodes, found)


def _check(ctx: Context, doc: Document, document_id: str, nodes: tuple[OutlineNode, ...],
           found: tuple[Document, int, dict[str, Any]] | None) -> Iterator[Problem]:
    by_ref: dict[str, Element] = {}
    by_bullet: dict[Key, Element] = {}
    by_part: dict[str, Element] = {}
    for element, ref, bullet in _covering(doc, document_id):
        by_ref.setdefault(ref, element)
        head, _, _ = ref.rpartition(".")
        while head.startswith("PL."):  # a table row encoded by its parts (PL.II.1.1, PL.II.1.2) covers the row
            by_part.setdefault(head, element)
            head, _, _ = head.rpartition(".")
        if bullet is not None:
            by_bullet.setdefault((ref, bullet), element)
    parts = [n for n in iter_nodes(nodes) if n.kind not in STRUCTURE_KINDS]
    known = {_key(n) for n in parts}
    marked: set[Key] = set()
    if found is not None:
        index_doc, position, entry = found
        for index, key in non_normative_marks(entry):
            marked.add(key)
            if key not in known:
                ref, bullet = key
                shown = f"bullet {bullet} of {ref}" if bullet is not None else ref
                yield ctx.problem(index_doc, index_doc.root.get("documents", position, "non_normative", index, "ref"),
                                  "non-normative-unknown-ref",
                                  f"non_normative names {shown}, which the text of {document_id} does not have",
                                  hint="run `kehoach outline " + document_id + "` to see the parts of the text")
    previous: Element | None = None
    for node in parts:
        ref, bullet = _key(node)
        covering = by_bullet.get((ref, bullet)) if bullet is not None else by_ref.get(ref)
        if covering is None and node.kind in ("row", "sub-row"):
            covering = by_part.get(ref)
        if covering is not None:
            previous = covering
            continue
        if (ref, bullet) in marked or (ref, None) in marked or not node.text.strip():
            continue
        shown = f"bullet {bullet} of {ref}" if bullet is not None else ref
        where = f'source.ref "{ref}"' + (f" and source.bullet {bullet}" if bullet is not None else "")
        hint = (f"add an element with {where}, or mark it under non_normative of {document_id} in the "
                "sources index with a reason")
        yield ctx.problem(
            doc, previous.node if previous is not None else None, "missing-coverage",
            f'{shown} of {document_id} (line {node.line}: "{_first_words(node.text)}") is not encoded by any '
            "element, nor marked non-normative", hint=hint)


RULES = (plan_coverage,)
