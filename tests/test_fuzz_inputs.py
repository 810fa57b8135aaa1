"""A bounded, seeded mutation loop over the spec, facts and scenario YAML: whatever the mutation, the
command line answers with no traceback and no internal error, with exit code 0, 1 or 2, and fast.

Each mutation edits the text of a real file (drops, repeats, swaps or cuts lines; puts a hostile value
in place of a scalar; inserts a hostile line); the seed fixes the sequence, so a failure reproduces.
The whole loop stays well under a minute.
"""
from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.cli import cli

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "spec"
FACTS = REPO / "examples" / "facts-2024.yaml"
SCENARIO = SPEC / "scenarios" / "status.yaml"
SEED = 20240901
PER_RUN = 5.0  # CPU seconds: a generous bound for one command on one mutated file

HOSTILE = [
    '"9999-06-07"', '"0001-01-01"', "2024-02-30", '"2024-02-30"', '"20/03/2024"', '"٢٠٢٤-٠٣-٢٠"', "yes", "~", "010",
    "1e999", ".nan", "&a x", "*a", "!!python/object:os.system x", "!!binary aGk=", "{", "[", "]", "'", '"',
    '"' + "x" * 5000 + '"', "[" * 80, "- - - -", "? complex", "<<: {}", '"\u202e"', '"\u200b"', "0x1F", "1_000",
    "12:30:00", "-1", "2147483648", "[]", "{}", "null", '"so-tu-phap"', '"ubnd-huyen-gio-linh"',
]


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        kind = rng.randrange(6)
        if kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[i])
        elif kind == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 3 and ":" in lines[i]:
            key, _, _ = lines[i].partition(":")
            lines[i] = f"{key}: {rng.choice(HOSTILE)}"
        elif kind == 4:
            lines.insert(i, " " * rng.randrange(6) + rng.choice(HOSTILE))
        else:
            lines = lines[: max(1, i)]
    return "\n".join(lines)


def _check(args: list[str]) -> int:
    runner = CliRunner(env={"KEHOACH_TODAY": "2024-09-10", "NO_COLOR": "1", "COLUMNS": "100", "LANG": "C.UTF-8"})
    start = time.process_time()
    result = runner.invoke(cli, args)
    seconds = time.process_time() - start
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert result.exit_code in (0, 1, 2), (args, result.exit_code)
    output = result.stdout + result.stderr
    assert "internal error" not in output and "internal-error" not in output and "Traceback" not in output, (
        args, output[-2000:])
    assert seconds < PER_RUN, (args, seconds)
    return result.exit_code


@pytest.mark.parametrize(("target", "count"), [("facts", 40), ("scenario", 15), ("plan", 12), ("registry", 6)])
def test_mutated_inputs_never_crash(tmp_path: Path, target: str, count: int) -> None:
    rng = random.Random(f"{SEED}-{target}")
    codes: set[int] = set()
    for number in range(count):
        if target == "facts":
            path = tmp_path / f"facts-{number}.yaml"
            path.write_text(_mutate(FACTS.read_text(encoding="utf-8"), rng), encoding="utf-8")
            codes.add(_check(["validate", str(path)]))
            codes.add(_check(["status", "Sở Tư pháp", "--as-of", "2024-09-10", "--facts", str(path)]))
        elif target == "scenario":
            path = tmp_path / f"scenario-{number}.yaml"
            path.write_text(_mutate(SCENARIO.read_text(encoding="utf-8"), rng), encoding="utf-8")
            codes.add(_check(["validate", str(path)]))
        else:
            spec = tmp_path / f"spec-{number}"
            shutil.copytree(SPEC, spec, ignore=shutil.ignore_patterns("scenarios"))
            name = "plan.yaml" if target == "plan" else "registry.yaml"
            (spec / name).write_text(_mutate((SPEC / name).read_text(encoding="utf-8"), rng), encoding="utf-8")
            codes.add(_check(["validate", "--spec", str(spec)]))
            codes.add(_check(["obligations", "Sở Tư pháp", "--on", "2024-07-01", "--spec", str(spec)]))
    assert codes <= {0, 1, 2}
    assert codes & {1, 2}, "no mutation was caught: the loop tests nothing"
