"""The seam through which results show themselves: a notebook's HTML, ``str`` and
``table()`` of a Comparison, a Spec, a ranking, export and serving results.

The engine and the lenses sit below the report layer and never import it (numbers never
import presentation). They ask this module to render ``kind`` (``comparison``, ``spec``,
``export``, ``serving``); the report layer registers one renderer per kind
(:mod:`chipspec.report.notebook`), and the package root, which wires the layers, says how
to load it on first use (:data:`loader`). Rendering costs nothing until a table is asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import ChipspecError

__all__ = ["RENDERERS", "loader", "render"]

# kind -> renderer(obj, fmt, width, **options) -> text; filled by chipspec.report.notebook
RENDERERS: dict[str, Callable[..., str]] = {}
# Loads the report layer's renderers; set by the package root (chipspec/__init__.py).
loader: Callable[[], None] | None = None


def render(kind: str, obj: Any, fmt: str = "terminal", width: int = 100, **options: Any) -> str:
    """``obj`` as the table its command prints, in ``fmt`` (any output format), hints worded
    for Python.

    Raises:
        ChipspecError: no renderer for ``kind`` (the report layer is not installed).
        UnknownNameError: an unknown format.
    """
    if kind not in RENDERERS and loader is not None:
        loader()
    renderer = RENDERERS.get(kind)
    if renderer is None:
        raise ChipspecError(f"no renderer for {kind!r} results")
    return renderer(obj, fmt, width, **options)
