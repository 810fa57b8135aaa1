"""The on-disk cache: a hit gives the same answer, any change to the spec is a miss, and a broken
or unwritable cache is ignored (never an error, never a stale answer)."""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kehoach
from kehoach import cache
from kehoach.registry import Registry


@pytest.fixture
def spec_copy(tmp_path: Path, spec_dir: Path) -> Path:
    target = tmp_path / "spec"
    shutil.copytree(spec_dir, target)
    return target


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(where))
    return where


def _answer(spec: Path) -> dict[str, object]:
    loaded = kehoach.load_spec(spec)
    return kehoach.to_json_data(kehoach.due(loaded, "so-tu-phap", "2024-09-30"))


def test_second_load_is_served_from_the_cache_with_the_same_answer(spec_copy: Path, cache_dir: Path) -> None:
    first = _answer(spec_copy)
    entries = sorted(cache_dir.glob("spec-*.json"))
    assert len(entries) == 1
    assert _answer(spec_copy) == first
    assert sorted(cache_dir.glob("spec-*.json")) == entries


def test_a_changed_spec_is_a_cache_miss(spec_copy: Path, cache_dir: Path) -> None:
    before = _answer(spec_copy)
    plan = spec_copy / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "    default: exclusive\n" in text
    plan.write_text(text.replace("    default: exclusive\n", "    default: inclusive\n", 1), encoding="utf-8")
    after = _answer(spec_copy)
    assert before["spec"] != after["spec"]  # type: ignore[index]
    dues = {o["id"]: o["due"] for o in after["obligations"]}  # type: ignore[index, union-attr]
    assert dues["iii-1-b-de-nghi-cong-bo-nhom-b"] == "2024-05-31"
    assert len(list(cache_dir.glob("spec-*.json"))) == 2


def test_an_invalid_spec_is_never_served_from_a_cache(spec_copy: Path, cache_dir: Path) -> None:
    _answer(spec_copy)
    plan = spec_copy / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("kind: plan", "kind: plan\nbogus: 1", 1), encoding="utf-8")
    with pytest.raises(kehoach.SpecError) as info:
        kehoach.load_spec(spec_copy)
    assert [p.code for p in info.value.problems] == ["unknown-key"]


