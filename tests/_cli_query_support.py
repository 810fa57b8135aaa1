"""Shared helpers for the query CLI tests: a fixed environment and a spec loaded once per session."""
from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach import cli_query
from kehoach.cli import cli

REPO = Path(__file__).resolve().parent.parent
FACTS = REPO / "examples" / "facts-2024.yaml"

# A fixed environment: English unless --lang, no colour, 100 columns, "today" pinned.
ENV: dict[str, str | None] = {
    "COLUMNS": "100", "NO_COLOR": None, "KEHOACH_LANG": None, "LC_ALL": None, "LC_MESSAGES": None,
    "LANG": "C.UTF-8", "KEHOACH_TODAY": "2026-11-25",
}

_load_once = functools.lru_cache(maxsize=4)(cli_query.load_query_spec)


@pytest.fixture(autouse=True)
def spec_loaded_once(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each CliRunner call would validate the spec again (~1 s); load it once per path instead."""
    monkeypatch.setattr(cli_query, "load_query_spec", _load_once)
    yield


def run(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of ``kehoach ARGS`` in-process; a traceback fails the test."""
    result = CliRunner(env={**ENV, **(env or {})}).invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr
