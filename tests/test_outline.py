"""The parser of a plan text's structure (kehoach.outline) on both bundled texts, on the general forms real
plans use, and as a property on any text."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.outline import (
    KINDS,
    OutlineNode,
    iter_nodes,
    outline_to_data,
    parse_outline,
)

SOURCES = Path(__file__).resolve().parent.parent / "spec" / "sources"
QT_TEXT = unicodedata.normalize("NFC", (SOURCES / "kh-cai-cach-tthc-2024-quang-tri.txt").read_text(encoding="utf-8"))
HCM_TEXT = unicodedata.normalize("NFC", (SOURCES / "hcm-2820-qd-ubnd-2025-csdl-quy-hoach.txt").read_text(
    encoding="utf-8"))
QT = parse_outline(QT_TEXT)
HCM = parse_outline(HCM_TEXT)


def by_id(nodes: tuple[OutlineNode, ...]) -> dict[str, OutlineNode]:
    return {n.id: n for n in iter_nodes(nodes)}


QT_IDS = by_id(QT)
HCM_IDS = by_id(HCM)


# --------------------------------------------------------------------------- Quảng Trị (plain text, tabs)

QT_NUMBERING = [  # the numbering of source.ref for this plan
    "I.1", "I.2", "I.3", "I.4", "II.1", "II.2", "II.3",
    "III.1.a", "III.1.b", "III.1.c", "III.1.d", "III.2.a", "IV.1", "IV.2",
    *[f"PL.1.{n}" for n in range(1, 7)], "PL.1.6.1", "PL.1.6.2", "PL.1.6.3",
    *[f"PL.2.{n}" for n in range(1, 8)],
]


def test_every_ref_of_the_quang_tri_numbering_is_parsed() -> None:
    assert all(ref in QT_IDS for ref in QT_NUMBERING), [r for r in QT_NUMBERING if r not in QT_IDS]
    bullets = {(n.ref, n.bullet) for n in iter_nodes(QT) if n.kind == "bullet"}
    expected = {("III.1.a", 1), *(("III.2.a", k) for k in range(1, 9)), *(("IV.1", k) for k in range(1, 4)),
                *(("noi-nhan", k) for k in range(1, 11))}
    assert bullets == expected


def test_the_quang_tri_parts_in_the_order_of_the_text() -> None:
    assert [(n.id, n.kind) for n in QT] == [
        ("header", "title-block"), ("preamble", "preamble"), ("I", "section"), ("II", "section"),
        ("III", "section"), ("IV", "section"), ("closing", "closing"), ("noi-nhan", "recipients"),
        ("signature", "signature"), ("PL", "appendix")]
    assert [n.id for n in QT_IDS["III"].children] == ["III.1", "III.2"]
    assert [n.id for n in QT_IDS["III.1"].children] == ["III.1.a", "III.1.b", "III.1.c", "III.1.d"]
    assert QT_IDS["III.2.a"].kind == "subitem" and QT_IDS["III.2.a"].label == "a)"
    assert QT_IDS["closing"].text == "Yêu cầu các cơ quan, đơn vị, địa phương nghiêm túc triển khai thực hiện./."
    assert QT_IDS["noi-nhan bullet 9"].text == "Cổng thông tin điện tử tỉnh;"


def test_the_chapeau_of_iii_is_its_own_text() -> None:
    text = QT_IDS["III"].text
    assert text.startswith("III. NHỮNG NHIỆM VỤ TRỌNG TÂM\nTập trung triển khai các nhiệm vụ cải cách TTHC")
    assert text.endswith("trong đó tập trung vào các nhiệm vụ cụ thể như sau:")


def test_a_paragraph_after_the_bullets_belongs_to_the_item_not_the_bullet() -> None:
    bullet = QT_IDS["III.1.a bullet 1"]
    assert (bullet.line, bullet.end_line) == (38, 38)
    assert "Kết quả rà soát gửi về Văn phòng UBND tỉnh trước ngày 31/8/2024" in QT_IDS["III.1.a"].text
    assert "Kết quả rà soát" not in bullet.text


def test_a_bullet_cut_by_a_page_break_is_joined() -> None:
    bullet = QT_IDS["III.2.a bullet 6"]
    assert (bullet.line, bullet.end_line) == (64, 66) and len(bullet.pieces) == 2
    assert "cung cấp dịch vụ công\ntập trung do bộ, ngành quản lý" in bullet.text
    assert bullet.text.endswith("Hệ thống thông tin giải quyết TTHC cấp bộ, cấp tỉnh.")


def test_the_split_row_is_joined_across_the_page_break() -> None:
    row = QT_IDS["PL.2.3"]
    assert row.cells == ("3.", "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa.", "%", "Tối thiểu 50",
                         "- Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh - UBND cấp huyện", "Văn phòng UBND tỉnh")
    assert (row.line, row.end_line) == (132, 135)
    assert [QT_TEXT[s:e].split("\t")[1] for s, e in row.pieces] == ["Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số",
                                                                     "hóa."]
    # table 1 row 5: its lead cell goes on after the break
    assert QT_IDS["PL.1.5"].cells[4] == "- Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh - UBND cấp huyện"
    assert (QT_IDS["PL.1.5"].line, QT_IDS["PL.1.5"].end_line) == (117, 120)


def test_repeated_headers_are_skipped() -> None:
    for table_id, rows in (("PL.1 table", ["PL.1.1", "PL.1.2", "PL.1.3", "PL.1.4", "PL.1.5", "PL.1.6"]),
                           ("PL.2 table", ["PL.2.heading", *[f"PL.2.{n}" for n in range(1, 8)]])):
        table = QT_IDS[table_id]
        assert [c.id for c in table.children] == [f"{table_id} header", *rows]
        assert [c.kind for c in table.children].count("header-row") == 1
    header_lines = {119, 134}
    for node in iter_nodes(QT):
        if node.kind in ("row", "sub-row", "group-row"):
            assert not {node.line, node.end_line} & header_lines or node.id in ("PL.1.5", "PL.2.3")
            assert "Chỉ tiêu năm 2024" not in node.cells


def test_sub_rows_and_the_heading_of_table_2() -> None:
    assert [c.id for c in QT_IDS["PL.1.6"].children] == ["PL.1.6.1", "PL.1.6.2", "PL.1.6.3"]
    assert QT_IDS["PL.1.6.3"].kind == "sub-row" and QT_IDS["PL.1.6.3"].cells[3] == "80"
    assert QT_IDS["PL.1.6"].text == "Tỷ lệ xử lý văn bản, hồ sơ công việc (trừ hồ sơ mật) trên môi trường mạng"
    heading = QT_IDS["PL.2.heading"]
    assert heading.kind == "group-row" and heading.line == 129
    assert heading.text == "Nâng cao chất lượng phục vụ người dân, doanh nghiệp trong thực hiện TTHC, dịch vụ công"


def test_spans_point_at_the_text_as_written() -> None:
    for ref in ("I.1", "III.1.d", "IV.2"):
        node = QT_IDS[ref]
        assert QT_TEXT[node.start:node.end].startswith(node.label)
        assert QT_TEXT[: node.start].count("\n") + 1 == node.line
    emphasis = QT_IDS["III.1.b"]
    assert "**TTHC nội bộ**" in QT_TEXT[emphasis.start:emphasis.end] and "**" not in emphasis.text


# --------------------------------------------------------------------------- TP.HCM (markdown conversion)

HCM_ROWS = [f"PL.{g}.{n}" for g, count in (("I", 4), ("II", 3), ("III", 6), ("IV", 4), ("V", 3), ("VI", 5))
            for n in range(1, count + 1)]


def test_the_decision_its_articles_and_the_plan_it_issues() -> None:
    top = [(n.id, n.kind) for n in HCM]
    assert top == [
        ("header", "title-block"), ("preamble", "preamble"), ("Điều 1", "article"), ("Điều 2", "article"),
        ("Điều 3", "article"), ("noi-nhan", "recipients"), ("signature", "signature"),
        ("header-2", "title-block"), ("I", "section"), ("II", "section"), ("III", "section"), ("IV", "section"),
        ("signature-2", "signature"), ("PL", "appendix")]
    assert HCM_IDS["Điều 2"].text == "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký."
    assert HCM_IDS["preamble"].text.startswith("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;")
    assert HCM_IDS["preamble"].text.endswith("QUYẾT ĐỊNH:")
    assert HCM_IDS["signature"].text == "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Lộc Hà"
    assert len([c for c in HCM_IDS["noi-nhan"].children if c.kind == "bullet"]) == 14
    assert HCM_IDS["header-2"].text.startswith("KẾ HOẠCH\nTRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG")


def test_hard_line_breaks_and_emphasis_are_read_through() -> None:
    assert HCM_IDS["I"].text == "I. MỤC ĐÍCH, YÊU CẦU"
    assert HCM_IDS["IV.1"].text == "1. Sở Tài chính (cơ quan chủ trì)"
    assert HCM_IDS["I.1 bullet 1"].text.startswith("Quán triệt, triển khai có hiệu quả Quyết định số 06/QĐ-TTg")
    assert (HCM_IDS["I.1 bullet 1"].line, HCM_IDS["I.1 bullet 1"].end_line) == (183, 188)
    assert "Việc quản lý, sử dụng và quyết toán kinh phí" in HCM_IDS["II.6"].text
    assert [c.id for c in HCM_IDS["III"].children] == [f"III.{n}" for n in range(1, 6)]
    assert [c.id for c in HCM_IDS["IV"].children] == [f"IV.{n}" for n in range(1, 9)]
    assert HCM_IDS["IV.2"].text.startswith("2. Sở Khoa học và Công nghệ, Sở Nội vụ\nSở Khoa học và Công nghệ chủ trì")


def test_the_25_rows_of_the_task_table_with_their_groups_and_sub_rows() -> None:
    rows = [n.id for n in iter_nodes(HCM) if n.kind == "row"]
    assert rows == HCM_ROWS and len(rows) == 25
    groups = [n for n in iter_nodes(HCM) if n.kind == "group-row"]
    assert [g.id for g in groups] == [f"PL.{g}" for g in ("I", "II", "III", "IV", "V", "VI")]
    assert groups[3].text == "Quản lý, vận hành, khai thác, chia sẻ cơ sở dữ liệu quốc gia về quy hoạch"
    subs = [(n.id, n.cells) for n in iter_nodes(HCM) if n.kind == "sub-row"]
    assert [s[0] for s in subs] == ["PL.II.1.2", "PL.IV.2.2", "PL.V.1.2"]
    assert subs[1][1] == ("Thực hiện sao lưu dữ liệu và đảm bảo có khả năng phục hồi hệ thống sau sự cố.",
                          "Sở Khoa học và Công nghệ", "Sở Tài chính")
    first = HCM_IDS["PL.I.1"]
    assert first.cells[0] == "1" and first.cells[2:5] == (
        "Sở Tài chính", "Các sở, ngành, UBND xã, phường, đặc khu", "Quý IV/2025")
    assert HCM_IDS["PL.VI.5"].cells[4] == "Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính"
    header = HCM_IDS["PL table header"]
    assert header.cells == ("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian dự kiến hoàn thành",
                            "Kết quả dự kiến", "Nguồn kinh phí")


def test_the_layout_tables_of_the_markdown_are_read_as_paragraphs() -> None:
    header = HCM_IDS["header"]
    assert "Số: 2820/QĐ-UBND" in header.text and "ngày 19 tháng 11 năm 2025" in header.text
    assert "--------" not in header.text and "|" not in header.text


# --------------------------------------------------------------------------- the forms real plans use


def _ids(text: str) -> list[str]:
    return [n.id for n in iter_nodes(parse_outline(text))]


def test_letters_after_d_sections_past_iv_and_dotted_items() -> None:
    text = ("Căn cứ Luật.\n\nV. NHIỆM VỤ\n\n1. Nhóm một\n\na) Việc a\n\nđ) Việc đ\n\ne) Việc e\n\n"
            "VI. KINH PHÍ\n\n1. Kinh phí\n\n1.1. Ngân sách\n\n1.2. Xã hội hóa\n\nVII. TỔ CHỨC\n\n- Việc một\n\n"
            "+ Việc con\n\n- Việc hai\n")
    assert _ids(text) == ["preamble", "V", "V.1", "V.1.a", "V.1.đ", "V.1.e", "VI", "VI.1", "VI.1.1", "VI.1.2",
                          "VII", "VII bullet 1", "VII bullet 1+", "VII bullet 2"]


def test_articles_and_a_numbered_appendix() -> None:
    text = ("QUYẾT ĐỊNH\n\nCăn cứ Luật.\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Ban hành.\n\nĐiều 2. Hiệu lực.\n\n"
            "1. Khoản một.\n\nĐiều 3. Thi hành./.\n\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\n"
            "Phụ lục II\nDANH MỤC\n\nSTT\tNội dung\tHạn\n1.\tViệc một\tQuý IV/2026\n")
    assert _ids(text) == ["header", "preamble", "Điều 1", "Điều 2", "Điều 2.1", "Điều 3", "noi-nhan",
                          "noi-nhan bullet 1", "noi-nhan bullet 2", "PL.II", "PL.II table", "PL.II table header",
                          "PL.II.1"]


def test_two_parts_numbered_alike_keep_unique_ids() -> None:
    ids = _ids("1. Một\n\n1. Một nữa\n")
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- any text

_PIECES = st.sampled_from([
    "I. ", "II. MỤC", "1. ", "2.1. ", "a) ", "đ) ", "- ", "+ ", "– ", "Điều 2. ", "Căn cứ ", "Nơi nhận:",
    "Phụ lục", "PHỤ LỤC 2", "KẾ HOẠCH", "TM. ỦY BAN", "./.", "\t", "\t\t", "|", "\n|\n", "**", "*", "\n", "\n\n",
    "\r\n", "6.1.", "STT\tChỉ tiêu", "x", "hóa.", " ", "Ủy ban", "\u2028",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join))
def test_any_text_parses_into_a_well_formed_tree(text: str) -> None:
    nodes = parse_outline(text)
    seen: set[str] = set()

    def check(node: OutlineNode, parent: OutlineNode | None) -> None:
        assert node.kind in KINDS
        assert 0 <= node.start <= node.end <= len(text)
        assert all(0 <= s <= e <= len(text) and node.start <= s and e <= node.end for s, e in node.pieces)
        if parent is not None:
            assert parent.start <= node.start and node.end <= parent.end
            assert parent.line <= node.line and node.end_line <= parent.end_line
        assert node.id not in seen
        seen.add(node.id)
        for child in node.children:
            check(child, node)

    for node in nodes:
        check(node, None)
    assert outline_to_data(nodes) == outline_to_data(parse_outline(text))  # deterministic


def test_chapters_group_articles_numbered_across_the_text() -> None:
    text = ("QUY CHẾ\n\nChương I\nQUY ĐỊNH CHUNG\n\nĐiều 1. Phạm vi\n\n1. Khoản một.\n\nChương II\nTRÁCH NHIỆM\n\n"
            "Điều 2. Sở Tài chính\n\na) Tổng hợp.\n")
    nodes = parse_outline(text)
    assert [(n.id, n.kind) for n in nodes] == [("header", "title-block"), ("Chương I", "chapter"),
                                               ("Chương II", "chapter")]
    assert [n.id for n in iter_nodes(nodes)] == ["header", "Chương I", "Điều 1", "Điều 1.1", "Chương II", "Điều 2",
                                                 "Điều 2.a"]


def test_parts_written_one_a_line_without_blank_lines() -> None:
    text = "KẾ HOẠCH\nThử\n\nI. NHIỆM VỤ\n1. Sở Tài chính tổng hợp.\n2. Sở Tư pháp báo cáo.\na) Việc a.\nII. TỔ CHỨC\n"
    assert _ids(text) == ["header", "I", "I.1", "I.2", "I.2.a", "II"]
    assert _ids("Kế hoạch thử.\nIII.1.a. Một việc.\nIII.1.b. Việc khác.\n") == ["header"]  # not a section "III."
