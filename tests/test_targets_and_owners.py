"""Targets and owners as real plans write them, on the fixture spec ``tests/cases/owners-targets``
(docs/targets-and-owners.md): one element per construct, each answer pinned through the evaluator, the
JSON contract and ``validate``."""
from __future__ import annotations

import functools
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import kehoach
from kehoach import api
from kehoach.answer_schema import envelope_schema
from kehoach.evaluate import group_members
from kehoach.explain import explain, explain_text
from kehoach.facts import Facts
from kehoach.validate import validate_paths

CASE = Path(__file__).resolve().parent / "cases" / "owners-targets"
END = date(2030, 12, 31)


@functools.lru_cache(maxsize=1)
def _spec() -> kehoach.Spec:
    return kehoach.load_spec(CASE)


def _roles(agency: str, element: str, assume: Any = None) -> dict[str, tuple[str, ...]]:
    """role -> via for every role in which ``agency`` owes ``element``."""
    answer = kehoach.due(_spec(), agency, END, assumptions=assume)
    found = {o.role: o.via for o in answer.obligations if o.id == element}
    if not found:
        on = kehoach.obligations(_spec(), agency, date(2026, 5, 1), assumptions=assume)
        found = {o.role: o.via for o in on.obligations if o.id == element}
    return found


def _holds(envelope: str, data: Any) -> None:
    validator = Draft202012Validator(envelope_schema(envelope), format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(data)] == []


# --------------------------------------------------------------------------- owners


def test_an_excluded_agency_does_not_owe_through_the_group_that_excludes_it() -> None:
    assert _roles("so-tai-chinh", "ii-1-ra-soat") == {}
    assert _roles("so-noi-vu", "ii-1-ra-soat") == {"lead": ("cac-so-nganh-tru-stc", "cac-so-nganh")}
    reg = _spec().registry
    assert [a.id for a in reg.members("cac-so-nganh-tru-stc")] == ["so-noi-vu", "so-tu-phap"]
    assert [a.id for a in reg.members("cac-so-nganh")] == ["so-tai-chinh", "so-noi-vu", "so-tu-phap"]
    assert reg.excluded_from("so-tai-chinh") == ("cac-so-nganh-tru-stc",)


def test_explain_says_which_group_left_the_agency_out() -> None:
    data = explain(_spec(), "ii-1-ra-soat", "so-tai-chinh")
    assert data["agency"]["roles"] == []
    assert data["agency"]["excluded_from"] == [
        {"role": "lead", "id": "cac-so-nganh-tru-stc", "name": "Các sở, ngành (trừ Sở Tài chính)"}]
    _holds("explain", data)
    assert "leaves out Sở Tài chính" in explain_text(data, "en")
    assert "loại trừ Sở Tài chính" in explain_text(data, "vi")


def test_a_reading_decides_whether_the_group_takes_in_the_channel() -> None:
    assert _roles("so-tai-chinh", "iii-1-bao-cao") == {"channel": ()}
    assert _roles("so-noi-vu", "iii-1-bao-cao") == {"lead": (
        "cac-so-nganh-iii-1", "so-nganh-includes-channel", "cac-so-nganh-tru-stc", "cac-so-nganh")}
    included = _roles("so-tai-chinh", "iii-1-bao-cao", {"so-nganh-includes-channel": "includes"})
    assert included == {"lead": ("cac-so-nganh-iii-1", "so-nganh-includes-channel", "cac-so-nganh"),
                        "channel": ()}
    assert _roles("ubnd-tp", "iii-1-bao-cao") == {"receive": ()}


def test_a_sentence_that_only_coordinates_has_no_lead() -> None:
    spec = _spec()
    leads = [a for a in spec.registry.agencies if "lead" in _roles(a, "ii-2-phoi-hop")]
    assert leads == []
    for agency in ("so-noi-vu", "so-tai-chinh", "thanh-doan"):
        assert _roles(agency, "ii-2-phoi-hop") == {"coordinate": ()}


