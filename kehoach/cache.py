"""The on-disk cache of validated specs: harmless to delete, ignored when broken or unwritable.

Only the validated spec is cached (plain data of its documents, its working-day calendar and its
registry's name index); no answer is ever stored. An entry is keyed by everything that shapes it
(:func:`entry_key`): the digest of the spec files' bytes, the kehoach code in use, the bundled
schemas and the versions of the libraries that shape validation or answers (``holidays``,
``pyyaml``, ``jsonschema``).

Reading is hardened (:func:`read_entry`): the final path component is never followed, only a
regular file is read, its size is capped before anything is read, and the body must match the
length and sha256 recorded in its header line before it is parsed. Anything unexpected (a FIFO, a
directory, a symbolic link, an unreadable or truncated file, deeply nested or invalid JSON, another
key) is a miss. Writes are atomic (a temporary file, then ``os.replace``) and any failure (a full
disk, a read-only directory) is ignored. The caller checks the shape of what it reads back
(:func:`kehoach.api.load_spec`), so a defect anywhere is a miss, never an error.

This module is on the query path, so at import it needs only ``os``, ``hashlib`` and ``json``:
paths are handled as strings.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat

from .resources import bundled_schema_path

TYPE_CHECKING = False  # no run-time `typing` import on the query path

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

__all__ = [
    "MAX_ENTRY_BYTES",
    "cache_dir",
    "code_digest",
    "entry_key",
    "library_versions",
    "read_entry",
    "spec_digest",
    "spec_files",
    "write_entry",
]

MAX_ENTRY_BYTES = 32 * 1024 * 1024
"""A cache file larger than this is never read (the bundled spec's entry is about 150 KB)."""

FORMAT = "kehoach-cache/2"
_HEADER_MAX = 512
_LIBRARIES = ("holidays", "pyyaml", "jsonschema", "jsonschema_rs", "referencing")
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_WRITE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
_memo: dict[str, str] = {}  # per process: the code digest, computed once


def cache_dir() -> str | None:
    """``$KEHOACH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kehoach``, else ``~/.cache/kehoach``.

    ``KEHOACH_CACHE_DIR=`` (empty) turns caching off.
    """
    explicit = os.environ.get("KEHOACH_CACHE_DIR")
    if explicit is not None:
        return explicit or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kehoach")


# --------------------------------------------------------------------------- what a key covers


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
            try:
                mode = os.lstat(full).st_mode
            except OSError:
                odd.append(f"{rel} -> gone")
                continue
            if stat.S_ISLNK(mode):
                try:
                    odd.append(f"{rel} -> link {os.readlink(full)}")
                except OSError:
                    odd.append(f"{rel} -> link")
            elif stat.S_ISREG(mode):
                files.append(rel)
            elif not stat.S_ISDIR(mode):
                odd.append(f"{rel} -> special")
    return sorted(files), sorted(odd)


def spec_files(root: Path) -> list[Path]:
    """Every regular file under a spec directory, sorted by relative path."""
    return [root / rel for rel in _walk(os.fspath(root))[0]]


def _hashed(h: Any, path: str, name: bytes) -> Any | None:
    """``h`` (a sha256) fed with ``name`` and a regular file's length and bytes, read in chunks (memory
    stays bounded); None when the file cannot be opened or read, is not a regular file (any more), or
    changes size while it is read."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        out = h.copy()
        out.update(len(name).to_bytes(8, "big") + name + st.st_size.to_bytes(8, "big"))
        total = 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > st.st_size:
                return None
            out.update(chunk)
        return out if total == st.st_size else None
    except OSError:
        return None
    finally:
        os.close(fd)


def spec_digest(root: str | os.PathLike[str]) -> str:
    """Digest of the spec content: stable across machines and checkouts (relative names).

    sha256 over each file's relative name and bytes (length-prefixed), then over the odd entries.
    A file that cannot be read (or vanished, or changed while read) counts as an odd entry.
    """
    base = os.fspath(root)
    files, odd = _walk(base)
    h = hashlib.sha256()
    for rel in files:
        fed = _hashed(h, os.path.join(base, rel), rel.encode("utf-8", "surrogateescape"))
        if fed is None:
            odd.append(f"{rel} -> unreadable or changed while read")
        else:
            h = fed
    digest = h.hexdigest()
    if odd:
        digest = hashlib.sha256((digest + "\n" + "\n".join(sorted(odd))).encode("utf-8", "surrogateescape")).hexdigest()
    return digest


def library_versions() -> dict[str, str]:
    """The installed versions of the libraries that shape validation and answers, read from the names of
    their ``NAME-VERSION.dist-info`` directories (the first on ``sys.path``, as import finds them; ``-``
    when absent).

    Neither the libraries nor ``importlib.metadata`` are imported: one directory listing per
    ``sys.path`` entry is all it costs.
    """
    import sys

    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                project, _, version = name[:-10].partition("-")
                found.setdefault(project.lower().replace("-", "_").replace(".", "_"), version)
    return {lib: found.get(lib) or "-" for lib in _LIBRARIES}


def _stamps(root: str, prefix: str, suffix: str) -> list[str]:
    """``name:size:mtime`` of every regular file under ``root`` whose name ends with ``suffix``
    (one ``lstat`` each; hidden entries, ``__pycache__`` and ``_bundled`` are skipped)."""
    out: list[str] = []
    stack = [(root, prefix)]
    while stack:
        where, rel = stack.pop()
        try:
            entries = list(os.scandir(where))
        except OSError:
            out.append(f"{rel}?")
            continue
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name in ("__pycache__", "_bundled"):
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode):
                stack.append((entry.path, f"{rel}{name}/"))
            elif name.endswith(suffix):
                out.append(f"{rel}{name}:{st.st_size}:{st.st_mtime_ns}:{st.st_mode}")
    return sorted(out)


def code_digest() -> str:
    """Identifies the code that validates specs and builds answers: kehoach's modules and bundled
    schemas (relative names, sizes, mtimes and modes) and :func:`library_versions`. Computed once per
    process."""
    found = _memo.get("code")
    if found is not None:
        return found
    lines = [*_stamps(os.path.dirname(os.path.abspath(__file__)), "", ".py"),
             *_stamps(bundled_schema_path(), "schema/", ".json"),
             *(f"lib:{lib}={version}" for lib, version in sorted(library_versions().items()))]
    found = _memo["code"] = hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()[:24]
    return found


def entry_key(kind: str, digest: str) -> str:
    """The key of a cache entry of ``kind`` for content ``digest``: it also covers :func:`code_digest`."""
    return f"{kind}-{digest}-{code_digest()}"


def _file_name(key: str) -> str:
    kind = key.split("-", 1)[0]
    return f"{kind}-{hashlib.sha256(key.encode('utf-8', 'surrogateescape')).hexdigest()[:40]}.json"


# --------------------------------------------------------------------------- reading and writing


def _read_capped(fd: int) -> bytes | None:
    """The bytes of an open regular file of at most :data:`MAX_ENTRY_BYTES`; None otherwise."""
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES:
        return None
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(1 << 20, MAX_ENTRY_BYTES + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_ENTRY_BYTES:
            return None
    return b"".join(chunks)


def _parse(data: bytes, key: str) -> Any | None:
    """The value of an entry's bytes: ``FORMAT key length sha256`` on the first line, then JSON."""
    head, sep, body = data.partition(b"\n")
    if not sep or len(head) > _HEADER_MAX:
        return None
    fields = head.decode("utf-8").split(" ")
    if len(fields) != 4 or fields[0] != FORMAT or fields[1] != key:
        return None
    if fields[2] != str(len(body)) or fields[3] != hashlib.sha256(body).hexdigest():
        return None  # truncated, padded or damaged
    return json.loads(body.decode("utf-8"))


def read_entry(key: str) -> Any | None:
    """The cached value stored under ``key``, or None: missing, not a regular file, a symbolic link,
    too large, unreadable, truncated, corrupt, or stored under another key. Never raises."""
    base = cache_dir()
    if base is None:
        return None
    try:
        fd = os.open(os.path.join(base, _file_name(key)), _READ_FLAGS)
    except (OSError, ValueError):
        return None
    try:
        data = _read_capped(fd)
        return None if data is None else _parse(data, key)
    except (OSError, ValueError, UnicodeError, RecursionError, MemoryError):
        return None
    finally:
        os.close(fd)


def write_entry(key: str, value: Any) -> bool:
    """Store ``value`` under ``key`` atomically; False (and nothing left behind) when the cache is off,
    unwritable, full, or the value cannot be stored. Never raises."""
    base = cache_dir()
    if base is None:
        return False
    tmp = ""
    try:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if len(body) > MAX_ENTRY_BYTES - _HEADER_MAX:
            return False
        head = f"{FORMAT} {key} {len(body)} {hashlib.sha256(body).hexdigest()}\n".encode()
        if len(head) > _HEADER_MAX or key.split() != [key]:
            return False
        os.makedirs(base, mode=0o700, exist_ok=True)
        tmp = os.path.join(base, f".tmp-{os.getpid()}-{os.urandom(6).hex()}")
        fd = os.open(tmp, _WRITE_FLAGS, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(head)
            fh.write(body)
        os.replace(tmp, os.path.join(base, _file_name(key)))
        return True
    except (OSError, ValueError, TypeError, RecursionError, MemoryError):
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False
