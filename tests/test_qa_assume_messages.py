"""QA fixes: --assume values checked against the plan (ranges, near misses, repeats) and agency messages
(capped candidate lists, empty names, suggestions for short names)."""
from __future__ import annotations

import pytest
from _cli_query_support import run, spec_loaded_once  # noqa: F401  (autouse fixture)

import kehoach
from kehoach.schedule import Assumptions


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec()


@pytest.mark.parametrize(("assume", "message"), [
    ("plan-start=2025-06-01", ("Error: invalid --assume 'plan-start=2025-06-01': plan-start must be on or before the "
                              "end of the plan period (2024-12-31); got 2025-06-01\n")),
    ("target-judging-date=2023-01-01", ("Error: invalid --assume 'target-judging-date=2023-01-01': target-judging-date "
                                       "must be on or after the plan start (2024-01-25); got 2023-01-01\n")),
    ("monthly-day=29", "Error: invalid --assume 'monthly-day=29': expected a day of month 1–28 or 'last'\n"),
    ("monthly-day=0", "Error: invalid --assume 'monthly-day=0': expected a day of month 1–28 or 'last'\n"),
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


def test_ambiguous_list_is_capped() -> None:
    code, out, err = run("due", "UBND", "--by", "2024-06-01")
    lines = err.splitlines()
    assert (code, out) == (2, "")
    assert lines[0] == ("Error: ambiguous agency 'UBND': it matches 136 agencies; use the id or add the district")
    assert len(lines) == 12 and lines[-1] == "  … and 126 more"
    assert lines[1] == "  Ủy ban nhân dân tỉnh Quảng Trị (ubnd-tinh)"


@pytest.mark.parametrize("name", ["   ", "\t"])
def test_blank_agency(name: str, spec: kehoach.Spec) -> None:
    assert run("due", name, "--by", "2024-06-01") == (2, "", "Error: empty agency name\n")
    with pytest.raises(kehoach.UnknownAgency) as info:
        spec.registry.resolve(name)
    assert info.value.query == ""


def test_short_name_gets_suggestions(spec: kehoach.Spec) -> None:
    with pytest.raises(kehoach.UnknownAgency) as info:
        kehoach.resolve_agency(spec, "Sở")
    ids = [i for i, _ in info.value.suggestions]
    assert len(ids) == 5 and all(i.startswith("so-") for i in ids)
    code, _, err = run("due", "Sở", "--by", "2024-06-01")
    assert code == 2 and err.startswith("Error: unknown agency 'Sở'\ndid you mean:\n  Sở ")
