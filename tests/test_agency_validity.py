"""An agency outside its validity (registry valid_from / valid_until) is answered the same way by name and
by id: a note naming when it ended (or begins), its successors when the registry names them, and
obligations only for the days on which it exists."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from _cli_query_support import run

import kehoach
from kehoach.agency_validity import validity_notes
from kehoach.evaluate import Note

REPO = Path(__file__).resolve().parent.parent
FACTS = REPO / "examples" / "facts-2024.yaml"
GIO_LINH = "ubnd-huyen-gio-linh"
ENDED = date(2025, 6, 30)


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec(plan="qt-cctthc-2024")


@pytest.fixture(scope="module")
def ended_mid_year(tmp_path_factory: pytest.TempPathFactory) -> kehoach.Spec:
    """The bundled spec with Gio Linh's valid_until moved to 2024-06-30, and a successor named."""
    root = tmp_path_factory.mktemp("ended") / "spec"
    shutil.copytree(REPO / "spec", root)
    registry = root / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    head, tail = text.split(f"  - id: {GIO_LINH}\n", 1)
    entry, rest = tail.split('    valid_until: "2025-06-30"\n', 1)
    text = (head + f"  - id: {GIO_LINH}\n" + entry + '    valid_until: "2024-06-30"\n'
            "    successors: [ubnd-tinh]\n" + rest)
    registry.write_text(text, encoding="utf-8")
    return kehoach.load_spec(root, use_cache=False, plan="qt-cctthc-2024")


@pytest.mark.parametrize("who", ["UBND huyện Gio Linh", GIO_LINH])
def test_obligations_after_the_end_by_name_or_by_id(spec: kehoach.Spec, who: str) -> None:
    answer = kehoach.obligations(spec, who, "2025-08-01")
    assert answer.agency.id == GIO_LINH
    assert answer.obligations == ()
    assert [n.code for n in answer.note_items] == ["outside-period", "agency-ended"]
    assert answer.notes[-1] == "Ủy ban nhân dân huyện Gio Linh ended on 2025-06-30: it has no obligations after that day"


def test_by_name_and_by_id_give_the_same_answer(spec: kehoach.Spec) -> None:
    for call in (lambda q: kehoach.obligations(spec, q, "2025-08-01"),
                 lambda q: kehoach.due(spec, q, "2025-09-30"),
                 lambda q: kehoach.status(spec, q, "2025-09-30", facts=FACTS)):
        by_name, by_id = call("UBND huyện Gio Linh"), call(GIO_LINH)
        assert kehoach.to_json_data(by_name)["note_details"] == kehoach.to_json_data(by_id)["note_details"]
        assert (kehoach.to_json_data(by_name).get("obligations") == kehoach.to_json_data(by_id).get("obligations"))


def test_the_command_line_never_suggests_the_agency_it_did_not_find() -> None:
    code, out, err = run("obligations", "UBND huyện Gio Linh", "--on", "2025-08-01")
    assert (code, err) == (0, "")
    assert "unknown agency" not in out
    assert "  Ủy ban nhân dân huyện Gio Linh ended on 2025-06-30: it has no obligations after that day" in out
    code, out, _ = run("obligations", "UBND huyện Gio Linh", "--on", "2025-08-01", "--lang", "vi")
    assert "Ủy ban nhân dân huyện Gio Linh đã kết thúc vào ngày 2025-06-30: không còn nghĩa vụ sau ngày đó" in out


def test_due_after_the_end_lists_what_fell_due_while_it_existed(spec: kehoach.Spec) -> None:
    """The README's rule: ``due --by D`` for an agency that ended before D lists its obligations due
    while it existed, with the note."""
    answer = kehoach.due(spec, "UBND huyện Gio Linh", "2025-09-30")
    within = kehoach.due(spec, GIO_LINH, ENDED)
    assert answer.obligations == within.obligations != ()
    assert all(o.due is not None and o.due <= ENDED for o in answer.obligations)
    assert "agency-ended" in [n.code for n in answer.note_items]
    code, out, _ = run("due", "UBND huyện Gio Linh", "--by", "2025-09-30", "--format", "json")
    assert code == 0 and json.loads(out)["note_details"][-1] == {
        "code": "agency-ended", "date": "2025-09-30", "end": "2025-06-30", "query": "Ủy ban nhân dân huyện Gio Linh"}


