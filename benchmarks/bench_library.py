"""Benchmark: a library at national scale — every province's registry over two dates, and 50 plans.

The library is synthesised in memory (deterministic, no network): each of the 63 provinces of 2024 gets
its own registry (``kind: registry``, its own ids), with

* its UBND tỉnh, ~20 sở-level bodies and the other bodies the plan names, in that province's groups;
* its 2024 districts and communes (~10,600 communes nationwide, ``valid_until: 2025-06-30``);
* its communes of the two-level government (3,321 nationwide, ``valid_from: 2025-07-01``, no district).

The plans are copies of the bundled Quảng Trị plan (its data, already validated), each under its own id
and each addressing one province, its owners rewritten to that province's ids. So a question is asked
across many registries and many plans, as a monitoring office of a ministry would ask it.

Two scales in one run: 1× (6 provinces, 5 plans) and 10× (63 provinces, 50 plans). For each: the time to
build the :class:`kehoach.Library` (every registry and its name index, every plan), then
``kehoach.api.due(library, agency, by=day)`` for a fixed sample of agencies (ids, and names resolved on the
day) on days of 2024 and 2025, reporting queries per second, the growth 10×/1× of time and memory
(tracemalloc peak), and the process's maximum RSS.

Run:  python benchmarks/bench_library.py [--agencies N] [--scale 1 --scale 10]
"""
from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_national import PROVINCES, PROVINCIAL_BODIES, _place_name, bundled_documents  # noqa: E402

from kehoach import api  # noqa: E402
from kehoach.calendar import Calendar  # noqa: E402
from kehoach.library import Library  # noqa: E402

COMMUNES_2024 = 10_600  # nationwide, about (GSO, 2024)
COMMUNES_2025 = 3_321  # nationwide, from 1/7/2025
DAYS = (date(2024, 3, 1), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31), date(2025, 8, 1))


def _registry(code: str, name: str, qt_ids: Sequence[str]) -> tuple[dict[str, Any], dict[str, str]]:
    """One province's registry, and the map from the Quảng Trị registry's ids to this province's ids."""
    rng = random.Random(f"kehoach-library-{code}")
    short = name.split(" ", 1)[1] if name.startswith("Tỉnh ") else name.removeprefix("Thành phố ")
    prefix = f"p{code}-"
    ids = {q: prefix + q for q in qt_ids}  # every body and group the plan can name, in this province
    ubnd = ids.get("ubnd-tinh", prefix + "ubnd-tinh")
    agencies: list[dict[str, Any]] = [
        {"id": ubnd, "name": f"Ủy ban nhân dân {short}", "level": "province", "type": "ubnd", "gso_code": code}]
    named = {stem: body for stem, body, _ in PROVINCIAL_BODIES}
    groups_of = {stem: group for stem, _, group in PROVINCIAL_BODIES}
    for q in qt_ids:  # the other bodies the plan can name, under this province's ids
        if q in ("ubnd-tinh",) or q in _GROUP_IDS:
            continue
        body = named.get(q, q.replace("-", " ").capitalize())
        group = groups_of.get(q)
        agencies.append({"id": ids[q], "name": f"{body} {short}", "level": "province",
                         "type": "so" if q.startswith("so-") else "don-vi", "parent": ubnd,
                         **({"groups": [prefix + group]} if group else {})})
    n_2024 = round(COMMUNES_2024 / len(PROVINCES) * rng.uniform(0.8, 1.2))
    n_2025 = round(COMMUNES_2025 / len(PROVINCES) * rng.uniform(0.8, 1.2))
    n_districts = rng.randint(9, 13)
    for d in range(n_districts):
        dname = _place_name(rng)
        did = f"{prefix}huyen-{d + 1:02d}"
        agencies.append({"id": did, "name": f"Ủy ban nhân dân huyện {dname} {short}", "level": "district",
                         "type": "ubnd", "parent": ubnd, "valid_until": "2025-06-30"})
        for c in range(d, n_2024, n_districts):
            agencies.append({"id": f"{did}-xa-{c:03d}", "name": f"Ủy ban nhân dân xã {_place_name(rng)} {c}",
                             "level": "commune", "type": "ubnd", "parent": did, "district": did,
                             "valid_until": "2025-06-30"})
    for c in range(n_2025):
        agencies.append({"id": f"{prefix}xa-2025-{c:03d}", "name": f"Ủy ban nhân dân xã {_place_name(rng)} mới {c}",
                         "level": "commune", "type": "ubnd", "parent": ubnd, "valid_from": "2025-07-01"})
    groups = [{**g, "id": prefix + g["id"], "name": f"{g['name']} {short}",
               "members": [prefix + m for m in g.get("members", [])]} for g in _GROUPS]
    return ({"kind": "registry", "schema_version": "1.0", "id": f"p{code}", "province": name,
             "agencies": agencies, "groups": groups}, ids)


_GROUPS: list[dict[str, Any]] = []
_GROUP_IDS: set[str] = set()


