"""The authoring guide cannot drift: its worked example is a spec that validates and whose scenarios
pass, every YAML snippet is YAML with no repeated key, every quote of a bundled text is in that
text, and every `kehoach …` command it shows is a real command with real options (the `$ kehoach …`
lines run, on the worked example, with exit 0)."""
from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from kehoach.cli import cli

ROOT = Path(__file__).resolve().parent.parent
GUIDE_PATH = ROOT / "docs" / "authoring.md"
GUIDE = GUIDE_PATH.read_text(encoding="utf-8")
BUNDLED = ROOT / "spec"
MARKER = "# kehoach: example-spec "
# The worked example encodes part of the Quảng Trị plan: its text and registry come from the bundle.
EXAMPLE_TEXT = "kh-cai-cach-tthc-2024-quang-tri.txt"
EXAMPLE_REGISTRY = "quang-tri"


def _fenced(language: str) -> list[str]:
    """The bodies of the guide's ```LANGUAGE blocks, indented ones (inside list items) dedented."""
    pattern = rf"^( *)```{language}\n(.*?)^\1```"
    return [textwrap.dedent(body) for _, body in re.findall(pattern, GUIDE, flags=re.DOTALL | re.MULTILINE)]


YAML_BLOCKS = _fenced("yaml")
EXAMPLE_FILES = {block.split("\n", 1)[0].removeprefix(MARKER).strip(): block
                 for block in YAML_BLOCKS if block.startswith(MARKER)}


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key repeated in one mapping (PyYAML keeps the last one silently)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    repeated = sorted({str(k) for k in keys if keys.count(k) > 1})
    if repeated:
        raise yaml.constructor.ConstructorError(None, None, f"repeated key(s) {repeated}", node.start_mark)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _bundled_documents() -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in sorted(BUNDLED.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            yield path, data


def _bundled_registry(registry_id: str) -> Path:
    for path, data in _bundled_documents():
        if data.get("kind") == "registry" and data.get("id") == registry_id:
            return path
    raise AssertionError(f"no bundled registry {registry_id!r}")


def _bundled_texts() -> dict[str, Path]:
    """Document id -> its text file, for every document of the bundled sources that has a text."""
    texts: dict[str, Path] = {}
    for path, data in _bundled_documents():
        if data.get("kind") == "sources":
            for document in data.get("documents", []):
                if document.get("text"):
                    texts[document["id"]] = path.parent / document["text"]
    return texts


def _fold(text: str) -> str:
    """The quote checker's normalisation: kehoach's own when it has one, else NFC and whitespace folding."""
    try:
        from kehoach.quotenorm import fold  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return " ".join(unicodedata.normalize("NFC", text).split())
    result: str = fold(text)
    return result


# The parts of the text the worked example encodes (every other part is left out, see below).
EXAMPLE_PARTS = {("III.1.b", None), ("III.1.d", None), ("PL.1.1", None)}


def _write_example(root: Path) -> Path:
    """The guide's worked example under ``root/spec``, with the bundled text and registry."""
    spec = root / "spec"
    for relative, block in EXAMPLE_FILES.items():
        target = spec / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(block.split("\n", 1)[1], encoding="utf-8")
    shutil.copyfile(BUNDLED / "sources" / EXAMPLE_TEXT, spec / "sources" / EXAMPLE_TEXT)
    shutil.copyfile(_bundled_registry(EXAMPLE_REGISTRY), spec / "registry.yaml")
    return spec


def _problems(spec: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["validate", str(spec), "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    problems: list[dict[str, Any]] = json.loads(result.output)
    return problems


def _left_out(problems: list[dict[str, Any]]) -> list[tuple[str, int | None]]:
    """The parts a `missing-coverage` problem names, as (ref, bullet), read from its hint."""
    parts: list[tuple[str, int | None]] = []
    for problem in problems:
        found = re.search(r'source\.ref "([^"]+)"(?: and source\.bullet (\d+))?', problem.get("hint") or "")
        assert problem["code"] == "missing-coverage" and found is not None, problem
        parts.append((found.group(1), int(found.group(2)) if found.group(2) else None))
    return parts


@pytest.fixture(scope="module")
def example_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding `spec/`: the worked example, ready to query.

    The example encodes three parts of the text. Where kehoach computes coverage from the text's own
    structure, every other part is reported as `missing-coverage`; for the run, those parts are marked
    under `non_normative` ("not part of the worked example"), as the guide says, so the scenarios and
    queries can run. A real plan encodes them instead.
    """
    root = tmp_path_factory.mktemp("guide-example")
    spec = _write_example(root)
    left_out = _left_out(_problems(spec))
    if left_out:
        index_path = spec / "sources" / "index.yaml"
        index = yaml.safe_load(index_path.read_text(encoding="utf-8"))
        plan_entry = next(d for d in index["documents"] if d.get("text") == EXAMPLE_TEXT)
        plan_entry["non_normative"] = [
            {"ref": ref, **({"bullet": bullet} if bullet is not None else {}),
             "reason": "Không thuộc ví dụ của hướng dẫn (not part of the worked example)."}
            for ref, bullet in left_out]
        index_path.write_text(yaml.safe_dump(index, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def test_the_worked_example_has_every_kind_it_needs() -> None:
    kinds = {relative: yaml.safe_load(block)["kind"] for relative, block in EXAMPLE_FILES.items()}
    assert sorted(kinds.values()) == ["plan", "scenario", "sources"], kinds


def test_the_worked_example_validates_but_for_the_parts_it_leaves_out(tmp_path: Path) -> None:
    """As written in the guide: no problem at all, or only `missing-coverage` of parts it does not encode."""
    left_out = _left_out(_problems(_write_example(tmp_path)))
    assert not EXAMPLE_PARTS & set(left_out), left_out


def test_the_worked_example_validates(example_root: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(example_root / "spec")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_the_worked_example_scenarios_pass(example_root: Path) -> None:
    result = CliRunner().invoke(cli, ["test", "--spec", str(example_root / "spec")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    passed = re.search(r"(\d+) passed, 0 failed", result.output)
    assert passed is not None and int(passed.group(1)) >= 2, result.output


def test_a_changed_deadline_in_the_worked_example_is_caught(example_root: Path, tmp_path: Path) -> None:
    """The example is checked for real: moving its deadline away from its phrase fails validation."""
    spec = tmp_path / "spec"
    shutil.copytree(example_root / "spec", spec)
    plan = next(p for p in spec.rglob("*.yaml") if yaml.safe_load(p.read_text(encoding="utf-8"))["kind"] == "plan")
    text = plan.read_text(encoding="utf-8")
    assert 'date: "2024-05-31"' in text
    plan.write_text(text.replace('date: "2024-05-31"', 'date: "2024-06-30"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(spec)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "mismatch" in result.output


def test_there_are_yaml_snippets() -> None:
    assert len(YAML_BLOCKS) >= 10


@pytest.mark.parametrize("index", range(len(YAML_BLOCKS)))
def test_every_yaml_snippet_is_yaml_without_a_repeated_key(index: int) -> None:
    yaml.load(YAML_BLOCKS[index], Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass


ANY_TEXT = "*"  # a quote with no `document` (a sources entry's `cited_at`): in one of the bundled texts


def _quotes(node: Any) -> Iterator[tuple[str, str]]:
    """(document id, fragment) for every mapping with a `quote` in a parsed snippet."""
    if isinstance(node, dict):
        if "quote" in node:
            document = node.get("document")
            fragments = node["quote"] if isinstance(node["quote"], list) else [node["quote"]]
            for fragment in fragments:
                yield (document if isinstance(document, str) else ANY_TEXT), fragment
        for value in node.values():
            yield from _quotes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _quotes(value)


QUOTES = sorted({q for block in YAML_BLOCKS for q in _quotes(yaml.safe_load(block))})


def test_the_snippets_quote_both_bundled_plans() -> None:
    documents = {document for document, _ in QUOTES} - {ANY_TEXT}
    assert {"kh-cctthc-2024", "qd-2820-2025-ubnd-hcm"} <= documents, documents


@pytest.mark.parametrize(("document", "fragment"), QUOTES)
def test_every_quote_is_in_its_text(document: str, fragment: str) -> None:
    texts = _bundled_texts()
    if document == ANY_TEXT:
        assert any(_fold(fragment) in _fold(t.read_text(encoding="utf-8")) for t in texts.values()), fragment
        return
    if document not in texts:
        pytest.skip(f"the text of {document} is not bundled yet")
    assert _fold(fragment) in _fold(texts[document].read_text(encoding="utf-8")), fragment


# --- commands ---------------------------------------------------------------------------------------

def _commands() -> dict[str, click.Command]:
    """'SUB' -> its click command, for every subcommand of kehoach."""
    assert isinstance(cli, click.Group)
    ctx = click.Context(cli, info_name="kehoach")
    found = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    return {name: command for name, command in found.items() if command is not None}


COMMANDS = _commands()
RUN_LINES = [line.strip()[2:] for block in _fenced("console") for line in block.splitlines()
             if line.strip().startswith("$ kehoach ")]
INLINE = sorted(set(re.findall(r"`(kehoach [^`]+)`", GUIDE)))


def _options(command: click.Command) -> set[str]:
    ctx = click.Context(command, info_name=command.name)
    return {o for p in command.get_params(ctx) if isinstance(p, click.Option)
            for o in (*p.opts, *p.secondary_opts)}


def _check_command_line(line: str) -> None:
    words = shlex.split(line)
    assert words[0] == "kehoach" and len(words) >= 2, line
    if words[1].startswith("-"):  # an option of kehoach itself (`kehoach --help`)
        assert words[1] in _options(cli), f"{line!r}: kehoach has no option {words[1]}"
        return
    assert words[1] in COMMANDS, f"{line!r}: no command {words[1]!r}"
    known = _options(COMMANDS[words[1]])
    for word in words[2:]:
        if word.startswith("-") and not word.startswith("-…"):
            assert word.split("=", 1)[0] in known, f"{line!r}: {words[1]} has no option {word}"


def test_there_are_commands() -> None:
    assert len(RUN_LINES) >= 5 and len(INLINE) >= 10
    assert {"validate", "test", "plans", "due", "obligations", "outline"} <= {shlex.split(line)[1] for line in RUN_LINES}


@pytest.mark.parametrize("line", INLINE)
def test_every_command_named_in_the_guide_is_real(line: str) -> None:
    _check_command_line(line)


@pytest.mark.parametrize("line", RUN_LINES)
def test_every_command_line_runs_on_the_worked_example(line: str, example_root: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _check_command_line(line)
    monkeypatch.chdir(example_root)
    result = CliRunner().invoke(cli, shlex.split(line)[1:], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.output.strip()
    assert "Traceback" not in result.output


def test_the_registry_tool_takes_the_options_the_guide_shows() -> None:
    lines = [line.split("#", 1)[0].split() for block in _fenced("sh") for line in block.splitlines()
             if line.strip().startswith("python tools/gen_registry.py")]
    assert lines
    usage = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_registry.py"), "--help"],
                           capture_output=True, text=True, check=True).stdout
    for words in lines:
        for word in words[2:]:
            if word.startswith("--"):
                assert word in usage, f"tools/gen_registry.py has no option {word}"


def test_the_guide_covers_its_ten_steps_and_a_checklist() -> None:
    headings = re.findall(r"^## (\d+)\.", GUIDE, flags=re.MULTILINE)
    assert headings == [str(n) for n in range(11)]
    assert GUIDE.count("- [ ] ") >= 10


def test_the_readme_links_the_guide() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    contents = readme.split("## Contents", 1)[1].split("\n## ", 1)[0]
    editing = readme.split("## Editing the plan", 1)[1].split("\n## ", 1)[0]
    assert "docs/authoring.md" in contents and "docs/authoring.md" in editing
