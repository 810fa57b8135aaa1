"""Benchmark: `kehoach validate` of the whole bundled spec vs check-jsonschema on the same files.

Both tools run as fresh processes, interleaved, in one run; we report medians and the ratio.
check-jsonschema only checks each file against its schema; kehoach also checks duplicate keys,
YAML 1.1 surprises, every quote against the signed text, references, coverage and interpretations,
and the scenario files against the plan and registry.

kehoach's schema checks run on one engine, jsonschema-rs; the latest figures are in
benchmarks/README.md (2026-12-01: ratio 0.22 to 0.26 on a heavily shared machine, 0.25 before
the move from python-jsonschema plus a hand-written compiler).

Run:  python benchmarks/bench_validate.py [--runs 15]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"
SCHEMA = ROOT / "schema"


def _kind(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("kind:"):
            return line.split(":", 1)[1].strip()
    raise SystemExit(f"no kind in {path}")


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    bindir = Path(sys.executable).parent
    kehoach = shutil.which("kehoach", path=str(bindir)) or shutil.which("kehoach")
    cjs = shutil.which("check-jsonschema", path=str(bindir)) or shutil.which("check-jsonschema")
    if not kehoach or not cjs:
        raise SystemExit("needs `kehoach` and `check-jsonschema` on PATH (pip install '.[test]')")

    files = sorted(p for p in SPEC.rglob("*.yaml") if not p.is_symlink())
    by_kind: dict[str, list[Path]] = {}
    for f in files:
        by_kind.setdefault(_kind(f), []).append(f)
    cjs_cmds = [
        [cjs, "--schemafile", str(SCHEMA / f"{kind}.schema.json"), *map(str, paths)]
        for kind, paths in sorted(by_kind.items())
    ]
    ours = [kehoach, "validate", str(SPEC)]

    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(args.runs):  # interleaved so machine noise hits both alike
        mine.append(_time(ours))
        theirs.append(sum(_time(cmd) for cmd in cjs_cmds))

    m, t = statistics.median(mine), statistics.median(theirs)
    print(f"files: {len(files)} ({', '.join(f'{k}: {len(v)}' for k, v in sorted(by_kind.items()))})")
    print(f"kehoach validate (all checks):          median {m * 1000:8.1f} ms over {args.runs} runs")
    print(f"check-jsonschema (schema only, {len(cjs_cmds)} calls): median {t * 1000:8.1f} ms over {args.runs} runs")
    print(f"ratio kehoach / check-jsonschema: {m / t:.2f}")


if __name__ == "__main__":
    main()
