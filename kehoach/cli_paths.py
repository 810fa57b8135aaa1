"""Paths typed on the command line: :class:`GivenPath`, a ``click.Path`` that refuses what no file can be.

Used by every command's path arguments and options (``validate``, ``test``, ``--spec``, ``--facts``).
"""
from __future__ import annotations

import os
from typing import Any

import click

__all__ = ["MAX_NAME_BYTES", "MAX_PATH_BYTES", "GivenPath", "too_long"]

MAX_PATH_BYTES = 4095
MAX_NAME_BYTES = 255


class GivenPath(click.Path):
    """A path the user typed: an empty or blank one is a usage error (``Path('')`` would silently mean
    the current directory), and so is one with a NUL character or longer than the system allows
    (4095 bytes, 255 per name), which no file can have."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            from .messages import language, message

            if not value.strip():
                self.fail(message("error.empty-path", language()), param, ctx)
            if "\x00" in value:
                self.fail(message("error.nul-in-path", language()), param, ctx)
            if too_long(value):
                self.fail(message("error.path-too-long", language()), param, ctx)
        return super().convert(value, param, ctx)


def too_long(value: str) -> bool:
    """True when no file can have the path ``value`` (over 4095 bytes, or a name over 255)."""
    raw = os.fsencode(value)
    return len(raw) > MAX_PATH_BYTES or any(len(part) > MAX_NAME_BYTES for part in raw.split(b"/"))
