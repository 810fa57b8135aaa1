"""Duplicate ids: every ``id`` of an item in a top-level list shares one namespace — per document for
plans (ids are unique within a plan), across documents for registries (agency and group ids are unique
in the whole library).

PASS::

    agencies: [{id: so-tu-phap}]
    groups:   [{id: ubnd-cap-xa}]

FAIL (``duplicate-id``, at the second one, naming the first)::

    agencies: [{id: so-tu-phap}]
    groups:   [{id: so-tu-phap}]

Document-level ``id`` keys (e.g. two plan files with the same ``id``) are checked the same way.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..problems import Problem
from .base import Context, Document

__all__ = ["PER_DOCUMENT", "RULES", "duplicate_ids"]

PER_DOCUMENT = frozenset({"plan", "scenario", "facts"})
"""Kinds whose item ids are unique within each document; registry ids (agencies, groups) are unique
across every registry of the library."""


def _item_ids(doc: Document) -> Iterable[tuple[str, object]]:
    """(id, node) for each mapping with a text ``id`` in a list directly under the document root."""
    if not isinstance(doc.data, dict):
        return
    for key, value in doc.data.items():
        if not isinstance(value, list):
            continue
        for index, item in enumerate(value):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                yield item["id"], doc.root.get(key, index, "id")


def duplicate_ids(ctx: Context) -> Iterable[Problem]:
    kinds = sorted({d.kind for d in ctx.documents})
    for kind in kinds:
        docs = sorted(ctx.of_kind(kind), key=lambda d: d.display)
        items: dict[str, tuple[Document, object]] = {}
        tops: dict[str, tuple[Document, object]] = {}
        for doc in docs:
            if isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
                node = doc.root.get("id")
                first = tops.get(doc.data["id"])
                if first is not None:
                    yield _duplicate(ctx, doc, node, doc.data["id"], first, kind)
                else:
                    tops[doc.data["id"]] = (doc, node)
            if kind in PER_DOCUMENT:
                items = {}  # a plan's ids are its own: two plans may both have a 'muc-tieu-1'
            for ident, node in _item_ids(doc):
                first = items.get(ident)
                if first is not None:
                    yield _duplicate(ctx, doc, node, ident, first, kind)
                else:
                    items[ident] = (doc, node)


def _duplicate(ctx: Context, doc: Document, node: object, ident: str,
               first: tuple[Document, object], kind: str) -> Problem:
    first_doc, first_node = first
    where = f"{first_doc.display}:{getattr(first_node, 'line', 0)}"
    return ctx.problem(doc, node, "duplicate-id", f"duplicate id '{ident}' in {kind} (first used at {where})",
                       hint="ids must be unique within a document kind")


RULES = (duplicate_ids,)
