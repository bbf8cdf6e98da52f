"""The one way chipspec writes a file: every failure is an :class:`OutputError` naming the
path, and nothing ever blocks (a FIFO with no reader is an error, not a hang)."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError

__all__ = ["write_output"]


def _open(target: Path) -> BinaryIO:
    try:
        # O_NONBLOCK only matters for a FIFO: opening one for writing waits for a reader
        # forever; with it, no reader is ENXIO at once. A regular file ignores the flag.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK, 0o666)
    except OSError as err:
        if err.errno == errno.ENXIO:
            raise OutputError("is a FIFO that nothing reads; start its reader first", path=str(target)) from None
        raise OutputError(f"cannot write: {err.strerror or err}", path=str(target)) from None
    os.set_blocking(fd, True)
    return os.fdopen(fd, "wb")


def write_output(path: str | os.PathLike[str], data: bytes | str | Callable[[BinaryIO], None]) -> None:
    """Write ``data`` (bytes, text as UTF-8, or a function that writes to the open file).

    Raises:
        OutputError: the path is a folder, a FIFO nothing reads, in a missing or read-only
            folder, on a full disk ...; the message names the path.
    """
    target = Path(path)
    stream = _open(target)
    try:
        with stream:
            if callable(data):
                data(stream)
            else:
                stream.write(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as err:
        raise OutputError(f"cannot write: {err.strerror or err}", path=str(target)) from None
