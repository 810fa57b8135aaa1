"""The message catalogue is complete: every key has en and vi with the same fields, every key the
code asks for exists, and no key is left that nothing asks for."""
from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import kehoach
from kehoach.messages import CATALOGUE, LANGUAGES, message

PACKAGE = Path(kehoach.__file__).resolve().parent
# functions that pass their first argument on to message(): their callers are scanned, not their bodies
FORWARDERS = frozenset({"message", "_not_found"})


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def used_keys() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """``message(...)`` keys in the package: literal keys and the literal prefixes of f-string keys
    (``message(f"status.{x}")`` → ``status.``), each with the modules using it.  A conditional
    expression counts each branch; ``_term("status", …)`` in report counts as the prefix ``status.``."""
    literal: dict[str, set[str]] = {}
    prefixes: dict[str, set[str]] = {}

    def note(arg: ast.expr, module: str, names: dict[str, ast.expr]) -> None:
        if isinstance(arg, ast.Name) and arg.id in names:  # key = f"note.{code}"; message(key, …)
            note(names[arg.id], module, {})
        elif isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            literal.setdefault(arg.value, set()).add(module)
        elif isinstance(arg, ast.IfExp):
            note(arg.body, module, names)
            note(arg.orelse, module, names)
        elif isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
            prefixes.setdefault(str(arg.values[0].value), set()).add(module)
        else:
            raise AssertionError(f"{module}: message key is not literal: {ast.unparse(arg)}")

    for path in sorted(PACKAGE.rglob("*.py")):
        module = str(path.relative_to(PACKAGE))
        for func in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(func, ast.FunctionDef) or func.name == "_term":  # its callers are counted
                continue
            forwarded = {a.arg for a in func.args.args} if func.name in FORWARDERS else set()
            names = {t.id: n.value for n in ast.walk(func) if isinstance(n, ast.Assign)
                     for t in n.targets if isinstance(t, ast.Name)}
            for node in ast.walk(func):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args):
                    continue
                if node.func.id in FORWARDERS and not (isinstance(node.args[0], ast.Name)
                                                       and node.args[0].id in forwarded):
                    note(node.args[0], module, names)
                elif node.func.id == "_term" and isinstance(node.args[0], ast.Constant):
                    prefixes.setdefault(f"{node.args[0].value}.", set()).add(module)
    return literal, prefixes


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_both_languages_with_the_same_fields(key: str) -> None:
    entry = CATALOGUE[key]
    assert sorted(entry) == sorted(LANGUAGES)
    assert all(entry[lang] for lang in LANGUAGES)
    assert _fields(entry["en"]) == _fields(entry["vi"])


def test_every_literal_key_used_exists() -> None:
    literal, _ = used_keys()
    assert {k: sorted(m) for k, m in literal.items() if k not in CATALOGUE} == {}


def test_every_key_prefix_used_names_some_key() -> None:
    _, prefixes = used_keys()
    assert {p: sorted(m) for p, m in prefixes.items() if not any(k.startswith(p) for k in CATALOGUE)} == {}


def test_no_key_is_left_unused() -> None:
    literal, prefixes = used_keys()
    unused = [k for k in CATALOGUE if k not in literal and not any(k.startswith(p) for p in prefixes)]
    assert unused == []


def test_the_scan_sees_every_user() -> None:
    literal, prefixes = used_keys()
    modules = set().union(*literal.values(), *prefixes.values())
    assert {"cli.py", "cli_query.py", "explain.py", "render.py", "report.py"} <= modules
    assert "error.unknown-agency" in literal and "explain.source" in literal
    assert {"status.", "explain.role.", "note."} <= set(prefixes)


def test_message_formats_and_falls_back_to_english() -> None:
    assert message("error.unknown-agency", "vi", query="X") == "không tìm thấy cơ quan 'X'"
    assert message("error.unknown-agency", "fr", query="X") == "unknown agency 'X'"
    assert message("status.overdue", "vi") == "quá hạn"
    with pytest.raises(KeyError):
        message("no-such-key")