def _rewrite(value: Any, ids: dict[str, str]) -> Any:
    """``value`` with every string that is a Quảng Trị registry id replaced by the province's id (an
    interpretation's ``default`` names a choice, not a body: kept)."""
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [_rewrite(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: v if k == "default" else _rewrite(v, ids) for k, v in value.items()}
    return value


def synthetic_library(scale: int, docs: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Plain plan and registry data: 1× is every tenth province and 5 plans, 10× all 63 and 50 plans."""
    provinces = PROVINCES if scale >= 10 else tuple(p for i, p in enumerate(PROVINCES) if i % 10 == 9)
    n_plans = 50 if scale >= 10 else 5
    qt_ids = [a["id"] for a in docs["registry"]["agencies"] if a.get("level") in ("province", "central")]
    qt_ids += [g["id"] for g in docs["registry"]["groups"]]
    registries, plans = [], []
    for n, (code, name) in enumerate(provinces):
        registry, ids = _registry(code, name, qt_ids)
        registries.append(registry)
        if n < n_plans:
            plan = _rewrite(docs["plan"], ids)
            plans.append({**plan, "id": f"plan-{n + 1:02d}-p{code}", "addresses": [f"p{code}"]})
    return plans, registries


def _sample(lib: Library, n: int) -> list[str]:
    """``n`` agencies of the library with a plan, spread over every province (deterministic)."""
    every = sorted(a for s in lib.specs.values() for a in s.registry.agencies)
    return every[:: max(1, len(every) // n)][:n]


def run_scale(scale: int, docs: dict[str, Any], cal: Calendar, n_agencies: int) -> dict[str, Any]:
    plans, registries = synthetic_library(scale, docs)
    gc.collect()
    builds, indexes = [], []
    lib: Library | None = None
    for _ in range(3):
        t0 = time.perf_counter()
        lib = Library.build(plans, registries, [docs["sources"]], digest="synthetic-library").with_calendar(cal)
        t1 = time.perf_counter()
        lib.registry.index_data()  # the name index (a cached spec carries it: loaded, not built)
        builds.append(t1 - t0)
        indexes.append(time.perf_counter() - t1)
    assert lib is not None
    agencies = _sample(lib, n_agencies)
    names = [lib.registry.agencies[a].name for a in agencies[:: 10]]
    t0, c0 = time.perf_counter(), time.process_time()
    found = 0
    for agency in agencies:
        for day in DAYS:
            found += len(api.due(lib, agency, by=day).obligations)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    t1 = time.perf_counter()
    for name in names:  # by name: resolved on the day among every registry's agencies
        for day in DAYS:
            api.due(lib, name, by=day)
    by_name = time.perf_counter() - t1
    del lib
    gc.collect()
    tracemalloc.start()
    lib = Library.build(plans, registries, [docs["sources"]], digest="synthetic-library").with_calendar(cal)
    build_peak = tracemalloc.get_traced_memory()[1]
    for agency in agencies[:: 5]:
        api.due(lib, agency, by=DAYS[2])
    query_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    communes = sum(1 for r in registries for a in r["agencies"] if a["level"] == "commune")
    return {"scale": scale, "provinces": len(registries), "plans": len(plans),
            "agencies": sum(len(r["agencies"]) for r in registries), "communes": communes,
            "build": statistics.median(builds), "index": statistics.median(indexes), "queries": len(agencies) * len(DAYS), "time": elapsed, "cpu": cpu,
            "qps": len(agencies) * len(DAYS) / elapsed, "name_qps": len(names) * len(DAYS) / by_name,
            "found": found, "build_peak": build_peak, "query_peak": query_peak}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=400, help="agencies queried at each scale")
    parser.add_argument("--scale", type=int, action="append", help="1 and/or 10 (default: both)")
    args = parser.parse_args()
    docs = bundled_documents()
    _GROUPS[:] = docs["registry"]["groups"]
    _GROUP_IDS.update(g["id"] for g in _GROUPS)
    cal = Calendar.for_years(range(2022, 2027))
    rows = [run_scale(s, docs, cal, args.agencies) for s in (args.scale or [1, 10])]
    print(f"due(library, agency, by=day): {args.agencies} agencies (ids) x {len(DAYS)} days "
          f"({', '.join(d.isoformat() for d in DAYS)}); by name: every 10th of them")
    print("build: Library.build of every registry and plan; index: its name index (medians of 3); "
          "MiB: tracemalloc peaks")
    print(f"{'scale':>5} {'prov':>4} {'plans':>5} {'agencies':>8} {'communes':>8} {'build s':>7} {'index s':>7} "
          f"{'build MiB':>9} "
          f"{'q/s id':>7} {'q/s name':>8} {'query MiB':>9} {'obligations':>11}")
    for r in rows:
        print(f"{r['scale']:>4}x {r['provinces']:>4} {r['plans']:>5} {r['agencies']:>8} {r['communes']:>8} "
              f"{r['build']:>7.2f} {r['index']:>7.2f} {r['build_peak'] / 2**20:>9.1f} {r['qps']:>7.0f} {r['name_qps']:>8.0f} "
              f"{r['query_peak'] / 2**20:>9.1f} {r['found']:>11}")
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        print(f"growth {b['scale']}x/{a['scale']}x: agencies {b['agencies'] / a['agencies']:.1f}, plans "
              f"{b['plans'] / a['plans']:.0f}, build time {b['build'] / a['build']:.1f}, index time "
              f"{b['index'] / a['index']:.1f}, build memory "
              f"{b['build_peak'] / a['build_peak']:.1f}, per-query time {a['qps'] / b['qps']:.2f} (by id), "
              f"{a['name_qps'] / b['name_qps']:.2f} (by name)")
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
