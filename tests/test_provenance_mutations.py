"""Edits that contradict the signed text are rejected, each with its code and the field it names.

Each case edits the YAML text of a copy of the bundled plan or registry (so positions are real), loads
it with the real loader and runs every rule on it beside the other bundled documents (parsed once).
The first cases are the edits issue 8 lists under "Why"; the others are more of each class.
"""
from __future__ import annotations

import pytest
from _provenance_support import PLAN, REGISTRY, edit, errors_of


def test_the_bundled_spec_is_backed_by_its_text() -> None:
    assert errors_of() == []


# (case id, document, after, old, new, expected code, expected path suffix, words the message must show)
PLAN_CASES = [
    # --- the edits listed under "Why" in issue 8
    ("target-80-to-85", "id: pl-1-1\n", "value: 80,", "value: 85,", "target-value-mismatch",
     ("target", "value"), "Tối thiểu 80"),
    ("bare-target-changed", "id: pl-2-1\n", "value: 100,", "value: 95,", "target-value-mismatch",
     ("target", "value"), "100"),
    ("lead-iii-1-d-so-noi-vu", "id: iii-1-d-tham-dinh-quy-dinh-tthc", "lead: [so-tu-phap]", "lead: [so-noi-vu]",
     "owner-not-in-quote", ("lead", 0), "Sở Tư pháp tăng cường"),
    ("iv-1-cites-iv-2-quote", "id: iv-2-theo-doi-don-doc", 'ref: "IV.2"', 'ref: "IV.1"', "quote-outside-ref",
     ("source", "ref"), "IV.2"),
    ("receiver-iii-1-a-changed", "id: iii-1-a-gui-ket-qua-ra-soat", "receive: [van-phong-ubnd-tinh]",
     "receive: [ubnd-tinh]", "owner-not-in-quote", ("receive", 0), "gửi về Văn phòng UBND tỉnh"),
    ("period-end-30-9", None, 'end: "2024-12-31"', 'end: "2024-09-30"', "period-end-mismatch",
     ("period", "end"), "năm 2024"),
    ("lead-coordinate-swapped", "id: iii-2-a-3-huong-dan-dvctt",
     "lead: [chu-the-chu-tri-huong-dan-dvctt]\n    coordinate: [co-quan-chuyen-mon, co-quan-thuoc-ubnd-tinh]",
     "lead: [co-quan-chuyen-mon, co-quan-thuoc-ubnd-tinh]\n    coordinate: [chu-the-chu-tri-huong-dan-dvctt]",
     "owner-role-mismatch", ("lead", 0), "phối hợp với các Sở ngành"),
    ("group-dropped-from-lead", "id: iii-1-b-thuc-hien-kh-198",
     "lead: [co-quan-chuyen-mon, co-quan-thuoc-ubnd-tinh, ubnd-cap-huyen]",
     "lead: [co-quan-chuyen-mon, co-quan-thuoc-ubnd-tinh]", "owner-dropped", ("lead",), "UBND cấp huyện"),
    # --- more values
    ("target-45-to-40", "id: pl-1-2\n", "value: 45,", "value: 40,", "target-value-mismatch", ("target", "value"),
     "Tối thiểu 45"),
    ("target-and-as-written-changed", "id: pl-1-3\n", 'value: 50, as_written: "Tối thiểu 50"',
     'value: 60, as_written: "Tối thiểu 60"', "target-not-in-row", ("target", "as_written"), "Tối thiểu 50"),
    ("sub-row-95-to-90", "id: pl-1-6-2\n", "value: 95,", "value: 90,", "target-value-mismatch", ("target", "value"),
     "95"),
    ("unit-changed", "id: pl-2-7\n", 'unit: "%"', 'unit: "điểm"', "unit-not-in-row", ("unit",), "%"),
    ("year-changed", None, "\nyear: 2024\n", "\nyear: 2025\n", "period-end-mismatch", ("year",), "năm 2024"),
    # --- more owners
    ("lead-iii-2-a-8-so-tai-chinh", "id: iii-2-a-8-cong-khai-danh-gia-chat-luong", "lead: [van-phong-ubnd-tinh]",
     "lead: [so-tai-chinh]", "owner-not-in-quote", ("lead", 0), "Văn phòng UBND tỉnh định kỳ"),
    ("lead-bullet-one-sở", "id: iii-2-a-1-xu-ly-ho-so-dien-tu",
     "lead: [co-quan-chuyen-mon, co-quan-thuoc-ubnd-tinh, ubnd-cap-huyen]", "lead: [so-y-te]",
     "owner-not-in-quote", ("lead", 0), "Thực hiện nghiêm"),
    ("lead-iv-2-ubnd-tinh", "id: iv-2-theo-doi-don-doc", "lead: [van-phong-ubnd-tinh]", "lead: [ubnd-tinh]",
     "owner-not-in-quote", ("lead", 0), "Giao Văn phòng UBND tỉnh"),
    ("coordinate-added", "id: iii-1-d-tham-dinh-quy-dinh-tthc", "coordinate: []", "coordinate: [so-noi-vu]",
     "owner-not-in-quote", ("coordinate", 0), "Sở Tư pháp"),
    ("lead-is-the-receiver", "id: iv-1-bao-cao-hang-thang",
     "lead: [co-quan-chuyen-mon, co-quan-thuoc-ubnd-tinh, ubnd-cap-huyen]", "lead: [ubnd-tinh]",
     "owner-role-mismatch", ("lead", 0), "báo cáo UBND tỉnh"),
    ("evaluator-changed", "id: pl-1-4\n", "evaluate: [van-phong-ubnd-tinh]", "evaluate: [so-noi-vu]",
     "owner-not-in-quote", ("evaluate", 0), "Văn phòng UBND tỉnh"),
    ("indicator-lead-dropped", "id: pl-2-4\n", "lead: [co-quan-chuyen-mon, co-quan-thuoc-ubnd-tinh, ubnd-cap-huyen]",
     "lead: [co-quan-chuyen-mon, co-quan-thuoc-ubnd-tinh]", "owner-dropped", ("lead",), "UBND cấp huyện"),
    ("indicator-lead-widened", "id: pl-2-2\n", "lead: [ubnd-cap-huyen]", "lead: [ubnd-cap-huyen, ubnd-cap-xa]",
     "owner-not-in-quote", ("lead", 1), "UBND cấp huyện"),
    # --- more receivers
    ("receiver-added", "id: iii-1-a-gui-ket-qua-ra-soat", "receive: [van-phong-ubnd-tinh]",
     "receive: [van-phong-ubnd-tinh, so-noi-vu]", "owner-not-in-quote", ("receive", 1), "gửi về Văn phòng"),
    ("receiver-iv-1-changed", "id: iv-1-bao-cao-hang-thang", "receive: [ubnd-tinh]", "receive: [van-phong-ubnd-tinh]",
     "owner-not-in-quote", ("receive", 0), "báo cáo UBND tỉnh"),
    ("receiver-vpcp-dropped-for-cuc", "id: iv-2-tong-hop-bao-cao", "receive: [ubnd-tinh, van-phong-chinh-phu]",
     "receive: [ubnd-tinh, cuc-kiem-soat-tthc]", "owner-not-in-quote", ("receive", 1), "Văn phòng Chính phủ"),
    # --- more refs and fragments
    ("ref-wrong-row", "id: pl-2-6\n", 'ref: "PL.2.6"', 'ref: "PL.2.5"', "quote-outside-ref", ("source", "ref"),
     "PL.2.6"),
    ("bullet-wrong", "id: iii-2-a-5-so-hoa-tai-su-dung-du-lieu", "bullet: 5", "bullet: 6", "quote-outside-ref",
     ("source", "ref"), "III.2.a bullet 5"),
    ("ref-wrong-item", "id: iii-1-c-danh-gia-tac-dong-tthc", 'ref: "III.1.c"', 'ref: "III.1.d"',
     "quote-outside-ref", ("source", "ref"), "III.1.c"),
    ("fragments-swapped", "id: iii-1-a-gui-ket-qua-ra-soat",
     'quote: ["Kết quả rà soát gửi về Văn phòng UBND tỉnh", "trước ngày 31/8/2024"]',
     'quote: ["trước ngày 31/8/2024", "Kết quả rà soát gửi về Văn phòng UBND tỉnh"]',
     "quote-out-of-order", ("source", "quote", 1), "Kết quả rà soát"),
    ("field-quote-outside-its-ref", "id: yeu-cau-2", "lead: {ref: closing,", 'lead: {ref: "IV.2",',
     "quote-outside-ref", ("source", "fields", "lead", "ref"), "closing"),
]


