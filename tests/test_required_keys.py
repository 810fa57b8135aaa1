"""Deleting any required key from the real spec yields a `missing-key` problem at the line and
column of the mapping that lost it — and deleting an optional key yields no missing-key at all.

Every deletion site of the bundled plan, registry and sources index is tried, in document order
(no sampling, nothing replayed from a database). "Required" is decided independently of our
mapping code: by the engine's own `required` errors on the same data, at any depth of oneOf/anyOf.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Iterator

import jsonschema_rs
import pytest

from kehoach.loader import Node, load_file
from kehoach.resources import bundled_schema_dir, bundled_spec_dir
from kehoach.schema import check_node

SPEC = bundled_spec_dir()
FILES = {"plan": SPEC / "plan.yaml", "registry": SPEC / "registry.yaml", "sources": SPEC / "sources" / "index.yaml"}
Path_ = tuple[str | int, ...]


@functools.cache
def _root(kind: str) -> Node:
    result = load_file(FILES[kind])
    assert result.node is not None and not result.problems
    return result.node


def _mapping_keys(root: Node) -> list[tuple[Node, str]]:
    """Every (mapping, key) of the document, in document order."""
    out: list[tuple[Node, str]] = []

    def walk(node: Node) -> None:
        if isinstance(node.value, dict):
            for key, child in node.value.items():
                out.append((node, key))
                walk(child)
        elif isinstance(node.value, list):
            for child in node.value:
                walk(child)

    walk(root)
    return out


@functools.cache
def _validator(kind: str) -> jsonschema_rs.Validator:
    schema = json.loads((bundled_schema_dir() / f"{kind}.schema.json").read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def _all_errors(errors: list[jsonschema_rs.ValidationError]) -> Iterator[jsonschema_rs.ValidationError]:
    for error in errors:
        yield error
        context = getattr(error.kind, "context", None) or []
        for branch in context:
            yield from _all_errors(list(branch))


def _required_at(kind: str, data: object) -> dict[Path_, set[str]]:
    """Paths of the mappings the engine finds a `required` key missing in, with those keys."""
    found: dict[Path_, set[str]] = {}
    for error in _all_errors(list(_validator(kind).iter_errors(data))):
        if isinstance(error.kind, jsonschema_rs.ValidationErrorKind.Required) and error.schema_path[-1:] == ["required"]:
            found.setdefault(tuple(error.instance_path), set()).add(str(error.kind.property))
    return found


def _deletions(kind: str) -> Iterator[tuple[Node, str, list[tuple[int, int, str]], dict[Path_, set[str]]]]:
    """Each key of the document deleted in turn: the mapping, the key, the missing-key problems
    naming that key (line, col, message) and where the engine finds required keys missing."""
    root = _root(kind)
    original = root.plain()
    for parent, key in _mapping_keys(root):
        assert isinstance(parent.value, dict)
        saved = dict(parent.value)
        del parent.value[key]
        try:
            problems = check_node(root, kind, FILES[kind].name)
            required = _required_at(kind, root.plain())
        finally:
            parent.value.clear()
            parent.value.update(saved)
        missing = [(p.line, p.col, p.message) for p in problems if p.code == "missing-key" and f"'{key}'" in p.message]
        yield parent, key, missing, required
    assert root.plain() == original


@pytest.mark.parametrize("kind", sorted(FILES))
def test_deleting_any_key_reports_missing_key_exactly_when_required(kind: str) -> None:
    wrong: list[str] = []
    required_sites = 0
    for parent, key, missing, required in _deletions(kind):
        where = ".".join(map(str, (*parent.path, key)))
        if key in required.get(tuple(parent.path), set()):
            required_sites += 1
            if [(line, col) for line, col, _ in missing] != [(parent.line, parent.col)]:
                wrong.append(f"{where}: required, got {missing}")
        elif missing:
            wrong.append(f"{where}: optional, got {missing}")
    assert wrong == []
    assert required_sites >= {"plan": 700, "registry": 700, "sources": 150}[kind]  # the property is not vacuous


def test_every_mapping_key_is_a_site() -> None:
    root = _root("sources")
    sites = _mapping_keys(root)
    assert len(sites) == len(set((tuple(p.path), k) for p, k in sites))
    assert sites[0] == (root, next(iter(root.value)))  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", sorted(FILES))
def test_deleting_schema_version_is_reported_at_the_document_start(kind: str) -> None:
    root = _root(kind)
    assert isinstance(root.value, dict)
    saved = dict(root.value)
    del root.value["schema_version"]
    try:
        problems = check_node(root, kind, FILES[kind].name)
    finally:
        root.value.clear()
        root.value.update(saved)
    assert [(p.code, p.line, p.col) for p in problems if p.code == "missing-key"] == [("missing-key", root.line, root.col)]
