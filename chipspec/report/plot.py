"""Charts of a Comparison (bar, scatter, roofline, radar) as matplotlib Figures.

matplotlib is imported inside the functions that draw or save, so importing this module
(or ``chipspec``) does not load it. Figures use the object API (``Figure`` +
``FigureCanvasAgg``), never pyplot, and are built and saved under fixed rc settings, so
the output depends neither on global state nor on the user's matplotlibrc, and saving
the same chart twice gives the same bytes.

>>> from chipspec import compare
>>> figure = plot(compare(["h20", "910b", "a800"], []), "bar")
>>> save(figure, "bandwidth-per-watt.svg")  # doctest: +SKIP
"""

from __future__ import annotations

import itertools
import math
import os
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import i18n
from ..compare import Column, Comparison
from ..errors import ChipspecError, UnknownNameError
from ..metrics import COMPUTE, uses_compute
from ..rank import relative_to_best
from ..spec import Spec, suggest
from ..units import ureg
from .plot_kinds import CHART_KINDS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation
    from matplotlib.transforms import Bbox

__all__ = ["CHART_KINDS", "DEFAULT_METRICS", "IMAGE_FORMATS", "ChipspecWarning", "plot", "save"]

IMAGE_FORMATS: tuple[str, ...] = (".png", ".svg")

DEFAULT_METRICS: Mapping[str, tuple[str, ...]] = {
    "bar": ("bandwidth_per_watt",),
    "scatter": ("memory.bandwidth", COMPUTE),
    "roofline": (),
    "export-map": (),
    "radar": ("bandwidth_per_watt", "tflops_per_watt", "memory_per_tflops", "interconnect_per_watt", "memory.capacity"),
}
# (fewest, most) metrics per kind; None: no upper bound. The roofline ignores metrics.
_METRIC_COUNTS: dict[str, tuple[int, int | None]] = {"bar": (1, 1), "scatter": (2, 2), "radar": (3, None)}

# Okabe & Ito's palette, then Paul Tol's "muted": both stay distinct under the common
# colour-vision deficiencies. Markers and line styles add a cue beyond colour.
_PALETTE = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933", "#AA4499",
)  # fmt: skip
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "p", "h", "*")
_LINESTYLES = ("-", "--", "-.", ":")
_EDGE = "0.15"  # dark outline on markers and bars, so pale colours (yellow) stay visible
_PALE = 0.75  # luminance from which a line gets a dark edge too

_FONT = "DejaVu Sans"  # ships with matplotlib, so English charts render the same everywhere
_CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN",
)  # fmt: skip
_CJK_LANGUAGES = ("zh",)

_WIDTH_IN = 10.0
_HEIGHT_IN = 6.0
_BAR_ROW_IN = 0.26  # a bar chart of many chips grows taller instead of squeezing its rows
_DPI = 150
_NOTE_PT = 10.0
_MARGIN_IN = 0.1
_LABEL_PT = 10.0
_POINT_RADIUS_PT = 8.0  # what a label must keep clear of around each point (the Pareto ring)
_LABEL_GAP_PT = 9.0
_CROWD_PT = 72.0  # points closer than this are neighbours when ordering labels
_LOG_SPAN = 10.0  # a scatter axis whose values span this factor or more is drawn on a log scale
_OUTSIDE_PENALTY = 10.0  # a label poking out of the axes costs more than one overlapping another

_BUILD_RC: dict[str, Any] = {
    "font.size": 11,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 10.5,
    "legend.title_fontsize": 11,
    "figure.titlesize": 15,
    "figure.titleweight": "bold",
}
_SAVE_RC: dict[str, Any] = {"svg.hashsalt": "chipspec", "svg.fonttype": "none", "path.simplify": True}

_INTENSITY = np.logspace(-1, 4, 251)  # arithmetic intensity, FLOP/B
_EXPORT_RULE = "us-3a090-2023"  # the rule whose regions the export map shades

