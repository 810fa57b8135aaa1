"""The evaluator's fast path (a per-spec memo of each agency's sorted instances, shared between agencies
with the same group chains, and a bisect window for `due`) gives exactly the answers of a straightforward
recomputation — so the optimisation cannot drift."""
from __future__ import annotations

import copy
import pickle
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach import evaluate as ev
from kehoach.api import load_facts, load_spec
from kehoach.facts import Facts
from kehoach.model import Spec, SpecMemo
from kehoach.resources import bundled_spec_dir
from kehoach.schedule import Assumptions
from kehoach.validate import validate_paths

REPO = Path(__file__).resolve().parent.parent
SPEC = load_spec(plan="qt-cctthc-2024")  # the bundled plan and registry; its memo stays warm across examples
FACTS = load_facts(REPO / "examples" / "facts-2024.yaml", SPEC)
AGENCIES = sorted(SPEC.registry.agencies)


def _cold(spec: Spec) -> Spec:
    """The same spec with a memo that keeps nothing: every query recomputes from scratch."""
    cold = spec.with_calendar(ev.spec_calendar(spec))
    object.__setattr__(cold, "memo", SpecMemo(size=0))
    return cold


COLD = _cold(SPEC)


def _values(interp: Any) -> st.SearchStrategy[Any]:
    if interp.value_type == "day-of-month":
        return st.one_of(st.integers(1, 28), st.just("last"))
    if interp.value_type == "date":
        # a judging date before the plan start is rejected (InvalidAssumption): draw from the default start on
        start = date.fromisoformat(str(Assumptions.for_plan(SPEC.plan).get(SPEC.plan.period_start)))
        return st.dates(start, date(2024, 12, 31)).map(date.isoformat)
    return st.sampled_from(interp.choice_ids())


# plan-start is left at its default: the scenario of a plan starting after a target is judged is not the point here
OVERRIDABLE = [i for i in SPEC.plan.interpretations if i.id != SPEC.plan.period_start]
assumptions = st.fixed_dictionaries({}, optional={i.id: _values(i) for i in OVERRIDABLE}).map(
    lambda d: Assumptions.for_plan(SPEC.plan, d))
days = st.dates(min_value=date(2023, 12, 1), max_value=date(2025, 1, 31))
agencies = st.sampled_from(AGENCIES)
facts = st.sampled_from([None, FACTS])


def _reference_due(spec: Spec, agency: str, by: date, since: date | None, a: Assumptions,
                   f: Facts | None) -> tuple[ev.Obligation, ...]:
    """`due` as its definition reads: every instance, filtered, sorted — no memo, no bisect."""
    every = ev._instances(spec, agency, a, ev.spec_calendar(spec), f, by)
    return tuple(sorted((o for o in every if o.due is not None and o.due <= by and (since is None or since <= o.due)),
                        key=ev.Obligation.sort_key))


@settings(max_examples=300, deadline=None)
@given(agencies, days, st.one_of(st.none(), days), assumptions, facts)
def test_due_equals_the_straightforward_recomputation(agency: str, by: date, since: date | None, a: Assumptions,
                                                      f: Facts | None) -> None:
    fast = ev.due(SPEC, agency, by, since, a, f)
    assert fast.obligations == _reference_due(SPEC, agency, by, since, a, f)
    assert fast == ev.due(COLD, agency, by, since, a, f)
    assert all(o.agency == agency for o in fast.obligations)


@settings(max_examples=150, deadline=None)
@given(agencies, days, assumptions, facts)
def test_obligations_and_status_equal_a_cold_recomputation(agency: str, day: date, a: Assumptions,
                                                           f: Facts | None) -> None:
    assert ev.obligations(SPEC, agency, day, f, a) == ev.obligations(COLD, agency, day, f, a)
    if f is not None:
        assert ev.status(SPEC, agency, day, f, a) == ev.status(COLD, agency, day, f, a)


