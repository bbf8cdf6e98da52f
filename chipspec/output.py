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

__all__ = ["check_folder", "check_target", "write_output"]


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


def _final(target: Path) -> Path:
    """The regular file ``target`` names (a link followed), or the OutputError writing to
    it would end in, found before any work: a folder, a name too long to rename to."""
    try:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        final = Path(os.path.realpath(target))  # a link keeps pointing where it did
        if len(os.fsencode(final.name)) > 255:  # the rename would say so, after all the work
            raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG))
    except OSError as err:
        raise _fail(err, target) from None
    return final


def check_target(path: str | os.PathLike[str]) -> None:
    """Raise the OutputError that writing ``path`` would end in, where it can be known
    before the work (a whole-catalog report takes seconds to render): the path is a
    folder, its folder is missing, not a folder or not writable, its name is too long.
    A FIFO or device is checked when it is opened."""
    target = Path(path)
    if _special(target):
        return
    final = _final(target)
    folder = final.parent
    try:
        if not folder.exists():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT))
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as err:
        raise _fail(err, target) from None


def check_folder(path: str | os.PathLike[str]) -> None:
    """Raise the OutputError that writing a folder of files at ``path`` (created with its
    parents if missing) would end in, where it can be known before the work: ``path`` is
    not a folder, or the nearest existing folder above it is not one or not writable."""
    target = Path(path)
    try:
        if target.exists():
            if not target.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
            place = target
        else:
            place = Path(os.path.abspath(target)).parent
            while not place.exists() and place != place.parent:
                place = place.parent
            if not place.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        if not os.access(place, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as err:
        raise _fail(err, target) from None


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
    final = _final(target)
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
