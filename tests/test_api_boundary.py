"""The public API checks its arguments: a value of the wrong type raises a KehoachError subclass naming
the argument (InvalidArgument, also a TypeError), never an AttributeError, a TypeError of Python's or a
hang; arbitrary values (hypothesis) let only KehoachError subclasses escape."""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kehoach
from kehoach import api
from kehoach.calendar import Calendar
from kehoach.errors import (
    InvalidArgument,
    InvalidDate,
    InvalidFacts,
    KehoachError,
    PathRefused,
    SpecError,
    UnknownAgency,
)

REPO = Path(__file__).resolve().parent.parent
FACTS = REPO / "examples" / "facts-2024.yaml"
SPEC = kehoach.load_spec(plan="qt-cctthc-2024")

_ODD = Path(tempfile.mkdtemp(prefix="kehoach-odd-"))
os.mkfifo(_ODD / "fifo.yaml")
(_ODD / "link.yaml").symlink_to("/etc/passwd")
(_ODD / "empty-dir").mkdir()
ODD_PATHS = [str(_ODD / "fifo.yaml"), "/dev/zero", str(_ODD / "link.yaml"), str(_ODD / "empty-dir"), "", " ",
             "/nonexistent/x.yaml", "/", "/proc/self", _ODD / "fifo.yaml", str(FACTS)]


@pytest.mark.parametrize(("call", "function", "argument"), [
    (lambda: kehoach.due(None, "so-tu-phap", "2024-06-01"), "due", "spec"),  # type: ignore[arg-type]
    (lambda: kehoach.obligations(5, "so-tu-phap", "2024-06-01"), "obligations", "spec"),  # type: ignore[arg-type]
    (lambda: kehoach.status("spec", "so-tu-phap", "2024-06-01"), "status", "spec"),  # type: ignore[arg-type]
    (lambda: kehoach.due(SPEC, "so-tu-phap", 20240601), "due", "by"),  # type: ignore[arg-type]
    (lambda: kehoach.due(SPEC, "so-tu-phap", "2024-06-01", b"2024"), "due", "since"),  # type: ignore[arg-type]
    (lambda: kehoach.obligations(SPEC, "so-tu-phap", None), "obligations", "on"),  # type: ignore[arg-type]
    (lambda: kehoach.status(SPEC, "so-tu-phap", ["2024-06-01"]), "status", "as_of"),  # type: ignore[arg-type]
    (lambda: kehoach.status(SPEC, "so-tu-phap", "2024-06-01", facts=5), "status", "facts"),  # type: ignore[arg-type]
    (lambda: kehoach.obligations(SPEC, "so-tu-phap", "2024-06-01", {"a": 1}), "obligations",  # type: ignore[arg-type]
     "facts"),
    (lambda: kehoach.load_facts(FACTS, None), "load_facts", "spec"),  # type: ignore[arg-type]
    (lambda: kehoach.load_facts(5, SPEC), "load_facts", "facts"),  # type: ignore[arg-type]
    (lambda: kehoach.load_facts("", SPEC), "load_facts", "facts"),
    (lambda: kehoach.load_spec(5), "load_spec", "path"),  # type: ignore[arg-type]
    (lambda: kehoach.load_spec(""), "load_spec", "path"),
    (lambda: kehoach.load_spec(b"spec"), "load_spec", "path"),  # type: ignore[arg-type]
    (lambda: kehoach.load_spec(calendar=5), "load_spec", "calendar"),  # type: ignore[arg-type]
    (lambda: kehoach.load_spec(validate="yes"), "load_spec", "validate"),  # type: ignore[arg-type]
    (lambda: kehoach.load_spec(use_cache=None), "load_spec", "use_cache"),  # type: ignore[arg-type]
    (lambda: kehoach.resolve_agency(SPEC, "Sở Tư pháp", on=5), "resolve_agency", "on"),  # type: ignore[arg-type]
    (lambda: kehoach.resolve_agency(None, "Sở Tư pháp"), "resolve_agency", "spec"),  # type: ignore[arg-type]
    (lambda: kehoach.parse_date(5), "parse_date", "value"),  # type: ignore[arg-type]
    (lambda: kehoach.due_for_group(SPEC, 5, "2024-06-01"), "due_for_group", "group"),  # type: ignore[arg-type]
    (lambda: kehoach.status_for_group(SPEC, None, "2024-06-01", facts=3.5), "status_for_group",  # type: ignore[arg-type]
     "facts"),
    (lambda: kehoach.to_json_data(5), "to_json_data", "answer"),  # type: ignore[arg-type]
])
def test_a_wrong_argument_is_named(call: Callable[[], object], function: str, argument: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        call()
    assert (caught.value.function, caught.value.argument) == (function, argument)
    assert isinstance(caught.value, KehoachError) and isinstance(caught.value, TypeError)
    assert str(caught.value).startswith(function)


def test_the_message_shows_a_shortened_value() -> None:
    with pytest.raises(InvalidArgument) as caught:
        kehoach.due(SPEC, "so-tu-phap", ["x" * 10_000])  # type: ignore[arg-type]
    assert str(caught.value) == "due(): by must be a date or text YYYY-MM-DD / DD/MM/YYYY, not list " \
                                "['" + "x" * 77 + "…"


def test_a_datetime_is_a_date_everywhere() -> None:
    moment = dt.datetime(2024, 7, 1, 23, 30, tzinfo=dt.UTC)
    assert kehoach.resolve_agency(SPEC, "Sở Tư pháp", on=moment).id == "so-tu-phap"
    assert kehoach.obligations(SPEC, "so-tu-phap", moment).query == (("agency", "so-tu-phap"), ("on", "2024-07-01"))


def test_obligations_accept_facts_paths_as_status_does() -> None:
    by_path = kehoach.obligations(SPEC, "UBND huyện Gio Linh", "2024-10-15", str(FACTS))
    by_facts = kehoach.obligations(SPEC, "UBND huyện Gio Linh", "2024-10-15", kehoach.load_facts(FACTS, SPEC))
    assert by_path.obligations == by_facts.obligations
    assert any(o.kind == "triggered" for o in by_path.obligations)


def test_load_spec_of_an_empty_path_does_not_hang() -> None:
    with pytest.raises(InvalidArgument) as caught:
        kehoach.load_spec("")
    assert str(caught.value) == "load_spec(): path is an empty path"


def test_load_spec_of_a_directory_without_a_spec_is_refused_at_once() -> None:
    with pytest.raises(SpecError) as caught:
        kehoach.load_spec("/")
    assert [p.code for p in caught.value.problems] == ["missing-document", "missing-document"]


def test_a_calendar_is_still_accepted() -> None:
    calendar = Calendar.for_years(range(2023, 2026))
    assert kehoach.load_spec(calendar=calendar, plan="qt-cctthc-2024").calendar is calendar


# --------------------------------------------------------------------------- arbitrary values

ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.binary(max_size=20),
    st.text(max_size=40), st.just("x" * 100_000), st.just("2024-06-01"), st.just("01/06/2024"),
    st.just("so-tu-phap"), st.just("UBND cấp huyện"), st.dates(), st.datetimes(),
    st.lists(st.text(max_size=10), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.sampled_from(ODD_PATHS), st.just(SPEC), st.just(object()),
)

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "load_spec": kehoach.load_spec, "load_library": kehoach.load_library, "load_facts": kehoach.load_facts,
    "parse_date": kehoach.parse_date,
    "resolve_agency": kehoach.resolve_agency, "resolve_group": api.resolve_group,
    "due": kehoach.due, "obligations": kehoach.obligations, "status": kehoach.status,
    "due_for_group": kehoach.due_for_group, "obligations_for_group": kehoach.obligations_for_group,
    "status_for_group": kehoach.status_for_group, "to_json_data": kehoach.to_json_data,
    "load_example_facts": api.load_example_facts,
}
_SCOPE = ("plans", "province")
KEYWORDS = {
    "load_spec": ("plan", "calendar", "validate", "use_cache"), "load_library": ("calendar", "validate", "use_cache"),
    "due": ("assumptions", "facts", *_SCOPE), "obligations": ("assumptions", *_SCOPE),
    "status": ("assumptions", *_SCOPE), "due_for_group": ("assumptions", "facts", *_SCOPE),
    "obligations_for_group": ("assumptions", *_SCOPE), "status_for_group": ("assumptions", *_SCOPE),
    "to_json_data": ("lang",),
}
POSITIONAL = {"load_spec": 1, "load_library": 1, "load_facts": 2, "parse_date": 1, "resolve_agency": 3, "resolve_group": 2, "due": 4,
              "obligations": 4, "status": 4, "due_for_group": 4, "obligations_for_group": 4, "status_for_group": 4,
              "to_json_data": 1, "load_example_facts": 1}


