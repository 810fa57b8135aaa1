"""A schema problem (wrong type, enum typo, YAML-1.1 boolean…) hides nothing else: one run reports them all.

Each ``tests/cases/spec-combos/<case>/edits.txt`` replaces lines (``LINE<TAB>text``) of the frozen plan
in ``spec-combos/base``; ``expected.txt`` lists every ``file:line:col code`` one run must report.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.cli import cli
from kehoach.validate import validate_paths

CASES = Path(__file__).resolve().parent / "cases"
COMBOS = CASES / "spec-combos"
NAMES = sorted(p.name for p in COMBOS.iterdir() if (p / "edits.txt").is_file())


def _spec_with(case: Path, target: Path) -> Path:
    shutil.copytree(COMBOS / "base", target)
    plan = target / "plan.yaml"
    lines = plan.read_text(encoding="utf-8").split("\n")
    for row in (case / "edits.txt").read_text(encoding="utf-8").splitlines():
        number, text = row.split("\t", 1)
        lines[int(number) - 1] = text
    plan.write_text("\n".join(lines), encoding="utf-8")
    return target


def _found(args: list[str]) -> list[str]:
    result = CliRunner().invoke(cli, ["validate", *args, "--format", "json"])
    assert result.exit_code == 1, result.output
    return [f"{p['file']}:{p['line']}:{p['column']} {p['code']}" for p in json.loads(result.stdout)]


def test_the_frozen_base_is_clean() -> None:
    assert validate_paths([COMBOS / "base"]).problems == []


@pytest.mark.parametrize("name", NAMES)
def test_every_problem_of_a_combo_in_one_run(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _spec_with(COMBOS / name, tmp_path / "spec")
    monkeypatch.chdir(tmp_path)
    expected = (COMBOS / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert _found(["spec"]) == expected


def test_a_facts_file_reports_every_problem_with_the_range_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "facts-combos")
    assert _found(["events-meas.yaml"]) == [
        "events-meas.yaml:5:15 unresolved-ref",
        "events-meas.yaml:7:17 unresolved-ref",
        "events-meas.yaml:8:91 bad-value",
    ]


def test_file_level_problems_are_at_the_start_of_the_file(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "real.yaml").write_text("kind: facts\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "real.yaml")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "empty.yaml"), str(tmp_path / "link.yaml"),
                                      "--format", "github"])
    assert result.exit_code == 1
    assert [line.split("::")[1] for line in result.stdout.splitlines()] == [
        f"error file={str(tmp_path / 'empty.yaml').replace(':', '%3A')},line=1,col=1,title=empty-file",
        f"error file={str(tmp_path / 'link.yaml').replace(':', '%3A')},line=1,col=1,title=not-followed",
    ]


def test_a_mapping_missing_a_key_is_one_problem_not_a_cascade(tmp_path: Path) -> None:
    """An interpretation that lost `value_type` is a missing key in plain words; the elements that
    list it are not reported as pointing at an unknown interpretation."""
    from kehoach.resources import bundled_spec_dir

    text = (bundled_spec_dir() / "plan.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: target-judging-date")
    cut = text.index("    value_type: date\n", start)
    broken = text[:cut] + text[cut + len("    value_type: date\n"):]
    path = tmp_path / "plan.yaml"
    path.write_text(broken, encoding="utf-8")

    result = validate_paths([path])
    line = broken[:start].count("\n") + 1
    assert [(p.line, p.col, p.code, p.message) for p in result.problems] == [
        (line, 5, "missing-key", "missing required key: one of 'choices', 'value_type'")]


def test_alternative_keys_given_together_are_named(tmp_path: Path) -> None:
    path = tmp_path / "both.yaml"
    path.write_text(
        'kind: scenario\nschema_version: "1.0"\nplan: qt-cctthc-2024\ncases:\n'
        '  - name: "both"\n    query: due\n    agency: so-tu-phap\n    group: ubnd-cap-xa\n'
        '    by: "2024-06-01"\n    expect:\n      count: 0\n', encoding="utf-8")
    result = validate_paths([path])
    assert [(p.line, p.col, p.code, p.message) for p in result.problems] == [
        (5, 5, "schema", "give only one of 'agency', 'group', not several")]
