"""Docs that cannot drift: the README opens with the two commands, documents every command, and
every `$ kehoach …` example in it runs with the exit code it implies."""
from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = [line[2:].strip() for line in README.splitlines() if line.startswith("$ kehoach ")]


def test_readme_opens_with_exactly_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README.split("---", 1)[0], flags=re.DOTALL)
    assert [b.strip() for b in blocks] == [
        'pip install . && kehoach due "Sở Tư pháp" --by 2024-09-30',
        "pip install '.[test]' && pytest",
    ]


def test_ci_runs_the_readme_test_command() -> None:
    assert "pip install '.[test]' && pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_runs_mypy_strict_with_the_stubs_it_needs() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert lines[-1] == "mypy --strict kehoach"
    test_extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"]["test"]
    names = {re.split(r"[<>=!~\[ ]", requirement, maxsplit=1)[0].lower() for requirement in test_extra}
    assert {"mypy", "types-pyyaml"} <= names


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented_with_an_example(name: str) -> None:
    assert f"kehoach {name}" in README
    assert "Example:" in (cli.commands[name].help or "")


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("example", EXAMPLES)
def test_readme_example_runs(example: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = shlex.split(example)[1:]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    expected = 1 if "--fail-on" in args else 0
    assert result.exit_code == expected, result.output
    assert result.output.strip()
    assert "Traceback" not in result.output
