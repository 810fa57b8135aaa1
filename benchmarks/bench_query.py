"""Benchmark: a cold `kehoach due "Sở Tư pháp" --by 2024-09-30 --format json` against `python -c pass`.

Every run is a fresh process (a "cold" interpreter), interleaved with the bare interpreter start
in the same loop, so machine noise hits all variants alike. Three cache states are measured:

* no cache      — an empty cache directory every time: YAML, JSON Schema, rules, holidays;
* spec cache    — the validated spec is cached (the answer memo is off): click + evaluator;
* answer memo   — the same query was asked before: the stored answer is printed.

Run:  python benchmarks/bench_query.py [--runs 20]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERY = ["due", "Sở Tư pháp", "--by", "2024-09-30", "--format", "json"]


def _time(cmd: list[str], env: dict[str, str], cwd: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{cmd} failed ({done.returncode}): {done.stderr.decode()[-400:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    script = shutil.which("kehoach", path=str(Path(sys.executable).parent)) or shutil.which("kehoach")
    if not script:
        raise SystemExit("needs the `kehoach` console script (pip install .)")
    work = tempfile.mkdtemp(prefix="kehoach-bench-")  # outside the repository
    base = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_")}
    warm = dict(base, KEHOACH_CACHE_DIR=os.path.join(work, "warm"))
    spec_only = dict(base, KEHOACH_CACHE_DIR=os.path.join(work, "warm"), KEHOACH_NO_MEMO="1")
    cmd = [script, *QUERY]
    _time(cmd, warm, work)  # fill the spec cache and the answer memo
    bare: list[float] = []
    variants: dict[str, list[float]] = {"no cache": [], "spec cache": [], "answer memo": []}
    for i in range(args.runs):
        bare.append(_time([sys.executable, "-c", "pass"], base, work))
        cold_dir = os.path.join(work, f"cold-{i}")
        variants["no cache"].append(_time(cmd, dict(base, KEHOACH_CACHE_DIR=cold_dir), work))
        variants["spec cache"].append(_time(cmd, spec_only, work))
        variants["answer memo"].append(_time(cmd, warm, work))
    b = statistics.median(bare)
    print(f"query: kehoach {' '.join(QUERY)}   ({args.runs} runs each, medians)")
    print(f"{'python -c pass':<16} {b * 1000:8.1f} ms   1.00x")
    for name, times in variants.items():
        m = statistics.median(times)
        print(f"{name:<16} {m * 1000:8.1f} ms   {m / b:5.2f}x")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
