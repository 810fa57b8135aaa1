"""JSON Schema checks (Draft 2020-12) whose errors point at lines of the YAML file.

One engine evaluates JSON Schema: jsonschema-rs, with ``format`` asserted.  This module reads its
errors and turns each into a :class:`~kehoach.problems.Problem` at the YAML node the error's path
names, in plain words (no raw regex, no dump of a value); it evaluates no keyword itself.

Schemas are read from ``schema/<kind>.schema.json`` (see :func:`kehoach.resources.bundled_schema_dir`).
Only the schema files of that directory are reachable through ``$ref``; nothing is ever fetched.
"""
from __future__ import annotations

import difflib
import heapq
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import jsonschema_rs

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


# ---------------------------------------------------------------------------------------------
# the engine: jsonschema-rs evaluates every keyword; this module only reads its errors

_BASE = "kehoach:///schema/"  # where the schema files of one directory live for ``$ref``; never fetched
_Kinds = jsonschema_rs.ValidationErrorKind


@dataclass(frozen=True)
class _Engine:
    validator: jsonschema_rs.Validator
    schema: Any  # the schema of the kind
    documents: Mapping[str, Any]  # resource URI -> schema document, to read the schema an error points into


@lru_cache(maxsize=32)
def _engine(kind: str, directory: str) -> _Engine:
    schemas = _all_schemas(directory)
    documents: dict[str, Any] = {}
    for name, contents in schemas.items():
        documents[f"{_BASE}{name}{_SUFFIX}"] = contents
        schema_id = contents.get("$id") if isinstance(contents, dict) else None
        if isinstance(schema_id, str) and schema_id:
            documents[schema_id] = contents
    registry = jsonschema_rs.Registry(list(documents.items()), draft=jsonschema_rs.Draft202012)
    # checked against the meta-schema by the test suite, not here
    validator = jsonschema_rs.validator_for(schemas[kind], validate_formats=True, registry=registry,
                                            base_uri=f"{_BASE}{kind}{_SUFFIX}", offline=True)
    return _Engine(validator, schemas[kind], documents)


@lru_cache(maxsize=64)
def _type_validator(types: tuple[str, ...]) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for({"type": list(types)})


def _at(document: Any, steps: Iterable[str | int]) -> Any:
    node = document
    for step in steps:
        if isinstance(node, dict) and str(step) in node:
            node = node[str(step)]
        elif isinstance(node, list) and str(step).isdigit() and int(step) < len(node):
            node = node[int(step)]
        else:
            return {}
    return node


class _Failure:
    """One error of the engine, read the way the messages need it.

    ``keyword`` is the schema keyword that failed, ``path`` the absolute path in the document,
    ``schema`` the (sub)schema holding the keyword and ``value`` the keyword's value there;
    ``branches`` holds, for a failed oneOf/anyOf, the errors of each alternative.
    """

    def __init__(self, error: jsonschema_rs.ValidationError, engine: _Engine) -> None:
        self.error = error
        self.engine = engine
        self.detail = error.kind
        self.path: tuple[str | int, ...] = tuple(error.instance_path)
        steps = list(error.schema_path)
        self.keyword = "false" if isinstance(error.kind, _Kinds.FalseSchema) else str(steps[-1]) if steps else ""
        location = error.absolute_keyword_location  # names the schema document; schema_path is the place in it
        document = engine.documents.get(location.split("#", 1)[0]) if location else None
        holder = _at(document if document is not None else engine.schema, steps[:-1])
        self.schema: Mapping[str, Any] = holder if isinstance(holder, dict) else {}
        self.value: Any = self.schema.get(self.keyword)

    @cached_property
    def instance(self) -> Any:
        return self.error.instance

    @cached_property
    def branches(self) -> list[list[_Failure]]:
        if not isinstance(self.detail, (_Kinds.OneOfNotValid, _Kinds.AnyOf)):
            return []  # (a oneOf that more than one alternative satisfies has no errors below it)
        return [[_failure(sub, self.engine) for sub in branch] for branch in self.detail.context]

    @property
    def missing(self) -> str:
        """The key a ``required`` (or ``dependentRequired``) error names."""
        detail = self.detail
        return str(detail.property) if isinstance(detail, _Kinds.Required) else ""

    def matches_type(self) -> bool:
        """Whether the instance has (one of) the ``type`` of the schema holding the keyword."""
        expected = self.schema.get("type")
        if expected is None:
            return False
        types = tuple(expected) if isinstance(expected, list) else (str(expected),)
        return _type_validator(types).is_valid(self.instance)


def _failure(error: jsonschema_rs.ValidationError, engine: _Engine) -> _Failure:
    if isinstance(error.kind, _Kinds.PropertyNames):
        error = error.kind.error  # a bad key is checked as the key itself, at its mapping
    return _Failure(error, engine)


