"""Assumptions (`--assume ID=VALUE`, `assumptions=` in the API) checked against the plan: ranges, near
misses, repeats, and the accepted forms (text, pairs, a mapping)."""
from __future__ import annotations

import pytest
from _cli_query_support import run, spec_loaded_once  # noqa: F401  (autouse fixture)

import kehoach
from kehoach.errors import InvalidAssumption
from kehoach.schedule import Assumptions


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec(plan="qt-cctthc-2024")


# --------------------------------------------------------------------------- on the command line


@pytest.mark.parametrize(("assume", "message"), [
    ("plan-start=2025-06-01", ("Error: invalid --assume 'plan-start=2025-06-01': plan-start must be on or before the "
                              "end of the plan period (2024-12-31); got 2025-06-01\n")),
    ("target-judging-date=2023-01-01", ("Error: invalid --assume 'target-judging-date=2023-01-01': target-judging-date "
                                       "must be on or after the plan start (2024-01-25); got 2023-01-01\n")),
    ("monthly-day=32", "Error: invalid --assume 'monthly-day=32': expected a day of month 1–31 or 'last'\n"),
    ("monthly-day=0", "Error: invalid --assume 'monthly-day=0': expected a day of month 1–31 or 'last'\n"),
    ("before=inclusiv", ("Error: invalid --assume 'before=inclusiv': before must be one of: exclusive, inclusive, "
                        "inclusive-rolled; did you mean 'inclusive'?\n")),
])
def test_assume_out_of_range_or_mistyped(assume: str, message: str) -> None:
    assert run("due", "STP", "--by", "2024-06-01", "--assume", assume) == (2, "", message)


def test_assume_unknown_id_suggests() -> None:
    code, out, err = run("due", "STP", "--by", "2024-06-01", "--assume", "befor=inclusive")
    assert (code, out) == (2, "")
    assert err.startswith("Error: invalid --assume 'befor=inclusive': unknown interpretation; valid: ")
    assert err.endswith("; did you mean 'before'?\n")


def test_assume_same_id_twice(spec: kehoach.Spec) -> None:
    code, _, err = run("due", "STP", "--by", "2024-06-01", "--assume", "before=inclusive", "--assume",
                       "before=exclusive")
    assert code == 2
    assert err == ("Error: invalid --assume 'before=exclusive': before is given twice with different values: "
                   "'inclusive' and 'exclusive'\n")
    same = Assumptions.for_plan(spec.plan, ["before=inclusive", "before=inclusive"])
    assert same.get("before") == "inclusive"


def test_assume_in_range_accepted(spec: kehoach.Spec) -> None:
    a = Assumptions.for_plan(spec.plan, ["plan-start=2024-12-31", "target-judging-date=2024-12-31"])
    assert (a.get("plan-start"), a.get("target-judging-date")) == ("2024-12-31", "2024-12-31")
    with pytest.raises(kehoach.InvalidAssumption) as info:
        kehoach.due(spec, "STP", "2024-06-01", assumptions={"plan-start": "2025-01-01"})
    assert info.value.text == "plan-start=2025-01-01"


# --------------------------------------------------------------------------- in the Python API


def test_assumption_pairs(spec: kehoach.Spec) -> None:
    pairs = kehoach.due(spec, "so-tu-phap", "2024-06-01", assumptions=[("before", "inclusive")])
    texts = kehoach.due(spec, "so-tu-phap", "2024-06-01", assumptions=["before=inclusive"])
    assert pairs == texts
    assert dict(pairs.interpretations)["before"] == "inclusive"


@pytest.mark.parametrize(("assumptions", "text", "reason"), [
    ([("before",)], "('before',)", "expected 'ID=VALUE' or a pair (ID, VALUE), e.g. ('before', 'inclusive')"),
    ([5], "5", "expected 'ID=VALUE' or a pair (ID, VALUE), e.g. ('before', 'inclusive')"),
    ([(1, "inclusive")], "(1, 'inclusive')", "expected 'ID=VALUE' or a pair (ID, VALUE), e.g. ('before', 'inclusive')"),
    (5, "5", "expected a mapping {ID: VALUE} or a list of 'ID=VALUE' or (ID, VALUE)"),
    ({5: "inclusive"}, "5", "an interpretation id must be text, e.g. 'before'"),
])
def test_bad_assumptions_are_typed(spec: kehoach.Spec, assumptions: object, text: str, reason: str) -> None:
    with pytest.raises(InvalidAssumption) as caught:
        kehoach.due(spec, "so-tu-phap", "2024-06-01", assumptions=assumptions)
    assert (caught.value.text, caught.value.reason) == (text, reason)


def test_pairs_that_disagree_are_rejected(spec: kehoach.Spec) -> None:
    with pytest.raises(InvalidAssumption) as caught:
        kehoach.obligations(spec, "so-tu-phap", "2024-06-01",
                            assumptions=[("before", "inclusive"), ("before", "exclusive")])
    assert caught.value.reason == "before is given twice with different values: 'inclusive' and 'exclusive'"