def test_a_commune_of_the_two_level_government_has_no_district() -> None:
    spec = _spec()
    ward = spec.registry.resolve("UBND phường Sài Gòn")
    assert (ward.id, ward.level, ward.parent, ward.district) == ("ubnd-phuong-sai-gon", "commune", "ubnd-tp", None)
    assert _roles("ubnd-phuong-sai-gon", "ii-3-ho-tro") == {"coordinate": ("ubnd-cap-xa",)}
    assert _roles("ubnd-xa-binh-chanh", "pl-4") == {"lead": ("ubnd-cap-xa",)}


def test_parties_that_are_not_state_bodies_carry_their_sector() -> None:
    spec = _spec()
    sectors = {a.id: a.sector for a in spec.registry.agencies.values() if not a.is_state}
    assert sectors == {"viettel-tp": "enterprise", "vnpt-tp": "enterprise", "thanh-doan": "socio-political",
                       "hdnd-tp": "elected", "cong-an-tp": "central"}
    data = kehoach.to_json_data(kehoach.obligations(spec, "Viettel Thành phố", "2026-05-01"))
    assert data["agency"]["sector"] == "enterprise"
    assert [(o["id"], o["role"]) for o in data["obligations"]] == [("ii-3-ho-tro", "lead")]
    _holds("obligations", data)
    state = kehoach.to_json_data(kehoach.obligations(spec, "Sở Nội vụ", "2026-05-01"))
    assert "sector" not in state["agency"]  # absent: a state body, as every Quảng Trị answer
    listing = api.agencies(spec)
    assert {r["id"]: r.get("sector") for r in listing["agencies"] if "sector" in r} == sectors
    _holds("agencies", listing)


def test_all_means_the_state_units_only() -> None:
    spec = _spec()
    assert group_members(spec, None, date(2026, 5, 1)) == (
        "so-noi-vu", "so-tai-chinh", "so-tu-phap", "ubnd-phuong-sai-gon", "ubnd-tp", "ubnd-xa-binh-chanh")
    assert group_members(spec, "doanh-nghiep-vien-thong", date(2026, 5, 1)) == ("viettel-tp", "vnpt-tp")
    assert _roles("hdnd-tp", "iii-2-giam-sat") == {"lead": ()}
    assert _roles("cong-an-tp", "iii-2-giam-sat") == {"lead": ()}


# --------------------------------------------------------------------------- targets


def _targets(agency: str, assume: Any = None) -> list[tuple[str, str, str | None, str, str, float, str, str | None]]:
    answer = kehoach.due(_spec(), agency, END, assumptions=assume)
    return [(o.id, o.role, o.period, o.due.isoformat() if o.due else "", o.target.comparator, o.target.value,
             o.target.unit, o.target.owed_by) for o in answer.obligations if o.target is not None]


def test_a_target_per_year_has_one_instance_per_year_of_the_period() -> None:
    assert _targets("ubnd-tp") == [
        ("pl-2", "lead", str(y), f"{y}-12-31", "ge", 5.0, "bộ dữ liệu", "whole") for y in range(2026, 2031)
    ] + [("pl-3", "evaluate", None, "2030-12-31", "ge", 2.0, "dự án", "each")]
    each = _targets("ubnd-tp", {"owed-by-pl-2": "each"})
    assert {t[7] for t in each if t[0] == "pl-2"} == {"each"}


def test_targets_of_any_unit_and_comparator_judged_at_their_year() -> None:
    assert _targets("so-tai-chinh") == [
        ("pl-1", "lead", None, "2026-12-31", "gt", 60.0, "%", None),
        ("pl-7", "lead", None, "2026-12-31", "le", 500000000.0, "VND", None),
        ("pl-3", "lead", None, "2030-12-31", "ge", 2.0, "dự án", "each"),
    ]
    assert _targets("so-noi-vu") == [
        ("pl-1", "lead", None, "2026-12-31", "gt", 60.0, "%", None),
        ("pl-5", "lead", None, "2026-12-31", "lt", 2.0, "%", "whole"),
        ("pl-6", "lead", None, "2026-12-31", "eq", 100.0, "%", None),
    ]
    assert [t[:5] for t in _targets("ubnd-xa-binh-chanh")] == [("pl-4", "lead", None, "2026-12-31", "le")]


