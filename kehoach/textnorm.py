"""Matching keys for Vietnamese names (pure functions, no I/O).

Three levels, each a function of the previous one:

* :func:`nfc` — the string in Unicode NFC (input may arrive NFD).
* :func:`strict_key` — NFC, casefolded, one canonical tone-mark placement ("Hướng Hoá" and
  "Hướng Hóa" give the same key), every run of spaces, dashes and punctuation collapsed to one
  space; ``&`` between letters is dropped ("TN&MT" → "tnmt").
* :func:`loose_key` — ``strict_key`` without diacritics, ``đ`` → ``d``: ASCII only.

:func:`expand_abbreviations` rewrites the usual abbreviations of a strict key ("ubnd" →
"ủy ban nhân dân", "p 1" → "phường 1" …); :func:`match_key` and :func:`loose_match_key` are the
keys the registry indexes and looks up.

The original string is always kept for display; keys are only compared.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

__all__ = [
    "ABBREVIATIONS",
    "expand_abbreviations",
    "loose_key",
    "loose_match_key",
    "match_key",
    "nfc",
    "strict_key",
    "strip_marks",
]

# The five Vietnamese tone marks as combining characters (NFD):
# grave (huyền), acute (sắc), tilde (ngã), hook above (hỏi), dot below (nặng).
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset(
    "ăâêôơư"
)  # vowels that carry a shape mark: the tone goes on them
# Two-vowel endings where the tone goes on the second vowel (new style: "hoà", "thuỷ", "khoẻ").
_SECOND_VOWEL_PAIRS = frozenset({"oa", "oe", "uy"})

# Abbreviations as typed by officials -> the words they stand for. Keys are whole tokens of a
# strict key; values are plain text (keyed with strict_key when used).
ABBREVIATIONS: Mapping[str, str] = MappingProxyType(
    {
        "ubnd": "Ủy ban nhân dân",
        "hđnd": "Hội đồng nhân dân",
        "vp": "Văn phòng",
        "tp": "thành phố",
        "tx": "thị xã",
        "tt": "thị trấn",
        "kkt": "khu kinh tế",
        "bql": "Ban Quản lý",
        "tthc": "thủ tục hành chính",
        "vpcp": "Văn phòng Chính phủ",
        "ptnt": "phát triển nông thôn",
    }
)
# "P." / "P" directly followed by a number means "phường" ("P.1", "P 1", "P1").
_WARD_NUMBER = re.compile(r"^p(\d+)$")


def nfc(s: str) -> str:
    """``s`` in Unicode normal form C."""
    return unicodedata.normalize("NFC", s)


def _tone_position(word: str) -> int:
    """Index of the vowel of ``word`` (lowercase, NFC, no tone) that carries the tone, or -1."""
    start = 0
    if word.startswith("qu") and len(word) > 2 and word[2] in _VOWELS:
        start = 2  # "qu" is a consonant: "quý"
    elif word.startswith("gi") and len(word) > 2 and word[2] in _VOWELS:
        start = 2  # "gi" is a consonant: "giữ"
    first = next((i for i in range(start, len(word)) if word[i] in _VOWELS), -1)
    if first < 0:
        # no vowel after "gi"/"qu" ("gì"): any vowel, else none (-1)
        return next((i for i in range(len(word)) if word[i] in _VOWELS), -1)
    end = first
    while end < len(word) and word[end] in _VOWELS:
        end += 1
    cluster = word[first:end]
    marked = [i for i in range(first, end) if word[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]  # "ương" -> ơ, "uyên" -> ê
    if end < len(word):
        return end - 1  # final consonant: tone on the last vowel ("hoàng", "toán")
    if len(cluster) >= 3:
        return first + 1  # "oai", "uya": the middle vowel
    if len(cluster) == 2 and cluster in _SECOND_VOWEL_PAIRS:
        return first + 1
    return first


@lru_cache(maxsize=16384)  # a pure memo: Vietnamese has a few thousand syllables
def _canonical_word(word: str) -> str:
    """One NFC, casefolded word with its tone mark moved to the canonical vowel (NFC)."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if not tones:
        return word
    bare = nfc("".join(c for c in decomposed if c not in _TONES))
    i = _tone_position(bare)
    if i < 0:
        return word  # no vowel to carry the tone: leave the word as written
    return bare[:i] + nfc(bare[i] + tones[0]) + bare[i + 1 :]


# A word: a run of letters, digits and combining diacritics (U+0300-U+036F, which hold the
# Vietnamese marks) of the NFC text. Vietnamese letters are precomposed in NFC; a diacritic left
# over (a tone typed on a consonant) stays in its word; other combining marks separate words.
_WORD_CHAR = "[^\\W_]|[\u0300-\u036f]"
_WORD = re.compile(f"(?:{_WORD_CHAR})+")
# "&" between two word characters joins them ("TN&MT" -> "tnmt").
_JOINING_AMPERSAND = re.compile(f"(?<={_WORD_CHAR})&(?={_WORD_CHAR})")


def strict_key(s: str) -> str:
    """NFC, casefold, canonical tone placement, whitespace/dash/punctuation runs -> one space."""
    text = _JOINING_AMPERSAND.sub("", nfc(nfc(s).casefold()))
    return " ".join(map(_canonical_word, _WORD.findall(text)))


def strip_marks(key: str) -> str:
    """A strict key without diacritics (đ -> d), ASCII only: ``loose_key`` of a strict key."""
    if key.isascii():
        return key
    decomposed = unicodedata.normalize("NFD", key.replace("đ", "d"))
    ascii_only = "".join(c for c in decomposed if c.isascii())
    return " ".join(ascii_only.split())


def loose_key(s: str) -> str:
    """``strict_key`` without diacritics (đ -> d): ASCII letters, digits and spaces only."""
    return strip_marks(strict_key(s))


def expand_abbreviations(key: str) -> str:
    """Rewrite abbreviation tokens of a strict key into full words (result is a strict key)."""
    out: list[str] = []
    tokens = key.split()
    for i, tok in enumerate(tokens):
        ward = _WARD_NUMBER.match(tok)
        if ward:
            out.append(f"phường {ward.group(1)}")
        elif tok == "p" and i + 1 < len(tokens) and tokens[i + 1].isdigit():
            out.append("phường")
        elif tok in ABBREVIATIONS:
            out.append(_EXPANSIONS[tok])
        else:
            out.append(tok)
    return " ".join(out)


_EXPANSIONS = MappingProxyType(
    {abbr: strict_key(full) for abbr, full in ABBREVIATIONS.items()}
)


def match_key(s: str) -> str:
    """The strict key with abbreviations expanded: what the registry compares first."""
    return expand_abbreviations(strict_key(s))


def loose_match_key(s: str) -> str:
    """The loose (accent-free) form of :func:`match_key`."""
    return loose_key(match_key(s))
