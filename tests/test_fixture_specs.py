"""The hand-made specs the tests run on are valid specs: the evaluator is tested on what `validate` accepts,
so a test cannot pass only because its fixture breaks a rule."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.cli import cli

TESTS = Path(__file__).resolve().parent
FIXTURE_SPECS = [TESTS / "fixtures" / "mini_spec", TESTS / "cases" / "spec-combos" / "base"]


@pytest.mark.parametrize("spec", FIXTURE_SPECS, ids=lambda p: p.name)
def test_a_fixture_spec_validates_clean(spec: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(spec), "--format", "json"])
    assert (result.exit_code, json.loads(result.stdout)) == (0, []), result.output


def test_every_file_of_the_mini_spec_is_checked() -> None:
    """The plan, the registry and the sources index: none is skipped by the clean result above."""
    result = CliRunner().invoke(cli, ["validate", str(TESTS / "fixtures" / "mini_spec")], env={"NO_COLOR": "1"})
    assert (result.exit_code, result.stdout) == (0, "ok: 3 file(s), no problems\n")