@settings(max_examples=60, deadline=None)
@given(agencies, assumptions)
def test_memoised_instances_are_the_instances(agency: str, a: Assumptions) -> None:
    """Shared-by-chains or not, the memo holds each agency's own instances, none lost or added."""
    end = SPEC.plan.period_end
    reference = sorted(ev._instances(SPEC, agency, a, ev.spec_calendar(SPEC), None, end), key=ev.Obligation.sort_key)
    memo = sorted(ev._all_instances(SPEC, agency, a, None, end), key=ev.Obligation.sort_key)
    assert memo == reference


def test_agencies_sharing_chains_get_their_own_id() -> None:
    communes = [a for a in AGENCIES if SPEC.registry.agency(a).level == "commune"][:3]
    a = Assumptions.for_plan(SPEC.plan, {"addressees": "all-levels"})
    answers = [ev.due(SPEC, c, date(2024, 12, 31), None, a) for c in communes]
    assert [ans.agency.id for ans in answers] == communes
    assert [{o.agency for o in ans.obligations} for ans in answers] == [{c} for c in communes]
    assert len({tuple(o.id for o in ans.obligations) for ans in answers}) == 1


def test_memo_is_bounded_and_only_caches() -> None:
    memo = SpecMemo(size=2)
    made: list[str] = []

    def make(key: str) -> str:
        made.append(key)
        return key.upper()

    assert [memo.get(k, partial(make, k)) for k in ("a", "b", "a", "c", "b")] == ["A", "B", "A", "C", "B"]
    assert made == ["a", "b", "c", "b"]  # "b" was least recently used when "c" came in
    assert len(memo) == 2


def test_memo_is_not_part_of_the_spec_value() -> None:
    assert COLD == SPEC.with_calendar(ev.spec_calendar(SPEC))
    assert "memo=" not in repr(SPEC)


def test_threads_sharing_a_small_memo_get_the_same_answers() -> None:
    """Evictions racing between threads never change an answer."""
    tiny = SPEC.with_calendar(ev.spec_calendar(SPEC))
    object.__setattr__(tiny, "memo", SpecMemo(size=3))
    work = [(agency, date(2024, month, 1)) for agency in AGENCIES[::4] for month in (3, 6, 9, 12)]
    expected = [ev.due(COLD, agency, day) for agency, day in work]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda job: ev.due(tiny, *job), work))
    assert got == expected
    assert len(tiny.memo) == 3


def _plain_parts() -> tuple[Any, Any, Any]:
    root = bundled_spec_dir()
    docs: dict[str, Any] = {}
    for d in validate_paths([root], spec_root=root).documents:  # the Quảng Trị plan and its registry
        if d.kind == "sources" or d.data.get("id") in ("qt-cctthc-2024", "quang-tri"):
            docs.setdefault(d.kind, d.data)
    return docs["plan"], docs["registry"], docs.get("sources")


def test_a_spec_pickles_and_copies_with_an_empty_memo() -> None:
    plain = Spec.from_data(*_plain_parts(), digest=SPEC.digest, calendar=ev.spec_calendar(SPEC))
    ev.due(plain, "so-tu-phap", date(2024, 9, 30))  # the memo is no longer empty
    assert len(plain.memo) > 0
    for other in (pickle.loads(pickle.dumps(plain)), copy.deepcopy(plain)):
        assert other == plain
        assert len(other.memo) == 0
        assert ev.due(other, "so-tu-phap", date(2024, 9, 30)) == ev.due(plain, "so-tu-phap", date(2024, 9, 30))


@settings(max_examples=40, deadline=None)
@given(assumptions, facts, days)
def test_sort_keys_are_unique_so_instance_order_cannot_matter(a: Assumptions, f: Facts | None, day: date) -> None:
    """The memo lists instances in another order than `_instances`; `obligations` and `status` sort
    (and pick a recurring duty's next instance by the smallest key), which gives the same answer
    only because no two instances of one agency share a sort key."""
    cal = ev.spec_calendar(SPEC)
    for agency in AGENCIES:
        keys = [o.sort_key() for o in ev._instances(SPEC, agency, a, cal, f, day)]
        assert len(keys) == len(set(keys)), agency