# Chart phrases the i18n tables do not hold; words they do hold come from i18n.phrase.
_ZH_PHRASES: dict[str, str] = {
    "{y} vs {x}": "{y}与{x}",
    "Roofline ({precision})": "屋顶线模型（{precision}）",
    "Each metric relative to the best chip (best = 1)": "各指标相对最佳芯片（最佳 = 1）",
    "arithmetic intensity (FLOP/B)": "算术强度 (FLOP/B)",
    "attainable compute (TFLOPS, {precision})": "可达算力 (TFLOPS, {precision})",
    "Pareto front": "帕累托前沿",
    "{label}, lower is better": "{label}，越低越好",
    "not computable: ": "无法计算：",
    "{chip} (missing {fields})": "{chip}（缺少 {fields}）",
    ", ": "；",  # between the chips of a note (their missing fields are listed with commas)
    "compute at another precision: ": "算力改用其他精度：",
    "data: chipspec catalog": "数据：chipspec 目录",
    "data: chipspec catalog, newest release {released}": "数据：chipspec 目录，最新发布 {released}",
    "US 3A090 (2023): TPP against performance density": "美国 3A090（2023）：TPP 与性能密度",
    "performance density (TPP/mm², logic die area)": "性能密度 (TPP/mm²，逻辑裸片面积)",
    "total processing performance (TPP)": "总处理性能 (TPP)",
    "not 3A090.a/.b": "不属 3A090.a/.b",
    "Informational reading of public rules; not legal advice.": "仅为对公开规则的参考解读，不构成法律意见。",
}
# English labels are the names themselves; titles spell them out, keeping these words' case.
_ACRONYMS = {"tflops": "TFLOPS", "flop": "FLOP", "pcie": "PCIe", "tpp": "TPP", "tdp": "TDP"}


class ChipspecWarning(UserWarning):
    """A chart was drawn, but not quite as asked (e.g. English labels for want of a CJK font)."""


@dataclass(frozen=True)
class _Style:
    colour: str
    marker: str


@dataclass
class _Legend:
    """A legend's entries; a handle may be a tuple of artists, drawn on top of each other."""

    title: str
    handles: list[Any]
    labels: list[str]
    handlelength: float = 2.0


@dataclass
class _Chart:
    """What a kind's drawer leaves for the common steps: frame, footer, point labels."""

    ax: Axes
    title: str
    chips: list[Spec]  # the chips drawn: the source line dates them
    legend: _Legend
    notes: list[tuple[str, list[str]]] = field(default_factory=list)  # (prefix, items), wrapped later
    labels: list[tuple[float, float, str]] = field(default_factory=list)  # placed once the layout is done


def plot(
    comparison: Comparison,
    kind: str,
    *,
    metrics: Sequence[str] | None = None,
    lang: str = "en",
    title: str | None = None,
) -> Figure:
    """Draw a chart of a comparison.

    ``bar`` ranks the chips by one metric; ``scatter`` plots two with their Pareto front;
    ``roofline`` draws attainable compute against arithmetic intensity (metrics ignored);
    ``radar`` shows three or more metrics, each relative to the best chip. Chips a chart
    cannot place are named, with the fields they lack, in a note under the axes.

    Args:
        comparison: the chips and their columns (from :func:`chipspec.compare`).
        kind: one of :data:`CHART_KINDS`.
        metrics: metric names or field paths; default per kind (:data:`DEFAULT_METRICS`).
        lang: label language (``"en"`` or ``"zh"``); ``"zh"`` needs an installed CJK font
            and falls back to English, with a :class:`ChipspecWarning`, when there is none.
        title: the chart title (default: one per kind).

    Returns:
        A matplotlib Figure with an Agg canvas; write it with :func:`save`.

    Raises:
        UnknownNameError: an unknown chart kind, language, metric or field.
        ChipspecError: the wrong number of metrics for the kind, or a text field.
    """
    if kind not in CHART_KINDS:
        raise UnknownNameError("chart kind", kind, suggest(kind, CHART_KINDS))
    i18n.check_language(lang)
    names = DEFAULT_METRICS[kind] if metrics is None else tuple(metrics)
    _check_metric_count(kind, names)
    lang, families = _choose_language(lang)
    rc = {**_BUILD_RC, "font.family": list(families)}
    if families[0] != _FONT:
        rc["figure.titleweight"] = "normal"  # CJK fonts often ship one weight; no fallback noise
    with _settings(rc):
        figure, renderer = _new_figure(kind, comparison, names)
        chart = _DRAWERS[kind](figure, comparison, names, lang)
        uses = (COMPUTE,) if kind == "roofline" else () if kind == "export-map" else names
        if comparison.fallback and any(uses_compute(n) for n in uses):
            chart.notes.append(_fallback_note(comparison, chart.chips, lang))
        _frame(figure, renderer, chart, chart.title if title is None else title, lang)
        figure.draw_without_rendering()  # runs the layout, so label positions are final
        # Freeze the layout: run again at save time it would start from the last result
        # and could move things by a pixel, so two saves would differ.
        figure.set_layout_engine("none")
        _place_labels(chart.ax, chart.labels, figure.canvas.get_renderer())
    return figure


