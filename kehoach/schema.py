"""JSON Schema checks (Draft 2020-12) whose errors point at lines of the YAML file.

Schemas are read from ``schema/<kind>.schema.json`` (see :func:`kehoach.resources.bundled_schema_dir`).
Only the bundled schema files are reachable through ``$ref``; nothing is ever fetched.
"""
from __future__ import annotations

import ast
import difflib
import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from .loader import Node
from .problems import Problem, Severity

__all__ = ["SHARED_SCHEMAS", "check_node", "known_kinds", "load_schema", "schema_path"]

SHARED_SCHEMAS = frozenset({"common"})
_SUFFIX = ".schema.json"


def _dir(schema_dir: Path | None) -> Path:
    if schema_dir is not None:
        return schema_dir
    from .resources import bundled_schema_dir

    return bundled_schema_dir()


def known_kinds(schema_dir: Path | None = None) -> list[str]:
    """Document kinds that have a schema file (``common`` and other shared files excluded)."""
    directory = _dir(schema_dir)
    if not directory.is_dir():
        return []
    kinds = (p.name[: -len(_SUFFIX)] for p in directory.iterdir() if p.name.endswith(_SUFFIX))
    return sorted(k for k in kinds if k not in SHARED_SCHEMAS)


def schema_path(kind: str, schema_dir: Path | None = None) -> Path:
    return _dir(schema_dir) / f"{kind}{_SUFFIX}"


def load_schema(kind: str, schema_dir: Path | None = None) -> dict[str, Any]:
    """The parsed schema of ``kind``.  Raises KeyError for an unknown kind."""
    schemas = _all_schemas(str(_dir(schema_dir)))
    if kind not in schemas:
        raise KeyError(kind)
    return schemas[kind]


@lru_cache(maxsize=8)
def _all_schemas(directory: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    base = Path(directory)
    if base.is_dir():
        for path in sorted(base.iterdir()):
            if path.name.endswith(_SUFFIX):
                found[path.name[: -len(_SUFFIX)]] = json.loads(path.read_text(encoding="utf-8"))
    return found


@lru_cache(maxsize=32)
def _validator(kind: str, directory: str) -> Any:
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    schemas = _all_schemas(directory)
    resources = []
    for name, contents in schemas.items():
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources.append((f"{name}{_SUFFIX}", resource))
        schema_id = contents.get("$id") if isinstance(contents, dict) else None
        if isinstance(schema_id, str) and schema_id:
            resources.append((schema_id, resource))
    registry: Any = Registry().with_resources(resources)
    schema = schemas[kind]  # checked against the meta-schema by the test suite, not here (0.3 s each)
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def check_node(root: Node, kind: str, display: str, schema_dir: Path | None = None) -> list[Problem]:
    """Problems of the document ``root`` against the schema of ``kind``, each at a line."""
    directory = str(_dir(schema_dir))
    try:
        validator = _validator(kind, directory)
        errors = list(validator.iter_errors(root.plain()))
    except Exception as exc:  # noqa: BLE001 — a broken or unresolvable schema is our bug, not the user's
        return [Problem(display, 0, 0, "internal-error",
                        f"schema '{kind}' could not be used: {type(exc).__name__}: {exc}",
                        hint="please report this; the bundled schema is broken")]
    problems: list[Problem] = []
    for error in _pick(errors):
        problems.extend(_to_problems(error, root, display))
    return sorted(set(problems))


def _pick(errors: Iterable[Any]) -> list[Any]:
    """One error a person should see for each oneOf/anyOf tangle; plain errors kept as they are."""
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped]

    picked: list[Any] = []
    for error in errors:
        if error.validator in ("oneOf", "anyOf") and error.context:
            error = best_match([error])
        picked.append(error)
    return picked


_JSON_TYPES = {
    "string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
    "null": "null", "object": "a mapping", "array": "a list",
}


def _kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    return "a list"


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "…"


def _locate(root: Node, path: Iterable[str | int]) -> Node:
    node = root
    for step in path:
        child = node.get(step)
        if child is None:
            break
        node = child
    return node