def test_no_evaluating_body_is_invented_when_the_text_gives_none() -> None:
    spec = _spec()
    evaluating = {(o.id, a) for a in spec.registry.agencies
                  for o in kehoach.due(spec, a, END).obligations if o.role == "evaluate"}
    assert evaluating == {("pl-3", "ubnd-tp")}


def test_the_reading_of_dat_decides_its_comparator() -> None:
    assert [t[4] for t in _targets("so-noi-vu", {"dat-reading": "exactly"}) if t[0] == "pl-6"] == ["eq"]
    assert [t[4] for t in _targets("so-noi-vu", {"dat-reading": "at-least"}) if t[0] == "pl-6"] == ["eq"]  # 100 %


def test_a_per_year_instance_is_judged_on_a_measurement_of_its_own_year() -> None:
    facts = Facts.from_data({"plan": "thu-plan", "measurements": [
        {"indicator": "pl-2", "agency": "ubnd-tp", "period": "2027", "date": "2027-12-20", "value": 6},
        {"indicator": "pl-2", "agency": "ubnd-tp", "period": "2028-Q2", "date": "2028-07-05", "value": 3},
        {"indicator": "pl-1", "agency": "so-noi-vu", "period": "2026", "date": "2026-12-01", "value": 60},
    ]})
    ubnd = kehoach.status(_spec(), "ubnd-tp", "2029-01-10", facts)
    assert [(i.obligation.period, i.status) for i in ubnd.items if i.obligation.id == "pl-2"] == [
        ("2026", "no_data"), ("2027", "met"), ("2028", "not_met"), ("2029", "no_data"), ("2030", "no_data")]
    noi_vu = kehoach.status(_spec(), "so-noi-vu", "2026-12-31", facts)
    assert [i.status for i in noi_vu.items if i.obligation.id == "pl-1"] == ["not_met"]  # 60 is not "trên 60%"
    _holds("status", kehoach.to_json_data(ubnd))


def test_every_answer_of_the_fixture_holds_the_contract() -> None:
    spec = _spec()
    for agency in spec.registry.agencies:
        _holds("due", kehoach.to_json_data(kehoach.due(spec, agency, END)))
        _holds("obligations", kehoach.to_json_data(kehoach.obligations(spec, agency, "2026-06-01")))
    for element in spec.plan.element_ids():
        _holds("explain", explain(spec, element, None))


def test_explain_lists_each_year_of_a_per_year_target() -> None:
    text = explain_text(explain(_spec(), "pl-2", "ubnd-tp"), "en")
    assert "each year: 5 instance(s)" in text and "2028: 2028-12-31 → 2028-12-29" in text
    assert "judged at each year's end (2026-12-31 … 2030-12-31)" in " ".join(text.split())


# --------------------------------------------------------------------------- validate


def _validate(tmp_path: Path, *edits: tuple[str, str]) -> list[tuple[str, str]]:
    spec = tmp_path / "spec"
    shutil.copytree(CASE, spec)
    for file, (old, new) in ((f, e) for e in edits for f in ("plan.yaml", "registry.yaml")):
        path = spec / file
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [(p.code, p.message) for p in validate_paths([spec]).problems]


def test_the_fixture_spec_is_clean(tmp_path: Path) -> None:
    assert _validate(tmp_path) == []


@pytest.mark.parametrize(("old", "new", "message"), [
    ("comparator: gt, value: 60", "comparator: ge, value: 60", "'trên 60%' means more than"),
    ("comparator: ge, value: 2,", "comparator: gt, value: 2,", "'ít nhất 2 dự án' means at least"),
    ("comparator: le, value: 5,", "comparator: lt, value: 5,", "'không quá 5 ngày' means at most"),
    ("comparator: lt, value: 2,", "comparator: le, value: 2,", "'dưới 2%' means less than"),
    ("comparator: eq, value: 100", "comparator: ge, value: 100", "the default reading 'at-least' of 'dat-reading'"),
])
def test_each_comparator_is_checked_against_its_words(tmp_path: Path, old: str, new: str, message: str) -> None:
    found = _validate(tmp_path, (old, new))
    assert [c for c, _ in found] == ["comparator-mismatch"] and message in found[0][1]


