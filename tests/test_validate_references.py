"""`kehoach validate` checks facts and scenario files against a spec (bundled, --spec, or among the paths)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import kehoach
from kehoach.cli import cli
from kehoach.validate import validate_paths

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def located(out: str) -> list[tuple[int, int, str]]:
    return [(p["line"], p["column"], p["code"]) for p in json.loads(out)]


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(REPO)
    return REPO


def test_the_example_facts_are_clean(in_repo: Path) -> None:
    assert run("validate", "examples/facts-2024.yaml") == (0, "ok: 1 file(s), no problems\n")


def test_unresolved_facts_are_reported_at_their_node(in_repo: Path) -> None:
    code, out = run("validate", "tests/cases/facts/unresolved.yaml", "--color", "never")
    assert code == 1
    assert out.splitlines()[:2] == [
        ("tests/cases/facts/unresolved.yaml:5:17: error: unknown obligation 'iii-1-b-de-nghi-cong-bo-nhom-bx'"
         " [unresolved-ref]"),
        "    hint: did you mean 'iii-1-b-de-nghi-cong-bo-nhom-b'?",
    ]
    code, out = run("validate", "tests/cases/facts/unresolved.yaml", "--format", "json")
    assert located(out) == [(5, 17, "unresolved-ref"), (10, 15, "bad-instance"), (11, 13, "unresolved-ref"),
                            (14, 14, "unresolved-ref"), (17, 16, "unresolved-ref")]


def test_facts_are_checked_against_the_spec_given_with_option(in_repo: Path, tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(REPO / "spec", spec)
    plan = spec / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("iii-1-b-de-nghi-cong-bo-nhom-b",
                                                             "iii-1-b-de-nghi-cong-bo-b"), encoding="utf-8")
    code, out = run("validate", "examples/facts-2024.yaml", "--spec", str(spec), "--format", "json")
    assert code == 1
    problems = json.loads(out)
    assert {p["code"] for p in problems} == {"unresolved-ref"}
    assert all("iii-1-b-de-nghi-cong-bo-nhom-b" in p["message"] for p in problems)


def test_facts_next_to_their_plan_use_that_plan(in_repo: Path, tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(REPO / "spec", spec)
    shutil.rmtree(spec / "scenarios")
    shutil.copy(CASES / "facts" / "unresolved.yaml", spec / "facts.yaml")
    result = validate_paths([spec], spec_root=spec, check_references=True)
    assert [(p.line, p.col, p.code) for p in result.problems] == [
        (5, 17, "unresolved-ref"), (10, 15, "bad-instance"), (11, 13, "unresolved-ref"),
        (14, 14, "unresolved-ref"), (17, 16, "unresolved-ref")]
    assert {p.file for p in result.problems} == {f"{spec}/facts.yaml"}


def test_an_invalid_reference_spec_is_one_problem(in_repo: Path, tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / "plan.yaml").write_text("kind: plan\n", encoding="utf-8")
    code, out = run("validate", "examples/facts-2024.yaml", "--spec", str(spec), "--format", "json")
    assert code == 1
    assert [(p["file"], p["code"]) for p in json.loads(out)] == [(str(spec), "reference-spec")]


def test_scenario_checks_are_reported(in_repo: Path) -> None:
    code, out = run("validate", "tests/cases/scenarios/invalid/semantic.yaml", "--format", "json")
    assert code == 1
    assert located(out) == [(4, 18, "bad-assumption"), (7, 20, "unresolved-ref"), (11, 13, "unknown-agency"),
                            (17, 13, "ambiguous-agency"), (27, 16, "unresolved-ref"), (28, 16, "bad-expectation")]


def test_without_the_option_the_library_does_not_check_references(in_repo: Path) -> None:
    result = validate_paths([CASES / "facts" / "unresolved.yaml"])
    assert result.problems == []


def test_plain_plan_files_never_touch_the_evaluator(in_repo: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from kehoach.validate import validate_paths; "
        "r = validate_paths([Path('spec/plan.yaml'), Path('spec/registry.yaml'), Path('spec/sources')], "
        "spec_root=Path('spec'), check_references=True); "
        "print(r.ok, sorted(m for m in ('kehoach.model', 'kehoach.api', 'kehoach.evaluate', 'kehoach.scenarios') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout == "True []\n"


def test_an_impossible_date_in_a_scenario_is_reported_not_crashed_on(tmp_path: Path) -> None:
    text = (REPO / "spec" / "scenarios" / "status.yaml").read_text(encoding="utf-8")
    broken = text.replace('as_of: "2024-06-20"', 'as_of: "2024-06-31"', 1).replace('"2024-05-30"', '"2024-02-30"', 1)
    path = tmp_path / "s.yaml"
    path.write_text(broken, encoding="utf-8")
    code, out = run("validate", str(path), "--format", "json")
    assert code == 1
    assert [(p["code"], p["message"]) for p in json.loads(out)] == [
        ("bad-date", "'2024-02-30' is not a valid date"), ("bad-date", "'2024-06-31' is not a valid date")]
    result = CliRunner().invoke(cli, ["test", str(path)])
    assert result.exit_code == 2 and "internal error" not in result.output


def test_partially_valid_documents_are_not_handed_to_callers(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text((CASES / "facts" / "unresolved.yaml").read_text(encoding="utf-8") + "extra: 1\n",
                    encoding="utf-8")
    result = validate_paths([path], check_references=True, spec_loader=kehoach.load_library)
    assert result.documents == [] and [d.kind for d in result.context.documents] == ["facts"]
    assert [p.code for p in result.problems] == ["unresolved-ref", "bad-instance", "unresolved-ref",
                                                 "unresolved-ref", "unresolved-ref", "unknown-key"]
