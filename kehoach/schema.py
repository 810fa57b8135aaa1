"""JSON Schema checks (Draft 2020-12) whose errors point at lines of the YAML file.

Schemas are read from ``schema/<kind>.schema.json`` (see :func:`kehoach.resources.bundled_schema_dir`).
Only the bundled schema files are reachable through ``$ref``; nothing is ever fetched.
"""
from __future__ import annotations

import ast
import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from .loader import Node
from .problems import Problem, Severity

__all__ = ["PATTERN_WORDS", "SHARED_SCHEMAS", "check_node", "known_kinds", "load_schema", "pattern_message", "schema_path"]

SHARED_SCHEMAS = frozenset({"common"})
NOT_DOCUMENT_KINDS = SHARED_SCHEMAS | {"answer"}  # answer: the output contract (kehoach.answer_schema)
_SUFFIX = ".schema.json"


def _dir(schema_dir: Path | None) -> Path:
    if schema_dir is not None:
        return schema_dir
    from .resources import bundled_schema_dir

    return bundled_schema_dir()


def known_kinds(schema_dir: Path | None = None) -> list[str]:
    """Document kinds that have a schema file (``common``, other shared files and the answer contract excluded)."""
    directory = _dir(schema_dir)
    if not directory.is_dir():
        return []
    kinds = (p.name[: -len(_SUFFIX)] for p in directory.iterdir() if p.name.endswith(_SUFFIX))
    return sorted(k for k in kinds if k not in NOT_DOCUMENT_KINDS)


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


_DATA_KEYWORDS = frozenset({"const", "enum", "default", "examples"})  # their values are data, not schemas
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "dependentSchemas"})  # name -> schema


