"""The console script's answer memo: a hit prints exactly what the CLI prints; any change to an
input (spec file, facts file, environment, day) is a miss; errors are never memoised."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _script() -> list[str]:
    found = shutil.which("kehoach", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-c", "from kehoach._entry import main; main()"]


def _run(args: list[str], cwd: Path, cache: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_")}
    full_env.update({"KEHOACH_CACHE_DIR": str(cache), "KEHOACH_TODAY": "2024-07-01"}, **env)
    return subprocess.run([*_script(), *args], cwd=cwd, env=full_env, capture_output=True, timeout=120, check=False)


@pytest.fixture
def work(tmp_path: Path, spec_dir: Path) -> Path:
    shutil.copytree(spec_dir, tmp_path / "spec")
    shutil.copy(EXAMPLES / "facts-2024.yaml", tmp_path / "facts.yaml")
    return tmp_path


def _answers(cache: Path) -> list[Path]:
    return sorted(cache.glob("answer-*.json"))


def test_memo_hit_prints_the_same_bytes_as_the_cli(work: Path) -> None:
    cache = work / "cache"
    args = ["due", "Sở Tư pháp", "--by", "2024-09-30", "--format", "json", "--spec", "spec"]
    first = _run(args, work, cache)
    assert first.returncode == 0, first.stderr
    assert len(_answers(cache)) == 1
    second = _run(args, work, cache)
    plain = _run(args, work, cache, KEHOACH_NO_MEMO="1")
    assert (second.returncode, second.stdout, second.stderr) == (0, first.stdout, b"")
    assert plain.stdout == first.stdout


def test_a_changed_facts_file_or_environment_is_a_miss(work: Path) -> None:
    cache = work / "cache"
    args = ["status", "so-tu-phap", "--as-of", "2024-09-10", "--facts", "facts.yaml", "--format", "json", "--spec", "spec"]
    before = _run(args, work, cache)
    assert before.returncode == 0, before.stderr
    facts = work / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    after = _run(args, work, cache)
    assert after.returncode == 0
    assert len(_answers(cache)) == 2
    _run(args, work, cache, KEHOACH_TODAY="2024-07-02")
    assert len(_answers(cache)) == 3


def test_a_changed_spec_is_a_miss(work: Path) -> None:
    cache = work / "cache"
    args = ["due", "so-tu-phap", "--by", "2024-06-01", "--format", "json", "--spec", "spec"]
    before = _run(args, work, cache)
    plan = work / "spec" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("    default: exclusive\n", "    default: inclusive\n", 1),
                    encoding="utf-8")
    after = _run(args, work, cache)
    assert before.returncode == after.returncode == 0
    assert b'"due": "2024-05-30"' in before.stdout
    assert b'"due": "2024-05-31"' in after.stdout


def test_errors_are_not_memoised(work: Path) -> None:
    cache = work / "cache"
    result = _run(["due", "Sở Không Có", "--by", "2024-06-01", "--spec", "spec"], work, cache)
    assert result.returncode == 2
    assert _answers(cache) == []


def test_example_facts_flag_is_part_of_the_memo_key(work: Path) -> None:
    cache = work / "cache"
    args = ["status", "so-tu-phap", "--as-of", "2024-09-10", "--example-facts", "--format", "json", "--spec", "spec"]
    first = _run(args, work, cache)
    assert first.returncode == 0, first.stderr
    assert b"<bundled>/facts-2024.yaml" in first.stdout
    assert len(_answers(cache)) == 1
    assert _run(args, work, cache).stdout == first.stdout
