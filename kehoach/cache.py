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
    from pathlib import Path
    from typing import Any

__all__ = [
    "cache_dir",
    "code_digest",
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


def _walk(root: str) -> tuple[list[str], list[str]]:
    """One walk of ``root``: the relative POSIX names of its regular files, and its odd entries
    (symlinks, FIFOs, devices…) as ``name -> what``, both sorted.

    Hidden entries and ``__pycache__`` are skipped (validation skips them too); symlinks are never
    followed. Odd entries are not read, but validation rejects them, so they take part in the
    digest: a spec that gains one can never be served validated-clean from the cache.
    """
    files: list[str] = []
    odd: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
        rel_dir = os.path.relpath(dirpath, root)
        for name in [*dirnames, *filenames]:
            if name.startswith("."):
                continue
            full = os.path.join(dirpath, name)
            rel = (name if rel_dir == "." else os.path.join(rel_dir, name)).replace(os.sep, "/")
            if os.path.islink(full):
                odd.append(f"{rel} -> link {os.readlink(full)}")
            elif os.path.isfile(full):
                files.append(rel)
            elif not os.path.isdir(full):
                odd.append(f"{rel} -> special")
    return sorted(files), sorted(odd)


def spec_files(root: Path) -> list[Path]:
    """Every regular file under a spec directory, sorted by relative path."""
    return [root / rel for rel in _walk(os.fspath(root))[0]]


def spec_digest(root: str | os.PathLike[str]) -> str:
    """Digest of the spec content: stable across machines and checkouts (relative names).

    sha256 over each file's relative name and bytes (length-prefixed), then over the odd entries.
    """
    base = os.fspath(root)
    files, odd = _walk(base)
    h = hashlib.sha256()
    for rel in files:
        with open(os.path.join(base, rel), "rb") as fh:
            data = fh.read()
        name = rel.encode("utf-8")
        h.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    digest = h.hexdigest()
    if odd:
        digest = hashlib.sha256((digest + "\n" + "\n".join(odd)).encode("utf-8", "surrogateescape")).hexdigest()
    return digest


def code_digest() -> str:
    """Identifies the kehoach code in use (relative names, sizes and mtimes of its modules)."""
    pkg = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256()
    for rel in _walk(pkg)[0]:
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
