"""Benchmark: a `kehoach due` query as a whole process, against a bare `python -c pass`, in one run.

Three variants, each a fresh process, interleaved in the same loop so that machine noise hits them
alike:

* ``python -c pass``       the bare interpreter start (the unit of the ratios);
* ``first run ever``       an empty cache directory each time: YAML, JSON Schema, rules, holidays,
                           then the answer (and the spec cache is written);
* ``new query, spec cached``  the validated spec is in the cache, and the query was never asked
                           before (each run asks about another day; no answer is stored between runs
                           anyway).

The query is ``kehoach due "Sở Tư pháp" --by DAY --format json``. Medians of wall-clock time and of
CPU time (user + system of the child) are printed, in ms and as multiples of ``python -c pass``.
Bytecode is written and used as after a normal ``pip install`` (``PYTHONDONTWRITEBYTECODE`` is unset for
the children, and a warm-up run compiles every module first).

Run:  python benchmarks/bench_query.py [--runs 20]
"""
from __future__ import annotations

import argparse
import datetime
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AGENCY = "Sở Tư pháp"


def _query(day: datetime.date) -> list[str]:
    return ["due", AGENCY, "--by", day.isoformat(), "--format", "json"]


def _time(cmd: list[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """(wall, cpu) seconds of one run of ``cmd``; exits if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{cmd} failed ({done.returncode}): {done.stderr.decode()[-400:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    script = shutil.which("kehoach", path=str(Path(sys.executable).parent)) or shutil.which("kehoach")
    if not script:
        raise SystemExit("needs the `kehoach` console script (pip install .)")
    work = tempfile.mkdtemp(prefix="kehoach-bench-")  # outside the repository
    base = {k: v for k, v in os.environ.items() if not k.startswith("KEHOACH_") and k != "PYTHONDONTWRITEBYTECODE"}
    warm = dict(base, KEHOACH_CACHE_DIR=os.path.join(work, "warm"))
    first_day = datetime.date(2024, 3, 1)
    _time([script, *_query(first_day)], warm, work)  # compile bytecode, fill the spec cache
    _time([script, *_query(first_day)], warm, work)
    rows: dict[str, list[tuple[float, float]]] = {"python -c pass": [], "first run ever": [],
                                                   "new query, spec cached": []}
    for i in range(args.runs):
        rows["python -c pass"].append(_time([sys.executable, "-c", "pass"], base, work))
        cold = dict(base, KEHOACH_CACHE_DIR=os.path.join(work, f"cold-{i}"))
        rows["first run ever"].append(_time([script, *_query(first_day)], cold, work))
        new_day = first_day + datetime.timedelta(days=1 + i)  # a query not asked before
        rows["new query, spec cached"].append(_time([script, *_query(new_day)], warm, work))
    shutil.rmtree(work, ignore_errors=True)
    bare_wall = statistics.median(w for w, _ in rows["python -c pass"])
    bare_cpu = statistics.median(c for _, c in rows["python -c pass"])
    print(f"query: kehoach due {AGENCY!r} --by DAY --format json   ({args.runs} runs each, medians)")
    print(f"{'variant':<24} {'wall ms':>9} {'x pass':>7} {'cpu ms':>9} {'x pass':>7}")
    for name, times in rows.items():
        wall = statistics.median(w for w, _ in times)
        cpu = statistics.median(c for _, c in times)
        print(f"{name:<24} {wall * 1000:9.1f} {wall / bare_wall:7.2f} {cpu * 1000:9.1f} {cpu / bare_cpu:7.2f}")


if __name__ == "__main__":
    main()
