"""Semantic checks beyond JSON Schema, one module per concern.

Each module in this package exposes ``RULES: tuple[Rule, ...]``; they are discovered in
module-name order so the set of checks is deterministic and adding a concern needs no edit here.
"""
from __future__ import annotations

import importlib
import pkgutil

from ..problems import Problem
from .base import Context, Rule

__all__ = ["PROOF_CODES", "Context", "Rule", "all_rules", "run_rules"]

PROOF_CODES = frozenset({
    # quotes and phrases found where they are cited (quotes, quote_places)
    "quote-not-found", "quote-outside-ref", "quote-out-of-order", "phrase-not-in-quote",
    # values backed by the words of their quote (owner_backing, target_backing, period_backing)
    "owner-not-in-quote", "owner-dropped", "owner-role-mismatch",
    "target-not-in-row", "target-value-mismatch", "unit-not-in-row", "period-end-mismatch",
    # every normative part of the text encoded (coverage)
    "missing-coverage", "sub-bullet", "sub-row", "header-row",
})
"""The codes of the checks that prove a spec's values against the signed text and its outline. A
version that fails only these still has well-formed files whose references resolve, so its answers
can be computed: ``kehoach diff`` compares an older version (whose proofs were weaker when it was
committed) as written, and says how many of today's proofs it fails."""


def all_rules() -> list[Rule]:
    rules: list[Rule] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rules.extend(getattr(module, "RULES", ()))
    return rules


def run_rules(ctx: Context) -> list[Problem]:
    found: list[Problem] = []
    for rule in all_rules():
        found.extend(rule(ctx))
    return found
