"""How the provenance rules read owners in the TP.HCM plan's text: the subject of the item a subjectless
"Phối hợp …" bullet sits under, the later names of a list a role word opens, "đề xuất X", "trực thuộc
X", and the cells a merged-cell sub-row shares with its parent row. Each reading accepts the bundled
encoding and still rejects an edit the text does not back."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import pytest
from _provenance_support import SPEC, document, edit, errors_in

from kehoach.problems import Problem
from kehoach.rules.base import Document

PLAN = (SPEC / "plans" / "hcm-2820-2025.yaml").read_text(encoding="utf-8")
REGISTRY = (SPEC / "registries" / "ho-chi-minh.yaml").read_text(encoding="utf-8")
INDEX = (SPEC / "sources" / "index.yaml").read_text(encoding="utf-8")
TEXTS = {
    "qd-2820-2025-ubnd-hcm": unicodedata.normalize(
        "NFC", (SPEC / "sources" / "hcm-2820-qd-ubnd-2025-csdl-quy-hoach.txt").read_text(encoding="utf-8")),
}


@lru_cache(maxsize=2)
def _fixed(kind: str) -> Document:
    text, display = {"registry": (REGISTRY, "registries/ho-chi-minh.yaml"),
                     "sources": (INDEX, "sources/index.yaml")}[kind]
    return document(kind, text, display)


def _errors(plan: str) -> list[Problem]:
    return errors_in([document("plan", plan, "plans/hcm-2820-2025.yaml"), _fixed("registry"), _fixed("sources")],
                     TEXTS)


def _of(problems: list[Problem], element: str) -> list[tuple[str, str]]:
    return [(p.code, p.message) for p in problems if f"'{element}'" in p.message]


@lru_cache(maxsize=1)
def _bundled_errors() -> tuple[Problem, ...]:
    return tuple(_errors(PLAN))


@pytest.mark.parametrize("element", [
    "iv-1-3-ke-hoach-sao-luu", "iv-1-4-huong-dan-cap-nhat", "iv-5-1-phoi-hop-thu-thap", "iv-5-3-phoi-hop-chuan-hoa",
    "iv-6-1-phoi-hop-so-hoa", "iv-8-3-de-xuat-btc-hop-tac-cong-tu", "dieu-3-thi-hanh", "pl-2-1-2-ha-tang-du-phong",
    "pl-4-2-2-sao-luu-phuc-hoi", "pl-5-1-2-dao-tao-quan-ly-van-hanh", "i-2-1-bam-sat", "iv-7-2-giai-trinh",
])
def test_the_bundled_encoding_is_backed(element: str) -> None:
    assert _of(list(_bundled_errors()), element) == []


def test_the_item_subject_coordinates_a_subjectless_phoi_hop_bullet() -> None:
    # "1. Sở Tài chính … - Phối hợp với Sở Khoa học và Công nghệ xây dựng …": Sở Tài chính coordinates,
    # Sở Nội vụ is named nowhere around it
    changed = edit(PLAN, "coordinate: [hcm-so-tai-chinh, hcm-so-khoa-hoc-va-cong-nghe]",
                   "coordinate: [hcm-so-noi-vu, hcm-so-khoa-hoc-va-cong-nghe]", after="id: iv-1-3-ke-hoach-sao-luu")
    found = _of(_errors(changed), "iv-1-3-ke-hoach-sao-luu")
    assert [code for code, _ in found] == ["owner-not-in-quote"]
    assert "coordinate[0] 'hcm-so-noi-vu'" in found[0][1]


def test_the_item_subject_does_not_lead_a_phoi_hop_bullet_under_another_item() -> None:
    # IV.6 "Ủy ban nhân dân phường, xã, đặc khu": its subject does not make Sở Tài chính coordinate there
    changed = edit(PLAN, "coordinate: [hcm-ubnd-cap-xa]", "coordinate: [hcm-so-tai-chinh]",
                   after="id: iv-6-1-phoi-hop-so-hoa")
    assert [code for code, _ in _of(_errors(changed), "iv-6-1-phoi-hop-so-hoa")] == ["owner-not-in-quote"]


def test_the_later_names_of_a_list_share_the_role_word_that_opens_it() -> None:
    # "Phối hợp với Sở Xây dựng, Sở Quy hoạch - Kiến trúc và Sở Nông nghiệp và Môi trường"
    changed = edit(PLAN, "hcm-so-quy-hoach-kien-truc, hcm-so-nong-nghiep-va-moi-truong]",
                   "hcm-so-tu-phap, hcm-so-nong-nghiep-va-moi-truong]", after="id: iv-1-4-huong-dan-cap-nhat")
    found = _of(_errors(changed), "iv-1-4-huong-dan-cap-nhat")
    assert [code for code, _ in found] == ["owner-not-in-quote"]
    assert "coordinate[2] 'hcm-so-tu-phap'" in found[0][1]


def test_a_list_after_phoi_hop_voi_is_not_the_lead() -> None:
    changed = edit(PLAN, "lead: []\n    coordinate: [hcm-so-tai-chinh, hcm-so-xay-dung, hcm-so-quy-hoach-kien-truc, ",
                   "lead: [hcm-so-quy-hoach-kien-truc]\n    coordinate: [hcm-so-tai-chinh, hcm-so-xay-dung, ",
                   after="id: iv-1-4-huong-dan-cap-nhat")
    codes = [code for code, _ in _of(_errors(changed), "iv-1-4-huong-dan-cap-nhat")]
    assert codes == ["owner-role-mismatch"]


def test_de_xuat_names_the_body_the_proposal_goes_to() -> None:
    # "Đề xuất Bộ Tài chính hỗ trợ …": Bộ Tài chính receives the proposal, it does not lead
    changed = edit(PLAN, "lead: [hcm-chu-the-de-xuat-btc]\n    coordinate: []\n    receive: [hcm-bo-tai-chinh]",
                   "lead: [hcm-chu-the-de-xuat-btc, hcm-bo-tai-chinh]\n    coordinate: []\n    receive: []",
                   after="id: iv-8-3-de-xuat-btc-hop-tac-cong-tu")
    found = _of(_errors(changed), "iv-8-3-de-xuat-btc-hop-tac-cong-tu")
    assert [code for code, _ in found] == ["owner-role-mismatch"]
    assert "lead[1] 'hcm-bo-tai-chinh'" in found[0][1]


def test_truc_thuoc_names_the_subordinates_of_that_body_only() -> None:
    # "Thủ trưởng các cơ quan, đơn vị trực thuộc Ủy ban nhân dân Thành phố" names the Viện, not a ministry
    changed = edit(PLAN, "hcm-vien-nghien-cuu-phat-trien-tp, hcm-ubnd-cap-xa]", "hcm-bo-tai-chinh, hcm-ubnd-cap-xa]",
                   after="id: dieu-3-thi-hanh")
    found = _of(_errors(changed), "dieu-3-thi-hanh")
    assert [code for code, _ in found] == ["owner-not-in-quote"]
    assert "lead[2] 'hcm-bo-tai-chinh'" in found[0][1]


def test_a_merged_cell_sub_row_shares_its_parents_merged_cells_only() -> None:
    # PL.V.1.2 has its own lead cell (Sở Tài chính); the parent's lead cell is not the sub-row's
    changed = edit(PLAN, "lead: [hcm-so-tai-chinh]\n    coordinate: [hcm-so-noi-vu, hcm-so-nganh-xa-cung-stc]",
                   "lead: [hcm-trung-tam-chuyen-doi-so-tp]\n    coordinate: [hcm-so-noi-vu, hcm-so-nganh-xa-cung-stc]",
                   after="id: pl-5-1-2-dao-tao-quan-ly-van-hanh")
    found = _of(_errors(changed), "pl-5-1-2-dao-tao-quan-ly-van-hanh")
    assert [code for code, _ in found] == ["owner-not-in-quote"]
    assert "lead[0] 'hcm-trung-tam-chuyen-doi-so-tp'" in found[0][1]


def test_a_merged_cell_sub_row_is_not_backed_by_a_body_its_rows_do_not_name() -> None:
    changed = edit(PLAN, "coordinate: [hcm-so-khoa-hoc-va-cong-nghe, hcm-cac-so-nganh-ubnd-cap-xa]",
                   "coordinate: [hcm-so-noi-vu, hcm-cac-so-nganh-ubnd-cap-xa]", after="id: pl-2-1-2-ha-tang-du-phong")
    found = _of(_errors(changed), "pl-2-1-2-ha-tang-du-phong")
    assert [code for code, _ in found] == ["owner-not-in-quote"]


def test_a_short_quote_is_looked_for_in_the_cited_sub_row_and_its_merged_cells() -> None:
    # "Quý IV/2026" is written in many rows; PL.IV.2.2 shares it with PL.IV.2, but not "Năm 2025-2030"
    changed = edit(PLAN, '- "Quý IV/2026"', '- "Năm 2025-2030"', after="id: pl-4-2-2-sao-luu-phuc-hoi")
    codes = [code for code, _ in _of(_errors(changed), "pl-4-2-2-sao-luu-phuc-hoi")]
    assert "quote-outside-ref" in codes
