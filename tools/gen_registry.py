#!/usr/bin/env python3
"""Generate the registry files of the bundled spec from the GSO unit lists of vietnam-provinces.

One registry per province (``REGISTRIES``), each pinned to the package version whose data it
takes its units from (a build-time tool, not a runtime dependency of kehoach)::

    python tools/gen_registry.py                              # quang-tri (vietnam-provinces==0.5.0)
    python tools/gen_registry.py --registry ho-chi-minh       # needs vietnam-provinces==2025.10.1
    python tools/gen_registry.py --registry ho-chi-minh --check   # exit 1 if the file is out of date

Run each registry with an interpreter that has its package version installed; ``--check`` then
compares the file byte for byte. The administrative units (names, GSO codes) come from the
package data; the provincial and central bodies, the groups and the end dates are hand-maintained
data in this file (``BASE`` for Quảng Trị in 2024, ``HCM_BASE`` for TP.HCM after 1/7/2025). The
output is deterministic: regenerating reproduces the file byte for byte.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

PACKAGE = "vietnam-provinces"
PACKAGE_VERSION = "0.5.0"
DATA_DATE = "2023-05-07"
PROVINCE_CODE = 45  # Tỉnh Quảng Trị
EXPECTED = {"districts": 10, "communes": 125, "xa": 101, "phuong": 13, "thi-tran": 11}

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "spec" / "registry.yaml"

COMMUNES_END = "2024-12-31"
DISTRICTS_END = "2025-06-30"
# GSO codes present in vietnam-provinces 0.5.0 (data 2023-05-07) and absent or renamed in 0.6.0
# (data 2025-01-04): the communes of Quảng Trị merged on 1/1/2025. Six codes disappear; three
# keep their code under the name of the merged unit (a new unit: the 2024 UBND ends).
MERGED_2025: Mapping[int, str] = {
    19525: "Gio Châu: không còn trong dữ liệu 2025-01-04 (sáp nhập 1/1/2025)",
    19531: "Gio Việt: không còn trong dữ liệu 2025-01-04 (sáp nhập 1/1/2025)",
    19549: "Linh Hải: không còn trong dữ liệu 2025-01-04 (sáp nhập 1/1/2025)",
    19630: "Triệu Vân: không còn trong dữ liệu 2025-01-04 (sáp nhập 1/1/2025)",
    19651: "Triệu Lăng: không còn trong dữ liệu 2025-01-04 (sáp nhập 1/1/2025)",
    19696: "Hải Quế: không còn trong dữ liệu 2025-01-04 (sáp nhập 1/1/2025)",
    19627: "Triệu An: mã 19627 mang tên Xã Triệu Tân trong dữ liệu 2025-01-04 (sáp nhập 1/1/2025)",
    19654: "Triệu Sơn: mã 19654 mang tên Xã Triệu Cơ trong dữ liệu 2025-01-04 (sáp nhập 1/1/2025)",
    19687: "Hải Ba: mã 19687 mang tên Xã Hải Bình trong dữ liệu 2025-01-04 (sáp nhập 1/1/2025)",
}
# Local spellings beside the GSO spelling (both are accepted as names).
SPELLING_VARIANTS: Mapping[str, str] = {"Đa Krông": "Đakrông"}

UNIT_TYPES: Sequence[tuple[str, str, str]] = (
    # (name prefix, unit_type, short prefix people type)
    ("Thành phố ", "thanh-pho", "TP"),
    ("Thị xã ", "thi-xa", "TX"),
    ("Huyện ", "huyen", "H."),
    ("Thị trấn ", "thi-tran", "TT"),
    ("Phường ", "phuong", "P."),
    ("Xã ", "xa", "X."),
)


def _agency(
    id: str,
    name: str,
    aliases: Sequence[str],
    level: str,
    type: str,
    parent: str | None,
    groups: Sequence[str] = (),
    note: str | None = None,
    valid_from: str | None = None,
) -> dict[str, Any]:
    a: dict[str, Any] = {
        "id": id,
        "name": name,
        "aliases": list(aliases),
        "level": level,
        "type": type,
        "parent": parent,
        "groups": list(groups),
        "gso_code": None,
        "valid_from": valid_from,
        "valid_until": None,
    }
    if note:
        a["note"] = note
    return a


CCM = ["co-quan-chuyen-mon"]
UNVERIFIED_CCM = (
    "Danh sách 19 cơ quan chuyên môn là unverified (DOMAIN.md); "
    "Nghị định 107/2020/NĐ-CP quy định 17 cơ quan chung."
)


def _so(id: str, name: str, aliases: Sequence[str]) -> dict[str, Any]:
    return _agency(
        id,
        name,
        [*aliases, f"{name} tỉnh Quảng Trị"],
        "province",
        "so",
        "ubnd-tinh",
        CCM,
    )


BASE: dict[str, Any] = {
    "as_of": "2024-01-01",
    "notes": [
        "Sinh tự động bởi tools/gen_registry.py; không sửa tay.",
        (
            "Đơn vị hành chính cấp huyện, cấp xã (tên, mã GSO) lấy từ gói vietnam-provinces 0.5.0 "
            "(dữ liệu ngày 2023-05-07, hiện trạng năm 2024); loại đơn vị lấy theo tiền tố của tên."
        ),
        (
            "valid_until 2024-12-31 của các xã: các mã có trong vietnam-provinces 0.5.0 nhưng không còn "
            "(hoặc đã đổi tên do sáp nhập) trong vietnam-provinces 0.6.0 (dữ liệu 2025-01-04), sắp xếp "
            "đơn vị hành chính có hiệu lực 1/1/2025 (DOMAIN.md)."
        ),
        (
            "valid_until 2025-06-30 của cấp huyện: cấp huyện chấm dứt hoạt động từ 1/7/2025 (DOMAIN.md). "
            "Việc hợp nhất một số sở đầu năm 2025 chưa được ghi (valid_until null)."
        ),
        "Danh sách 19 cơ quan chuyên môn thuộc UBND tỉnh: unverified (DOMAIN.md).",
    ],
    "agencies_before": [
        _agency(
            "chinh-phu",
            "Chính phủ",
            ["CP", "Chính phủ nước CHXHCN Việt Nam"],
            "central",
            "central-body",
            None,
        ),
        _agency(
            "thu-tuong-chinh-phu",
            "Thủ tướng Chính phủ",
            ["TTg", "Thủ tướng", "TTgCP"],
            "central",
            "central-body",
            "chinh-phu",
        ),
        _agency(
            "van-phong-chinh-phu",
            "Văn phòng Chính phủ",
            ["VPCP", "VP Chính phủ"],
            "central",
            "central-body",
            "chinh-phu",
        ),
        _agency(
            "cuc-kiem-soat-tthc",
            "Cục Kiểm soát thủ tục hành chính",
            ["Cục Kiểm soát TTHC", "Cục KSTTHC", "Cục Kiểm soát TTHC - VP Chính phủ"],
            "central",
            "central-body",
            "van-phong-chinh-phu",
        ),
        dict(
            _agency(
                "ubnd-tinh",
                "Ủy ban nhân dân tỉnh Quảng Trị",
                ["UBND tỉnh", "UBND tỉnh Quảng Trị", "Ủy ban nhân dân tỉnh", "UBT"],
                "province",
                "ubnd",
                None,
            ),
            gso_code="45",
            unit_name="Tỉnh Quảng Trị",
            unit_type="tinh",
        ),
        _agency(
            "van-phong-ubnd-tinh",
            "Văn phòng Ủy ban nhân dân tỉnh",
            [
                "Văn phòng UBND tỉnh",
                "VP UBND tỉnh",
                "VPUBND tỉnh",
                "VP UBND",
                "Văn phòng UBND tỉnh Quảng Trị",
            ],
            "province",
            "van-phong",
            "ubnd-tinh",
            CCM,
        ),
        _so("so-noi-vu", "Sở Nội vụ", ["SNV", "Sở NV"]),
        _so("so-tu-phap", "Sở Tư pháp", ["STP", "Sở TP"]),
        _so(
            "so-ke-hoach-va-dau-tu",
            "Sở Kế hoạch và Đầu tư",
            ["Sở KH&ĐT", "Sở KHĐT", "SKHĐT", "Sở Kế hoạch - Đầu tư"],
        ),
        _so("so-tai-chinh", "Sở Tài chính", ["STC", "Sở TC"]),
        _so("so-cong-thuong", "Sở Công Thương", ["SCT", "Sở CT"]),
        _so(
            "so-nong-nghiep-va-ptnt",
            "Sở Nông nghiệp và Phát triển nông thôn",
            ["Sở NN&PTNT", "Sở NNPTNT", "Sở Nông nghiệp", "Sở Nông nghiệp và PTNT"],
        ),
        _so("so-giao-thong-van-tai", "Sở Giao thông vận tải", ["Sở GTVT", "SGTVT"]),
        _so("so-xay-dung", "Sở Xây dựng", ["SXD", "Sở XD"]),
        _so(
            "so-tai-nguyen-va-moi-truong",
            "Sở Tài nguyên và Môi trường",
            ["Sở TN&MT", "Sở TNMT", "STNMT"],
        ),
        _so(
            "so-thong-tin-va-truyen-thong",
            "Sở Thông tin và Truyền thông",
            ["Sở TT&TT", "Sở TTTT", "STTTT"],
        ),
        _so(
            "so-lao-dong-tbxh",
            "Sở Lao động - Thương binh và Xã hội",
            [
                "Sở LĐTBXH",
                "Sở LĐ-TB&XH",
                "SLĐTBXH",
                "Sở Lao động Thương binh và Xã hội",
            ],
        ),
        _so(
            "so-van-hoa-tt-dl",
            "Sở Văn hóa, Thể thao và Du lịch",
            ["Sở VHTTDL", "Sở VH-TT&DL", "Sở VHTT&DL", "SVHTTDL"],
        ),
        _so(
            "so-khoa-hoc-va-cong-nghe",
            "Sở Khoa học và Công nghệ",
            ["Sở KH&CN", "Sở KHCN", "SKHCN"],
        ),
        _so(
            "so-giao-duc-va-dao-tao",
            "Sở Giáo dục và Đào tạo",
            ["Sở GD&ĐT", "Sở GDĐT", "SGDĐT"],
        ),
        _so("so-y-te", "Sở Y tế", ["SYT", "Sở YT"]),
        _so("so-ngoai-vu", "Sở Ngoại vụ", ["SNgV", "Sở NgV"]),
        _agency(
            "thanh-tra-tinh",
            "Thanh tra tỉnh",
            ["Thanh tra tỉnh Quảng Trị", "TTr tỉnh"],
            "province",
            "thanh-tra",
            "ubnd-tinh",
            CCM,
        ),
        _agency(
            "ban-dan-toc",
            "Ban Dân tộc tỉnh",
            ["Ban Dân tộc", "BDT", "Ban Dân tộc tỉnh Quảng Trị"],
            "province",
            "ban",
            "ubnd-tinh",
            CCM,
            note=UNVERIFIED_CCM,
        ),
        _agency(
            "ban-quan-ly-kkt",
            "Ban Quản lý Khu kinh tế tỉnh",
            [
                "BQL KKT",
                "BQL KKT tỉnh",
                "Ban Quản lý KKT",
                "BQL Khu kinh tế",
                "Ban Quản lý Khu kinh tế tỉnh Quảng Trị",
            ],
            "province",
            "co-quan-thuoc",
            "ubnd-tinh",
            ["co-quan-thuoc-ubnd-tinh"],
            note="Cơ quan thuộc UBND tỉnh, không phải cơ quan chuyên môn (DOMAIN.md).",
        ),
        _agency(
            "trung-tam-phvhcc",
            "Trung tâm Phục vụ hành chính công tỉnh",
            [
                "Trung tâm PVHCC",
                "TTPVHCC",
                "Trung tâm PVHCC tỉnh",
                "Trung tâm Phục vụ hành chính công tỉnh Quảng Trị",
                "Trung tâm HCC tỉnh",
            ],
            "province",
            "don-vi",
            "van-phong-ubnd-tinh",
            note="Trực thuộc Văn phòng UBND tỉnh: unverified (DOMAIN.md).",
        ),
        _agency(
            "cong-thong-tin-dien-tu-tinh",
            "Cổng Thông tin điện tử tỉnh",
            ["Cổng TTĐT tỉnh", "Cổng thông tin điện tử tỉnh Quảng Trị", "Cổng TTĐT"],
            "province",
            "don-vi",
            "van-phong-ubnd-tinh",
            note="Đơn vị vận hành và cơ quan chủ quản: unverified.",
        ),
    ],
    "groups": [
        {
            "id": "co-quan-chuyen-mon",
            "name": "Các cơ quan chuyên môn thuộc UBND tỉnh",
            "aliases": [
                "Các cơ quan chuyên môn",
                "Cơ quan chuyên môn thuộc UBND tỉnh",
                "Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh",
            ],
            "members": [],
            "note": UNVERIFIED_CCM
            + " Thành viên khai báo ở trường groups của từng cơ quan.",
        },
        {
            "id": "co-quan-thuoc-ubnd-tinh",
            "name": "Các cơ quan thuộc UBND tỉnh",
            "aliases": [
                "Cơ quan thuộc UBND tỉnh",
                "Các cơ quan thuộc Ủy ban nhân dân tỉnh",
            ],
            "members": [],
        },
        {
            "id": "co-quan-cap-tinh",
            "name": "Các cơ quan chuyên môn, cơ quan thuộc UBND tỉnh",
            "aliases": ["Các sở, ban, ngành", "Các sở, ngành", "sở, ngành"],
            "members": ["co-quan-chuyen-mon", "co-quan-thuoc-ubnd-tinh"],
        },
        {
            "id": "ubnd-cap-huyen",
            "name": "UBND cấp huyện",
            "aliases": [
                "UBND các huyện, thành phố, thị xã",
                "UBND các huyện, thị xã, thành phố",
                "UBND các huyện thị xã thành phố",
                "Ủy ban nhân dân cấp huyện",
                "UBND các huyện",
            ],
            "members": [],
            "rule": {"level": "district", "type": "ubnd"},
        },
        {
            "id": "ubnd-cap-xa",
            "name": "UBND cấp xã",
            "aliases": [
                "UBND các xã, phường, thị trấn",
                "Ủy ban nhân dân cấp xã",
                "UBND các xã",
            ],
            "members": [],
            "rule": {"level": "commune", "type": "ubnd"},
        },
    ],
}


def slug(text: str) -> str:
    """ASCII id fragment: 'Đông Hà' -> 'dong-ha', 'Phường 1' -> 'phuong-1'."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.combining(c) == 0).lower()
    return "-".join(re.findall(r"[a-z0-9]+", s))


