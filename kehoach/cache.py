"""An on-disk cache, harmless to delete and ignored when unwritable.

Two things are cached, both keyed by digests of *everything* they depend on, so a stale entry
cannot be served:

* the validated spec (plain data of every document + the working-day calendar), keyed by the
  digest of the spec files' bytes and the kehoach code that validated them;
* rendered answers of query commands, keyed by the command line, the working directory, the
  day, the relevant environment, the digests of the spec and facts files and of the code.

Writes are atomic (temporary file + ``os.replace``). This module sits on the query fast path
(:mod:`kehoach._entry`), so at import it needs only ``os``, ``hashlib`` and ``json``: paths are
handled as strings and ``pathlib``/``tempfile`` are imported only where a caller needs them.
"""
from __future__ import annotations

import hashlib
import json
import os

TYPE_CHECKING = False  # no run-time `typing` import on the query fast path

if TYPE_CHECKING:
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


def cache_dir() -> str | None:
    """``$KEHOACH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kehoach``, else ``~/.cache/kehoach``.

    ``KEHOACH_CACHE_DIR=`` (empty) turns caching off.
    """
    explicit = os.environ.get("KEHOACH_CACHE_DIR")
    if explicit is not None:
        return explicit or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kehoach")


def _relative_files(root: str) -> list[str]:
    """Relative POSIX names of every regular file under ``root``, sorted.

    Hidden entries and ``__pycache__`` are skipped; symlinks are never followed.
    """
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
        rel_dir = os.path.relpath(dirpath, root)
        for name in filenames:
            if name.startswith("."):
                continue
            full = os.path.join(dirpath, name)
            if not os.path.islink(full) and os.path.isfile(full):
                rel = name if rel_dir == "." else os.path.join(rel_dir, name)
                found.append(rel.replace(os.sep, "/"))
    return sorted(found)


def spec_files(root: Path) -> list[Path]:
    """Every regular file under a spec directory, sorted by relative path."""
    return [root / rel for rel in _relative_files(os.fspath(root))]


def _digest(root: str, relative: Iterable[str]) -> str:
    h = hashlib.sha256()
    for rel in relative:
        with open(os.path.join(root, rel), "rb") as fh:
            data = fh.read()
        name = rel.encode("utf-8")
        h.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """sha256 over each file's relative name and bytes (length-prefixed), in the given order."""
    return _digest(os.fspath(root), (p.relative_to(root).as_posix() for p in paths))


def _odd_entries(root: str) -> list[str]:
    """Entries the spec walk does not read but validation rejects (symlinks, FIFOs, devices…),
    as ``name -> what``: they take part in the digest, so adding one can never be served a
    validated-clean spec from the cache."""
    odd: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in sorted([*dirnames, *filenames]):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            if os.path.islink(full):
                odd.append(f"{rel} -> link {os.readlink(full)}")
            elif not os.path.isdir(full) and not os.path.isfile(full):
                odd.append(f"{rel} -> special")
    return sorted(odd)


def spec_digest(root: str | os.PathLike[str]) -> str:
    """Digest of the spec content: stable across machines and checkouts (relative names)."""
    base = os.fspath(root)
    digest = _digest(base, _relative_files(base))
    odd = _odd_entries(base)
    if odd:
        digest = hashlib.sha256((digest + "\n" + "\n".join(odd)).encode("utf-8", "surrogateescape")).hexdigest()
    return digest


def code_digest() -> str:
    """Identifies the kehoach code in use (relative names, sizes and mtimes of its modules)."""
    pkg = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256()
    for rel in _relative_files(pkg):
        if rel.endswith(".py") and not rel.startswith("_bundled/"):
            st = os.stat(os.path.join(pkg, rel))
            h.update(f"{rel}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def read_json(name: str) -> Any | None:
    """The cached value named ``name``, or None (missing, unreadable or corrupt)."""
    base = cache_dir()
    if base is None:
        return None
    try:
        with open(os.path.join(base, name), encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def write_json(name: str, value: Any) -> None:
    """Store ``value`` atomically; silently does nothing when the cache is unwritable."""
    base = cache_dir()
    if base is None:
        return
    import tempfile

    try:
        os.makedirs(base, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=base, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(value, fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, os.path.join(base, name))
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
    except OSError:
        return
