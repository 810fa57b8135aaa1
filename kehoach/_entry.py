"""The ``kehoach`` console script (and ``python -m kehoach``): the process around the click CLI.

It runs :func:`kehoach.cli.main` and owns what only a whole process has, its output streams:

* **Encoding.** If stdout or stderr has an encoding that cannot carry Vietnamese (e.g.
  ``PYTHONIOENCODING=ascii``, or ``latin-1``), it is written in UTF-8 instead, with the same error
  handler. The answer's bytes are then exactly those of a UTF-8 terminal and JSON stays valid;
  nothing is replaced by ``?`` or escaped. (click does the same for an ASCII stdout.)
* **A stdout that cannot be written** (a full disk such as ``> /dev/full``, a broken device, a
  closed stdout ``>&-``): one line on stderr, ``Error: cannot write the output: …``, and exit code 2;
  never a traceback. A stderr that cannot be written gives exit code 2 silently.
* **A reader that stops early** (``kehoach agencies | head -1``, a closed pipe): kehoach stops
  quietly, with no message, with the command's own exit code if it had finished, else 0.

Nothing is stored between runs: every invocation parses its command line once, with click. At the
end, :func:`gc.freeze` spares the interpreter's final collection the objects of the whole run (about a
sixth of a cached query's time); atexit handlers and stream flushing still run as usual.
"""
from __future__ import annotations

import errno
import gc
import io
import os
import sys

TYPE_CHECKING = False  # no run-time `typing` import here

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

__all__ = ["OutputLost", "main"]

_VIETNAMESE = "Sở Tư pháp ạ ằ ẫ ệ ổ ữ đ Đ"


class OutputLost(BaseException):
    """stdout or stderr can no longer be written. A ``BaseException`` (like ``KeyboardInterrupt``) so
    that it passes the CLI's handlers of ordinary errors and reaches :func:`main` whatever was writing."""

    def __init__(self, error: OSError, fd: int) -> None:
        super().__init__(error)
        self.error = error
        self.fd = fd


class _GuardedFile(io.FileIO):
    """The raw file under stdout or stderr: a failed write raises :class:`OutputLost`."""

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            return super().write(data)
        except OSError as exc:
            raise OutputLost(exc, self.fileno()) from None


def _carries_vietnamese(encoding: str | None) -> bool:
    try:
        _VIETNAMESE.encode(encoding or "ascii")
    except (LookupError, UnicodeError):
        return False
    return True


def _guarded(stream: io.TextIOWrapper) -> io.TextIOWrapper:
    """``stream`` on the same file descriptor, guarded, in an encoding that carries Vietnamese."""
    encoding = stream.encoding if _carries_vietnamese(stream.encoding) else "utf-8"
    stream.flush()
    raw = _GuardedFile(stream.fileno(), "wb", closefd=False)
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding=encoding, errors=stream.errors,
                            line_buffering=stream.line_buffering, write_through=stream.write_through)


def _prepare_streams() -> None:
    """Guard the process's own stdout and stderr (a stream that a test or an embedding program put in
    their place is left alone)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or stream is not getattr(sys, f"__{name}__") or not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            setattr(sys, name, _guarded(stream))
        except (OSError, ValueError):
            continue


def _silence(fd: int) -> None:
    """Point ``fd`` at the null device so that nothing left in a buffer fails again at exit."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    except OSError:
        pass


def _report_lost(lost: OutputLost) -> int | None:
    """After a failed write: say so on stderr (unless stderr is what failed, or the reader merely
    closed the pipe: then None) and give exit code 2."""
    _silence(lost.fd)
    if lost.error.errno == errno.EPIPE:
        return None
    if lost.fd == 1:
        from .messages import language, message

        text = message("output-failed", language(), reason=lost.error.strerror or type(lost.error).__name__)
        err = sys.stderr
        try:
            if err is not None:
                err.write(f"Error: {text}\n")
                err.flush()
        except (OSError, ValueError, OutputLost):
            _silence(2)
    return 2


def main() -> None:
    """Run the CLI on ``sys.argv[1:]`` and exit with its code (see the module's docstring)."""
    _prepare_streams()
    code: int | str | None = 0
    try:
        if sys.stdout is None:  # started with stdout closed (``>&-``): nowhere to answer
            raise OutputLost(OSError(errno.EBADF, os.strerror(errno.EBADF)), 1)
        try:
            from .cli import main as cli_main

            cli_main(sys.argv[1:])
        except SystemExit as done:
            code = done.code
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except OutputLost as lost:
        reported = _report_lost(lost)
        if reported is not None:
            code = reported
    gc.freeze()  # the process ends now: spare its last garbage collection the objects of the whole run
    sys.exit(code)