def _problem(display: str, node: Node, code: str, message: str, hint: str | None = None,
             at_key: bool = False) -> Problem:
    line, col = (node.key_line, node.key_col) if at_key else (node.line, node.col)
    return Problem(display, line, col, code, message, Severity.ERROR, hint, node.path)


def _reprs(text: str) -> list[str]:
    found: list[str] = []
    for match in re.finditer(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", text):
        try:
            value = ast.literal_eval(match.group())
        except (ValueError, SyntaxError):
            continue
        if isinstance(value, str):
            found.append(value)
    return found


def _allowed_names(schema: Mapping[str, Any]) -> list[str]:
    names: list[str] = list(schema.get("properties", {}) or {})
    for sub in schema.get("allOf", []) or []:
        if isinstance(sub, Mapping):
            names.extend(sub.get("properties", {}) or {})
    return sorted(set(names))


def _unknown_keys(error: Any, node: Node, display: str) -> list[Problem]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    allowed = _allowed_names(schema)
    if error.validator == "additionalProperties":
        patterns = [re.compile(p) for p in (schema.get("patternProperties") or {})]
        extras = [k for k in instance if k not in allowed and not any(p.search(k) for p in patterns)]
    else:
        extras = [k for k in _reprs(error.message) if k in instance]
    problems: list[Problem] = []
    for key in extras:
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        message = f"unknown key '{key}'" + (f" (did you mean '{close[0]}'?)" if close else "")
        hint = ("allowed keys here: " + ", ".join(allowed)) if allowed else None
        child = node.get(key) or node
        problems.append(_problem(display, child, "unknown-key", message, hint, at_key=child is not node))
    return problems


def _to_problems(error: Any, root: Node, display: str) -> list[Problem]:
    node = _locate(root, error.absolute_path)
    validator = error.validator
    value = error.validator_value
    if validator in ("additionalProperties", "unevaluatedProperties"):
        found = _unknown_keys(error, node, display)
        if found:
            return found
    if validator == "required":
        names = _reprs(error.message.split(" is a required property")[0])
        key = names[0] if names else str(error.message)
        return [_problem(display, node, "missing-key", f"missing required key '{key}'")]
    if validator == "format":
        if value == "date":
            return [_problem(display, node, "bad-date", f"{_short(error.instance)} is not a valid date",
                             'write a real calendar date as "YYYY-MM-DD"')]
        return [_problem(display, node, "bad-value", f"{_short(error.instance)} is not a valid {value}")]
    if validator == "type":
        wanted = value if isinstance(value, list) else [value]
        wanted_names = " or ".join(_JSON_TYPES.get(str(t), str(t)) for t in wanted)
        hint = None
        if "string" in wanted and (isinstance(error.instance, (int, float, bool)) or error.instance is None):
            hint = "quote the value to make it text"
        return [_problem(display, node, "bad-type",
                         f"expected {wanted_names}, found {_kind_of(error.instance)} ({_short(error.instance)})", hint)]
    if validator in ("enum", "const"):
        options = value if validator == "enum" and isinstance(value, list) else [value]
        shown = ", ".join(_short(o) for o in options[:12]) + (", …" if len(options) > 12 else "")
        message = f"{_short(error.instance)} is not allowed here; expected one of: {shown}"
        texts = [o for o in options if isinstance(o, str)]
        if isinstance(error.instance, str) and texts:
            close = difflib.get_close_matches(error.instance, texts, n=1, cutoff=0.6)
            if close:
                message += f" (did you mean '{close[0]}'?)"
        return [_problem(display, node, "bad-value", message)]
    if validator == "pattern":
        hint = None
        if "a-z0-9" in str(value):
            hint = "ids are lowercase ASCII letters and digits separated by '-' or '.'"
        return [_problem(display, node, "bad-value",
                         f"{_short(error.instance)} does not match the pattern {value}", hint)]
    if validator in ("minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                     "minItems", "maxItems", "uniqueItems", "multipleOf", "minProperties", "maxProperties"):
        return [_problem(display, node, "bad-value", error.message)]
    return [_problem(display, node, "schema", error.message)]
