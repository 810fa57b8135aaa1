"""The problem-code catalogue is complete: every code any module emits has a one-line description."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from click.testing import CliRunner

import kehoach
from kehoach.cli import cli
from kehoach.messages import PROBLEM_CODES

PACKAGE = Path(kehoach.__file__).resolve().parent
CODE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# callables whose positional string arguments include a problem code
MAKERS = frozenset({"Problem", "problem", "_problem", "_at", "_Issue", "_fail", "FactCheck"})


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def emitted_codes() -> dict[str, set[str]]:
    """code -> modules, from problem constructors and ``((path…), code, message, hint)`` tuples (facts)."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = str(path.relative_to(PACKAGE))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            candidates: list[ast.expr] = []
            if isinstance(node, ast.Call) and _name(node.func) in MAKERS:
                candidates = [*node.args, *(k.value for k in node.keywords if k.arg == "code")]
            elif isinstance(node, ast.Tuple) and len(node.elts) == 4 and isinstance(node.elts[0], ast.Tuple):
                candidates = [node.elts[1]]
            for arg in candidates:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and CODE.match(arg.value):
                    found.setdefault(arg.value, set()).add(module)
    return found


def test_every_emitted_code_is_catalogued() -> None:
    emitted = emitted_codes()
    missing = {code: sorted(mods) for code, mods in emitted.items() if code not in PROBLEM_CODES}
    assert missing == {}


def test_the_collector_sees_every_layer() -> None:
    emitted = emitted_codes()
    assert len(emitted) >= 50
    for code, module in [("duplicate-key", "loader.py"), ("unknown-key", "schema.py"), ("bad-date", "schema.py"),
                         ("quote-not-found", "rules/quotes.py"), ("group-cycle", "rules/groups.py"),
                         ("bad-instance", "facts.py"), ("unknown-agency", "scenario_checks.py"),
                         ("reference-spec", "rules/_against_spec.py")]:
        assert module in emitted[code], code


def test_no_stale_codes_in_the_catalogue() -> None:
    assert sorted(set(PROBLEM_CODES) - set(emitted_codes())) == []


def test_every_description_is_one_line() -> None:
    for code, text in PROBLEM_CODES.items():
        assert CODE.match(code) and text.strip() and "\n" not in text, code


def test_declared_codes_of_the_spec_checks_are_catalogued() -> None:
    from kehoach.rules._against_spec import CODES

    assert set(CODES) <= set(PROBLEM_CODES)


def test_list_codes_prints_the_catalogue() -> None:
    result = CliRunner().invoke(cli, ["validate", "--list-codes"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(PROBLEM_CODES)
    assert "duplicate-key" in result.stdout and PROBLEM_CODES["duplicate-key"] in result.stdout


def test_list_codes_as_json() -> None:
    import json

    result = CliRunner().invoke(cli, ["validate", "--list-codes", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == dict(PROBLEM_CODES)
