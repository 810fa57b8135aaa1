"""Where the bundled spec and schemas live, installed or in a source checkout."""
from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_schema_dir", "bundled_spec_dir"]

_PKG = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    installed = _PKG / "_bundled" / name
    if installed.is_dir():
        return installed
    checkout = _PKG.parent / name  # editable install / source checkout
    return checkout


def bundled_spec_dir() -> Path:
    return _find("spec")


def bundled_schema_dir() -> Path:
    return _find("schema")