def inline_local_refs(schema: Any) -> Any:
    """An equivalent schema with every local, non-recursive ``{"$ref": "#/…"}`` replaced by its target.

    Draft 2020-12 applies ``$ref`` in place, like ``allOf``; a ``$ref`` with sibling keywords becomes one
    more ``allOf`` entry, so ``unevaluatedProperties`` sees the same evaluated keys.  A ``$ref`` inside its
    own target (recursion) is left as it is; the validator's registry still resolves it.  The point is
    speed: the boolean pass then never goes through ``referencing`` lookups.
    """
    done: dict[str, Any] = {}

    def target(ref: str) -> Any:
        node: Any = schema
        for raw in ref[2:].split("/"):
            step = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and step in node:
                node = node[step]
            elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
                node = node[int(step)]
            else:
                return _MISSING
        return node

    def walk(node: Any, active: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [walk(item, active) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        rest = {k: _child(k, v, active) for k, v in node.items() if k != "$ref"}
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in active:
            return node if ref is not None and not rest else ({**rest, "$ref": ref} if ref is not None else rest)
        if ref not in done:
            found = target(ref)
            if found is _MISSING:
                return {**rest, "$ref": ref}
            done[ref] = walk(found, active | {ref})
        inlined = done[ref]
        if not rest:
            return inlined
        return {**rest, "allOf": [*rest.get("allOf", []), inlined]}

    def _child(keyword: str, value: Any, active: frozenset[str]) -> Any:
        if keyword in _DATA_KEYWORDS:
            return value
        if keyword in _SCHEMA_MAPS and isinstance(value, dict):
            return {name: walk(sub, active) for name, sub in value.items()}  # names are not keywords
        return walk(value, active)

    return walk(schema, frozenset())


_MISSING = object()


# ---------------------------------------------------------------------------------------------
# the fast yes/no pass: the inlined schema compiled to Python predicates


Check = Callable[[Any], bool]


class _Unsupported(Exception):
    """A keyword the compiler does not know: the document is checked by jsonschema alone."""


_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples",
                          "deprecated", "readOnly", "writeOnly"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def _frozen(value: Any) -> Any:
    """A hashable stand-in with JSON Schema equality (true is not 1; 1 equals 1.0)."""
    if isinstance(value, bool) or value is None:
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)
    if isinstance(value, str):
        return ("s", value)
    if isinstance(value, list):
        return ("l", tuple(_frozen(v) for v in value))
    if isinstance(value, dict):
        return ("d", frozenset((k, _frozen(v)) for k, v in value.items()))
    raise _Unsupported(type(value).__name__)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return not isinstance(value, str)
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def compile_schema(schema: Any) -> Check:
    """A predicate equal to "jsonschema (Draft 2020-12, format asserted) finds no error" for ``schema``.

    Only the keywords the bundled schemas use are known; any other raises :class:`_Unsupported`, and
    the caller falls back to jsonschema.  Local ``$ref`` must have been inlined first.
    """
    if schema is True:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not isinstance(schema, dict):
        raise _Unsupported("schema is not an object")
    checks: list[Check] = []
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS or keyword in ("then", "else"):
            continue
        checks.append(_keyword(keyword, value, schema))
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    return lambda v: all(check(v) for check in checks)


def _keyword(keyword: str, value: Any, schema: Mapping[str, Any]) -> Check:  # one branch a keyword
    if keyword == "type":
        names = value if isinstance(value, list) else [value]
        tests = [_TYPES[n] for n in names]
        return lambda v: any(t(v) for t in tests)
    if keyword == "properties":
        props = {k: compile_schema(sub) for k, sub in value.items()}
        return lambda v: not isinstance(v, dict) or all(props[k](x) for k, x in v.items() if k in props)
    if keyword == "required":
        names = list(value)
        return lambda v: not isinstance(v, dict) or all(n in v for n in names)
    if keyword == "additionalProperties":
        known = set(schema.get("properties") or ())
        patterns = [re.compile(p) for p in (schema.get("patternProperties") or {})]
        extra = compile_schema(value)
        return lambda v: not isinstance(v, dict) or all(
            extra(x) for k, x in v.items() if k not in known and not any(p.search(k) for p in patterns))
    if keyword == "patternProperties":
        pairs = [(re.compile(p), compile_schema(sub)) for p, sub in value.items()]
        return lambda v: not isinstance(v, dict) or all(
            c(x) for k, x in v.items() for p, c in pairs if p.search(k))
    if keyword == "propertyNames":
        names_ok = compile_schema(value)
        return lambda v: not isinstance(v, dict) or all(names_ok(k) for k in v)
    if keyword == "dependentRequired":
        deps = {k: list(d) for k, d in value.items()}
        return lambda v: not isinstance(v, dict) or all(
            all(n in v for n in deps[k]) for k in v if k in deps)
    if keyword in ("minProperties", "maxProperties"):
        bound, low = int(value), keyword == "minProperties"
        return lambda v: not isinstance(v, dict) or (len(v) >= bound if low else len(v) <= bound)
    if keyword == "items":
        if "prefixItems" in schema:
            raise _Unsupported("prefixItems")
        each = compile_schema(value)
        return lambda v: not isinstance(v, list) or all(each(x) for x in v)
    if keyword in ("minItems", "maxItems"):
        bound, low = int(value), keyword == "minItems"
        return lambda v: not isinstance(v, list) or (len(v) >= bound if low else len(v) <= bound)
    if keyword == "uniqueItems":
        if not value:
            return lambda v: True
        return lambda v: not isinstance(v, list) or len({_frozen(x) for x in v}) == len(v)
    if keyword in ("minLength", "maxLength"):
        bound, low = int(value), keyword == "minLength"
        return lambda v: not isinstance(v, str) or (len(v) >= bound if low else len(v) <= bound)
    if keyword == "pattern":
        regex = re.compile(value)
        return lambda v: not isinstance(v, str) or regex.search(v) is not None
    if keyword == "format":
        if value != "date":
            raise _Unsupported(f"format {value}")
        return _is_date
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        if not _is_number(value):
            raise _Unsupported(keyword)
        compare: Callable[[Any], bool] = {
            "minimum": lambda v: v >= value, "maximum": lambda v: v <= value,
            "exclusiveMinimum": lambda v: v > value, "exclusiveMaximum": lambda v: v < value,
        }[keyword]
        return lambda v: not _is_number(v) or compare(v)
    if keyword == "const":
        frozen = _frozen(value)
        return lambda v: _frozen(v) == frozen
    if keyword == "enum":
        options = {_frozen(o) for o in value}
        return lambda v: _frozen(v) in options
    if keyword in ("allOf", "anyOf", "oneOf"):
        subs = [compile_schema(sub) for sub in value]
        if keyword == "allOf":
            return lambda v: all(c(v) for c in subs)
        if keyword == "anyOf":
            return lambda v: any(c(v) for c in subs)
        return lambda v: sum(1 for c in subs if c(v)) == 1
    if keyword == "not":
        inner = compile_schema(value)
        return lambda v: not inner(v)
    if keyword == "if":
        test = compile_schema(value)
        then = compile_schema(schema.get("then", True))
        otherwise = compile_schema(schema.get("else", True))
        return lambda v: then(v) if test(v) else otherwise(v)
    raise _Unsupported(keyword)


@lru_cache(maxsize=32)
def _fast_check(kind: str, directory: str) -> Check | None:
    """The compiled yes/no check of ``kind`` (None when its schema uses a keyword not compiled)."""
    try:
        return compile_schema(inline_local_refs(_all_schemas(directory)[kind]))
    except (_Unsupported, KeyError, TypeError, ValueError, re.error):
        return None


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
        instance = root.plain()
        fast = _fast_check(kind, directory)
        if fast is not None and _passes(fast, instance):
            return []
        errors = list(_validator(kind, directory).iter_errors(instance))
    except Exception as exc:  # noqa: BLE001 — a broken or unresolvable schema is our bug, not the user's
        return [Problem(display, 1, 1, "internal-error",
                        f"schema '{kind}' could not be used: {type(exc).__name__}: {exc}",
                        hint="please report this; the bundled schema is broken")]
    problems: list[Problem] = []
    for error in _pick(errors):
        problems.extend(_to_problems(error, root, display))
    return sorted(set(problems))


def _passes(check: Check, instance: Any) -> bool:
    try:
        return check(instance)
    except _Unsupported:  # a value the compiled check cannot compare: let jsonschema decide
        return False


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


_SECTION_REF = ("a section reference of the plan (preamble, header, closing, noi-nhan, signature, "
                "header-N, signature-N, Điều N, Chương N, a Roman section I…X with up to four .N levels and an optional .x, "
                "or PL with table groups, rows and sub-rows such as PL.1.6.3 or PL.II.1.2)")
PATTERN_WORDS: Mapping[str, tuple[str, str | None]] = {
    r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$": (
        "an id: use lowercase letters, digits and dashes",
        "ids are lowercase ASCII letters and digits separated by '-' or '.', e.g. so-tu-phap"),
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": ("a date in the form YYYY-MM-DD", 'write a date as "YYYY-MM-DD"'),
    r"^[0-9]{4}-(0[1-9]|1[0-2])$": ("a month in the form YYYY-MM", 'write a month as "YYYY-MM", e.g. "2024-08"'),
    r"^[0-9]{4}$": ("a year in the form YYYY", 'write the year of a per-year target as "YYYY", e.g. "2026"'),
    r"^[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$": (
        "a period in the form YYYY, YYYY-QN or YYYY-MM", 'e.g. "2024", "2024-Q3" or "2024-08"'),
    r"^[0-9]+\.[0-9]+\.[0-9]+$": ("a version in the form MAJOR.MINOR.PATCH", 'e.g. "1.0.0"'),
    r"^[0-9]{2,5}$": ("a code of 2 to 5 digits", None),
    r"^last$": ("a day of the month (1 to 31) or 'last'", None),
    r"^end$": ("a day (1 to 31) of the month after the period, or 'end' (the period's last day)", None),
    r"^[0-9]{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$": (
        "a period in the form YYYY, YYYY-HN, YYYY-QN or YYYY-MM", 'e.g. "2027", "2026-H1", "2026-Q4" or "2024-06"'),
    r"\S": ("", "write some text, or leave the key out"),
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$": (
        "a repository in the form owner/name", 'e.g. "tnt305/tai_lieu_noi_bo"'),
    r"^[0-9a-f]{40}$": ("a commit id of 40 lowercase hexadecimal digits", None),
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.txt$": (
        "a text file name (letters, digits, '.', '_' or '-', ending in .txt)", None),
    r"^(?:preamble|header(?:-[0-9]{1,2})?|closing|noi-nhan|signature(?:-[0-9]{1,2})?|Điều [0-9]{1,3}(?:\.[0-9]{1,3}){0,3}|Chương [IVXL]{1,6}|[IVXL]{1,6}(?:\.[0-9]{1,3}){0,4}(?:\.[a-zđ])?(?:\.[0-9]{1,3}){0,2}|PL(?:\.(?:[IVXL]{1,6}|[0-9]{1,3}|[a-zđ]|heading)){0,5})$": (_SECTION_REF, "e.g. Điều 2, III.1.đ or PL.1.6.3"),
    r"^(header|preamble|[IV]+(\.[0-9]+)?(\.[a-z])?|PL(\.[0-9]+){1,3})$": (_SECTION_REF, "e.g. III.1.b or PL.1.6.3"),
}
"""Every ``pattern`` the bundled schemas use, in plain words (what the value must be) and a hint."""