def save(figure: Figure, path: str | os.PathLike[str]) -> None:
    """Write a figure as PNG or SVG, chosen by the file extension; reproducible byte for byte.

    Args:
        figure: a Figure from :func:`plot` (any matplotlib Figure works).
        path: where to write; the extension (``.png`` or ``.svg``) picks the format.

    Raises:
        UnknownNameError: any other extension.
    """
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in IMAGE_FORMATS:
        raise UnknownNameError("image format", path.suffix, suggest(ext, IMAGE_FORMATS) or IMAGE_FORMATS)
    metadata: dict[str, Any] = {"Date": None, "Creator": None} if ext == ".svg" else {"Software": None}
    with _settings(_SAVE_RC):
        figure.savefig(path, format=ext[1:], dpi="figure", metadata=metadata)


# --- setup -------------------------------------------------------------------------------


@contextmanager
def _settings(rc: dict[str, Any]) -> Iterator[None]:
    """matplotlib's defaults plus ``rc``, restored on exit (a user's matplotlibrc must not
    change the bytes of a chart)."""
    import matplotlib as mpl
    import matplotlib.style

    with mpl.style.context("default"), mpl.rc_context(rc):
        yield


def _check_metric_count(kind: str, names: Sequence[str]) -> None:
    if kind not in _METRIC_COUNTS:
        return
    fewest, most = _METRIC_COUNTS[kind]
    if fewest <= len(names) and (most is None or len(names) <= most):
        return
    wanted = f"exactly {fewest}" if fewest == most else f"at least {fewest}"
    plural = "" if fewest == 1 else "s"
    got = ", ".join(names) if names else "none"
    raise ChipspecError(f"a {kind} chart takes {wanted} metric{plural}, got {len(names)} ({got})")


def _find_cjk_font() -> str | None:
    """The first installed font family of :data:`_CJK_FAMILIES`, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in _CJK_FAMILIES if family in installed), None)


def _choose_language(lang: str) -> tuple[str, tuple[str, ...]]:
    """The language to label in and the font families to draw with."""
    if lang not in _CJK_LANGUAGES:
        return lang, (_FONT,)
    cjk = _find_cjk_font()
    if cjk is None:
        warnings.warn(
            f"no CJK font found (tried {', '.join(_CJK_FAMILIES)}); drawing the chart with English labels",
            ChipspecWarning,
            stacklevel=3,
        )
        return "en", (_FONT,)
    return lang, (cjk, _FONT)


def _new_figure(kind: str, comparison: Comparison, names: Sequence[str]) -> tuple[Figure, RendererBase]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = _HEIGHT_IN
    if kind == "bar":
        rows = int(np.isfinite(_numeric(comparison, names[0]).values).sum())
        height = max(height, 2.5 + _BAR_ROW_IN * rows)
    figure = Figure(figsize=(_WIDTH_IN, height), dpi=_DPI, layout="constrained")  # laid out as saved
    canvas = FigureCanvasAgg(figure)
    return figure, canvas.get_renderer()


# --- words -------------------------------------------------------------------------------


def _phrase(text: str, lang: str) -> str:
    if lang == "zh" and text in _ZH_PHRASES:
        return _ZH_PHRASES[text]
    return i18n.phrase(text, lang)


def _prose(name: str, lang: str, *, first: bool = False) -> str:
    """A metric or field named in a title: its label, or in English the name spelled out
    ("memory.bandwidth" -> "memory bandwidth"); ``first`` capitalises it."""
    text = i18n.label(name, lang)
    if text == name:
        text = " ".join(_ACRONYMS.get(word, word) for word in name.replace(".", "_").split("_"))
    return text[:1].upper() + text[1:] if first else text


def _axis_label(comparison: Comparison, name: str, lang: str) -> str:
    """A metric's label and unit; compute and metrics built on it also name the precision."""
    parts = [comparison.column(name).unit, comparison.precision if uses_compute(name) else ""]
    unit = ", ".join(p for p in parts if p)
    text = i18n.label(name, lang)
    return f"{text} ({unit})" if unit else text


def _vendor_label(vendor: str, lang: str) -> str:
    return i18n.VENDORS.get(lang, {}).get(vendor, vendor)


def _format_value(value: float) -> str:
    """Four significant digits; an exponent only from a million up."""
    if value == 0 or not math.isfinite(value) or abs(value) >= 1e6:
        return f"{value:.4g}"
    rounded = float(f"{value:.4g}")
    decimals = max(0, 3 - math.floor(math.log10(abs(rounded))))
    return f"{rounded:.{decimals}f}"


# --- data --------------------------------------------------------------------------------


def _numeric(comparison: Comparison, name: str) -> Column:
    column = comparison.column(name)
    if column.is_text:
        raise ChipspecError(f"cannot chart the text field {name!r}")
    return column


