"""Rules never crash on malformed shapes: the real plan, mutated, never yields ``internal-error``."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.validate import validate_paths

BASE = Path(__file__).resolve().parent / "cases" / "spec-combos" / "base"
PLAN: Any = yaml.safe_load((BASE / "plan.yaml").read_text(encoding="utf-8"))
REPLACEMENTS: list[Any] = [None, 0, -1, 2.5, True, "", "x", "2024-13", [], [None], {}, {"id": 1}]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_paths(value, (*prefix, index)))
    return found


ALL_PATHS = [p for p in _paths(PLAN) if p[0] != "kind"]


def _mutate(data: Any, path: tuple[Any, ...], delete: bool, value: Any) -> None:
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(ALL_PATHS) - 1), st.booleans(), st.sampled_from(REPLACEMENTS)),
                min_size=1, max_size=6))
def test_a_mutated_plan_never_crashes_a_rule(tmp_path: Path, changes: list[tuple[int, bool, Any]]) -> None:
    data = yaml.safe_load(yaml.safe_dump(PLAN))
    for index, delete, value in changes:
        path = ALL_PATHS[index]
        try:
            _mutate(data, path, delete, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or replaced the parent
    spec = tmp_path / "spec"
    shutil.rmtree(spec, ignore_errors=True)
    shutil.copytree(BASE, spec)
    (spec / "plan.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = validate_paths([spec], check_references=True)
    crashes = [p for p in result.problems if p.code == "internal-error"]
    assert crashes == []
    assert all(p.line >= 1 and p.col >= 1 for p in result.problems)
