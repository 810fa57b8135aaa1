"""The one guarded way to open a file the user named (spec files, facts, scenarios, source texts).

:func:`read_file` opens with ``O_NONBLOCK | O_NOFOLLOW`` and checks the open descriptor with
``fstat`` before reading a byte, so

* a FIFO, socket or device is refused at once (a FIFO never blocks: the non-blocking open returns
  and ``fstat`` says what it is);
* a symbolic link is never followed (the rule of ``validate``: point kehoach at the real file);
* the size is capped *before* reading, and the read itself stops one byte past the cap (``/proc``
  files claim size 0; a file may grow while it is read);
* nothing of the file's content is ever put in the error: :class:`~kehoach.errors.PathRefused`
  names the path and the reason, in one line.

Only ``os``, ``stat`` and ``errno`` are used, so any layer may import this module.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import PathRefused
from .problems import Problem, Severity

__all__ = ["MAX_FILE_BYTES", "PATH_CODES", "check_directory", "check_file", "read_file", "refusal_problem"]

MAX_FILE_BYTES = 2 * 1024 * 1024
"""The largest file kehoach reads (spec, facts, scenario or source text)."""

PATH_CODES = ("empty-path", "not-found", "not-followed", "not-a-regular-file", "file-too-large", "unreadable")
"""The codes of :class:`PathRefused` (each is also a problem code)."""

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0) \
    | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1024 * 1024


def _shown(path: object, display: str | None) -> str:
    if display is None:
        display = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else repr(path)
    return display if display.strip() else repr(display)


def _as_path(path: object, shown: str) -> str:
    if not isinstance(path, (str, os.PathLike)):
        raise PathRefused(shown, "not-found", f"a path is text, not {type(path).__name__}")
    text = os.fspath(path)
    if not isinstance(text, str) or not text.strip():
        raise PathRefused(shown, "empty-path", "empty path")
    if "\x00" in text:
        raise PathRefused(shown, "not-found", "the path contains a NUL character")
    return text


def _open(text: str, shown: str) -> int:
    try:
        return os.open(text, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EMLINK and os.path.islink(text)):
            raise PathRefused(shown, "not-followed", "symbolic link not followed",
                              "point kehoach at the real file") from None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise PathRefused(shown, "not-found", "no such file") from None
        if exc.errno == errno.ENXIO:  # a socket, or a device without a driver
            raise PathRefused(shown, "not-a-regular-file", "not a regular file (socket or device)") from None
        if exc.errno == errno.ENAMETOOLONG:
            raise PathRefused(shown, "not-found", "the path is too long") from None
        raise PathRefused(shown, "unreadable", f"cannot read file: {exc.strerror or exc}") from None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _checked(fd: int, shown: str, limit: int) -> None:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        kind = _kind(info.st_mode)
        raise PathRefused(shown, "not-a-regular-file", f"not a regular file ({kind})" if kind.startswith("a ")
                          else "not a regular file")
    if info.st_size > limit:
        raise PathRefused(shown, "file-too-large", f"file is {info.st_size} bytes; the limit is {limit}")


def read_file(path: str | os.PathLike[str], *, display: str | None = None, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (at most ``limit``); :class:`PathRefused` otherwise.

    ``display`` is how the path is named in the error (default: the path itself)."""
    shown = _shown(path, display)
    text = _as_path(path, shown)
    fd = _open(text, shown)
    try:
        _checked(fd, shown, limit)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except BlockingIOError:
        raise PathRefused(shown, "not-a-regular-file", "not a regular file") from None
    except OSError as exc:
        if isinstance(exc, PathRefused):
            raise
        if exc.errno == errno.EISDIR:
            raise PathRefused(shown, "not-a-regular-file", "not a regular file (a directory)") from None
        raise PathRefused(shown, "unreadable", f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if total > limit:
        raise PathRefused(shown, "file-too-large", f"file is larger than the limit of {limit} bytes")
    return b"".join(chunks)


def check_file(path: str | os.PathLike[str], *, display: str | None = None, limit: int = MAX_FILE_BYTES) -> None:
    """Refuse ``path`` (:class:`PathRefused`) unless it is a regular file, not a symlink, of at most
    ``limit`` bytes.  Nothing is read."""
    shown = _shown(path, display)
    fd = _open(_as_path(path, shown), shown)
    try:
        _checked(fd, shown, limit)
    finally:
        os.close(fd)


def check_directory(path: str | os.PathLike[str], *, display: str | None = None) -> Path:
    """``path`` as a :class:`Path` when it is a directory that is not a symlink and can be listed;
    :class:`PathRefused` otherwise (empty path, missing, a link, a file or device, unreadable)."""
    shown = _shown(path, display)
    text = _as_path(path, shown)
    try:
        info = os.lstat(text)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise PathRefused(shown, "not-found", "no such directory") from None
        raise PathRefused(shown, "unreadable", f"cannot read directory: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise PathRefused(shown, "not-followed", "symbolic link not followed", "point kehoach at the real directory")
    if not stat.S_ISDIR(info.st_mode):
        what = "a file" if stat.S_ISREG(info.st_mode) else _kind(info.st_mode)
        raise PathRefused(shown, "not-a-regular-file", f"not a directory ({what})")
    if not os.access(text, os.R_OK | os.X_OK):
        raise PathRefused(shown, "unreadable", "cannot read directory: permission denied")
    return Path(text)


def refusal_problem(exc: PathRefused) -> Problem:
    """The refusal as a whole-file :class:`Problem` (line 1, column 1)."""
    return Problem(exc.path, 1, 1, exc.code, exc.reason, Severity.ERROR, exc.hint)
