"""What the Python API accepts and how it refuses the rest: dates and datetimes, agencies of the wrong type,
facts given as nothing, paths or loaded facts, --from after --by, and typed errors that point at 1:1."""
from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from _cli_query_support import REPO, run, spec_loaded_once  # noqa: F401  (autouse fixture)

import kehoach
from kehoach.errors import InvalidFacts, SpecError, UnknownAgency

EXAMPLE = REPO / "examples" / "facts-2024.yaml"


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec(plan="qt-cctthc-2024")


# --------------------------------------------------------------------------- dates


def test_parse_date_takes_the_date_of_a_datetime() -> None:
    assert kehoach.parse_date(datetime(2024, 6, 1, 23, 59, tzinfo=UTC)) == date(2024, 6, 1)
    assert type(kehoach.parse_date(datetime(2024, 6, 1, 8))) is date


def test_datetimes_compare_with_due_dates(spec: kehoach.Spec) -> None:
    by_datetime = kehoach.due(spec, "so-tu-phap", datetime(2024, 6, 1, 9), datetime(2024, 1, 1, 9))
    assert by_datetime == kehoach.due(spec, "so-tu-phap", "2024-06-01", "2024-01-01")
    status = kehoach.status(spec, "so-tu-phap", datetime(2024, 9, 10, 17))
    assert status.as_of == date(2024, 9, 10)


def test_from_after_by(spec: kehoach.Spec) -> None:
    code, out, err = run("due", "STP", "--by", "2024-06-01", "--from", "2024-07-01")
    assert (code, out) == (2, "")
    assert "--from (2024-07-01) is after --by (2024-06-01)" in err
    with pytest.raises(kehoach.InvalidDate) as info:
        kehoach.due(spec, "STP", "2024-06-01", "2024-07-01")
    assert info.value.reason == "since (2024-07-01) is after by (2024-06-01)"
    with pytest.raises(kehoach.InvalidDate):
        kehoach.due_for_group(spec, None, "2024-06-01", "2024-07-01")


# --------------------------------------------------------------------------- agencies that are not text


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


@pytest.mark.parametrize("agency", [None, "", "   ", 17])
def test_bad_agency_is_typed(spec: kehoach.Spec, agency: object) -> None:
    with pytest.raises(kehoach.UnknownAgency) as info:
        kehoach.due(spec, agency, "2024-06-01")  # type: ignore[arg-type]
    assert info.value.query == ""


# --------------------------------------------------------------------------- facts


def test_status_without_facts(spec: kehoach.Spec) -> None:
    none = kehoach.status(spec, "so-tu-phap", "2024-09-10")
    same = kehoach.status(spec, "so-tu-phap", "2024-09-10", None)
    assert none == same and none.facts_files == ()
    counts = dict(none.summary)
    assert counts["done_on_time"] == 0 and counts["done_late"] == 0 and counts["overdue"] > 0
    assert len(kehoach.status_for_group(spec, "ubnd-cap-huyen", "2024-09-10")) == 10


def test_status_facts_as_empty_list_or_paths(spec: kehoach.Spec) -> None:
    assert kehoach.status(spec, "so-tu-phap", "2024-09-10", []) == kehoach.status(spec, "so-tu-phap", "2024-09-10")
    by_path = kehoach.status(spec, "so-tu-phap", "2024-09-10", [EXAMPLE])
    loaded = kehoach.status(spec, "so-tu-phap", "2024-09-10", kehoach.load_facts([EXAMPLE], spec))
    assert by_path == loaded and by_path.facts_files == (str(EXAMPLE),)


def test_an_unreadable_facts_file_is_at_1_1(spec: kehoach.Spec) -> None:
    with pytest.raises(InvalidFacts) as caught:
        kehoach.load_facts(["/nonexist.yaml"], spec)
    assert [(p.file, p.line, p.col, p.code) for p in caught.value.problems] == [("/nonexist.yaml", 1, 1, "not-found")]


def test_a_spec_without_a_plan_is_at_1_1(tmp_path: Path) -> None:
    shutil.copy(REPO / "spec" / "registry.yaml", tmp_path / "registry.yaml")
    with pytest.raises(SpecError) as caught:
        kehoach.load_spec(tmp_path, use_cache=False)
    assert [(p.file, p.line, p.col, p.code, p.message) for p in caught.value.problems] == [
        (str(tmp_path), 1, 1, "missing-document", "no plan document in the spec")]


# --------------------------------------------------------------------------- answers as JSON data


@pytest.mark.parametrize(("value", "message"), [
    (5, "to_json_data takes an Answer, a StatusAnswer or the GroupAnswers of *_for_group, not int: 5"),
    (None, "to_json_data takes an Answer, a StatusAnswer or the GroupAnswers of *_for_group, not NoneType: None"),
    ((1, 2), "to_json_data takes a tuple of answers; it holds a int: 1"),
])
def test_to_json_data_of_something_else_is_a_type_error(value: object, message: str) -> None:
    with pytest.raises(TypeError) as caught:
        kehoach.to_json_data(value)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_group_json_is_the_cli_envelope(spec: kehoach.Spec) -> None:
    api = kehoach.to_json_data(kehoach.due_for_group(spec, "UBND cấp huyện", "2024-06-01", "2024-05-01"))
    code, out, _ = run("due", "UBND cấp huyện", "--by", "2024-06-01", "--from", "2024-05-01", "--format", "json")
    assert code == 0 and api == json.loads(out)
    assert api["group"] == {"id": "ubnd-cap-huyen", "name": spec.registry.groups["ubnd-cap-huyen"].name}
    assert api["query"] == {"agency": "ubnd-cap-huyen", "by": "2024-06-01", "since": "2024-05-01"}
    every = kehoach.to_json_data(kehoach.obligations_for_group(spec, None, "2025-03-01"), lang="vi")
    code, out, _ = run("obligations", "--all", "--on", "2025-03-01", "--format", "json", "--lang", "vi")
    assert code == 0 and every == json.loads(out)
    assert every["group"] == {"id": "all", "name": "Mọi cơ quan trong danh mục"}
