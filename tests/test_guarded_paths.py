"""Every path the user names is opened one guarded way (kehoach.guarded): a FIFO never blocks, a device,
a directory or a symbolic link is refused, the size is capped before reading, the content of a file the
user did not ask for is never shown, and each refusal is one line naming the path."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kehoach
from kehoach import guarded
from kehoach.errors import InvalidFacts, KehoachError, PathRefused, SpecError
from kehoach.loader import load_file

REPO = Path(__file__).resolve().parent.parent
FACTS = REPO / "examples" / "facts-2024.yaml"
SUBPROCESS_LIMIT = 20  # seconds: far above the 2 s the checks need, low enough that a hang fails


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.yaml"
    os.mkfifo(path)
    return path


@pytest.fixture
def passwd_link(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    link = tmp_path / "passwd-link.yaml"
    link.symlink_to(secret)
    return link


def _refused(path: object, **kwargs: object) -> PathRefused:
    with pytest.raises(PathRefused) as caught:
        guarded.read_file(path, **kwargs)  # type: ignore[arg-type]
    return caught.value


# --------------------------------------------------------------------------- the module itself


def test_a_regular_file_is_read_whole() -> None:
    assert guarded.read_file(FACTS) == FACTS.read_bytes()


def test_a_fifo_is_refused_without_blocking(fifo: Path) -> None:
    start = time.perf_counter()
    refused = _refused(fifo)
    assert time.perf_counter() - start < 5  # a blocking open would never return
    assert (refused.code, refused.reason) == ("not-a-regular-file", "not a regular file (a FIFO)")
    assert str(refused) == f"{fifo}: not a regular file (a FIFO)"


@pytest.mark.parametrize(("path", "reason"), [
    ("/dev/zero", "not a regular file (a device)"),
    ("/dev/null", "not a regular file (a device)"),
    ("/", "not a regular file (a directory)"),
])
def test_devices_and_directories_are_refused(path: str, reason: str) -> None:
    refused = _refused(path)
    assert (refused.code, refused.reason, refused.path) == ("not-a-regular-file", reason, path)


def test_a_symbolic_link_is_not_followed(passwd_link: Path) -> None:
    refused = _refused(passwd_link)
    assert (refused.code, refused.reason) == ("not-followed", "symbolic link not followed")
    assert "root:x" not in str(refused)


def test_the_size_is_capped_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # sparse: 1 GiB claimed, nothing written
        handle.truncate(1024 ** 3)
    start = time.process_time()
    refused = _refused(big)
    assert time.process_time() - start < 1  # nothing of the 1 GiB is read
    assert refused.code == "file-too-large"
    assert refused.reason == f"file is {1024 ** 3} bytes; the limit is {guarded.MAX_FILE_BYTES}"


def test_a_file_that_claims_size_zero_is_still_capped(tmp_path: Path) -> None:
    small = tmp_path / "small.yaml"
    small.write_bytes(b"x" * 100)
    assert _refused(small, limit=10).code == "file-too-large"
    assert guarded.read_file(small, limit=100) == b"x" * 100


@pytest.mark.parametrize("path", ["", "   "])
def test_an_empty_path_is_refused(path: str) -> None:
    refused = _refused(path)
    assert (refused.code, refused.path) == ("empty-path", repr(path))


def test_a_missing_file_and_a_nul_in_the_path(tmp_path: Path) -> None:
    assert _refused(tmp_path / "nothing.yaml").code == "not-found"
    assert _refused("a\x00b").code == "not-found"
    assert _refused(5).reason == "a path is text, not int"


def test_an_unreadable_file_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """CI runs as root, where mode 000 still reads: the open is made to fail as it would for a user."""
    plan = tmp_path / "plan.yaml"
    plan.write_text("kind: plan\n", encoding="utf-8")

    def denied(path: str, flags: int, *args: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", path)

    monkeypatch.setattr(guarded.os, "open", denied)
    refused = _refused(plan, display="plan.yaml")
    assert (refused.code, str(refused)) == ("unreadable", "plan.yaml: cannot read file: Permission denied")


def test_check_file_reads_nothing_and_check_directory(tmp_path: Path, fifo: Path) -> None:
    guarded.check_file(FACTS)
    with pytest.raises(PathRefused):
        guarded.check_file(fifo)
    assert guarded.check_directory(tmp_path) == tmp_path
    for bad, code in ((FACTS, "not-a-regular-file"), (tmp_path / "none", "not-found"), ("", "empty-path")):
        with pytest.raises(PathRefused) as caught:
            guarded.check_directory(bad)
        assert caught.value.code == code
    link = tmp_path / "link"
    link.symlink_to(tmp_path)
    with pytest.raises(PathRefused) as caught:
        guarded.check_directory(link)
    assert caught.value.code == "not-followed"


def test_path_refused_is_a_kehoach_error() -> None:
    assert issubclass(PathRefused, KehoachError)


# --------------------------------------------------------------------------- every reader uses it


def test_the_loader_refuses_a_fifo_as_a_problem(fifo: Path) -> None:
    loaded = load_file(fifo, display="x.yaml")
    assert [(p.file, p.code, p.message) for p in loaded.problems] == [
        ("x.yaml", "not-a-regular-file", "not a regular file (a FIFO)")]


@pytest.mark.parametrize("which", ["fifo", "devzero", "link"])
def test_load_facts_and_status_refuse_odd_files(which: str, fifo: Path, passwd_link: Path) -> None:
    spec = kehoach.load_spec(plan="qt-cctthc-2024")
    path = {"fifo": fifo, "devzero": Path("/dev/zero"), "link": passwd_link}[which]
    for call in (lambda: kehoach.load_facts(path, spec),
                 lambda: kehoach.status(spec, "so-tu-phap", "2024-09-10", facts=path),
                 lambda: kehoach.obligations(spec, "so-tu-phap", "2024-09-10", str(path))):
        start = time.perf_counter()
        with pytest.raises(InvalidFacts) as caught:
            call()
        assert time.perf_counter() - start < 10  # a FIFO would block for ever, /dev/zero read for ever
        assert [p.code for p in caught.value.problems] in (["not-a-regular-file"], ["not-followed"])
        assert "root:x" not in str(caught.value)


def test_a_source_text_that_is_a_fifo_is_a_problem(tmp_path: Path) -> None:
    import shutil

    from kehoach.validate import validate_paths

    spec = tmp_path / "spec"
    shutil.copytree(REPO / "spec", spec)
    text = next((spec / "sources").glob("*.txt"))
    text.unlink()
    os.mkfifo(text)
    start = time.perf_counter()
    result = validate_paths([spec], spec_root=spec)
    assert time.perf_counter() - start < 20  # a blocking open would never return
    found = [p.message for p in result.problems if p.code == "source-text"]
    assert found == [f"text file '{text.name}' is not a regular file (a FIFO)"]


def test_load_spec_of_an_unreadable_plan_is_a_spec_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A plan file of mode 000 (simulated: CI runs as root, where mode 000 still reads): one problem."""
    import shutil

    spec = tmp_path / "spec"
    shutil.copytree(REPO / "spec", spec)
    real_open = os.open

    def denied(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith("plan.yaml"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(SpecError) as caught:
        kehoach.load_spec(spec, use_cache=False)
    assert [p.code for p in caught.value.problems] == ["unreadable"]


# --------------------------------------------------------------------------- the command line


def _kehoach(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m kehoach ARGS`` with a time limit: a hang fails the test instead of blocking it."""
    full_env = {**os.environ, "KEHOACH_NO_MEMO": "1", "KEHOACH_TODAY": "2024-09-10", "LANG": "C.UTF-8",
                **(env or {})}
    return subprocess.run([sys.executable, "-m", "kehoach", *args], capture_output=True, text=True,
                          timeout=SUBPROCESS_LIMIT, env=full_env, cwd=REPO, check=False)


@pytest.mark.parametrize("which", ["fifo", "devzero", "link"])
def test_odd_facts_files_are_one_line_errors(which: str, fifo: Path, passwd_link: Path) -> None:
    path = {"fifo": str(fifo), "devzero": "/dev/zero", "link": str(passwd_link)}[which]
    reason = {"fifo": "not a regular file (a FIFO)", "devzero": "not a regular file (a device)",
              "link": "symbolic link not followed"}[which]
    for command in (["status", "Sở Tư pháp"], ["obligations", "Sở Tư pháp"]):
        done = _kehoach(*command, "--facts", path)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == f"Error: cannot read facts file {path}: {reason}\n"


def test_a_bad_kehoach_today_is_one_line() -> None:
    done = _kehoach("obligations", "Sở Tư pháp", env={"KEHOACH_TODAY": "garbage"})
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", "Error: invalid KEHOACH_TODAY 'garbage': expected a date YYYY-MM-DD\n")


@pytest.mark.parametrize("args", [
    ["validate", "--spec", ""],
    ["validate", ""],
    ["due", "Sở Tư pháp", "--by", "2024-06-01", "--spec", ""],
    ["status", "Sở Tư pháp", "--facts", ""],
    ["status", "Sở Tư pháp", "--facts", "  "],
])
def test_an_empty_path_is_a_usage_error(args: list[str]) -> None:
    from _cli_query_support import run

    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1].endswith("empty path")


@pytest.mark.parametrize("spec", ["/", "/proc/self"])
def test_a_spec_that_is_no_spec_directory_is_one_line(spec: str) -> None:
    done = _kehoach("due", "Sở Tư pháp", "--by", "2024-06-01", "--spec", spec)
    assert (done.returncode, done.stdout) == (2, "")
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.startswith("Error: ")
    assert spec in done.stderr
