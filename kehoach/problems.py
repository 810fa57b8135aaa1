"""Problems are data: a small, frozen, ordered value that points at a place in a file."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = ["Problem", "Severity", "sort_problems"]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Problem:
    """One finding. Sorts by file, line, column, then code.

    ``line`` and ``col`` are 1-based; a problem of the file as a whole is at 1:1.
    ``path`` is the path of keys/indexes inside the document, when known.
    """

    file: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = field(default=None, compare=False)
    path: tuple[str | int, ...] = field(default=(), compare=False)

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "path": list(self.path),
        }


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted and de-duplicated, so output is deterministic."""
    return sorted(set(problems))
