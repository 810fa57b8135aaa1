"""The bundled registry of Quảng Trị 2024 and kehoach.registry (membership, name matching)."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach.errors import AmbiguousAgency, UnknownAgency
from kehoach.registry import Agency, Group, Registry

REPO = Path(__file__).resolve().parent.parent
REGISTRY_YAML = REPO / "spec" / "registry.yaml"
SCHEMA = REPO / "schema" / "registry.schema.json"

CO_QUAN_CHUYEN_MON = [
    "van-phong-ubnd-tinh",
    "so-noi-vu",
    "so-tu-phap",
    "so-ke-hoach-va-dau-tu",
    "so-tai-chinh",
    "so-cong-thuong",
    "so-nong-nghiep-va-ptnt",
    "so-giao-thong-van-tai",
    "so-xay-dung",
    "so-tai-nguyen-va-moi-truong",
    "so-thong-tin-va-truyen-thong",
    "so-lao-dong-tbxh",
    "so-van-hoa-tt-dl",
    "so-khoa-hoc-va-cong-nghe",
    "so-giao-duc-va-dao-tao",
    "so-y-te",
    "so-ngoai-vu",
    "thanh-tra-tinh",
    "ban-dan-toc",
]
IN_2024 = date(2024, 6, 1)  # a day of the 2024 state (before the 2025 reorganisations)

DISTRICTS = [
    "ubnd-tp-dong-ha",
    "ubnd-tx-quang-tri",
    "ubnd-huyen-vinh-linh",
    "ubnd-huyen-huong-hoa",
    "ubnd-huyen-gio-linh",
    "ubnd-huyen-da-krong",
    "ubnd-huyen-cam-lo",
    "ubnd-huyen-trieu-phong",
    "ubnd-huyen-hai-lang",
    "ubnd-huyen-con-co",
]
MERGED_2025 = [
    "ubnd-xa-gio-chau",
    "ubnd-xa-gio-viet",
    "ubnd-xa-linh-hai",
    "ubnd-xa-trieu-an",
    "ubnd-xa-trieu-van",
    "ubnd-xa-trieu-lang",
    "ubnd-xa-trieu-son",
    "ubnd-xa-hai-ba",
    "ubnd-xa-hai-que",
]


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    loaded = yaml.safe_load(REGISTRY_YAML.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def reg(data: dict[str, Any]) -> Registry:
    return Registry.from_data(data)


# ---------------------------------------------------------------------- the file itself
def test_first_line_points_at_schema() -> None:
    first = REGISTRY_YAML.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/registry.schema.json"


def test_registry_is_schema_valid(data: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert [e.message for e in validator.iter_errors(data)] == []


def test_schema_rejects_bad_shapes(data: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    base = {"kind": "registry", "schema_version": "1.0", "as_of": "2024-01-01", "groups": []}
    agency = {"id": "so-x", "name": "Sở X", "level": "province", "type": "so"}
    assert validator.is_valid({**base, "agencies": [agency]})
    commune = {**agency, "level": "commune", "parent": "h", "district": "h"}
    assert validator.is_valid({**base, "agencies": [commune]})
    # two-level local government (after 1/7/2025): a commune under the province, no district
    for two_level in ({**agency, "level": "commune", "parent": "ubnd-tinh", "district": None},
                      {**agency, "level": "commune", "parent": "ubnd-tinh"}):
        assert validator.is_valid({**base, "agencies": [two_level]}), two_level
    bad = [
        {**agency, "id": "So-X"},
        {**agency, "id": "a" * 81},
        {**agency, "id": "so--x"},
        {**agency, "level": "region"},
        {**agency, "type": "bo"},
        {**agency, "valid_until": "2024-02-30"},
        {**agency, "valid_until": "2024-2-3"},
        {**agency, "extra": 1},
        {**agency, "gso_code": 461},
        {**agency, "level": "commune"},  # a commune needs a parent
        {**agency, "level": "commune", "parent": None},
        {**agency, "sector": "private"},
    ]
    for item in bad:
        assert not validator.is_valid({**base, "agencies": [item]}), item
    assert not validator.is_valid({**base, "agencies": [], "groups": [{"id": "g", "name": "G", "rule": {}}]})
    assert not validator.is_valid({**base, "agencies": [], "extra": True})


def test_schema_patterns_do_not_backtrack() -> None:
    import time

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    nasty = "a-" * 20000 + "!"
    start = time.perf_counter()
    doc = {"kind": "registry", "schema_version": "1.0", "as_of": "2024-01-01", "groups": [],
           "agencies": [{"id": nasty, "name": " " * 20000 + "x", "level": "province", "type": "so",
                         "gso_code": "1" * 20000}]}
    errors = sorted(str(e.validator) for e in validator.iter_errors(doc))
    assert errors == ["maxLength", "maxLength", "oneOf", "pattern"]  # id and name too long, id pattern, gso_code
    assert time.perf_counter() - start < 1


def test_data_source_recorded(data: dict[str, Any]) -> None:
    assert data["data_source"]["name"] == "vietnam-provinces"
    assert data["data_source"]["version"] == "0.5.0"
    assert data["data_source"]["data_date"] == "2023-05-07"


def test_ids_unique_across_agencies_and_groups(data: dict[str, Any]) -> None:
    ids = [a["id"] for a in data["agencies"]] + [g["id"] for g in data["groups"]]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_counts(reg: Registry) -> None:
    districts = [a for a in reg.agencies.values() if a.level == "district"]
    communes = [a for a in reg.agencies.values() if a.level == "commune" and a.valid_on(IN_2024)]
    assert [a.id for a in districts] == DISTRICTS
    assert len(communes) == 125
    assert Counter(a.unit_type for a in communes) == {"xa": 101, "phuong": 13, "thi-tran": 11}
    assert all(a.district == a.parent and a.district in DISTRICTS for a in communes)
    assert all(a.gso_code is not None and len(a.gso_code) == 5 for a in communes)
    assert Counter(a.district for a in communes)["ubnd-huyen-con-co"] == 0


def test_end_dates(reg: Registry) -> None:
    communes_2024 = [a for a in reg.agencies.values() if a.level == "commune" and a.valid_on(IN_2024)]
    ended = [a.id for a in communes_2024 if a.valid_until == date(2024, 12, 31)]
    assert sorted(ended) == sorted(MERGED_2025)
    # the others end with the district level (the 1/7/2025 arrangement)
    assert {a.valid_until for a in communes_2024 if a.id not in ended} == {date(2025, 6, 30)}
    assert {reg.agency(i).valid_until for i in DISTRICTS} == {date(2025, 6, 30)}


def test_groups(reg: Registry) -> None:
    assert [a.id for a in reg.members("co-quan-chuyen-mon", IN_2024)] == CO_QUAN_CHUYEN_MON
    assert [a.id for a in reg.members("co-quan-thuoc-ubnd-tinh")] == ["ban-quan-ly-kkt"]
    assert [a.id for a in reg.members("co-quan-cap-tinh", IN_2024)] == [*CO_QUAN_CHUYEN_MON, "ban-quan-ly-kkt"]
    assert [a.id for a in reg.members("ubnd-cap-huyen")] == DISTRICTS
    assert len(reg.members("ubnd-cap-xa", IN_2024)) == 125
    assert len(reg.members("ubnd-cap-xa", date(2025, 7, 1))) == 78
    assert len(reg.members("ubnd-cap-xa", date(2024, 12, 31))) == 125
    assert len(reg.members("ubnd-cap-xa", date(2025, 1, 1))) == 116
    assert reg.members("ubnd-cap-huyen", date(2025, 7, 1)) == ()
    with pytest.raises(KeyError):
        reg.members("khong-co")


def test_groups_of(reg: Registry) -> None:
    assert reg.groups_of("van-phong-ubnd-tinh") == (
        ("co-quan-chuyen-mon", ("van-phong-ubnd-tinh", "co-quan-chuyen-mon")),
        ("co-quan-cap-tinh", ("van-phong-ubnd-tinh", "co-quan-chuyen-mon", "co-quan-cap-tinh")),
    )
    assert reg.groups_of("ubnd-phuong-1-dong-ha") == (
        ("ubnd-cap-xa", ("ubnd-phuong-1-dong-ha", "ubnd-cap-xa")),
    )
    assert reg.groups_of("trung-tam-phvhcc") == ()
    assert reg.agency("trung-tam-phvhcc").parent == "van-phong-ubnd-tinh"
    assert reg.agency("cuc-kiem-soat-tthc").parent == "van-phong-chinh-phu"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ubnd-cap-xa", ["ubnd-cap-xa"]),
        ("UBND các xã, phường, thị trấn", ["ubnd-cap-xa"]),
        ("ubnd cac xa phuong thi tran", ["ubnd-cap-xa"]),
        ("UBND các huyện, thành phố, thị xã", ["ubnd-cap-huyen"]),
        ("Các cơ quan chuyên môn thuộc UBND tỉnh", ["co-quan-chuyen-mon"]),
        ("Các cơ quan chuyên môn thuộc Uỷ ban nhân dân tỉnh", ["co-quan-chuyen-mon"]),
        ("cơ quan thuộc UBND tỉnh", ["co-quan-thuoc-ubnd-tinh"]),
        ("Sở Tư pháp", []),
    ],
)
def test_find_groups(reg: Registry, query: str, expected: list[str]) -> None:
    assert [g.id for g in reg.find_groups(query)] == expected


def test_agencies_on(reg: Registry) -> None:
    before = reg.agencies_on(IN_2024)
    assert len(before) == len([a for a in reg.agencies.values() if a.valid_from is None])
    after = {a.id for a in reg.agencies_on(date(2025, 1, 1))}
    assert not after & set(MERGED_2025)
    assert len(after) == len(before) - 9


# ---------------------------------------------------------------------- name resolution
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("so-tu-phap", "so-tu-phap"),
        ("Sở Tư pháp", "so-tu-phap"),
        ("so tu phap", "so-tu-phap"),
        ("SỞ TƯ PHÁP", "so-tu-phap"),
        (unicodedata.normalize("NFD", "Sở Tư pháp"), "so-tu-phap"),
        ("  Sở  Tư   pháp ", "so-tu-phap"),
        ("STP", "so-tu-phap"),
        ("VP UBND tỉnh", "van-phong-ubnd-tinh"),
        ("Văn phòng Ủy ban nhân dân tỉnh", "van-phong-ubnd-tinh"),
        ("Văn phòng Uỷ ban nhân dân tỉnh", "van-phong-ubnd-tinh"),
        ("van phong ubnd tinh", "van-phong-ubnd-tinh"),
        ("UBND tỉnh", "ubnd-tinh"),
        ("UBND huyện Gio Linh", "ubnd-huyen-gio-linh"),
        ("ubnd huyen gio linh", "ubnd-huyen-gio-linh"),
        ("Gio Linh", "ubnd-huyen-gio-linh"),
        ("TT Gio Linh", "ubnd-thi-tran-gio-linh"),
        ("Hướng Hoá", "ubnd-huyen-huong-hoa"),
        ("Hướng Hóa", "ubnd-huyen-huong-hoa"),
        ("UBND huyện Hướng Hoá", "ubnd-huyen-huong-hoa"),
        ("Đakrông", "ubnd-huyen-da-krong"),
        ("Đa Krông", "ubnd-huyen-da-krong"),
        ("UBND huyện Đakrông", "ubnd-huyen-da-krong"),
        ("Xã Đakrông", "ubnd-xa-da-krong"),
        ("TP Đông Hà", "ubnd-tp-dong-ha"),
        ("UBND TP Đông Hà", "ubnd-tp-dong-ha"),
        ("TX Quảng Trị", "ubnd-tx-quang-tri"),
        ("Huyện Cồn Cỏ", "ubnd-huyen-con-co"),
        ("UBND phường 1 Đông Hà", "ubnd-phuong-1-dong-ha"),
        ("Phường 1, Đông Hà", "ubnd-phuong-1-dong-ha"),
        ("P.1 TP Đông Hà", "ubnd-phuong-1-dong-ha"),
        ("phuong 1 thi xa quang tri", "ubnd-phuong-1-quang-tri"),
        ("UBND phường 4", "ubnd-phuong-4"),
        ("UBND xã Gio Châu", "ubnd-xa-gio-chau"),
        ("Triệu Vân", "ubnd-xa-trieu-van"),
        ("Sở TN&MT", "so-tai-nguyen-va-moi-truong"),
        ("Sở TNMT", "so-tai-nguyen-va-moi-truong"),
        ("Sở LĐTBXH", "so-lao-dong-tbxh"),
        ("Sở Lao động - Thương binh và Xã hội", "so-lao-dong-tbxh"),
        ("Sở GD&ĐT", "so-giao-duc-va-dao-tao"),
        ("Sở VHTTDL", "so-van-hoa-tt-dl"),
        ("Sở Văn hoá, Thể thao và Du lịch", "so-van-hoa-tt-dl"),
        ("Sở Văn hóa", "so-van-hoa-tt-dl"),
        ("Sở NN&PTNT", "so-nong-nghiep-va-ptnt"),
        ("Sở KH&ĐT", "so-ke-hoach-va-dau-tu"),
        ("Sở TT&TT", "so-thong-tin-va-truyen-thong"),
        ("BQL KKT", "ban-quan-ly-kkt"),
        ("Ban Quản lý Khu kinh tế tỉnh", "ban-quan-ly-kkt"),
        ("Trung tâm Phục vụ hành chính công tỉnh", "trung-tam-phvhcc"),
        ("Cổng thông tin điện tử tỉnh", "cong-thong-tin-dien-tu-tinh"),
        ("Cục Kiểm soát TTHC - VP Chính phủ", "cuc-kiem-soat-tthc"),
        ("VPCP", "van-phong-chinh-phu"),
        ("Thủ tướng Chính phủ", "thu-tuong-chinh-phu"),
        ("Chính phủ", "chinh-phu"),
    ],
)
def test_resolve(reg: Registry, query: str, expected: str) -> None:
    assert reg.resolve(query, IN_2024).id == expected


def test_resolve_ambiguous_ward(reg: Registry) -> None:
    with pytest.raises(AmbiguousAgency) as err:
        reg.resolve("UBND phường 1")
    assert err.value.query == "UBND phường 1"
    assert err.value.candidates == [
        ("ubnd-phuong-1-dong-ha", "Ủy ban nhân dân phường 1 (Thành phố Đông Hà)"),
        ("ubnd-phuong-1-quang-tri", "Ủy ban nhân dân phường 1 (Thị xã Quảng Trị)"),
    ]


def test_resolve_ambiguous_without_diacritics(reg: Registry) -> None:
    with pytest.raises(AmbiguousAgency) as err:
        reg.resolve("phuong 2")
    assert [c[0] for c in err.value.candidates] == ["ubnd-phuong-2-dong-ha", "ubnd-phuong-2-quang-tri"]


def test_resolve_unknown_with_suggestions(reg: Registry) -> None:
    with pytest.raises(UnknownAgency) as err:
        reg.resolve("Sở Tư Phap x")
    assert err.value.query == "Sở Tư Phap x"
    assert err.value.suggestions[0] == ("so-tu-phap", "Sở Tư pháp")
    assert len(err.value.suggestions) <= 5


def test_resolve_unknown_id_suggests_close_ids(reg: Registry) -> None:
    with pytest.raises(UnknownAgency) as err:
        reg.agency("so-tu-phapp")
    assert ("so-tu-phap", "Sở Tư pháp") in err.value.suggestions


def test_resolve_nothing_close(reg: Registry) -> None:
    with pytest.raises(UnknownAgency) as err:
        reg.resolve("zzzz qqqq")
    assert err.value.suggestions == []


def test_resolve_on_date(reg: Registry) -> None:
    assert reg.resolve("Xã Gio Châu", on=date(2024, 12, 31)).id == "ubnd-xa-gio-chau"
    with pytest.raises(UnknownAgency):
        reg.resolve("Xã Gio Châu", on=date(2025, 1, 1))
    with pytest.raises(UnknownAgency):
        reg.resolve("ubnd-xa-gio-chau", on=date(2025, 1, 1))


def test_short_queries_are_not_prefix_matched(reg: Registry) -> None:
    with pytest.raises(UnknownAgency):
        reg.resolve("Sở")


def test_prefix_ambiguity_is_an_error(reg: Registry) -> None:
    with pytest.raises(AmbiguousAgency) as err:
        reg.resolve("Sở Giao")  # Giao thông vận tải / Giáo dục (accent-free prefix)
    assert [c[0] for c in err.value.candidates] == ["so-giao-thong-van-tai", "so-giao-duc-va-dao-tao"]


def test_search(reg: Registry) -> None:
    assert [a.id for a in reg.search("tu phap")] == ["so-tu-phap"]
    assert [a.id for a in reg.search("phường 1")][:2] == ["ubnd-phuong-1-dong-ha", "ubnd-phuong-1-quang-tri"]
    in_gio_linh = reg.search("xa gio linh", IN_2024)
    assert len(in_gio_linh) == 15  # 15 xã of huyện Gio Linh (the 2 thị trấn are not "xã")
    assert len(reg.search("")) == len(reg.agencies)


def test_display_name(reg: Registry) -> None:
    assert reg.display_name(reg.agency("so-tu-phap")) == "Sở Tư pháp"
    assert reg.display_name(reg.agency("ubnd-xa-hai-que")) == "Ủy ban nhân dân xã Hải Quế (Huyện Hải Lăng)"


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(range(160)))
def test_every_agency_resolves_by_name_or_is_reported_ambiguous(reg: Registry, i: int) -> None:
    a = list(reg.agencies.values())[i % len(reg.agencies)]
    assert reg.resolve(a.id) == a
    try:
        assert reg.resolve(a.name) == a
    except AmbiguousAgency as err:
        assert a.id in [c[0] for c in err.candidates]
        assert reg.resolve(f"{a.name} {reg.agency(a.district or '').name}") == a


def test_every_agency_resolves_by_qualified_name(reg: Registry) -> None:
    for a in reg.agencies.values():
        if a.district is not None:
            district = reg.agency(a.district)
            assert reg.resolve(f"{a.unit_name}, {district.unit_name}") == a
            assert reg.resolve(unicodedata.normalize("NFD", f"{a.name} {district.name}")) == a


# ---------------------------------------------------------------------- small registries
def _small(**extra: Any) -> Registry:
    agencies = [
        Agency("ubnd-tinh", "Ủy ban nhân dân tỉnh", "province", "ubnd"),
        Agency("so-a", "Sở A", "province", "so", parent="ubnd-tinh", groups=("g1",)),
        Agency("so-b", "Sở B", "province", "so", parent="ubnd-tinh", valid_until=date(2024, 6, 30)),
    ]
    groups = [
        Group("g1", "G1"),
        Group("g2", "G2", members=("g1", "so-b")),
        Group("g3", "G3", members=("g2",), rule=(("type", "ubnd"),)),
        *extra.get("groups", ()),
    ]
    return Registry.build(agencies, groups)


def test_nested_members_and_dates() -> None:
    r = _small()
    assert [a.id for a in r.members("g3")] == ["ubnd-tinh", "so-a", "so-b"]
    assert [a.id for a in r.members("g3", date(2024, 7, 1))] == ["ubnd-tinh", "so-a"]
    assert r.groups_of("so-a") == (
        ("g1", ("so-a", "g1")),
        ("g2", ("so-a", "g1", "g2")),
        ("g3", ("so-a", "g1", "g2", "g3")),
    )
    assert r.groups_of("ubnd-tinh") == (("g3", ("ubnd-tinh", "g3")),)
    assert r.direct_members("g2") == ("g1", "so-b")


def test_cycles_do_not_hang() -> None:
    r = _small(groups=[Group("c1", "C1", members=("c2", "so-a")), Group("c2", "C2", members=("c1",))])
    assert [a.id for a in r.members("c2")] == ["so-a"]
    assert [g for g, _ in r.groups_of("so-a")] == ["c1", "g1", "c2", "g2", "g3"]


def test_from_data_roundtrip_fields() -> None:
    r = Registry.from_data(
        {
            "as_of": "2024-01-01",
            "agencies": [
                {
                    "id": "x",
                    "name": unicodedata.normalize("NFD", "Xã Ả"),
                    "level": "commune",
                    "type": "ubnd",
                    "valid_from": "2020-01-01",
                    "valid_until": None,
                }
            ],
            "groups": [{"id": "g", "name": "G", "rule": {"level": "commune"}}],
        }
    )
    assert r.as_of == date(2024, 1, 1)
    x = r.agency("x")
    assert x.name == "Xã Ả" and x.valid_from == date(2020, 1, 1)
    assert not x.valid_on(date(2019, 12, 31)) and x.valid_on(date(2020, 1, 1))
    assert [a.id for a in r.members("g")] == ["x"]


# ---------------------------------------------------------------------- rules (kehoach.rules.groups)
def _document(text: str) -> Any:
    from kehoach.loader import load_text
    from kehoach.rules.base import Document

    loaded = load_text(text, "registry.yaml")
    assert loaded.problems == [] and loaded.node is not None
    return Document("registry", Path("/x/registry.yaml"), "registry.yaml", loaded.node, loaded.node.plain())


def _run(text: str) -> list[tuple[int, int, str, str, str | None]]:
    from kehoach.rules import groups
    from kehoach.rules.base import Context

    ctx = Context([_document(text)])
    found = [p for rule in groups.RULES for p in rule(ctx)]
    return sorted((p.line, p.col, p.code, p.message, p.hint) for p in found)


_HEAD = 'kind: registry\nschema_version: "1.0"\nas_of: "2024-01-01"\n'


def test_rules_pass_on_bundled_registry() -> None:
    assert _run(REGISTRY_YAML.read_text(encoding="utf-8")) == []


def test_rules_pass_on_good_small_registry() -> None:
    text = _HEAD + (
        "agencies:\n"
        "  - {id: ubnd-tinh, name: T, level: province, type: ubnd}\n"
        "  - {id: so-a, name: A, level: province, type: so, parent: ubnd-tinh, groups: [g1],\n"
        '     valid_from: "2020-01-01", valid_until: "2020-01-01"}\n'
        "groups:\n"
        "  - {id: g1, name: G1}\n"
        "  - {id: g2, name: G2, members: [g1]}\n"
        "  - {id: g3, name: G3, rule: {level: province, type: ubnd}}\n"
    )
    assert _run(text) == []


def test_rule_unresolved_refs() -> None:
    text = _HEAD + (
        "agencies:\n"
        "  - {id: ubnd-tinh, name: T, level: province, type: ubnd, groups: [co-quan-chuyen-mon]}\n"
        "  - id: so-a\n"
        "    name: A\n"
        "    level: province\n"
        "    type: so\n"
        "    parent: ubnd-tihn\n"
        "    district: nowhere\n"
        "    groups: [co-quan-chuyen-mon, co-quan-chuyenmon]\n"
        "groups:\n"
        "  - id: co-quan-chuyen-mon\n"
        "    name: C\n"
        "    members: [so-a, so-b, co-quan-chuyen-mon-x]\n"
        "    rule: {district: ubnd-tinhh}\n"
    )
    assert _run(text) == [
        (10, 13, "unresolved-ref", "parent 'ubnd-tihn' of agency 'so-a' is not an agency id",
         "did you mean 'ubnd-tinh'?"),
        (11, 15, "unresolved-ref", "district 'nowhere' of agency 'so-a' is not an agency id", None),
        (12, 34, "unresolved-ref", "group 'co-quan-chuyenmon' of agency 'so-a' is not a group id",
         "did you mean 'co-quan-chuyen-mon'?"),
        (16, 21, "unresolved-ref", "member 'so-b' of group 'co-quan-chuyen-mon' is neither an agency nor a group id",
         "did you mean 'so-a'?"),
        (16, 27, "unresolved-ref",
         "member 'co-quan-chuyen-mon-x' of group 'co-quan-chuyen-mon' is neither an agency nor a group id",
         "did you mean 'co-quan-chuyen-mon'?"),
        (17, 22, "unresolved-ref", "rule district 'ubnd-tinhh' of group 'co-quan-chuyen-mon' is not an agency id",
         "did you mean 'ubnd-tinh'?"),
    ]


def test_rule_group_cycle() -> None:
    text = _HEAD + (
        "agencies:\n"
        "  - {id: so-a, name: A, level: province, type: so}\n"
        "groups:\n"
        "  - {id: a, name: A, members: [so-a, b]}\n"
        "  - {id: b, name: B, members: [c]}\n"
        "  - {id: c, name: C, members: [a]}\n"
        "  - {id: d, name: D, members: [d, so-a]}\n"
    )
    hint = "a group may not contain itself; remove one of these members"
    assert _run(text) == [
        (9, 32, "group-cycle", "group membership cycle: a -> b -> c -> a", hint),
        (10, 32, "group-cycle", "group membership cycle: d -> d", hint),
    ]


def test_rule_empty_group() -> None:
    text = _HEAD + (
        "agencies:\n"
        "  - {id: so-a, name: A, level: province, type: so}\n"
        "groups:\n"
        "  - {id: a, name: A}\n"
        "  - {id: b, name: B, members: [a]}\n"
        "  - {id: c, name: C, rule: {level: commune}}\n"
        "  - {id: d, name: D, members: [b, so-a]}\n"
    )
    hint = "list members, declare the group in agencies' groups, or fix its rule"
    assert _run(text) == [
        (7, 10, "empty-group", "group 'a' has no member agency", hint),
        (8, 10, "empty-group", "group 'b' has no member agency", hint),
        (9, 10, "empty-group", "group 'c' has no member agency", hint),
    ]


def test_rule_bad_period() -> None:
    text = _HEAD + (
        "agencies:\n"
        '  - {id: so-a, name: A, level: province, type: so, valid_from: "2025-01-01", valid_until: "2024-12-31"}\n'
        "groups: []\n"
    )
    assert _run(text) == [
        (5, 91, "bad-period", "agency 'so-a' ends (2024-12-31) before it starts (2025-01-01)",
         "valid_until is the last day the agency exists; it must be on or after valid_from"),
    ]


def test_rules_are_discovered() -> None:
    from kehoach.rules import all_rules, groups

    assert set(groups.RULES) <= set(all_rules())


def test_duplicate_ids_reported_once_by_the_ids_rule() -> None:
    from kehoach.rules import run_rules
    from kehoach.rules.base import Context

    text = _HEAD + (
        "agencies:\n"
        "  - {id: so-a, name: A, level: province, type: so, groups: [so-a]}\n"
        "groups:\n"
        "  - {id: so-a, name: G}\n"
    )
    found = [p for p in run_rules(Context([_document(text)])) if p.code == "duplicate-id"]
    assert [(p.line, p.code) for p in found] == [(7, "duplicate-id")]


def test_large_registry_resolves_every_qualified_name() -> None:
    """~12,000 agencies: the index builds once; thousands of resolves per second."""

    agencies = [Agency("ubnd-tinh", "Ủy ban nhân dân tỉnh", "province", "ubnd")]
    for d in range(700):
        did = f"ubnd-huyen-h{d}"
        agencies.append(
            Agency(did, f"Ủy ban nhân dân huyện Hòa {d}", "district", "ubnd", parent="ubnd-tinh",
                   unit_name=f"Huyện Hòa {d}", unit_type="huyen")
        )
        for c in range(16):
            agencies.append(
                Agency(f"ubnd-xa-{d}-{c}", f"Ủy ban nhân dân xã Thủy {c}", "commune", "ubnd", parent=did,
                       district=did, aliases=(f"UBND xã Thủy {c}",), unit_name=f"Xã Thủy {c}", unit_type="xa")
            )
    r = Registry.build(agencies, [Group("ubnd-cap-xa", "UBND cấp xã", rule=(("level", "commune"),))])
    assert r.resolve("UBND xã Thuỷ 3, huyện Hoà 512").id == "ubnd-xa-512-3"
    queries = [f"xa thuy {c} huyen hoa {d}" for d in range(0, 700, 7) for c in range(0, 16, 3)]
    got = [r.resolve(q).id for q in queries]
    assert got == [f"ubnd-xa-{d}-{c}" for d in range(0, 700, 7) for c in range(0, 16, 3)]
    # its speed is measured, not asserted: benchmarks/bench_national.py
    assert len(r.members("ubnd-cap-xa")) == 11200
