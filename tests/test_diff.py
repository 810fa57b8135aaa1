"""``kehoach diff``: two spec directories, two git revisions of a repository made here, the exit codes,
the formats, the narrowing options and the diff envelope of the answer contract."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from kehoach.answer_schema import envelope_schema
from kehoach.api import load_library
from kehoach.cli import cli
from kehoach.diff import compare

CASES = Path(__file__).resolve().parent / "cases" / "diff"
OLD, NEW = CASES / "old", CASES / "new"
MOVED = "iii-1-bao-cao"
ENV = {"KEHOACH_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8", "COLUMNS": "100"}


def run(*args: str, cwd: Path | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if cwd is not None and monkeypatch is not None:
        monkeypatch.chdir(cwd)
    result = CliRunner(env=ENV).invoke(cli, ["diff", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.stdout, result.stderr


def _moved(data: dict) -> list[dict]:
    return [c for c in data["changes"] if c["obligation"] == MOVED]


def test_a_moved_deadline_is_named_per_agency_with_its_old_and_new_dates() -> None:
    code, out, _ = run(str(OLD), str(NEW), "--format", "json")
    assert code == 1
    data = json.loads(out)
    moved = _moved(data)
    assert {c["agency"] for c in moved} == {"so-noi-vu", "so-tai-chinh", "so-tu-phap", "ubnd-tp"}
    for c in moved:
        assert c["change"] == "changed"
        assert c["fields"]["literal"] == {"old": "2026-12-15", "new": "2026-12-20"}
        assert c["fields"]["due"] == {"old": "2026-12-14", "new": "2026-12-19"}
        assert c["fields"]["last_working_day"] == {"old": "2026-12-14", "new": "2026-12-18"}  # 19/12 is a Saturday
        assert "15/12/2026" in c["fields"]["quote"]["old"][0] and "20/12/2026" in c["fields"]["quote"]["new"][0]
    assert len(moved) == len(data["changes"])  # nothing else moved


def test_the_json_satisfies_the_diff_envelope() -> None:
    _, out, _ = run(str(OLD), str(NEW), "--format", "json")
    data = json.loads(out)
    Draft202012Validator(envelope_schema("diff")).validate(data)
    assert data["old"]["source"] == str(OLD) and data["new"]["source"] == str(NEW)
    assert data["old"]["digest"] != data["new"]["digest"]


def test_identical_specs_exit_0_and_say_so() -> None:
    code, out, _ = run(str(OLD), str(OLD))
    assert code == 0
    assert out.rstrip().endswith("no differences")
    code, out, _ = run(str(OLD), str(OLD), "--format", "json")
    assert code == 0 and json.loads(out)["changes"] == []


def test_text_and_markdown_name_the_dates_as_written_in_documents() -> None:
    code, out, _ = run(str(OLD), str(NEW), "--agency", "Sở Tư pháp")
    assert code == 1
    assert "thu-plan · Sở Tư pháp (so-tu-phap)" in out
    assert "due: 14/12/2026 → 19/12/2026" in out
    assert out.rstrip().endswith("1 change(s) for 1 agency(ies)")
    code, md, _ = run(str(OLD), str(NEW), "--agency", "so-tu-phap", "--format", "markdown", "--lang", "vi")
    assert code == 1
    assert "### thu-plan · Sở Tư pháp (`so-tu-phap`)" in md
    assert "| Nhiệm vụ | Thay đổi | Nội dung | Cũ | Mới |" in md
    assert "| hạn | 14/12/2026 | 19/12/2026 |" in md


def test_agency_and_plan_narrow_the_diff() -> None:
    code, out, _ = run(str(OLD), str(NEW), "--agency", "so-noi-vu", "--format", "json")
    assert code == 1 and {c["agency"] for c in json.loads(out)["changes"]} == {"so-noi-vu"}
    code, out, err = run(str(OLD), str(NEW), "--plan", "no-such-plan")
    assert code == 0 and "no differences" in out
    code, _, err = run(str(OLD), str(NEW), "--agency", "Sở Không Có")
    assert code == 2 and "unknown agency" in err


def test_as_of_compares_what_is_in_force_on_that_day() -> None:
    code, out, _ = run(str(OLD), str(NEW), "--as-of", "2026-06-01", "--format", "json")
    assert code == 1 and _moved(json.loads(out))
    # after both deadlines have passed, each version still holds the duty, past due (nothing shows it
    # done), so the moved deadline is still a difference on that day
    code, out, _ = run(str(OLD), str(NEW), "--as-of", "2026-12-25", "--format", "json")
    assert code == 1 and _moved(json.loads(out))
    # after the plan period, nothing is in force in either version: nothing differs
    code, out, _ = run(str(OLD), str(NEW), "--as-of", "2031-01-02")
    assert code == 0, out


def test_a_spec_diffs_empty_with_itself_in_the_library() -> None:
    lib = load_library(OLD)
    assert compare(lib, lib) == []
    assert compare(load_library(OLD), load_library(NEW), agency="ubnd-tp")[0].agency == "ubnd-tp"


def test_a_bad_date_or_a_missing_revision_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(str(OLD), str(NEW), "--as-of", "31/02/2026")
    assert code == 2 and "--as-of" in err
    code, _, err = run("no-such-dir-or-revision", str(NEW), cwd=tmp_path, monkeypatch=monkeypatch)
    assert code == 2 and "cannot read revision 'no-such-dir-or-revision'" in err and "Traceback" not in err


def test_two_invalid_specs_give_the_problems_of_both(tmp_path: Path) -> None:
    for name in ("a", "b"):
        shutil.copytree(OLD, tmp_path / name)
        plan = tmp_path / name / "plan.yaml"
        plan.write_text(plan.read_text(encoding="utf-8").replace("kind: plan", "kind: plan\nbogus_key: 1", 1),
                        encoding="utf-8")
    code, out, err = run(str(tmp_path / "a"), str(tmp_path / "b"))
    assert code == 2 and out == ""
    assert "bogus_key" in err
    assert f"{tmp_path / 'a'}" in err and f"{tmp_path / 'b'}" in err


# --------------------------------------------------------------------------- git revisions


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False, timeout=30,
                          env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                               "HOME": str(repo), "PATH": "/usr/bin:/bin:/usr/local/bin"})
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository whose spec/ is OLD at the first commit (tag v1) and NEW at the second (HEAD)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    shutil.copytree(OLD, repo / "spec", copy_function=shutil.copy)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first")
    _git(repo, "tag", "v1")
    shutil.rmtree(repo / "spec")
    shutil.copytree(NEW, repo / "spec", copy_function=shutil.copy)  # new mtimes: git sees the edit
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "move the report deadline")
    return repo


def test_two_git_revisions(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run("v1", "HEAD", "--format", "json", cwd=repository, monkeypatch=monkeypatch)
    assert code == 1, err
    data = json.loads(out)
    assert data["old"]["source"] == "v1:spec" and data["new"]["source"] == "HEAD:spec"
    moved = _moved(data)
    assert len(moved) == 4
    assert all(c["fields"]["due"] == {"old": "2026-12-14", "new": "2026-12-19"} for c in moved)
    assert data["new"]["digest"] == load_library(NEW).digest  # the revision read byte for byte


def test_a_revision_against_a_directory_and_identical_revisions(repository: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, _ = run("HEAD~1", str(OLD), cwd=repository, monkeypatch=monkeypatch)
    assert code == 0
    code, out, _ = run("HEAD", "HEAD", cwd=repository, monkeypatch=monkeypatch)
    assert code == 0 and "no differences" in out


def test_spec_names_where_the_spec_sits_in_the_repository(repository: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run("v1", "HEAD", "--spec", "elsewhere", cwd=repository, monkeypatch=monkeypatch)
    assert code == 2 and "cannot read revision 'v1'" in err and "elsewhere" in err


def test_an_unknown_revision_is_a_usage_error(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run("v9", "HEAD", cwd=repository, monkeypatch=monkeypatch)
    assert code == 2 and "cannot read revision" in err
    code, _, err = run("--upload-pack=x", "HEAD", cwd=repository, monkeypatch=monkeypatch)
    assert code == 2


# --------------------------------------------------------------------------- versions under today's proofs


def _unproven_copy(tmp_path: Path, name: str) -> Path:
    """OLD whose III.2 quote is no longer the text's words (as a version from before a proof could be):
    a proof it fails, while its files stay well formed and its references resolve."""
    copy = tmp_path / name
    shutil.copytree(OLD, copy)
    plan = copy / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    edited = text.replace('quote: "HĐND Thành phố, Công an Thành phố giám sát thực hiện."', 'quote: "HĐND Thành phố giám sát việc thực hiện."')
    assert edited != text
    plan.write_text(edited, encoding="utf-8")
    return copy


def test_a_version_that_fails_only_todays_proofs_is_compared_as_written(tmp_path: Path) -> None:
    from kehoach.api import load_version
    from kehoach.rules import PROOF_CODES

    older = _unproven_copy(tmp_path, "older")
    library, findings = load_version(older)
    assert findings and {p.code for p in findings} <= PROOF_CODES
    assert {p.code for p in findings} == {"quote-not-found"}
    assert load_version(OLD)[1] == ()
    code, out, _ = run(str(older), str(NEW), "--format", "json")
    assert code == 1
    data = json.loads(out)
    Draft202012Validator(envelope_schema("diff")).validate(data)
    assert data["old"]["unproven"] == {"count": len(findings), "codes": ["quote-not-found"]}
    assert "unproven" not in data["new"]
    assert {c["obligation"] for c in data["changes"]} >= {MOVED, "iii-2-giam-sat"}  # the quote changed too
    code, out, _ = run(str(older), str(NEW))
    assert code == 1 and f"old fails {len(findings)} of today's proofs against the text (quote-not-found)" in out
    code, out, _ = run(str(older), str(older), "--format", "markdown", "--lang", "vi")
    assert code == 0 and out.count("không đạt") == 2


def test_a_version_with_any_other_error_is_refused(tmp_path: Path) -> None:
    broken = _unproven_copy(tmp_path, "broken")
    plan = broken / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("lead: [hdnd-tp, cong-an-tp]", "lead: [no-such-body]"),
                    encoding="utf-8")
    code, out, err = run(str(broken), str(NEW))
    assert (code, out) == (2, "")
    assert "no-such-body" in err and "quote-not-found" in err  # every problem of the version, proofs too


def test_a_path_that_is_not_a_spec_directory_is_named_as_such(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    plain = tmp_path / "plan.yaml"
    plain.write_text("kind: plan\n", encoding="utf-8")
    for given in (fifo, plain):
        code, out, err = run(str(given), str(NEW))
        assert (code, out) == (2, "")
        assert err == (f"Error: cannot read revision '{given}': it is a path but not a spec directory "
                       "(name a directory or a git revision)\n")
