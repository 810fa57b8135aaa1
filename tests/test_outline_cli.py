"""``kehoach outline SOURCE``: a text file or a sources-index document id, printed as a tree or as JSON that
holds the answer contract's ``outline`` envelope; a SOURCE that is neither is a usage error (exit 2)."""
from __future__ import annotations

import json
from pathlib import Path

from _cli_query_support import REPO, run, spec_loaded_once  # noqa: F401 — autouse fixture
from jsonschema import Draft202012Validator

from kehoach.answer_schema import envelope_schema

HCM_FILE = REPO / "spec" / "sources" / "hcm-2820-qd-ubnd-2025-csdl-quy-hoach.txt"
VALIDATOR = Draft202012Validator(envelope_schema("outline"), format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_a_document_id_prints_the_tree() -> None:
    code, out, err = run("outline", "kh-cctthc-2024")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["header", "title-block"]
    assert "      III.2.a bullet 3  bullet      Trên cơ sở rà soát, tái cấu trúc quy trình, …" in lines
    assert any(line.startswith("        PL.1.6.3 ") and "sub-row" in line for line in lines)
    assert ["PL.2", "table", "(8", "rows)"] in [line.split() for line in lines]


def test_json_of_a_file_holds_the_outline_envelope() -> None:
    code, out, err = run("outline", str(HCM_FILE), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["source"] == {"document": None, "file": str(HCM_FILE)}
    assert [e.message for e in VALIDATOR.iter_errors(data)] == []
    assert [n["id"] for n in data["nodes"]][2:5] == ["Điều 1", "Điều 2", "Điều 3"]


def test_json_of_a_document_id_names_it_and_its_text_file() -> None:
    code, out, _ = run("outline", "qd-2820-2025-ubnd-hcm", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["source"] == {"document": "qd-2820-2025-ubnd-hcm",
                                            "file": "hcm-2820-qd-ubnd-2025-csdl-quy-hoach.txt"}
    assert not list(VALIDATOR.iter_errors(data))


def test_the_envelope_constrains() -> None:
    _, out, _ = run("outline", "kh-cctthc-2024", "--format", "json")
    data = json.loads(out)
    data["nodes"][0]["kind"] = "volume"
    data["nodes"][1]["start"] = -1
    assert sorted(e.validator for e in VALIDATOR.iter_errors(data)) == ["enum", "minimum"]


def test_an_unknown_source_is_a_usage_error_naming_the_documents_with_a_text() -> None:
    code, out, err = run("outline", "kh-khong-co")
    assert (code, out) == (2, "")
    assert err == ("Error: 'kh-khong-co' is neither a file nor a document of the sources index with a text; "
                   "documents with a text: kh-cctthc-2024, qd-2820-2025-ubnd-hcm\n")
    code, _, err = run("outline", "kh-khong-co", env={"KEHOACH_LANG": "vi"})
    assert code == 2 and "không phải là tệp" in err


def test_a_document_without_a_text_and_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    code, _, err = run("outline", "qd-104-2024-ttg")
    assert (code, err) == (2, "Error: document 'qd-104-2024-ttg' of the sources index has no text file\n")
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\xff\xfe\x00abc")
    code, _, err = run("outline", str(binary))
    assert (code, err) == (2, f"Error: {binary} is not UTF-8 text\n")


def test_another_spec_directory_is_searched_for_its_sources(tmp_path: Path) -> None:
    sources = tmp_path / "spec" / "sources"
    sources.mkdir(parents=True)
    (sources / "index.yaml").write_text(
        "kind: sources\nschema_version: '1.0'\ndocuments:\n  - {id: kh-thu, text: thu.txt}\n", encoding="utf-8")
    (sources / "thu.txt").write_text("I. MỤC TIÊU\n\n1. Một việc.\n", encoding="utf-8")
    code, out, _ = run("outline", "kh-thu", "--spec", str(tmp_path / "spec"))
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == ["I", "I.1"]
