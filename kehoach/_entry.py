"""The ``kehoach`` console script: a memo of recent query answers in front of the click CLI.

A query command run twice with the same inputs prints the same bytes, so its output is kept in
the cache (:mod:`kehoach.cache`) under a key made of *everything* the answer can depend on: the
command line, the working directory, the day, the environment variables that change output
(locale, colour, width, every ``KEHOACH_*``), the output encoding, the digest of every file of the
spec directory and of every ``--facts`` file, and the digest of the kehoach code. A hit prints the
stored bytes without importing click, the YAML/JSON Schema stack or the evaluator. Only answers
written to a pipe or file are memoised (never a terminal), and only those that wrote nothing to
stderr; anything unusual in the command line simply skips the memo. Delete the cache directory,
or set ``KEHOACH_CACHE_DIR=`` (empty), to turn it off.
"""
from __future__ import annotations

import hashlib
import io
import os
import sys

__all__ = ["main"]

_MEMO_COMMANDS = frozenset({"due", "obligations", "status", "explain", "agencies"})
_ENV_EXACT = ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "TERM")
_MAX_OUTPUT = 4 * 1024 * 1024


def _option_values(argv: list[str], name: str) -> list[str] | None:
    """Values of ``--name X`` / ``--name=X`` in argv; None when the form is unclear."""
    values: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            return None
        if arg == name:
            if i + 1 >= len(argv):
                return None
            values.append(argv[i + 1])
            i += 2
            continue
        if arg.startswith(name + "="):
            values.append(arg[len(name) + 1:])
        i += 1
    return values


def _memo_key(argv: list[str]) -> str | None:
    """The memo key of this invocation, or None when it must not be memoised."""
    if not argv or argv[0] not in _MEMO_COMMANDS:
        return None
    if any(a in ("-h", "--help", "--version") for a in argv):
        return None
    if sys.stdout.isatty():
        return None
    from .cache import cache_dir, code_digest, spec_digest

    if cache_dir() is None:
        return None
    specs = _option_values(argv, "--spec")
    facts = _option_values(argv, "--facts")
    if specs is None or facts is None or len(specs) > 1:
        return None
    h = hashlib.sha256()

    def feed(*parts: str) -> None:
        for part in parts:
            h.update(part.encode("utf-8", "surrogateescape") + b"\0")

    from .vntime import today_iso  # the day a default --on/--as-of means

    feed("argv", *argv, "cwd", os.getcwd(), "day", today_iso())
    feed("enc", str(getattr(sys.stdout, "encoding", "")), str(getattr(sys.stdout, "errors", "")))
    for name in sorted(os.environ):
        if name in _ENV_EXACT or name.startswith("KEHOACH_"):
            feed("env", name, os.environ[name])
    feed("code", code_digest())
    try:
        if specs:
            root = specs[0]
        else:
            from .resources import bundled_spec_path

            root = bundled_spec_path()
        if not os.path.isdir(root):
            return None
        feed("spec", os.path.realpath(root), spec_digest(root))
        if "--example-facts" in argv:
            from .resources import bundled_example_facts_path

            facts = [*facts, bundled_example_facts_path()]
        for item in facts:
            if not os.path.isfile(item) or os.path.islink(item):
                return None
            with open(item, "rb") as fh:
                feed("facts", item, hashlib.sha256(fh.read()).hexdigest())
    except OSError:
        return None
    return h.hexdigest()


def _replay(key: str) -> bool:
    from .cache import read_json

    entry = read_json(f"answer-{key}.json")
    if not isinstance(entry, dict) or entry.get("key") != key:
        return False
    out, code = entry.get("stdout"), entry.get("exit")
    if not isinstance(out, str) or not isinstance(code, int):
        return False
    sys.stdout.write(out)
    sys.stdout.flush()
    sys.exit(code)


def _run_and_store(key: str, argv: list[str]) -> None:
    from .cache import write_json
    from .cli import main as cli_main

    real_out, real_err = sys.stdout, sys.stderr
    encoding = getattr(real_out, "encoding", None) or "utf-8"
    errors = getattr(real_out, "errors", None) or "strict"
    captured = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors=errors, newline=None)
    err = io.StringIO()
    code: int = 0
    sys.stdout, sys.stderr = captured, err
    try:
        cli_main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        sys.stdout, sys.stderr = real_out, real_err
    captured.flush()
    text = captured.buffer.getvalue().decode(encoding, errors)
    real_out.write(text)
    real_out.flush()
    if err.getvalue():
        real_err.write(err.getvalue())
        real_err.flush()
    elif code in (0, 1) and len(text) <= _MAX_OUTPUT:
        write_json(f"answer-{key}.json", {"key": key, "stdout": text, "exit": code})
    sys.exit(code)


def main() -> None:
    argv = sys.argv[1:]
    key = None
    if os.environ.get("KEHOACH_NO_MEMO") is None:
        try:
            key = _memo_key(argv)
        except Exception:  # noqa: BLE001 - the memo is an optimisation: never let it break a query
            key = None
    if key is not None:
        if _replay(key):
            return
        _run_and_store(key, argv)
        return
    from .cli import main as cli_main

    cli_main(argv)