def pattern_message(pattern: str, instance: Any) -> tuple[str, str | None]:
    """The message and hint for a value that does not match ``pattern`` (no raw regex when it is known)."""
    words = PATTERN_WORDS.get(pattern)
    if words is None:
        return f"{_short(instance)} does not have the expected form ({pattern})", None
    what, hint = words
    if not what:  # the non-blank pattern
        return f"{_short(instance)} is blank", hint
    return f"{_short(instance)} is not {what}", hint


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
        return [_problem(display, node, "bad-value", *pattern_message(str(value), error.instance))]
    if validator in ("minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                     "minItems", "maxItems", "uniqueItems", "multipleOf", "minProperties", "maxProperties"):
        return [_problem(display, node, "bad-value", error.message)]
    if validator in ("oneOf", "anyOf"):
        return [_alternatives_problem(error, node, display)]
    return [_problem(display, node, "schema", error.message)]


def _exclusive_keys(alternatives: Any, instance: Any) -> list[str]:
    """The keys of ``instance`` that each satisfy a different ``{"required": [key]}`` alternative."""
    if not isinstance(alternatives, list) or not isinstance(instance, dict):
        return []
    keys: list[str] = []
    for alt in alternatives:
        required = alt.get("required") if isinstance(alt, dict) else None
        if not (isinstance(required, list) and len(required) == 1 and set(alt) == {"required"}):
            return []
        if required[0] in instance:
            keys.append(str(required[0]))
    return keys if len(keys) > 1 else []


def _alternatives_problem(error: Any, node: Node, display: str) -> Problem:
    """A oneOf/anyOf failure in plain words, never a dump of the whole value.

    When every alternative fails only for want of keys ("choices" in one form, "value_type" in
    the other), that is a missing key: name the keys that would satisfy one of the forms.
    """
    if not error.context:  # oneOf: more than one alternative matched
        exclusive = _exclusive_keys(error.validator_value, error.instance)
        if exclusive:
            keys = ", ".join(f"'{k}'" for k in exclusive)
            return _problem(display, node, "schema", f"give only one of {keys}, not several",
                            "these keys are alternatives: keep the one you mean")
        return _problem(display, node, "schema", f"{_kind_of(error.instance)} matches more than one of the allowed forms")
    by_branch: dict[Any, list[Any]] = {}
    for sub in error.context:
        by_branch.setdefault(sub.schema_path[0] if sub.schema_path else None, []).append(sub)
    wanted: list[str] = []
    only_missing = True
    for subs in by_branch.values():
        for sub in subs:
            if sub.validator == "required" and not list(sub.relative_path):
                wanted.extend(k for k in _reprs(sub.message.split(" is a required property")[0]) if k not in wanted)
            elif sub.validator != "not":
                only_missing = False
    if only_missing and wanted:
        keys = ", ".join(f"'{k}'" for k in wanted)
        return _problem(display, node, "missing-key", f"missing required key: one of {keys}",
                        "each allowed form of this entry needs one of these keys")
    firsts = [subs[0].message for subs in by_branch.values() if subs]
    hint = "; ".join(f"form {i + 1}: {_short(m)}" for i, m in enumerate(firsts[:4])) or None
    return _problem(display, node, "schema", f"{_kind_of(error.instance)} matches none of the allowed forms", hint)
