"""Charts of a Comparison (bar, scatter, roofline, radar, export map) as matplotlib Figures.

matplotlib is imported inside the functions that draw or save, so importing this module
(or ``chipspec``) does not load it. Figures use the object API (``Figure`` +
``FigureCanvasAgg``), never pyplot, and are built and saved under fixed rc settings, so
the output depends neither on global state nor on the user's matplotlibrc, and saving
the same chart twice gives the same bytes.

Every vendor has one colour and marker (from the vendor table), the same in every chart
and language. Values resting on flagged figures carry the table's marks, explained in a
note. Point labels are placed by :func:`place_labels`: near their own point, never on
another label or point, with a leader line when they had to move away.

>>> from chipspec import compare
>>> figure = plot(compare(["h20", "910b", "a800"], []), "bar")
>>> save(figure, "bandwidth-per-watt.svg")  # doctest: +SKIP
"""

from __future__ import annotations

import math
import os
import warnings
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import numpy as np

from .. import i18n
from ..comparison import SIXTEEN_BIT, Column, Comparison
from ..errors import UnknownNameError, UsageError
from ..metrics import COMPUTE, uses_compute
from ..output import write_output
from ..rank import relative_to_best
from ..spec import Spec, suggest
from ..vendors import Vendor
from ..version import CATALOG_DATE, __version__
from .kinds import CHART_KINDS
from .text import MARKS, format_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.figure import Figure

__all__ = [
    "CHART_KINDS",
    "DEFAULT_COLUMNS",
    "IMAGE_FORMATS",
    "ChipspecWarning",
    "place_labels",
    "placed_labels",
    "plot",
    "save",
    "svg_text",
]

IMAGE_FORMATS: tuple[str, ...] = (".png", ".svg", ".pdf")
DEFAULT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "bar": ("bandwidth_per_watt",),
    "scatter": ("memory.bandwidth", COMPUTE),
    "roofline": (),
    "export-map": (),
    "radar": ("bandwidth_per_watt", "tflops_per_watt", "memory_per_tflops", "interconnect_per_watt", "memory.capacity"),
    "serving": ("tokens_per_second_per_chip",),
}
# (fewest, most) columns per kind; None: no upper bound; (0, 0): the kind takes none.
_COLUMN_COUNTS: dict[str, tuple[int, int | None]] = {
    "bar": (1, 1),
    "scatter": (2, 2),
    "radar": (3, 8),
    "roofline": (0, 0),
    "export-map": (0, 0),
    "serving": (1, 1),
}
MAX_RADAR_CHIPS = 8

_EDGE = "0.15"  # dark outline on markers and bars, so pale colours (yellow) stay visible
_PALE = 0.75  # luminance from which a line gets a dark edge too
_LINESTYLES = ("-", "--", "-.", ":")
_FONT = "DejaVu Sans"  # ships with matplotlib, so English charts render the same everywhere
_CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN",
)  # fmt: skip
_SIZE_IN = (10.0, 6.0)
_BAR_ROW_IN = 0.26  # a bar chart of many chips grows taller instead of squeezing its rows
_DPI = 150
_NOTE_PT = 10.0
_MARGIN_IN = 0.1
_LABEL_PT = 9.5
_POINT_RADIUS_PT = 7.0  # what a label must keep clear of around each point
_LOG_SPAN = 10.0  # a scatter axis whose values span this factor or more is drawn on a log scale
_AXES_MIN_IN = 4.2  # the plot keeps at least this height, however long the notes

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

# Chart phrases the i18n tables do not hold.
_ZH_PHRASES: dict[str, str] = {
    "{y} against {x}": "{y}与{x}",
    "Roofline": "屋顶线模型",
    "Each metric relative to the best chip (best = 1)": "各指标相对最佳芯片（最佳 = 1）",
    "arithmetic intensity (FLOP/B)": "算术强度 (FLOP/B)",
    "attainable compute ({unit}, {precision})": "可达算力 ({unit}, {precision})",
    "Pareto front": "帕累托前沿",
    "{label}, lower is better": "{label}，越低越好",
    "not drawn, missing {fields}: ": "未绘制（缺少 {fields}）：",
    "{chip} (missing {fields})": "{chip}（缺少 {fields}）",
    ", ": "；",
    "compute at another precision: ": "算力改用其他精度：",
    "Source: chipspec catalog {date} (chipspec {version}); figures as published, with their sources": (
        "数据：chipspec 目录 {date}（chipspec {version}），数据均注明来源"
    ),
    "US 3A090 (2023): TPP against performance density": "美国 3A090（2023）：TPP 与性能密度",
    "performance density (TPP/mm², logic die area)": "性能密度 (TPP/mm²，逻辑裸片面积)",
    "total processing performance (TPP)": "总处理性能 (TPP)",
    "not 3A090.a/.b": "不属 3A090.a/.b",
    "Informational reading of public rules; not legal advice.": "仅为对公开规则的参考解读，不构成法律意见。",
    "{n} chips, dense compute at {precision}": "{n} 款芯片，稠密算力，精度 {precision}",
    "{n} chips": "{n} 款芯片",
    "marks: ": "标记：",
    "batch (sequences decoded together)": "批大小（同时解码的序列数）",
    "vendor": "厂商",
}
_PRECISION_WORDS = {SIXTEEN_BIT: "16-bit (BF16, else FP16)"}


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
    subtitle: str
    legend: _Legend
    notes: list[tuple[str, list[str]]] = field(default_factory=list)  # (prefix, items), wrapped later
    labels: list[tuple[float, float, str]] = field(default_factory=list)  # placed once the layout is done
    marks: set[str] = field(default_factory=set)  # flag kinds shown on this chart
    pad_left: float = 0.0  # room the layout leaves on the left (radar spoke labels stick out)