def test_every_public_function_is_covered() -> None:
    public = {name for name in kehoach.__all__ if callable(getattr(kehoach, name)) and name.islower()}
    assert public <= set(FUNCTIONS)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(FUNCTIONS)), data=st.data())
def test_arbitrary_values_raise_only_kehoach_errors(name: str, data: st.DataObject) -> None:
    count = data.draw(st.integers(0, POSITIONAL[name]), label="positional")
    args = [data.draw(ANY_VALUE, label=f"arg{i}") for i in range(count)]
    if args and name not in ("load_spec", "load_library", "parse_date", "to_json_data") and data.draw(st.booleans(), label="spec"):
        args[0] = SPEC
    keywords = {k: data.draw(ANY_VALUE, label=k) for k in KEYWORDS.get(name, ())
                if data.draw(st.booleans(), label=f"give {k}")}
    try:
        FUNCTIONS[name](*args, **keywords)
    except KehoachError:
        pass
    except TypeError as exc:  # a call with too few or too many arguments is Python's to refuse
        assert "positional argument" in str(exc) or "required" in str(exc), repr(exc)


@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_paths_as_facts_or_spec(path: str | Path) -> None:
    for call in (lambda: kehoach.load_facts(path, SPEC), lambda: kehoach.load_spec(path, use_cache=False)):
        try:
            call()
        except (InvalidFacts, SpecError, InvalidArgument):
            pass


def test_an_agency_that_is_no_text_keeps_its_error() -> None:
    with pytest.raises(UnknownAgency):
        kehoach.due(SPEC, None, "2024-06-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidDate):
        kehoach.due(SPEC, "so-tu-phap", "not a date")


@pytest.mark.parametrize("exc", [
    PathRefused("facts.yaml", "not-a-regular-file", "not a regular file (a FIFO)"),
    InvalidArgument("due", "by", "a date", 5),
], ids=lambda e: type(e).__name__)
def test_the_new_errors_have_their_row_and_wording(exc: KehoachError) -> None:
    from kehoach.error_table import error_message, outcome

    assert outcome(exc).exit_code == 2 and outcome(exc).key in ("error.path-refused", "error.invalid-argument")
    assert error_message(exc, "en") in ("cannot read facts.yaml: not a regular file (a FIFO)",
                                        "invalid argument: due(): by must be a date, not int 5")
