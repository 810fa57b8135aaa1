"""QA fix: a bare place name resolves to the highest-level unit of that name, with a visible note naming
the other units of that name and how to ask for them."""
from __future__ import annotations

import json

import pytest
from _cli_query_support import run, spec_loaded_once  # noqa: F401  (autouse fixture)

import kehoach
from kehoach.registry import ask_form


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec()


@pytest.mark.parametrize(("query", "chosen", "others"), [
    ("Gio Linh", "ubnd-huyen-gio-linh", [("ubnd-thi-tran-gio-linh", "Thị trấn Gio Linh", "TT Gio Linh")]),
    ("Cam Lộ", "ubnd-huyen-cam-lo", [("ubnd-thi-tran-cam-lo", "Thị trấn Cam Lộ", "TT Cam Lộ")]),
    ("da krong", "ubnd-huyen-da-krong", [("ubnd-xa-da-krong", "Xã Đa Krông", "xã Đa Krông")]),
    ("Quảng Trị", "ubnd-tinh", [("ubnd-tx-quang-tri", "Thị xã Quảng Trị", "TX Quảng Trị")]),
])
def test_bare_name_takes_the_highest_level(spec: kehoach.Spec, query: str, chosen: str,
                                           others: list[tuple[str, str, str]]) -> None:
    agency, rest = spec.registry.resolve_named(query)
    assert agency.id == chosen and [(a.id, a.unit_name, ask_form(a)) for a in rest] == others
    for oid, _, ask in others:  # the suggested form asks for that unit, with no note
        again, more = spec.registry.resolve_named(ask)
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
