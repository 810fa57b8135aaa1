"""Groups with exclusions ("các sở, ngành (trừ Sở Tài chính)"): an excluded agency is never a member of
the group, whatever its members, nested groups or rule say, and groups above it reach it only by
another path."""
from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kehoach.registry import Registry

AGENCIES = ["a", "b", "c", "d"]


def _registry(groups: list[dict[str, Any]]) -> Registry:
    return Registry.from_data({
        "agencies": [{"id": i, "name": f"Sở {i.upper()}", "level": "province", "type": "so"} for i in AGENCIES],
        "groups": groups,
    })


def test_an_outer_group_keeps_an_agency_it_also_names_directly() -> None:
    reg = _registry([
        {"id": "so", "name": "Các sở", "rule": {"type": "so"}},
        {"id": "so-tru-a", "name": "Các sở (trừ A)", "members": ["so"], "exclude": ["a"]},
        {"id": "via-exclusion", "name": "Qua nhóm trừ", "members": ["so-tru-a"]},
        {"id": "also-direct", "name": "Có cả A", "members": ["so-tru-a", "a"]},
    ])
    assert [x.id for x in reg.members("so-tru-a")] == ["b", "c", "d"]
    assert [x.id for x in reg.members("via-exclusion")] == ["b", "c", "d"]
    assert [x.id for x in reg.members("also-direct")] == ["a", "b", "c", "d"]
    assert reg.chains("a") == {"so": ("so",), "also-direct": ("also-direct",)}
    assert reg.chains("b")["via-exclusion"] == ("via-exclusion", "so-tru-a", "so")


GROUPS = st.lists(
    st.fixed_dictionaries({
        "members": st.lists(st.sampled_from([*AGENCIES, "g0", "g1", "g2"]), unique=True, max_size=4),
        "exclude": st.lists(st.sampled_from(AGENCIES), unique=True, max_size=2),
    }),
    min_size=1, max_size=3,
)


@given(GROUPS)
def test_an_excluded_agency_is_never_a_member_and_members_agree_with_chains(raw: list[dict[str, Any]]) -> None:
    groups = [{"id": f"g{i}", "name": f"Nhóm {i}", "members": g["members"],
               **({"exclude": g["exclude"]} if g["exclude"] else {})} for i, g in enumerate(raw)]
    reg = _registry(groups)
    for g in groups:
        members = {x.id for x in reg.members(g["id"])}
        assert members.isdisjoint(g.get("exclude", ()))
        assert members == {a for a in AGENCIES if g["id"] in reg.chains(a)}