def _split(comparison: Comparison, names: Sequence[str]) -> tuple[list[int], list[tuple[Spec, tuple[str, ...]]]]:
    """Indices of the chips with every column known, and the others with the fields they lack."""
    columns = [_numeric(comparison, n) for n in names]
    drawn: list[int] = []
    lacking: list[tuple[Spec, tuple[str, ...]]] = []
    for i, chip in enumerate(comparison.chips):
        if all(np.isfinite(c.values[i]) for c in columns):
            drawn.append(i)
        else:
            lacking.append((chip, tuple(dict.fromkeys(p for c in columns for p in c.missing[i]))))
    return drawn, lacking


def _missing_note(lacking: Sequence[tuple[Spec, tuple[str, ...]]], lang: str) -> list[tuple[str, list[str]]]:
    items = []
    for chip, fields in lacking:
        name = i18n.chip_label(chip, lang)
        missing = _phrase("{chip} (missing {fields})", lang)
        items.append(missing.format(chip=name, fields=", ".join(fields)) if fields else name)
    return [(_phrase("not computable: ", lang), items)] if items else []


def _fallback_note(comparison: Comparison, drawn: Sequence[Spec], lang: str) -> tuple[str, list[str]]:
    items = [
        f"{i18n.chip_label(chip, lang)} ({used})"
        for chip, used, fell in zip(comparison.chips, comparison.precision_used, comparison.fell_back, strict=True)
        if fell and chip in drawn
    ]
    return _phrase("compute at another precision: ", lang), items


def _vendor_styles(comparison: Comparison) -> dict[str, _Style]:
    """Colour and marker per vendor, by sorted vendor name over the whole comparison."""
    vendors = sorted({chip.vendor for chip in comparison.chips})
    return {v: _Style(_PALETTE[k % len(_PALETTE)], _MARKERS[k % len(_MARKERS)]) for k, v in enumerate(vendors)}


def _outline(colour: str, width: float) -> dict[str, Any]:
    """A thin dark edge for a line too pale to see on white (yellow, sand), else nothing."""
    from matplotlib import patheffects
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(colour)
    if 0.2126 * red + 0.7152 * green + 0.0722 * blue < _PALE:
        return {}
    return {"path_effects": [patheffects.Stroke(linewidth=width + 1.2, foreground=_EDGE), patheffects.Normal()]}


def _line_styles(chips: Sequence[Spec]) -> list[str]:
    """A line style per chip, cycling within each vendor (its chips share a colour)."""
    seen: dict[str, int] = {}
    styles = []
    for chip in chips:
        k = seen.get(chip.vendor, 0)
        seen[chip.vendor] = k + 1
        styles.append(_LINESTYLES[k % len(_LINESTYLES)])
    return styles


# --- drawers -----------------------------------------------------------------------------


def _draw_bar(figure: Figure, comparison: Comparison, names: Sequence[str], lang: str) -> _Chart:
    (name,) = names
    ranking = comparison.rank(name)
    rows = ranking.ranked
    styles = _vendor_styles(comparison)
    values = [float(r.value) for r in rows if r.value is not None]
    ax = figure.add_subplot()
    positions = np.arange(len(rows))
    bars = ax.barh(
        positions,
        values,
        color=[styles[r.chip.vendor].colour for r in rows],
        edgecolor=_EDGE,
        linewidth=0.6,
        zorder=2,
    )
    ax.bar_label(bars, labels=[_format_value(v) for v in values], padding=4, fontsize=_LABEL_PT)
    ax.set_yticks(positions, [i18n.chip_label(r.chip, lang) for r in rows])
    ax.set_ylim(len(rows) - 0.4, -0.6)  # best on top
    ax.set_xlim(0, max(values, default=1.0) * 1.2)  # room for the value labels
    label = _axis_label(comparison, name, lang)
    if ranking.direction == "lower":
        label = _phrase("{label}, lower is better", lang).format(label=label)
    ax.set_xlabel(label)
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    chips = [r.chip for r in rows]
    legend = _vendor_legend(styles, chips, lang, patches=True)
    lacking = [(p.chip, p.missing) for p in ranking.not_computable]
    return _Chart(ax, _prose(name, lang, first=True), chips, legend, _missing_note(lacking, lang))


