"""A cache of the loaded bundled catalog, so that a command starts without reading its sheets.

Loading the 73 bundled sheets costs a cold ``chipspec compare`` about a third of its time;
unpickling the same loaded catalog costs a tenth of that. The command line loads the
bundled catalog through :func:`load_catalog` here, which reads a cached copy when one
matches exactly and otherwise loads the sheets (and writes the copy for next time).

A cached copy can never be stale or foreign, because its key is a hash of everything that
decides what the load would give:

- chipspec's version and the Python version (pickles name classes and their layout);
- the size and modification time of each of chipspec's own modules (a development
  checkout changes its code without changing its version);
- the name and the **content** of every file under the bundled ``specs/`` folder.

The copy lives in the user's cache folder (``$CHIPSPEC_CACHE_DIR``, else
``$XDG_CACHE_HOME/chipspec``, ``~/Library/Caches/chipspec`` on macOS,
``%LOCALAPPDATA%\\chipspec\\Cache`` on Windows, ``~/.cache/chipspec`` elsewhere); setting
``CHIPSPEC_CACHE_DIR`` to ``off`` (or an empty value) turns the cache off. Only a load
without a single problem is cached. A copy that is missing, unreadable, corrupt, from
another key, not owned by the user or writable by others is ignored (and replaced when
the folder is writable): the cache can make a command faster, never different. User
sheets (``--specs``, paths) and ``--prefer-source`` are never cached: those loads go to
:func:`chipspec.load.load_catalog` unchanged.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import bundled as _bundled
from .catalog import Catalog
from .version import __version__

if TYPE_CHECKING:
    from .progress import Progress

__all__ = [
    "CACHE_ENV",
    "bundled_key",
    "bundled_or_partial",
    "cache_dir",
    "cache_file",
    "cached_bundled_catalog",
    "load_catalog",
]

CACHE_ENV = "CHIPSPEC_CACHE_DIR"
_MAGIC = b"chipspec bundled catalog cache 1\n"
_OFF = ("", "0", "off", "no", "false", "none")


def cache_dir() -> Path | None:
    """The folder of the cache, or None when ``CHIPSPEC_CACHE_DIR`` turns it off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in _OFF else Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base, "chipspec", "Cache") if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "chipspec"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg, "chipspec") if xdg and os.path.isabs(xdg) else Path.home() / ".cache" / "chipspec"


def _code_fingerprint(digest: hashlib._Hash) -> None:
    """chipspec's own modules, by name, size and modification time (the classes a pickle
    names must have the layout they had when it was written)."""
    package = Path(__file__).resolve().parent
    for entry in sorted(os.scandir(package), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            info = entry.stat()
            digest.update(f"{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())


def _content_fingerprint(digest: hashlib._Hash, root: Path) -> None:
    """Every file under ``root``: its path and its bytes (hidden folders too: a key that
    covers more than the loader reads can only miss, never be stale)."""
    stack = [root]
    while stack:
        folder = stack.pop()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
        for entry in entries:
            if entry.is_dir():
                stack.append(Path(entry.path))
            else:
                relative = Path(entry.path).relative_to(root).as_posix()
                with open(entry.path, "rb") as handle:
                    data = handle.read()
                digest.update(f"{relative}\0{len(data)}\0".encode())
                digest.update(data)


def bundled_key() -> str:
    """The key of the bundled catalog as it is now (see the module's docstring)."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{sys.version}\0{pickle.HIGHEST_PROTOCOL}\n".encode())
    _code_fingerprint(digest)
    _content_fingerprint(digest, _bundled.bundled_specs_dir())
    return digest.hexdigest()


def cache_file(key: str) -> Path | None:
    """Where the copy for ``key`` is kept (None: the cache is off)."""
    folder = cache_dir()
    return None if folder is None else folder / f"bundled-{__version__}-{key[:32]}.pickle"


def _trusted(info: os.stat_result) -> bool:
    """A file this user owns and no one else can write (POSIX; elsewhere, any file)."""
    if not hasattr(os, "geteuid"):
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(path: Path, key: str) -> Catalog | None:
    """The cached catalog for ``key``, or None for anything but an exact, trusted copy."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _trusted(info) or not _trusted(path.parent.stat()):
                return None
            data = handle.read()
    except OSError:
        return None
    header = _MAGIC + key.encode() + b"\n"
    if not data.startswith(header):
        return None
    try:
        catalog = pickle.loads(memoryview(data)[len(header) :])
    except Exception:  # a corrupt or truncated copy is a miss, whatever pickle raises
        return None
    return catalog if isinstance(catalog, Catalog) and not catalog.failed else None


def _write(path: Path, key: str, catalog: Catalog) -> None:
    """Write the copy atomically (a reader sees the old file or the whole new one); a
    folder that cannot be written only means no cache."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = _MAGIC + key.encode() + b"\n" + pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL)
        import tempfile

        fd, temporary = tempfile.mkstemp(prefix=".bundled-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(path.parent)
    except (OSError, pickle.PicklingError):
        pass


def _read_sheets(
    *paths: str | Path, bundled: bool = True, prefer_source: str | None = None, progress: Progress | None = None
) -> Catalog:
    """:func:`chipspec.load.load_catalog`, imported only when sheets are read (a cached
    start needs no YAML)."""
    from . import load

    return load.load_catalog(*paths, bundled=bundled, prefer_source=prefer_source, progress=progress)


KEPT = 8  # copies kept: several installations (virtualenvs, checkouts) may share the folder


def _prune(folder: Path) -> None:
    """Remove all but the :data:`KEPT` most recently written copies. Copies of other keys
    are not removed on sight: another installation of chipspec (another version, another
    checkout) may share this folder, and each would delete the other's copy on every run."""
    copies = []
    for entry in folder.glob("bundled-*.pickle"):
        try:
            copies.append((entry.stat().st_mtime_ns, entry))
        except OSError:
            continue
    for _, old in sorted(copies, reverse=True)[KEPT:]:
        old.unlink(missing_ok=True)


def cached_bundled_catalog() -> Catalog:
    """The bundled catalog, from the cache when an exact copy is there.

    Raises what :func:`chipspec.load.load_catalog` raises for the bundled sheets (a
    load with problems is never cached, so its errors are always reported).
    """
    try:
        key = bundled_key()
    except OSError:  # the bundled folder cannot be read: let the loader say so
        return _read_sheets()
    path = cache_file(key)
    if path is not None:
        cached = _read(path, key)
        if cached is not None:
            return cached
    catalog = _read_sheets()
    if path is not None:
        _write(path, key, catalog)
    return catalog


def bundled_or_partial() -> Catalog:
    """The bundled catalog as the command line reads it (from the cache when an exact copy
    is there); when a sheet fails, every chip that did load. The library's by-name calls
    (``chipspec.compare("h20", "910b")``, ``report(...)``, a site) each get a fresh copy in
    a tenth of the time of reading the sheets again."""
    from .errors import CatalogError

    try:
        return cached_bundled_catalog()
    except CatalogError as error:
        catalog: Catalog = error.catalog
        return catalog


def load_catalog(
    *paths: str | Path, bundled: bool = True, prefer_source: str | None = None, progress: Progress | None = None
) -> Catalog:
    """:func:`chipspec.load.load_catalog`, with the bundled catalog alone read from the cache."""
    if bundled and not paths and prefer_source is None:
        return cached_bundled_catalog()
    return _read_sheets(*paths, bundled=bundled, prefer_source=prefer_source, progress=progress)
