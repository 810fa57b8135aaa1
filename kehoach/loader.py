"""Strict, safe YAML -> a tree of :class:`Node` with 1-based positions.

Bytes are checked first (size, encoding, forbidden characters), then the YAML *event stream* of
libyaml (or PyYAML's pure parser) is turned into nodes with an explicit stack, so nothing recurses,
aliases are refused before anything is expanded, and nesting is capped.  Plain scalars are resolved
with YAML-1.2-core-like rules; every YAML 1.1 surprise (``yes``, ``010``, ``1:20``, unquoted dates…)
becomes a Problem instead of silently changing meaning.  Bad input never raises.
"""
from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PathRefused
from .guarded import MAX_FILE_BYTES, read_file, refusal_problem
from .problems import Problem, Severity

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "RECOVERABLE_CODES",
    "SCALAR_CODES",
    "LoadResult",
    "Node",
    "load_bytes",
    "load_file",
    "load_text",
]

MAX_DEPTH = 64
MAX_NODES = 200_000
MAX_NUMBER_DIGITS = 50

SCALAR_CODES = frozenset({
    "yaml11-boolean", "ambiguous-number", "unquoted-date", "non-finite-number", "number-too-long", "bad-tagged-value",
})
"""Problems of one scalar whose value is kept as the text it was written as (the node is flagged)."""

RECOVERABLE_CODES = SCALAR_CODES | {"duplicate-key"}
"""Problems after which the tree is still trustworthy: a duplicate key keeps its first value, a
suspicious scalar keeps its text.  With only these, the schema and the rules still run (the file
still fails).  Every other loader problem is fatal: no tree is returned."""

NodeValue = dict[str, "Node"] | list["Node"] | str | int | float | bool | None
PathT = tuple[str | int, ...]


@dataclass(eq=False, slots=True)
class Node:
    """One YAML node with its position (1-based) and its path from the document root."""

    value: NodeValue
    file: str
    line: int
    col: int
    key_line: int = 0
    key_col: int = 0
    path: PathT = ()

    def plain(self) -> Any:
        """JSON-like plain data (dicts, lists, str, int, float, bool, None)."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value

    def get(self, *path: str | int) -> Node | None:
        """The node at ``path`` below this one, or None."""
        node: Node = self
        for step in path:
            if isinstance(node.value, dict) and isinstance(step, str):
                found = node.value.get(step)
            elif isinstance(node.value, list) and isinstance(step, int) and not isinstance(step, bool):
                found = node.value[step] if -len(node.value) <= step < len(node.value) else None
            else:
                found = None
            if found is None:
                return None
            node = found
        return node

    def walk(self) -> Iterator[Node]:
        """Every node below (and including) this one, depth first, without recursion."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            if isinstance(node.value, dict):
                stack.extend(reversed(list(node.value.values())))
            elif isinstance(node.value, list):
                stack.extend(reversed(node.value))


@dataclass
class LoadResult:
    """The tree (None when a fatal problem makes it untrustworthy) and every loader problem.

    ``node`` is kept when every problem is recoverable (see :data:`RECOVERABLE_CODES`).
    """

    node: Node | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.node is not None and not any(p.severity is Severity.ERROR for p in self.problems)

    @property
    def fatal(self) -> bool:
        """True when there is no tree to check further."""
        return self.node is None


# --------------------------------------------------------------------------------------------
# entry points


def load_file(path: Path, *, root: Path | None = None, display: str | None = None) -> LoadResult:
    """Load one file, read through :func:`kehoach.guarded.read_file`: symlinks, FIFOs, devices,
    directories and files over :data:`MAX_FILE_BYTES` are refused without blocking; so are files
    outside ``root``."""
    shown = display if display is not None else str(path)
    if root is not None and not path.is_symlink():
        try:
            path.resolve().relative_to(root.resolve())
        except ValueError:
            return _fail(shown, "outside-root", f"file is outside the spec directory {root}")
        except (OSError, RuntimeError) as exc:
            return _fail(shown, "unreadable", f"cannot read file: {exc}")
    try:
        data = read_file(path, display=shown, limit=MAX_FILE_BYTES)
    except PathRefused as exc:
        return LoadResult(None, [refusal_problem(exc)])
    return load_bytes(data, shown)


