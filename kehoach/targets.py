"""Indicator targets: the comparators, what "met" means, and the reading of a bare target number.

One table (:data:`COMPARATORS`) gives each comparator its symbol and its test; the evaluator, the
rules, ``explain`` and the reporters all use it. A bare target written without "Tối thiểu" (``95``)
depends on the ``bare-target`` interpretation (:func:`bare_comparator`).
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from types import MappingProxyType

__all__ = ["BARE_TARGET", "COMPARATORS", "Comparator", "bare_comparator", "is_met", "symbol"]

BARE_TARGET = "bare-target"
"""The interpretation of a target written as a bare number (no "Tối thiểu"): at-least | exactly."""


class Comparator:
    """One comparator: its id as the YAML writes it, its symbol, and its test."""

    __slots__ = ("id", "symbol", "test")

    def __init__(self, ident: str, symbol: str, test: Callable[[float, float], bool]) -> None:
        self.id = ident
        self.symbol = symbol
        self.test = test


COMPARATORS: Mapping[str, Comparator] = MappingProxyType({
    "ge": Comparator("ge", "≥", operator.ge),
    "eq": Comparator("eq", "=", operator.eq),
    "le": Comparator("le", "≤", operator.le),
})


def is_met(comparator: str, value: float, target: float) -> bool:
    """True when a measured ``value`` meets ``target`` under ``comparator`` (an unknown one: ``ge``)."""
    return COMPARATORS.get(comparator, COMPARATORS["ge"]).test(value, target)


def symbol(comparator: str) -> str:
    """``≥`` for ``ge``; the id itself for a comparator the table does not know."""
    found = COMPARATORS.get(comparator)
    return found.symbol if found is not None else comparator


def bare_comparator(value: object, reading: object) -> str:
    """The comparator a bare target ``value`` gets under a reading of ``bare-target``.

    ``exactly``: ``eq``; ``at-least`` (and anything else): ``eq`` for 100 (a rate cannot exceed it, so
    at least 100 % and exactly 100 % coincide), ``ge`` otherwise.
    """
    if reading == "exactly":
        return "eq"
    return "eq" if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 100 else "ge"
