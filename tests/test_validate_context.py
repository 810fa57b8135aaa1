"""`kehoach validate FILE` checks the file in the context of its spec.

The pre-commit hook passes only the changed files: a dangling lead id or a quote no longer in the
text must be caught when plan.yaml is validated on its own, exactly as when the directory is.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _cli_query_support import REPO, run

from kehoach.validate import (
    enclosing_spec,
    is_spec_dir,
    validate_in_context,
    validate_paths,
)

_PLAN_LINES = (REPO / "spec" / "plan.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
LEAD_LINE = _PLAN_LINES.index("    lead: [cac-so-nganh-dia-phuong]\n") + 1  # yeu-cau-1, the first with that lead
QUOTE_LINE = next(n for n, line in enumerate(_PLAN_LINES, 1)  # the quote of iii-1-a-gui-ket-qua-ra-soat
                  if "Kết quả rà soát gửi về Văn phòng UBND tỉnh" in line)


def _spec_copy(root: Path) -> Path:
    spec = root / "spec"
    shutil.copytree(REPO / "spec", spec, ignore=shutil.ignore_patterns("scenarios"))
    plan = spec / "plan.yaml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[LEAD_LINE - 1] == "    lead: [cac-so-nganh-dia-phuong]\n"
    lines[LEAD_LINE - 1] = "    lead: [no-such-agency]\n"
    assert "Kết quả rà soát gửi về Văn phòng UBND tỉnh" in lines[QUOTE_LINE - 1]
    lines[QUOTE_LINE - 1] = lines[QUOTE_LINE - 1].replace("Kết quả rà soát gửi về", "Kết quả rà soát nộp về")
    plan.write_text("".join(lines), encoding="utf-8")
    return spec


def _findings(out: str) -> list[tuple[str, str]]:
    return [(p["file"], f'{p["line"]}:{p["column"]}:{p["code"]}') for p in json.loads(out)]


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    spec = _spec_copy(tmp_path)
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return spec


EXPECTED = [("spec/plan.yaml", f"{LEAD_LINE}:12:unresolved-ref"), ("spec/plan.yaml", f"{QUOTE_LINE}:15:quote-not-found")]


def test_the_directory_catches_both(broken: Path) -> None:
    code, out, _ = run("validate", "spec", "--format", "json")
    assert code == 1
    assert _findings(out) == EXPECTED


def test_one_file_alone_catches_both(broken: Path) -> None:
    code, out, _ = run("validate", "spec/plan.yaml", "--format", "json")
    assert code == 1
    assert _findings(out) == EXPECTED


def test_one_file_with_spec_dot(broken: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken)
    code, out, _ = run("validate", "plan.yaml", "--spec", ".", "--format", "json")
    assert code == 1
    assert [(f, rest) for f, rest in _findings(out)] == [("plan.yaml", rest) for _, rest in EXPECTED]


def test_only_the_given_files_are_reported(broken: Path) -> None:
    code, out, _ = run("validate", "spec/registry.yaml")
    assert (code, out) == (0, "ok: 1 file(s), no problems\n")
    code, out, _ = run("validate", "spec/registry.yaml", "spec/sources/index.yaml", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_the_summary_counts_the_given_files_only(broken: Path) -> None:
    code, out, _ = run("validate", "spec/plan.yaml")
    assert code == 1
    assert out.splitlines()[-1] == "2 error(s), 0 warning(s) in 1 file(s)"


def test_a_file_outside_any_spec_is_checked_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _spec_copy(tmp_path / "repo")
    (tmp_path / "repo" / ".git").mkdir()
    lone = tmp_path / "repo" / "drafts" / "plan.yaml"
    lone.parent.mkdir()
    shutil.copy(spec / "plan.yaml", lone)
    monkeypatch.chdir(tmp_path / "repo")
    assert enclosing_spec(lone) is None
    code, out, _ = run("validate", "drafts/plan.yaml", "--format", "json")
    # alone, no registry and no source text: the cross-file checks have nothing to check against
    assert (code, _findings(out)) == (0, [])


def test_the_climb_stops_at_the_repository_root(tmp_path: Path) -> None:
    _spec_copy(tmp_path)  # tmp/spec holds plan.yaml + registry.yaml
    shutil.copy(tmp_path / "spec" / "plan.yaml", tmp_path / "plan.yaml")
    shutil.copy(tmp_path / "spec" / "registry.yaml", tmp_path / "registry.yaml")
    inner = tmp_path / "repo" / "a"
    inner.mkdir(parents=True)
    (inner / "f.yaml").write_text("x: 1\n", encoding="utf-8")
    assert enclosing_spec(inner / "f.yaml") == tmp_path.absolute()  # two levels up, no .git in between
    (tmp_path / "repo" / ".git").mkdir()
    assert enclosing_spec(inner / "f.yaml") is None  # repo holds .git: not above it


def test_the_climb_is_bounded(tmp_path: Path) -> None:
    _spec_copy(tmp_path)
    deep = tmp_path / "spec" / "a" / "b" / "c" / "d"
    deep.mkdir(parents=True)
    assert enclosing_spec(deep.parent / "f.yaml") == (tmp_path / "spec").absolute()  # 3 levels up
    assert enclosing_spec(deep / "f.yaml") is None  # 4 levels up: too far
    assert enclosing_spec(tmp_path / "spec" / "sources" / "index.yaml") == (tmp_path / "spec").absolute()


def test_a_spec_directory_holds_a_plan_and_a_registry_file(tmp_path: Path) -> None:
    assert is_spec_dir(REPO / "spec") is True
    assert is_spec_dir(REPO / "spec" / "sources") is False
    (tmp_path / "plan.yml").write_text("kind: plan\n", encoding="utf-8")
    assert is_spec_dir(tmp_path) is False
    (tmp_path / "registry.yml").symlink_to(tmp_path / "plan.yml")
    assert is_spec_dir(tmp_path) is False  # a symbolic link does not count
    (tmp_path / "registry.yml").unlink()
    (tmp_path / "registry.yml").write_text("kind: registry\n", encoding="utf-8")
    assert is_spec_dir(tmp_path) is True


def test_the_library_function_matches_the_cli(broken: Path) -> None:
    result = validate_in_context([Path("spec/plan.yaml")])
    assert [(p.file, p.line, p.col, p.code) for p in result.problems] == [
        ("spec/plan.yaml", LEAD_LINE, 12, "unresolved-ref"), ("spec/plan.yaml", QUOTE_LINE, 15, "quote-not-found")]
    assert result.files == ["spec/plan.yaml"]
    assert [d.kind for d in result.documents] == ["plan"]  # clean of loader/schema problems; context not listed
    alone = validate_paths([Path("spec/plan.yaml")], check_references=True)
    assert alone.problems == []  # what the defect was: the same file alone looked clean


def test_facts_next_to_a_plan_file_use_that_spec(broken: Path) -> None:
    plan = broken / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("id: qt-cctthc-2024", "id: qt-copy", 1), encoding="utf-8")
    facts = broken.parent / "facts.yaml"
    facts.write_text('kind: facts\nschema_version: "1.0"\nplan: qt-copy\n', encoding="utf-8")
    code, out, _ = run("validate", "facts.yaml", "--format", "json")  # in no spec: the bundled one
    assert (code, _findings(out)) == (1, [("facts.yaml", "3:7:unresolved-ref")])
    code, out, _ = run("validate", "facts.yaml", "spec/plan.yaml", "--format", "json")
    assert (code, _findings(out)) == (1, EXPECTED)  # checked against spec/, whose plan is qt-copy


def test_two_specs_are_checked_each_in_its_own_context(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _spec_copy(tmp_path / "one")
    _spec_copy(tmp_path / "two")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("validate", "one/spec/plan.yaml", "two/spec/plan.yaml", "--format", "json")
    assert code == 1
    assert _findings(out) == [(f"{name}/spec/plan.yaml", rest) for name in ("one", "two") for _, rest in EXPECTED]


def test_the_bundled_spec_file_by_file_is_clean() -> None:
    files = [REPO / "spec" / "plan.yaml", REPO / "spec" / "registry.yaml", REPO / "spec" / "sources" / "index.yaml"]
    result = validate_in_context(files)
    assert (result.problems, len(result.files)) == ([], 3)
