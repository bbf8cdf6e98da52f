"""Where the bundled catalog lives, in a module of its own: the command line's cache of
the loaded catalog needs the folder, not the loader (nor YAML)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["bundled_specs_dir"]


def bundled_specs_dir() -> Path:
    """The folder of the bundled catalog: inside the installed package, else the checkout."""
    package = Path(__file__).resolve().parent
    packaged = package / "specs"
    if packaged.is_dir():
        return packaged
    if not package.is_dir():  # imported from a zip: ask the import system
        from importlib import resources

        inside = resources.files("chipspec") / "specs"
        if inside.is_dir():
            return Path(str(inside))
    return package.parent / "specs"
