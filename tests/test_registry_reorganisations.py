"""The Quảng Trị registry through the 2025 reorganisations, and ``agencies --on``."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kehoach
from kehoach import api


@pytest.fixture(scope="module")
def quang_tri(tmp_path_factory: pytest.TempPathFactory) -> kehoach.Spec:
    """The bundled Quảng Trị plan and registry alone (sources and scenarios kept)."""
    root = tmp_path_factory.mktemp("qt") / "spec"
    shutil.copytree(Path(__file__).resolve().parent.parent / "spec", root, ignore=shutil.ignore_patterns("plans", "registries", "hcm-2820-2025"))
    return kehoach.load_spec(root)


def _ids(spec: kehoach.Spec, query: str | None, on: str) -> list[str]:
    return [a["id"] for a in api.agencies(spec, query, on=on)["agencies"]]


def test_dong_hoi_exists_after_the_merger_of_quang_binh(quang_tri: kehoach.Spec) -> None:
    found = api.agencies(quang_tri, "Đồng Hới", on="2025-08-01")["agencies"]
    dong_hoi = [a for a in found if a["id"] == "ubnd-phuong-dong-hoi"]
    assert dong_hoi and dong_hoi[0]["name"] == "Ủy ban nhân dân phường Đồng Hới"
    assert dong_hoi[0]["valid_from"] == "2025-07-01" and dong_hoi[0]["district"] is None
    assert "ubnd-phuong-dong-hoi" not in _ids(quang_tri, "Đồng Hới", "2024-06-01")


def test_commune_level_units_by_date(quang_tri: kehoach.Spec) -> None:
    def communes(on: str) -> list[str]:
        return [a["id"] for a in api.agencies(quang_tri, None, on=on)["agencies"] if a["level"] == "commune"]

    assert len(communes("2024-06-01")) == 125
    assert len(communes("2025-03-01")) == 125 - 9
    assert len(communes("2025-08-01")) == 78
    assert not [a for a in api.agencies(quang_tri, None, on="2025-08-01")["agencies"] if a["level"] == "district"]


def test_so_mergers_name_their_successors(quang_tri: kehoach.Spec) -> None:
    before, after = _ids(quang_tri, None, "2024-06-01"), _ids(quang_tri, None, "2025-03-01")
    assert "so-ke-hoach-va-dau-tu" in before and "so-ke-hoach-va-dau-tu" not in after
    assert "so-nong-nghiep-va-moi-truong" in after and "so-nong-nghiep-va-moi-truong" not in before
    ended = quang_tri.registry.agencies["so-tai-nguyen-va-moi-truong"]
    assert ended.successors == ("so-nong-nghiep-va-moi-truong",)


def test_answer_names_the_successor_reading(quang_tri: kehoach.Spec) -> None:
    data = api.agencies(quang_tri, "Sở Tài chính", on="2025-03-01")
    assert data["query"]["on"] == "2025-03-01"
    assert data["note_details"] == [{"code": "successor-reading", "reading": api.SUCCESSOR_READING}]
    assert "do not pass to its successors" in data["notes"][0]
    assert "notes" not in api.agencies(quang_tri, "Sở Tài chính")


def test_gio_linh_after_the_district_level_ended(quang_tri: kehoach.Spec) -> None:
    answer = api.due(quang_tri, "UBND huyện Gio Linh", "2025-09-30")
    notes = [n for n in answer.note_items if n.code == "agency-ended"]
    assert notes and notes[0].end is not None and notes[0].end.isoformat() == "2025-06-30"


def test_a_name_of_another_day_is_found_without_computing_suggestions(quang_tri: kehoach.Spec,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that exists only on another day ("Phường Đồng Hới" asked about 2024) is found on the second
    try; the suggestions of the first miss (the slow part of a miss, over every name) are never computed."""
    from kehoach.registry import Registry

    def no_suggestions(self: Registry, text: str, on: object = None) -> list[tuple[str, str]]:
        raise AssertionError(f"suggestions computed for {text!r}")

    monkeypatch.setattr(Registry, "_suggest", no_suggestions)
    answer = api.due(quang_tri, "UBND phường Đồng Hới", "2024-06-30")
    assert answer.agency.id == "ubnd-phuong-dong-hoi"
    assert "agency-not-yet" in [n.code for n in answer.note_items]
