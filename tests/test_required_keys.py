"""Deleting any required key from the real spec yields a `missing-key` problem at the line and
column of the mapping that lost it — and deleting an optional key yields no missing-key at all.

"Required" is decided independently of our mapping code: by jsonschema's own `required` errors
on the same data.
"""
from __future__ import annotations

import functools
import json

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.loader import Node, load_file
from kehoach.resources import bundled_schema_dir, bundled_spec_dir
from kehoach.schema import check_node

SPEC = bundled_spec_dir()
FILES = {"plan": SPEC / "plan.yaml", "registry": SPEC / "registry.yaml", "sources": SPEC / "sources" / "index.yaml"}


def _root(kind: str) -> Node:
    result = load_file(FILES[kind])
    assert result.node is not None and not result.problems
    return result.node


ROOTS = {kind: _root(kind) for kind in FILES}


def _mapping_keys(root: Node) -> list[tuple[Node, str]]:
    out: list[tuple[Node, str]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node.value, dict):
            out.extend((node, key) for key in node.value)
            stack.extend(node.value.values())
        elif isinstance(node.value, list):
            stack.extend(node.value)
    return out


SITES = [(kind, i) for kind, root in ROOTS.items() for i in range(len(_mapping_keys(root)))]


@functools.cache
def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((bundled_schema_dir() / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _required_error_paths(kind: str, data: object) -> set[tuple[str | int, ...]]:
    validator = _validator(kind)
    found: set[tuple[str | int, ...]] = set()
    for error in validator.iter_errors(data):
        for e in [error, *error.context]:
            if e.validator == "required":
                found.add(tuple(e.absolute_path))
    return found


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(SITES))
def test_deleting_a_key_reports_missing_key_at_its_mapping(site: tuple[str, int]) -> None:
    kind, index = site
    root = ROOTS[kind]
    parent, key = _mapping_keys(root)[index]
    assert isinstance(parent.value, dict)
    saved = dict(parent.value)
    del parent.value[key]
    try:
        problems = check_node(root, kind, FILES[kind].name)
        required_at = _required_error_paths(kind, root.plain())
    finally:
        parent.value.clear()
        parent.value.update(saved)
    missing = [p for p in problems if p.code == "missing-key" and f"'{key}'" in p.message]
    if tuple(parent.path) in required_at:
        assert [(p.line, p.col) for p in missing] == [(parent.line, parent.col)], problems
    else:
        assert missing == [], problems


def test_the_sample_contains_required_keys() -> None:
    """Guard against a vacuous property: many sampled sites are required keys."""
    count = 0
    for kind, root in ROOTS.items():
        data = root.plain()
        for parent, key in _mapping_keys(root)[:20]:
            assert isinstance(parent.value, dict)
            saved = dict(parent.value)
            del parent.value[key]
            try:
                if tuple(parent.path) in _required_error_paths(kind, root.plain()):
                    count += 1
            finally:
                parent.value.clear()
                parent.value.update(saved)
        assert root.plain() == data
    assert count >= 20


@pytest.mark.parametrize("kind", sorted(FILES))
def test_deleting_kind_is_reported_at_the_document_start(kind: str) -> None:
    root = ROOTS[kind]
    assert isinstance(root.value, dict)
    saved = dict(root.value)
    del root.value["schema_version"]
    try:
        problems = check_node(root, kind, FILES[kind].name)
    finally:
        root.value.clear()
        root.value.update(saved)
    assert [(p.code, p.line, p.col) for p in problems if p.code == "missing-key"] == [("missing-key", root.line, root.col)]
