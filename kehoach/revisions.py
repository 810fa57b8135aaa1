"""A spec as it stood at a git revision: read with the ``git`` command (never by parsing ``.git``) into a
temporary directory, which the caller then loads and validates like any spec directory.

``OLD``/``NEW`` of ``kehoach diff`` are each a directory or a revision; :func:`spec_at` tells them apart
(an existing directory wins) and exports the spec directory of the repository around ``cwd``.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from .errors import InvalidRevision

__all__ = ["GIT_TIMEOUT", "export_spec", "spec_at"]

GIT_TIMEOUT = 30.0
"""Seconds any one ``git`` call may take."""


def _git(args: list[str], cwd: Path, revision: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise InvalidRevision(revision, "the git command is not installed") from None
    except subprocess.TimeoutExpired:
        raise InvalidRevision(revision, f"git took longer than {GIT_TIMEOUT:g}s") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InvalidRevision(revision, detail[-1] if detail else f"git exited {done.returncode}")
    return done.stdout


def export_spec(revision: str, spec: Path, cwd: Path, into: Path) -> Path:
    """The spec directory ``spec`` (relative to ``cwd``) of ``revision`` of the repository around ``cwd``,
    written under ``into``; returns that directory. :class:`InvalidRevision` when ``cwd`` is not in a
    repository, the revision is unknown, or the revision has no such directory."""
    if revision.startswith("-"):
        raise InvalidRevision(revision, "not a revision")
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd, revision).decode().strip())
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], cwd, revision).decode().strip()
    absolute = (cwd / spec).resolve()
    try:
        inside = absolute.relative_to(top.resolve()).as_posix()
    except ValueError:
        raise InvalidRevision(revision, f"{spec} is outside the repository {top}") from None
    tree = _git(["archive", "--format=tar", commit, "--", inside], top, revision) if inside else \
        _git(["archive", "--format=tar", commit], top, revision)
    with tarfile.open(fileobj=io.BytesIO(tree)) as archive:
        members = [m for m in archive.getmembers() if m.isfile() or m.isdir()]
        archive.extractall(into, members=members, filter="data")
    root = into / inside if inside else into
    if not root.is_dir():
        raise InvalidRevision(revision, f"no directory {inside} at that revision")
    return root


def spec_at(text: str, spec: Path, cwd: Path, scratch: Path) -> tuple[Path, str]:
    """The spec directory ``text`` names and how to name it: an existing directory as given, else the spec
    of revision ``text`` (``"REV:spec"``), exported into ``scratch``."""
    path = Path(text)
    if path.is_dir():
        return path, text
    if path.is_symlink() or path.exists():  # a file, FIFO or device: a path, but not a spec directory
        raise InvalidRevision(text, "it is a path but not a spec directory (name a directory or a git revision)")
    into = scratch / f"rev-{len(list(scratch.iterdir()))}"
    into.mkdir()
    return export_spec(text, spec, cwd, into), f"{text}:{spec.as_posix().rstrip('/')}"
