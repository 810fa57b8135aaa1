#!/usr/bin/env python3
"""Generate the registry files of the bundled spec from the GSO unit lists of vietnam-provinces.

One registry per province (``REGISTRIES``), each pinned to the package version whose data it
takes its units from (a build-time tool, not a runtime dependency of kehoach)::

    python tools/gen_registry.py --python 0.6.0=VENV060/bin/python \
        --python 2025.10.1=VENV2025/bin/python                # quang-tri (run with vietnam-provinces==0.5.0)
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
# The other package versions the Quảng Trị registry reads: 0.6.0 confirms MERGED_2025 (the state
# after 1/1/2025); 2025.10.1 gives the commune-level units from 1/7/2025 (Quảng Bình merged in).
MERGERS_VERSION, MERGERS_DATA_DATE = "0.6.0", "2025-01-04"
TWO_LEVEL_VERSION, TWO_LEVEL_DATA_DATE = "2025.10.1", "2025-10-18"
TWO_LEVEL_PROVINCE_CODE = 44  # Tỉnh Quảng Trị after 1/7/2025 (with the former Quảng Bình)
TWO_LEVEL_EXPECTED = {"communes": 78, "phuong": 8, "xa": 69, "dac-khu": 1}
TWO_LEVEL_FROM = "2025-07-01"
COMMUNES_END_DOCUMENT = (
    "Sắp xếp đơn vị hành chính cấp xã có hiệu lực 1/1/2025 (DOMAIN.md); mã không còn (hoặc đổi tên) "
    "trong vietnam-provinces 0.6.0 (dữ liệu 2025-01-04). Số hiệu nghị quyết của UBTVQH chưa được dẫn tại đây."
)
DISTRICTS_END_DOCUMENT = (
    "Cấp huyện chấm dứt hoạt động từ 1/7/2025 (Luật Tổ chức chính quyền địa phương 2025; DOMAIN.md)."
)
COMMUNES_TWO_LEVEL_END_DOCUMENT = (
    "Sắp xếp đơn vị hành chính cấp xã có hiệu lực 1/7/2025 (DOMAIN.md): đơn vị cấp xã thuộc cấp huyện "
    "chấm dứt ngày 30/6/2025; đơn vị mới (cùng mã GSO nếu có) là một cơ quan khác. Gói vietnam-provinces "
    "không cho biết đơn vị mới tiếp nhận đơn vị cũ nào: không ghi successors."
)
TWO_LEVEL_DOCUMENT = (
    "Sắp xếp đơn vị hành chính có hiệu lực 1/7/2025: tỉnh Quảng Bình nhập vào tỉnh Quảng Trị, 78 đơn vị "
    "cấp xã (DOMAIN.md); danh mục và mã GSO theo vietnam-provinces 2025.10.1 (dữ liệu 2025-10-18). "
    "Số hiệu nghị quyết của UBTVQH về cấp xã chưa được dẫn tại đây."
)
# The early-2025 sở mergers. Each province's HĐND resolution sets the date; that resolution is not
# held here, so the date used (1/3/2025, the date most provinces used) is unverified and said so.
SO_MERGER_DATE_START, SO_MERGER_DATE_END = "2025-03-01", "2025-02-28"
SO_MERGER_NOTE = (
    "Ngày hợp nhất chưa kiểm chứng: nghị quyết của HĐND tỉnh Quảng Trị về sắp xếp cơ quan chuyên môn "
    "đầu năm 2025 không có tại đây; ngày 1/3/2025 là ngày được giả định (nhiều tỉnh áp dụng), không phải "
    "ngày đã được văn bản xác nhận."
)
SO_MERGER_DOCUMENT = (
    "Nghị quyết của HĐND tỉnh Quảng Trị về thành lập, tổ chức lại các cơ quan chuyên môn thuộc UBND tỉnh "
    "(đầu năm 2025; số hiệu chưa kiểm chứng)."
)
# id -> (successors, what became of it)
SO_MERGED_2025: Mapping[str, tuple[tuple[str, ...], str]] = {
    "so-ke-hoach-va-dau-tu": (("so-tai-chinh",), "Hợp nhất vào Sở Tài chính."),
    "so-giao-thong-van-tai": (("so-xay-dung",), "Hợp nhất vào Sở Xây dựng."),
    "so-tai-nguyen-va-moi-truong": (
        ("so-nong-nghiep-va-moi-truong",),
        "Hợp nhất với Sở Nông nghiệp và PTNT thành Sở Nông nghiệp và Môi trường.",
    ),
    "so-nong-nghiep-va-ptnt": (
        ("so-nong-nghiep-va-moi-truong",),
        "Hợp nhất với Sở Tài nguyên và Môi trường thành Sở Nông nghiệp và Môi trường.",
    ),
    "so-thong-tin-va-truyen-thong": (("so-khoa-hoc-va-cong-nghe",), "Hợp nhất vào Sở Khoa học và Công nghệ."),
    "so-lao-dong-tbxh": (("so-noi-vu",), "Hợp nhất vào Sở Nội vụ."),
}
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
            "Việc hợp nhất một số sở đầu năm 2025: ngày chưa kiểm chứng (verified: false, xem note của từng sở)."
        ),
        (
            "Đơn vị hành chính cấp xã từ 1/7/2025 (78 xã, phường, đặc khu, gồm các đơn vị của tỉnh Quảng Bình "
            "cũ; tên, mã GSO; không có cấp huyện) lấy từ gói vietnam-provinces 2025.10.1 (__data_version__ "
            "2025-10-18); danh sách xã hết hiệu lực 31/12/2024 được đối chiếu với vietnam-provinces 0.6.0 "
            "(dữ liệu 2025-01-04). Gói không cho biết đơn vị mới tiếp nhận đơn vị cũ nào: không ghi successors."
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
    agency["validity_document"] = DISTRICTS_END_DOCUMENT
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
        agency["validity_document"] = COMMUNES_END_DOCUMENT
        agency["note"] = MERGED_2025[w["code"]]
    else:
        agency["valid_until"] = DISTRICTS_END
        agency["validity_document"] = COMMUNES_TWO_LEVEL_END_DOCUMENT
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


def check_mergers(provinces_2025: Sequence[Mapping[str, Any]], provinces: Sequence[Mapping[str, Any]]) -> None:
    """MERGED_2025 is exactly the 2024 codes absent, or renamed, in the data of 1/1/2025 (0.6.0)."""
    def names(data: Sequence[Mapping[str, Any]]) -> dict[int, str]:
        province = next(p for p in data if p["code"] == PROVINCE_CODE)
        return {w["code"]: split_unit(w["name"])[2] for d in province["districts"] for w in d["wards"]}

    before, after = names(provinces), names(provinces_2025)
    changed = {code for code, bare in before.items() if after.get(code) != bare}
    if changed != set(MERGED_2025):
        raise SystemExit(f"gen_registry: 1/1/2025 mergers in the data {sorted(changed)} != MERGED_2025")


def two_level_split(name: str) -> tuple[str, str, str]:
    """'Phường Đồng Hới' -> ('phuong', 'Phường', 'Đồng Hới'); 'Đặc khu Cồn Cỏ' -> ('dac-khu', …)."""
    for prefix, unit_type in (("Phường ", "phuong"), ("Xã ", "xa"), ("Đặc khu ", "dac-khu")):
        if name.startswith(prefix):
            return unit_type, prefix.strip(), name[len(prefix):]
    raise SystemExit(f"gen_registry: unknown unit type prefix in {name!r}")


def two_level_units(provinces: Sequence[Mapping[str, Any]], taken: set[str]) -> list[dict[str, Any]]:
    """The 78 commune-level agencies of Quảng Trị from 1/7/2025 (parent: the province, no district),
    in the data's order; an id a 2024 unit already has ends with the GSO code."""
    province = next(p for p in provinces if p["code"] == TWO_LEVEL_PROVINCE_CODE)
    wards = list(province["wards"])
    counts: dict[str, int] = {"communes": len(wards)}
    for w in wards:
        t = two_level_split(w["name"])[0]
        counts[t] = counts.get(t, 0) + 1
    if counts != TWO_LEVEL_EXPECTED:
        raise SystemExit(f"gen_registry: unexpected unit counts {counts}, expected {TWO_LEVEL_EXPECTED}")
    out = []
    for w in wards:
        unit_type, prefix, bare = two_level_split(w["name"])
        lower = _lower_first(prefix)
        ident = f"ubnd-{unit_type}-{slug(bare)}"
        if ident in taken:
            ident += f"-{w['code']:05d}"
        agency = _agency(ident, f"Ủy ban nhân dân {lower} {bare}", [f"UBND {lower} {bare}", f"{prefix} {bare}"],
                         "commune", "ubnd", "ubnd-tinh", valid_from=TWO_LEVEL_FROM)
        agency.update(district=None, gso_code=f"{w['code']:05d}", unit_name=f"{prefix} {bare}",
                      unit_type=unit_type, validity_document=TWO_LEVEL_DOCUMENT)
        out.append(agency)
    ids = [a["id"] for a in out]
    if len(set(ids)) != len(ids) or taken & set(ids):
        raise SystemExit("gen_registry: generated ids repeat")
    return out