def test_an_agency_that_ended_mid_plan_has_nothing_after(ended_mid_year: kehoach.Spec) -> None:
    before = kehoach.obligations(ended_mid_year, GIO_LINH, "2024-06-30")
    after = kehoach.obligations(ended_mid_year, GIO_LINH, "2024-07-01")
    assert len(before.obligations) > 0
    assert after.obligations == ()
    assert [n.code for n in after.note_items] == ["agency-ended"]


def test_due_and_status_are_cut_to_the_days_it_existed(ended_mid_year: kehoach.Spec) -> None:
    end = date(2024, 6, 30)
    due = kehoach.due(ended_mid_year, GIO_LINH, "2024-12-31")
    assert due.obligations and all(o.due is not None and o.due <= end for o in due.obligations)
    status = kehoach.status(ended_mid_year, GIO_LINH, "2024-09-01", facts=FACTS)
    assert status.items and all(i.obligation.due is not None and i.obligation.due <= end for i in status.items)
    assert sum(n for _, n in status.summary) == len(status.items)
    whole = kehoach.status(ended_mid_year, GIO_LINH, "2024-06-30", facts=FACTS)
    assert len(whole.items) > len(status.items)  # as of a day it exists, the rest of the year is listed


def test_successors_are_named_when_the_registry_has_them(ended_mid_year: kehoach.Spec) -> None:
    answer = kehoach.obligations(ended_mid_year, "UBND huyện Gio Linh", "2024-07-01")
    note = answer.note_items[-1]
    assert note.code == "agency-ended" and [o[0] for o in note.others] == ["ubnd-tinh"]
    assert answer.notes[-1].endswith("; its successor: Ủy ban nhân dân tỉnh Quảng Trị (ubnd-tinh)")
    assert kehoach.to_json_data(answer)["note_details"][-1]["others"][0]["id"] == "ubnd-tinh"


def test_an_agency_that_has_not_begun(spec: kehoach.Spec) -> None:
    from dataclasses import replace

    agency = replace(spec.registry.agency("so-tu-phap"), valid_from=date(2024, 6, 1))
    assert validity_notes(spec, agency, date(2024, 5, 1)) == (
        Note("agency-not-yet", date(2024, 5, 1), date(2024, 6, 1), None, agency.name),)
    assert validity_notes(spec, agency, date(2024, 6, 1)) == ()
    assert Note("agency-not-yet", date(2024, 5, 1), date(2024, 6, 1), None, "Sở Tư pháp").text() == \
        "Sở Tư pháp exists from 2024-06-01: it has no obligations before that day"


def test_an_agency_valid_on_the_day_is_answered_as_before(spec: kehoach.Spec) -> None:
    answer = kehoach.obligations(spec, "UBND huyện Gio Linh", "2024-07-01")
    assert answer.obligations and all(n.code != "agency-ended" for n in answer.note_items)


def test_resolve_agency_finds_an_ended_agency_by_name(spec: kehoach.Spec) -> None:
    assert kehoach.resolve_agency(spec, "UBND huyện Gio Linh", on="2025-08-01").id == GIO_LINH
    assert kehoach.resolve_agency(spec, GIO_LINH, on="2025-08-01").id == GIO_LINH


def test_a_name_that_exists_on_the_day_is_still_preferred(spec: kehoach.Spec) -> None:
    """"Gio Linh" on 2025-08-01: the district and its town have ended (30/6/2025); the commune of that
    name, one of the 78 units from 1/7/2025, exists. On 2024-06-01 the district is still chosen."""
    assert kehoach.resolve_agency(spec, "Gio Linh", on="2025-08-01").id == "ubnd-xa-gio-linh"
    assert kehoach.resolve_agency(spec, "Gio Linh", on="2024-06-01").id == "ubnd-huyen-gio-linh"
