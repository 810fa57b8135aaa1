"""Benchmark: `due` at national scale — every agency of a synthetic registry of Vietnam on every day of 2024.

The registry is synthesised in memory (deterministic, no network, no package data): each of the 63
provinces of 2024 gets its Ủy ban nhân dân tỉnh, ~20 sở-level bodies (cơ quan chuyên môn and cơ quan
thuộc UBND tỉnh), ~11 districts (UBND cấp huyện) and ~150–190 communes (UBND cấp xã), in the groups
the bundled plan names, so the bundled plan applies to every province's agencies. Quảng Trị keeps the
real ids of the bodies the plan names (Sở Tư pháp, Văn phòng UBND tỉnh, Trung tâm PVHCC …). Names are
synthetic but Vietnamese-looking.

Two scales in one run: 1× (6 provinces, ~1,270 agencies, Quảng Trị among them) and 10× (all 63,
~12,700 agencies). For each: the time to build the Spec (registry index), then
``kehoach.api.due(spec, agency_id, by=day)`` for every agency (agency by agency) on every day of
2024 (366 days), reporting queries per second, the growth of the total time 10×/1×, and the peak
traced memory (tracemalloc) of building and querying.

Run:  python benchmarks/bench_national.py [--days-step N] [--scale 1 --scale 10]
      (--days-step N queries every N-th day only; the output then says it sampled.)
"""
from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import time
import tracemalloc
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from kehoach import api
from kehoach.calendar import Calendar
from kehoach.model import Spec, SpecMemo
from kehoach.resources import bundled_spec_dir
from kehoach.validate import validate_paths

# The 63 provinces of 2024 (GSO code, name), before the mergers of 2025.
PROVINCES: tuple[tuple[str, str], ...] = (
    ("01", "Thành phố Hà Nội"), ("02", "Tỉnh Hà Giang"), ("04", "Tỉnh Cao Bằng"), ("06", "Tỉnh Bắc Kạn"),
    ("08", "Tỉnh Tuyên Quang"), ("10", "Tỉnh Lào Cai"), ("11", "Tỉnh Điện Biên"), ("12", "Tỉnh Lai Châu"),
    ("14", "Tỉnh Sơn La"), ("15", "Tỉnh Yên Bái"), ("17", "Tỉnh Hòa Bình"), ("19", "Tỉnh Thái Nguyên"),
    ("20", "Tỉnh Lạng Sơn"), ("22", "Tỉnh Quảng Ninh"), ("24", "Tỉnh Bắc Giang"), ("25", "Tỉnh Phú Thọ"),
    ("26", "Tỉnh Vĩnh Phúc"), ("27", "Tỉnh Bắc Ninh"), ("30", "Tỉnh Hải Dương"), ("31", "Thành phố Hải Phòng"),
    ("33", "Tỉnh Hưng Yên"), ("34", "Tỉnh Thái Bình"), ("35", "Tỉnh Hà Nam"), ("36", "Tỉnh Nam Định"),
    ("37", "Tỉnh Ninh Bình"), ("38", "Tỉnh Thanh Hóa"), ("40", "Tỉnh Nghệ An"), ("42", "Tỉnh Hà Tĩnh"),
    ("44", "Tỉnh Quảng Bình"), ("45", "Tỉnh Quảng Trị"), ("46", "Tỉnh Thừa Thiên Huế"),
    ("48", "Thành phố Đà Nẵng"), ("49", "Tỉnh Quảng Nam"), ("51", "Tỉnh Quảng Ngãi"), ("52", "Tỉnh Bình Định"),
    ("54", "Tỉnh Phú Yên"), ("56", "Tỉnh Khánh Hòa"), ("58", "Tỉnh Ninh Thuận"), ("60", "Tỉnh Bình Thuận"),
    ("62", "Tỉnh Kon Tum"), ("64", "Tỉnh Gia Lai"), ("66", "Tỉnh Đắk Lắk"), ("67", "Tỉnh Đắk Nông"),
    ("68", "Tỉnh Lâm Đồng"), ("70", "Tỉnh Bình Phước"), ("72", "Tỉnh Tây Ninh"), ("74", "Tỉnh Bình Dương"),
    ("75", "Tỉnh Đồng Nai"), ("77", "Tỉnh Bà Rịa - Vũng Tàu"), ("79", "Thành phố Hồ Chí Minh"),
    ("80", "Tỉnh Long An"), ("82", "Tỉnh Tiền Giang"), ("83", "Tỉnh Bến Tre"), ("84", "Tỉnh Trà Vinh"),
    ("86", "Tỉnh Vĩnh Long"), ("87", "Tỉnh Đồng Tháp"), ("89", "Tỉnh An Giang"), ("91", "Tỉnh Kiên Giang"),
    ("92", "Thành phố Cần Thơ"), ("93", "Tỉnh Hậu Giang"), ("94", "Tỉnh Sóc Trăng"), ("95", "Tỉnh Bạc Liêu"),
    ("96", "Tỉnh Cà Mau"),
)
QUANG_TRI = "45"

