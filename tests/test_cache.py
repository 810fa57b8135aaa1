"""The on-disk cache: a hit gives the same answer, any change to the spec is a miss, and a broken
or unwritable cache is ignored (never an error, never a stale answer)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import kehoach
from kehoach import cache


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
