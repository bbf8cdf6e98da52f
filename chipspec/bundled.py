"""Where the bundled catalog lives, in a module of its own: the command line's cache of
the loaded catalog needs the folder, not the loader (nor YAML).

All bundled data is package data read with :mod:`importlib.resources`: the catalog is
``chipspec/specs/`` (shown in messages as ``specs/<vendor>/<id>.yaml``) and the LLM lens's
model sheets are ``chipspec/lenses/llm/models/``. A checkout, an editable install and a
wheel find them the same way."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["BUNDLED_SHOWN", "bundled_specs_dir"]

# The name the bundled catalog's files are shown under (``specs/nvidia/nvidia-h20.yaml``).
BUNDLED_SHOWN = "specs"


def bundled_specs_dir() -> Path:
    """The folder of the bundled catalog (``chipspec/specs`` inside the package)."""
    return Path(str(resources.files("chipspec") / "specs"))
