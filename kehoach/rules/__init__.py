"""Semantic checks beyond JSON Schema, one module per concern.

Each module in this package exposes ``RULES: tuple[Rule, ...]``; they are discovered in
module-name order so the set of checks is deterministic and adding a concern needs no edit here.
"""
from __future__ import annotations

import importlib
import pkgutil

from ..problems import Problem
from .base import Context, Rule

__all__ = ["Context", "Rule", "all_rules", "run_rules"]


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
