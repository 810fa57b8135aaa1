"""QA fixes of the evaluator's API and query CLI: quote lists, group/agency errors, --from after --by,
Vietnam's "today"."""
from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from _cli_query_support import run, spec_loaded_once  # noqa: F401  (autouse fixture)

import kehoach
from kehoach import cli_query

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "facts-2024.yaml"


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec()


# --------------------------------------------------------------------------- 1. quote is always a list


def test_source_quote_is_always_a_list(spec: kehoach.Spec) -> None:
    data = kehoach.to_json_data(kehoach.due(spec, "UBND huyện Gio Linh", "2024-12-31"))
    quotes = [o["source"]["quote"] for o in data["obligations"]]
    assert quotes and all(isinstance(q, list) and q and all(isinstance(f, str) for f in q) for q in quotes)
    split = next(o for o in data["obligations"] if o["id"] == "iii-1-a-gui-ket-qua-ra-soat")
    assert split["source"]["quote"] == ["Kết quả rà soát gửi về Văn phòng UBND tỉnh", "trước ngày 31/8/2024"]


def test_explain_table_joins_fragments() -> None:
    code, out, _ = run("explain", "iii-1-a-gui-ket-qua-ra-soat", "--agency", "UBND huyện Gio Linh")
    assert code == 0
    assert "“Kết quả rà soát gửi về Văn phòng UBND tỉnh … trước ngày 31/8/2024”" in out


# --------------------------------------------------------------------------- 2. the Python API


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


def test_status_without_facts(spec: kehoach.Spec) -> None:
    none = kehoach.status(spec, "so-tu-phap", "2024-09-10")
    same = kehoach.status(spec, "so-tu-phap", "2024-09-10", None)
    assert none == same and none.facts_files == ()
    counts = dict(none.summary)
    assert counts["done_on_time"] == 0 and counts["done_late"] == 0 and counts["overdue"] > 0
    assert len(kehoach.status_for_group(spec, "ubnd-cap-huyen", "2024-09-10")) == 10


@pytest.mark.parametrize("agency", [None, "", "   ", 17])
def test_bad_agency_is_typed(spec: kehoach.Spec, agency: object) -> None:
    with pytest.raises(kehoach.UnknownAgency) as info:
        kehoach.due(spec, agency, "2024-06-01")  # type: ignore[arg-type]
    assert info.value.query == ""


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


# --------------------------------------------------------------------------- 4. --from after --by


def test_from_after_by(spec: kehoach.Spec) -> None:
    code, out, err = run("due", "STP", "--by", "2024-06-01", "--from", "2024-07-01")
    assert (code, out) == (2, "")
    assert "--from (2024-07-01) is after --by (2024-06-01)" in err
    with pytest.raises(kehoach.InvalidDate) as info:
        kehoach.due(spec, "STP", "2024-06-01", "2024-07-01")
    assert info.value.reason == "since (2024-07-01) is after by (2024-06-01)"
    with pytest.raises(kehoach.InvalidDate):
        kehoach.due_for_group(spec, None, "2024-06-01", "2024-07-01")


# --------------------------------------------------------------------------- 7. today is Vietnam's day


def test_today_is_vietnam_day() -> None:
    assert cli_query.today({"KEHOACH_TODAY": "2024-03-04"}) == date(2024, 3, 4)
    vn = datetime.now(timezone(timedelta(hours=7))).date()
    got = cli_query.today({})
    assert got == vn or got == datetime.now(timezone(timedelta(hours=7))).date()


def test_today_ignores_host_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    from kehoach import vntime

    utc = datetime(2024, 5, 31, 18, 30, tzinfo=UTC)  # 01:30 on 1 June in Hà Nội
    monkeypatch.setattr(vntime.time, "time", lambda: utc.timestamp())
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    assert cli_query.today({}) == date(2024, 6, 1)


def test_status_facts_as_empty_list_or_paths(spec: kehoach.Spec) -> None:
    assert kehoach.status(spec, "so-tu-phap", "2024-09-10", []) == kehoach.status(spec, "so-tu-phap", "2024-09-10")
    by_path = kehoach.status(spec, "so-tu-phap", "2024-09-10", [EXAMPLE])
    loaded = kehoach.status(spec, "so-tu-phap", "2024-09-10", kehoach.load_facts([EXAMPLE], spec))
    assert by_path == loaded and by_path.facts_files == (str(EXAMPLE),)