# (id stem, name, group); the first 18 always exist, the rest by province.
PROVINCIAL_BODIES: tuple[tuple[str, str, str], ...] = (
    ("van-phong-ubnd-tinh", "Văn phòng Ủy ban nhân dân tỉnh", "co-quan-chuyen-mon"),
    ("so-noi-vu", "Sở Nội vụ", "co-quan-chuyen-mon"),
    ("so-tu-phap", "Sở Tư pháp", "co-quan-chuyen-mon"),
    ("so-ke-hoach-va-dau-tu", "Sở Kế hoạch và Đầu tư", "co-quan-chuyen-mon"),
    ("so-tai-chinh", "Sở Tài chính", "co-quan-chuyen-mon"),
    ("so-cong-thuong", "Sở Công Thương", "co-quan-chuyen-mon"),
    ("so-nong-nghiep-va-ptnt", "Sở Nông nghiệp và Phát triển nông thôn", "co-quan-chuyen-mon"),
    ("so-giao-thong-van-tai", "Sở Giao thông vận tải", "co-quan-chuyen-mon"),
    ("so-xay-dung", "Sở Xây dựng", "co-quan-chuyen-mon"),
    ("so-tai-nguyen-va-moi-truong", "Sở Tài nguyên và Môi trường", "co-quan-chuyen-mon"),
    ("so-thong-tin-va-truyen-thong", "Sở Thông tin và Truyền thông", "co-quan-chuyen-mon"),
    ("so-lao-dong-tbxh", "Sở Lao động - Thương binh và Xã hội", "co-quan-chuyen-mon"),
    ("so-van-hoa-the-thao-du-lich", "Sở Văn hóa, Thể thao và Du lịch", "co-quan-chuyen-mon"),
    ("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ", "co-quan-chuyen-mon"),
    ("so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo", "co-quan-chuyen-mon"),
    ("so-y-te", "Sở Y tế", "co-quan-chuyen-mon"),
    ("thanh-tra-tinh", "Thanh tra tỉnh", "co-quan-chuyen-mon"),
    ("ban-quan-ly-kkt", "Ban Quản lý Khu kinh tế tỉnh", "co-quan-thuoc-ubnd-tinh"),
    ("ban-dan-toc", "Ban Dân tộc", "co-quan-chuyen-mon"),
    ("so-ngoai-vu", "Sở Ngoại vụ", "co-quan-chuyen-mon"),
    ("so-du-lich", "Sở Du lịch", "co-quan-chuyen-mon"),
    ("ban-quan-ly-du-an", "Ban Quản lý dự án đầu tư xây dựng tỉnh", "co-quan-thuoc-ubnd-tinh"),
)

_ONSETS = ("B", "C", "Ch", "D", "Đ", "G", "H", "Kh", "L", "M", "N", "Ng", "Nh", "Ph", "Qu", "S", "T", "Th",
           "Tr", "V", "X")
_RIMES = ("a", "an", "anh", "ao", "ăng", "âm", "ên", "iên", "inh", "oa", "òa", "ông", "ơn", "ũ", "uy", "ương",
          "ước", "ải", "ồng", "ạch", "ịnh", "ú", "ành", "ỳ")


def _place_name(rng: random.Random) -> str:
    return " ".join(rng.choice(_ONSETS) + rng.choice(_RIMES) for _ in range(2))


def _groups() -> list[dict[str, Any]]:
    return [
        {"id": "co-quan-chuyen-mon", "name": "Các cơ quan chuyên môn thuộc UBND tỉnh", "members": []},
        {"id": "co-quan-thuoc-ubnd-tinh", "name": "Các cơ quan thuộc UBND tỉnh", "members": []},
        {"id": "co-quan-cap-tinh", "name": "Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh",
         "members": ["co-quan-chuyen-mon", "co-quan-thuoc-ubnd-tinh"]},
        {"id": "ubnd-cap-huyen", "name": "UBND cấp huyện", "members": [],
         "rule": {"level": "district", "type": "ubnd"}},
        {"id": "ubnd-cap-xa", "name": "UBND cấp xã", "members": [], "rule": {"level": "commune", "type": "ubnd"}},
    ]