def load_bytes(data: bytes, display: str) -> LoadResult:
    """Decode and load YAML bytes; ``display`` names the file in problems."""
    if len(data) > MAX_FILE_BYTES:
        return _fail(display, "file-too-large", f"file is {len(data)} bytes; the limit is {MAX_FILE_BYTES}")
    text, problem = decode(data, display)
    if problem is not None:
        return LoadResult(None, [problem])
    assert text is not None
    return load_text(text, display)


def load_text(text: str, display: str) -> LoadResult:
    """Load already-decoded text (CRLF allowed)."""
    text = text.replace("\r\n", "\n")
    text = text.removeprefix("\ufeff")
    problems = scan_characters(text, display)
    if problems:
        return LoadResult(None, problems)
    if not text.strip():
        return _fail(display, "empty-file", "file is empty", "a spec file starts with 'kind: …'")
    return _Builder(text, display).build()


# --------------------------------------------------------------------------------------------
# bytes and characters


def decode(data: bytes, display: str) -> tuple[str | None, Problem | None]:
    """UTF-8 (BOM allowed) or a Problem naming the line of the first bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, Problem(
            display, 1, 1, "encoding", "file is UTF-16; kehoach reads UTF-8 only",
            hint="save the file as UTF-8",
        )
    if b"\x00" in data:
        at = data.index(b"\x00")
        line = data.count(b"\n", 0, at) + 1
        return None, Problem(
            display, line, at - (data.rfind(b"\n", 0, at) + 1) + 1, "encoding",
            "file contains NUL bytes (binary or UTF-16/32 file); kehoach reads UTF-8 text only",
            hint="save the file as UTF-8 text",
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(
            display, line, col, "encoding",
            f"byte 0x{data[exc.start]:02X} is not valid UTF-8 (file in another encoding, e.g. Windows-1258?)",
            hint="save the file as UTF-8",
        )


_FORBIDDEN: dict[str, str] = {
    "\u200b": "zero-width space (U+200B)",
    "\u200c": "zero-width non-joiner (U+200C)",
    "\u200d": "zero-width joiner (U+200D)",
    "\u2060": "word joiner (U+2060)",
    "\ufeff": "byte order mark / zero-width no-break space (U+FEFF) inside the file",
    "\u2028": "line separator (U+2028)",
    "\u2029": "paragraph separator (U+2029)",
    "\u0085": "next-line control (U+0085)",
    "\r": "carriage return without a line feed",
}
for _cp in (0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069):
    _FORBIDDEN[chr(_cp)] = f"bidirectional control (U+{_cp:04X})"
del _cp

_BAD_CHAR = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\r\u200b-\u200d\u2060\ufeff\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_NBSP_INDENT = re.compile(r"^[ \t\u00a0]*\u00a0")


def scan_characters(text: str, display: str) -> list[Problem]:
    """Invisible, bidi and control characters, and NBSP in indentation, with line:col."""
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _BAD_CHAR.finditer(line):
            char = match.group()
            what = _FORBIDDEN.get(char, f"control character U+{ord(char):04X}")
            problems.append(Problem(
                display, number, match.start() + 1, "forbidden-character", f"forbidden character: {what}",
                hint="delete it; invisible characters make text compare unequal",
            ))
            if len(problems) >= 100:
                return problems
        nbsp = _NBSP_INDENT.match(line)
        if nbsp:
            problems.append(Problem(
                display, number, nbsp.end(), "nbsp-indent", "no-break space (U+00A0) in indentation",
                hint="indent with ordinary spaces",
            ))
        elif "\u00a0" in line:
            problems.extend(_nbsp_separators(line, number, display))
    return problems


def _nbsp_separators(line: str, number: int, display: str) -> list[Problem]:
    """NBSP right after a ``:`` or a ``-`` entry indicator, outside quotes and comments: YAML needs an
    ordinary space there, and would otherwise report a baffling syntax error further on."""
    found: list[Problem] = []
    quote = ""
    previous = " "
    indent_only = True
    for index, char in enumerate(line):
        if quote:
            if char == quote and not (quote == '"' and previous == "\\"):
                quote = ""
            previous = "" if (quote == '"' and previous == "\\") else char
            continue
        if char == "#" and previous in " \t":
            break
        if char in "\"'" and previous in " \t[{,:-":
            quote = char
        elif char == "\u00a0" and (previous == ":" or (previous == "-" and indent_only)):
            indicator = "':'" if previous == ":" else "the list dash '-'"
            found.append(Problem(
                display, number, index + 1, "forbidden-character",
                f"forbidden character: no-break space (U+00A0) after {indicator}",
                hint="YAML needs an ordinary space here; replace the no-break space with a space",
            ))
        if char not in " -":
            indent_only = False
        previous = char
    return found


# --------------------------------------------------------------------------------------------
# scalar resolution


_CORE = "tag:yaml.org,2002:"
_YAML11_BOOL = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_NONFINITE = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$")
_PREFIXED = re.compile(r"^[-+]?0(?:x[0-9a-fA-F_]+|o[0-7_]+|b[01_]+)$")
_UNDERSCORE = re.compile(r"^[-+]?(?:[0-9][0-9_]*_[0-9_]*|_[0-9_]+)(?:\.[0-9_]*)?$|^[-+]?[0-9_]*\.[0-9_]*_[0-9_]*$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_TIMESTAMP = re.compile(
    r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$"
)


_DATE_PART = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


@dataclass(frozen=True)
class _Issue:
    code: str
    message: str
    hint: str | None = None


# every null, boolean, number, timestamp and YAML-1.1 look-alike starts with one of these
_SPECIAL_START = frozenset("0123456789+-._~nNtTfFyYoO\n")  # "\n": `$` matches before a final newline


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def resolve_plain(text: str) -> tuple[Any, _Issue | None]:
    """Value of a plain (unquoted, untagged) scalar, and the problem it raises if any."""
    if text and text[0] not in _SPECIAL_START:
        return _nfc(text), None  # plain text: most scalars of a spec
    if _NULL.match(text):
        return None, None
    if _TRUE.match(text):
        return True, None
    if _FALSE.match(text):
        return False, None
    if _YAML11_BOOL.match(text):
        return text, _Issue(
            "yaml11-boolean", f"'{text}' is a boolean in YAML 1.1 but text in YAML 1.2",
            f"write true/false, or quote it: \"{text}\"",
        )
    if _INT.match(text):
        digits = text.lstrip("+-")
        if len(digits) > MAX_NUMBER_DIGITS:
            return text, _Issue("number-too-long", f"number has {len(digits)} digits; the limit is {MAX_NUMBER_DIGITS}",
                                "quote it if it is an identifier")
        if len(digits) > 1 and digits.startswith("0"):
            return text, _Issue("ambiguous-number", f"'{text}' looks octal (YAML 1.1 reads it as base 8)",
                                f"quote it (\"{text}\") or drop the leading zero")
        return int(text), None
    if _FLOAT.match(text):
        if len(text) > MAX_NUMBER_DIGITS + 10:
            return text, _Issue("number-too-long", f"number has {len(text)} characters; the limit is {MAX_NUMBER_DIGITS}")
        number = float(text)
        if not math.isfinite(number):
            return text, _Issue("non-finite-number", f"'{text}' overflows to infinity", "use a finite number")
        return number, None
    if _NONFINITE.match(text):
        return text, _Issue("non-finite-number", f"'{text}' (not-a-number or infinity) is not allowed",
                            "use a finite number, or quote it if it is text")
    if _PREFIXED.match(text):
        return text, _Issue("ambiguous-number", f"'{text}' is a hex/octal/binary number in some YAML versions",
                            f"write it in decimal, or quote it: \"{text}\"")
    if _UNDERSCORE.match(text):
        return text, _Issue("ambiguous-number", f"'{text}' is a number with '_' separators in YAML 1.1",
                            f"write it without underscores, or quote it: \"{text}\"")
    if _SEXAGESIMAL.match(text):
        return text, _Issue("ambiguous-number", f"'{text}' is a base-60 number in YAML 1.1",
                            f"quote it: \"{text}\"")
    if _TIMESTAMP.match(text):
        impossible = _impossible_date(text)
        if impossible:
            return text, _Issue("unquoted-date", f"unquoted date '{text}' (YAML 1.1 turns it into a date object), "
                                                 f"and an impossible date: {impossible}",
                                'correct the date and quote it: "YYYY-MM-DD"')
        return text, _Issue("unquoted-date", f"unquoted date '{text}' (YAML 1.1 turns it into a date object)",
                            f"quote it: \"{text}\"")
    return _nfc(text), None


def _impossible_date(text: str) -> str:
    """Why the date part of a timestamp-like scalar is no calendar date (``2024-02-30``), or ``""``."""
    match = _DATE_PART.match(text)
    if match is None:
        return ""
    try:
        datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        return str(exc)
    return ""


def resolve_tagged(tag: str, text: str) -> tuple[Any, _Issue | None]:
    """Value of a scalar with an explicit core tag (``!!str``, ``!!int``…)."""
    name = tag[len(_CORE):] if tag.startswith(_CORE) else None
    if tag == "!" or name == "str":
        return unicodedata.normalize("NFC", text), None
    if name == "null":
        return (None, None) if _NULL.match(text) else (text, _Issue("bad-tagged-value", f"'{text}' is not null"))
    if name == "bool":
        if _TRUE.match(text):
            return True, None
        if _FALSE.match(text):
            return False, None
        return text, _Issue("bad-tagged-value", f"'{text}' is not true or false")
    if name in ("int", "float"):
        value, issue = resolve_plain(text)
        if issue is not None:
            return value, issue
        if name == "int" and isinstance(value, int) and not isinstance(value, bool):
            return value, None
        if name == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value), None
        return text, _Issue("bad-tagged-value", f"'{text}' is not a valid !!{name}")
    return text, _Issue("forbidden-tag", f"tag '{_short_tag(tag)}' is not allowed",
                        "only plain YAML data is accepted (strings, numbers, booleans, null, lists, mappings)")


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


# --------------------------------------------------------------------------------------------
# tree building from the event stream


@dataclass
class _Frame:
    node: Node
    pending_key: Node | None = None
    key_is_valid: bool = False
    first_lines: dict[str, int] = field(default_factory=dict)


class _Stop(Exception):
    """Abort building (too deep, too many nodes, several documents)."""


class _Builder:
    def __init__(self, text: str, display: str):
        self.text = text
        self.display = display
        self.problems: list[Problem] = []
        self.count = 0

    def problem(self, line: int, col: int, code: str, message: str, hint: str | None = None,
                path: PathT = ()) -> None:
        self.problems.append(Problem(self.display, line, col, code, message, Severity.ERROR, hint, path))

    def build(self) -> LoadResult:
        import yaml

        loader_cls: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
        root: Node | None = None
        try:
            root = self._consume(yaml.parse(self.text, Loader=loader_cls), yaml)
        except _Stop:
            root = None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            message = exc.problem or "invalid YAML"
            if exc.context:
                message = f"{message} ({exc.context})"
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if "nesting depth" in message:
                self.problem(line, col, "too-deep", f"nesting deeper than {MAX_DEPTH} levels")
            else:
                self.problem(line, col, "yaml-syntax", f"YAML syntax error: {message}")
            root = None
        except (yaml.YAMLError, RecursionError, ValueError) as exc:
            self.problem(1, 1, "yaml-syntax", f"YAML syntax error: {exc}")
            root = None
        if root is None and not self.problems:
            self.problem(1, 1, "empty-file", "file has no YAML content", "a spec file starts with 'kind: …'")
        if self.problems:
            return LoadResult(None if self._has_fatal() else root, self.problems)
        return LoadResult(root, [])

    def _has_fatal(self) -> bool:
        return any(p.code not in RECOVERABLE_CODES for p in self.problems)

    def _consume(self, events: Any, yaml: Any) -> Node | None:
        stack: list[_Frame] = []
        root: Node | None = None
        documents = 0
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        ignored = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        for event in events:
            kind = type(event)
            if kind is scalar_event and event.anchor is None and stack:
                # the common case, kept short: a scalar without anchor inside a collection
                self.count += 1
                if self.count > MAX_NODES:
                    mark = event.start_mark
                    self.problem(mark.line + 1, mark.column + 1, "too-many-nodes", f"more than {MAX_NODES} YAML nodes")
                    raise _Stop
                mark = event.start_mark
                self._attach(stack, self._scalar(event, mark.line + 1, mark.column + 1, self._child_path(stack)))
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    m = event.start_mark
                    self.problem(m.line + 1, m.column + 1, "multiple-documents",
                                 "a spec file holds one YAML document; found a second one",
                                 "split it into two files")
                    raise _Stop
                continue
            if isinstance(event, ignored):
                continue
            mark = event.start_mark
            line, col = mark.line + 1, mark.column + 1
            if isinstance(event, ends):
                done = stack.pop().node
                self._attach(stack, done)
                if not stack:
                    root = done
                continue
            self.count += 1
            if self.count > MAX_NODES:
                self.problem(line, col, "too-many-nodes", f"more than {MAX_NODES} YAML nodes")
                raise _Stop
            path = self._child_path(stack)
            if isinstance(event, alias_event):
                self.problem(line, col, "alias-not-allowed", f"alias '*{event.anchor}' is not allowed",
                             "write the value out in full; anchors and aliases are refused", path)
                self._attach(stack, Node(None, self.display, line, col, line, col, path), invalid=True)
                continue
            if getattr(event, "anchor", None):
                self.problem(line, col, "alias-not-allowed", f"anchor '&{event.anchor}' is not allowed",
                             "write values out in full; anchors and aliases are refused", path)
            if isinstance(event, scalar_event):
                node = self._scalar(event, line, col, path)
                self._attach(stack, node)
                if not stack:
                    root = node
                continue
            container: NodeValue = {} if isinstance(event, yaml.MappingStartEvent) else []
            tag = event.tag
            expected = "map" if isinstance(container, dict) else "seq"
            if tag is not None and tag != "!" and tag != _CORE + expected:
                self.problem(line, col, "forbidden-tag", f"tag '{_short_tag(tag)}' is not allowed",
                             "only plain YAML data is accepted", path)
            if len(stack) >= MAX_DEPTH:
                self.problem(line, col, "too-deep", f"nesting deeper than {MAX_DEPTH} levels", path=path)
                raise _Stop
            stack.append(_Frame(Node(container, self.display, line, col, line, col, path)))
        return root

    def _child_path(self, stack: list[_Frame]) -> PathT:
        if not stack:
            return ()
        top = stack[-1]
        if isinstance(top.node.value, list):
            return top.node.path + (len(top.node.value),)
        if top.pending_key is not None:
            key = top.pending_key.value
            return top.node.path + (key if isinstance(key, str) else str(key),)
        return top.node.path

    def _scalar(self, event: Any, line: int, col: int, path: PathT) -> Node:
        issue: _Issue | None
        if event.tag is None and event.implicit[0]:
            value, issue = resolve_plain(event.value)
        elif event.tag is None:
            value, issue = _nfc(event.value), None
        else:
            value, issue = resolve_tagged(event.tag, event.value)
        if issue is not None:
            self.problem(line, col, issue.code, issue.message, issue.hint, path)
        return Node(value, self.display, line, col, line, col, path)

    def _attach(self, stack: list[_Frame], node: Node, invalid: bool = False) -> None:
        if not stack:
            return
        top = stack[-1]
        if isinstance(top.node.value, list):
            top.node.value.append(node)
            return
        mapping = top.node.value
        assert isinstance(mapping, dict)
        if top.pending_key is None:
            top.pending_key = node
            top.key_is_valid = self._check_key(node, invalid)
            return
        key_node, top.pending_key = top.pending_key, None
        if not top.key_is_valid:
            return
        key = key_node.value
        assert isinstance(key, str)
        node.key_line, node.key_col = key_node.line, key_node.col
        first = top.first_lines.get(key)
        if first is not None:
            self.problem(key_node.line, key_node.col, "duplicate-key",
                         f"duplicate key '{key}' (first defined on line {first})",
                         "remove one of them; YAML would silently keep only the last", key_node.path)
            return
        top.first_lines[key] = key_node.line
        mapping[key] = node

    def _check_key(self, key: Node, invalid: bool) -> bool:
        if invalid:
            return False
        if key.value == "<<":
            self.problem(key.line, key.col, "merge-key", "merge key '<<' is not allowed",
                         "write the keys out in full", key.path)
            return False
        if not isinstance(key.value, str):
            shown = "a mapping" if isinstance(key.value, dict) else "a list" if isinstance(key.value, list) \
                else repr(key.value)
            self.problem(key.line, key.col, "non-string-key", f"mapping key must be text, not {shown}",
                         "quote the key", key.path)
            return False
        return True


def _fail(display: str, code: str, message: str, hint: str | None = None) -> LoadResult:
    return LoadResult(None, [Problem(display, 1, 1, code, message, Severity.ERROR, hint)])