def _draw_scatter(figure: Figure, comparison: Comparison, names: Sequence[str], lang: str) -> _Chart:
    from matplotlib.lines import Line2D

    xname, yname = names
    drawn, lacking = _split(comparison, names)
    x, y = _numeric(comparison, xname).values, _numeric(comparison, yname).values
    styles = _vendor_styles(comparison)
    chips = [comparison.chips[i] for i in drawn]
    ax = figure.add_subplot()
    for i, chip in zip(drawn, chips, strict=True):
        style = styles[chip.vendor]
        ax.plot(x[i], y[i], ls="none", marker=style.marker, color=style.colour, mec=_EDGE, ms=9, zorder=3)
    front = comparison.pareto(list(names)).front
    on_front = sorted((x[i], y[i]) for i, chip in zip(drawn, chips, strict=True) if chip in front)
    ring = {"color": "0.35", "marker": "o", "mfc": "none", "ms": 2 * _POINT_RADIUS_PT, "lw": 1.2}
    ax.plot([p[0] for p in on_front], [p[1] for p in on_front], ls="--", zorder=2, **ring)
    _log_scale(ax, "x", x[drawn])
    _log_scale(ax, "y", y[drawn])
    ax.margins(0.12)
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel(_axis_label(comparison, xname, lang))
    ax.set_ylabel(_axis_label(comparison, yname, lang))
    pareto = Line2D([], [], ls="--", label=_phrase("Pareto front", lang), **ring)
    legend = _vendor_legend(styles, chips, lang, extra=[pareto])
    title = _phrase("{y} vs {x}", lang).format(y=_prose(yname, lang, first=True), x=_prose(xname, lang))
    labels = [(float(x[i]), float(y[i]), i18n.chip_label(chip, lang)) for i, chip in zip(drawn, chips, strict=True)]
    return _Chart(ax, title, chips, legend, _missing_note(lacking, lang), labels)


