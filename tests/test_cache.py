"""The spec cache: a hit gives the same answer, any change to the spec, the code or the libraries is a
miss, and a broken, hostile or unwritable cache is ignored (never an error, never a stale answer).
The process-level behaviour (the CLI with such a cache) is in tests/test_entry.py."""
from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kehoach
from kehoach import api, cache
from kehoach.library import Library
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


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The spec directories validated from scratch (a cache miss) during the test."""
    seen: list[Path] = []
    real = api._plain_documents

    def counting(root: Path) -> dict[str, Any]:
        seen.append(root)
        return real(root)

    monkeypatch.setattr(api, "_plain_documents", counting)
    return seen


def _answer(spec: Path) -> dict[str, Any]:
    loaded = kehoach.load_library(spec)
    return kehoach.to_json_data(kehoach.due(loaded, "so-tu-phap", "2024-09-30"))


def _entry(cache_dir: Path) -> Path:
    (entry,) = cache_dir.glob("spec-*.json")
    return entry


def _key(spec: Path) -> str:
    return cache.entry_key("spec", cache.spec_digest(spec))


def _stored(entry: Path) -> Any:
    head, _, body = entry.read_bytes().partition(b"\n")
    assert head.split(b" ")[0] == cache.FORMAT.encode()
    return json.loads(body)


def _forge(entry: Path, key: str, value: Any) -> None:
    """Write ``value`` as a well-formed entry (right header, length and digest): only the content checks
    of the reader can refuse it."""
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    entry.write_bytes(f"{cache.FORMAT} {key} {len(body)} {hashlib.sha256(body).hexdigest()}\n".encode() + body)


# --------------------------------------------------------------------------- hits and misses


def test_second_load_is_served_from_the_cache_with_the_same_answer(spec_copy: Path, cache_dir: Path,
                                                                   validations: list[Path]) -> None:
    first = _answer(spec_copy)
    entry = _entry(cache_dir)
    assert _answer(spec_copy) == first
    assert validations == [spec_copy]  # validated once, then served from the entry
    assert _entry(cache_dir) == entry


def test_a_changed_spec_is_a_cache_miss(spec_copy: Path, cache_dir: Path) -> None:
    before = _answer(spec_copy)
    plan = spec_copy / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "    default: exclusive\n" in text
    plan.write_text(text.replace("    default: exclusive\n", "    default: inclusive\n", 1), encoding="utf-8")
    after = _answer(spec_copy)
    assert before["spec"] != after["spec"]
    dues = {o["id"]: o["due"] for o in after["obligations"]}
    assert dues["iii-1-b-de-nghi-cong-bo-nhom-b"] == "2024-05-31"
    assert len(list(cache_dir.glob("spec-*.json"))) == 2


def test_an_invalid_spec_is_never_served_from_a_cache(spec_copy: Path, cache_dir: Path) -> None:
    _answer(spec_copy)
    plan = spec_copy / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("kind: plan", "kind: plan\nbogus: 1", 1), encoding="utf-8")
    with pytest.raises(kehoach.SpecError) as info:
        kehoach.load_library(spec_copy)
    assert [p.code for p in info.value.problems] == ["unknown-key"]


def test_the_key_covers_the_code_and_the_library_versions(spec_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digest = cache.spec_digest(spec_copy)
    key = cache.entry_key("spec", digest)
    assert digest in key
    monkeypatch.setattr(cache, "_memo", {})
    real = cache.library_versions()
    monkeypatch.setattr(cache, "library_versions", lambda: {**real, "holidays": "0.110"})
    assert cache.entry_key("spec", digest) != key  # another holidays: another calendar, another entry
    monkeypatch.setattr(cache, "_memo", {})
    monkeypatch.setattr(cache, "library_versions", lambda: real)
    assert cache.entry_key("spec", digest) == key


def test_library_versions_are_those_installed() -> None:
    from importlib.metadata import version

    found = cache.library_versions()
    assert found["holidays"] == version("holidays")
    assert found["pyyaml"] == version("pyyaml")
    assert found["jsonschema"] == version("jsonschema")


def test_digest_depends_on_names_and_bytes(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"x")
    one = cache.spec_digest(tmp_path)
    (tmp_path / "a.yaml").rename(tmp_path / "b.yaml")
    two = cache.spec_digest(tmp_path)
    (tmp_path / "b.yaml").write_bytes(b"y")
    three = cache.spec_digest(tmp_path)
    assert len({one, two, three}) == 3


def test_empty_cache_dir_setting_turns_caching_off(spec_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEHOACH_CACHE_DIR", "")
    assert cache.cache_dir() is None
    assert cache.write_entry("spec-x", {}) is False
    assert cache.read_entry("spec-x") is None
    assert _answer(spec_copy)["obligations"]


def test_an_entry_is_read_back_only_under_its_own_key(cache_dir: Path) -> None:
    assert cache.write_entry("spec-a", {"n": 1}) is True
    assert cache.read_entry("spec-a") == {"n": 1}
    assert cache.read_entry("spec-b") is None
    (entry,) = cache_dir.glob("spec-*.json")
    entry.rename(cache_dir / cache._file_name("spec-b"))  # another key's file name, this key's header
    assert cache.read_entry("spec-b") is None


# --------------------------------------------------------------------------- hostile entries on disk


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _with_header(key: str, body: bytes) -> bytes:
    return f"{cache.FORMAT} {key} {len(body)} {hashlib.sha256(body).hexdigest()}\n".encode() + body


def _garbage(entry: Path, key: str) -> None:
    entry.write_bytes(b"{not json")


def _truncated(entry: Path, key: str) -> None:
    data = entry.read_bytes()
    entry.write_bytes(data[: len(data) // 2])


def _truncated_header(entry: Path, key: str) -> None:
    entry.write_bytes(entry.read_bytes()[:30])


def _empty(entry: Path, key: str) -> None:
    entry.write_bytes(b"")


def _nested_json(entry: Path, key: str) -> None:
    entry.write_bytes(_with_header(key, _nested(200_000)))


def _nested_bare(entry: Path, key: str) -> None:
    entry.write_bytes(_nested(200_000))


def _not_utf8(entry: Path, key: str) -> None:
    entry.write_bytes(_with_header(key, b'{"documents": "\xff\xfe"}'))


def _bad_header_bytes(entry: Path, key: str) -> None:
    entry.write_bytes(b"\xff" * 40 + b"\n{}")


def _other_format(entry: Path, key: str) -> None:
    entry.write_bytes(entry.read_bytes().replace(cache.FORMAT.encode(), b"kehoach-cache/1", 1))


def _flipped_byte(entry: Path, key: str) -> None:
    data = bytearray(entry.read_bytes())
    data[-100] ^= 0x01
    entry.write_bytes(bytes(data))


def _directory(entry: Path, key: str) -> None:
    entry.unlink()
    entry.mkdir()
    (entry / "x").write_text("x", encoding="utf-8")


def _fifo(entry: Path, key: str) -> None:
    entry.unlink()
    os.mkfifo(entry)


def _symlink_to_a_good_entry(entry: Path, key: str) -> None:
    good = entry.with_name("elsewhere")
    entry.rename(good)
    entry.symlink_to(good)


def _symlink_to_a_device(entry: Path, key: str) -> None:
    entry.unlink()
    entry.symlink_to("/dev/zero")


def _dangling_symlink(entry: Path, key: str) -> None:
    entry.unlink()
    entry.symlink_to(entry.with_name("nowhere"))


def _huge(entry: Path, key: str) -> None:
    with entry.open("r+b") as fh:
        fh.truncate(cache.MAX_ENTRY_BYTES + 1)  # sparse: costs no disk


HOSTILE: dict[str, Callable[[Path, str], None]] = {
    "garbage": _garbage,
    "truncated": _truncated,
    "truncated-header": _truncated_header,
    "empty": _empty,
    "nested-json": _nested_json,
    "nested-json-no-header": _nested_bare,
    "not-utf8": _not_utf8,
    "bad-header-bytes": _bad_header_bytes,
    "other-format": _other_format,
    "flipped-byte": _flipped_byte,
    "directory": _directory,
    "fifo": _fifo,
    "symlink-to-a-good-entry": _symlink_to_a_good_entry,
    "symlink-to-a-device": _symlink_to_a_device,
    "dangling-symlink": _dangling_symlink,
    "huge": _huge,
}


@pytest.mark.parametrize("damage", list(HOSTILE.values()), ids=list(HOSTILE))
def test_a_hostile_entry_is_a_miss_with_the_same_answer(spec_copy: Path, cache_dir: Path, validations: list[Path],
                                                        damage: Callable[[Path, str], None]) -> None:
    first = _answer(spec_copy)
    entry = _entry(cache_dir)
    key = _key(spec_copy)
    damage(entry, key)
    assert cache.read_entry(key) is None
    validations.clear()
    assert _answer(spec_copy) == first
    assert validations == [spec_copy]  # a miss: validated again


@pytest.mark.parametrize("damage", [_garbage, _truncated, _fifo, _symlink_to_a_good_entry, _dangling_symlink],
                         ids=["garbage", "truncated", "fifo", "symlink", "dangling-symlink"])
def test_a_hostile_file_entry_is_replaced_by_a_good_one(spec_copy: Path, cache_dir: Path,
                                                        damage: Callable[[Path, str], None]) -> None:
    _answer(spec_copy)
    entry = _entry(cache_dir)
    good = entry.read_bytes()
    damage(entry, _key(spec_copy))
    _answer(spec_copy)
    assert stat.S_ISREG(os.lstat(entry).st_mode)  # os.replace put a regular file in place of the link/FIFO
    assert entry.read_bytes() == good
    assert not list(cache_dir.glob(".tmp-*"))


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a mode-000 file (the directory case covers it)")
def test_an_unreadable_entry_is_a_miss(spec_copy: Path, cache_dir: Path) -> None:
    first = _answer(spec_copy)
    entry = _entry(cache_dir)
    entry.chmod(0)
    try:
        assert cache.read_entry(_key(spec_copy)) is None
        assert _answer(spec_copy) == first
    finally:
        entry.chmod(0o600)


# --------------------------------------------------------------------------- well-formed entries with a defect


def _drop(name: str) -> Callable[[dict[str, Any]], object]:
    return lambda value: value.pop(name)


DEFECTS: dict[str, Callable[[dict[str, Any]], object]] = {
    "not-an-object": lambda v: v.clear(),
    "no-documents": _drop("documents"),
    "no-calendar": _drop("calendar"),
    "no-name-index": _drop("registry_index"),
    "extra-key": lambda v: v.update(extra=1),
    "documents-a-list": lambda v: v.update(documents=[]),
    "no-plan": lambda v: v["documents"].pop("plan"),
    "plan-a-string": lambda v: v["documents"].update(plan="plan"),
    "plan-list-empty": lambda v: v["documents"].update(plan=[]),
    "plan-a-bare-object": lambda v: v["documents"].update(plan=v["documents"]["plan"][0]),
    "plan-of-another-kind": lambda v: v["documents"]["plan"][0].update(kind="registry"),
    "unknown-document": lambda v: v["documents"].update(facts=[{"kind": "facts"}]),
    "agencies-not-a-list": lambda v: v["documents"]["registry"][0].update(agencies=5),
    "agency-without-id": lambda v: v["documents"]["registry"][0]["agencies"][0].pop("id"),
    "duties-not-a-list": lambda v: v["documents"]["plan"][0].update(duties=5),
    "period-end-not-a-date": lambda v: v["documents"]["plan"][0]["period"].update(end="soon"),
    "calendar-a-list": lambda v: v.update(calendar=[]),
    "calendar-bad-date": lambda v: v["calendar"]["days_off"].append("2024-02-30"),
    "calendar-date-not-text": lambda v: v["calendar"]["days_off"].append(20240102),
    "calendar-long-date": lambda v: v["calendar"]["days_off"].append("2024-01-02T00:00"),
    "calendar-day-off-on-a-sunday": lambda v: v["calendar"]["days_off"].append("2024-06-02"),
    "calendar-working-weekday": lambda v: v["calendar"]["working_weekend_days"].append("2024-06-03"),
    "calendar-day-of-another-year": lambda v: v["calendar"]["days_off"].append("1999-06-01"),
    "calendar-year-not-an-int": lambda v: v["calendar"]["years"].append("2024"),
    "calendar-year-a-bool": lambda v: v["calendar"]["years"].append(True),
    "calendar-year-absurd": lambda v: v["calendar"]["years"].append(10**30),
    "index-names-unknown-agency": lambda v: v["registry_index"]["strict"].update({"sở tư pháp": ["no-such-agency"]}),
    "index-table-missing": lambda v: v["registry_index"].pop("strict"),
    "index-table-not-a-dict": lambda v: v["registry_index"].update(strict=[]),
    "index-ids-not-a-list": lambda v: v["registry_index"]["loose"].update({"so tu phap": "so-tu-phap"}),
    "index-empty-key": lambda v: v["registry_index"]["strict"].update({"": ["so-tu-phap"]}),
    "index-no-ids": lambda v: v["registry_index"]["bare"].update({"gio châu": []}),
    "index-extra-table": lambda v: v["registry_index"].update(extra={}),
}


@pytest.mark.parametrize("defect", list(DEFECTS.values()), ids=list(DEFECTS))
def test_a_well_formed_entry_with_a_defect_is_a_miss(spec_copy: Path, cache_dir: Path, validations: list[Path],
                                                     defect: Callable[[dict[str, Any]], object]) -> None:
    first = _answer(spec_copy)
    entry = _entry(cache_dir)
    stored = _stored(entry)
    value = json.loads(json.dumps(stored))
    defect(value)
    key = _key(spec_copy)
    _forge(entry, key, value)
    assert cache.read_entry(key) == value  # the file itself is sound: the content check refuses it
    assert api._spec_from_cache(key, cache.spec_digest(spec_copy)) is None
    validations.clear()
    assert _answer(spec_copy) == first
    assert validations == [spec_copy]
    assert _stored(entry) == stored  # rewritten whole


def test_a_forged_but_sound_entry_is_a_hit(spec_copy: Path, cache_dir: Path, validations: list[Path]) -> None:
    """The control for the defects above: re-forging the entry unchanged still hits."""
    first = _answer(spec_copy)
    entry = _entry(cache_dir)
    _forge(entry, _key(spec_copy), _stored(entry))
    validations.clear()
    assert _answer(spec_copy) == first
    assert validations == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


@functools.cache
def _good_entry() -> tuple[Any, tuple[tuple[str | int, ...], ...]]:
    """A sound spec entry of the bundled spec, and the path of every value inside it."""
    import tempfile

    from kehoach.resources import bundled_spec_dir

    with tempfile.TemporaryDirectory() as where:
        before = os.environ.get("KEHOACH_CACHE_DIR")
        os.environ["KEHOACH_CACHE_DIR"] = where
        try:
            kehoach.load_spec(bundled_spec_dir(), plan="qt-cctthc-2024")
            stored = _stored(_entry(Path(where)))
        finally:
            if before is None:
                del os.environ["KEHOACH_CACHE_DIR"]
            else:
                os.environ["KEHOACH_CACHE_DIR"] = before
    paths: list[tuple[str | int, ...]] = []

    def walk(node: Any, at: tuple[str | int, ...]) -> None:
        paths.append(at)
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for k, v in items:
            walk(v, (*at, k))

    walk(stored, ())
    return stored, tuple(paths[1:])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), value=_JSON, where=st.integers(min_value=0))
def test_any_bytes_or_any_value_anywhere_in_an_entry_never_raise(data: bytes, value: Any, where: int,
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "fuzz-cache"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(home))
    key = "spec-fuzz"
    path = home / cache._file_name(key)
    path.write_bytes(data)
    assert cache.read_entry(key) is None  # random bytes never carry a right header, length and digest
    path.write_bytes(_with_header(key, json.dumps(value).encode()))
    assert cache.read_entry(key) == value
    assert api._spec_from_cache(key, "digest") is None
    good, paths = _good_entry()
    damaged = json.loads(json.dumps(good))
    *parents, last = paths[where % len(paths)]
    node = damaged
    for step in parents:
        node = node[step]
    node[last] = value
    path.write_bytes(_with_header(key, json.dumps(damaged).encode()))
    loaded = api._spec_from_cache(key, "digest")  # a miss, or a spec: never an exception
    assert loaded is None or isinstance(loaded, Library)


# --------------------------------------------------------------------------- writes that cannot happen


def test_an_unwritable_cache_is_ignored(spec_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(blocker / "cache"))  # a path under a regular file
    assert _answer(spec_copy)["obligations"]


@pytest.mark.parametrize("where", ["/proc/kehoach-cache", "/dev/full/cache", "/dev/null"])
def test_a_cache_dir_that_cannot_be_written_is_ignored(spec_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                       where: str) -> None:
    monkeypatch.setenv("KEHOACH_CACHE_DIR", where)
    assert cache.write_entry("spec-x", {"n": 1}) is False
    assert cache.read_entry("spec-x") is None
    assert _answer(spec_copy)["obligations"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only directory (the cases above cover it)")
def test_a_read_only_cache_dir_is_ignored(spec_copy: Path, cache_dir: Path) -> None:
    cache_dir.mkdir()
    cache_dir.chmod(0o500)
    try:
        assert _answer(spec_copy)["obligations"]
        assert list(cache_dir.iterdir()) == []
    finally:
        cache_dir.chmod(0o700)


@pytest.mark.parametrize("failing", ["fdopen", "replace"])
def test_a_full_disk_leaves_no_temporary_file(spec_copy: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                              failing: str) -> None:
    def full(*args: object, **kwargs: object) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, failing, full)
    assert _answer(spec_copy)["obligations"]
    assert list(cache_dir.iterdir()) == []


def test_a_value_that_cannot_be_stored_is_not_stored(cache_dir: Path) -> None:
    assert cache.write_entry("spec-x", {"n": float("nan")}) is True  # json allows NaN: read back equal
    loop: list[Any] = []
    loop.append(loop)
    assert cache.write_entry("spec-y", loop) is False
    assert cache.write_entry("spec y", {}) is False  # a key with a space cannot be a header field
    assert sorted(p.name for p in cache_dir.iterdir()) == [cache._file_name("spec-x")]


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
    import yaml

    from kehoach.resources import bundled_spec_dir

    data = yaml.load((bundled_spec_dir() / "registry.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    assert isinstance(data, dict) and data["kind"] == "registry"
    return data


def test_a_spec_cache_hit_carries_the_name_index_and_resolves_identically(spec_copy: Path, cache_dir: Path) -> None:
    kehoach.load_library(spec_copy)
    stored = _stored(_entry(cache_dir))
    assert sorted(stored["registry_index"]) == ["bare", "bare_loose", "loose", "strict"]
    hit = kehoach.load_library(spec_copy)
    assert "index" in hit.registry._cache  # adopted from the cache, not built
    docs = stored["documents"]  # the same library, built without the stored index
    fresh = kehoach.Library.build(docs["plan"], docs["registry"], docs.get("sources") or ()).registry
    assert "index" not in fresh._cache
    names = [n for a in fresh.agencies.values() for n in (a.id, a.name, *a.aliases)]
    for query in (*_QUERIES, *names):
        assert _outcome(hit.registry, query) == _outcome(fresh, query), query
    assert hit.registry.index_data() == fresh.index_data()


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


# --------------------------------------------------------------------------- the spec directory itself


def test_a_symlink_added_after_caching_is_not_served_from_the_cache(spec_copy: Path, cache_dir: Path,
                                                                   tmp_path: Path) -> None:
    _answer(spec_copy)
    outside = tmp_path / "outside.yaml"
    outside.write_text("kind: plan\n", encoding="utf-8")
    (spec_copy / "plan2.yaml").symlink_to(outside)
    with pytest.raises(kehoach.SpecError) as info:
        kehoach.load_library(spec_copy)
    assert "not-followed" in [p.code for p in info.value.problems]


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_a_symlinked_spec_directory_is_refused_warm_or_cold(spec_copy: Path, cache_dir: Path, tmp_path: Path,
                                                            warm: bool) -> None:
    link = tmp_path / "link"
    link.symlink_to(spec_copy)
    if warm:
        _answer(spec_copy)  # the same bytes are cached under the real directory
    with pytest.raises(kehoach.SpecError) as info:
        kehoach.load_library(link)
    assert [(p.file, p.code) for p in info.value.problems] == [(str(link), "not-followed")]


def test_a_file_given_as_spec_says_so(spec_copy: Path) -> None:
    with pytest.raises(kehoach.SpecError) as info:
        kehoach.load_library(spec_copy / "plan.yaml")
    assert info.value.problems[0].message == "is a file, not a spec directory"