def check_node(root: Node, kind: str, display: str, schema_dir: Path | None = None) -> list[Problem]:
    """Problems of the document ``root`` against the schema of ``kind``, each at a line."""
    directory = str(_dir(schema_dir))
    try:
        instance = root.plain()
        engine = _engine(kind, directory)
        errors = list(engine.validator.iter_errors(instance))
    except Exception as exc:  # noqa: BLE001 — a broken or unresolvable schema is our bug, not the user's
        return [Problem(display, 1, 1, "internal-error",
                        f"schema '{kind}' could not be used: {type(exc).__name__}: {_first_line(exc)}",
                        hint="please report this; the bundled schema is broken")]
    problems: list[Problem] = []
    for error in errors:
        problems.extend(_to_problems(_best(_failure(error, engine)), root, display))
    return sorted(set(problems))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""


# ---------------------------------------------------------------------------------------------
# best match: one error a person should see for each oneOf/anyOf tangle (as jsonschema's best_match)

_WEAK = frozenset({"anyOf", "oneOf"})


def _relevance(failure: _Failure, base: tuple[str | int, ...]) -> tuple[Any, ...]:
    relative = failure.path[len(base):]
    return (-len(relative), relative, failure.keyword not in _WEAK, not failure.matches_type())


def _best(failure: _Failure) -> _Failure:
    """The deepest error under a failed oneOf/anyOf, unless the alternatives fail alike.

    Errors deeper in the document explain more; when the two best are equally relevant the
    alternatives themselves are reported, in plain words, by :func:`_alternatives_problem`.
    """
    while failure.branches:
        base = failure.path
        errors = [sub for branch in failure.branches for sub in branch]
        ranked = heapq.nsmallest(2, errors, key=lambda sub: _relevance(sub, base))
        if len(ranked) == 2 and _relevance(ranked[0], base) == _relevance(ranked[1], base):
            return failure
        failure = ranked[0]
    return failure


# ---------------------------------------------------------------------------------------------
# errors in plain words, at the node they point at

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


def _allowed_names(schema: Mapping[str, Any]) -> list[str]:
    names: list[str] = list(schema.get("properties", {}) or {})
    for sub in schema.get("allOf", []) or []:
        if isinstance(sub, Mapping):
            names.extend(sub.get("properties", {}) or {})
    return sorted(set(names))


def _unknown_keys(failure: _Failure, node: Node, display: str) -> list[Problem]:
    allowed = _allowed_names(failure.schema)
    extras = [str(key) for key in getattr(failure.detail, "unexpected", [])]
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
    r"^(?:preamble|header(?:-[0-9]{1,2})?|closing|noi-nhan|signature(?:-[0-9]{1,2})?|Điều [0-9]{1,3}(?:\.[0-9]{1,3}){0,3}|Chương [IVXL]{1,6}|[IVXL]{1,6}(?:\.[0-9]{1,3}){0,4}(?:\.[abcdđeghiklmnopqrstuvxy])?(?:\.[0-9]{1,3}){0,2}|PL(?:\.(?:[IVXL]{1,6}|[0-9]{1,3}|[abcdđeghiklmnopqrstuvxy]|heading)){0,5})$": (_SECTION_REF, "e.g. Điều 2, III.1.đ or PL.1.6.3"),
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


_LIMITS: Mapping[str, Callable[[Any, Any], str]] = {
    "minLength": lambda v, n: f"{_short(v)} " + ("should be non-empty" if n == 1 else "is too short"),
    "maxLength": lambda v, n: f"{_short(v)} " + ("is expected to be empty" if n == 0 else "is too long"),
    "minItems": lambda v, n: f"{_short(v)} " + ("should be non-empty" if n == 1 else "is too short"),
    "maxItems": lambda v, n: f"{_short(v)} " + ("is expected to be empty" if n == 0 else "is too long"),
    "minProperties": lambda v, n: f"{_short(v)} " + ("should be non-empty" if n == 1
                                                     else "does not have enough properties"),
    "maxProperties": lambda v, n: f"{_short(v)} " + ("is expected to be empty" if n == 0 else "has too many properties"),
    "minimum": lambda v, n: f"{_short(v)} is less than the minimum of {_short(n)}",
    "maximum": lambda v, n: f"{_short(v)} is greater than the maximum of {_short(n)}",
    "exclusiveMinimum": lambda v, n: f"{_short(v)} is less than or equal to the minimum of {_short(n)}",
    "exclusiveMaximum": lambda v, n: f"{_short(v)} is greater than or equal to the maximum of {_short(n)}",
    "multipleOf": lambda v, n: f"{_short(v)} is not a multiple of {_short(n)}",
    "uniqueItems": lambda v, n: f"{_short(v)} has non-unique elements",
}
"""Words for a value outside a bound, by keyword (the value, the bound)."""


