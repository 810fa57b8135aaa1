"""An on-disk cache, harmless to delete and ignored when unwritable.

Two things are cached, both keyed by digests of *everything* they depend on, so a stale entry
cannot be served:

* the validated spec (plain data of every document + the working-day calendar), keyed by the
  digest of the spec files' bytes and the kehoach code that validated them;
* rendered answers of query commands, keyed by the command line, the working directory, the
  day, the relevant environment, the digests of the spec and facts files and of the code.

Writes are atomic (temporary file + ``os.replace``). Only the standard library is imported here,
because the answer cache sits on the query fast path.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = [
    "cache_dir",
    "code_digest",
    "files_digest",
    "read_json",
    "spec_digest",
    "spec_files",
    "write_json",
]

def cache_dir() -> Path | None:
    """``$KEHOACH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kehoach``, else ``~/.cache/kehoach``.

    ``KEHOACH_CACHE_DIR=`` (empty) turns caching off.
    """
    explicit = os.environ.get("KEHOACH_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kehoach"


def spec_files(root: Path) -> list[Path]:
    """Every regular file under a spec directory, sorted by relative path.

    Hidden entries and ``__pycache__`` are skipped; symlinks are never followed.
    """
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if not path.is_symlink() and path.is_file():
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """sha256 over each file's relative name and bytes (length-prefixed), in the given order."""
    h = hashlib.sha256()
    for path in paths:
        rel = path.relative_to(root).as_posix().encode("utf-8")
        data = path.read_bytes()
        h.update(len(rel).to_bytes(8, "big") + rel + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def spec_digest(root: Path) -> str:
    """Digest of the spec content: stable across machines and checkouts (relative names)."""
    return files_digest(spec_files(root), root)


def code_digest() -> str:
    """Identifies the kehoach code in use (file names, sizes and mtimes of the package)."""
    pkg = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(pkg.rglob("*.py")):
        st = path.stat()
        h.update(f"{path.relative_to(pkg)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def read_json(name: str) -> Any | None:
    """The cached value named ``name``, or None (missing, unreadable or corrupt)."""
    base = cache_dir()
    if base is None:
        return None
    try:
        with open(base / name, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def write_json(name: str, value: Any) -> None:
    """Store ``value`` atomically; silently does nothing when the cache is unwritable."""
    base = cache_dir()
    if base is None:
        return
    try:
        base.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=base, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, base / name)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        return
