"""JSON Schema errors become problems at the right line, with plain messages and the right codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kehoach.loader import load_bytes
from kehoach.schema import check_node, known_kinds
from kehoach.validate import validate_paths

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["kind", "items"],
    "properties": {
        "kind": {"const": "mini"},
        "items": {"type": "array", "items": {"$ref": "common.schema.json#/$defs/item"}},
        "when": {"oneOf": [{"$ref": "common.schema.json#/$defs/date"}, {"type": "null"}]},
        "level": {"enum": ["province", "district", "commune"]},
    },
}
COMMON = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {
        "date": {"type": "string", "format": "date"},
        "item": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "deadline"],
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z0-9]+(?:[-.][a-z0-9]+)*$"},
                "deadline": {"$ref": "#/$defs/date"},
                "count": {"type": "integer", "minimum": 1},
            },
        },
    },
}


@pytest.fixture
def schema_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "schema"
    directory.mkdir()
    (directory / "mini.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    (directory / "common.schema.json").write_text(json.dumps(COMMON), encoding="utf-8")
    return directory


def check(text: str, schema_dir: Path) -> list[tuple[str, str, str, str | None]]:
    loaded = load_bytes(text.encode("utf-8"), "f.yaml")
    assert loaded.problems == [] and loaded.node is not None
    return [(p.location(), p.code, p.message, p.hint) for p in check_node(loaded.node, "mini", "f.yaml", schema_dir)]


def test_known_kinds_skip_common(schema_dir: Path) -> None:
    assert known_kinds(schema_dir) == ["mini"]


def test_valid_document(schema_dir: Path) -> None:
    assert check('kind: mini\nitems:\n  - {id: a-1, deadline: "2024-08-31"}\nwhen: null\n', schema_dir) == []


def test_unknown_key_points_at_the_key_with_a_suggestion(schema_dir: Path) -> None:
    found = check('kind: mini\nitems:\n  - id: a\n    deadline: "2024-08-31"\n    dealine: "2024-08-31"\n', schema_dir)
    assert found == [("f.yaml:5:5", "unknown-key", "unknown key 'dealine' (did you mean 'deadline'?)",
                      "allowed keys here: count, deadline, id")]


def test_missing_key_points_at_the_parent_mapping(schema_dir: Path) -> None:
    found = check("kind: mini\nitems:\n  - id: a\n", schema_dir)
    assert found == [("f.yaml:3:5", "missing-key", "missing required key 'deadline'", None)]


def test_impossible_date_through_one_of(schema_dir: Path) -> None:
    found = check('kind: mini\nitems: []\nwhen: "2024-02-30"\n', schema_dir)
    assert found == [("f.yaml:3:7", "bad-date", "'2024-02-30' is not a valid date",
                      'write a real calendar date as "YYYY-MM-DD"')]


def test_impossible_date_through_ref(schema_dir: Path) -> None:
    found = check('kind: mini\nitems:\n  - {id: a, deadline: "2023-02-29"}\n', schema_dir)
    assert [f[:3] for f in found] == [("f.yaml:3:23", "bad-date", "'2023-02-29' is not a valid date")]


def test_wrong_type(schema_dir: Path) -> None:
    found = check("kind: mini\nitems: {}\n", schema_dir)
    assert [f[:3] for f in found] == [("f.yaml:2:8", "bad-type", "expected a list, found a mapping ({})")]


def test_number_where_text_expected_hints_to_quote(schema_dir: Path) -> None:
    found = check("kind: mini\nitems:\n  - {id: 12, deadline: \"2024-01-01\"}\n", schema_dir)
    assert found == [("f.yaml:3:10", "bad-type", "expected text, found a whole number (12)",
                      "quote the value to make it text")]


def test_enum_with_suggestion(schema_dir: Path) -> None:
    found = check("kind: mini\nitems: []\nlevel: provinse\n", schema_dir)
    assert [f[:3] for f in found] == [("f.yaml:3:8", "bad-value",
                                       ("'provinse' is not allowed here; expected one of: 'province', 'district', "
                                        "'commune' (did you mean 'province'?)"))]


def test_pattern_of_an_id(schema_dir: Path) -> None:
    found = check('kind: mini\nitems:\n  - {id: So_Tu_Phap, deadline: "2024-01-01"}\n', schema_dir)
    assert found == [("f.yaml:3:10", "bad-value", "'So_Tu_Phap' is not an id: use lowercase letters, digits and dashes",
                      "ids are lowercase ASCII letters and digits separated by '-' or '.', e.g. so-tu-phap")]


def test_every_bundled_pattern_has_plain_words() -> None:
    import json
    import re

    from kehoach.resources import bundled_schema_dir
    from kehoach.schema import PATTERN_WORDS, pattern_message

    used = set()
    for path in sorted(bundled_schema_dir().glob("*.schema.json")):
        if path.name == "answer.schema.json":  # the output contract: no document is checked against it
            continue
        used |= set(re.findall(r'"pattern": ("(?:[^"\\\\]|\\\\.)*")', path.read_text(encoding="utf-8")))
    patterns = {json.loads(p) for p in used}
    assert patterns and patterns <= set(PATTERN_WORDS)
    assert pattern_message(r"^[0-9]{4}-(0[1-9]|1[0-2])$", "2024-13") == (
        "'2024-13' is not a month in the form YYYY-MM", 'write a month as "YYYY-MM", e.g. "2024-08"')
    assert pattern_message(r"\S", "  ") == ("'  ' is blank", "write some text, or leave the key out")
    assert pattern_message("^x$", "y") == ("'y' does not have the expected form (^x$)", None)


def test_several_errors_in_one_mapping_are_all_reported(schema_dir: Path) -> None:
    found = check("kind: mini\nitems:\n  - {id: a, count: 0, extra: 1}\n", schema_dir)
    assert [f[:2] for f in found] == [("f.yaml:3:5", "missing-key"), ("f.yaml:3:20", "bad-value"),
                                      ("f.yaml:3:23", "unknown-key")]


def test_error_order_does_not_change_the_result(schema_dir: Path) -> None:
    text = "kind: mini\nitems:\n  - {id: A, deadline: x, bad: 1}\n  - 7\nlevel: x\nextra: 2\n"
    first = check(text, schema_dir)
    assert check(text, schema_dir) == first
    assert len(first) == 6


def test_broken_schema_is_an_internal_error_not_a_crash(tmp_path: Path) -> None:
    directory = tmp_path / "schema"
    directory.mkdir()
    (directory / "bad.schema.json").write_text(json.dumps({"$ref": "https://example.com/x.json"}), encoding="utf-8")
    loaded = load_bytes(b"kind: bad\n", "f.yaml")
    assert loaded.node is not None
    problems = check_node(loaded.node, "bad", "f.yaml", directory)
    assert [(p.code, p.file) for p in problems] == [("internal-error", "f.yaml")]


def test_validate_paths_with_schema_dir(schema_dir: Path, tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / "a.yaml").write_text('kind: mini\nitems:\n  - {id: a, deadline: "2024-01-01"}\n', encoding="utf-8")
    (spec / "b.yaml").write_text('kind: mini\nitems:\n  - {id: a, deadline: "2024-01-01"}\n', encoding="utf-8")
    (spec / "c.yaml").write_text("kind: minii\n", encoding="utf-8")
    result = validate_paths([spec], schema_dir=schema_dir)
    got = [(Path(p.file).name, p.line, p.col, p.code, p.message) for p in result.problems]
    b = str(spec / "a.yaml")
    assert got == [
        ("b.yaml", 3, 10, "duplicate-id", f"duplicate id 'a' in mini (first used at {b}:3)"),
        ("c.yaml", 1, 7, "unknown-kind", "unknown kind 'minii' (did you mean 'mini'?)"),
    ]
    assert [d.display for d in result.documents] == [str(spec / "a.yaml"), str(spec / "b.yaml")]
    assert not result.ok
    assert result.problems[1].hint == "known kinds: mini"


def test_crashing_rule_becomes_internal_error(schema_dir: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import kehoach.rules

    def broken(ctx: object) -> list[object]:
        raise ValueError("boom")

    monkeypatch.setattr(kehoach.rules, "all_rules", lambda: [broken])
    (tmp_path / "a.yaml").write_text('kind: mini\nitems: []\n', encoding="utf-8")
    result = validate_paths([tmp_path / "a.yaml"], schema_dir=schema_dir)
    assert [(p.code, p.message) for p in result.problems] == [
        ("internal-error", (f"rule {__name__}.test_crashing_rule_becomes_internal_error.<locals>.broken crashed: "
                            "ValueError: boom"))]


SOURCES = '''kind: sources
schema_version: "1.0"
documents:
  - id: kh-1
    kind: ke-hoach
    number: null
    issuer: "UBND tỉnh Quảng Trị"
    date: null
    date_as_written: null
    title: "Kế hoạch"
    cited_by_plan: false
    text: plan.txt
'''


def test_source_texts_are_read_next_to_the_index(tmp_path: Path) -> None:
    (tmp_path / "index.yaml").write_text(SOURCES, encoding="utf-8")
    (tmp_path / "plan.txt").write_bytes("\ufeffKe\u0302\u0301 hoạch\r\ndòng 2\n".encode("utf-8"))
    result = validate_paths([tmp_path / "index.yaml"])
    assert result.problems == []
    assert dict(result.context.source_texts) == {"kh-1": "Kế hoạch\ndòng 2\n"}


def test_missing_or_symlinked_source_text_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "index.yaml").write_text(SOURCES, encoding="utf-8")
    result = validate_paths([tmp_path / "index.yaml"])
    assert [(p.line, p.col, p.code, p.message) for p in result.problems] == [
        (12, 11, "source-text", "text file 'plan.txt' does not exist")]
    (tmp_path / "real.txt").write_text("x", encoding="utf-8")
    (tmp_path / "plan.txt").symlink_to(tmp_path / "real.txt")
    result = validate_paths([tmp_path / "index.yaml"])
    assert [p.message for p in result.problems] == ["text file 'plan.txt' is a symbolic link; not followed"]
    assert dict(result.context.source_texts) == {}


def test_bundled_spec_source_text_is_loaded() -> None:
    from kehoach.resources import bundled_spec_dir

    spec = bundled_spec_dir()
    result = validate_paths([spec / "sources" / "index.yaml"])
    texts = result.context.source_texts
    assert len(texts) >= 1
    assert any("Quảng Trị" in text for text in texts.values())


def test_bundled_schemas_are_valid_draft_2020_12() -> None:
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

    from kehoach.schema import load_schema

    kinds = known_kinds()
    assert "sources" in kinds
    for kind in kinds:
        Draft202012Validator.check_schema(load_schema(kind))


def _interpretation_problems(edit: dict[str, object], drop: tuple[str, ...] = ()) -> list[tuple[str, str, str]]:
    """Problems of the bundled plan with its 'monthly-day' interpretation edited, at that entry."""
    from kehoach.loader import load_file
    from kehoach.resources import bundled_spec_dir

    loaded = load_file(bundled_spec_dir() / "plan.yaml")
    assert loaded.node is not None
    data = loaded.node.plain()
    entry = next(i for i in data["interpretations"] if i["id"] == "monthly-day")
    entry.update(edit)
    for key in drop:
        del entry[key]
    text = json.dumps(data, ensure_ascii=False)  # JSON is YAML: one line, positions by column
    node = load_bytes(text.encode("utf-8"), "plan.json").node
    assert node is not None
    return [(p.code, p.message, p.hint or "") for p in check_node(node, "plan", "plan.json")]


def test_interpretation_without_its_form_key_is_a_missing_key() -> None:
    assert _interpretation_problems({}, drop=("value_type",)) == [
        ("missing-key", "missing required key: one of 'choices', 'value_type'",
         "each allowed form of this entry needs one of these keys")]


def test_interpretation_choice_form_needs_an_id_default() -> None:
    found = _interpretation_problems({"choices": {"fifteen": "Ngày 15."}, "default": "Fifteen"}, drop=("value_type",))
    assert [(code, message) for code, message, _ in found] == [
        ("bad-value", "'Fifteen' is not an id: use lowercase letters, digits and dashes")]
    assert _interpretation_problems({"choices": {"fifteen": "Ngày 15."}, "default": "fifteen"},
                                    drop=("value_type",)) == []


def test_interpretation_day_of_month_default_is_a_day() -> None:
    assert _interpretation_problems({"default": 32}) == [("bad-value", "32 is greater than the maximum of 31", "")]
    assert _interpretation_problems({"default": "last"}) == []


def test_interpretation_with_both_forms_names_the_keys() -> None:
    found = _interpretation_problems({"choices": {"last": "Ngày cuối tháng."}, "default": "last"})
    assert found == [("schema", "a mapping matches none of the allowed forms",
                      "form 1: 'value_type' cannot be given in this form; form 2: 'choices' cannot be given in this form")]


def test_interpretation_with_a_key_of_the_other_form_is_not_a_missing_key() -> None:
    """Giving 'choices' would not help a value_type entry that has 'groups': say which forms fail."""
    assert _interpretation_problems({"groups": {"a": ["b"]}}) == [
        ("schema", "a mapping matches none of the allowed forms",
         "form 1: missing required key 'choices'; form 2: 'groups' cannot be given in this form")]
