"""The published JSON contract of kehoach's answers: ``schema/answer.schema.json``.

One JSON Schema (Draft 2020-12, self-contained, ``$id`` ``urn:kehoach:schema:answer``) with one
``$defs`` entry per envelope that ``--format json`` prints (``due``, ``obligations``, ``status``, the
group answers, ``explain``, ``agencies``, ``validate``'s problems and codes, ``test``'s run) and a
top-level ``anyOf`` over them.  It describes output, not input: it is not a document kind, so
``kehoach validate`` never accepts ``kind: answer``.  :func:`envelope_schema` cuts one envelope out as a
schema of its own (``kehoach schema answer due``).  Only the file is read here; validating an answer is
left to a JSON Schema library (``jsonschema``).
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from .resources import bundled_schema_dir

__all__ = ["ANSWER_SCHEMA", "answer_schema", "envelope_names", "envelope_schema"]

ANSWER_SCHEMA = "answer"  # schema/answer.schema.json
_PREFIX = "#/$defs/"


@lru_cache(maxsize=1)
def _text() -> str:
    return (bundled_schema_dir() / f"{ANSWER_SCHEMA}.schema.json").read_text(encoding="utf-8")


def answer_schema() -> dict[str, Any]:
    """The whole answer schema, parsed (a fresh copy: callers may change it)."""
    data: dict[str, Any] = json.loads(_text())
    return data


def _refs(schema: Any) -> list[str]:
    """The ``$defs`` names of an ``anyOf`` made only of local ``$ref`` entries; empty otherwise."""
    if not isinstance(schema, dict):
        return []
    entries = schema.get("anyOf") or []
    names = [e["$ref"][len(_PREFIX):] for e in entries
             if isinstance(e, dict) and isinstance(e.get("$ref"), str) and e["$ref"].startswith(_PREFIX)]
    return names if len(names) == len(entries) else []


def envelope_names() -> tuple[str, ...]:
    """The envelopes, in the schema's order: each ``$defs`` entry of the top-level ``anyOf``, and after an
    entry that is itself only a choice of envelopes (``group``) the envelopes it chooses from
    (``due-group``, ``obligations-group``, ``status-group``)."""
    schema = answer_schema()
    out: list[str] = []
    for name in _refs(schema):
        out.append(name)
        out.extend(n for n in _refs(schema["$defs"].get(name)) if n not in out)
    return tuple(out)


def _reachable(defs: dict[str, Any], start: str) -> list[str]:
    """``start`` and every ``$defs`` entry it refers to, directly or not, in the file's order."""
    seen = {start}
    todo = [defs[start]]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(_PREFIX) and ref[len(_PREFIX):] not in seen:
                seen.add(ref[len(_PREFIX):])
                todo.append(defs[ref[len(_PREFIX):]])
            todo.extend(v for k, v in node.items() if k != "$ref")
        elif isinstance(node, list):
            todo.extend(node)
    return [name for name in defs if name in seen]


def envelope_schema(name: str) -> dict[str, Any]:
    """The envelope ``name`` as a self-contained schema: ``$ref`` to its entry, with only the ``$defs`` it
    needs.  :class:`KeyError` when ``name`` is not one of :func:`envelope_names`."""
    if name not in envelope_names():
        raise KeyError(name)
    schema = answer_schema()
    defs: dict[str, Any] = schema["$defs"]
    entry = defs[name]
    return {
        "$schema": schema["$schema"],
        "$id": f"{schema['$id']}:{name}",
        "title": entry.get("title", name),
        "description": entry.get("description", ""),
        "$ref": _PREFIX + name,
        "$defs": {n: defs[n] for n in _reachable(defs, name)},
    }
