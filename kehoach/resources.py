"""Where the bundled spec and schemas live, installed or in a source checkout.

Standard library ``os`` only: the query path (:mod:`kehoach.cache`) uses the string forms.
"""
from __future__ import annotations

import os

TYPE_CHECKING = False  # no run-time `typing` import on the query path

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "EXAMPLE_FACTS",
    "bundled_example_facts_path",
    "bundled_schema_dir",
    "bundled_schema_path",
    "bundled_spec_dir",
    "bundled_spec_path",
]

_PKG = os.path.dirname(os.path.realpath(__file__))


def _find(name: str) -> str:
    installed = os.path.join(_PKG, "_bundled", name)
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(_PKG), name)  # editable install / source checkout


def bundled_spec_path() -> str:
    """The bundled spec directory as a string."""
    return _find("spec")


def bundled_spec_dir() -> Path:
    from pathlib import Path

    return Path(_find("spec"))


def bundled_schema_path() -> str:
    """The bundled JSON Schema directory as a string."""
    return _find("schema")


def bundled_schema_dir() -> Path:
    from pathlib import Path

    return Path(_find("schema"))


EXAMPLE_FACTS = "facts-2024.yaml"


def bundled_example_facts_path() -> str:
    """The example facts file shipped with kehoach (``examples/`` of the source tree,
    ``kehoach/_bundled/examples/`` in the installed package), as a string."""
    return os.path.join(_find("examples"), EXAMPLE_FACTS)