def test_dat_without_a_reading_is_refused(tmp_path: Path) -> None:
    found = _validate(tmp_path, (', reading: dat-reading}', '}'))
    assert [c for c, _ in found] == ["target-needs-reading"]


def test_a_reading_or_owed_by_needs_its_choices(tmp_path: Path) -> None:
    found = _validate(tmp_path, ('choices: {each: "Each agency the row names.", whole: "The city as a whole."}',
                                 'choices: {each: "Each agency the row names.", all: "The city as a whole."}'),
                      ("default: whole", "default: all"))
    assert [c for c, _ in found] == ["bad-choices"]
    missing = _validate(tmp_path / "b", ("    interpretations: [owed-by-pl-2]", "    interpretations: []"))
    assert [c for c, _ in missing] == ["interpretation-missing"]


@pytest.mark.parametrize(("old", "new", "code"), [
    ('value: 60, as_written: "trên 60%"', 'value: 160, as_written: "trên 60%"', "bad-value"),  # % caps at 100
    ("    year: null\n    per: year", "    year: 2026\n    per: year", "bad-type"),
    ("    lead: []\n    coordinate: [so-noi-vu, so-tai-chinh, thanh-doan]", "    lead: []\n    coordinate: []",
     "bad-value"),
    ("sector: enterprise, parent: null}\n  - {id: vnpt", "sector: private, parent: null}\n  - {id: vnpt", "bad-value"),
    ("exclude: [so-tai-chinh]", "exclude: [so-tai-chinh-x]", "unresolved-ref"),
])
def test_the_format_refuses_what_no_plan_says(tmp_path: Path, old: str, new: str, code: str) -> None:
    assert [c for c, _ in _validate(tmp_path, (old, new))] == [code]


def test_a_count_may_exceed_100_and_the_channel_must_name_something(tmp_path: Path) -> None:
    assert _validate(tmp_path, ("value: 500000000", "value: 900000000000")) == []
    found = _validate(tmp_path / "b", ("channel: [so-tai-chinh]", "channel: [so-tai-chin]"))
    assert [c for c, _ in found] == ["unresolved-ref"]


def test_a_measurement_is_in_its_indicators_unit(tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text('kind: facts\nschema_version: "1.0"\nplan: thu-plan\nmeasurements:\n'
                     '  - {indicator: pl-7, agency: so-tai-chinh, period: "2026", date: "2026-12-01", value: 450000000}\n',
                     encoding="utf-8")
    loaded = api.load_facts(facts, _spec())
    status = kehoach.status(_spec(), "so-tai-chinh", "2026-12-31", loaded)
    assert [i.status for i in status.items if i.obligation.id == "pl-7"] == ["met"]
    facts.write_text(facts.read_text(encoding="utf-8").replace("pl-7, agency: so-tai-chinh", "pl-1, agency: so-noi-vu")
                     .replace("450000000", "101"), encoding="utf-8")
    with pytest.raises(kehoach.InvalidFacts) as raised:
        api.load_facts(facts, _spec())
    assert "bad-value" in str(raised.value.problems)


def test_the_agencies_table_shows_a_party_that_is_not_a_state_body_as_such() -> None:
    from click.testing import CliRunner

    from kehoach.cli import cli

    run = CliRunner().invoke(cli, ["agencies", "Thành đoàn", "--spec", str(CASE)], env={"KEHOACH_LANG": "vi"})
    assert run.exit_code == 0 and "tỉnh (tổ chức chính trị - xã hội)" in run.output
    run = CliRunner().invoke(cli, ["agencies", "Sở Nội vụ", "--spec", str(CASE)], env={"KEHOACH_LANG": "en"})
    assert run.exit_code == 0 and "province" in run.output and "(" not in run.output.split("\n")[2]
