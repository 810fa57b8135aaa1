"""The package's layers, as docs/design.md shows them, are the layers as built: every module is in
exactly one layer, every import (imports inside functions included; type-only ones under
``TYPE_CHECKING`` aside) goes to its own layer or a lower one, and there is no import cycle."""
from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "kehoach"
DESIGN = REPO / "docs" / "design.md"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "_bundled" in path.parts:
            continue
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts[1:]) or "kehoach"] = path
    return found


def _imports(name: str, path: Path, modules: set[str]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                 and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_only or not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = [] if package in ("", "kehoach") else package.split(".")
        if node.level > 1:
            base = base[:len(base) - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])]) or "kehoach"
        if target in modules:
            out.add(target)
        for alias in node.names:
            sub = f"{target}.{alias.name}" if target != "kehoach" else alias.name
            if sub in modules:
                out.add(sub)
    out.discard(name)
    return out


def _layers() -> list[tuple[str, list[str]]]:
    block = re.search(r"```layers\n(.*?)```", DESIGN.read_text(encoding="utf-8"), re.S)
    assert block, "docs/design.md has a ```layers block"
    layers = []
    for line in block.group(1).splitlines():
        if line.strip():
            layer, _, names = line.partition(":")
            layers.append((layer.strip(), names.split()))
    return layers


def test_every_module_is_in_exactly_one_layer() -> None:
    modules = set(_modules())
    listed: dict[str, str] = {}
    for layer, names in _layers():
        for name in names:
            matched = {m for m in modules if m == name or (name.endswith(".*") and m.startswith(name[:-1]))}
            assert matched, f"{name} (layer {layer}) is not a module of kehoach/"
            for m in matched:
                assert m not in listed or name.endswith(".*"), f"{m} is listed twice"
                listed.setdefault(m, layer)
    assert sorted(modules - set(listed)) == []


def test_imports_go_downward_only() -> None:
    modules = _modules()
    rank: dict[str, int] = {}
    layers = _layers()
    for depth, (_, names) in enumerate(reversed(layers)):
        for name in names:
            for m in modules:
                if m == name or (name.endswith(".*") and m.startswith(name[:-1]) and m not in rank):
                    rank[m] = depth
    upward = [f"{m} -> {t}" for m, path in modules.items() for t in _imports(m, path, set(modules))
              if rank[t] > rank[m]]
    assert upward == []


def test_no_import_cycles() -> None:
    modules = _modules()
    graph = {m: _imports(m, p, set(modules)) for m, p in modules.items()}
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(m: str, trail: list[str]) -> None:
        if m in trail:
            cycles.append(trail[trail.index(m):] + [m])
            return
        if m in done:
            return
        for t in sorted(graph[m]):
            visit(t, [*trail, m])
        done.add(m)

    for m in sorted(graph):
        visit(m, [])
    assert cycles == []
