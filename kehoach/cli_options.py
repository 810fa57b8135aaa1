"""What every kehoach command shares: the usage-error exception (exit 2), ``--format``/``--color``
and ``--spec`` options, and the colour decision. Imported by :mod:`kehoach.cli` and the modules whose
commands it adds; it imports none of them."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from .cli_paths import GivenPath

__all__ = ["InputError", "output_options", "spec_option", "use_color"]

F = TypeVar("F", bound=Callable[..., Any])


class InputError(click.ClickException):
    """A usage or input error: exit code 2."""

    exit_code = 2


def use_color(choice: str, stream: Any = None) -> bool:
    """``--color`` resolved: ``auto`` means a terminal and no ``NO_COLOR`` in the environment."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    target = stream if stream is not None else sys.stdout
    return bool(getattr(target, "isatty", lambda: False)())


def output_options(formats: Sequence[str], default: str = "text") -> Callable[[F], F]:
    """Shared ``--format`` and ``--color`` options (values passed as ``fmt`` and ``color``)."""

    def decorate(func: F) -> F:
        func = click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto",
                            show_default=True, help="Colour the output (NO_COLOR is honoured by auto).")(func)
        func = click.option("--format", "fmt", type=click.Choice(list(formats)), default=default,
                            show_default=True, help="Output format.")(func)
        return func

    return decorate


def spec_option(func: F) -> F:
    """Shared ``--spec DIR`` option (the spec directory; default: the bundled spec)."""
    return click.option("--spec", "spec", type=GivenPath(path_type=Path, file_okay=False), default=None,
                        help="Spec directory (default: the spec bundled with kehoach).")(func)