@pytest.mark.parametrize(("after", "old", "new", "code", "path", "shown"),
                         [case[1:] for case in PLAN_CASES], ids=[case[0] for case in PLAN_CASES])
def test_a_plan_edit_the_text_does_not_back_is_rejected(after: str | None, old: str, new: str, code: str,
                                                        path: tuple[str | int, ...], shown: str) -> None:
    problems = errors_of(plan=edit(PLAN, old, new, after))
    matching = [p for p in problems if p.code == code and tuple(p.path[-len(path):]) == path]
    assert matching, [(p.code, p.path, p.message) for p in problems]
    assert shown in matching[0].message
    assert matching[0].line > 1


def test_the_message_names_the_field_and_its_position() -> None:
    plan = edit(PLAN, "lead: [so-tu-phap]", "lead: [so-noi-vu]", "id: iii-1-d-tham-dinh-quy-dinh-tthc")
    [problem] = [p for p in errors_of(plan=plan) if p.code == "owner-not-in-quote"]
    line = plan[:plan.index("lead: [so-noi-vu]")].count("\n") + 1
    assert (problem.line, problem.col) == (line, len("    lead: [") + 1)
    assert problem.message.startswith("lead[0] 'so-noi-vu'")
    assert "\"Sở Tư pháp tăng cường" in problem.message