def split_unit(name: str) -> tuple[str, str, str, str]:
    """'Thị trấn Hồ Xá' -> ('thi-tran', 'Thị trấn', 'Hồ Xá', 'TT')."""
    for prefix, unit_type, short in UNIT_TYPES:
        if name.startswith(prefix):
            return unit_type, prefix.strip(), name[len(prefix) :], short
    raise SystemExit(f"gen_registry: unknown unit type prefix in {name!r}")


def _variants(bare: str) -> list[str]:
    out = [bare]
    for gso, local in SPELLING_VARIANTS.items():
        if gso in bare:
            out.append(bare.replace(gso, local))
    return out


def _lower_first(word: str) -> str:
    return word[:1].lower() + word[1:]


def district_agency(d: Mapping[str, Any]) -> dict[str, Any]:
    unit_type, prefix, bare, short = split_unit(d["name"])
    kind = {"thanh-pho": "tp", "thi-xa": "tx", "huyen": "huyen"}[unit_type]
    names = _variants(bare)
    official = names[-1]  # the local spelling when there is one ("Đakrông")
    aliases: list[str] = []
    for n in names:
        aliases += [f"UBND {_lower_first(prefix)} {n}", f"{prefix} {n}"]
        if unit_type != "huyen":
            aliases.append(f"{short} {n}")
            aliases.append(f"UBND {short} {n}")
        if unit_type != "thi-xa":  # "Quảng Trị" alone is the province
            aliases.append(n)
    agency = _agency(
        f"ubnd-{kind}-{slug(bare)}",
        f"Ủy ban nhân dân {_lower_first(prefix)} {official}",
        [a for a in dict.fromkeys(aliases) if a],
        "district",
        "ubnd",
        "ubnd-tinh",
    )
    agency.update(gso_code=f"{d['code']:03d}", unit_name=d["name"], unit_type=unit_type)
    agency["valid_until"] = DISTRICTS_END
    if len(names) > 1:
        agency["note"] = f'GSO viết "{d["name"]}"; địa phương viết "{official}".'
    if d["code"] == 471:
        agency["note"] = "Huyện đảo, không có đơn vị hành chính cấp xã."
    return agency


