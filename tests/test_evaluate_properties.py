"""Invariants of the evaluator (hypothesis), on the mini spec."""
from __future__ import annotations

import copy
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.api import to_json_data
from kehoach.calendar import Calendar
from kehoach.evaluate import due, obligations, status
from kehoach.facts import Facts
from kehoach.model import Spec

MINI = Path(__file__).parent / "fixtures" / "mini_spec"
CAL = Calendar.for_years([2023, 2024, 2025])


def _load(name: str) -> Any:
    return yaml.safe_load((MINI / name).read_text(encoding="utf-8"))


PLAN, REGISTRY, SOURCES = _load("plan.yaml"), _load("registry.yaml"), _load("sources/index.yaml")
SPEC = Spec.from_data(PLAN, REGISTRY, SOURCES, digest="d", calendar=CAL)
AGENCIES = sorted(SPEC.registry.agencies)
GROUPS = sorted(SPEC.registry.groups)
ADDRESSEES = ("provincial-and-district", "all-levels")

days = st.dates(min_value=date(2023, 12, 1), max_value=date(2025, 1, 31))
agencies = st.sampled_from(AGENCIES)


def _key(o: Any) -> tuple[Any, ...]:
    return (o.id, o.role, o.due, o.period)


@given(agencies, days, days, st.sampled_from(ADDRESSEES))
def test_due_is_monotone_in_by(agency: str, d1: date, d2: date, who: str) -> None:
    lo, hi = min(d1, d2), max(d1, d2)
    a = {_key(o) for o in due(SPEC, agency, lo, assumptions={"addressees": who}).obligations}
    b = {_key(o) for o in due(SPEC, agency, hi, assumptions={"addressees": who}).obligations}
    assert a <= b


def _with_new_agency(groups: list[str]) -> Spec:
    reg = copy.deepcopy(REGISTRY)
    reg["agencies"].append({"id": "so-moi", "name": "Sở Mới", "level": "province", "type": "so",
                            "parent": "ubnd-tinh", "groups": groups})
    return Spec.from_data(PLAN, reg, SOURCES, digest="d", calendar=CAL)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(GROUPS), unique=True, max_size=4), days, st.sampled_from(ADDRESSEES))
def test_obligations_are_the_union_over_groups(groups: list[str], on: date, who: str) -> None:
    assume = {"addressees": who}

    def owed(gs: list[str]) -> set[tuple[Any, ...]]:
        spec = _with_new_agency(gs)
        return ({_key(o) for o in obligations(spec, "so-moi", on, None, assume).obligations}
                | {_key(o) for o in due(spec, "so-moi", on, assumptions=assume).obligations})

    union: set[tuple[Any, ...]] = set()
    for g in groups:
        union |= owed([g])
    assert owed(groups) == union


def _shuffled(data: Any, rng: random.Random) -> Any:
    if isinstance(data, dict):
        items = list(data.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng) for k, v in items}
    if isinstance(data, list):
        out = [_shuffled(v, rng) for v in data]
        rng.shuffle(out)
        return out
    return data


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), agencies, days)
def test_results_do_not_depend_on_key_or_list_order(seed: int, agency: str, on: date) -> None:
    rng = random.Random(seed)
    plan = _shuffled(PLAN, rng)
    # quote fragments are ordered text, not a set: keep them as written
    for element in (*plan["duties"], *plan["requirements"], *plan["indicators"]):
        element["source"] = next(e["source"] for e in (*PLAN["duties"], *PLAN["requirements"], *PLAN["indicators"])
                                 if e["id"] == element["id"])
    other = Spec.from_data(plan, _shuffled(REGISTRY, rng), _shuffled(SOURCES, rng), digest="d", calendar=CAL)
    assert to_json_data(due(other, agency, on)) == to_json_data(due(SPEC, agency, on))
    assert to_json_data(obligations(other, agency, on)) == to_json_data(obligations(SPEC, agency, on))


@given(agencies, days, st.sampled_from(ADDRESSEES))
def test_every_obligation_carries_source_ref_and_quote(agency: str, on: date, who: str) -> None:
    assume = {"addressees": who}
    answer = obligations(SPEC, agency, on, None, assume).obligations + due(SPEC, agency, on, assumptions=assume).obligations
    for o in answer:
        assert o.source.document and o.source.ref and o.source.quote and all(q.strip() for q in o.source.quote)


RANK = {"done_on_time": 0, "done_late": 1, "open": 2, "waiting": 2, "overdue": 3, "met": 0, "not_met": 1, "no_data": 2}


@settings(max_examples=60, deadline=None)
@given(agencies, days, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=10_000))
def test_a_submission_never_worsens_any_status(agency: str, as_of: date, offset: int, pick: int) -> None:
    before = status(SPEC, agency, as_of, Facts())
    candidates = [i.obligation for i in before.items if i.obligation.kind != "target"]
    if not candidates:
        return
    o = candidates[pick % len(candidates)]
    when = date(2024, 1, 1) + timedelta(days=offset)
    facts = Facts.from_data({"submissions": [{"obligation": o.id, "instance": o.period, "agency": agency,
                                              "date": when.isoformat()}]})
    after = status(SPEC, agency, as_of, facts)
    assert len(after.items) == len(before.items)
    for x, y in zip(before.items, after.items, strict=True):
        assert x.obligation == y.obligation
        assert RANK[y.status] <= RANK[x.status], (x, y)
        if (x.obligation.id, x.obligation.period) != (o.id, o.period):
            assert x.status == y.status
