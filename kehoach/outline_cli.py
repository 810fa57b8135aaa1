"""``kehoach outline``: the click command over :mod:`kehoach.outline` (registered in :mod:`kehoach.cli`).

Exit codes: 0 the structure was printed, 2 usage or input error (no such file, unknown document id,
a document without a text file, a file that is not UTF-8).
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import click

from .cli_options import InputError

__all__ = ["outline_command", "render_outline_text", "source_text"]

_MAX_BYTES = 5_000_000
_WORDS = 10
_ROW_KINDS = frozenset({"row", "sub-row", "group-row"})


def _decode(path: Path) -> str:
    from .messages import language, message

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(message("outline.unreadable", language(), path=path, detail=exc.strerror or exc)) from exc
    if len(data) > _MAX_BYTES:
        raise InputError(message("outline.too-large", language(), path=path, limit=_MAX_BYTES))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(message("outline.not-utf8", language(), path=path)) from exc
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n"))


def _sources_entries(spec_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every document entry of every ``kind: sources`` file under ``spec_dir``, with its index file."""
    import yaml

    found: list[tuple[Path, dict[str, Any]]] = []
    for path in sorted(spec_dir.rglob("*.y*ml")):
        if path.is_symlink() or not path.is_file():
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and data.get("kind") == "sources":
            found.extend((path, entry) for entry in data.get("documents") or [] if isinstance(entry, dict))
    return found


def source_text(source: str, spec_dir: Path) -> tuple[str, dict[str, Any]]:
    """The text SOURCE names — a file, or a document id of the spec's sources index — and what it is."""
    from .messages import language, message

    path = Path(source)
    if path.is_file():
        return _decode(path), {"document": None, "file": str(path)}
    entries = _sources_entries(spec_dir)
    for index_file, entry in entries:
        if entry.get("id") != source:
            continue
        name = entry.get("text")
        if not isinstance(name, str) or Path(name).name != name:
            raise InputError(message("outline.no-text", language(), document=source))
        text_path = index_file.parent / name
        if not text_path.is_file() or text_path.is_symlink():
            raise InputError(message("outline.no-text", language(), document=source))
        return _decode(text_path), {"document": source, "file": name}
    ids = sorted(str(e.get("id")) for _, e in entries if isinstance(e.get("text"), str))
    raise InputError(message("outline.unknown-source", language(), source=source, ids=", ".join(ids) or "—"))


def _first_words(text: str) -> str:
    words = text.split()
    return " ".join(words[:_WORDS]) + (" …" if len(words) > _WORDS else "")


def render_outline_text(nodes: tuple[Any, ...]) -> str:
    """One line a node: indent, ``ref`` (with its bullet), kind, first words (cells of a header row)."""
    from .outline import iter_nodes

    def depths(level: tuple[Any, ...], depth: int) -> list[int]:
        return [w for n in level for w in (2 * depth + len(n.label_ref), *depths(n.children, depth + 1))]

    width = max(depths(nodes, 0), default=0) + 2
    lines: list[str] = []

    def walk(level: tuple[Any, ...], depth: int) -> None:
        for node in level:
            if node.kind == "table":
                words = f"({sum(1 for c in iter_nodes(node.children) if c.kind in _ROW_KINDS)} rows)"
            else:
                words = _first_words(node.text)
            ref = node.label_ref
            lines.append(f"{'  ' * depth}{ref:<{width - 2 * depth}}{node.kind:<12}{words}".rstrip())
            walk(node.children, depth + 1)

    walk(nodes, 0)
    return "\n".join(lines) + ("\n" if lines else "")


@click.command("outline")
@click.argument("source")
@click.option("--spec", "spec", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Spec directory whose sources index names SOURCE (default: the spec bundled with kehoach).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def outline_command(source: str, spec: Path | None, fmt: str) -> None:
    """Print the structure of a plan text, parsed from the text itself.

    SOURCE is a text file, or the id of a document of the spec's sources index that has a text
    (`kh-cctthc-2024`).  The text format prints one line a part, indented under its parent: its ref
    in the numbering `source.ref` uses (I.1, III.1.a, III.2.a bullet 3, PL.1.6.3, Điều 2, PL.II.1),
    its kind and its first words.  --format json prints every part with its span (character offsets
    and lines), its own text, a table row's cells and its children.  Exit 0, or 2 when SOURCE is
    neither a file nor a document with a text.

    Example:  kehoach outline kh-cctthc-2024
    """
    from .outline import outline_to_data, parse_outline
    from .resources import bundled_spec_dir

    spec_dir = spec if spec is not None else bundled_spec_dir()
    text, origin = source_text(source, spec_dir)
    nodes = parse_outline(text)
    if fmt == "json":
        click.echo(json.dumps({"source": origin, "nodes": outline_to_data(nodes)}, ensure_ascii=False, indent=2))
    else:
        click.echo(render_outline_text(nodes), nl=False)
