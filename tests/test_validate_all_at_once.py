"""One run reports every problem: recoverable loader problems do not hide schema and rule problems."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.cli import cli
from kehoach.loader import RECOVERABLE_CODES, load_bytes
from kehoach.validate import validate_paths

CASES = Path(__file__).resolve().parent / "cases"


def test_every_kind_of_problem_in_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "invalid" / "all-at-once")
    result = CliRunner().invoke(cli, ["validate", "f.yaml", "--format", "json"])
    assert result.exit_code == 1
    import json

    found = [(p["line"], p["column"], p["code"]) for p in json.loads(result.stdout)]
    assert found == [
        (5, 5, "ambiguous-number"),
        (6, 5, "non-finite-number"),
        (7, 5, "number-too-long"),
        (13, 17, "unquoted-date"),
        (14, 18, "bad-date"),
        (15, 13, "unresolved-ref"),
        (16, 5, "unknown-key"),
        (16, 14, "yaml11-boolean"),
        (17, 5, "duplicate-key"),
    ]


def test_recoverable_problems_keep_the_tree_with_text_values() -> None:
    loaded = load_bytes(b"a: yes\nb: 010\nc: 2024-05-31\nd: .nan\nb: 2\ne: !!int x\n", "f.yaml")
    assert loaded.node is not None and not loaded.ok and not loaded.fatal
    assert loaded.node.plain() == {"a": "yes", "b": "010", "c": "2024-05-31", "d": ".nan", "e": "x"}
    assert {p.code for p in loaded.problems} <= RECOVERABLE_CODES


@pytest.mark.parametrize("text", [b"a: &x 1\nb: 2\n", b"a: !!python/name:os.system x\n", b"a: [\n",
                                  b"a: 1\n---\nb: 2\n", b"<<: {a: 1}\n", b"? [1]\n: 2\n"])
def test_fatal_problems_give_no_tree(text: bytes) -> None:
    loaded = load_bytes(text, "f.yaml")
    assert loaded.node is None and loaded.fatal and loaded.problems


def test_a_flagged_scalar_is_not_reported_twice(tmp_path: Path) -> None:
    source = (CASES / "valid" / "sources-minimal" / "index.yaml").read_text(encoding="utf-8")
    path = tmp_path / "f.yaml"
    path.write_text(source.replace("cited_by_plan: false", "cited_by_plan: off"), encoding="utf-8")
    result = validate_paths([path])
    assert [(p.line, p.col, p.code) for p in result.problems] == [(11, 20, "yaml11-boolean")]


def test_a_key_with_a_flagged_scalar_is_kept_as_text(tmp_path: Path) -> None:
    loaded = load_bytes(b"yes: 1\nno: 2\n", "f.yaml")
    assert loaded.node is not None
    assert loaded.node.plain() == {"yes": 1, "no": 2}
    assert [p.code for p in loaded.problems] == ["yaml11-boolean", "yaml11-boolean"]