def plot(
    comparison: Comparison,
    kind: str,
    *,
    columns: Sequence[str] | None = None,
    lang: str = "en",
    title: str | None = None,
    size: tuple[float, float] | None = None,
    dpi: float | None = None,
    vendors: Mapping[str, Vendor] | None = None,
) -> Figure:
    """Draw a chart of a comparison.

    ``bar`` ranks the chips by one column; ``scatter`` plots two with their Pareto front;
    ``roofline`` draws attainable compute against arithmetic intensity; ``radar`` shows
    three to eight columns, each relative to the best chip, for at most eight chips;
    ``export-map`` places chips on TPP against performance density with the US 3A090
    regions. Chips a chart cannot place are named, with the fields they lack, in a note.

    Args:
        comparison: the chips and their columns (from :func:`chipspec.compare`).
        kind: one of :data:`CHART_KINDS`.
        columns: metric names or field paths; default per kind (:data:`DEFAULT_COLUMNS`).
            ``roofline`` and ``export-map`` take none.
        lang: label language (``"en"`` or ``"zh"``); ``"zh"`` needs an installed CJK font
            and falls back to English, with a :class:`ChipspecWarning`, when there is none.
        title: the chart title (default: one per kind).
        size: (width, height) in inches (default 10 x 6; bar charts grow with their rows).
        dpi: dots per inch of PNG output (default 150).
        vendors: the vendor table for colours and names (default: the bundled one).

    Returns:
        A matplotlib Figure with an Agg canvas; write it with :func:`save`.

    Raises:
        UnknownNameError: an unknown chart kind, language, metric or field.
        UsageError: columns the kind does not take, or too many chips for a radar.
    """
    if kind not in CHART_KINDS:
        raise UnknownNameError("chart kind", kind, suggest(kind, CHART_KINDS))
    i18n.check_language(lang)
    names = DEFAULT_COLUMNS[kind] if columns is None else tuple(columns)
    _check_columns(kind, names)
    if kind == "radar" and len(comparison.chips) > MAX_RADAR_CHIPS:
        raise UsageError(
            f"a radar chart of {len(comparison.chips)} chips is unreadable; it shows at most {MAX_RADAR_CHIPS} "
            "(name the chips, or use a bar or scatter chart)"
        )
    if size is not None and not all(1 <= s <= 50 for s in size):
        raise UsageError(f"chart size must be 1 to 50 inches a side, got {size[0]:g}x{size[1]:g}")
    if dpi is not None and not 20 <= dpi <= 1200:
        raise UsageError(f"dpi must be 20 to 1200, got {dpi:g}")
    if vendors is None:
        from ..load import bundled_vendors

        vendors = bundled_vendors()
    lang, families = _choose_language(lang)
    rc = {**_BUILD_RC, "font.family": list(families)}
    if families[0] != _FONT:
        rc["figure.titleweight"] = "normal"  # CJK fonts often ship one weight; no fallback noise
    with _settings(rc):
        figure, renderer = _new_figure(kind, comparison, names, size, dpi)
        chart = _DRAWERS[kind](figure, comparison, names, lang, vendors)
        uses = (COMPUTE,) if kind == "roofline" else ("tpp",) if kind == "export-map" else names
        if comparison.fallback and any(uses_compute(n) for n in uses):
            chart.notes.append(_fallback_note(comparison, lang))
        if chart.marks:
            meanings = [f"{MARKS[k][0]} {MARKS[k][1]}" for k in MARKS if k in chart.marks]
            chart.notes.append((_phrase("marks: ", lang), meanings))
        _frame(figure, renderer, chart, chart.title if title is None else title, lang)
        figure.draw_without_rendering()  # runs the layout, so label positions are final
        # Freeze the layout: run again at save time it would start from the last result
        # and could move things by a pixel, so two saves would differ.
        figure.set_layout_engine("none")
        place_labels(chart.ax, chart.labels, figure.canvas.get_renderer())  # type: ignore[attr-defined]  # an Agg canvas
    return figure


def save(figure: Figure, path: str | os.PathLike[str]) -> None:
    """Write a figure as PNG, SVG or PDF, chosen by the file extension; reproducible byte
    for byte.

    Raises:
        UnknownNameError: any other extension.
        OutputError: the file cannot be written (a missing folder, no permission ...).
    """
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in IMAGE_FORMATS:
        raise UnknownNameError("image format", path.suffix or str(path), suggest(ext, IMAGE_FORMATS) or IMAGE_FORMATS)
    metadata: dict[str, Any] = {
        ".svg": {"Date": None, "Creator": None},
        ".png": {"Software": None},
        ".pdf": {"CreationDate": None, "Creator": None, "Producer": None},
    }[ext]

    def draw(stream: BinaryIO) -> None:
        with _settings(_SAVE_RC):
            figure.savefig(stream, format=ext[1:], dpi="figure", metadata=metadata)

    write_output(path, draw)


