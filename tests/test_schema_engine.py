"""The schema check is the engine's verdict, in plain words at lines of the file.

`check_node` reports no problem exactly when the document satisfies its schema, and one or more
otherwise. The verdict is compared with a second, independent implementation of Draft 2020-12
(python-jsonschema, format asserted) on every fixture and spec file and on mutated documents, so
a difference between the engine and the standard shows up here. Every problem points at a real
position and never shows a raw regex.
"""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

from kehoach.loader import Node, load_file
from kehoach.schema import check_node, known_kinds, load_schema

REPO = Path(__file__).resolve().parent.parent
FILES = sorted([*(REPO / "spec").rglob("*.yaml"), *(REPO / "examples").glob("*.yaml"),
                *(REPO / "tests" / "cases").rglob("*.yaml")])
CODES = {"missing-key", "unknown-key", "bad-type", "bad-value", "bad-date", "schema"}


def _documents() -> list[tuple[str, Node]]:
    found = []
    for path in FILES:
        node = load_file(path).node
        if node is not None and isinstance(node.value, dict):
            kind = node.plain().get("kind")
            if kind in known_kinds():
                found.append((str(kind), node))
    return found


DOCUMENTS = _documents()
REFERENCE = {kind: Draft202012Validator(load_schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)
             for kind in known_kinds()}
PATTERNS = {p for kind in known_kinds() for p in re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"',
                                                             json.dumps(load_schema(kind)))}


def _node(value: Any) -> Node:
    """A node tree for plain data, every node (and key) at 1:1."""
    if isinstance(value, dict):
        value = {k: _node(v) for k, v in value.items()}
    elif isinstance(value, list):
        value = [_node(v) for v in value]
    return Node(value, "f.yaml", 1, 1, 1, 1)


def assert_verdict(kind: str, root: Node) -> None:
    problems = check_node(root, kind, "f.yaml")
    assert (problems == []) == REFERENCE[kind].is_valid(root.plain()), problems
    for problem in problems:
        assert problem.code in CODES and problem.line >= 1 and problem.col >= 1, problem
        shown = f"{problem.message} {problem.hint or ''}"
        assert not any(json.loads(f'"{p}"') in shown for p in PATTERNS if len(p) > 3), problem


def test_every_bundled_schema_is_used() -> None:
    assert set(known_kinds()) >= {"plan", "registry", "sources", "facts", "scenario"}
    assert {kind for kind, _ in DOCUMENTS} >= {"plan", "registry", "sources", "facts", "scenario"}


@pytest.mark.parametrize("index", range(len(DOCUMENTS)))
def test_verdict_on_every_fixture_and_spec_file(index: int) -> None:
    kind, root = DOCUMENTS[index]
    assert_verdict(kind, root)


def test_fixtures_include_invalid_documents() -> None:
    verdicts = {check_node(root, kind, "f.yaml") == [] for kind, root in DOCUMENTS}
    assert verdicts == {True, False}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 200) | st.floats(-1, 101, allow_nan=False)
    | st.sampled_from(["", "x", "2024-02-30", "2024-05-31", "so-tu-phap", "III.1.a", "monthly", "ge", "%",
                       "deadline", "lead", "1.0", "plan", "Ab C", "last", "date", "day-of-month"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "kind", "x", "title"]),
                                                                inner, max_size=3),
    max_leaves=6,
)
SMALL = [(k, root.plain()) for k, root in DOCUMENTS if k != "registry"]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.extend(_paths(v, (*prefix, i)))
    return out


@given(st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
def test_verdict_on_mutated_documents(data: st.DataObject) -> None:
    kind, original = data.draw(st.sampled_from(SMALL))
    instance = copy.deepcopy(original)
    paths = [p for p in _paths(instance) if p]
    path = data.draw(st.sampled_from(paths))
    parent: Any = instance
    for step in path[:-1]:
        parent = parent[step]
    action = data.draw(st.sampled_from(["delete", "replace", "add-key"]))
    if action == "delete":
        del parent[path[-1]]
    elif action == "replace":
        parent[path[-1]] = data.draw(JSON)
    elif isinstance(parent, dict):
        parent[data.draw(st.sampled_from(["titel", "x", "note", "id"]))] = data.draw(JSON)
    assert_verdict(kind, _node(instance))


@given(JSON)
@settings(max_examples=200, deadline=None, database=None)
def test_verdict_on_arbitrary_values_as_facts_and_sources(value: Any) -> None:
    for kind in ("facts", "sources"):
        assert_verdict(kind, _node(value))


@pytest.mark.parametrize(("value", "valid"), [
    ("2024-02-29", True), ("2023-02-29", False), ("2024-13-01", False), ("2024-1-01", False),
    ("2024-01-01T00:00", False), ("２０２４-01-01", False),
])
def test_format_date_is_asserted(value: str, valid: bool) -> None:
    document = {"kind": "facts", "schema_version": "1.0", "plan": "p", "events": [{"trigger": "t", "date": value}]}
    problems = check_node(_node(document), "facts", "f.yaml")
    assert REFERENCE["facts"].is_valid(document) == valid
    assert (problems == []) == valid, problems
