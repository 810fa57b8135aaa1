"""The public API on the bundled spec: the issue's 'done when' answers and the JSON contract."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import kehoach
from kehoach.resources import bundled_spec_dir

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "facts-2024.yaml"

pytestmark = pytest.mark.skipif(
    not (bundled_spec_dir() / "plan.yaml").is_file() or not (bundled_spec_dir() / "registry.yaml").is_file(),
    reason="bundled spec not present yet",
)


@pytest.fixture(scope="module")
def spec() -> kehoach.Spec:
    return kehoach.load_spec(plan="qt-cctthc-2024")


@pytest.fixture(scope="module")
def facts(spec: kehoach.Spec) -> kehoach.Facts:
    return kehoach.load_facts([EXAMPLE], spec)


def test_public_names_are_exported() -> None:
    for name in kehoach.__all__:
        assert getattr(kehoach, name) is not None, name
    with pytest.raises(AttributeError):
        kehoach.nonexistent  # noqa: B018


def test_so_tu_phap_by_1_june(spec: kehoach.Spec) -> None:
    a = kehoach.due(spec, "Sở Tư pháp", "2024-06-01")
    assert a.agency.id == "so-tu-phap"
    deadlines = [(o.id, o.literal, o.due, o.last_working_day) for o in a.obligations if o.kind == "deadline"]
    assert deadlines == [("iii-1-b-de-nghi-cong-bo-nhom-b", date(2024, 5, 31), date(2024, 5, 30), date(2024, 5, 30))]
    assert "iii-1-b-ra-soat-don-gian-hoa-nhom-b" not in {o.id for o in a.obligations}
    assert a.obligations[-1].source.ref == "III.1.b"
    assert a.notes == ()


def test_gio_linh_by_30_september(spec: kehoach.Spec) -> None:
    a = kehoach.due(spec, "UBND huyện Gio Linh", "30/09/2024")
    ids = {o.id for o in a.obligations}
    assert {"iii-1-a-gui-ket-qua-ra-soat", "iii-1-b-de-nghi-cong-bo-nhom-b", "iii-1-b-ra-soat-don-gian-hoa-nhom-b",
            "iv-1-bao-cao-hang-thang"} <= ids
    monthly = [o.period for o in a.obligations if o.id == "iv-1-bao-cao-hang-thang"]
    assert monthly == ["2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09"]
    a15 = next(o for o in a.obligations if o.id == "iii-1-b-ra-soat-don-gian-hoa-nhom-b")
    assert (a15.literal, a15.due, a15.last_working_day) == (date(2024, 9, 15), date(2024, 9, 14), date(2024, 9, 13))
    rolled = kehoach.due(spec, "ubnd-huyen-gio-linh", "2024-09-30", assumptions={"before": "inclusive-rolled"})
    a31 = next(o for o in rolled.obligations if o.id == "iii-1-a-gui-ket-qua-ra-soat")
    assert (a31.literal, a31.due, a31.last_working_day) == (date(2024, 8, 31), date(2024, 9, 4), date(2024, 9, 4))


def test_commune_owes_row_6_3_but_no_iii_1_b(spec: kehoach.Spec) -> None:
    a = kehoach.due(spec, "ubnd-xa-gio-my", "2024-12-31")
    assert [(o.id, o.role, o.target.value if o.target else None) for o in a.obligations] == [("pl-1-6-3", "lead", 80)]
    assert a.obligations[0].source.ref == "PL.1.6.3"


def test_van_phong_on_1_july(spec: kehoach.Spec) -> None:
    a = kehoach.obligations(spec, "Văn phòng UBND tỉnh", "2024-07-01")
    evaluated = {o.id for o in a.obligations if o.role == "evaluate"}
    assert evaluated == {i.id for i in spec.plan.indicators if i.target is not None}
    pub = [o for o in a.obligations if o.id == "iii-2-a-8-cong-khai-danh-gia-chat-luong"]
    assert [(o.role, o.period, o.via, o.past_due) for o in pub] == [("lead", "2024-06", (), True),
                                                                    ("lead", "2024-07", (), False)]
    # it is a cơ quan chuyên môn: it owes what every sở owes
    # except sending the review results to itself: it receives them (a receiver is not a sender)
    sở = {(o.id, o.role) for o in kehoach.obligations(spec, "so-noi-vu", "2024-07-01").obligations}
    assert sở - {(o.id, o.role) for o in a.obligations} == {("iii-1-a-gui-ket-qua-ra-soat", "lead")}


def test_status_example_facts_cover_every_status(spec: kehoach.Spec, facts: kehoach.Facts) -> None:
    s = kehoach.status(spec, "Sở Tư pháp", "2024-09-10", facts)
    summary = dict(s.summary)
    # not_judged needs a planned ("dự kiến") date, which the Quảng Trị plan does not have
    assert all(summary[k] > 0 for k in kehoach.evaluate.STATUSES if k != "not_judged"), summary
    assert summary["not_judged"] == 0
    assert s.facts_files == (str(EXAMPLE),)
    later = kehoach.status(spec, "ubnd-huyen-gio-linh", "2024-10-15", facts)
    t = next(i for i in later.items if i.obligation.id == "iii-1-a-thuc-thi-phuong-an")
    assert (t.status, t.obligation.in_force_from) == ("open", date(2024, 10, 11))


def test_json_contract(spec: kehoach.Spec, facts: kehoach.Facts) -> None:
    data = kehoach.to_json_data(kehoach.due(spec, "Sở Tư pháp", "2024-06-01"))
    assert list(data)[:4] == ["query", "agency", "spec", "obligations"]
    assert data["query"] == {"agency": "Sở Tư pháp", "by": "2024-06-01", "since": None}
    assert data["agency"]["id"] == "so-tu-phap" and "co-quan-chuyen-mon" in data["agency"]["groups"]
    assert data["spec"] == {"plan": "qt-cctthc-2024", "version": spec.plan.version, "digest": spec.digest}
    last = data["obligations"][-1]
    assert {k: last[k] for k in ("id", "kind", "role", "due", "literal", "last_working_day", "period", "target")} == {
        "id": "iii-1-b-de-nghi-cong-bo-nhom-b", "kind": "deadline", "role": "lead", "due": "2024-05-30",
        "literal": "2024-05-31", "last_working_day": "2024-05-30", "period": None, "target": None,
    }
    assert last["source"]["ref"] == "III.1.b" and last["interpretations"] == ["before"]
    json.dumps(data)
    st = kehoach.to_json_data(kehoach.status(spec, "so-tu-phap", "2024-09-10", facts))
    assert st["as_of"] == "2024-09-10"
    assert st["facts"] == {"files": [str(EXAMPLE)], "digest": facts.digest}
    assert set(st["summary"]) == set(kehoach.evaluate.STATUSES)
    assert {"status", "evidence"} <= set(st["items"][0])
    target = next(i for i in st["items"] if i["id"] == "pl-1-1")
    assert target["target"] == {"indicator": "pl-1-1", "comparator": "ge", "value": 80, "unit": "%",
                                "owed_by": "each"}
    assert target["status"] == "met" and target["evidence"]["final"] is False
    json.dumps(st)


def test_outside_period_note(spec: kehoach.Spec) -> None:
    a = kehoach.obligations(spec, "so-tu-phap", "2026-11-25")
    assert a.notes == ("2026-11-25 is outside the plan period 2024-01-25 – 2024-12-31",)


def test_typed_errors(spec: kehoach.Spec, tmp_path: Path) -> None:
    with pytest.raises(kehoach.UnknownAgency):
        kehoach.due(spec, "Sở Không Có", "2024-06-01")
    with pytest.raises(kehoach.InvalidDate):
        kehoach.due(spec, "so-tu-phap", "2024-02-30")
    with pytest.raises(kehoach.InvalidDate):
        kehoach.due(spec, "so-tu-phap", "tomorrow")
    with pytest.raises(kehoach.InvalidAssumption):
        kehoach.due(spec, "so-tu-phap", "2024-06-01", assumptions={"before": "never"})
    with pytest.raises(kehoach.SpecError):
        kehoach.load_spec(tmp_path / "missing")


def test_bad_facts_point_at_lines(spec: kehoach.Spec, tmp_path: Path) -> None:
    bad = tmp_path / "facts.yaml"
    bad.write_text(
        'kind: facts\nschema_version: "1.0"\nplan: qt-cctthc-2024\nsubmissions:\n'
        '  - {obligation: iii-1-b-de-nghi-cong-bo-nhom-b, instance: null, agency: so-tu-phapp, date: "2024-05-20"}\n'
        'events:\n  - {trigger: ttg-phe-duyet, date: "2024-10-10"}\n',
        encoding="utf-8",
    )
    with pytest.raises(kehoach.InvalidFacts) as info:
        kehoach.load_facts([bad], spec)
    got = [(p.line, p.code) for p in info.value.problems]
    assert got == [(5, "unresolved-ref"), (7, "unresolved-ref")]
    assert info.value.problems[0].hint == "did you mean 'so-tu-phap'?"
    schema_bad = tmp_path / "schema.yaml"
    schema_bad.write_text(
        'kind: facts\nschema_version: "1.0"\nplan: qt-cctthc-2024\nmeasurements:\n'
        '  - {indicator: pl-1-1, agency: so-tu-phap, period: "2024", date: "2024-02-30", value: -5}\n',
        encoding="utf-8",
    )  # two schema problems (a value is never negative; the cap of a % rate is a check against the plan)
    with pytest.raises(kehoach.InvalidFacts) as info2:
        kehoach.load_facts([schema_bad], spec)
    assert {p.line for p in info2.value.problems} == {5}
    assert len(info2.value.problems) == 2


def test_spec_digest_is_deterministic_and_content_bound(tmp_path: Path) -> None:
    import shutil

    from kehoach.model import spec_digest

    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(bundled_spec_dir(), a)
    shutil.copytree(bundled_spec_dir(), b)
    assert spec_digest(a) == spec_digest(b) == kehoach.load_library(a).digest
    plan = b / "plan.yaml"
    plan.write_bytes(plan.read_bytes() + b"\n# changed\n")
    assert spec_digest(b) != spec_digest(a)
