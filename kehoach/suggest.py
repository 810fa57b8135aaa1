""""Did you mean …": the one way kehoach suggests what a person may have meant.

One cutoff (:data:`CUTOFF`), one wording (:func:`did_you_mean`). Every message that proposes a near miss
(an unknown key, kind, id, agency, interpretation or value) goes through here.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["CUTOFF", "MARGIN", "close_matches", "did_you_mean", "phrase"]

CUTOFF = 0.6
"""How alike a candidate must be (difflib's ratio) to be suggested."""

MARGIN = 0.1
"""A candidate is suggested only when it is nearly as close as the best one: a near miss shows the
one id it misses, not every id that shares a prefix with it."""

_LONGEST = 200
"""Longer words are cut before comparing: a suggestion never costs more than a short word's."""


def close_matches(word: str, options: Iterable[str] | Mapping[str, object], *, n: int = 3,
                  cutoff: float = CUTOFF) -> list[str]:
    """Up to ``n`` of ``options`` at least ``cutoff`` alike to ``word`` and within :data:`MARGIN` of the
    closest one, best first (ties in sorted order)."""
    import difflib  # only on the error path

    probe = word[:_LONGEST]
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(probe)
    scored: list[tuple[float, str]] = []
    for option in sorted(options):
        matcher.set_seq1(option[:_LONGEST])
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            ratio = matcher.ratio()
            if ratio >= cutoff:
                scored.append((ratio, option))
    if not scored:
        return []
    best = max(r for r, _ in scored)
    kept = sorted((r, o) for r, o in scored if r >= best - MARGIN)
    kept.sort(key=lambda pair: -pair[0])  # stable: equal ratios stay in sorted order
    return [o for _, o in kept[:n]]


def did_you_mean(word: str, options: Iterable[str] | Mapping[str, object], *, n: int = 3) -> str | None:
    """``"did you mean 'a', 'b' or 'c'?"`` for the near misses of ``word`` among ``options``, else None."""
    close = close_matches(word, options, n=n)
    return phrase(close) if close else None


def phrase(candidates: Iterable[str]) -> str:
    """The one wording: ``did you mean 'a'?``, ``did you mean 'a' or 'b'?``, ``did you mean 'a', 'b' or 'c'?``."""
    quoted = [f"'{c}'" for c in candidates]
    if len(quoted) <= 1:
        return f"did you mean {''.join(quoted)}?"
    return f"did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"
