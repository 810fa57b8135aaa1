"""The ``kehoach`` process: no answer is stored between runs, and hostile output streams or caches give
a right answer or a one-line error, never a traceback. Each case runs the console script as a
subprocess, since the behaviour is about the whole process (its streams, its exit code)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach import cache

QUERY = ["due", "Sở Tư pháp", "--by", "2024-09-30"]


def _script() -> list[str]:
    found = shutil.which("kehoach", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "kehoach"]


def _env(cache_dir: Path | str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("KEHOACH_") and k not in {"PYTHONIOENCODING", "LC_ALL", "LANG", "NO_COLOR", "COLUMNS"}}
    env.update({"KEHOACH_CACHE_DIR": str(cache_dir), "KEHOACH_TODAY": "2024-07-01", "LANG": "C.UTF-8",
                "COLUMNS": "100"}, **extra)
    return env


def _run(args: list[str], cwd: Path, cache_dir: Path | str, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*_script(), *args], cwd=cwd, env=_env(cache_dir, **env), capture_output=True,
                          timeout=120, check=False)


def _assert_no_traceback(done: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in done.stderr
    assert b"internal error" not in done.stderr
    assert b"Exception ignored" not in done.stderr


@pytest.fixture
def work(tmp_path: Path, spec_dir: Path) -> Path:
    shutil.copytree(spec_dir, tmp_path / "spec")
    return tmp_path


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The plain answers, text and JSON, of the query (a UTF-8 pipe, a fresh cache)."""
    home = tmp_path_factory.mktemp("reference")
    out = {}
    for fmt in ("table", "json"):
        done = _run([*QUERY, "--format", fmt], home, home / "cache")
        assert (done.returncode, done.stderr) == (0, b"")
        out[fmt] = done.stdout
    return out


# --------------------------------------------------------------------------- nothing is stored between runs


def test_no_answer_is_stored_between_runs(work: Path, reference: dict[str, bytes]) -> None:
    home = work / "cache"
    for _ in range(2):
        done = _run([*QUERY, "--format", "json"], work, home)
        assert (done.returncode, done.stdout, done.stderr) == (0, reference["json"], b"")
    for args in (["agencies"], ["obligations", "so-tu-phap", "--on", "2024-06-01"], ["explain", "--help"]):
        assert _run(args, work, home).returncode == 0
    names = sorted(p.name for p in home.iterdir())
    assert len(names) == 1 and names[0].startswith("spec-")  # the validated spec, and nothing else


def test_a_changed_spec_gives_the_new_answer_at_once(work: Path) -> None:
    home = work / "cache"
    args = ["due", "so-tu-phap", "--by", "2024-06-01", "--format", "json", "--spec", "spec"]
    before = _run(args, work, home)
    plan = work / "spec" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("    default: exclusive\n", "    default: inclusive\n", 1),
                    encoding="utf-8")
    after = _run(args, work, home)
    assert before.returncode == after.returncode == 0
    assert b'"due": "2024-05-30"' in before.stdout
    assert b'"due": "2024-05-31"' in after.stdout


# --------------------------------------------------------------------------- output streams


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "ascii:strict"])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_an_output_encoding_without_vietnamese_gives_the_utf8_answer(work: Path, reference: dict[str, bytes],
                                                                     encoding: str, fmt: str) -> None:
    done = _run([*QUERY, "--format", fmt], work, work / "cache", PYTHONIOENCODING=encoding)
    _assert_no_traceback(done)
    assert (done.returncode, done.stdout, done.stderr) == (0, reference[fmt], b"")


def test_an_error_in_an_ascii_stream_is_one_line(work: Path) -> None:
    done = _run(["due", "Sở Không Có", "--by", "2024-09-30"], work, work / "cache", PYTHONIOENCODING="ascii")
    _assert_no_traceback(done)
    assert done.returncode == 2
    assert done.stderr.decode("utf-8").startswith("Error: unknown agency 'Sở Không Có'")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("lang, text", [("en", "Error: cannot write the output: "),
                                        ("vi", "Error: không ghi được kết quả: ")])
