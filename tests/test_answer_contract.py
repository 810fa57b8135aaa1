"""The published answer contract (``kehoach schema answer``) holds for the answers kehoach really gives.

Every golden JSON answer, a hypothesis sample of live answers through the Python API, and a few answers
through the CLI each validate against their envelope of ``schema/answer.schema.json`` (with format
checking, so ``format: date`` is asserted).  Negative cases show that the schema constrains: a misspelt
key, an unknown role or an impossible date fails.
"""
from __future__ import annotations

import copy
import functools
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from _cli_query_support import REPO, run, spec_loaded_once  # noqa: F401 — autouse fixture
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import kehoach
from kehoach import api
from kehoach.answer_schema import (
    ANSWER_SCHEMA,
    answer_schema,
    envelope_names,
    envelope_schema,
)
from kehoach.explain import explain
from kehoach.schema import known_kinds

GOLDEN = Path(__file__).resolve().parent / "golden"
SCENARIO_CASES = Path(__file__).resolve().parent / "cases" / "scenarios"
DOCUMENT_KINDS = {"amendment", "plan", "registry", "sources", "facts", "scenario"}
ENVELOPES = ("due", "obligations", "status", "group", "due-group", "obligations-group", "status-group", "explain",
             "agencies", "problems", "codes", "test-run", "outline", "diff")


@functools.lru_cache(maxsize=1)
def _spec() -> kehoach.Spec:
    return kehoach.load_spec(plan="qt-cctthc-2024")


@functools.lru_cache(maxsize=1)
def _facts() -> Any:
    return api.load_example_facts(_spec())