def _log_scale(ax: Axes, which: str, values: np.ndarray) -> None:
    """Put axis ``which`` ("x" or "y") on a log scale, labelled 1-2-5 in plain numbers, if
    ``values`` span a decade or more."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    if values.size == 0 or values.min() <= 0 or values.max() < _LOG_SPAN * values.min():
        return
    if which == "x":
        ax.set_xscale("log")
        axis = ax.xaxis
    else:
        ax.set_yscale("log")
        axis = ax.yaxis
    axis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axis.set_minor_formatter(NullFormatter())


def _draw_roofline(figure: Figure, comparison: Comparison, names: Sequence[str], lang: str) -> _Chart:
    peak = _numeric(comparison, COMPUTE)
    bandwidth = _numeric(comparison, "memory.bandwidth")
    ridge = _numeric(comparison, "ridge_point").values
    drawn, lacking = _split(comparison, (COMPUTE, "memory.bandwidth"))
    # bandwidth x intensity, in the unit of peak compute (GB/s x FLOP/B -> TFLOPS)
    scale = float((ureg.Quantity(1.0, bandwidth.unit) * ureg.Quantity(1.0, "FLOP/B")).to(peak.unit).magnitude)
    styles = _vendor_styles(comparison)
    chips = [comparison.chips[i] for i in drawn]
    ax = figure.add_subplot()
    labels = []
    for i, chip, line in zip(drawn, chips, _line_styles(chips), strict=True):
        style = styles[chip.vendor]
        attainable = np.minimum(peak.values[i], bandwidth.values[i] * scale * _INTENSITY)
        ax.plot(_INTENSITY, attainable, color=style.colour, ls=line, lw=2.2, zorder=2, **_outline(style.colour, 2.2))
        ax.plot(ridge[i], peak.values[i], marker=style.marker, color=style.colour, mec=_EDGE, ms=9, zorder=3)
        labels.append((float(ridge[i]), float(peak.values[i]), i18n.chip_label(chip, lang)))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(_INTENSITY[0], _INTENSITY[-1])
    ax.grid(which="major", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel(_phrase("arithmetic intensity (FLOP/B)", lang))
    ax.set_ylabel(_phrase("attainable compute (TFLOPS, {precision})", lang).format(precision=comparison.precision))
    legend = _vendor_legend(styles, chips, lang)
    title = _phrase("Roofline ({precision})", lang).format(precision=comparison.precision)
    return _Chart(ax, title, chips, legend, _missing_note(lacking, lang), labels)


def _draw_radar(figure: Figure, comparison: Comparison, names: Sequence[str], lang: str) -> _Chart:
    from matplotlib.lines import Line2D

    drawn, lacking = _split(comparison, names)
    scores = np.column_stack(
        [relative_to_best(_numeric(comparison, n).values, comparison._direction(n)) for n in names]
    )
    styles = _vendor_styles(comparison)
    chips = [comparison.chips[i] for i in drawn]
    angles = np.linspace(0.0, 2 * np.pi, len(names), endpoint=False)
    closed = np.append(angles, angles[0])
    ax = figure.add_subplot(projection="polar")
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    handles: list[tuple[Line2D, Line2D]] = []
    for i, chip, line in zip(drawn, chips, _line_styles(chips), strict=True):
        style = styles[chip.vendor]
        r = np.append(scores[i], scores[i][0])
        # the outline goes on the line only: on a marker it would double the marker's edge
        edge = {"color": style.colour, "ls": line, "lw": 2, **_outline(style.colour, 2)}
        dots = {"color": style.colour, "ls": "none", "marker": style.marker, "mec": _EDGE, "ms": 7}
        ax.plot(closed, r, zorder=3, clip_on=False, **edge)
        ax.plot(angles, scores[i], zorder=4, clip_on=False, **dots)
        ax.fill(closed, r, color=style.colour, alpha=0.08, zorder=2)
        handles.append((Line2D([], [], **edge), Line2D([], [], **dots)))
    spokes = []
    for n in names:
        text = _axis_label(comparison, n, lang)
        spokes.append(text.replace(" (", "\n(", 1))
    ax.set_xticks(angles, spokes)
    ax.tick_params(axis="x", pad=8)
    for text, angle in zip(ax.get_xticklabels(), angles, strict=True):
        text.set_horizontalalignment(_side(math.sin(angle), "left", "center", "right"))
        text.set_verticalalignment(_side(math.cos(angle), "bottom", "center", "top"))
    ax.set_ylim(0, 1)
    ax.set_yticks([0.25, 0.5, 0.75, 1.0], ["0.25", "0.5", "0.75", "1"], fontsize=_LABEL_PT, color="0.35")
    ax.set_rlabel_position(180 / len(names))
    legend = _Legend(i18n.phrase("chip", lang), handles, [i18n.chip_label(c, lang) for c in chips], handlelength=3.5)
    title = _phrase("Each metric relative to the best chip (best = 1)", lang)
    return _Chart(ax, title, chips, legend, _missing_note(lacking, lang))


def _side(position: float, positive: str, middle: str, negative: str) -> str:
    """Text alignment for a spoke label, by where the spoke points (away from the centre)."""
    if abs(position) < 0.2:
        return middle
    return positive if position > 0 else negative


def _draw_export_map(figure: Figure, comparison: Comparison, names: Sequence[str], lang: str) -> _Chart:
    """TPP against performance density on log axes, with the 3A090.a and .b regions of the
    2023 rule shaded from the rule table (:data:`chipspec.export_rules.RULES`)."""
    from ..export_rules import RULES, classify_figures

    rule = RULES[_EXPORT_RULE]
    tpp = _numeric(comparison, "tpp").values
    density = _numeric(comparison, "performance_density").values
    drawn, lacking = _split(comparison, ("tpp", "performance_density"))
    styles = _vendor_styles(comparison)
    chips = [comparison.chips[i] for i in drawn]
    ax = figure.add_subplot()
    known_d, known_t = density[drawn], tpp[drawn]
    x_lo = min(0.3, float(known_d.min()) / 2) if drawn else 0.3
    x_hi = max(40.0, float(known_d.max()) * 2) if drawn else 40.0
    y_lo = min(300.0, float(known_t.min()) / 2) if drawn else 300.0
    y_hi = max(50000.0, float(known_t.max()) * 2) if drawn else 50000.0
    # Shade each class by classifying one point inside every cell of the grid the rule's
    # own thresholds draw, so the regions are exactly what the rule table says (first
    # matching clause wins) and stay a handful of rectangles.
    from matplotlib.colors import ListedColormap

    cuts = {f: sorted({t.value for t in rule.thresholds if t.figure == f}) for f in ("tpp", "performance_density")}
    xs = np.array([x_lo, *(v for v in cuts["performance_density"] if x_lo < v < x_hi), x_hi])
    ys = np.array([y_lo, *(v for v in cuts["tpp"] if y_lo < v < y_hi), y_hi])
    order = {"3A090.a": 2.0, "3A090.b": 1.0}

    def shade(x0: float, x1: float, y0: float, y1: float) -> float:
        middle = {"tpp": float(np.sqrt(y0 * y1)), "performance_density": float(np.sqrt(x0 * x1))}
        return order.get(classify_figures(rule, middle)[0] or "", 0.0)

    grid = np.array([[shade(*xc, *yc) for xc in pairwise(xs)] for yc in pairwise(ys)])
    shades = ListedColormap(["#FFFFFF", "#F6DDB0", "#F2C2A2"])
    ax.pcolormesh(xs, ys, grid, cmap=shades, vmin=0, vmax=2, shading="flat", zorder=0)
    for text, (x, y) in (
        ("3A090.a", (x_hi / 1.15, y_hi / 1.3)),
        ("3A090.b", (2.2, 3300.0)),
        (_phrase(rule.otherwise, lang), (x_lo * 1.15, y_lo * 1.3)),
    ):
        ha = "right" if x > 10 else "left"
        ax.text(x, y, text, ha=ha, va="top" if y > 3000 else "bottom", fontsize=11, color="0.25", zorder=1)
    for i, chip in zip(drawn, chips, strict=True):
        style = styles[chip.vendor]
        ax.plot(density[i], tpp[i], ls="none", marker=style.marker, color=style.colour, mec=_EDGE, ms=9, zorder=3)
    _log_scale(ax, "x", np.array([x_lo, x_hi]))
    _log_scale(ax, "y", np.array([y_lo, y_hi]))
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.grid(which="major", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel(_phrase("performance density (TPP/mm², logic die area)", lang))
    ax.set_ylabel(_phrase("total processing performance (TPP)", lang))
    legend = _vendor_legend(styles, chips, lang)
    notes = _missing_note(lacking, lang)
    notes.append(("", [_phrase("Informational reading of public rules; not legal advice.", lang)]))
    labels = [
        (float(density[i]), float(tpp[i]), i18n.chip_label(chip, lang)) for i, chip in zip(drawn, chips, strict=True)
    ]
    title = _phrase("US 3A090 (2023): TPP against performance density", lang)
    return _Chart(ax, title, chips, legend, notes, labels)


_DRAWERS: dict[str, Callable[[Figure, Comparison, Sequence[str], str], _Chart]] = {
    "bar": _draw_bar,
    "scatter": _draw_scatter,
    "roofline": _draw_roofline,
    "radar": _draw_radar,
    "export-map": _draw_export_map,
}


# --- legend, footer, labels --------------------------------------------------------------


def _vendor_legend(
    styles: dict[str, _Style], chips: Sequence[Spec], lang: str, *, patches: bool = False, extra: Sequence[Any] = ()
) -> _Legend:
    """A legend of the drawn chips' vendors: colour swatches (``patches``) or markers."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    for vendor in sorted({chip.vendor for chip in chips}):
        style, text = styles[vendor], _vendor_label(vendor, lang)
        if patches:
            handles.append(Patch(facecolor=style.colour, edgecolor=_EDGE, linewidth=0.6, label=text))
        else:
            handles.append(
                Line2D([], [], ls="none", marker=style.marker, color=style.colour, mec=_EDGE, ms=9, label=text)
            )
    handles.extend(extra)
    return _Legend(i18n.phrase("vendor", lang), handles, [h.get_label() for h in handles])


