"""Each plan-content rule catches its fault on a small modified copy of the bundled spec.

The copies are made by editing the YAML text (so positions are real) and loading it with the
real loader; the registry and the sources index are the bundled ones.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from kehoach.loader import load_text
from kehoach.problems import Problem, Severity
from kehoach.rules import all_rules, coverage, interpretations, plan_refs, quotes
from kehoach.rules.base import Context, Document

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "spec"
PLAN_TEXT = (SPEC / "plan.yaml").read_text(encoding="utf-8")
INDEX_TEXT = (SPEC / "sources" / "index.yaml").read_text(encoding="utf-8")
SOURCE = unicodedata.normalize(
    "NFC", (SPEC / "sources" / "kh-cai-cach-tthc-2024-quang-tri.txt").read_text(encoding="utf-8"))

Rule = Callable[[Context], Iterable[Problem]]


def _doc(kind: str, text: str, display: str) -> Document:
    loaded = load_text(text, display)
    assert loaded.problems == [], loaded.problems
    assert loaded.node is not None
    return Document(kind, SPEC / display, display, loaded.node, loaded.node.plain())


def _context(plan: str = PLAN_TEXT, index: str = INDEX_TEXT, registry: bool = True) -> Context:
    docs = [_doc("plan", plan, "plan.yaml"), _doc("sources", index, "sources/index.yaml")]
    if registry:
        docs.append(_doc("registry", (SPEC / "registry.yaml").read_text(encoding="utf-8"), "registry.yaml"))
    return Context(documents=docs, source_texts={"kh-cctthc-2024": SOURCE})


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def _line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def _run(module_rules: Iterable[Rule], ctx: Context) -> list[Problem]:
    return sorted(p for rule in module_rules for p in rule(ctx))


@pytest.mark.parametrize("module", [quotes, coverage, interpretations, plan_refs])
def test_bundled_spec_is_clean(module: object) -> None:
    assert _run(module.RULES, _context()) == []  # type: ignore[attr-defined]


def test_rules_are_discovered() -> None:
    found = set(all_rules())
    for module in (quotes, coverage, interpretations, plan_refs):
        assert set(module.RULES) <= found


# --- quotes -----------------------------------------------------------------------------------


def test_quote_not_found_points_at_the_quote_with_the_closest_passage() -> None:
    plan = _edit(PLAN_TEXT, "làm rõ hành vi những nhiễu, gây khó khăn", "làm rõ hành vi nhũng nhiễu, gây khó khăn")
    problems = _run(quotes.RULES, _context(plan))
    assert [(p.code, p.line, p.severity) for p in problems] == [
        ("quote-not-found", _line_of(plan, "làm rõ hành vi nhũng nhiễu"), Severity.ERROR)]
    assert "'iii-2-a-7-xu-ly-vuong-mac-nhung-nhieu'" in problems[0].message
    assert problems[0].hint is not None and "hành vi những nhiễu, gây khó khăn" in problems[0].hint
    assert problems[0].path == ("duties", 17, "source", "quote")


def test_each_fragment_is_checked() -> None:
    plan = _edit(PLAN_TEXT, 'quote: ["Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số", "hóa."]',
                 'quote: ["Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số", "hoá:"]')
    problems = _run(quotes.RULES, _context(plan))
    assert [(p.code, p.path) for p in problems] == [("quote-not-found", ("indicators", 11, "source", "quote", 1))]
    assert problems[0].message.startswith("fragment 2 of the quote of 'pl-2-3'")


def test_whitespace_and_nfd_are_folded() -> None:
    nfd = unicodedata.normalize("NFD", "Tỷ lệ xử lý phản ánh,   kiến nghị đúng hạn.")
    plan = _edit(PLAN_TEXT, 'quote: "Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn. % 100"', f'quote: "{nfd}"')
    assert _run(quotes.RULES, _context(plan)) == []


def test_sources_citation_quote_checked() -> None:
    index = _edit(INDEX_TEXT, 'quote: "Công văn số 6206/UBND-NC ngày 23/11/2023"',
                  'quote: "Công văn số 6206/UBND-NC ngày 23/12/2023"')
    problems = _run(quotes.RULES, _context(index=index))
    assert [(p.code, p.file, p.line) for p in problems] == [
        ("quote-not-found", "sources/index.yaml", _line_of(index, "ngày 23/12/2023"))]
    assert problems[0].hint == 'closest passage in kh-cctthc-2024: "Công văn số 6206/UBND-NC ngày 23/11/2023"'


def test_timing_phrase_must_be_in_the_quote() -> None:
    plan = _edit(PLAN_TEXT, '      phrase: "Hàng tháng"\n', '      phrase: "Hàng quý"\n')
    plan = _edit(plan, '    phrase: "các sở, ngành, địa phương"\n', '    phrase: "các sở, ban, ngành"\n')
    problems = _run(quotes.RULES, _context(plan))
    assert [(p.code, p.line, p.message) for p in problems] == [
        ("phrase-not-in-quote", _line_of(plan, '"các sở, ban, ngành"'),
         "phrase \"các sở, ban, ngành\" of 'cac-so-nganh-dia-phuong' is not part of its source.quote"),
        ("phrase-not-in-quote", _line_of(plan, '"Hàng quý"'),
         "phrase \"Hàng quý\" of 'iv-1-bao-cao-hang-thang' is not part of its source.quote"),
    ]


def test_closest_passage() -> None:
    text = "một hai ba bốn năm sáu bảy tám chín mười"
    assert quotes.closest_passage("ba bón năm", text) == "ba bốn năm"
    assert quotes.closest_passage("xyz", "abc") is None
    assert quotes.find_quote("hai\n ba", text) is True


# --- interpretations --------------------------------------------------------------------------


def test_timing_interpretation_must_be_listed() -> None:
    plan = _edit(PLAN_TEXT, "      interpretation: before\n    interpretations: [addressees, before]",
                 "      interpretation: before\n    interpretations: [addressees]")
    problems = _run(interpretations.RULES, _context(plan))
    assert [(p.code, p.message) for p in problems] == [
        ("interpretation-missing",
         "'iii-1-a-gui-ket-qua-ra-soat' depends on interpretation 'before' (its timing) but does not list it")]


def test_party_and_plan_start_must_be_listed() -> None:
    marker = "  - id: iii-1-c-danh-gia-tac-dong-tthc"
    start = PLAN_TEXT.index(marker)
    end = PLAN_TEXT.index("  - id:", start + 1)
    block = PLAN_TEXT[start:end]
    plan = PLAN_TEXT[:start] + _edit(block, "interpretations: [addressees, plan-start]", "interpretations: []") + PLAN_TEXT[end:]
    problems = _run(interpretations.RULES, _context(plan))
    assert [p.message for p in problems] == [
        ("'iii-1-c-danh-gia-tac-dong-tthc' depends on interpretation 'addressees' "
        "(party 'cac-so-nganh-dia-phuong' in lead) but does not list it"),
        ("'iii-1-c-danh-gia-tac-dong-tthc' depends on interpretation 'plan-start' "
        "(its continuous timing runs from the plan's start) but does not list it"),
    ]


def test_unknown_listed_interpretation() -> None:
    plan = _edit(PLAN_TEXT, "interpretations: [addressees, approval-trigger, immediately-after, plan-start]",
                 "interpretations: [addressees, approval-trigger, immediately-after, plan-start, befor]")
    problems = _run(interpretations.RULES, _context(plan))
    assert [(p.code, p.message, p.hint) for p in problems] == [
        ("unresolved-ref", "'iii-1-a-thuc-thi-phuong-an' lists unknown interpretation 'befor'",
         "did you mean 'before'?")]


def test_bad_default() -> None:
    plan = _edit(PLAN_TEXT, "    default: exclusive\n", "    default: strict\n")
    problems = _run(interpretations.RULES, _context(plan))
    assert [(p.code, p.line, p.hint) for p in problems] == [
        ("bad-default", _line_of(plan, "default: strict"), "choices: exclusive, inclusive, inclusive-rolled")]


def test_unused_interpretation_is_a_warning() -> None:
    plan = _edit(PLAN_TEXT, "\nparties:\n", (
        "\n  - id: spare\n    question: \"?\"\n    applies_to: \"x\"\n    value_type: date\n"
        "    default: \"2024-01-01\"\n    rationale: \"r\"\n    basis: [{note: \"căn cứ\"}]\n"
        "    source: {document: kh-cctthc-2024, ref: \"IV.2\", quote: \"theo đúng thời gian quy định\"}\n"
        "\nparties:\n"))
    problems = _run(interpretations.RULES, _context(plan))
    assert [(p.code, p.severity, p.line) for p in problems] == [
        ("interpretation-unused", Severity.WARNING, _line_of(plan, "  - id: spare"))]


def test_groups_must_match_choices() -> None:
    plan = _edit(PLAN_TEXT, "      bullet-addressees: [co-quan-chuyen-mon, co-quan-thuoc-ubnd-tinh, ubnd-cap-huyen]\n", "")
    problems = _run(interpretations.RULES, _context(plan))
    assert [(p.code, p.message) for p in problems] == [
        ("incomplete-groups", "choice 'bullet-addressees' of interpretation 'chu-tri-subject' has no groups")]


def test_required_interpretations_function() -> None:
    parties = {"p": {"id": "p", "interpretation": "addressees"}}
    element = {"lead": ["p", "so-tu-phap"], "timing": {"kind": "recurring", "interpretation": "monthly-day"}}
    assert interpretations.required_interpretations(element, parties) == {
        "monthly-day": "its timing",
        "plan-start": "its recurring timing runs from the plan's start",
        "addressees": "party 'p' in lead",
    }


def _indicator_block(plan: str, ident: str) -> tuple[int, int]:
    start = plan.index(f"  - id: {ident}\n")
    end = plan.index("\n  - id: ", start + 1)
    return start, end


def test_bare_target_must_be_listed() -> None:
    start, end = _indicator_block(PLAN_TEXT, "pl-1-6-2")
    block = _edit(PLAN_TEXT[start:end], "interpretations: [bare-target, owed-by-appendix, target-judging-date]",
                  "interpretations: [owed-by-appendix, target-judging-date]")
    plan = PLAN_TEXT[:start] + block + PLAN_TEXT[end:]
    problems = _run(interpretations.RULES, _context(plan))
    line = plan[:start].count("\n") + 1 + block[: block.index("interpretations: [owed-by-appendix, target-judging-date]")].count("\n")
    assert [(p.code, p.line, p.col, p.message, p.hint) for p in problems] == [
        ("interpretation-missing", line, 22,
         "'pl-1-6-2' depends on interpretation 'bare-target' (its target is a bare number) but does not list it",
         "add 'bare-target' to its interpretations")]


@pytest.mark.parametrize(("ident", "old", "new", "message"), [
    ("pl-1-6-2", "{comparator: ge, value: 95,", "{comparator: eq, value: 95,",
     "target of 'pl-1-6-2' has comparator 'eq' but the default reading 'at-least' of 'bare-target' gives 'ge' for '95'"),
    ("pl-2-1", "{comparator: eq, value: 100,", "{comparator: ge, value: 100,",
     "target of 'pl-2-1' has comparator 'ge' but the default reading 'at-least' of 'bare-target' gives 'eq' for '100'"),
    ("pl-1-1", "{comparator: ge, value: 80,", "{comparator: eq, value: 80,",
     "target of 'pl-1-1' has comparator 'eq' but 'Tối thiểu 80' means at least"),
])
def test_comparator_must_follow_as_written(ident: str, old: str, new: str, message: str) -> None:
    start, end = _indicator_block(PLAN_TEXT, ident)
    block = _edit(PLAN_TEXT[start:end], old, new)
    plan = PLAN_TEXT[:start] + block + PLAN_TEXT[end:]
    problems = _run(interpretations.RULES, _context(plan))
    line = plan[:start].count("\n") + 1 + block[: block.index(new)].count("\n")
    assert [(p.code, p.line, p.col, p.message, p.hint) for p in problems] == [
        ("comparator-mismatch", line, 26, message, f"write comparator: {old.split()[1].rstrip(',')}")]


def test_bare_target_default_exactly_wants_eq_everywhere() -> None:
    plan = _edit(PLAN_TEXT, "    default: at-least\n", "    default: exactly\n")
    problems = _run(interpretations.RULES, _context(plan))
    assert sorted((p.code, p.message.split("'")[1]) for p in problems) == [
        ("comparator-mismatch", "pl-1-6-2"), ("comparator-mismatch", "pl-1-6-3")]


def test_bare_target_helpers() -> None:
    assert interpretations.is_bare_target({"as_written": " 95 "})
    assert not interpretations.is_bare_target({"as_written": "Tối thiểu 80"})
    assert not interpretations.is_bare_target(None)
    assert [interpretations.bare_comparator(v, r) for v, r in
            [(100, "at-least"), (95, "at-least"), (95, "exactly"), (100.0, "at-least"), (True, "at-least")]] == [
        "eq", "ge", "eq", "eq", "ge"]


def test_every_bare_indicator_lists_bare_target() -> None:
    import yaml  # type: ignore[import-untyped]

    plan = yaml.safe_load(PLAN_TEXT)
    bare = sorted(i["source"]["ref"] for i in plan["indicators"]
                  if i["target"] and "bare-target" in i["interpretations"])
    assert bare == ["PL.1.5", "PL.1.6.1", "PL.1.6.2", "PL.1.6.3", "PL.2.1", "PL.2.2", "PL.2.4", "PL.2.5", "PL.2.6"]
    assert all("ghi trần" not in (i.get("note") or "") for i in plan["indicators"])


# --- plan_refs --------------------------------------------------------------------------------


def test_unknown_agency_with_suggestion() -> None:
    plan = _edit(PLAN_TEXT, "    lead: [so-tu-phap]\n", "    lead: [so-tu-phapp]\n")
    problems = _run(plan_refs.RULES, _context(plan))
    assert [(p.code, p.line, p.message, p.hint) for p in problems] == [
        ("unresolved-ref", _line_of(plan, "lead: [so-tu-phapp]"),
         "lead of 'iii-1-d-tham-dinh-quy-dinh-tthc': 'so-tu-phapp' does not exist", "did you mean 'so-tu-phap'?")]


def test_agency_ids_unchecked_without_a_registry() -> None:
    plan = _edit(PLAN_TEXT, "    lead: [so-tu-phap]\n", "    lead: [so-tu-phapp]\n")
    assert _run(plan_refs.RULES, _context(plan, registry=False)) == []


def test_unknown_trigger_indicator_and_sources() -> None:
    plan = _edit(PLAN_TEXT, "      trigger: ttg-phe-duyet-phuong-an\n", "      trigger: ttg-phe-duyet\n")
    plan = _edit(plan, "    same_measure_as: pl-2-5\n", "    same_measure_as: pl-2-9\n")
    plan = _edit(plan, "    cites: [qd-766-2022-ttg]\n", "    cites: [qd-766-2021-ttg]\n")
    plan = _edit(plan, "legal_bases: [qd-104-2024-ttg,", "legal_bases: [qd-104-ttg,")
    problems = _run(plan_refs.RULES, _context(plan))
    assert [(p.code, p.message) for p in problems] == [
        ("unresolved-ref", "legal basis 'qd-104-ttg' does not exist"),
        ("unresolved-ref", "trigger of 'iii-1-a-thuc-thi-phuong-an': 'ttg-phe-duyet' does not exist"),
        ("unresolved-ref", "cited document of 'iii-2-a-8-cong-khai-danh-gia-chat-luong': 'qd-766-2021-ttg' does not exist"),
        ("unresolved-ref", "same_measure_as of 'pl-1-5': 'pl-2-9' does not exist"),
    ]
    assert [p.hint for p in problems] == [
        # the sources index holds both plans' documents: the TP.HCM decisions are close too
        "did you mean 'qd-104-2024-ttg', 'qd-1711-2024-ttg' or 'qd-790-2024-ttg'?",
        "did you mean 'ttg-phe-duyet-phuong-an'?",
        "did you mean 'qd-766-2022-ttg' or 'qd-468-2021-ttg'?",
        "did you mean 'pl-2-1', 'pl-2-2' or 'pl-2-3'?"]


def test_deadline_outside_period() -> None:
    plan = _edit(PLAN_TEXT, 'date: "2024-09-15"', 'date: "2025-09-15"')
    plan = _edit(plan, 'phrase: "trước ngày 15/9/2024"', 'phrase: "trước ngày 15/9/2025"')
    plan = _edit(plan, '"trước ngày 15/9/2024"\n', '"trước ngày 15/9/2025"\n')
    problems = _run(plan_refs.RULES, _context(plan))
    assert [(p.code, p.line, p.message) for p in problems] == [
        ("deadline-outside-period", _line_of(plan, '"2025-09-15"'),
         "deadline 2025-09-15 of 'iii-1-b-ra-soat-don-gian-hoa-nhom-b' is outside the plan period 2024-01-25 – 2024-12-31")]


def test_deadline_differs_from_its_phrase() -> None:
    plan = _edit(PLAN_TEXT, 'date: "2024-08-31"', 'date: "2024-08-30"')
    problems = _run(plan_refs.RULES, _context(plan))
    assert [(p.code, p.line, p.message) for p in problems] == [
        ("deadline-mismatch", _line_of(plan, '"2024-08-30"'),
         "deadline 2024-08-30 of 'iii-1-a-gui-ket-qua-ra-soat' differs from the date its phrase writes (2024-08-31)")]


@pytest.mark.parametrize(("phrase", "expected"), [
    ("trước ngày 31/8/2024", "2024-08-31"), ("trước ngày 05/01/2024", "2024-01-05"),
    ("trước ngày 31/2/2024", None), ("Hàng tháng", None), ("từ 1/1/2024 đến 2/2/2024", None)])
def test_written_date(phrase: str, expected: str | None) -> None:
    found = plan_refs.written_date(phrase)
    assert (found.isoformat() if found else None) == expected


def test_deadline_before_plan_start() -> None:
    plan = _edit(PLAN_TEXT, '    default: "2024-01-25"\n', '    default: "2024-06-01"\n')
    problems = _run(plan_refs.RULES, _context(plan))
    assert [p.message for p in problems] == [
        "deadline 2024-05-31 of 'iii-1-b-de-nghi-cong-bo-nhom-b' is outside the plan period 2024-06-01 – 2024-12-31"]


def test_party_id_clashing_with_registry() -> None:
    plan = PLAN_TEXT.replace("chu-the-chu-tri-huong-dan-dvctt", "trung-tam-phvhcc")
    problems = _run(plan_refs.RULES, _context(plan))
    assert [(p.code, p.message) for p in problems] == [
        ("duplicate-id", "party id 'trung-tam-phvhcc' is also an agency or group id of the registry")]


def test_plan_period_function() -> None:
    import datetime as dt

    data = {"interpretations": [{"id": "plan-start", "default": "2024-01-25"}],
            "period": {"start": {"interpretation": "plan-start"}, "end": "2024-12-31"}}
    assert plan_refs.plan_period(data) == (dt.date(2024, 1, 25), dt.date(2024, 12, 31))


# --- properties -------------------------------------------------------------------------------

from hypothesis import given, settings
from hypothesis import strategies as st

_WORDS = quotes.fold(SOURCE).split(" ")


@settings(max_examples=60, deadline=None)
@given(start=st.integers(0, len(_WORDS) - 1), length=st.integers(1, 25),
       gaps=st.lists(st.sampled_from([" ", "  ", "\n", "\t", " \n "]), min_size=25, max_size=25),
       nfd=st.booleans())
def test_any_passage_of_the_text_is_found_however_spaced(start: int, length: int, gaps: list[str], nfd: bool) -> None:
    words = _WORDS[start:start + length]
    quote = "".join(w + g for w, g in zip(words, gaps, strict=False)).strip()
    if nfd:
        quote = unicodedata.normalize("NFD", quote)
    assert quotes.find_quote(quote, quotes.fold(SOURCE)) is True
