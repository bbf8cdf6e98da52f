"""The one way chipspec writes a file: whole or not at all, every failure an
:class:`OutputError` naming the path, and nothing ever blocks (a FIFO with no reader is an
error, not a hang).

A regular file is written beside its target under a hidden temporary name and renamed over
it once complete, so an interrupted run (``kill -9`` while a chart renders, a full disk)
leaves the previous file as it was, never an empty or half-written one. A target that is not
a regular file (a FIFO, ``/dev/stdout``, a terminal) cannot be replaced that way and is
written in place; a symbolic link is followed, so the file it points at is replaced and the
link stays.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError

__all__ = ["write_output"]


def _fail(err: OSError, target: Path) -> OutputError:
    return OutputError(f"cannot write: {err.strerror or err}", path=str(target))


def _open_in_place(target: Path) -> BinaryIO:
    try:
        # O_NONBLOCK only matters for a FIFO: opening one for writing waits for a reader
        # forever; with it, no reader is ENXIO at once.
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as err:
        if err.errno == errno.ENXIO:
            raise OutputError("is a FIFO that nothing reads; start its reader first", path=str(target)) from None
        raise _fail(err, target) from None
    os.set_blocking(fd, True)
    return os.fdopen(fd, "wb")


def _special(target: Path) -> bool:
    """True for an existing target that is not a regular file or a folder (FIFO, device)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _temporary(final: Path, shown: Path) -> tuple[Path, BinaryIO]:
    """A new hidden file beside ``final``, with the mode ``final`` has (or would get);
    errors name ``shown``, the path as the user gave it."""
    try:
        mode = stat.S_IMODE(os.stat(final).st_mode)
    except OSError:
        mode = 0o666  # the umask applies, as for any new file
    for attempt in range(100):
        # cut so that a target name near the 255-byte limit still has room beside it
        temp = final.with_name(f".{final.name[:200]}.{os.getpid()}-{attempt}.tmp")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:
            continue
        except OSError as err:
            raise _fail(err, shown) from None
        if mode != 0o666:
            os.chmod(fd, mode)  # an existing file keeps its mode, whatever the umask
        return temp, os.fdopen(fd, "wb")
    raise OutputError("cannot write: no free temporary name beside it", path=str(shown))


def write_output(path: str | os.PathLike[str], data: bytes | str | Callable[[BinaryIO], None]) -> None:
    """Write ``data`` (bytes, text as UTF-8, or a function that writes to the open file),
    whole or not at all.

    Raises:
        OutputError: the path is a folder, a FIFO nothing reads, in a missing or read-only
            folder, on a full disk ...; the message names the path. The previous file, if
            any, is then unchanged.
    """
    target = Path(path)
    if _special(target):
        stream = _open_in_place(target)
        try:
            with stream:
                _write(stream, data)
        except OSError as err:
            raise _fail(err, target) from None
        return
    try:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        final = Path(os.path.realpath(target))  # a link keeps pointing where it did
        if len(os.fsencode(final.name)) > 255:  # the rename would say so, after all the work
            raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG))
    except OSError as err:
        raise _fail(err, target) from None
    temp, stream = _temporary(final, target)
    try:
        try:
            with stream:
                _write(stream, data)
            # No fsync: this guards against an interrupted chipspec, not a power cut, and
            # a site of a thousand pages would pay for it a thousand times.
            os.replace(temp, final)
        except OSError as err:
            raise _fail(err, target) from None
    except BaseException:  # an error, Ctrl-C: the old file stays, the temporary goes
        temp.unlink(missing_ok=True)
        raise


def _write(stream: BinaryIO, data: bytes | str | Callable[[BinaryIO], None]) -> None:
    if callable(data):
        data(stream)
    else:
        stream.write(data.encode("utf-8") if isinstance(data, str) else data)