def test_a_full_disk_as_stdout_is_a_one_line_error(work: Path, lang: str, text: str) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run([*_script(), *QUERY, "--format", "json"], cwd=work,
                              env=_env(work / "cache", KEHOACH_LANG=lang), stdout=full, stderr=subprocess.PIPE,
                              timeout=120, check=False)
    assert done.returncode == 2
    lines = done.stderr.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith(text), lines


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_as_stderr_too_exits_2_without_a_word(work: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run([*_script(), *QUERY], cwd=work, env=_env(work / "cache"), stdout=full, stderr=full,
                              timeout=120, check=False)
    assert done.returncode == 2


@pytest.mark.parametrize("args", [["agencies"], ["agencies", "--format", "json"], [*QUERY, "--format", "json"]],
                         ids=["agencies", "agencies-json", "due-json"])
def test_a_reader_that_stops_early_ends_kehoach_quietly(work: Path, args: list[str]) -> None:
    """``kehoach agencies | head -1``: the pipe closes after the first line."""
    proc = subprocess.Popen([*_script(), *args], cwd=work, env=_env(work / "cache"), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    code = proc.wait(timeout=120)
    assert first
    assert (code, err) == (0, b"")


def test_the_null_device_as_stdout_is_fine(work: Path) -> None:
    done = subprocess.run([*_script(), *QUERY], cwd=work, env=_env(work / "cache"), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (0, b"")


@pytest.mark.parametrize("also_stderr", [False, True], ids=["stdout", "stdout-and-stderr"])
def test_a_closed_stdout_is_a_one_line_error(work: Path, also_stderr: bool) -> None:
    """``kehoach due … >&-``: the process starts with no file descriptor 1."""
    closing = "exec \"$@\" >&- 2>&-" if also_stderr else "exec \"$@\" >&-"
    done = subprocess.run(["sh", "-c", closing, "sh", *_script(), *QUERY], cwd=work, env=_env(work / "cache"),
                          stderr=subprocess.PIPE, timeout=120, check=False)
    assert done.returncode == 2
    expected = b"" if also_stderr else b"Error: cannot write the output: Bad file descriptor\n"
    assert done.stderr == expected


def test_python_dash_m_is_the_same_process(work: Path, reference: dict[str, bytes]) -> None:
    done = subprocess.run([sys.executable, "-m", "kehoach", *QUERY, "--format", "json"], cwd=work,
                          env=_env(work / "cache", PYTHONIOENCODING="ascii"), capture_output=True, timeout=120,
                          check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, reference["json"], b"")


# --------------------------------------------------------------------------- --spec given as a symbolic link


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_a_symlinked_spec_is_refused_the_same_way_warm_or_cold(work: Path, warm: bool) -> None:
    (work / "link").symlink_to(work / "spec")
    home = work / "cache"
    if warm:
        assert _run([*QUERY, "--spec", "spec"], work, home).returncode == 0  # the same bytes, cached
    done = _run([*QUERY, "--spec", "link"], work, home)
    _assert_no_traceback(done)
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr.decode("utf-8") == (
        "Error: invalid spec (1 problem(s)):\n  link:1:1: error: symbolic link not followed [not-followed]\n")
    validated = _run(["validate", "link"], work, home)
    assert validated.returncode == 1 and b"not-followed" in validated.stdout


# --------------------------------------------------------------------------- hostile caches, seen from the CLI


def _spec_entry(home: Path) -> Path:
    (entry,) = home.glob("spec-*.json")
    return entry


def _nested(entry: Path) -> None:
    body = b"[" * 500_000 + b"]" * 500_000
    key = entry.read_bytes().partition(b"\n")[0].split(b" ")[1].decode()
    entry.write_bytes(f"{cache.FORMAT} {key} {len(body)} {hashlib.sha256(body).hexdigest()}\n".encode() + body)


def _truncated(entry: Path) -> None:
    entry.write_bytes(entry.read_bytes()[:1000])


def _fifo(entry: Path) -> None:
    entry.unlink()
    os.mkfifo(entry)


def _directory(entry: Path) -> None:
    entry.unlink()
    entry.mkdir()


def _symlink(entry: Path) -> None:
    entry.unlink()
    entry.symlink_to("/dev/zero")


def _huge(entry: Path) -> None:
    with entry.open("r+b") as fh:
        fh.truncate(cache.MAX_ENTRY_BYTES * 4)


@pytest.mark.parametrize("damage", [_nested, _truncated, _fifo, _directory, _symlink, _huge],
                         ids=["nested-json", "truncated", "fifo", "directory", "symlink-to-device", "huge"])
def test_a_hostile_cache_entry_still_gives_the_answer(work: Path, reference: dict[str, bytes], damage: object) -> None:
    home = work / "cache"
    assert _run([*QUERY, "--format", "json"], work, home).returncode == 0
    damage(_spec_entry(home))  # type: ignore[operator]
    done = _run([*QUERY, "--format", "json"], work, home)
    _assert_no_traceback(done)
    assert (done.returncode, done.stdout, done.stderr) == (0, reference["json"], b"")


@pytest.mark.parametrize("where", ["/proc/kehoach-cache", "/dev/full", "/dev/null/cache", "file-not-dir/cache"])
def test_a_cache_dir_that_cannot_be_written_still_gives_the_answer(work: Path, reference: dict[str, bytes],
                                                                  where: str) -> None:
    (work / "file-not-dir").write_text("x", encoding="utf-8")
    done = _run([*QUERY, "--format", "json"], work, where)
    _assert_no_traceback(done)
    assert (done.returncode, done.stdout, done.stderr) == (0, reference["json"], b"")


def test_a_fifo_as_the_cache_dir_does_not_hang(work: Path, reference: dict[str, bytes]) -> None:
    os.mkfifo(work / "fifo")
    done = _run([*QUERY, "--format", "json"], work, work / "fifo")
    assert (done.returncode, done.stdout, done.stderr) == (0, reference["json"], b"")


def test_the_cache_entry_is_json_after_its_header(work: Path) -> None:
    home = work / "cache"
    assert _run(QUERY, work, home).returncode == 0
    head, _, body = _spec_entry(home).read_bytes().partition(b"\n")
    fields = head.decode().split(" ")
    assert fields[0] == cache.FORMAT and fields[2] == str(len(body))
    assert sorted(json.loads(body)) == ["calendar", "documents", "registry_index"]


def test_concurrent_first_runs_agree_and_leave_one_sound_entry(work: Path, reference: dict[str, bytes]) -> None:
    home = work / "cache"
    procs = [subprocess.Popen([*_script(), *QUERY, "--format", "json"], cwd=work, env=_env(home),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        outcomes.append((proc.returncode, out, err))
    assert outcomes == [(0, reference["json"], b"")] * 4
    assert [p.name for p in home.iterdir() if p.name.startswith(".tmp-")] == []
    head, _, body = _spec_entry(home).read_bytes().partition(b"\n")
    assert head.split(b" ")[2] == str(len(body)).encode()
