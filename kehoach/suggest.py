""""Did you mean …": the one way kehoach suggests what a person may have meant.

One cutoff (:data:`CUTOFF`), one wording (:func:`did_you_mean`). Every message that proposes a near miss
(an unknown key, kind, id, agency, interpretation or value) goes through here.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["CUTOFF", "close_matches", "did_you_mean"]

CUTOFF = 0.6
"""How alike a candidate must be (difflib's ratio) to be suggested."""

_LONGEST = 200
"""Longer words are cut before comparing: a suggestion never costs more than a short word's."""


def close_matches(word: str, options: Iterable[str] | Mapping[str, object], *, n: int = 3,
                  cutoff: float = CUTOFF) -> list[str]:
    """Up to ``n`` of ``options`` closest to ``word``, best first (ties in sorted order)."""
    import difflib  # only on the error path

    return difflib.get_close_matches(word[:_LONGEST], sorted(options), n=n, cutoff=cutoff)


def did_you_mean(word: str, options: Iterable[str] | Mapping[str, object], *, n: int = 3) -> str | None:
    """``"did you mean: a, b?"`` for the near misses of ``word`` among ``options``, else None."""
    close = close_matches(word, options, n=n)
    return f"did you mean: {', '.join(close)}?" if close else None
