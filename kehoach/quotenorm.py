"""The normalisation a quote and a source text both go through before a quote is matched.

Source texts are kept byte for byte as they were found. Some were found as markdown
conversions (the TP.HCM decision 2820/QĐ-UBND: hard line breaks, ``**``/``*`` emphasis,
``|`` table-cell separators), so a quote need not reproduce that markup. Both sides are
folded the same way, in this order:

1. Unicode NFC.
2. Every ``*`` is dropped (``**bold**``, ``*italic*``, a stray ``** II**``): administrative
   texts use no asterisk as content.
3. ``_``/``__`` emphasis is dropped only when it encloses text and stands at word boundaries
   (``_nghiêng_`` → ``nghiêng``); an underscore inside a word (``NC_{Tr, Y}``) is kept.
4. Every ``|`` (a table-cell separator of the conversion) becomes a space.
5. Every run of whitespace, hard line breaks included, becomes one space; the ends are trimmed.

What is left is compared as it stands: a real wording difference still fails to match.

PASS::

    fold("**Điều 2. **Quyết\\nđịnh này")  == "Điều 2. Quyết định này"
    fold("Sở Tài chính\\n|\\nCác sở")       == "Sở Tài chính Các sở"

FAIL (still different)::

    fold("Quý IV/2026") != fold("Quý III/2026")
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["fold"]

_ASTERISKS = re.compile(r"\*+")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w_])(__?)(?=[^\s_])(.+?)(?<=[^\s_])\1(?![\w_])", re.DOTALL)
_CELL_SEPARATOR = re.compile(r"\|")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """``text`` with its markdown emphasis and cell separators dropped and whitespace folded."""
    text = unicodedata.normalize("NFC", text)
    text = _ASTERISKS.sub("", text)
    text = _UNDERSCORE_EMPHASIS.sub(r"\2", text)
    text = _CELL_SEPARATOR.sub(" ", text)
    return _SPACE.sub(" ", text).strip()