def so_mergers(agencies: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The 2024 bodies with the early-2025 sở mergers applied (unverified date), and the new Sở
    Nông nghiệp và Môi trường after Sở Nông nghiệp và PTNT."""
    out: list[dict[str, Any]] = []
    for a in agencies:
        a = dict(a)
        if a["id"] in SO_MERGED_2025:
            successors, what = SO_MERGED_2025[a["id"]]
            a.update(valid_until=SO_MERGER_DATE_END, successors=list(successors),
                     validity_document=SO_MERGER_DOCUMENT, verified=False,
                     note=f"{what} {SO_MERGER_NOTE}" + (f" {a['note']}" if a.get("note") else ""))
        out.append(a)
        if a["id"] == "so-nong-nghiep-va-ptnt":
            new = _so("so-nong-nghiep-va-moi-truong", "Sở Nông nghiệp và Môi trường",
                      ["Sở NN&MT", "Sở NNMT", "Sở Nông nghiệp - Môi trường"])
            new.update(valid_from=SO_MERGER_DATE_START, validity_document=SO_MERGER_DOCUMENT, verified=False,
                       note="Thành lập trên cơ sở hợp nhất Sở Tài nguyên và Môi trường và Sở Nông nghiệp và "
                       f"PTNT. {SO_MERGER_NOTE}")
            out.append(new)
    return out


def build(provinces: Sequence[Mapping[str, Any]], data: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, Any]:
    check_mergers(data[MERGERS_VERSION], provinces)
    before = so_mergers(BASE["agencies_before"])
    units_2024 = units(provinces)
    taken = {a["id"] for a in (*before, *units_2024)}
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
        "agencies": [*before, *units_2024, *two_level_units(data[TWO_LEVEL_VERSION], taken)],
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
    "successors",
    "validity_document",
    "verified",
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
    """One generated registry file: the package data it is built from and how. ``others``: the
    further (version, data date) pairs it reads, each from an interpreter given by ``--python``."""

    name: str
    package_version: str
    data_date: str
    output: Path
    schema_path: str
    build: Callable[[Sequence[Mapping[str, Any]], Mapping[str, Sequence[Mapping[str, Any]]]], dict[str, Any]]
    others: tuple[tuple[str, str], ...] = ()


REGISTRIES: Mapping[str, Registry] = {
    "quang-tri": Registry("quang-tri", PACKAGE_VERSION, DATA_DATE, OUTPUT,
                          "../schema/registry.schema.json", build,
                          ((MERGERS_VERSION, MERGERS_DATA_DATE), (TWO_LEVEL_VERSION, TWO_LEVEL_DATA_DATE))),
    "ho-chi-minh": Registry("ho-chi-minh", HCM_PACKAGE_VERSION, HCM_DATA_DATE,
                            ROOT / "spec" / "registries" / "ho-chi-minh.yaml",
                            "../../schema/registry.schema.json", lambda provinces, _: hcm_build(provinces)),
}

_PROBE = (
    "import json, vietnam_provinces as v; from importlib.metadata import version; "
    "print(json.dumps([version('vietnam-provinces'), v.__data_version__, str(v.NESTED_DIVISIONS_JSON_PATH)]))"
)


def _check(found: str, data_version: str, package_version: str, data_date: str) -> None:
    if found != package_version:
        raise SystemExit(
            f"gen_registry: need {PACKAGE}=={package_version}, found {found}"
        )
    if data_version != data_date:
        raise SystemExit(
            f"gen_registry: data date {data_version} != {data_date}"
        )


def load_provinces(
    package_version: str = PACKAGE_VERSION, data_date: str = DATA_DATE, python: str | None = None
) -> list[dict[str, Any]]:
    """The package's nested divisions, from this interpreter or from ``python`` (another venv's
    interpreter that has ``vietnam-provinces==package_version`` installed)."""
    if python is not None:
        import subprocess

        probe = subprocess.run([python, "-c", _PROBE], capture_output=True, text=True, check=False)
        if probe.returncode != 0:
            raise SystemExit(f"gen_registry: {python} cannot import {PACKAGE}: {probe.stderr.strip()}")
        found, data_version, where = json.loads(probe.stdout)
        _check(found, data_version, package_version, data_date)
        path = Path(where)
    else:
        from importlib.metadata import version

        import vietnam_provinces  # build-time only

        _check(version(PACKAGE), vietnam_provinces.__data_version__, package_version, data_date)
        path = Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH)
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def generate(name: str = "quang-tri", pythons: Mapping[str, str] | None = None) -> str:
    registry = REGISTRIES[name]
    pythons = dict(pythons or {})
    provinces = load_provinces(registry.package_version, registry.data_date, pythons.get(registry.package_version))
    others: dict[str, Sequence[Mapping[str, Any]]] = {}
    for version, data_date in registry.others:
        if version not in pythons:
            raise SystemExit(
                f"gen_registry: {name} also reads {PACKAGE}=={version}: "
                f"pass --python {version}=PATH (an interpreter that has it installed)"
            )
        others[version] = load_provinces(version, data_date, pythons[version])
    return render(registry.build(provinces, others), registry.schema_path)


def _python_arg(text: str) -> tuple[str, str]:
    version, sep, python = text.partition("=")
    if not sep or not version or not python:
        raise argparse.ArgumentTypeError("expected VERSION=PATH")
    return version, python


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
    parser.add_argument(
        "--python", type=_python_arg, action="append", default=[], metavar="VERSION=PATH",
        help=f"an interpreter with {PACKAGE}==VERSION installed, for a registry that reads several versions",
    )
    args = parser.parse_args(argv)
    output: Path = args.output if args.output is not None else REGISTRIES[args.registry].output
    text = generate(args.registry, dict(args.python))
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
