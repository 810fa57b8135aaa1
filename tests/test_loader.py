"""Strict loader: one fixture directory per failure mode, each with its exact expected problems.

``tests/cases/invalid/<failure>/expected.txt`` lists ``file:line:col code`` lines; the problems
found in the directory must be exactly those.  Cases that cannot live in git (symlinks, FIFOs,
huge files) are built in ``tmp_path``.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from kehoach.loader import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Node,
    load_bytes,
    load_file,
    resolve_plain,
)
from kehoach.validate import validate_paths

CASES = Path(__file__).resolve().parent / "cases"
INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (CASES / "valid").iterdir() if p.is_dir())


def found_in(directory: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(directory)
    result = validate_paths([Path(".")])
    return sorted(f"{p.location()} {p.code}" for p in result.problems)


def expected_in(directory: Path) -> list[str]:
    lines = (directory / "expected.txt").read_text(encoding="utf-8").splitlines()
    return sorted(line for line in lines if line.strip())


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.perf_counter()
    assert found_in(case, monkeypatch) == expected_in(case)
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("case", VALID, ids=[p.name for p in VALID])
def test_valid_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert found_in(case, monkeypatch) == []


def test_every_invalid_case_names_its_problems() -> None:
    assert len(INVALID) >= 30
    for case in INVALID:
        assert expected_in(case), case.name


def test_bom_and_crlf_give_the_same_data_as_plain_utf8() -> None:
    plain = (CASES / "valid" / "sources-minimal" / "index.yaml").read_bytes()
    crlf = (CASES / "valid" / "bom-crlf" / "index.yaml").read_bytes()
    a, b = load_bytes(plain, "a"), load_bytes(crlf, "b")
    assert a.problems == [] and b.problems == []
    assert a.node is not None and b.node is not None
    assert a.node.plain() == b.node.plain()
    assert b.node.get("documents", 0, "date") is not None
    assert b.node.get("documents", 0, "date").line == 8  # type: ignore[union-attr]


def test_nfd_file_gives_nfc_data() -> None:
    nfc = load_bytes((CASES / "valid" / "sources-minimal" / "index.yaml").read_bytes(), "a")
    nfd = load_bytes((CASES / "valid" / "nfd-text" / "index.yaml").read_bytes(), "b")
    assert nfc.node is not None and nfd.node is not None
    assert nfc.node.plain() == nfd.node.plain()
    assert nfd.node.plain()["documents"][0]["issuer"] == "Thủ tướng Chính phủ"


def test_node_positions_paths_and_get() -> None:
    result = load_bytes(b"kind: sources\nlist:\n  - id: a\n    count: 3\n  - {id: b, x: 1.5}\n", "f.yaml")
    root = result.node
    assert result.problems == [] and root is not None
    assert root.plain() == {"kind": "sources", "list": [{"id": "a", "count": 3}, {"id": "b", "x": 1.5}]}
    n = root.get("list", 0, "count")
    assert n is not None
    assert (n.file, n.line, n.col, n.key_line, n.key_col, n.path) == ("f.yaml", 4, 12, 4, 5, ("list", 0, "count"))
    second = root.get("list", 1)
    assert second is not None and (second.line, second.col, second.path) == (5, 5, ("list", 1))
    assert root.get("list", 2) is None
    assert root.get("missing") is None
    assert root.get("kind", "deeper") is None
    assert [node.path for node in root.walk()][:3] == [(), ("kind",), ("list",)]
    assert isinstance(root, Node)


@pytest.mark.parametrize(
    ("text", "value", "code"),
    [
        ("true", True, None), ("False", False, None), ("~", None, None), ("null", None, None), ("", None, None),
        ("42", 42, None), ("-7", -7, None), ("0", 0, None), ("1.5", 1.5, None), ("1e3", 1000.0, None),
        ("yes", "yes", "yaml11-boolean"), ("Off", "Off", "yaml11-boolean"), ("y", "y", "yaml11-boolean"),
        ("010", "010", "ambiguous-number"), ("0x1F", "0x1F", "ambiguous-number"),
        ("0o17", "0o17", "ambiguous-number"), ("0b101", "0b101", "ambiguous-number"),
        ("1_000", "1_000", "ambiguous-number"), ("1:20", "1:20", "ambiguous-number"),
        ("190:20:30", "190:20:30", "ambiguous-number"),
        ("2024-05-31", "2024-05-31", "unquoted-date"), ("2024-05-31T10:00:00Z", "2024-05-31T10:00:00Z",
                                                        "unquoted-date"),
        (".nan", ".nan", "non-finite-number"), ("-.inf", "-.inf", "non-finite-number"),
        ("1e999", "1e999", "non-finite-number"), ("9" * 51, "9" * 51, "number-too-long"),
        ("III.2.a", "III.2.a", None), ("Số: /KH-UBND", "Số: /KH-UBND", None), ("PL.1.6", "PL.1.6", None),
    ],
)
def test_plain_scalar_resolution(text: str, value: object, code: str | None) -> None:
    got, issue = resolve_plain(text)
    assert got == value and type(got) is type(value)
    assert (issue.code if issue else None) == code


def test_core_tags_are_accepted() -> None:
    result = load_bytes(b"a: !!str 010\nb: !!int '12'\nc: !!float 1\nd: !!bool true\ne: !!null ''\n"
                        b"f: !!map {x: 1}\ng: !!seq [1]\n", "f")
    assert result.problems == []
    assert result.node is not None
    assert result.node.plain() == {"a": "010", "b": 12, "c": 1.0, "d": True, "e": None, "f": {"x": 1}, "g": [1]}


def test_too_deep_flow_nesting_is_fast(tmp_path: Path) -> None:
    started = time.perf_counter()
    result = load_bytes(b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n", "deep.yaml")
    assert time.perf_counter() - started < 2.0
    assert [p.code for p in result.problems] == ["too-deep"]
    assert result.node is None


def test_too_deep_block_nesting_is_fast() -> None:
    started = time.perf_counter()
    result = load_bytes(b"- " * 10_000 + b"x\n", "deep.yaml")
    assert time.perf_counter() - started < 2.0
    assert [(p.location(), p.code) for p in result.problems] == [(f"deep.yaml:1:{2 * MAX_DEPTH + 1}", "too-deep")]


def test_nesting_at_the_limit_is_fine() -> None:
    depth = MAX_DEPTH
    result = load_bytes(b"[" * depth + b"]" * depth, "ok.yaml")
    assert result.problems == []


def test_mapping_nesting_is_fast() -> None:
    started = time.perf_counter()
    result = load_bytes(b"{a: " * 10_000 + b"1" + b"}" * 10_000, "deep.yaml")
    assert time.perf_counter() - started < 2.0
    assert [p.code for p in result.problems] == ["too-deep"]


def test_file_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    result = load_file(big, display="big.yaml")
    assert [(p.location(), p.code) for p in result.problems] == [("big.yaml:1:1", "file-too-large")]
    assert [(p.code) for p in load_bytes(big.read_bytes(), "b").problems] == ["file-too-large"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_symlink_is_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("kind: sources\n", encoding="utf-8")
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / "link.yaml").symlink_to(outside)
    (spec / "linkdir").symlink_to(tmp_path)
    monkeypatch.chdir(spec)
    result = validate_paths([Path(".")])
    assert [(p.location(), p.code) for p in result.problems] == [
        ("link.yaml:1:1", "not-followed"), ("linkdir:1:1", "not-followed")]
    assert result.files == []
    assert [(p.code) for p in load_file(spec / "link.yaml").problems] == ["not-followed"]
    assert [(p.code) for p in validate_paths([Path("link.yaml")]).problems] == ["not-followed"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    monkeypatch.chdir(tmp_path)
    started = time.perf_counter()
    result = validate_paths([Path(".")])
    assert [(p.location(), p.code) for p in result.problems] == [("pipe.yaml:1:1", "not-a-regular-file")]
    assert [(p.code) for p in validate_paths([Path("pipe.yaml")]).problems] == ["not-a-regular-file"]
    assert [(p.code) for p in load_file(tmp_path / "pipe.yaml").problems] == ["not-a-regular-file"]
    assert time.perf_counter() - started < 2.0


def test_outside_root_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("kind: sources\n", encoding="utf-8")
    root = tmp_path / "spec"
    root.mkdir()
    assert [p.code for p in load_file(tmp_path / "a.yaml", root=root).problems] == ["outside-root"]


def test_discover_skips_hidden_and_non_yaml(tmp_path: Path) -> None:
    from kehoach.validate import discover

    (tmp_path / "b.yml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.yaml").write_text("x: 1\n", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)] == ["a.yaml", "b.yml", "sub/d.yaml"]


def test_every_code_in_the_cases_is_documented() -> None:
    from kehoach.messages import PROBLEM_CODES

    codes = {line.split()[1] for case in INVALID for line in expected_in(case)}
    assert codes <= set(PROBLEM_CODES)
    assert len(codes) >= 20


def test_pure_python_parser_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    text = (CASES / "valid" / "sources-minimal" / "index.yaml").read_bytes()
    with_c = load_bytes(text, "f")
    tricky = b"a: &x 1\nb: *x\nc: yes\nd: !!python/name:os.system x\n"
    tricky_c = [(p.location(), p.code) for p in load_bytes(tricky, "f").problems]
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    without_c = load_bytes(text, "f")
    assert with_c.node is not None and without_c.node is not None
    assert with_c.node.plain() == without_c.node.plain()
    assert [(p.location(), p.code) for p in load_bytes(tricky, "f").problems] == tricky_c
    assert [p.code for p in load_bytes(b"- " * 10_000 + b"x", "f").problems] == ["too-deep"]