def _to_problems(failure: _Failure, root: Node, display: str) -> list[Problem]:
    node = _locate(root, failure.path)
    keyword, value = failure.keyword, failure.value
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        found = _unknown_keys(failure, node, display)
        if found:
            return found
    if keyword == "required":
        return [_problem(display, node, "missing-key", f"missing required key '{failure.missing}'")]
    if keyword == "format":
        if value == "date":
            return [_problem(display, node, "bad-date", f"{_short(failure.instance)} is not a valid date",
                             'write a real calendar date as "YYYY-MM-DD"')]
        return [_problem(display, node, "bad-value", f"{_short(failure.instance)} is not a valid {value}")]
    if keyword == "type":
        wanted = value if isinstance(value, list) else [value]
        wanted_names = " or ".join(_JSON_TYPES.get(str(t), str(t)) for t in wanted)
        hint = None
        if "string" in wanted and (isinstance(failure.instance, (int, float, bool)) or failure.instance is None):
            hint = "quote the value to make it text"
        return [_problem(display, node, "bad-type",
                         f"expected {wanted_names}, found {_kind_of(failure.instance)} ({_short(failure.instance)})",
                         hint)]
    if keyword in ("enum", "const"):
        options = value if keyword == "enum" and isinstance(value, list) else [value]
        shown = ", ".join(_short(o) for o in options[:12]) + (", …" if len(options) > 12 else "")
        message = f"{_short(failure.instance)} is not allowed here; expected one of: {shown}"
        texts = [o for o in options if isinstance(o, str)]
        if isinstance(failure.instance, str) and texts:
            close = difflib.get_close_matches(failure.instance, texts, n=1, cutoff=0.6)
            if close:
                message += f" (did you mean '{close[0]}'?)"
        return [_problem(display, node, "bad-value", message)]
    if keyword == "pattern":
        return [_problem(display, node, "bad-value", *pattern_message(str(value), failure.instance))]
    if keyword in _LIMITS:
        return [_problem(display, node, "bad-value", _LIMITS[keyword](failure.instance, value))]
    if keyword in ("oneOf", "anyOf"):
        return [_alternatives_problem(failure, node, display)]
    return [_problem(display, node, "schema", _other_words(failure))]


def _other_words(failure: _Failure) -> str:
    """Plain words for the keywords that have no problem code of their own."""
    keyword, value, instance = failure.keyword, failure.value, failure.instance
    if keyword == "dependentRequired" and isinstance(value, dict):
        missing = failure.missing
        given = [k for k, needs in value.items() if isinstance(instance, dict) and k in instance and missing in needs]
        return f"'{missing}' is a dependency of '{given[0]}'" if given else f"'{missing}' is a required property"
    if keyword == "not":
        keys = [k for k in _required_names(value) if isinstance(instance, dict) and k in instance]
        if keys:
            return f"{_quoted(keys)} cannot be given in this form"
        return f"{_kind_of(instance)} has a form that is not allowed here"
    if keyword == "false":
        return f"nothing is allowed here (found {_kind_of(instance)})"
    return failure.error.message


def _quoted(keys: Iterable[str]) -> str:
    return ", ".join(f"'{k}'" for k in keys)


def _required_names(schema: Any) -> list[str]:
    """The keys a schema of the form ``{"required": […]}`` or ``{"anyOf": [{"required": […]}, …]}`` names."""
    if not isinstance(schema, dict):
        return []
    names = [str(k) for k in schema.get("required", []) or []]
    for alternative in [*(schema.get("anyOf") or []), *(schema.get("oneOf") or [])]:
        names.extend(k for k in _required_names(alternative) if k not in names)
    return names


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


def _alternatives_problem(failure: _Failure, node: Node, display: str) -> Problem:
    """A oneOf/anyOf failure in plain words, never a dump of the whole value.

    When every alternative fails only for want of keys ("choices" in one form, "value_type" in
    the other), that is a missing key: name the keys that would satisfy one of the forms.
    """
    if not failure.branches:  # oneOf: more than one alternative matched
        exclusive = _exclusive_keys(failure.value, failure.instance)
        if exclusive:
            return _problem(display, node, "schema", f"give only one of {_quoted(exclusive)}, not several",
                            "these keys are alternatives: keep the one you mean")
        return _problem(display, node, "schema",
                        f"{_kind_of(failure.instance)} matches more than one of the allowed forms")
    wanted: list[str] = []
    only_missing = True  # every alternative fails for want of keys (or for a key another form has)
    fixable = False  # and giving the keys one alternative names would satisfy it
    for branch in failure.branches:
        missing_here = True
        for sub in branch:
            if sub.keyword == "required" and sub.path == failure.path:
                if sub.missing not in wanted:
                    wanted.append(sub.missing)
            else:
                missing_here = False
                only_missing = only_missing and sub.keyword == "not"
        fixable = fixable or missing_here
    if only_missing and fixable and wanted:
        return _problem(display, node, "missing-key", f"missing required key: one of {_quoted(wanted)}",
                        "each allowed form of this entry needs one of these keys")
    firsts = [_first_words(branch[0], node) for branch in failure.branches if branch]
    hint = "; ".join(f"form {i + 1}: {m}" for i, m in enumerate(firsts[:4])) or None
    return _problem(display, node, "schema", f"{_kind_of(failure.instance)} matches none of the allowed forms", hint)


def _first_words(failure: _Failure, node: Node) -> str:
    """The message of one alternative's first error, for the hint of a failed oneOf/anyOf."""
    found = _to_problems(_best(failure), node, "")
    return found[0].message if found else failure.error.message