def test_a_corrupt_cache_entry_is_ignored(spec_copy: Path, cache_dir: Path) -> None:
    first = _answer(spec_copy)
    for entry in cache_dir.glob("spec-*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert _answer(spec_copy) == first
    for entry in cache_dir.glob("spec-*.json"):
        json.loads(entry.read_text(encoding="utf-8"))  # rewritten whole


def test_an_unwritable_cache_is_ignored(spec_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(blocker / "cache"))  # a path under a regular file
    assert _answer(spec_copy)["obligations"]


def test_empty_cache_dir_setting_turns_caching_off(spec_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEHOACH_CACHE_DIR", "")
    assert cache.cache_dir() is None
    assert _answer(spec_copy)["obligations"]


def test_digest_depends_on_names_and_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"x")
    one = cache.spec_digest(tmp_path)
    (tmp_path / "a.yaml").rename(tmp_path / "b.yaml")
    two = cache.spec_digest(tmp_path)
    (tmp_path / "b.yaml").write_bytes(b"y")
    three = cache.spec_digest(tmp_path)
    assert len({one, two, three}) == 3


# --------------------------------------------------------------------------- the registry name index

_QUERIES = (
    "so-tu-phap", "Sở Tư pháp", "so tu phap", "SỞ TƯ PHÁP", "VP UBND tỉnh", "UBND huyện Gio Linh",
    "ubnd huyen gio linh", "Hướng Hoá", "TP Đông Hà", "Đakrông", "Sở Văn hóa", "Gio Châu",
    "Phường 1, Đông Hà", "UBND phường 1", "Phường 1", "P.1 Đông Hà", "Sở Tư", "xyz không có", "so tu phapp",
)


def _outcome(registry: Registry, query: str) -> tuple[str, object]:
    try:
        return "ok", registry.resolve(query).id
    except kehoach.AmbiguousAgency as exc:
        return "ambiguous", list(exc.candidates)
    except kehoach.UnknownAgency as exc:
        return "unknown", list(exc.suggestions)


def _registry_data() -> dict[str, Any]:
    import yaml  # type: ignore[import-untyped]

    from kehoach.resources import bundled_spec_dir

    data = yaml.load((bundled_spec_dir() / "registry.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    assert isinstance(data, dict) and data["kind"] == "registry"
    return data


def test_a_spec_cache_hit_carries_the_name_index_and_resolves_identically(spec_copy: Path, cache_dir: Path) -> None:
    kehoach.load_spec(spec_copy)
    (entry,) = cache_dir.glob("spec-*.json")
    stored = json.loads(entry.read_text(encoding="utf-8"))
    assert sorted(stored["registry_index"]) == ["bare", "bare_loose", "loose", "strict"]
    hit = kehoach.load_spec(spec_copy)
    assert "index" in hit.registry._cache  # adopted from the cache, not built
    fresh = Registry.from_data(stored["documents"]["registry"])
    assert "index" not in fresh._cache
    names = [n for a in fresh.agencies.values() for n in (a.id, a.name, *a.aliases)]
    for query in (*_QUERIES, *names):
        assert _outcome(hit.registry, query) == _outcome(fresh, query), query
    assert hit.registry.index_data() == fresh.index_data()


@pytest.mark.parametrize(
    "damage",
    [
        lambda ix: ix.pop("strict"),
        lambda ix: ix.update(strict=[]),
        lambda ix: ix["strict"].update({"sở tư pháp": ["no-such-agency"]}),
        lambda ix: ix["loose"].update({"so tu phap": "so-tu-phap"}),
        lambda ix: ix["strict"].update({"": ["so-tu-phap"]}),
        lambda ix: ix["bare"].update({"gio châu": []}),
        lambda ix: ix.update(extra={}),
    ],
    ids=["missing-table", "table-not-a-dict", "unknown-id", "ids-not-a-list", "empty-key", "no-ids", "extra-table"],
)
def test_a_corrupt_name_index_is_ignored(spec_copy: Path, cache_dir: Path, damage: Callable[[dict[str, Any]], object]) -> None:
    kehoach.load_spec(spec_copy)
    (entry,) = cache_dir.glob("spec-*.json")
    stored = json.loads(entry.read_text(encoding="utf-8"))
    damage(stored["registry_index"])
    entry.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    hit = kehoach.load_spec(spec_copy)
    assert "index" not in hit.registry._cache  # rejected: built again on first use
    assert _outcome(hit.registry, "Sở Tư pháp") == ("ok", "so-tu-phap")
    assert _outcome(hit.registry, "so tu phap") == ("ok", "so-tu-phap")
    assert _outcome(hit.registry, "Gio Châu")[0] == "ok"
    assert _answer(spec_copy)["agency"]["id"] == "so-tu-phap"  # type: ignore[index]


def test_a_cache_entry_without_an_index_still_answers(spec_copy: Path, cache_dir: Path) -> None:
    first = _answer(spec_copy)
    (entry,) = cache_dir.glob("spec-*.json")
    stored = json.loads(entry.read_text(encoding="utf-8"))
    del stored["registry_index"]
    entry.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    assert _answer(spec_copy) == first


def test_an_index_from_another_registry_is_ignored() -> None:
    data = _registry_data()
    full = Registry.from_data(data)
    agencies = [a for a in data["agencies"] if a["id"] != "so-tu-phap"]
    smaller = Registry.from_data({**data, "agencies": agencies}, index=full.index_data())
    assert "index" not in smaller._cache
    assert _outcome(smaller, "Sở Tư pháp")[0] == "unknown"
    same = Registry.from_data(data, index=full.index_data())
    assert "index" in same._cache
    assert [_outcome(same, q) for q in _QUERIES] == [_outcome(full, q) for q in _QUERIES]


def test_a_symlink_added_after_caching_is_not_served_from_the_cache(spec_copy: Path, cache_dir: Path,
                                                                   tmp_path: Path) -> None:
    _answer(spec_copy)
    outside = tmp_path / "outside.yaml"
    outside.write_text("kind: plan\n", encoding="utf-8")
    (spec_copy / "plan2.yaml").symlink_to(outside)
    with pytest.raises(kehoach.SpecError) as info:
        kehoach.load_spec(spec_copy)
    assert "not-followed" in [p.code for p in info.value.problems]


def test_a_file_given_as_spec_says_so(spec_copy: Path) -> None:
    with pytest.raises(kehoach.SpecError) as info:
        kehoach.load_spec(spec_copy / "plan.yaml")
    assert info.value.problems[0].message == "is a file, not a spec directory"