@functools.cache
def _validator(envelope: str) -> Draft202012Validator:
    return Draft202012Validator(envelope_schema(envelope), format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(envelope: str, data: Any) -> list[str]:
    """Every way ``data`` breaks ``envelope``, as ``path: message`` lines (empty: it holds)."""
    found = _validator(envelope).iter_errors(data)
    return [f"{e.json_path}: {e.message[:300]}" for e in sorted(found, key=lambda e: list(map(str, e.path)))]


def assert_holds(envelope: str, data: Any) -> None:
    problems = errors(envelope, data)
    assert problems == [], "\n".join(problems[:10])


# --------------------------------------------------------------------------- the schema itself


def test_the_schema_is_draft_2020_12_and_self_contained() -> None:
    schema = answer_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "urn:kehoach:schema:answer"
    text = json.dumps(schema)
    refs = [part.split('"', 1)[0] for part in text.split('"$ref": "')[1:]]
    assert refs and all(r.startswith("#/$defs/") and r[len("#/$defs/"):] in schema["$defs"] for r in refs)


def test_one_defs_entry_per_envelope_and_the_top_level_chooses_among_them() -> None:
    schema = answer_schema()
    assert envelope_names() == ENVELOPES
    assert set(ENVELOPES) <= set(schema["$defs"])
    assert [r["$ref"] for r in schema["anyOf"]] == [f"#/$defs/{n}" for n in ENVELOPES if not n.endswith("-group")]


@pytest.mark.parametrize("envelope", ENVELOPES)
def test_each_envelope_prints_as_a_schema_of_its_own(envelope: str) -> None:
    code, out, err = run("schema", ANSWER_SCHEMA, envelope)
    assert (code, err) == (0, "")
    printed = json.loads(out)
    Draft202012Validator.check_schema(printed)
    assert printed == envelope_schema(envelope)
    assert printed["$ref"] == f"#/$defs/{envelope}" and printed["$id"] == f"urn:kehoach:schema:answer:{envelope}"
    assert envelope in printed["$defs"] and len(printed["$defs"]) < len(answer_schema()["$defs"])
    assert "Fields may be added" in printed["description"] or envelope in ("codes", "group")


def test_schema_answer_prints_the_file() -> None:
    code, out, err = run("schema", ANSWER_SCHEMA)
    assert (code, err) == (0, "")
    assert json.loads(out) == json.loads((REPO / "schema" / "answer.schema.json").read_text(encoding="utf-8"))


def test_answer_is_listed_but_is_not_a_document_kind(tmp_path: Path) -> None:
    code, out, _ = run("schema")
    assert code == 0 and out.split() == [*sorted(DOCUMENT_KINDS), ANSWER_SCHEMA]
    assert set(known_kinds()) == DOCUMENT_KINDS
    document = tmp_path / "answer.yaml"
    document.write_text("kind: answer\nschema_version: '1.0'\n", encoding="utf-8")
    code, out, _ = run("validate", str(document), "--format", "json")
    assert code == 1
    assert [(p["code"], p["line"]) for p in json.loads(out)] == [("unknown-kind", 1)]


def test_an_unknown_envelope_or_an_envelope_of_a_document_kind_is_a_usage_error() -> None:
    code, out, err = run("schema", ANSWER_SCHEMA, "dues")
    assert (code, out) == (2, "")
    assert err == f"Error: unknown answer envelope 'dues'; known envelopes: {', '.join(ENVELOPES)}\n"
    code, out, err = run("schema", "plan", "due")
    assert (code, out) == (2, "")
    assert err == "Error: 'plan' has no envelopes; only 'answer' does (kehoach schema answer ENVELOPE)\n"
    with pytest.raises(KeyError):
        envelope_schema("agency-ref")  # a building block, not an envelope


def test_the_help_names_every_envelope() -> None:
    code, out, _ = run("schema", "--help")
    assert code == 0 and "Example:  kehoach schema answer due" in out
    assert all(name in out for name in ENVELOPES)


# --------------------------------------------------------------------------- goldens

GOLDEN_ENVELOPES = {
    "due-gio-linh-2024-09-30.json": "due",
    "due-inclusive.json": "due",
    "due-so-tu-phap-2024-06-01.json": "due",
    "hcm-due-so-tai-chinh-2026-12-31.json": "due",
    "obligations-outside-period.json": "obligations",
    "obligations-van-phong-2024-07-01.json": "obligations",
    "status-so-tu-phap-2024-09-10.json": "status",
    "explain-iii-1-a-gio-linh.json": "explain",
    "agencies-gio-linh.json": "agencies",
    "outline-kh-cctthc-2024.json": "outline",
}


def test_every_golden_json_has_its_envelope() -> None:
    assert sorted(GOLDEN_ENVELOPES) == sorted(p.name for p in GOLDEN.glob("*.json"))


@pytest.mark.parametrize("name", sorted(GOLDEN_ENVELOPES))
def test_golden_answer_satisfies_its_envelope(name: str) -> None:
    digest = _spec().digest
    text = (GOLDEN / name).read_text(encoding="utf-8")
    data = json.loads(text.replace("<spec-digest>", digest).replace("<spec-12>", digest[:12]))
    assert_holds(GOLDEN_ENVELOPES[name], data)
    whole = Draft202012Validator(answer_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert whole.is_valid(data)


# --------------------------------------------------------------------------- live answers (Python API)

DAYS = st.dates(min_value=date(2023, 10, 1), max_value=date(2025, 3, 31))
LIVE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def agencies(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(sorted(_spec().registry.agencies)))


@st.composite
def groups(draw: st.DrawFn) -> str:
    """A group of the bundled registry (the whole province, ~160 answers, is asked through the CLI below)."""
    return draw(st.sampled_from(sorted(_spec().registry.groups)))


@st.composite
def elements(draw: st.DrawFn) -> str:
    plan = _spec().plan
    ids = [d.id for d in (*plan.duties, *plan.requirements)] + [i.id for i in plan.indicators]
    return draw(st.sampled_from(ids))


ASSUME = st.sampled_from([None, {"before": "inclusive"}, {"monthly-day": "last"}, {"bare-target": "exactly"}])


@LIVE
@given(agency=agencies(), day=DAYS, since=st.one_of(st.none(), DAYS), facts=st.booleans(), assume=ASSUME)
def test_live_due_answers_hold(agency: str, day: date, since: date | None, facts: bool, assume: Any) -> None:
    since = since if since is None or since <= day else day
    answer = kehoach.due(_spec(), agency, day, since, assumptions=assume, facts=_facts() if facts else None)
    assert_holds("due", kehoach.to_json_data(answer))


@LIVE
@given(agency=agencies(), day=DAYS, facts=st.booleans(), assume=ASSUME)
def test_live_obligations_answers_hold(agency: str, day: date, facts: bool, assume: Any) -> None:
    answer = kehoach.obligations(_spec(), agency, day, _facts() if facts else None, assumptions=assume)
    assert_holds("obligations", kehoach.to_json_data(answer))


@LIVE
@given(agency=agencies(), day=DAYS, facts=st.booleans(), assume=ASSUME)
def test_live_status_answers_hold(agency: str, day: date, facts: bool, assume: Any) -> None:
    answer = kehoach.status(_spec(), agency, day, _facts() if facts else None, assumptions=assume)
    assert_holds("status", kehoach.to_json_data(answer))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(group=groups(), day=DAYS, command=st.sampled_from(["due", "obligations", "status"]),
       lang=st.sampled_from(["en", "vi"]))
def test_live_group_answers_hold(group: str, day: date, command: str, lang: str) -> None:
    spec = _spec()
    if command == "due":
        answers = kehoach.due_for_group(spec, group, day)
    elif command == "obligations":
        answers = kehoach.obligations_for_group(spec, group, day, _facts())
    else:
        answers = kehoach.status_for_group(spec, group, day, _facts())
    assert_holds(f"{command}-group", kehoach.to_json_data(answers, lang=lang))


@LIVE
@given(element=elements(), agency=st.one_of(st.none(), agencies()), assume=ASSUME)
def test_live_explanations_hold(element: str, agency: str | None, assume: Any) -> None:
    assert_holds("explain", explain(_spec(), element, agency, assume))


@settings(max_examples=25, deadline=None)
@given(words=st.lists(st.sampled_from(["sở", "ubnd", "gio", "linh", "huyện", "xã", "phường", "tư", "pháp", "zzz"]),
                      max_size=3))
def test_live_agency_listings_hold(words: list[str]) -> None:
    code, out, err = run("agencies", *([" ".join(words)] if words else []), "--format", "json")
    assert (code, err) == (0, "")
    assert_holds("agencies", json.loads(out))


def test_a_name_that_also_names_other_units_carries_its_note_details() -> None:
    data = kehoach.to_json_data(kehoach.due(_spec(), "Gio Linh", "2024-06-01"))
    assert [d["code"] for d in data["note_details"]] == ["name-also-matches"]
    assert_holds("due", data)


def test_a_day_outside_the_plan_period_carries_its_note_details() -> None:
    data = kehoach.to_json_data(kehoach.status(_spec(), "so-tu-phap", "2026-01-01"))
    assert [d["code"] for d in data["note_details"]] == ["outside-period"]
    assert_holds("status", data)


# --------------------------------------------------------------------------- through the CLI

CLI_CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "due-group": ("due-group", ("due", "ubnd-cap-huyen", "--by", "2024-06-30")),
    "due-all": ("due-group", ("due", "--all", "--by", "2024-02-29", "--lang", "vi")),
    "obligations-group": ("obligations-group", ("obligations", "UBND cấp xã", "--on", "2024-09-01",
                                                "--example-facts")),
    "status-all": ("status-group", ("status", "--all", "--as-of", "2024-10-15", "--example-facts")),
    "status-assume": ("status", ("status", "Sở Tư pháp", "--as-of", "2024-12-31", "--example-facts",
                                 "--assume", "before=inclusive")),
    "explain-heading": ("explain", ("explain", "pl-1-6")),
    "explain-recurring": ("explain", ("explain", "iv-1-bao-cao-hang-thang", "--agency", "so-tu-phap")),
    "agencies-all": ("agencies", ("agencies",)),
    "validate-invalid": ("problems", ("validate", "tests/cases/invalid")),
    "validate-clean": ("problems", ("validate",)),
    "list-codes": ("codes", ("validate", "--list-codes")),
    "test-bundled": ("test-run", ("test",)),
    "test-failing": ("test-run", ("test", str(SCENARIO_CASES / "failing"))),
    "test-invalid": ("problems", ("test", str(SCENARIO_CASES / "invalid"))),
}


@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_cli_json_satisfies_its_envelope(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    envelope, args = CLI_CASES[case]
    code, out, _ = run(*args, "--format", "json")
    assert code in (0, 1, 2) and out
    data = json.loads(out)
    assert_holds(envelope, data)
    if envelope == "problems":
        assert (code == 0) == (data == [] or all(p["severity"] == "warning" for p in data))
    if case == "test-failing":
        assert code == 1 and any(c["failures"] for c in data["cases"])


# --------------------------------------------------------------------------- the schema constrains


@functools.lru_cache(maxsize=1)
def _due() -> dict[str, Any]:
    return kehoach.to_json_data(kehoach.due(_spec(), "so-tu-phap", "2024-06-01"))


def _changed(data: dict[str, Any], change: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    change(out)
    return out


def _rename(d: dict[str, Any], old: str, new: str) -> None:
    d[new] = d.pop(old)


BROKEN = {
    "misspelt obligations": ("due", lambda d: _rename(d, "obligations", "obligation")),
    "role boss": ("due", lambda d: d["obligations"][0].update(role="boss")),
    "kind weekly": ("due", lambda d: d["obligations"][0].update(kind="weekly")),
    "impossible date": ("due", lambda d: d["query"].update(by="2024-02-30")),
    "date as written": ("due", lambda d: d["obligations"][0].update(due="30/05/2024")),
    "quote as text": ("due", lambda d: d["obligations"][0]["source"].update(quote="…")),
    "missing title": ("due", lambda d: d["obligations"][0].pop("title")),
    "short digest": ("due", lambda d: d["spec"].update(digest="abc")),
    "dated obligation without due": ("obligations", lambda d: d["obligations"][0].update(due=None)),
    "outside-period without dates": ("due", lambda d: d["note_details"].append({"code": "outside-period"})),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_answer_fails(name: str) -> None:
    envelope, change = BROKEN[name]
    data = _due() if envelope == "due" else {**_due(), "query": {"agency": "so-tu-phap", "on": "2024-06-01"}}
    assert_holds(envelope, data)
    assert errors(envelope, _changed(data, change)), name


def test_added_fields_are_allowed() -> None:
    def add(d: dict[str, Any]) -> None:
        d["generated_at"] = "2024-06-01T00:00:00+07:00"
        d["obligations"][0]["url"] = "https://example.org"

    assert_holds("due", _changed(_due(), add))


def test_status_values_and_their_evidence_are_pinned() -> None:
    data = kehoach.to_json_data(kehoach.status(_spec(), "so-tu-phap", "2024-09-10", _facts()))
    assert_holds("status", data)
    first = data["items"][0]
    assert first["status"] == "done_on_time"
    assert errors("status", _changed(data, lambda d: d["items"][0].update(status="done")))
    assert errors("status", _changed(data, lambda d: d["items"][0]["evidence"].pop("submitted")))
    assert errors("status", _changed(data, lambda d: d["summary"].pop("overdue")))
    assert errors("status", _changed(data, lambda d: d["items"][0].update(role="coordinate")))


def test_a_problem_list_is_pinned() -> None:
    problem = {"file": "spec/plan.yaml", "line": 3, "column": 1, "severity": "error", "code": "unknown-key",
               "message": "unknown key", "hint": None, "path": ["duties", 0, "titel"]}
    assert_holds("problems", [problem])
    assert errors("problems", [{**problem, "severity": "fatal"}])
    assert errors("problems", [{**problem, "line": 0}])
    assert errors("problems", {"problems": [problem]})


def test_group_is_the_choice_of_the_three_group_envelopes() -> None:
    spec = _spec()
    for answers in (kehoach.due_for_group(spec, "ubnd-cap-huyen", "2024-06-01"),
                    kehoach.obligations_for_group(spec, "ubnd-cap-huyen", "2024-06-01"),
                    kehoach.status_for_group(spec, "ubnd-cap-huyen", "2024-06-01")):
        assert_holds("group", kehoach.to_json_data(answers))


def test_a_group_answer_needs_its_members_answers() -> None:
    data = kehoach.to_json_data(kehoach.due_for_group(_spec(), "ubnd-cap-huyen", "2024-06-01"))
    assert_holds("due-group", data)
    assert errors("due-group", _changed(data, lambda d: d.pop("answers")))
    assert errors("group", _changed(data, lambda d: d["answers"][0].pop("agency")))
    assert errors("status-group", data)


def test_dates_are_checked_as_dates_not_only_as_text() -> None:
    later = (date(2024, 12, 31) + timedelta(days=1)).isoformat()
    assert_holds("due", _changed(_due(), lambda d: d["query"].update(by=later)))
    assert errors("due", _changed(_due(), lambda d: d["query"].update(by="2024-13-01")))
