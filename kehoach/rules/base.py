"""What every semantic rule sees: the loaded documents (plain data + positioned nodes)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import Problem, Severity

__all__ = ["Context", "Document", "Rule"]


@dataclass(frozen=True)
class Document:
    """One schema-valid spec file."""

    kind: str  # plan | registry | sources | facts | scenario
    path: Path  # absolute path
    display: str  # path as shown in problems (relative to the spec root when possible)
    root: Any  # kehoach.loader.Node of the document root
    data: Any  # plain JSON-like data (dict/list/str/int/float/bool/None), NFC-normalised


@dataclass
class Context:
    """Everything loaded from one spec root (plus extra files such as facts)."""

    documents: list[Document]
    # text of each source document that has a `text:` file, keyed by sources-index id, NFC
    source_texts: Mapping[str, str] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[Document]:
        return [d for d in self.documents if d.kind == kind]

    def problem(
        self,
        doc: Document,
        node: Any,
        code: str,
        message: str,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        """A Problem at ``node`` (a loader.Node), or at 1:1 (the file as a whole) when ``node`` is None."""
        line = getattr(node, "line", 1) if node is not None else 1
        col = getattr(node, "col", 1) if node is not None else 1
        path = tuple(getattr(node, "path", ())) if node is not None else ()
        return Problem(doc.display, line, col, code, message, severity, hint, path)


Rule = Callable[[Context], Iterable[Problem]]