def svg_text(figure: Figure, prefix: str = "") -> str:
    """A figure as SVG markup to inline in HTML (no XML prolog), the same bytes every time;
    ``prefix`` is put before every id (and every reference to one), so several charts can
    share a page without their ids colliding."""
    import io
    import re

    buffer = io.BytesIO()
    with _settings(_SAVE_RC):
        figure.savefig(buffer, format="svg", dpi="figure", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue().decode("utf-8")
    text = text[text.index("<svg") :]
    if prefix:
        text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', text)
        text = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", text)
        text = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{prefix}\1"', text)
    return text


# --- setup -------------------------------------------------------------------------------


@contextmanager
def _settings(rc: dict[str, Any]) -> Iterator[None]:
    """matplotlib's defaults plus ``rc``, restored on exit (a user's matplotlibrc must not
    change the bytes of a chart)."""
    import matplotlib as mpl
    import matplotlib.style

    with mpl.style.context("default"), mpl.rc_context(rc):  # type: ignore[arg-type]  # rc names as strings
        yield


def _check_columns(kind: str, names: Sequence[str]) -> None:
    fewest, most = _COLUMN_COUNTS[kind]
    if most == 0 and names:
        raise UsageError(f"a {kind} chart takes no columns (it always draws the same figures); got {', '.join(names)}")
    if fewest <= len(names) and (most is None or len(names) <= most):
        return
    wanted = f"exactly {fewest}" if fewest == most else f"{fewest} to {most}"
    plural = "" if fewest == most == 1 else "s"
    got = ", ".join(names) if names else "none"
    raise UsageError(f"a {kind} chart takes {wanted} column{plural}, got {len(names)} ({got})")


def _find_cjk_font() -> str | None:
    """The first installed font family of :data:`_CJK_FAMILIES`, or None.

    matplotlib lists fonts from a cache built the first time it ran: a CJK font installed
    since is missing from it. Before giving up, the system's font files are scanned and
    any CJK font found is added for this process (the cache itself is left alone)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = next((family for family in _CJK_FAMILIES if family in installed), None)
    if found is not None:
        return found
    hints = ("wqy", "cjk", "sourcehansans", "notosanssc", "droidsansfallback")
    for path in font_manager.findSystemFonts():
        if any(h in Path(path).name.lower().replace("-", "") for h in hints):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # an unreadable font file: skip it
                continue
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in _CJK_FAMILIES if family in installed), None)


def _choose_language(lang: str) -> tuple[str, tuple[str, ...]]:
    """The language to label in and the font families to draw with."""
    if lang != "zh":
        return lang, (_FONT,)
    cjk = _find_cjk_font()
    if cjk is None:
        warnings.warn(
            f"no CJK font found (tried {', '.join(_CJK_FAMILIES)}); drawing the chart with English labels. "
            "Install one (Debian: fonts-wqy-microhei or fonts-noto-cjk); if one is installed, matplotlib's "
            "font cache may predate it: delete the fontlist-*.json files in matplotlib.get_cachedir()",
            ChipspecWarning,
            stacklevel=3,
        )
        return "en", (_FONT,)
    return lang, (cjk, _FONT)


def _new_figure(
    kind: str, comparison: Comparison, names: Sequence[str], size: tuple[float, float] | None, dpi: float | None
) -> tuple[Figure, RendererBase]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = size or _SIZE_IN
    if kind == "bar" and size is None:
        rows = int(np.isfinite(_numeric(comparison, names[0]).values).sum())
        height = max(height, 2.5 + _BAR_ROW_IN * rows)
    figure = Figure(figsize=(width, height), dpi=dpi or _DPI, layout="constrained")
    canvas = FigureCanvasAgg(figure)
    return figure, canvas.get_renderer()  # type: ignore[no-untyped-call]  # Agg's renderer


# --- words -------------------------------------------------------------------------------


def _phrase(text: str, lang: str) -> str:
    if lang == "zh" and text in _ZH_PHRASES:
        return _ZH_PHRASES[text]
    return i18n.phrase(text, lang)


def _precision_words(comparison: Comparison) -> str:
    return _PRECISION_WORDS.get(comparison.precision, comparison.precision.upper())


def _axis_label(comparison: Comparison, name: str, lang: str) -> str:
    """A column's human label and unit; compute and metrics built on it name the precision."""
    unit = comparison.column(name).unit
    text = i18n.human_label(name, lang)
    if uses_compute(name):
        p = comparison.precision.upper() if comparison.precision != SIXTEEN_BIT else "16-bit"
        text = f"{text}, {p}"
    return f"{text} ({unit})" if unit else text


def _subtitle(comparison: Comparison, drawn: int, names: Sequence[str], lang: str) -> str:
    if comparison.caption():
        return f"{_phrase('{n} chips', lang).format(n=drawn)}; {comparison.caption()}"
    if any(uses_compute(n) for n in names):
        return _phrase("{n} chips, dense compute at {precision}", lang).format(
            n=drawn, precision=_precision_words(comparison)
        )
    return _phrase("{n} chips", lang).format(n=drawn)


_CHIP_LABEL_CHARS = 34


def _chip(chip: Spec, lang: str) -> str:
    """A chip's label in a chart: its table label, cut to keep legends and plots readable."""
    text = i18n.chip_label(chip, lang)
    return text if len(text) <= _CHIP_LABEL_CHARS else text[: _CHIP_LABEL_CHARS - 1].rstrip() + "…"


def _value_text(value: float) -> str:
    """Three significant digits (four from 1,000 up), never an exponent below a million."""
    if value == 0 or not math.isfinite(value) or abs(value) >= 1e6:
        return f"{value:.3g}"
    return format_number(value, 4 if abs(value) >= 1000 else 3)


# --- data --------------------------------------------------------------------------------


def _numeric(comparison: Comparison, name: str) -> Column:
    column = comparison.column(name)
    if column.is_text:
        raise UsageError(f"cannot chart the text field {name!r}: chart a metric or a numeric field")
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


def _flag_marks(comparison: Comparison, names: Sequence[str], i: int, seen: set[str]) -> str:
    kinds = set().union(*(comparison.column(n).flags[i] for n in names)) if names else set()
    seen |= kinds
    return "".join(m for k, (m, _) in MARKS.items() if k in kinds)


def _missing_note(lacking: Sequence[tuple[Spec, tuple[str, ...]]], lang: str) -> list[tuple[str, list[str]]]:
    """Chips a chart cannot place, grouped by what they lack (one note line per group)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for chip, fields in lacking:
        groups.setdefault(fields, []).append(_chip(chip, lang))
    notes = []
    for fields, names in groups.items():
        what = ", ".join(fields) or "data"
        notes.append((_phrase("not drawn, missing {fields}: ", lang).format(fields=what), names))
    return notes


def _fallback_note(comparison: Comparison, lang: str) -> tuple[str, list[str]]:
    items = [
        f"{_chip(chip, lang)} ({used})"
        for chip, used, fell in zip(comparison.chips, comparison.precision_used, comparison.fell_back, strict=True)
        if fell
    ]
    return _phrase("compute at another precision: ", lang), items


def _styles(vendors: Mapping[str, Vendor], chips: Sequence[Spec]) -> dict[str, _Style]:
    """Colour and marker per vendor, from the vendor table (grey circles for unknown ones)."""
    out = {}
    for chip in chips:
        v = vendors.get(chip.vendor) or Vendor(chip.vendor)
        out[chip.vendor] = _Style(v.colour, v.marker)
    return out


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

_Drawer = Callable[["Figure", Comparison, Sequence[str], str, Mapping[str, Vendor]], _Chart]


def _draw_bar(
    figure: Figure, comparison: Comparison, names: Sequence[str], lang: str, vendors: Mapping[str, Vendor]
) -> _Chart:
    (name,) = names
    ranking = comparison.rank(name)
    rows = ranking.ranked
    styles = _styles(vendors, comparison.chips)
    values = [float(r.value) for r in rows if r.value is not None]
    ax = figure.add_subplot()
    positions = np.arange(len(rows))
    bars = ax.barh(
        positions, values, color=[styles[r.chip.vendor].colour for r in rows], edgecolor=_EDGE, linewidth=0.6, zorder=2
    )
    seen: set[str] = set()
    marks = [_flag_marks(comparison, [name], comparison.index(r.chip), seen) for r in rows]
    ax.bar_label(
        bars, labels=[_value_text(v) + m for v, m in zip(values, marks, strict=True)], padding=4, fontsize=_LABEL_PT
    )
    ax.set_yticks(positions, [_chip(r.chip, lang) for r in rows])
    ax.set_ylim(len(rows) - 0.4, -0.6)  # best on top
    ax.set_xlim(0, max(values, default=1.0) * 1.22)  # room for the value labels
    label = _axis_label(comparison, name, lang)
    if ranking.direction == "lower":
        label = _phrase("{label}, lower is better", lang).format(label=label)
    ax.set_xlabel(label)
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    chips = [r.chip for r in rows]
    legend = _vendor_legend(styles, chips, lang, vendors, patches=True)
    lacking = [(p.chip, p.missing) for p in ranking.not_computable]
    title = i18n.human_label(name, lang)
    chart = _Chart(ax, title, _subtitle(comparison, len(rows), names, lang), legend, _missing_note(lacking, lang))
    chart.marks = seen
    return chart


def _draw_scatter(
    figure: Figure, comparison: Comparison, names: Sequence[str], lang: str, vendors: Mapping[str, Vendor]
) -> _Chart:
    from matplotlib.lines import Line2D

    xname, yname = names
    drawn, lacking = _split(comparison, names)
    x, y = _numeric(comparison, xname).values, _numeric(comparison, yname).values
    styles = _styles(vendors, comparison.chips)
    chips = [comparison.chips[i] for i in drawn]
    ax = figure.add_subplot()
    by_vendor: dict[str, list[int]] = {}
    for i, chip in zip(drawn, chips, strict=True):
        by_vendor.setdefault(chip.vendor, []).append(i)
    for vendor, idx in by_vendor.items():  # one artist per vendor: fast for large charts
        style = styles[vendor]
        ax.plot(x[idx], y[idx], ls="none", marker=style.marker, color=style.colour, mec=_EDGE, ms=8, zorder=3)
    front = comparison.pareto(list(names)).front
    on_front = sorted((x[i], y[i]) for i, chip in zip(drawn, chips, strict=True) if chip in front)
    ring: dict[str, Any] = {"color": "0.35", "marker": "o", "mfc": "none", "ms": 2 * _POINT_RADIUS_PT, "lw": 1.2}
    ax.plot([p[0] for p in on_front], [p[1] for p in on_front], ls="--", zorder=2, **ring)
    _log_scale(ax, "x", x[drawn])
    _log_scale(ax, "y", y[drawn])
    ax.margins(0.12)
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel(_axis_label(comparison, xname, lang))
    ax.set_ylabel(_axis_label(comparison, yname, lang))
    pareto = Line2D([], [], ls="--", label=_phrase("Pareto front", lang), **ring)
    legend = _vendor_legend(styles, chips, lang, vendors, extra=[pareto])
    title = _phrase("{y} against {x}", lang).format(
        y=i18n.human_label(yname, lang),
        x=i18n.human_label(xname, lang).lower() if lang == "en" else i18n.human_label(xname, lang),
    )
    seen: set[str] = set()
    labels = [
        (float(x[i]), float(y[i]), _chip(chip, lang) + _flag_marks(comparison, names, i, seen))
        for i, chip in zip(drawn, chips, strict=True)
    ]
    chart = _Chart(
        ax, title, _subtitle(comparison, len(drawn), names, lang), legend, _missing_note(lacking, lang), labels
    )
    chart.marks = seen
    return chart


def _log_scale(ax: Axes, which: str, values: np.ndarray) -> None:
    """Put axis ``which`` on a log scale, labelled in plain numbers (1-2-5 steps, or
    decades when the span is wide), if ``values`` span a decade or more."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    if values.size == 0 or values.min() <= 0 or values.max() < _LOG_SPAN * values.min():
        return
    subs = (1.0,) if values.max() > 1e4 * values.min() else (1.0, 2.0, 5.0)
    axis: Any
    if which == "x":
        ax.set_xscale("log")
        axis = ax.xaxis
    else:
        ax.set_yscale("log")
        axis = ax.yaxis
    axis.set_major_locator(LogLocator(subs=subs))
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axis.set_minor_formatter(NullFormatter())


def _draw_roofline(
    figure: Figure, comparison: Comparison, names: Sequence[str], lang: str, vendors: Mapping[str, Vendor]
) -> _Chart:
    peak = _numeric(comparison, COMPUTE)
    bandwidth = _numeric(comparison, "memory.bandwidth")
    ridge = _numeric(comparison, "ridge_point").values
    drawn, lacking = _split(comparison, (COMPUTE, "memory.bandwidth"))
    scale = 1e-3  # GB/s x FLOP/B -> TFLOPS
    styles = _styles(vendors, comparison.chips)
    chips = [comparison.chips[i] for i in drawn]
    ax = figure.add_subplot()
    labels = []
    seen: set[str] = set()
    for i, chip, line in zip(drawn, chips, _line_styles(chips), strict=True):
        style = styles[chip.vendor]
        attainable = np.minimum(peak.values[i], bandwidth.values[i] * scale * _INTENSITY)
        ax.plot(_INTENSITY, attainable, color=style.colour, ls=line, lw=2.2, zorder=2, **_outline(style.colour, 2.2))
        ax.plot(ridge[i], peak.values[i], marker=style.marker, color=style.colour, mec=_EDGE, ms=9, zorder=3)
        marks = _flag_marks(comparison, (COMPUTE, "memory.bandwidth"), i, seen)
        labels.append((float(ridge[i]), float(peak.values[i]), _chip(chip, lang) + marks))
    _log_scale(ax, "x", _INTENSITY)
    top = float(np.nanmax(peak.values[drawn])) if drawn else 1000.0
    low = float(np.nanmin(peak.values[drawn])) if drawn else 1.0
    _log_scale(ax, "y", np.array([low / 100, top * 2]))
    ax.set_xlim(_INTENSITY[0], _INTENSITY[-1])
    ax.set_ylim(low / 100, top * 2.5)
    ax.grid(which="major", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel(_phrase("arithmetic intensity (FLOP/B)", lang))
    precision = comparison.precision.upper() if comparison.precision != SIXTEEN_BIT else "16-bit"
    ax.set_ylabel(_phrase("attainable compute ({unit}, {precision})", lang).format(unit=peak.unit, precision=precision))
    legend = _vendor_legend(styles, chips, lang, vendors)
    chart = _Chart(
        ax,
        _phrase("Roofline", lang),
        _subtitle(comparison, len(drawn), (COMPUTE,), lang),
        legend,
        _missing_note(lacking, lang),
        labels,
    )
    chart.marks = seen
    return chart


def _draw_radar(
    figure: Figure, comparison: Comparison, names: Sequence[str], lang: str, vendors: Mapping[str, Vendor]
) -> _Chart:
    from matplotlib.lines import Line2D

    drawn, lacking = _split(comparison, names)
    scores = np.column_stack(
        [relative_to_best(_numeric(comparison, n).values, comparison.direction(n) == "higher") for n in names]
    )
    styles = _styles(vendors, comparison.chips)
    chips = [comparison.chips[i] for i in drawn]
    angles = np.linspace(0.0, 2 * np.pi, len(names), endpoint=False)
    closed = np.append(angles, angles[0])
    ax = figure.add_subplot(projection="polar")
    ax.set_theta_offset(np.pi / 2)  # type: ignore[attr-defined]  # a polar Axes
    ax.set_theta_direction(-1)  # type: ignore[attr-defined]  # a polar Axes
    handles: list[tuple[Line2D, Line2D]] = []
    seen: set[str] = set()
    chip_labels = []
    for i, chip, line in zip(drawn, chips, _line_styles(chips), strict=True):
        style = styles[chip.vendor]
        r = np.append(scores[i], scores[i][0])
        edge: dict[str, Any] = {"color": style.colour, "ls": line, "lw": 2, **_outline(style.colour, 2)}
        dots: dict[str, Any] = {"color": style.colour, "ls": "none", "marker": style.marker, "mec": _EDGE, "ms": 7}
        ax.plot(closed, r, zorder=3, clip_on=False, **edge)
        ax.plot(angles, scores[i], zorder=4, clip_on=False, **dots)
        ax.fill(closed, r, color=style.colour, alpha=0.08, zorder=2)
        handles.append((Line2D([], [], **edge), Line2D([], [], **dots)))
        chip_labels.append(_chip(chip, lang) + _flag_marks(comparison, names, i, seen))
    spokes = [_spoke(_axis_label(comparison, n, lang)) for n in names]
    ax.set_xticks(angles, spokes)
    ax.tick_params(axis="x", pad=8)
    for text, angle in zip(ax.get_xticklabels(), angles, strict=True):
        text.set_horizontalalignment(_side(math.sin(angle), "left", "center", "right"))  # type: ignore[arg-type]  # one of left, center, right
        text.set_verticalalignment(_side(math.cos(angle), "bottom", "center", "top"))  # type: ignore[arg-type]  # one of bottom, center, top
    ax.set_ylim(0, 1)
    ax.set_yticks([0.25, 0.5, 0.75, 1.0], ["0.25", "0.5", "0.75", "1"], fontsize=_LABEL_PT, color="0.35")
    ax.set_rlabel_position(180 / len(names))  # type: ignore[attr-defined]  # a polar Axes
    legend = _Legend(i18n.phrase("chip", lang), handles, chip_labels, handlelength=3.5)
    title = _phrase("Each metric relative to the best chip (best = 1)", lang)
    chart = _Chart(ax, title, _subtitle(comparison, len(drawn), names, lang), legend, _missing_note(lacking, lang))
    chart.marks = seen
    chart.pad_left = 0.1
    return chart


def _spoke(label: str, width: int = 18) -> str:
    """A radar spoke's label on short lines (the unit on a line of its own)."""
    import textwrap

    text, _, unit = label.partition(" (")
    lines = textwrap.wrap(text, width) or [text]
    return "\n".join([*lines, f"({unit}"] if unit else lines)


def _side(position: float, positive: str, middle: str, negative: str) -> str:
    """Text alignment for a spoke label, by where the spoke points (away from the centre)."""
    if abs(position) < 0.2:
        return middle
    return positive if position > 0 else negative


def _draw_export_map(
    figure: Figure, comparison: Comparison, names: Sequence[str], lang: str, vendors: Mapping[str, Vendor]
) -> _Chart:
    """TPP against performance density on log axes, with the 3A090.a and .b regions of the
    2023 rule shaded from the rule table."""
    from matplotlib.colors import ListedColormap

    from ..lenses.export_control import RULES, classify_figures

    rule = RULES[_EXPORT_RULE]
    tpp = _numeric(comparison, "tpp").values
    density = _numeric(comparison, "performance_density").values
    drawn, lacking = _split(comparison, ("tpp", "performance_density"))
    styles = _styles(vendors, comparison.chips)
    chips = [comparison.chips[i] for i in drawn]
    ax = figure.add_subplot()
    known_d, known_t = density[drawn], tpp[drawn]
    x_lo = min(0.3, float(known_d.min()) / 2) if drawn else 0.3
    x_hi = max(40.0, float(known_d.max()) * 2) if drawn else 40.0
    y_lo = min(300.0, float(known_t.min()) / 2) if drawn else 300.0
    y_hi = max(50000.0, float(known_t.max()) * 2) if drawn else 50000.0
    # Shade each class by classifying one point inside every cell of the grid the rule's
    # own thresholds draw, so the regions are exactly what the rule table says.
    xs = np.array([x_lo, *(v for v in rule.threshold_values("performance_density") if x_lo < v < x_hi), x_hi])
    ys = np.array([y_lo, *(v for v in rule.threshold_values("tpp") if y_lo < v < y_hi), y_hi])
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
    by_vendor: dict[str, list[int]] = {}
    for i, chip in zip(drawn, chips, strict=True):
        by_vendor.setdefault(chip.vendor, []).append(i)
    for vendor, idx in by_vendor.items():
        style = styles[vendor]
        ax.plot(density[idx], tpp[idx], ls="none", marker=style.marker, color=style.colour, mec=_EDGE, ms=8, zorder=3)
    _log_scale(ax, "x", np.array([x_lo, x_hi]))
    _log_scale(ax, "y", np.array([y_lo, y_hi]))
    ax.set_xlim(x_lo, x_hi)
    ax.set_ylim(y_lo, y_hi)
    ax.grid(which="major", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel(_phrase("performance density (TPP/mm², logic die area)", lang))
    ax.set_ylabel(_phrase("total processing performance (TPP)", lang))
    legend = _vendor_legend(styles, chips, lang, vendors)
    notes = _missing_note(lacking, lang)
    notes.append(("", [_phrase("Informational reading of public rules; not legal advice.", lang)]))
    seen: set[str] = set()
    labels = [
        (
            float(density[i]),
            float(tpp[i]),
            _chip(chip, lang) + _flag_marks(comparison, ("tpp", "performance_density"), i, seen),
        )
        for i, chip in zip(drawn, chips, strict=True)
    ]
    title = _phrase("US 3A090 (2023): TPP against performance density", lang)
    chart = _Chart(ax, title, _phrase("{n} chips", lang).format(n=len(drawn)), legend, notes, labels)
    chart.marks = seen
    return chart


SERVING_BATCHES = tuple(2**k for k in range(11))  # 1 .. 1024, the serving chart's x axis


def _draw_serving(
    figure: Figure, comparison: Comparison, names: Sequence[str], lang: str, vendors: Mapping[str, Vendor]
) -> _Chart:
    """A decode figure against batch per chip (the serving roofline): solid while the batch
    fits in memory, dotted beyond, a marker at the largest batch that fits."""
    from ..lenses.llm.serving import FIGURES, Serving, sweep

    if not isinstance(comparison, Serving):
        raise UsageError("a serving chart draws an LLM serving estimate: chipspec llm MODEL ... --plot FILE")
    (name,) = names
    if name not in FIGURES or name in ("fits", "max_batch", "min_chips", "weight_memory", "kv_bytes_per_token"):
        raise UsageError(f"a serving chart draws a decode figure against batch; {name!r} does not change with batch")
    sc = comparison.scenario
    grid = sweep(comparison.model, comparison.chips, SERVING_BATCHES, [sc.context], comparison.settings, [sc.prompt])
    values, room = grid[name][:, 0, :], grid["max_batch"][:, 0, 0]
    drawn = [i for i in range(len(comparison.chips)) if np.isfinite(values[i]).all()]
    own = comparison.column(name)
    lacking = [(c, own.missing[i]) for i, c in enumerate(comparison.chips) if i not in drawn]
    styles = _styles(vendors, comparison.chips)
    chips = [comparison.chips[i] for i in drawn]
    ax = figure.add_subplot()
    batches = np.asarray(SERVING_BATCHES, dtype=float)
    labels = []
    seen: set[str] = set()
    for i, chip, line in zip(drawn, chips, _line_styles(chips), strict=True):
        style = styles[chip.vendor]
        fit = batches <= room[i]
        ax.plot(batches, values[i], color=style.colour, ls=":", lw=1.4, zorder=2)
        if fit.any():
            ax.plot(
                batches[fit],
                values[i][fit],
                color=style.colour,
                ls=line,
                lw=2.4,
                zorder=3,
                **_outline(style.colour, 2.4),
            )
            last = int(np.flatnonzero(fit)[-1])
            ax.plot(batches[last], values[i][last], marker=style.marker, color=style.colour, mec=_EDGE, ms=9, zorder=4)
        marks = _flag_marks(comparison, [name], i, seen)
        labels.append((float(batches[-1]), float(values[i][-1]), _chip(chip, lang) + marks))
    ax.set_xscale("log", base=2)
    ax.set_xticks(batches, [str(int(b)) for b in batches])
    if drawn:
        _log_scale(ax, "y", values[drawn].ravel())
    ax.grid(which="major", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel(_phrase("batch (sequences decoded together)", lang))
    ax.set_ylabel(_axis_label(comparison, name, lang))
    legend = _vendor_legend(styles, chips, lang, vendors)
    m, st = comparison.model, comparison.settings
    subtitle = (
        f"{m.name}, context {sc.context:,} tokens, {st.weights} weights, {st.kv} KV, "
        f"{st.group_size} chip(s) per group; solid while the batch fits in memory"
    )
    chart = _Chart(ax, i18n.human_label(name, lang), subtitle, legend, _missing_note(lacking, lang), labels)
    use = "full compute and bandwidth" if (st.mfu, st.mbu) == (1, 1) else f"mfu {st.mfu:g}, mbu {st.mbu:g}"
    chart.notes.append(("roofline bounds: ", [use, "dense compute figures", "dotted: the batch does not fit"]))
    chart.marks = seen
    return chart


_DRAWERS: dict[str, _Drawer] = {
    "serving": _draw_serving,
    "bar": _draw_bar,
    "scatter": _draw_scatter,
    "roofline": _draw_roofline,
    "radar": _draw_radar,
    "export-map": _draw_export_map,
}


# --- legend, footer ----------------------------------------------------------------------


def _vendor_legend(
    styles: dict[str, _Style],
    chips: Sequence[Spec],
    lang: str,
    vendors: Mapping[str, Vendor],
    *,
    patches: bool = False,
    extra: Sequence[Any] = (),
) -> _Legend:
    """A legend of the drawn chips' vendors: colour swatches (``patches``) or markers."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    for vendor in sorted({chip.vendor for chip in chips}):
        style, text = styles[vendor], i18n.vendor_label(vendor, lang, vendors)
        if patches:
            handles.append(Patch(facecolor=style.colour, edgecolor=_EDGE, linewidth=0.6, label=text))
        else:
            handles.append(
                Line2D([], [], ls="none", marker=style.marker, color=style.colour, mec=_EDGE, ms=9, label=text)
            )
    handles.extend(extra)
    return _Legend(_phrase("vendor", lang), handles, [h.get_label() for h in handles])


def source_line(lang: str = "en") -> str:
    """Where the data comes from: the catalog's date and chipspec's version."""
    text = "Source: chipspec catalog {date} (chipspec {version}); figures as published, with their sources"
    return _phrase(text, lang).format(date=CATALOG_DATE, version=__version__)


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
    """Lay out what surrounds the axes, in inches: the title and subtitle on top, the
    legend in a column on the right below them, the notes and the source line at the
    bottom. The figure grows taller if the legend needs it."""
    from matplotlib.font_manager import FontProperties

    width, inches = figure.get_figwidth(), figure.dpi_scale_trans
    heading = figure.suptitle(title, x=_MARGIN_IN / width, ha="left", y=1 - _MARGIN_IN / figure.get_figheight())
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
    title_in = heading.get_window_extent(renderer).height / figure.dpi
    top = 2 * _MARGIN_IN + title_in + line_in * 1.3
    body = max(box.height / figure.dpi, _AXES_MIN_IN)
    height = max(figure.get_figheight(), top + body + band + _MARGIN_IN)
    figure.set_figheight(height)
    heading.set_y(1 - _MARGIN_IN / height)
    figure.text(
        _MARGIN_IN, height - _MARGIN_IN - title_in - 0.05, chart.subtitle, transform=inches,
        fontsize=11, color="0.3", va="top",
    )  # fmt: skip
    legend.set_bbox_to_anchor((width - _MARGIN_IN, height - top), transform=inches)
    figure.text(
        _MARGIN_IN, _MARGIN_IN, source_line(lang), transform=inches, fontsize=_NOTE_PT - 1, color="0.35", va="bottom"
    )
    if lines:
        figure.text(
            _MARGIN_IN, _MARGIN_IN + line_in, "\n".join(lines), transform=inches, fontsize=_NOTE_PT, va="bottom"
        )
    column = (box.width / figure.dpi + 2 * _MARGIN_IN) / width
    # (left, bottom, width, height) of the area the layout engine fits the axes into
    rect = (chart.pad_left, band / height, 1.0 - column - chart.pad_left, 1.0 - (band + top - _MARGIN_IN) / height)
    figure.get_layout_engine().set(rect=rect)  # type: ignore[union-attr, call-arg]  # constrained layout takes rect


# --- label placement ---------------------------------------------------------------------

_RINGS = 14  # candidate distances tried around a point
_ANGLES = 16  # candidate directions per distance
_LEADER_PT = 14.0  # a label farther than this from its point gets a leader line


def place_labels(ax: Axes, labels: Sequence[tuple[float, float, str]], renderer: RendererBase) -> list[Any]:
    """Label points so that no label overlaps another label or any point, each label stays
    inside the axes, and its own point is the nearest point to it.

    Candidates are tried around each point, nearest first: 16 directions on up to ten
    rings, vectorised with numpy against the boxes already placed. The first candidate
    that breaks no rule wins; a label that moved beyond the first ring gets a leader line.
    When no candidate is clean (an extremely crowded chart), the one with the least
    overlap is used. Crowded points are labelled first. Returns the annotations.
    """
    from matplotlib.font_manager import FontProperties

    if not labels:
        return []
    dpi = ax.figure.dpi
    font = FontProperties(size=_LABEL_PT)  # the family of the chart's rc settings
    pt = dpi / 72
    radius = _POINT_RADIUS_PT * pt
    points = ax.transData.transform([(x, y) for x, y, _ in labels])
    frame = ax.get_window_extent(renderer)
    sizes = (
        np.array([renderer.get_text_width_height_descent(text, font, ismath=False)[:2] for _, _, text in labels])
        + np.array([4.0, 4.0]) * pt
    )  # a little padding around the text
    occupied = [np.array([x - radius, y - radius, x + radius, y + radius]) for x, y in points]
    boxes = np.array(occupied).reshape(-1, 4)
    fixed = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]  # region names
    obstacles = np.array([[b.x0, b.y0, b.x1, b.y1] for b in fixed]).reshape(-1, 4)
    line_points = _line_points(ax)
    # directions: right first, then counter-clockwise; distances grow ring by ring
    angles = np.linspace(0, 2 * np.pi, _ANGLES, endpoint=False)
    ring_step = 6.0 * pt
    dist = radius + 2 * pt + ring_step * np.arange(_RINGS)
    ux, uy = np.cos(angles), np.sin(angles)
    crowd = np.hypot(*(points[:, None, :] - points[None, :, :]).transpose(2, 0, 1)) < 60 * pt
    order = sorted(range(len(labels)), key=lambda k: -int(crowd[k].sum()))
    notes: list[Any] = [None] * len(labels)
    placed = np.concatenate([boxes, obstacles])
    # Pass 1: every label next to its own point, its own point the nearest to it. Pass 2,
    # for the labels pass 1 could not place: farther away, joined by a leader line.
    for strict in (True, False):
        for k in order:
            if notes[k] is not None:
                continue
            x, y = points[k]
            w, h = sizes[k]
            # candidate boxes touching the circle of radius d in each direction
            cx = (x + np.outer(dist, ux) + np.where(ux > 0.3, w / 2, np.where(ux < -0.3, -w / 2, 0))).ravel()
            cy = (y + np.outer(dist, uy) + np.where(uy > 0.3, h / 2, np.where(uy < -0.3, -h / 2, 0))).ravel()
            cand = np.column_stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2])
            inside = (
                (cand[:, 0] >= frame.x0)
                & (cand[:, 2] <= frame.x1)
                & (cand[:, 1] >= frame.y0)
                & (cand[:, 3] <= frame.y1)
            )
            reach = dist[-1] + w + h  # nothing farther away can touch a candidate
            near = (
                (placed[:, 0] < x + reach)
                & (placed[:, 2] > x - reach)
                & (placed[:, 1] < y + reach)
                & (placed[:, 3] > y - reach)
            )
            near[k] = False  # its own point's disc: candidates start outside it
            clean = inside & (_overlaps(cand, placed[near]) == 0)
            if strict:
                own = _box_distance(cand, points[k][None, :])[:, 0]
                close = (np.abs(points[:, 0] - x) < reach) & (np.abs(points[:, 1] - y) < reach)
                close[k] = False
                if close.any():  # with a margin, so the drawn text (a little smaller) keeps it too
                    clean &= own + 3 * pt <= _box_distance(cand, points[close]).min(axis=1)
            else:
                clean &= np.repeat(dist > _LEADER_PT * pt, _ANGLES)
            if not clean.any():
                continue
            free = clean & (_covered(cand, line_points) == 0)
            choice = int(np.flatnonzero(free)[0]) if free.any() else int(np.flatnonzero(clean)[0])
            box = cand[choice]
            placed = np.concatenate([placed, box[None, :]])
            leader = not strict or dist[choice // _ANGLES] > _LEADER_PT * pt
            notes[k] = _annotate(ax, labels[k], (x, y), box, leader=leader)
    skipped = sum(n is None for n in notes)  # no readable place at all: left out rather than overlapping
    _PLACED[ax.figure] = [(n, points[k]) for k, n in enumerate(notes) if n is not None]
    if skipped:  # said on the source line's row, outside the axes, where it covers nothing
        figure = cast("Figure", ax.figure)
        figure.text(
            figure.get_figwidth() - _MARGIN_IN, _MARGIN_IN, f"{skipped} label(s) left out: too crowded",
            transform=figure.dpi_scale_trans, ha="right", va="bottom",
            fontsize=_NOTE_PT - 1, color="0.35",
        )  # fmt: skip
    return [n for n in notes if n is not None]


# Figure -> its placed labels; weak, so a figure that is dropped takes its entry with it.
_PLACED: weakref.WeakKeyDictionary[Any, list[tuple[Any, np.ndarray]]] = weakref.WeakKeyDictionary()


def placed_labels(figure: Any) -> list[tuple[Any, np.ndarray]]:
    """The point labels :func:`place_labels` drew on a figure, each with its point's display
    position (for tests and tools that check the layout)."""
    return _PLACED.get(figure, [])


def _annotate(
    ax: Axes, label: tuple[float, float, str], point: tuple[float, float], box: np.ndarray, leader: bool
) -> Any:
    x, y, text = label
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    inverse = ax.transData.inverted()
    arrow = {"arrowstyle": "-", "color": "0.45", "lw": 0.7, "shrinkA": 0, "shrinkB": 5} if leader else None
    note = ax.annotate(
        text, (x, y), xytext=tuple(inverse.transform(centre)), textcoords="data",
        ha="center", va="center", fontsize=_LABEL_PT, zorder=2.5, arrowprops=arrow,
        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
    )  # fmt: skip
    note.set_in_layout(False)
    return note


def _overlaps(cand: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """For each candidate box, the area it shares with ``boxes``."""
    if len(boxes) == 0:
        return np.zeros(len(cand))
    w = np.minimum(cand[:, None, 2], boxes[None, :, 2]) - np.maximum(cand[:, None, 0], boxes[None, :, 0])
    h = np.minimum(cand[:, None, 3], boxes[None, :, 3]) - np.maximum(cand[:, None, 1], boxes[None, :, 1])
    area: np.ndarray = (np.clip(w, 0, None) * np.clip(h, 0, None)).sum(axis=1)
    return area


def _box_distance(boxes: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Distances from each box to each point (0 inside)."""
    dx = np.maximum.reduce(
        [
            boxes[:, None, 0] - points[None, :, 0],
            np.zeros((len(boxes), len(points))),
            points[None, :, 0] - boxes[:, None, 2],
        ]
    )
    dy = np.maximum.reduce(
        [
            boxes[:, None, 1] - points[None, :, 1],
            np.zeros((len(boxes), len(points))),
            points[None, :, 1] - boxes[:, None, 3],
        ]
    )
    distance: np.ndarray = np.hypot(dx, dy)
    return distance


def _covered(cand: np.ndarray, pts: np.ndarray) -> np.ndarray:
    if len(pts) == 0:
        return np.zeros(len(cand))
    x, y = pts[:, 0], pts[:, 1]
    hit = (
        (x[None, :] >= cand[:, 0:1])
        & (x[None, :] <= cand[:, 2:3])
        & (y[None, :] >= cand[:, 1:2])
        & (y[None, :] <= cand[:, 3:4])
    )
    count: np.ndarray = hit.sum(axis=1)
    return count


def _line_points(ax: Axes, step: float = 4.0) -> np.ndarray:
    """Display points every ``step`` pixels along the axes' drawn lines."""
    chunks = [np.empty((0, 2))]
    for line in ax.get_lines():
        if line.get_linestyle() in ("None", "none", "", " "):
            continue
        xy = line.get_transform().transform(line.get_xydata())
        for a, b in pairwise(xy):
            n = max(int(np.hypot(*(b - a)) // step), 1)
            chunks.append(a + (b - a) * np.linspace(0.0, 1.0, n + 1)[:, None])
    return np.concatenate(chunks)
