"""An indicator's target and unit are the words of the row its ref cites.

In the appendix row an indicator cites (:mod:`kehoach.outline` gives its cells), the target cell
("Chỉ tiêu năm …") must read ``target.as_written``; ``target.value`` must be the number
``as_written`` writes ("Tối thiểu 80" writes 80); the unit cell ("Đơn vị") must read ``unit``. The
comparator is checked against ``as_written`` by ``interpretations`` (``comparator-mismatch``). A row
without such a header, or a target the text does not give (``target: null``), is not checked here.

PASS::

    target: {comparator: ge, value: 80, as_written: "Tối thiểu 80"}     # row PL.1.1: "%", "Tối thiểu 80"

FAIL (``target-value-mismatch`` at ``target.value``: "Tối thiểu 80" writes 80)::

    target: {comparator: ge, value: 85, as_written: "Tối thiểu 80"}

FAIL (``target-not-in-row`` at ``target.as_written``: the row reads "Tối thiểu 80")::

    target: {comparator: ge, value: 85, as_written: "Tối thiểu 85"}

FAIL (``unit-not-in-row`` at ``unit``: the row's unit is "%")::

    unit: "điểm"
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..problems import Problem
from ._plan_common import Element, elements, fold
from ._provenance import Cited, row_cell, shorten, source_cited
from .base import Context, Document

__all__ = ["RULES", "written_number"]

_NUMBER = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)(?![\d.,])")


def written_number(text: str) -> float | None:
    """The one number ``text`` writes ("Tối thiểu 80" → 80.0, "99,5" → 99.5); None for none or several."""
    found = _NUMBER.findall(text)
    if len(found) != 1:
        return None
    return float(found[0].replace(",", "."))


def _same(a: str, b: str) -> bool:
    return fold(a).casefold() == fold(b).casefold()


def _check(ctx: Context, doc: Document, element: Element, cited: Cited) -> Iterator[Problem]:
    row = cited.node.label_ref
    target = element.data.get("target")
    cell = row_cell(cited, "chi tieu nam")
    if isinstance(target, dict) and cell is not None:
        written = target.get("as_written")
        if isinstance(written, str) and not _same(written, cell):
            yield ctx.problem(doc, element.at("target", "as_written"), "target-not-in-row",
                              f"target.as_written \"{fold(written)}\" of '{element.ident}' is not what row {row} "
                              f"reads: \"{shorten(cell) or '(empty)'}\"",
                              hint="copy the target cell as written")
        number = written_number(cell)
        value = target.get("value")
        if isinstance(value, (int, float)) and not isinstance(value, bool) and number is not None and value != number:
            yield ctx.problem(doc, element.at("target", "value"), "target-value-mismatch",
                              f"target.value {value:g} of '{element.ident}' is not the number row {row} writes: "
                              f"\"{shorten(cell)}\"",
                              hint=f"the row writes {number:g}")
    unit = element.data.get("unit")
    unit_cell = row_cell(cited, "don vi")
    if isinstance(unit, str) and unit_cell is not None and not _same(unit, unit_cell):
        yield ctx.problem(doc, element.at("unit"), "unit-not-in-row",
                          f"unit \"{unit}\" of '{element.ident}' is not the unit of row {row}: "
                          f"\"{shorten(unit_cell) or '(empty)'}\"",
                          hint="copy the unit cell as written")


def indicator_targets(ctx: Context) -> Iterable[Problem]:
    for doc in ctx.of_kind("plan"):
        for element in elements(doc, ("indicators",)):
            cited = source_cited(ctx.source_texts, element.data)
            if cited is None or not cited.node.cells:
                continue
            yield from _check(ctx, doc, element, cited)


RULES = (indicator_targets,)