def _source_line(chips: Sequence[Spec], lang: str) -> str:
    """Where the data comes from; the newest release stands in for a date (sources carry none)."""
    newest = max((str(chip.released) for chip in chips if chip.released), default=None)
    if newest is None:
        return _phrase("data: chipspec catalog", lang)
    return _phrase("data: chipspec catalog, newest release {released}", lang).format(released=newest)


def _wrap(prefix: str, items: Sequence[str], fits: Callable[[str], bool], separator: str) -> list[str]:
    """``prefix`` and ``items`` in lines that fit, breaking only between items."""
    lines: list[str] = []
    line = prefix
    for k, item in enumerate(items):
        piece = item + (separator if k < len(items) - 1 else "")
        if line.strip() and line != prefix and not fits(line + piece):
            lines.append(line.rstrip())
            line = "    " + piece
        else:
            line += piece
    lines.append(line.rstrip())
    return lines


def _frame(figure: Figure, renderer: RendererBase, chart: _Chart, title: str, lang: str) -> None:
    """Lay out what surrounds the axes, in inches: the title on top, the legend in a column
    on the right below it, the notes and the source line at the bottom. The figure grows
    taller if the legend needs it; the layout engine fits the axes into the rest."""
    from matplotlib.font_manager import FontProperties

    width, inches = figure.get_figwidth(), figure.dpi_scale_trans
    heading = figure.suptitle(title)
    legend = figure.legend(
        chart.legend.handles,
        chart.legend.labels,
        title=chart.legend.title,
        loc="upper right",
        handlelength=chart.legend.handlelength,
    )
    legend.set_in_layout(False)  # the layout rect below keeps its column free instead
    font = FontProperties(size=_NOTE_PT)
    room = (width - 2 * _MARGIN_IN) * figure.dpi

    def fits(text: str) -> bool:
        return renderer.get_text_width_height_descent(text, font, ismath=False)[0] <= room

    separator = _phrase(", ", lang)
    lines = [line for prefix, items in chart.notes if items for line in _wrap(prefix, items, fits, separator)]
    line_in = _NOTE_PT * 1.45 / 72
    band = 2 * _MARGIN_IN + (len(lines) + 1) * line_in
    box = legend.get_window_extent(renderer)
    top = 2 * _MARGIN_IN + heading.get_window_extent(renderer).height / figure.dpi
    height = max(figure.get_figheight(), top + box.height / figure.dpi + band + _MARGIN_IN)
    figure.set_figheight(height)
    legend.set_bbox_to_anchor((width - _MARGIN_IN, height - top), transform=inches)
    source = _source_line(chart.chips, lang)
    figure.text(_MARGIN_IN, _MARGIN_IN, source, transform=inches, fontsize=_NOTE_PT, color="0.35", va="bottom")
    if lines:
        text = "\n".join(lines)
        figure.text(_MARGIN_IN, _MARGIN_IN + line_in, text, transform=inches, fontsize=_NOTE_PT, va="bottom")
    column = (box.width / figure.dpi + 2 * _MARGIN_IN) / width
    rect = (0.0, band / height, 1.0 - column, 1.0 - band / height)
    figure.get_layout_engine().set(rect=rect)  # type: ignore[union-attr]


