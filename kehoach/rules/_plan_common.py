"""Helpers shared by the plan-content rules (quotes, coverage, interpretations, plan_refs).

Private (leading underscore): the rule discovery in ``kehoach.rules`` skips this module.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..quotenorm import fold as quote_fold
from .base import Context, Document

__all__ = [
    "ELEMENT_SECTIONS",
    "ROLE_KEYS",
    "Element",
    "elements",
    "fold",
    "interpretation_map",
    "party_map",
    "quote_fragments",
    "registry_ids",
    "sources_ids",
]

# Top-level plan lists whose items are traced elements (have `source`).
ELEMENT_SECTIONS: tuple[str, ...] = (
    "interpretations",
    "parties",
    "triggers",
    "objectives",
    "requirements",
    "duties",
    "indicators",
)
ROLE_KEYS: tuple[str, ...] = ("lead", "coordinate", "receive", "channel", "evaluate")



@dataclass(frozen=True)
class Element:
    """One item of a top-level plan list, with its node (for positions)."""

    section: str
    index: int
    data: dict[str, Any]
    node: Any  # loader.Node of the item mapping

    @property
    def ident(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else f"{self.section}[{self.index}]"

    def at(self, *path: str | int) -> Any:
        """The node at ``path`` inside the element, or the element itself when absent."""
        found = self.node.get(*path) if self.node is not None else None
        return found if found is not None else self.node


def elements(doc: Document, sections: tuple[str, ...] = ELEMENT_SECTIONS) -> Iterator[Element]:
    data = doc.data if isinstance(doc.data, dict) else {}
    for section in sections:
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield Element(section, index, item, doc.root.get(section, index))


def fold(text: str) -> str:
    """The quote normalisation of :mod:`kehoach.quotenorm` (NFC, markdown emphasis and cell
    separators dropped, whitespace folded): quotes and source texts are compared through it."""
    return quote_fold(text)


def quote_fragments(quote: Any) -> list[str]:
    if isinstance(quote, str):
        return [quote]
    if isinstance(quote, list):
        return [q for q in quote if isinstance(q, str)]
    return []


def registry_ids(ctx: Context) -> set[str] | None:
    """Agency and group ids of every registry document; None when no registry is loaded."""
    registries = ctx.of_kind("registry")
    if not registries:
        return None
    found: set[str] = set()
    for doc in registries:
        data = doc.data if isinstance(doc.data, dict) else {}
        for key in ("agencies", "groups"):
            for item in data.get(key) or []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    found.add(item["id"])
    return found


def sources_ids(ctx: Context) -> set[str] | None:
    """Document ids of every sources index; None when no index is loaded."""
    indexes = ctx.of_kind("sources")
    if not indexes:
        return None
    found: set[str] = set()
    for doc in indexes:
        data = doc.data if isinstance(doc.data, dict) else {}
        for item in data.get("documents") or []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.add(item["id"])
    return found


def interpretation_map(doc: Document) -> dict[str, dict[str, Any]]:
    data = doc.data if isinstance(doc.data, dict) else {}
    return {
        item["id"]: item
        for item in data.get("interpretations") or []
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def party_map(doc: Document) -> dict[str, dict[str, Any]]:
    data = doc.data if isinstance(doc.data, dict) else {}
    return {
        item["id"]: item
        for item in data.get("parties") or []
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }



