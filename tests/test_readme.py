"""Docs that cannot drift: the README opens with the two commands, documents every command and every
option (walking the click command tree, as sqlite-utils' tests do), every command's help has an
example, and every `$ kehoach …` example in the README runs with the exit code it implies."""
from __future__ import annotations

import re
import shlex
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

import click
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


def _command_tree(command: click.Command, path: tuple[str, ...] = (),
                  parent: click.Context | None = None) -> Iterator[tuple[str, click.Command, click.Context]]:
    """Every visible command reachable from ``command`` (itself first), as ("kehoach SUB …", command, its
    context), through ``list_commands``/``get_command`` so commands registered from other modules count too.

    Each context is made as click makes it (the command's context_settings, its parent's context), so the
    help option click caches on the command has the names a real run gives it (-h/--help).
    """
    ctx = click.Context(command, info_name=(path or ("kehoach",))[-1], parent=parent, **command.context_settings)
    yield " ".join(("kehoach", *path)), command, ctx
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from _command_tree(sub, (*path, name), ctx)


TREE = list(_command_tree(cli))
COMMANDS = [name for name, _, _ in TREE]
SUBCOMMANDS = sorted(name for name in COMMANDS if name != "kehoach")


def _long_options(command: click.Command, ctx: click.Context) -> list[str]:
    """The ``--long`` spellings of a command's visible options, ``--help`` included."""
    return sorted({o for p in command.get_params(ctx) if isinstance(p, click.Option) and not p.hidden
                   for o in (*p.opts, *p.secondary_opts) if o.startswith("--")})


def _option_users() -> dict[str, list[str]]:
    """``--long`` option -> the commands that take it."""
    users: dict[str, list[str]] = {}
    for name, command, ctx in TREE:
        for option in _long_options(command, ctx):
            users.setdefault(option, []).append(name)
    return users


OPTION_USERS = _option_users()
PARAGRAPHS = re.split(r"\n\s*\n", README)


def _names(text: str, command: str) -> bool:
    return re.search(re.escape(command) + r"(?![\w-])", text) is not None


def test_the_command_tree_is_walked_whole() -> None:
    assert {"kehoach", "kehoach due", "kehoach validate", "kehoach test", "kehoach schema"} <= set(COMMANDS)
    assert "--help" in OPTION_USERS and "--format" in OPTION_USERS
    assert OPTION_USERS["--help"] == COMMANDS
    helps = [command.get_help_option(ctx) for _, command, ctx in TREE]
    assert all(h is not None and h.opts == ["-h", "--help"] for h in helps)  # the names of a real run


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    """Rule: the README names each command (and subcommand) as `kehoach CMD`, not as a prefix of a longer word."""
    assert _names(README, command), f"{command!r} is not in README.md"


@pytest.mark.parametrize("option", sorted(OPTION_USERS))
def test_every_option_is_in_the_readme(option: str) -> None:
    """Rule: each long option appears as `--opt`; one that a single command takes appears in the same
    paragraph as that command, so it is documented where the command is."""
    users = OPTION_USERS[option]
    assert _names(README, option), f"{option} ({', '.join(users)}) is not in README.md"
    if len(users) == 1:
        assert any(_names(p, users[0]) and _names(p, option) for p in PARAGRAPHS), (
            f"{option} is in README.md but not in a paragraph that names {users[0]!r}")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_help_has_an_example(command: str) -> None:
    """Rule: `kehoach CMD --help` has a line `Example:  kehoach …` (sqlite-utils' convention)."""
    result = CliRunner().invoke(cli, [*command.split()[1:], "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    examples = [line.strip() for line in result.output.splitlines() if line.strip().startswith("Example:")]
    assert examples, f"{command} --help has no Example: line"
    assert all(e.removeprefix("Example:").strip().startswith("kehoach ") for e in examples), examples


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("example", EXAMPLES)
def test_readme_example_runs(example: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    command, _, comment = example.partition("  # ")
    args = shlex.split(command)[1:]
    for rev in (a for a in args if re.fullmatch(r"[0-9a-f]{40}", a)):  # a commit of this repository's history
        found = subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=ROOT, capture_output=True,
                               check=False, timeout=30)
        if found.returncode != 0:
            pytest.skip(f"commit {rev[:12]} is not in this checkout (a shallow clone or an unpacked sdist)")
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    said = {"exit 1": 1, "exit 2": 2}.get(comment.strip())
    expected = said if said is not None else 1 if "--fail-on" in args else 0
    assert result.exit_code == expected, result.output
    assert result.output.strip()
    assert "Traceback" not in result.output


def test_the_python_examples_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Each ```python block of the README runs as written, from the repository (its paths are relative)."""
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - the README's own example
    assert "{'hcm-2820-2025'}" in capsys.readouterr().out