def commune_agency(
    w: Mapping[str, Any], district: Mapping[str, Any], repeated: bool
) -> dict[str, Any]:
    unit_type, prefix, bare, _ = split_unit(w["name"])
    _, d_prefix, d_bare, _ = split_unit(district["name"])
    names = _variants(bare)
    aliases: list[str] = []
    for n in names:
        aliases += [f"UBND {_lower_first(prefix)} {n}", f"{prefix} {n}"]
    if repeated:
        aliases.append(f"{prefix} {bare}, {_lower_first(d_prefix)} {d_bare}")
        aliases.append(
            f"UBND {_lower_first(prefix)} {bare} {_lower_first(d_prefix)} {d_bare}"
        )
    d_id = district_agency(district)["id"]
    ident = f"ubnd-{unit_type}-{slug(bare)}" + (f"-{slug(d_bare)}" if repeated else "")
    agency = _agency(
        ident,
        f"Ủy ban nhân dân {_lower_first(prefix)} {bare}",
        list(dict.fromkeys(aliases)),
        "commune",
        "ubnd",
        d_id,
    )
    agency.update(
        district=d_id,
        gso_code=f"{w['code']:05d}",
        unit_name=w["name"],
        unit_type=unit_type,
    )
    if w["code"] in MERGED_2025:
        agency["valid_until"] = COMMUNES_END
        agency["note"] = MERGED_2025[w["code"]]
    return agency


