"""The quote normalisation (kehoach.quotenorm): markdown of a found text folds away, wording does not."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from kehoach.quotenorm import fold
from kehoach.rules.quotes import find_quote

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "spec" / "sources"
HCM_TEXT = fold((SOURCES / "hcm-2820-qd-ubnd-2025-csdl-quy-hoach.txt").read_text(encoding="utf-8"))
QT_RAW = (SOURCES / "kh-cai-cach-tthc-2024-quang-tri.txt").read_text(encoding="utf-8")


def test_a_quote_across_bold_markers_and_a_line_break_matches() -> None:
    # The text reads "**Điều 2. **Quyết\nđịnh này có hiệu lực thi hành kể từ ngày ký."
    assert find_quote("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.", HCM_TEXT)


def test_a_quote_across_cell_separators_matches() -> None:
    # Table row II.2: "…hiện đại, công cụ tiện ích …\n|\nSở Tài chính\n|\nCác sở, ngành, …\n|\nQuý IV/2026"
    assert find_quote("Sở Tài chính Các sở, ngành, UBND xã, phường, đặc khu Quý IV/2026", HCM_TEXT)


def test_a_quote_across_italic_markers_matches() -> None:
    assert find_quote("Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025", HCM_TEXT)


def test_a_real_wording_difference_still_fails() -> None:
    assert not find_quote("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ban hành.", HCM_TEXT)
    assert not find_quote("Sở Tài chính Các sở, ngành, UBND xã, phường, đặc khu Quý III/2026", HCM_TEXT)


def test_an_underscore_inside_a_word_is_kept() -> None:
    assert fold("Lưu VT, NC_{Tr, Y}.") == "Lưu VT, NC_{Tr, Y}."
    assert fold("a _nghiêng_ b __đậm__ c") == "a nghiêng b đậm c"


def test_nfd_input_folds_to_nfc() -> None:
    assert fold(unicodedata.normalize("NFD", "Sở Tài chính")) == "Sở Tài chính"


def test_every_quang_tri_quote_still_matches() -> None:
    text = fold(QT_RAW)
    plan = yaml.safe_load((REPO / "spec" / "plan.yaml").read_text(encoding="utf-8"))
    quotes: list[str] = []
    for section in ("interpretations", "parties", "triggers", "objectives", "requirements", "duties", "indicators"):
        for item in plan.get(section) or []:
            quote = (item.get("source") or {}).get("quote")
            quotes += [quote] if isinstance(quote, str) else list(quote or [])
    assert len(quotes) > 40
    assert [q for q in quotes if not find_quote(q, text)] == []


_WORDS = st.lists(st.text(alphabet="abcdeđươ ", min_size=1, max_size=8), min_size=1, max_size=6)


@given(_WORDS, st.sampled_from(["**", "*"]))
def test_emphasis_around_any_word_folds_away(words: list[str], marker: str) -> None:
    plain = " ".join(words)
    marked = " ".join(f"{marker}{w}{marker}" if i % 2 == 0 else w for i, w in enumerate(words))
    assert fold(marked) == fold(plain)


@given(st.text(max_size=60))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
