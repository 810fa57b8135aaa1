"""Vietnamese matching keys: exact cases and invariants (hypothesis)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kehoach.textnorm import (
    expand_abbreviations,
    loose_key,
    loose_match_key,
    match_key,
    nfc,
    strict_key,
)

# Letters of Vietnamese (both cases, precomposed), digits and the separators people type.
_VI_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữự"
    "vxyỳýỷỹỵ"
)
_ALPHABET = _VI_LETTERS + _VI_LETTERS.upper() + "0123456789 -,.&()/"
texts = st.text(alphabet=_ALPHABET, max_size=40)
any_texts = st.text(max_size=30)

TONES = "\u0300\u0301\u0303\u0309\u0323"


def _move_tones(s: str) -> str:
    """The same text with each syllable's tone mark moved to its last letter (NFD)."""
    out: list[str] = []
    word: list[str] = []

    def flush() -> None:
        tones = [c for c in word if c in TONES]
        out.extend(c for c in word if c not in TONES)
        out.extend(tones[:1])
        word.clear()

    for c in unicodedata.normalize("NFD", s):
        if c.isalpha() or unicodedata.combining(c):
            word.append(c)
        else:
            flush()
            out.append(c)
    flush()
    return "".join(out)


def test_nfc() -> None:
    assert nfc(unicodedata.normalize("NFD", "Sở Tư pháp")) == "Sở Tư pháp"
    assert len(nfc("Sở")) == 2


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Hướng Hoá", "hướng hoá"),
        ("Hướng Hóa", "hướng hoá"),
        ("HƯỚNG HÓA", "hướng hoá"),
        ("thủy", "thuỷ"),
        ("Thuỷ", "thuỷ"),
        ("qúy", "quý"),
        ("ngòai", "ngoài"),
        ("Ủy ban", "uỷ ban"),
        ("  Sở   Lao động - Thương binh và Xã hội ", "sở lao động thương binh và xã hội"),
        ("Sở TN&MT", "sở tnmt"),
        ("Văn hóa & Du lịch", "văn hoá du lịch"),
        ("Phường 1, Đông Hà", "phường 1 đông hà"),
        ("", ""),
        (" -.,", ""),
    ],
)
def test_strict_key(text: str, key: str) -> None:
    assert strict_key(text) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Sở Tư pháp", "so tu phap"),
        ("Đakrông", "dakrong"),
        ("ĐẮK", "dak"),
        ("Hướng Hoá", "huong hoa"),
    ],
)
def test_loose_key(text: str, key: str) -> None:
    assert loose_key(text) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("VP UBND tỉnh", "văn phòng uỷ ban nhân dân tỉnh"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "văn phòng uỷ ban nhân dân tỉnh"),
        ("HĐND tỉnh", "hội đồng nhân dân tỉnh"),
        ("TP Đông Hà", "thành phố đông hà"),
        ("TX Quảng Trị", "thị xã quảng trị"),
        ("TT Khe Sanh", "thị trấn khe sanh"),
        ("BQL KKT", "ban quản lý khu kinh tế"),
        ("P.1", "phường 1"),
        ("P1 Đông Hà", "phường 1 đông hà"),
        ("P 2", "phường 2"),
        ("P Đông Lễ", "p đông lễ"),  # "P" alone is only "phường" before a number
        ("Cục Kiểm soát TTHC", "cục kiểm soát thủ tục hành chính"),
    ],
)
def test_match_key_expands_abbreviations(text: str, key: str) -> None:
    assert match_key(text) == key


def test_expand_abbreviations_keeps_unknown_tokens() -> None:
    assert expand_abbreviations("sở tư pháp") == "sở tư pháp"
    assert expand_abbreviations("ubnd") == "uỷ ban nhân dân"


def test_loose_match_key() -> None:
    assert loose_match_key("ubnd huyen gio linh") == loose_match_key("UBND huyện Gio Linh")
    assert loose_match_key("UBND huyện Gio Linh") == "uy ban nhan dan huyen gio linh"


@given(any_texts)
def test_strict_key_idempotent(s: str) -> None:
    assert strict_key(strict_key(s)) == strict_key(s)


@given(texts)
def test_strict_key_idempotent_vietnamese(s: str) -> None:
    assert strict_key(strict_key(s)) == strict_key(s)


@given(any_texts)
def test_loose_key_idempotent_and_ascii(s: str) -> None:
    key = loose_key(s)
    assert loose_key(key) == key
    assert key.isascii()


@given(texts)
def test_keys_ignore_normal_form(s: str) -> None:
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        other = unicodedata.normalize(form, s)
        assert strict_key(other) == strict_key(s)
        assert loose_key(other) == loose_key(s)


@given(texts)
def test_keys_ignore_tone_placement(s: str) -> None:
    assert strict_key(_move_tones(s)) == strict_key(s)


@given(texts)
def test_keys_ignore_case(s: str) -> None:
    assert strict_key(s.upper()) == strict_key(s.lower()) == strict_key(s)


@given(texts)
def test_match_key_idempotent(s: str) -> None:
    assert match_key(match_key(s)) == match_key(s)


@given(texts)
def test_loose_key_is_strict_key_without_marks(s: str) -> None:
    assert loose_key(strict_key(s)) == loose_key(s)
    assert len(loose_key(s).split()) == len(strict_key(s).split())
