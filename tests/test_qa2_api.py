"""QA2 item 4: the Python API's edges (datetimes, assumption pairs, to_json_data, agency queries)."""
from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from _cli_query_support import REPO, run

import kehoach
from kehoach.errors import (
    AgencyIsGroup,
    InvalidAssumption,
    InvalidFacts,
    SpecError,
    UnknownAgency,
)

GROUP_HINT = ("not an agency: ask for one of its member agencies, or pass the group to due_for_group / "
              "obligations_for_group / status_for_group (on the command line: give it as AGENCY to due, "
              "obligations or status)")


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec()


def test_parse_date_takes_the_date_of_a_datetime() -> None:
    assert kehoach.parse_date(datetime(2024, 6, 1, 23, 59, tzinfo=UTC)) == date(2024, 6, 1)
    assert type(kehoach.parse_date(datetime(2024, 6, 1, 8))) is date


def test_datetimes_compare_with_due_dates(spec: kehoach.Spec) -> None:
    by_datetime = kehoach.due(spec, "so-tu-phap", datetime(2024, 6, 1, 9), datetime(2024, 1, 1, 9))
    assert by_datetime == kehoach.due(spec, "so-tu-phap", "2024-06-01", "2024-01-01")
    status = kehoach.status(spec, "so-tu-phap", datetime(2024, 9, 10, 17))
    assert status.as_of == date(2024, 9, 10)


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


@pytest.mark.parametrize(("value", "message"), [
    (5, "to_json_data takes an Answer, a StatusAnswer or the GroupAnswers of *_for_group, not int: 5"),
    (None, "to_json_data takes an Answer, a StatusAnswer or the GroupAnswers of *_for_group, not NoneType: None"),
    ((1, 2), "to_json_data takes a tuple of answers; it holds a int: 1"),
])
def test_to_json_data_of_something_else_is_a_type_error(value: object, message: str) -> None:
    with pytest.raises(TypeError) as caught:
        kehoach.to_json_data(value)  # type: ignore[arg-type]
    assert str(caught.value) == message


@pytest.mark.parametrize(("agency", "message"), [
    (None, "unknown agency: None (an agency is text, not NoneType)"),
    (5, "unknown agency: 5 (an agency is text, not int)"),
    ("", "unknown agency: ''"),
    ("  ", "unknown agency: '  '"),
])
def test_an_unusable_agency_keeps_what_was_passed(spec: kehoach.Spec, agency: object, message: str) -> None:
    with pytest.raises(UnknownAgency) as caught:
        kehoach.due(spec, agency, "2024-06-01")  # type: ignore[arg-type]
    assert (str(caught.value), caught.value.query, caught.value.given) == (message, "", agency)


@pytest.mark.parametrize(("query", "group", "name"), [
    ("ubnd-cap-huyen", "ubnd-cap-huyen", "UBND cấp huyện"),
    ("UBND cấp huyện", "ubnd-cap-huyen", "UBND cấp huyện"),
    ("ubnd-cap-xa", "ubnd-cap-xa", "UBND cấp xã"),
])
def test_an_agency_query_naming_a_group(spec: kehoach.Spec, query: str, group: str, name: str) -> None:
    for ask in (lambda: kehoach.due(spec, query, "2024-06-01"), lambda: kehoach.resolve_agency(spec, query),
                lambda: kehoach.status(spec, query, "2024-06-01")):
        with pytest.raises(AgencyIsGroup) as caught:
            ask()
        assert (caught.value.query, caught.value.group, caught.value.name) == (query, group, name)
        assert str(caught.value) == f"{query!r} is a group ({name}, {group}), {GROUP_HINT}"


def test_an_unknown_agency_is_still_unknown(spec: kehoach.Spec) -> None:
    with pytest.raises(UnknownAgency) as caught:
        kehoach.due(spec, "so-khong-co", "2024-06-01")
    assert caught.value.query == "so-khong-co"


def test_explain_with_a_group_as_agency() -> None:
    code, out, err = run("explain", "pl-1-6-3", "--agency", "ubnd-cap-xa")
    assert (code, out) == (2, "")
    assert err == ("Error: 'ubnd-cap-xa' is a group (UBND cấp xã, ubnd-cap-xa), not an agency: ask for one of its "
                   "member agencies, or give the group as AGENCY to due, obligations or status\n")


def test_an_unreadable_facts_file_is_at_1_1(spec: kehoach.Spec) -> None:
    with pytest.raises(InvalidFacts) as caught:
        kehoach.load_facts(["/nonexist.yaml"], spec)
    assert [(p.file, p.line, p.col, p.code) for p in caught.value.problems] == [("/nonexist.yaml", 1, 1, "unreadable")]


def test_a_spec_without_a_plan_is_at_1_1(tmp_path: Path) -> None:
    shutil.copy(REPO / "spec" / "registry.yaml", tmp_path / "registry.yaml")
    with pytest.raises(SpecError) as caught:
        kehoach.load_spec(tmp_path, use_cache=False)
    assert [(p.file, p.line, p.col, p.code, p.message) for p in caught.value.problems] == [
        (str(tmp_path), 1, 1, "missing-document", "no plan document in the spec")]
