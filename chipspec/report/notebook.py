"""The renderers behind ``_repr_html_``, ``str`` and ``table()`` of results (registered in
:mod:`chipspec.display`): each builds its command's view and renders it, hints worded for
Python."""

from __future__ import annotations

from typing import Any

from .. import display
from .views import chip_view, compare_view, export_view, render_view, serving_view

__all__: list[str] = []


def _comparison(comparison: Any, fmt: str, width: int, **options: Any) -> str:
    return render_view(compare_view(comparison, **options), fmt, width, "python")


def _spec(chip: Any, fmt: str, width: int, *, sources: bool = False, lang: str = "en") -> str:
    return render_view(chip_view(chip, sources=sources, lang=lang), fmt, width, "python")


def _export(results: Any, fmt: str, width: int, *, lang: str = "en") -> str:
    return render_view(export_view(results, lang), fmt, width, "python")


def _serving(serving: Any, fmt: str, width: int, *, lang: str = "en") -> str:
    return render_view(serving_view([serving], lang), fmt, width, "python")


display.RENDERERS.update(comparison=_comparison, spec=_spec, export=_export, serving=_serving)
