"""Coverage against the parse of the text (kehoach.rules.coverage): every part of the plan text is encoded by
an element or marked non-normative with a reason; each missing part is reported with its ref, its line in
the text and its first words, at the element that encodes the part before it."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from kehoach.loader import load_text
from kehoach.outline import iter_nodes, parse_outline
from kehoach.problems import Problem
from kehoach.rules import coverage
from kehoach.rules.base import Context, Document

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "spec"
PLAN_TEXT = (SPEC / "plan.yaml").read_text(encoding="utf-8")
INDEX_TEXT = (SPEC / "sources" / "index.yaml").read_text(encoding="utf-8")
QT_TEXT = unicodedata.normalize(
    "NFC", (SPEC / "sources" / "kh-cai-cach-tthc-2024-quang-tri.txt").read_text(encoding="utf-8"))
HCM_TEXT = unicodedata.normalize(
    "NFC", (SPEC / "sources" / "hcm-2820-qd-ubnd-2025-csdl-quy-hoach.txt").read_text(encoding="utf-8"))


def _doc(kind: str, text: str, display: str) -> Document:
    loaded = load_text(text, display)
    assert loaded.problems == [], loaded.problems
    assert loaded.node is not None
    return Document(kind, SPEC / display, display, loaded.node, loaded.node.plain())


def _context(plan: str = PLAN_TEXT, index: str = INDEX_TEXT) -> Context:
    return Context(documents=[_doc("plan", plan, "plan.yaml"), _doc("sources", index, "sources/index.yaml")],
                   source_texts={"kh-cctthc-2024": QT_TEXT, "qd-2820-2025-ubnd-hcm": HCM_TEXT})


def _run(ctx: Context) -> list[Problem]:
    return sorted(p for rule in coverage.RULES for p in rule(ctx))


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def _edit_qt(index: str, old: str, new: str) -> str:
    """``index`` with ``old`` replaced in the Quảng Trị entry (the first document of the index)."""
    head, sep, rest = index.partition("  - id: qd-2820-2025-ubnd-hcm\n")
    return _edit(head, old, new) + sep + rest


def _line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def _without_element(plan: str, element_id: str) -> str:
    """The plan with the list item ``- id: element_id`` removed (up to the next item or top-level key)."""
    lines = plan.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- id: {element_id}")
    end = start + 1
    while end < len(lines) and not lines[end].startswith(("  - ", "\n")) and lines[end][:1] == " ":
        end += 1
    return "".join(lines[:start] + lines[end:])


def test_the_bundled_plan_leaves_nothing_missing() -> None:
    assert _run(_context()) == []


def test_every_part_the_old_outline_left_out_is_now_covered_or_marked() -> None:
    index = _doc("sources", INDEX_TEXT, "sources/index.yaml").data
    entry = next(e for e in index["documents"] if e["id"] == "kh-cctthc-2024")
    marks = {m["ref"]: m["reason"] for m in entry["non_normative"]}
    assert {"III", "closing", "noi-nhan", "PL.2.heading"} <= set(marks)
    assert "recipients for information" in marks["noi-nhan"]
    assert all(len(reason) > 20 for reason in marks.values())
    assert "outline" not in entry


def test_deleting_a_duty_names_its_ref_line_and_first_words_at_the_element_before_it() -> None:
    plan = _without_element(PLAN_TEXT, "iii-1-d-tham-dinh-quy-dinh-tthc")
    problems = _run(_context(plan))
    previous = _line_of(plan, "- id: iii-1-c-danh-gia-tac-dong-tthc")
    assert [(p.code, p.line, p.message) for p in problems] == [
        ("missing-coverage", previous,
         ('III.1.d of kh-cctthc-2024 (line 48: "d) Sở Tư pháp tăng cường hơn nữa …") is not encoded by '
          "any element, nor marked non-normative"))]
    assert problems[0].hint == ('add an element with source.ref "III.1.d", or mark it under non_normative of '
                                "kh-cctthc-2024 in the sources index with a reason")


def test_a_missing_bullet_names_the_bullet() -> None:
    plan = _edit(PLAN_TEXT, "      bullet: 8\n", "      bullet: 7\n")
    problems = _run(_context(plan))
    assert [p.message for p in problems] == [
        ('bullet 8 of III.2.a of kh-cctthc-2024 (line 70: "Văn phòng UBND tỉnh định kỳ hàng tháng …") '
         "is not encoded by any element, nor marked non-normative")]
    assert problems[0].hint is not None and 'source.ref "III.2.a" and source.bullet 8' in problems[0].hint


def test_a_missing_appendix_sub_row() -> None:
    plan = _edit(PLAN_TEXT, 'ref: "PL.1.6.3"', 'ref: "PL.1.6.2"')
    problems = _run(_context(plan))
    assert [p.message for p in problems] == [
        ('PL.1.6.3 of kh-cctthc-2024 (line 124: "Đối với UBND cấp xã. % 80 UBND …") is not encoded by any '
         "element, nor marked non-normative")]


def test_marking_a_part_non_normative_leaves_nothing_missing() -> None:
    plan = _without_element(PLAN_TEXT, "iii-1-d-tham-dinh-quy-dinh-tthc")
    index = _edit_qt(INDEX_TEXT, "      - ref: closing\n",
                  '      - ref: "III.1.d"\n        reason: "a test mark: this part states nothing to encode"\n'
                  "      - ref: closing\n")
    assert _run(_context(plan, index)) == []


def test_unmarking_the_recipients_reports_the_list_and_each_recipient() -> None:
    index = _edit_qt(INDEX_TEXT, "      - ref: noi-nhan\n", "      - ref: noi-nhan-x\n")
    problems = _run(_context(PLAN_TEXT, index))
    assert [(p.code, p.file) for p in problems][-1:] == [("non-normative-unknown-ref", "sources/index.yaml")]
    assert problems[-1].line == _line_of(index, "noi-nhan-x")
    missing = [p.message.split(" of kh-cctthc-2024")[0] for p in problems if p.code == "missing-coverage"]
    assert sorted(missing) == sorted(["noi-nhan", *[f"bullet {n} of noi-nhan" for n in range(1, 11)]])


def test_a_mark_of_one_bullet_marks_only_that_bullet() -> None:
    index = _edit_qt(INDEX_TEXT, "      - ref: noi-nhan\n", "      - ref: noi-nhan\n        bullet: 10\n")
    missing = [p.message for p in _run(_context(PLAN_TEXT, index))]
    assert len(missing) == 10 and not any("bullet 10 of" in m for m in missing)


def test_a_plan_with_nothing_encoded_reports_every_part_at_the_top() -> None:
    plan = "kind: plan\ndocument: kh-cctthc-2024\nduties: []\n"
    index = _edit_qt(INDEX_TEXT, "    non_normative:\n", "    non_normative_off:\n")
    problems = _run(_context(plan, index))
    parts = [n for n in iter_nodes(parse_outline(QT_TEXT)) if n.kind not in coverage.STRUCTURE_KINDS]
    assert len(problems) == len(parts) and {(p.line, p.col) for p in problems} == {(1, 1)}


def test_a_partly_encoded_hcm_plan_reports_each_missing_part_with_its_words() -> None:
    plan = (
        "kind: plan\ndocument: qd-2820-2025-ubnd-hcm\nduties:\n"
        "  - id: dieu-2\n    source: {document: qd-2820-2025-ubnd-hcm, ref: \"Điều 2\"}\n"
        "  - id: pl-ii-1\n    source: {document: qd-2820-2025-ubnd-hcm, ref: \"PL.II.1\"}\n"
    )
    problems = _run(_context(plan))
    by_ref = {p.message.split(" of qd-2820")[0]: p for p in problems}
    assert "Điều 2" not in by_ref and "PL.II.1" not in by_ref
    sub_row = by_ref["PL.II.1.2"]
    assert sub_row.message == (
        'PL.II.1.2 of qd-2820-2025-ubnd-hcm (line 575: "Xây dựng hạ tầng kỹ thuật dự phòng …") is '
        "not encoded by any element, nor marked non-normative")
    assert sub_row.line == _line_of(plan, "- id: pl-ii-1")
    assert by_ref["Điều 3"].line == _line_of(plan, "- id: dieu-2")
    assert "Điều 1" not in by_ref  # marked non-normative: it issues the plan, whose parts are encoded one by one
    assert "header" not in by_ref and "noi-nhan" not in by_ref
    rows = [r for r in by_ref if r.startswith("PL.") and r.count(".") == 2]
    assert len(rows) == 24  # the 25 rows of the task table but PL.II.1


def test_the_hcm_marks_name_parts_of_its_text_and_a_plan_citing_the_rest_leaves_nothing_missing() -> None:
    index = _doc("sources", INDEX_TEXT, "sources/index.yaml").data
    entry = next(e for e in index["documents"] if e["id"] == "qd-2820-2025-ubnd-hcm")
    marks = {key for _, key in coverage.non_normative_marks(entry)}
    parts = [n for n in iter_nodes(parse_outline(HCM_TEXT)) if n.kind not in coverage.STRUCTURE_KINDS]
    keys = {(n.ref, n.bullet) for n in parts}
    assert marks <= keys and ("noi-nhan", None) in marks and ("PL.VI", None) in marks
    assert "recipients for information" in next(m["reason"] for m in entry["non_normative"] if m["ref"] == "noi-nhan")
    cited = sorted({(n.ref, n.bullet) for n in parts
                    if (n.ref, None) not in marks and n.kind in ("bullet", "sub-bullet")}
                   | {(n.ref, None) for n in parts if (n.ref, None) not in marks and n.kind not in ("bullet", "sub-bullet")},
                   key=str)
    items = "".join(
        f"  - id: e{k}\n    source: {{document: qd-2820-2025-ubnd-hcm, ref: \"{ref}\""
        + (f", bullet: {bullet}" if bullet is not None else "") + "}\n"
        for k, (ref, bullet) in enumerate(cited))
    plan = "kind: plan\ndocument: qd-2820-2025-ubnd-hcm\nduties:\n" + items
    assert _run(_context(plan)) == []
    assert len(cited) == 92  # Điều 3, 21 items, 42 bullets, the 25 rows and their 3 sub-rows
    without_one = plan.replace('ref: "PL.IV.2.2"}', 'ref: "PL.IV.2"}')
    assert [p.message.split(" (")[0] for p in _run(_context(without_one))] == ["PL.IV.2.2 of qd-2820-2025-ubnd-hcm"]
