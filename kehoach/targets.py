"""Indicator targets: the comparators, the Vietnamese words that give them, what "met" means, and
the reading of a target whose words do not settle its comparator.

One table (:data:`COMPARATORS`) gives each comparator its symbol, its test and its words; the
evaluator, the rules, ``explain`` and the reporters all use it. :func:`comparator_from_words` reads
the comparator from a target's ``as_written`` ("Tối thiểu 80" → ``ge``, "trên 60%" → ``gt``,
"không quá 5 ngày" → ``le``). Words that can mean *at least* or *exactly* ("đạt 100%", a bare
"95") need a reading (:data:`READING_WORDS`, :func:`bare_comparator`): the target's ``reading``, or
the plan's ``bare-target`` interpretation.
"""
from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType

from .textnorm import nfc

__all__ = ["BARE_TARGET", "COMPARATORS", "OWED_BY", "READING_CHOICES", "READING_WORDS", "Comparator",
           "bare_comparator", "comparator_from_words", "is_met", "symbol", "words_found"]

BARE_TARGET = "bare-target"
"""The interpretation of a target written as a bare number (no "Tối thiểu"): at-least | exactly."""

READING_CHOICES = ("at-least", "exactly")
"""The choices of a reading that decides a comparator (``bare-target``, a target's ``reading``)."""

READING_WORDS: tuple[str, ...] = ("đạt",)
"""Words that can mean at least or exactly: a target written with them needs a reading."""

OWED_BY = ("each", "whole")
"""Who owes a target: each agency its lead names, or the group / province as a whole."""


class Comparator:
    """One comparator: its id as the YAML writes it, its symbol, its test, its meaning in English
    ("at least") and the Vietnamese words that give it."""

    __slots__ = ("id", "meaning", "symbol", "test", "words")

    def __init__(self, ident: str, symbol: str, test: Callable[[float, float], bool], meaning: str,
                 words: tuple[str, ...] = ()) -> None:
        self.id = ident
        self.symbol = symbol
        self.test = test
        self.meaning = meaning
        self.words = words


COMPARATORS: Mapping[str, Comparator] = MappingProxyType({
    "ge": Comparator("ge", "≥", operator.ge, "at least",
                     ("tối thiểu", "ít nhất", "không dưới", "không thấp hơn", "không ít hơn", "trở lên")),
    "gt": Comparator("gt", ">", operator.gt, "more than", ("trên", "hơn", "vượt")),
    "eq": Comparator("eq", "=", operator.eq, "exactly", ("bằng", "đúng")),
    "le": Comparator("le", "≤", operator.le, "at most",
                     ("không quá", "tối đa", "không vượt quá", "không vượt", "không cao hơn", "không nhiều hơn",
                      "trở xuống")),
    "lt": Comparator("lt", "<", operator.lt, "less than", ("dưới", "thấp hơn", "ít hơn")),
})

_READING = "reading"
"""The pseudo-comparator :func:`words_found` reports for :data:`READING_WORDS`."""


def _phrases() -> tuple[tuple[str, str], ...]:
    """(casefolded phrase, comparator id or :data:`_READING`), longest phrase first."""
    pairs = [(nfc(w).casefold(), c.id) for c in COMPARATORS.values() for w in c.words]
    pairs += [(nfc(w).casefold(), _READING) for w in READING_WORDS]
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


_PHRASES = _phrases()
_PATTERN = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p, _ in _PHRASES))
_BY_PHRASE = dict(_PHRASES)


def words_found(as_written: str) -> tuple[tuple[str, str], ...]:
    """Each comparator phrase of ``as_written``, in text order, as (phrase, comparator id), where a
    word of :data:`READING_WORDS` gives ``"reading"``. Longest phrase wins where phrases overlap
    ("không dưới" is ``ge``, never ``lt``); case and Unicode form do not matter."""
    text = nfc(as_written).casefold()
    return tuple((m.group(0), _BY_PHRASE[m.group(0)]) for m in _PATTERN.finditer(text))


def comparator_from_words(as_written: str) -> str | None:
    """The comparator the words of ``as_written`` give: the first comparator phrase's id, ``"reading"``
    for a word that needs a reading ("đạt"), None when it has no comparator words (a bare number)."""
    found = words_found(as_written)
    return found[0][1] if found else None


def is_met(comparator: str, value: float, target: float) -> bool:
    """True when a measured ``value`` meets ``target`` under ``comparator`` (an unknown one: ``ge``)."""
    return COMPARATORS.get(comparator, COMPARATORS["ge"]).test(value, target)


def symbol(comparator: str) -> str:
    """``≥`` for ``ge``; the id itself for a comparator the table does not know."""
    found = COMPARATORS.get(comparator)
    return found.symbol if found is not None else comparator


def bare_comparator(value: object, reading: object, unit: object = "%") -> str:
    """The comparator a target ``value`` whose words need a reading gets under ``reading``.

    ``exactly``: ``eq``; ``at-least`` (and anything else): ``eq`` for 100 % (a rate cannot exceed
    it, so at least 100 % and exactly 100 % coincide), ``ge`` otherwise. ``unit`` defaults to ``%``,
    the unit of every bare target of the Quảng Trị appendix.
    """
    if reading == "exactly":
        return "eq"
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return "eq" if is_number and value == 100 and unit == "%" else "ge"
