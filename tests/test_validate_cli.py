"""The CLI: exit codes, golden output, formats, and a run from outside the repository."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach import __version__
from kehoach.cli import cli, main

CASES = Path(__file__).resolve().parent / "cases"
REPO = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def in_cases(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(CASES)
    return CASES


def test_valid_file_exits_zero(in_cases: Path) -> None:
    assert run("validate", "valid/sources-minimal/index.yaml") == (0, "ok: 1 file(s), no problems\n", "")


def test_golden_text_output(in_cases: Path) -> None:
    code, out, err = run("validate", "invalid/unknown-key", "invalid/impossible-date", "--color", "never")
    assert (code, err) == (1, "")
    assert out == (
        "invalid/impossible-date/f.yaml:8:11: error: '2024-02-30' is not a valid date [bad-date]\n"
        '    hint: write a real calendar date as "YYYY-MM-DD"\n'
        "invalid/unknown-key/f.yaml:12:5: error: unknown key 'titel' (did you mean 'title'?) [unknown-key]\n"
        "    hint: allowed keys here: cited_at, cited_by_plan, cited_in, date, date_as_written, id, issuer, kind, "
        "non_normative, note, number, number_as_written, provenance, subject_as_written, text, title\n"
        "2 error(s), 0 warning(s) in 2 file(s)\n"
    )


def test_json_output_is_a_stable_list(in_cases: Path) -> None:
    code, out, err = run("validate", "--format", "json", "invalid/duplicate-key")
    assert (code, err) == (1, "")
    assert json.loads(out) == [{
        "file": "invalid/duplicate-key/f.yaml", "line": 12, "column": 1, "severity": "error",
        "code": "duplicate-key", "message": "duplicate key 'schema_version' (first defined on line 2)",
        "hint": "remove one of them; YAML would silently keep only the last", "path": [],
    }]


def test_github_output(in_cases: Path) -> None:
    code, out, _ = run("validate", "--format", "github", "invalid/yes-no/f.yaml")
    assert code == 1
    assert out == ("::error file=invalid/yes-no/f.yaml,line=11,col=20,title=yaml11-boolean::'no' is a boolean in "
                   "YAML 1.1 but text in YAML 1.2 (hint: write true/false, or quote it: \"no\")\n")


def test_json_output_when_clean(in_cases: Path) -> None:
    assert run("validate", "--format", "json", "valid/bom-crlf") == (0, "[]\n", "")


def test_colour_always_and_never(in_cases: Path) -> None:
    _, coloured, _ = run("validate", "--color", "always", "invalid/empty-file")
    assert "\x1b[31merror\x1b[0m" in coloured
    _, plain, _ = run("validate", "--color", "never", "invalid/empty-file")
    assert "\x1b[" not in plain
    _, auto, _ = run("validate", "--color", "auto", "invalid/empty-file", env={"NO_COLOR": "1"})
    assert auto == plain


def test_vietnamese_summary(in_cases: Path) -> None:
    assert run("validate", "valid/bom-crlf", env={"KEHOACH_LANG": "vi"}) == (0, "ổn: 1 tệp, không có lỗi\n", "")


def test_missing_path_is_a_usage_error(in_cases: Path) -> None:
    code, out, err = run("validate", "no/such/file.yaml")
    assert (code, out) == (2, "")
    assert err == "Error: no such file or directory: no/such/file.yaml\n"


def test_bad_option_is_a_usage_error() -> None:
    code, _, err = run("validate", "--format", "xml")
    assert code == 2 and "Invalid value for '--format'" in err


def test_schema_lists_kinds_and_prints_one(repo_root: Path) -> None:
    code, out, _ = run("schema")
    assert code == 0 and {"plan", "sources"} <= set(out.split())
    assert "common" not in out.split()
    code, out, _ = run("schema", "sources")
    assert code == 0
    assert json.loads(out) == json.loads((repo_root / "schema" / "sources.schema.json").read_text(encoding="utf-8"))


def test_schema_unknown_kind_exits_two() -> None:
    code, out, err = run("schema", "nope")
    assert (code, out) == (2, "")
    assert err.startswith("Error: unknown kind 'nope'; known kinds: ") and "sources" in err


def test_version_and_help() -> None:
    assert run("--version") == (0, f"kehoach {__version__}\n", "")
    code, out, _ = run("-h")
    assert code == 0 and "Example:" in out


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_help_has_an_example(name: str) -> None:
    code, out, _ = run(name, "-h")
    assert code == 0
    assert "Example:" in out


def test_bundled_spec_validates_clean() -> None:
    code, out, _ = run("validate", "--color", "never")
    assert code == 0, out
    assert out.startswith("ok: ")
    assert "warning" not in out


def test_main_turns_a_crash_into_exit_two(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import kehoach.validate

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(kehoach.validate, "validate_paths", explode)
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", str(CASES / "valid" / "bom-crlf")])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.err == "internal error: RuntimeError: kaboom; please report\n"
    assert "Traceback" not in captured.out + captured.err


def test_cli_as_a_subprocess_outside_the_repo(tmp_path: Path) -> None:
    target = tmp_path / "spec"
    target.mkdir()
    (target / "index.yaml").write_bytes((CASES / "invalid" / "unknown-key" / "f.yaml").read_bytes())
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "KEHOACH_LANG", "PYTHONPATH")}
    done = subprocess.run([sys.executable, "-m", "kehoach", "validate", "spec", "--format", "json"],
                          cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    assert [(p["file"], p["line"], p["column"], p["code"]) for p in json.loads(done.stdout)] == [
        ("spec/index.yaml", 12, 5, "unknown-key")]
    missing = subprocess.run([sys.executable, "-m", "kehoach", "validate", "absent"], cwd=tmp_path,
                             capture_output=True, text=True, env=env, timeout=60, check=False)
    assert (missing.returncode, missing.stdout) == (2, "")
    assert "Traceback" not in missing.stderr


def test_empty_directory_is_a_warning_only(tmp_path: Path) -> None:
    code, out, err = run("validate", str(tmp_path), "--color", "never")
    assert (code, err) == (0, "")
    assert out == (f"{tmp_path}:1:1: warning: no *.yaml or *.yml files in this directory [no-files]\n"
                   "0 error(s), 1 warning(s) in 0 file(s)\n")
