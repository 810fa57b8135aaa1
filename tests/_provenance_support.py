"""What the provenance tests share: the bundled documents parsed once, and every rule run on a copy
with one document edited."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from kehoach.loader import load_text
from kehoach.problems import Problem, Severity
from kehoach.rules import run_rules
from kehoach.rules.base import Context, Document

__all__ = ["PLAN", "REGISTRY", "TEXTS", "bundled", "document", "edit", "errors_in", "errors_of"]

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "spec"
PLAN = (SPEC / "plan.yaml").read_text(encoding="utf-8")
REGISTRY = (SPEC / "registry.yaml").read_text(encoding="utf-8")
INDEX = (SPEC / "sources" / "index.yaml").read_text(encoding="utf-8")
TEXTS = {
    "kh-cctthc-2024": unicodedata.normalize(
        "NFC", (SPEC / "sources" / "kh-cai-cach-tthc-2024-quang-tri.txt").read_text(encoding="utf-8")),
}


def document(kind: str, text: str, display: str) -> Document:
    """``text`` parsed as a document of ``kind`` shown as ``display`` (under the bundled spec)."""
    loaded = load_text(text, display)
    assert loaded.problems == [], loaded.problems
    assert loaded.node is not None
    return Document(kind, SPEC / display, display, loaded.node, loaded.node.plain())


@lru_cache(maxsize=4)
def bundled(kind: str) -> Document:
    text, display = {"plan": (PLAN, "plan.yaml"), "registry": (REGISTRY, "registry.yaml"),
                     "sources": (INDEX, "sources/index.yaml")}[kind]
    return document(kind, text, display)


def errors_of(plan: str | None = None, registry: str | None = None) -> list[Problem]:
    docs = [
        document("plan", plan, "plan.yaml") if plan is not None else bundled("plan"),
        document("registry", registry, "registry.yaml") if registry is not None else bundled("registry"),
        bundled("sources"),
    ]
    return errors_in(docs, TEXTS)


def errors_in(docs: list[Document], texts: dict[str, str]) -> list[Problem]:
    """The errors every rule finds in ``docs`` against the source ``texts``, sorted."""
    found = run_rules(Context(documents=docs, source_texts=texts))
    return sorted(p for p in found if p.severity is Severity.ERROR)


def edit(text: str, old: str, new: str, after: str | None = None) -> str:
    """``text`` with the one ``old`` (the first after ``after``, when given) replaced by ``new``."""
    start = 0
    if after is not None:
        assert text.count(after) == 1, f"{after!r} occurs {text.count(after)} times"
        start = text.index(after)
    at = text.find(old, start)
    assert at >= 0, f"{old!r} not found"
    if after is None:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text[:at] + new + text[at + len(old):]