def units(provinces: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """District then commune agencies of Quảng Trị, in GSO order; checks the expected counts."""
    province = next(p for p in provinces if p["code"] == PROVINCE_CODE)
    districts = list(province["districts"])
    communes = [(w, d) for d in districts for w in d["wards"]]
    counts: dict[str, int] = {"districts": len(districts), "communes": len(communes)}
    for w, _ in communes:
        t = split_unit(w["name"])[0]
        counts[t] = counts.get(t, 0) + 1
    if counts != EXPECTED:
        raise SystemExit(
            f"gen_registry: unexpected unit counts {counts}, expected {EXPECTED}"
        )
    missing = set(MERGED_2025) - {w["code"] for w, _ in communes}
    if missing:
        raise SystemExit(
            f"gen_registry: merged-commune codes not in the data: {sorted(missing)}"
        )
    seen: dict[str, int] = {}
    for w, _ in communes:
        seen[w["name"]] = seen.get(w["name"], 0) + 1
    out = [district_agency(d) for d in districts]
    out += [commune_agency(w, d, seen[w["name"]] > 1) for w, d in communes]
    ids = [a["id"] for a in out]
    if len(set(ids)) != len(ids):
        raise SystemExit("gen_registry: generated ids repeat")
    return out


def build(provinces: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "kind": "registry",
        "schema_version": "1.0",
        "id": "quang-tri",
        "province": "Quảng Trị",
        "as_of": BASE["as_of"],
        "data_source": {
            "name": PACKAGE,
            "version": PACKAGE_VERSION,
            "data_date": DATA_DATE,
            "note": "Danh mục đơn vị hành chính (mã GSO) của gói PyPI vietnam-provinces; "
            "chỉ dùng khi sinh tệp, không phải phụ thuộc lúc chạy.",
        },
        "notes": BASE["notes"],
        "agencies": [*BASE["agencies_before"], *units(provinces)],
        "groups": BASE["groups"],
    }


# ---------------------------------------------------------------- TP.HCM after 1/7/2025
HCM_PACKAGE_VERSION = "2025.10.1"
HCM_DATA_DATE = "2025-10-18"
HCM_PROVINCE_CODE = 79  # Thành phố Hồ Chí Minh
HCM_EXPECTED = {"communes": 168, "phuong": 113, "xa": 54, "dac-khu": 1}
HCM_AS_OF = "2025-07-01"
HCM_UNIT_TYPES: Sequence[tuple[str, str]] = (
    ("Phường ", "phuong"),
    ("Xã ", "xa"),
    ("Đặc khu ", "dac-khu"),
)
HCM_SO_UNVERIFIED = (
    "Có trong danh sách cơ quan chuyên môn thuộc UBND Thành phố sau 1/7/2025: chưa kiểm chứng "
    "(Kế hoạch 2820/QĐ-UBND không nêu tên cơ quan này)."
)


def _hcm(
    id: str,
    name: str,
    aliases: Sequence[str],
    level: str,
    type: str,
    parent: str | None,
    groups: Sequence[str] = (),
    note: str | None = None,
    sector: str | None = None,
) -> dict[str, Any]:
    agency = _agency(f"hcm-{id}", name, aliases, level, type, parent, groups, note, HCM_AS_OF)
    if sector is not None:
        agency["sector"] = sector
    return agency


def _hcm_so(id: str, name: str, aliases: Sequence[str], named: bool = True) -> dict[str, Any]:
    return _hcm(
        id,
        name,
        [*aliases, f"{name} Thành phố Hồ Chí Minh", f"{name} TP.HCM"],
        "province",
        "so",
        "hcm-ubnd-tp",
        ["hcm-cac-so-nganh"],
        None if named else HCM_SO_UNVERIFIED,
    )


HCM_BASE: dict[str, Any] = {
    "notes": [
        "Sinh tự động bởi tools/gen_registry.py; không sửa tay.",
        (
            "Đơn vị hành chính cấp xã (168 xã, phường, đặc khu; tên, mã GSO) lấy từ gói vietnam-provinces "
            "2025.10.1 (__data_version__ 2025-10-18, hiện trạng sau sắp xếp ngày 1/7/2025); loại đơn vị lấy "
            "theo tiền tố của tên; khoảng trắng thừa trong tên của dữ liệu được gộp lại."
        ),
        (
            "Chính quyền địa phương hai cấp từ 1/7/2025: không có cấp huyện; cấp xã trực thuộc UBND Thành phố "
            "(parent hcm-ubnd-tp, district null)."
        ),
        (
            "Các cơ quan cấp Thành phố: các cơ quan Quyết định 2820/QĐ-UBND và Kế hoạch kèm theo nêu tên; "
            "các sở khác có note chưa kiểm chứng. Mã cơ quan có tiền tố hcm- để duy nhất trong toàn bộ thư viện kế hoạch."
        ),
        (
            "Các cơ quan không phải cơ quan hành chính nhà nước mang trường sector: central (Công an Thành phố, "
            "Bộ Tư lệnh Thành phố), elected (HĐND Thành phố). Cơ quan của Đảng trong Nơi nhận (Thành ủy, "
            "Đảng ủy UBND TP) chưa được ghi: chưa có sector cho tổ chức Đảng."
        ),
    ],
    "agencies_before": [
        _hcm("chinh-phu", "Chính phủ", ["CP"], "central", "central-body", None),
        _hcm("thu-tuong-chinh-phu", "Thủ tướng Chính phủ", ["TTg", "Thủ tướng"], "central", "central-body",
             "hcm-chinh-phu"),
        _hcm("van-phong-chinh-phu", "Văn phòng Chính phủ", ["VPCP"], "central", "central-body", "hcm-chinh-phu"),
        _hcm("bo-tai-chinh", "Bộ Tài chính", ["BTC"], "central", "central-body", "hcm-chinh-phu"),
        _hcm("bo-cong-an", "Bộ Công an", ["BCA"], "central", "central-body", "hcm-chinh-phu"),
        _hcm("bo-khoa-hoc-va-cong-nghe", "Bộ Khoa học và Công nghệ", ["Bộ KH&CN", "Bộ KHCN"], "central",
             "central-body", "hcm-chinh-phu"),
        dict(
            _hcm("ubnd-tp", "Ủy ban nhân dân Thành phố Hồ Chí Minh",
                 ["UBND Thành phố", "UBND TP", "Ủy ban nhân dân Thành phố", "UBND TP.HCM",
                  "UBND Thành phố Hồ Chí Minh", "UBND TP Hồ Chí Minh"],
                 "province", "ubnd", None),
            gso_code="79",
            unit_name="Thành phố Hồ Chí Minh",
            unit_type="thanh-pho",
        ),
        _hcm("hdnd-tp", "Hội đồng nhân dân Thành phố Hồ Chí Minh",
             ["HĐND Thành phố", "HĐND TP", "Hội đồng nhân dân Thành phố", "HĐND TP.HCM"],
             "province", "hdnd", None, sector="elected"),
        _hcm("thuong-truc-hdnd-tp", "Thường trực Hội đồng nhân dân Thành phố Hồ Chí Minh",
             ["Thường trực HĐND TP", "Thường trực HĐND Thành phố", "TT HĐND TP"],
             "province", "hdnd", "hcm-hdnd-tp", sector="elected"),
        _hcm("van-phong-ubnd-tp", "Văn phòng Ủy ban nhân dân Thành phố Hồ Chí Minh",
             ["Văn phòng UBND Thành phố", "Văn phòng UBND TP", "VP UBND TP", "VPUB",
              "Văn phòng Ủy ban nhân dân Thành phố"],
             "province", "van-phong", "hcm-ubnd-tp", ["hcm-cac-so-nganh"]),
        _hcm_so("so-tai-chinh", "Sở Tài chính", ["STC", "Sở TC"]),
        _hcm_so("so-xay-dung", "Sở Xây dựng", ["SXD", "Sở XD"]),
        _hcm_so("so-quy-hoach-kien-truc", "Sở Quy hoạch - Kiến trúc",
                ["Sở QHKT", "Sở Quy hoạch Kiến trúc", "Sở Quy hoạch – Kiến trúc"]),
        _hcm_so("so-nong-nghiep-va-moi-truong", "Sở Nông nghiệp và Môi trường",
                ["Sở NN&MT", "Sở NNMT", "Sở Nông nghiệp - Môi trường"]),
        _hcm_so("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ", ["Sở KH&CN", "Sở KHCN", "SKHCN"]),
        _hcm_so("so-noi-vu", "Sở Nội vụ", ["SNV", "Sở NV"]),
        _hcm_so("so-tu-phap", "Sở Tư pháp", ["STP"], named=False),
        _hcm_so("so-cong-thuong", "Sở Công Thương", ["SCT"], named=False),
        _hcm_so("so-giao-duc-va-dao-tao", "Sở Giáo dục và Đào tạo", ["Sở GD&ĐT", "Sở GDĐT"], named=False),
        _hcm_so("so-y-te", "Sở Y tế", ["SYT"], named=False),
        _hcm_so("so-van-hoa-va-the-thao", "Sở Văn hóa và Thể thao", ["Sở VH&TT", "Sở VHTT"], named=False),
        _hcm_so("so-du-lich", "Sở Du lịch", ["SDL"], named=False),
        _hcm_so("so-dan-toc-va-ton-giao", "Sở Dân tộc và Tôn giáo", ["Sở DT&TG"], named=False),
        _hcm_so("so-ngoai-vu", "Sở Ngoại vụ", ["SNgV"], named=False),
        _hcm_so("so-an-toan-thuc-pham", "Sở An toàn thực phẩm", ["Sở ATTP"], named=False),
        _hcm("thanh-tra-tp", "Thanh tra Thành phố Hồ Chí Minh", ["Thanh tra Thành phố", "Thanh tra TP"],
             "province", "thanh-tra", "hcm-ubnd-tp", ["hcm-cac-so-nganh"], HCM_SO_UNVERIFIED),
        _hcm("trung-tam-chuyen-doi-so-tp", "Trung tâm Chuyển đổi số Thành phố",
             ["Trung tâm Chuyển đổi số TP", "Trung tâm CĐS Thành phố", "Trung tâm Chuyển đổi số Thành phố Hồ Chí Minh"],
             "province", "don-vi", None,
             note="Cơ quan chủ quản không được Kế hoạch nêu: chưa kiểm chứng (parent để trống)."),
        _hcm("vien-nghien-cuu-phat-trien-tp", "Viện Nghiên cứu phát triển Thành phố",
             ["Viện Nghiên cứu phát triển TP", "Viện NCPT Thành phố", "HIDS",
              "Viện Nghiên cứu phát triển Thành phố Hồ Chí Minh"],
             "province", "don-vi", "hcm-ubnd-tp",
             note="Đơn vị sự nghiệp trực thuộc UBND Thành phố: chưa kiểm chứng."),
        _hcm("cong-an-tp", "Công an Thành phố Hồ Chí Minh",
             ["Công an Thành phố", "Công An Thành phố", "Công an TP", "CATP"],
             "province", "chi-nhanh-trung-uong", None, sector="central",
             note="Cơ quan của Bộ Công an tại địa phương, không thuộc UBND Thành phố."),
        _hcm("bo-tu-lenh-tp", "Bộ Tư lệnh Thành phố Hồ Chí Minh",
             ["Bộ Tư lệnh Thành phố", "Bộ Tư lệnh TP", "BTL TP"],
             "province", "chi-nhanh-trung-uong", None, sector="central",
             note="Cơ quan quân sự địa phương thuộc Bộ Quốc phòng, không thuộc UBND Thành phố."),
        _hcm("van-phong-doan-dbqh-va-hdnd-tp", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân Thành phố",
             ["Văn phòng ĐBQH và HĐND TP", "Văn phòng Đoàn ĐBQH và HĐND TP"],
             "province", "van-phong", None),
    ],
}


def hcm_split_unit(name: str) -> tuple[str, str, str]:
    """'Phường Sài Gòn' -> ('phuong', 'Phường', 'Sài Gòn'); runs of spaces in the data are folded."""
    name = " ".join(name.split())
    for prefix, unit_type in HCM_UNIT_TYPES:
        if name.startswith(prefix):
            return unit_type, prefix.strip(), name[len(prefix):]
    raise SystemExit(f"gen_registry: unknown unit type prefix in {name!r}")


def _hcm_commune_slug(w: Mapping[str, Any]) -> str:
    unit_type, _, bare = hcm_split_unit(w["name"])
    return f"ubnd-{unit_type}-{slug(bare)}"


def hcm_commune_agency(w: Mapping[str, Any], repeated: bool = False) -> dict[str, Any]:
    """A commune's agency; ``repeated``: another unit has the same id without its marks
    ("Xã Thanh An", "Xã Thạnh An"), so both ids end with the GSO code."""
    unit_type, prefix, bare = hcm_split_unit(w["name"])
    lower = _lower_first(prefix)
    aliases = [f"UBND {lower} {bare}", f"{prefix} {bare}", f"Ủy ban nhân dân {lower} {bare}"]
    ident = _hcm_commune_slug(w) + (f"-{w['code']:05d}" if repeated else "")
    agency = _hcm(ident, f"Ủy ban nhân dân {lower} {bare}",
                  [a for a in aliases if a != f"Ủy ban nhân dân {lower} {bare}"],
                  "commune", "ubnd", "hcm-ubnd-tp")
    agency.update(district=None, gso_code=f"{w['code']:05d}", unit_name=f"{prefix} {bare}", unit_type=unit_type)
    if repeated:
        agency["note"] = "Tên trùng với một đơn vị khác khi bỏ dấu: mã cơ quan kèm mã GSO."
    return agency


def hcm_units(provinces: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The 168 commune-level agencies of TP.HCM, in GSO order; checks the expected counts."""
    province = next(p for p in provinces if p["code"] == HCM_PROVINCE_CODE)
    wards = sorted(province["wards"], key=lambda w: w["code"])
    counts: dict[str, int] = {"communes": len(wards)}
    for w in wards:
        t = hcm_split_unit(w["name"])[0]
        counts[t] = counts.get(t, 0) + 1
    if counts != HCM_EXPECTED:
        raise SystemExit(f"gen_registry: unexpected unit counts {counts}, expected {HCM_EXPECTED}")
    slugs: dict[str, int] = {}
    for w in wards:
        slugs[_hcm_commune_slug(w)] = slugs.get(_hcm_commune_slug(w), 0) + 1
    out = [hcm_commune_agency(w, slugs[_hcm_commune_slug(w)] > 1) for w in wards]
    ids = [a["id"] for a in out]
    if len(set(ids)) != len(ids):
        raise SystemExit("gen_registry: generated ids repeat")
    return out


def hcm_groups(communes: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    so_nganh = [a["id"] for a in HCM_BASE["agencies_before"] if "hcm-cac-so-nganh" in a["groups"]]
    return [
        {
            "id": "hcm-cac-so-nganh",
            "name": "Các sở, ngành Thành phố Hồ Chí Minh",
            "aliases": ["Các sở, ngành", "các sở ngành", "Các Sở, ngành", "Các sở, ban, ngành"],
            "members": so_nganh,
            "note": "Các cơ quan chuyên môn thuộc UBND Thành phố (sở, Văn phòng UBND, Thanh tra); "
            "không gồm các cơ quan trung ương tại địa phương (Công an, Bộ Tư lệnh Thành phố). "
            "Thành viên khai báo ở trường groups của từng cơ quan.",
        },
        {
            "id": "hcm-cac-so-nganh-tru-stc",
            "name": "Các sở, ngành Thành phố Hồ Chí Minh (trừ Sở Tài chính)",
            "aliases": [],
            "members": ["hcm-cac-so-nganh"],
            "exclude": ["hcm-so-tai-chinh"],
        },
        {
            "id": "hcm-ubnd-cap-xa",
            "name": "Ủy ban nhân dân xã, phường, đặc khu Thành phố Hồ Chí Minh",
            "aliases": [
                "UBND xã, phường, đặc khu",
                "UBND phường, xã, đặc khu",
                "Ủy ban nhân dân phường, xã, đặc khu",
                "Ủy ban nhân dân xã, phường, đặc khu",
                "UBND cấp xã",
            ],
            "members": [a["id"] for a in communes],
        },
        {
            "id": "hcm-cac-so-nganh-ubnd-cap-xa",
            "name": "Các sở, ngành, UBND xã, phường, đặc khu Thành phố Hồ Chí Minh",
            "aliases": ["Các sở, ngành, UBND xã, phường, đặc khu"],
            "members": ["hcm-cac-so-nganh", "hcm-ubnd-cap-xa"],
        },
        {
            "id": "hcm-cac-so-nganh-ubnd-cap-xa-tru-stc",
            "name": "Các sở, ngành (trừ Sở Tài chính), UBND xã, phường, đặc khu Thành phố Hồ Chí Minh",
            "aliases": [],
            "members": ["hcm-cac-so-nganh", "hcm-ubnd-cap-xa"],
            "exclude": ["hcm-so-tai-chinh"],
        },
    ]


def hcm_build(provinces: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    communes = hcm_units(provinces)
    return {
        "kind": "registry",
        "schema_version": "1.0",
        "id": "ho-chi-minh",
        "province": "Thành phố Hồ Chí Minh",
        "as_of": HCM_AS_OF,
        "data_source": {
            "name": PACKAGE,
            "version": HCM_PACKAGE_VERSION,
            "data_date": HCM_DATA_DATE,
            "note": "Danh mục đơn vị hành chính (mã GSO) của gói PyPI vietnam-provinces; "
            "chỉ dùng khi sinh tệp, không phải phụ thuộc lúc chạy.",
        },
        "notes": HCM_BASE["notes"],
        "agencies": [*HCM_BASE["agencies_before"], *communes],
        "groups": hcm_groups(communes),
    }


# ---------------------------------------------------------------- YAML text, written by hand
_PLAIN = re.compile(r"[a-z][a-z0-9]*(?:[-.][a-z0-9]+)*")
_YAML_WORDS = frozenset(
    {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf"}
)
_FIELD_ORDER = (
    "id",
    "name",
    "aliases",
    "level",
    "type",
    "sector",
    "parent",
    "district",
    "groups",
    "members",
    "exclude",
    "rule",
    "gso_code",
    "unit_name",
    "unit_type",
    "valid_from",
    "valid_until",
    "note",
)


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    return scalar(value)


def _record(item: Mapping[str, Any]) -> Iterable[str]:
    keys = sorted(item, key=lambda k: _FIELD_ORDER.index(k))
    for i, k in enumerate(keys):
        yield ("  - " if i == 0 else "    ") + f"{k}: {flow(item[k])}"


def render(doc: Mapping[str, Any], schema_path: str = "../schema/registry.schema.json") -> str:
    version = doc["data_source"]["version"]
    lines = [
        f"# yaml-language-server: $schema={schema_path}",
        f"# GENERATED by tools/gen_registry.py from vietnam-provinces {version} — do not edit by hand.",
    ]
    for key in ("kind", "schema_version", "id", "province", "as_of"):
        lines.append(f"{key}: {scalar(doc[key])}")
    lines.append("data_source:")
    lines += [f"  {k}: {scalar(v)}" for k, v in doc["data_source"].items()]
    lines.append("notes:")
    lines += [f"  - {scalar(n)}" for n in doc["notes"]]
    for section in ("agencies", "groups"):
        lines.append(f"{section}:")
        for item in doc[section]:
            lines += _record(item)
    return "\n".join(lines) + "\n"


class Registry(NamedTuple):
    """One generated registry file: the package data it is built from and how."""

    name: str
    package_version: str
    data_date: str
    output: Path
    schema_path: str
    build: Callable[[Sequence[Mapping[str, Any]]], dict[str, Any]]


REGISTRIES: Mapping[str, Registry] = {
    "quang-tri": Registry("quang-tri", PACKAGE_VERSION, DATA_DATE, OUTPUT,
                          "../schema/registry.schema.json", build),
    "ho-chi-minh": Registry("ho-chi-minh", HCM_PACKAGE_VERSION, HCM_DATA_DATE,
                            ROOT / "spec" / "registries" / "ho-chi-minh.yaml",
                            "../../schema/registry.schema.json", hcm_build),
}


def load_provinces(
    package_version: str = PACKAGE_VERSION, data_date: str = DATA_DATE
) -> list[dict[str, Any]]:
    from importlib.metadata import version

    import vietnam_provinces  # build-time only

    found = version(PACKAGE)
    if found != package_version:
        raise SystemExit(
            f"gen_registry: need {PACKAGE}=={package_version}, found {found}"
        )
    if vietnam_provinces.__data_version__ != data_date:
        raise SystemExit(
            f"gen_registry: data date {vietnam_provinces.__data_version__} != {data_date}"
        )
    path = Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH)
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def generate(name: str = "quang-tri") -> str:
    registry = REGISTRIES[name]
    provinces = load_provinces(registry.package_version, registry.data_date)
    return render(registry.build(provinces), registry.schema_path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument(
        "--registry", choices=sorted(REGISTRIES), default="quang-tri",
        help="which registry to generate (default: quang-tri)",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the file is out of date"
    )
    parser.add_argument(
        "--output", type=Path, default=None, help="file to write or check"
    )
    args = parser.parse_args(argv)
    output: Path = args.output if args.output is not None else REGISTRIES[args.registry].output
    text = generate(args.registry)
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if current != text:
            print(
                f"{output} is out of date: run tools/gen_registry.py",
                file=sys.stderr,
            )
            return 1
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