def _overlap(a: Bbox, b: Bbox) -> float:
    """The area two display boxes share."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return max(width, 0.0) * max(height, 0.0)


# Offsets tried around a point, in order: right, then counter-clockwise.
_OFFSETS = ((1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1))
_ALIGN = {1: ("left", "bottom"), 0: ("center", "center"), -1: ("right", "top")}


def _place_labels(ax: Axes, labels: Sequence[tuple[float, float, str]], renderer: RendererBase) -> None:
    """Label points greedily: each takes the first of eight offsets whose text overlaps no
    point or label already placed, stays inside the axes and covers no drawn line; else
    the least bad one (overlaps first, then lines covered)."""
    from matplotlib.transforms import Bbox

    if not labels:
        return
    radius = _POINT_RADIUS_PT * ax.figure.dpi / 72
    points = ax.transData.transform([(x, y) for x, y, _ in labels])
    taken = [Bbox.from_extents(x - radius, y - radius, x + radius, y + radius) for x, y in points]
    frame = ax.get_window_extent(renderer)
    lines = _line_points(ax)
    # crowded points first: isolated ones find a free place anyway
    near = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1)) < _CROWD_PT * ax.figure.dpi / 72
    for k in sorted(range(len(labels)), key=lambda k: -near[k].sum()):
        x, y, text = labels[k]
        note = ax.annotate(
            text, (x, y), xytext=(0, 0), textcoords="offset points", fontsize=_LABEL_PT, zorder=2.5,
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
        )  # fmt: skip
        note.set_in_layout(False)  # placed after the layout: it must not move the axes
        chosen, lowest = _OFFSETS[0], (math.inf, math.inf)
        for offset in _OFFSETS:
            cost = _try_offset(note, offset, renderer, taken, frame, lines)
            if cost < lowest:
                chosen, lowest = offset, cost
            if cost == (0.0, 0.0):
                break
        _try_offset(note, chosen, renderer, taken, frame, lines)
        taken.append(note.get_window_extent(renderer))


def _line_points(ax: Axes, step: float = 3.0) -> np.ndarray:
    """Display points every ``step`` pixels along the axes' drawn lines."""
    chunks = [np.empty((0, 2))]
    for line in ax.get_lines():
        if line.get_linestyle() in ("None", "none", "", " "):
            continue
        xy = line.get_transform().transform(line.get_xydata())
        for a, b in itertools.pairwise(xy):
            n = max(int(np.hypot(*(b - a)) // step), 1)
            chunks.append(a + (b - a) * np.linspace(0.0, 1.0, n + 1)[:, None])
    return np.concatenate(chunks)


def _try_offset(
    note: Annotation,
    offset: tuple[int, int],
    renderer: RendererBase,
    taken: Sequence[Bbox],
    frame: Bbox,
    lines: np.ndarray,
) -> tuple[float, float]:
    """Move a label to an offset; return (area overlapping ``taken`` or outside ``frame``,
    line points covered)."""
    dx, dy = offset
    step = _LABEL_GAP_PT * (math.sqrt(0.5) if dx and dy else 1.0)
    note.xyann = (dx * step, dy * step)
    horizontal, _ = _ALIGN[dx]
    _, vertical = _ALIGN[dy]
    note.set_horizontalalignment(horizontal)
    note.set_verticalalignment(vertical)
    box = note.get_window_extent(renderer)
    outside = box.width * box.height - _overlap(box, frame)
    overlaps = sum(_overlap(box, t) for t in taken) + _OUTSIDE_PENALTY * outside
    x, y = lines[:, 0], lines[:, 1]
    covered = float(((x >= box.x0) & (x <= box.x1) & (y >= box.y0) & (y <= box.y1)).sum())
    return overlaps, covered
