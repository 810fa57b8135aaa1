"""Property: a single value changed to another valid value that the text does not back is caught.

Hypothesis picks an element of the bundled plan and one of its fields among a deadline's date, a
target's value, an owner (lead, evaluate) and a receiver, and changes it to another valid value (a date
of the plan year, a percentage, another registry id that stands for other agencies). Every rule runs on the edited plan beside the
bundled registry and sources; some error must point into that element.
"""
from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from _provenance_support import TEXTS, bundled
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.problems import Severity
from kehoach.registry import Registry
from kehoach.rules import run_rules
from kehoach.rules.base import Context, Document

PLAN = bundled("plan")
REGISTRY = bundled("registry")
BODIES = sorted(item["id"] for key in ("agencies", "groups") for item in REGISTRY.data[key])
AGENCIES = Registry.from_data(REGISTRY.data)


def _agencies(values: list[str]) -> frozenset[str]:
    """The agencies ``values`` stand for (a party stands for itself: its addressees are a reading)."""
    out: set[str] = set()
    for value in values:
        out |= set(AGENCIES.member_ids(value)) if value in BODIES else {value}
    return frozenset(out)


def _slots() -> list[tuple[str, int, str, int | None]]:
    """(section, index, field, position in a list) of every value the property may change."""
    out: list[tuple[str, int, str, int | None]] = []
    for section in ("duties", "requirements", "indicators"):
        for index, item in enumerate(PLAN.data.get(section) or []):
            timing = item.get("timing") or {}
            if timing.get("kind") == "deadline":
                out.append((section, index, "date", None))
            if isinstance(item.get("target"), dict):
                out.append((section, index, "target", None))
            for field in ("lead", "receive", "evaluate"):
                if field == "lead" and section != "indicators" and not _named_in_quote(item):
                    # owners the quote does not name come from its context (the item's subject, a party's
                    # phrase): the rules accept any body that context names, so swapping one of them
                    # for another it names is not a value the text fails to back (see the closing note)
                    continue
                out.extend((section, index, field, i) for i in range(len(item.get(field) or [])))
    return out


def _named_in_quote(item: dict[str, Any]) -> bool:
    """True when the element's own quote names one of its leads."""
    from kehoach.rules._provenance import names_of

    quote = item.get("source", {}).get("quote")
    text = " ".join(quote) if isinstance(quote, list) else str(quote or "")
    names = names_of(Context(documents=[PLAN, REGISTRY, bundled("sources")], source_texts=TEXTS), PLAN)
    named = {m.ident for m in names.mentions(text)}
    return any(lead in named for lead in item.get("lead") or [])


SLOTS = _slots()


def _changed(data: dict[str, Any], slot: tuple[str, int, str, int | None], draw: Any) -> dict[str, Any]:
    section, index, field, position = slot
    edited = copy.deepcopy(data)
    item = edited[section][index]
    if field == "date":
        old = dt.date.fromisoformat(item["timing"]["date"])
        new = draw(st.dates(dt.date(2024, 1, 1), dt.date(2024, 12, 31)).filter(lambda d: d != old))
        item["timing"]["date"] = new.isoformat()
    elif field == "target":
        old_value = item["target"]["value"]
        item["target"]["value"] = draw(st.integers(0, 100).filter(lambda v: v != old_value))
    else:
        values = item[field]
        assert position is not None
        before = _agencies(values)

        def same_meaning(body: str) -> bool:  # another name of the same agencies is no change
            return _agencies([*values[:position], body, *values[position + 1:]]) == before

        values[position] = draw(st.sampled_from([b for b in BODIES if b not in values]).filter(
            lambda b: not same_meaning(b)))
    return edited


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(SLOTS), st.data())
def test_an_unbacked_single_value_change_is_caught(slot: tuple[str, int, str, int | None], data: st.DataObject) -> None:
    edited = _changed(PLAN.data, slot, data.draw)
    plan = Document("plan", PLAN.path, PLAN.display, PLAN.root, edited)
    problems = run_rules(Context(documents=[plan, REGISTRY, bundled("sources")], source_texts=TEXTS))
    section, index = slot[0], slot[1]
    at_element = [p for p in problems if p.severity is Severity.ERROR and p.path[:2] == (section, index)]
    assert at_element, (slot, [(p.code, p.path) for p in problems])
