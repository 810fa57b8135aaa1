"""The one comparator table: each comparator's Vietnamese words, and what "met" means for each.

A property pins that :func:`kehoach.targets.is_met` agrees with the comparator's symbol on any numbers.
"""
from __future__ import annotations

import operator
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.targets import (
    COMPARATORS,
    bare_comparator,
    comparator_from_words,
    is_met,
    symbol,
    words_found,
)

WORDS = [
    # ≥
    ("Tối thiểu 80", "ge"), ("tối thiểu 2 dự án", "ge"), ("ít nhất 2 dự án", "ge"), ("không dưới 90%", "ge"),
    ("không thấp hơn 50%", "ge"), ("từ 3 dự án trở lên", "ge"),
    # >
    ("trên 60%", "gt"), ("hơn 10 bộ dữ liệu", "gt"), ("vượt 5%", "gt"),
    # =
    ("bằng 100%", "eq"),
    # ≤
    ("không quá 5 ngày", "le"), ("tối đa 500.000.000 VND", "le"), ("không vượt quá 3 ngày", "le"),
    ("không cao hơn 2%", "le"),
    # <
    ("dưới 2%", "lt"), ("thấp hơn 1%", "lt"), ("ít hơn 3 ngày", "lt"),
    # a reading decides
    ("đạt 100%", "reading"), ("Đạt 95%", "reading"),
    # no words: a bare number
    ("95", None), ("100", None),
]


@pytest.mark.parametrize(("written", "wanted"), WORDS)
def test_the_words_of_a_target_give_its_comparator(written: str, wanted: str | None) -> None:
    assert comparator_from_words(written) == wanted


def test_the_longest_phrase_wins_where_phrases_overlap() -> None:
    assert words_found("không dưới 90%") == (("không dưới", "ge"),)
    assert words_found("không vượt quá 3 ngày") == (("không vượt quá", "le"),)
    assert words_found("ít hơn 3") == (("ít hơn", "lt"),)


def test_words_match_whole_words_in_any_unicode_form_and_case() -> None:
    assert comparator_from_words(unicodedata.normalize("NFD", "TỐI THIỂU 80")) == "ge"
    assert comparator_from_words("trênh 5") is None  # not the word "trên"


def test_every_comparator_has_its_symbol_meaning_and_words() -> None:
    assert {c: (COMPARATORS[c].symbol, COMPARATORS[c].meaning) for c in COMPARATORS} == {
        "ge": ("≥", "at least"), "gt": (">", "more than"), "eq": ("=", "exactly"),
        "le": ("≤", "at most"), "lt": ("<", "less than")}
    assert all(COMPARATORS[c].words for c in COMPARATORS)
    for c in COMPARATORS:
        for w in COMPARATORS[c].words:
            assert comparator_from_words(f"{w} 5") == c, w
    assert symbol("ge") == "≥" and symbol("zz") == "zz"


def test_a_reading_gives_ge_or_eq_and_100_percent_coincides() -> None:
    assert bare_comparator(95, "at-least") == "ge"
    assert bare_comparator(100, "at-least") == "eq"
    assert bare_comparator(100, "at-least", "dự án") == "ge"  # 100 projects: at least 100 is not exactly 100
    assert bare_comparator(95, "exactly", "%") == "eq"


_BY_SYMBOL = {"≥": operator.ge, ">": operator.gt, "=": operator.eq, "≤": operator.le, "<": operator.lt}
NUMBERS = st.one_of(st.integers(-1000, 10**12).map(float), st.floats(-1e6, 1e6, allow_nan=False))


@given(comparator=st.sampled_from(sorted(COMPARATORS)), value=NUMBERS, target=NUMBERS)
def test_is_met_agrees_with_the_comparators_symbol(comparator: str, value: float, target: float) -> None:
    assert is_met(comparator, value, target) is _BY_SYMBOL[symbol(comparator)](value, target)


@given(value=NUMBERS)
def test_a_value_equal_to_its_target_meets_exactly_the_inclusive_comparators(value: float) -> None:
    assert {c for c in COMPARATORS if is_met(c, value, value)} == {"ge", "eq", "le"}
