"""`kehoach validate` shows the facts warnings next to the reference errors, each at its line."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kehoach.cli import cli

FACTS = """\
kind: facts
schema_version: "1.0"
plan: qt-cctthc-2024
submissions:
  - {obligation: iv-1-bao-cao-hang-thang, instance: "2024-01", agency: so-tu-phap, date: "2024-01-20", document: "1/BC"}
  - {obligation: iv-1-bao-cao-hang-thang, instance: "2025-01", agency: so-tu-phap, date: "2024-02-20", document: "2/BC"}
measurements:
  - {indicator: pl-1-6-3, agency: so-tu-phap, period: "2024", date: "2024-12-31", value: 90, source: "x"}
"""


def test_facts_warnings_and_errors_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text(FACTS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    import json

    found = [(p["line"], p["column"], p["severity"], p["code"]) for p in json.loads(result.output)]
    assert found == [
        (5, 53, "warning", "instance-not-scheduled"),
        (5, 90, "warning", "before-plan-start"),
        (6, 53, "error", "bad-instance"),
        (8, 35, "warning", "not-owed"),
    ]


def test_warnings_alone_exit_zero(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("\n".join(line for line in FACTS.splitlines() if "2025-01" not in line) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 warning(s)" in result.output