def _central() -> list[dict[str, Any]]:
    return [
        {"id": "chinh-phu", "name": "Chính phủ", "level": "central", "type": "central-body"},
        {"id": "thu-tuong-chinh-phu", "name": "Thủ tướng Chính phủ", "level": "central", "type": "central-body",
         "parent": "chinh-phu"},
        {"id": "van-phong-chinh-phu", "name": "Văn phòng Chính phủ", "level": "central", "type": "central-body",
         "parent": "chinh-phu"},
        {"id": "cuc-kiem-soat-tthc", "name": "Cục Kiểm soát thủ tục hành chính", "level": "central",
         "type": "central-body", "parent": "van-phong-chinh-phu"},
    ]


def _province(code: str, name: str) -> list[dict[str, Any]]:
    rng = random.Random(f"kehoach-national-{code}")
    short = name.split(" ", 1)[1] if name.startswith("Tỉnh ") else name.removeprefix("Thành phố ")
    # Quảng Trị keeps the real ids of the bodies the plan names; other provinces are prefixed.
    pid = (lambda stem: stem) if code == QUANG_TRI else (lambda stem: f"p{code}-{stem}")
    ubnd = pid("ubnd-tinh")
    out: list[dict[str, Any]] = [
        {"id": ubnd, "name": f"Ủy ban nhân dân {name.lower().split(' ', 1)[0]} {short}", "level": "province",
         "type": "ubnd", "gso_code": code},
    ]
    n_bodies = rng.randint(18, len(PROVINCIAL_BODIES))
    for stem, body, group in PROVINCIAL_BODIES[:n_bodies]:
        out.append({"id": pid(stem), "name": f"{body} {short}", "level": "province", "type": "so",
                    "parent": ubnd, "groups": [group]})
    if code == QUANG_TRI:
        for stem, body in (("trung-tam-phvhcc", "Trung tâm Phục vụ hành chính công tỉnh"),
                           ("cong-thong-tin-dien-tu-tinh", "Cổng thông tin điện tử tỉnh")):
            out.append({"id": stem, "name": body, "level": "province", "type": "don-vi",
                        "parent": "van-phong-ubnd-tinh"})
    n_districts = rng.randint(9, 13)
    n_communes = rng.randint(150, 190)
    per = [n_communes // n_districts + (1 if i < n_communes % n_districts else 0) for i in range(n_districts)]
    for d in range(n_districts):
        kind = ("Huyện", "huyện") if d >= 2 else (("Thành phố", "thành phố") if d == 0 else ("Thị xã", "thị xã"))
        dname = _place_name(rng)
        did = pid(f"ubnd-huyen-{d + 1:02d}")
        out.append({"id": did, "name": f"Ủy ban nhân dân {kind[1]} {dname}", "aliases": [f"UBND {kind[1]} {dname}"],
                    "level": "district", "type": "ubnd", "parent": ubnd, "unit_name": f"{kind[0]} {dname}"})
        for c in range(per[d]):
            if d < 2 and c < 8:
                cname, ckind = f"{c + 1}", "phường"  # "Phường 1" repeats across towns, as in real life
            elif c == 0:
                cname, ckind = _place_name(rng), "thị trấn"
            else:
                cname, ckind = _place_name(rng), "xã"
            out.append({"id": f"{did}-xa-{c + 1:03d}", "name": f"Ủy ban nhân dân {ckind} {cname}",
                        "level": "commune", "type": "ubnd", "parent": did, "district": did})
    return out


def national_registry(provinces: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Plain registry data (the shape of spec/registry.yaml) for ``provinces``."""
    agencies = _central()
    for code, name in provinces:
        agencies.extend(_province(code, name))
    return {"kind": "registry", "schema_version": "1.0", "agencies": agencies, "groups": _groups()}


def scale_provinces(scale: int) -> tuple[tuple[str, str], ...]:
    """10 = all 63 provinces; 1 = every tenth (6, Quảng Trị among them)."""
    if scale >= 10:
        return PROVINCES
    return tuple(p for i, p in enumerate(PROVINCES) if i % 10 == 9)


def bundled_documents() -> dict[str, Any]:
    root = bundled_spec_dir()
    result = validate_paths([root], spec_root=root)
    if not result.ok:
        raise SystemExit("the bundled spec does not validate")
    docs: dict[str, Any] = {}
    for d in result.documents:  # the Quảng Trị plan and its registry (the bundled spec holds two plans)
        if d.kind == "sources" or d.data.get("id") in ("qt-cctthc-2024", "quang-tri"):
            docs.setdefault(d.kind, d.data)
    return docs


def _days(step: int) -> list[date]:
    first = date(2024, 1, 1)
    return [first + timedelta(days=i) for i in range(0, 366, step)]


def _build(docs: dict[str, Any], registry: dict[str, Any], cal: Calendar) -> Spec:
    return Spec.from_data(docs["plan"], registry, docs.get("sources"), digest="synthetic-national", calendar=cal)


def _query_all(spec: Spec, agencies: Sequence[str], days: Sequence[date]) -> int:
    found = 0
    for agency in agencies:  # agency by agency, as a report per agency would run
        for day in days:
            found += len(api.due(spec, agency, by=day).obligations)
    return found


def run_scale(scale: int, docs: dict[str, Any], cal: Calendar, days: list[date]) -> dict[str, float]:
    """Timed pass (no tracing), then a traced pass for memory (every agency on 3 days: the memo fills)."""
    registry = national_registry(scale_provinces(scale))
    gc.collect()
    builds = []
    for _ in range(5):  # the median of 5 builds: a single one is a few ms at 1x
        t0 = time.perf_counter()
        spec = _build(docs, registry, cal)
        builds.append(time.perf_counter() - t0)
    build = statistics.median(builds)
    agencies = sorted(spec.registry.agencies)
    t0, c0 = time.perf_counter(), time.process_time()
    found = _query_all(spec, agencies, days)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    queries = len(agencies) * len(days)
    # the same query with a memo that keeps nothing (every query recomputes, as before the memo),
    # on a sample: every 10th agency on every 30th day
    cold = spec.with_calendar(cal)
    object.__setattr__(cold, "memo", SpecMemo(size=0))
    sample_agencies, sample_days = agencies[::10], days[::30]
    t0 = time.perf_counter()
    _query_all(cold, sample_agencies, sample_days)
    cold_qps = len(sample_agencies) * len(sample_days) / (time.perf_counter() - t0)
    del spec, cold
    gc.collect()
    tracemalloc.start()
    spec = _build(docs, registry, cal)
    build_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    _query_all(spec, agencies, [date(2024, 1, 1), date(2024, 7, 1), date(2024, 12, 31)])
    query_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"scale": scale, "agencies": len(agencies), "build": build, "queries": queries, "time": elapsed,
            "cpu": cpu, "qps": queries / elapsed, "cpu_qps": queries / cpu, "cold_qps": cold_qps, "found": found, "build_peak": build_peak, "query_peak": query_peak}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days-step", type=int, default=1, help="query every N-th day of 2024 (1 = all 366)")
    parser.add_argument("--scale", type=int, action="append", help="1 and/or 10 (default: both)")
    args = parser.parse_args()
    scales = args.scale or [1, 10]
    docs = bundled_documents()
    cal = Calendar.for_years(range(2022, 2026))
    days = _days(args.days_step)
    if args.days_step != 1:
        print(f"NOTE: sampled one day in {args.days_step} of 2024 ({len(days)} of 366 days)")
    rows = [run_scale(s, docs, cal, days) for s in scales]
    print(f"due(agency, by=day) for every agency x {len(days)} days of 2024 (timed without tracing);")
    print("q/s: wall clock; q/s CPU: this process's CPU time (less sensitive to other load on the machine)")
    print("MiB: tracemalloc peak of building the Spec, and of then querying every agency (memo filled)")
    print("q/s no memo: the same query recomputed from scratch each time (sample: every 10th agency, every 30th queried day)")
    print(f"{'scale':>5} {'agencies':>8} {'build ms':>8} {'build MiB':>9} {'queries':>10} {'query s':>8} "
          f"{'q/s':>9} {'q/s CPU':>9} {'q/s no memo':>11} {'query MiB':>9} {'obligations':>12}")
    for r in rows:
        print(f"{r['scale']:>4}x {r['agencies']:>8} {r['build'] * 1000:>8.1f} {r['build_peak'] / 2**20:>9.1f} "
              f"{r['queries']:>10} {r['time']:>8.2f} {r['qps']:>9.0f} {r['cpu_qps']:>9.0f} {r['cold_qps']:>11.0f} {r['query_peak'] / 2**20:>9.1f} "
              f"{r['found']:>12}")
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        print(f"growth {b['scale']}x/{a['scale']}x: agencies {b['agencies'] / a['agencies']:.2f}, "
              f"query time {b['time'] / a['time']:.2f} (CPU {b['cpu'] / a['cpu']:.2f}), build time {b['build'] / a['build']:.2f}, "
              f"q/s {b['qps'] / a['qps']:.2f}")
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