REGISTRY_CASES = [
    ("same-official-name", "  - id: so-noi-vu\n", 'name: "Sở Nội vụ"', 'name: "Sở Tư pháp"', "duplicate-name",
     ("name",), "so-tu-phap"),
    ("same-name-other-spelling", "  - id: so-noi-vu\n", 'name: "Sở Nội vụ"', 'name: "SỞ  TƯ PHÁP"', "duplicate-name",
     ("name",), "so-tu-phap"),
    ("same-gso-code", "  - id: ubnd-huyen-hai-lang\n", 'gso_code: "470"', 'gso_code: "45"', "duplicate-gso-code",
     ("gso_code",), "ubnd-tinh"),
    ("alias-stp-on-so-noi-vu", "  - id: so-noi-vu\n", "aliases: [", 'aliases: ["STP", ', "ambiguous-alias",
     ("aliases", 0), "so-tu-phap"),
    ("alias-is-another-name", "  - id: so-noi-vu\n", "aliases: [", 'aliases: ["Sở Tư pháp", ', "ambiguous-alias",
     ("aliases", 0), "so-tu-phap"),
    ("commune-parent-province", "  - id: ubnd-xa-hai-khe\n", "parent: ubnd-huyen-hai-lang", "parent: ubnd-tinh",
     "bad-parent-level", ("parent",), "ubnd-tinh"),
    ("district-parent-commune", "  - id: ubnd-huyen-hai-lang\n", "parent: ubnd-tinh", "parent: ubnd-xa-hai-khe",
     "bad-parent-level", ("parent",), "ubnd-xa-hai-khe"),
]


@pytest.mark.parametrize(("after", "old", "new", "code", "path", "shown"),
                         [case[1:] for case in REGISTRY_CASES], ids=[case[0] for case in REGISTRY_CASES])
def test_a_registry_edit_that_confuses_names_is_rejected(after: str, old: str, new: str, code: str,
                                                         path: tuple[str | int, ...], shown: str) -> None:
    problems = errors_of(registry=edit(REGISTRY, old, new, after))
    matching = [p for p in problems if p.code == code and tuple(p.path[-len(path):]) == path]
    assert matching, [(p.code, p.path, p.message) for p in problems]
    assert shown in matching[0].message


def test_homonymous_wards_under_different_parents_are_not_ambiguous() -> None:
    # "Phường 1" of Đông Hà and of Thị xã Quảng Trị: the bundled registry has both, and validates
    assert REGISTRY.count('unit_name: "Phường 1"') == 2
    assert [p for p in errors_of() if p.code in {"ambiguous-alias", "duplicate-name"}] == []
