"""How a name given as AGENCY is read: a bare place name takes the highest-level unit (with a note naming
the others), a group named as an agency, blank and unknown names, capped ambiguous lists, suggestions."""
from __future__ import annotations

import json
from datetime import date

import pytest
from _cli_query_support import run, spec_loaded_once  # noqa: F401  (autouse fixture)

import kehoach
from kehoach.errors import AgencyIsGroup, UnknownAgency
from kehoach.registry import ask_form

IN_2024 = date(2024, 6, 1)  # a day of the 2024 state: the 2025 communes do not exist yet

GROUP_HINT = ("not an agency: ask for one of its member agencies, or pass the group to due_for_group / "
              "obligations_for_group / status_for_group (on the command line: give it as AGENCY to due, "
              "obligations or status)")


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec(plan="qt-cctthc-2024")


# --------------------------------------------------------------------------- a bare place name


@pytest.mark.parametrize(("query", "chosen", "others"), [
    ("Gio Linh", "ubnd-huyen-gio-linh", [("ubnd-thi-tran-gio-linh", "Thị trấn Gio Linh", "TT Gio Linh")]),
    ("Cam Lộ", "ubnd-huyen-cam-lo", [("ubnd-thi-tran-cam-lo", "Thị trấn Cam Lộ", "TT Cam Lộ")]),
    ("da krong", "ubnd-huyen-da-krong", [("ubnd-xa-da-krong", "Xã Đa Krông", "xã Đa Krông")]),
    ("Quảng Trị", "ubnd-tinh", [("ubnd-tx-quang-tri", "Thị xã Quảng Trị", "TX Quảng Trị")]),
])
def test_bare_name_takes_the_highest_level(spec: kehoach.Spec, query: str, chosen: str,
                                           others: list[tuple[str, str, str]]) -> None:
    agency, rest = spec.registry.resolve_named(query, IN_2024)
    assert agency.id == chosen and [(a.id, a.unit_name, ask_form(a)) for a in rest] == others
    for oid, _, ask in others:  # the suggested form asks for that unit, with no note
        again, more = spec.registry.resolve_named(ask, IN_2024)
        assert (again.id, more) == (oid, ())
    data = kehoach.to_json_data(kehoach.due(spec, query, "2024-06-01"))
    assert data["agency"]["id"] == chosen
    assert data["note_details"] == [{"code": "name-also-matches", "query": query,
                                     "others": [{"id": i, "name": n, "ask": a} for i, n, a in others]}]
    assert data["notes"] == [f"'{query}' also names " + "; ".join(f"{n} ({i}); write '{a}' for it"
                                                                  for i, n, a in others)]


@pytest.mark.parametrize("query", ["UBND huyện Gio Linh", "TT Gio Linh", "ubnd-huyen-gio-linh", "Đông Hà"])
def test_no_note_when_the_name_is_unique(spec: kehoach.Spec, query: str) -> None:
    answer = kehoach.obligations(spec, query, "2024-07-01")
    assert [n.code for n in answer.note_items] == []


def test_type_word_fitting_several_stays_ambiguous(spec: kehoach.Spec) -> None:
    with pytest.raises(kehoach.AmbiguousAgency):
        kehoach.due(spec, "UBND phường 1", "2024-06-01")


def test_cli_table_shows_the_note() -> None:
    code, out, _ = run("due", "Gio Linh", "--by", "2024-03-01")
    assert code == 0
    assert "  'Gio Linh' also names Thị trấn Gio Linh (ubnd-thi-tran-gio-linh); write 'TT Gio Linh' for it\n" in out
    code, out, _ = run("status", "Đa Krông", "--as-of", "2024-03-01", "--lang", "vi")
    assert code == 0
    assert ("  'Đa Krông' cũng là tên của Xã Đa Krông (ubnd-xa-da-krong); để hỏi đơn vị này, ghi 'xã Đa Krông'\n"
            in out)
    code, out, _ = run("obligations", "Quảng Trị", "--on", "2024-07-01", "--format", "json")
    assert code == 0 and json.loads(out)["note_details"][0]["code"] == "name-also-matches"


# --------------------------------------------------------------------------- a group named as an agency


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


def test_explain_with_a_group_as_agency() -> None:
    code, out, err = run("explain", "pl-1-6-3", "--agency", "ubnd-cap-xa")
    assert (code, out) == (2, "")
    assert err == ("Error: 'ubnd-cap-xa' is a group (UBND cấp xã, ubnd-cap-xa), not an agency: ask for one of its "
                   "member agencies, or give the group as AGENCY to due, obligations or status\n")


def test_a_group_given_as_agency_is_explained_in_both_languages() -> None:
    from click.testing import CliRunner

    from kehoach.cli import cli

    for lang, start in (("en", "'ubnd-cap-xa' is a group ("), ("vi", "'ubnd-cap-xa' là một nhóm (")):
        result = CliRunner().invoke(cli, ["explain", "pl-1-6-3", "--agency", "ubnd-cap-xa", "--lang", lang])
        assert result.exit_code == 2
        assert start in result.output


def test_group_by_name_and_unknown_group(spec: kehoach.Spec) -> None:
    by_name = kehoach.due_for_group(spec, "UBND cấp huyện", "2024-06-01")
    by_id = kehoach.due_for_group(spec, "ubnd-cap-huyen", "2024-06-01")
    assert by_name == by_id and len(by_id) == 10
    assert by_id.group == "ubnd-cap-huyen"
    with pytest.raises(kehoach.UnknownGroup) as info:
        kehoach.due_for_group(spec, "nope", "2024-06-01")
    assert info.value.query == "nope" and isinstance(info.value, kehoach.KehoachError)
    with pytest.raises(kehoach.UnknownGroup) as near:
        kehoach.due_for_group(spec, "ubnd-cap-huyn", "2024-06-01")
    assert ("ubnd-cap-huyen", spec.registry.groups["ubnd-cap-huyen"].name) in near.value.suggestions


# --------------------------------------------------------------------------- unknown, blank and ambiguous names


def test_an_unknown_agency_is_still_unknown(spec: kehoach.Spec) -> None:
    with pytest.raises(UnknownAgency) as caught:
        kehoach.due(spec, "so-khong-co", "2024-06-01")
    assert caught.value.query == "so-khong-co"


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
