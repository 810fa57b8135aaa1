"""Every numbered part of the plan text is encoded.

The plan's own entry in the sources index lists the parts of its text (``outline``: a ref and,
where it has dash bullets, how many). Each ref must be the ``source.ref`` of at least one
objective, requirement, duty or indicator, and each bullet ``n`` of a ref the ``source.bullet`` of
at least one of them.

PASS::

    outline: [{ref: "IV.1", bullets: 3}]
    duties: [{…, source: {ref: "IV.1", bullet: 1, …}}, {… bullet: 2 …}, {… bullet: 3 …}]

FAIL (``missing-coverage``, once per missing ref or bullet, at the top of the plan file)::

    outline: [{ref: "IV.2"}]
    duties: []
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..problems import Problem
from ._plan_common import elements
from .base import Context, Document

__all__ = ["COVERING_SECTIONS", "RULES", "outline_of", "plan_coverage"]

COVERING_SECTIONS: tuple[str, ...] = ("objectives", "requirements", "duties", "indicators")


def outline_of(ctx: Context, document_id: str) -> list[tuple[str, int]] | None:
    """(ref, number of bullets) for the sources entry ``document_id``; None when it has no outline."""
    for doc in ctx.of_kind("sources"):
        data = doc.data if isinstance(doc.data, dict) else {}
        for entry in data.get("documents") or []:
            if isinstance(entry, dict) and entry.get("id") == document_id:
                outline = entry.get("outline")
                if not isinstance(outline, list):
                    return None
                return [
                    (item["ref"], int(item.get("bullets") or 0))
                    for item in outline
                    if isinstance(item, dict) and isinstance(item.get("ref"), str)
                ]
    return None


def _covered(doc: Document, document_id: str) -> tuple[set[str], set[tuple[str, int]]]:
    refs: set[str] = set()
    bullets: set[tuple[str, int]] = set()
    for element in elements(doc, COVERING_SECTIONS):
        source: Any = element.data.get("source")
        if not isinstance(source, dict) or source.get("document") != document_id:
            continue
        ref = source.get("ref")
        if not isinstance(ref, str):
            continue
        refs.add(ref)
        bullet = source.get("bullet")
        if isinstance(bullet, int) and not isinstance(bullet, bool):
            bullets.add((ref, bullet))
    return refs, bullets


def plan_coverage(ctx: Context) -> Iterable[Problem]:
    for doc in ctx.of_kind("plan"):
        data = doc.data if isinstance(doc.data, dict) else {}
        document_id = data.get("document")
        if not isinstance(document_id, str):
            continue
        outline = outline_of(ctx, document_id)
        if outline is None:
            continue
        refs, bullets = _covered(doc, document_id)
        for ref, count in outline:
            if ref not in refs:
                yield ctx.problem(doc, None, "missing-coverage",
                                  f"{ref} of {document_id} is not encoded by any objective, requirement, duty or indicator",
                                  hint=f"add an element with source.ref \"{ref}\"")
                continue
            for bullet in range(1, count + 1):
                if (ref, bullet) not in bullets:
                    yield ctx.problem(doc, None, "missing-coverage",
                                      f"bullet {bullet} of {ref} of {document_id} is not encoded by any element",
                                      hint=f"add an element with source.ref \"{ref}\" and source.bullet {bullet}")


RULES = (plan_coverage,)
