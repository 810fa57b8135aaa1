"""The fast yes/no schema pass agrees with jsonschema: it never lets through a document jsonschema rejects."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from kehoach.loader import load_file
from kehoach.schema import (
    _all_schemas,
    _dir,
    _fast_check,
    _validator,
    compile_schema,
    inline_local_refs,
    known_kinds,
)

REPO = Path(__file__).resolve().parent.parent
DIRECTORY = str(_dir(None))
FILES = sorted([*(REPO / "spec").rglob("*.yaml"), *(REPO / "examples").glob("*.yaml"),
                *(REPO / "tests" / "cases").rglob("*.yaml")])


def _documents() -> list[tuple[str, Any]]:
    found = []
    for path in FILES:
        node = load_file(path).node
        if node is not None and isinstance(node.value, dict):
            kind = node.plain().get("kind")
            if kind in known_kinds():
                found.append((kind, node.plain()))
    return found


DOCUMENTS = _documents()


def agree(kind: str, instance: Any) -> None:
    fast = _fast_check(kind, DIRECTORY)
    assert fast is not None
    slow = next(_validator(kind, DIRECTORY).iter_errors(instance), None) is None
    assert fast(instance) == slow


def test_every_bundled_schema_compiles() -> None:
    assert all(_fast_check(kind, DIRECTORY) is not None for kind in known_kinds())
    assert set(known_kinds()) >= {"plan", "registry", "sources", "facts", "scenario"}


def test_inlined_schemas_have_no_local_refs_left() -> None:
    for kind in known_kinds():
        inlined = inline_local_refs(_all_schemas(DIRECTORY)[kind])
        body = {k: v for k, v in inlined.items() if k != "$defs"}
        assert '"$ref"' not in json.dumps(body), kind


@pytest.mark.parametrize("index", range(len(DOCUMENTS)))
def test_agrees_on_every_fixture_and_spec_file(index: int) -> None:
    kind, instance = DOCUMENTS[index]
    agree(kind, instance)


def test_fixtures_include_invalid_documents() -> None:
    verdicts = {_fast_check(kind, DIRECTORY)(instance) for kind, instance in DOCUMENTS}  # type: ignore[misc]
    assert verdicts == {True, False}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 200) | st.floats(-1, 101, allow_nan=False)
    | st.sampled_from(["", "x", "2024-02-30", "2024-05-31", "so-tu-phap", "III.1.a", "monthly", "ge", "%",
                       "deadline", "lead", "1.0", "plan", "Ab C"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "kind", "x", "title"]),
                                                                inner, max_size=3),
    max_leaves=6,
)
SMALL = [(k, d) for k, d in DOCUMENTS if k != "registry" and len(json.dumps(d)) < 400_000]


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
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_agrees_on_mutated_documents(data: st.DataObject) -> None:
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
    agree(kind, instance)


@given(JSON)
@settings(max_examples=200, deadline=None)
def test_agrees_on_arbitrary_values_against_each_definition(value: Any) -> None:
    for kind in ("facts", "sources"):
        schema = _all_schemas(DIRECTORY)[kind]
        for name in schema.get("$defs", {}):
            sub = {"$ref": f"#/$defs/{name}", "$defs": schema["$defs"]}
            expected = Draft202012Validator(sub, format_checker=Draft202012Validator.FORMAT_CHECKER).is_valid(value)
            assert compile_schema(inline_local_refs(sub))(value) == expected, name


def test_json_equality_rules() -> None:
    check = compile_schema({"enum": [1, "a", [True]], "uniqueItems": True})
    assert check(1) and check(1.0) and check("a") and check([True])
    assert not check(True) and not check([1])
    unique = compile_schema({"uniqueItems": True})
    assert unique([1, True]) and unique([0, False]) and not unique([1, 1.0]) and not unique([{"a": 1}, {"a": 1}])
    assert compile_schema({"type": "integer"})(2.0) and not compile_schema({"type": "integer"})(True)
    assert not compile_schema({"format": "date"})("2024-02-30") and compile_schema({"format": "date"})(5)
