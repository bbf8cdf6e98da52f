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

import functools
import math
import os
import warnings
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

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
from .kinds import CHART_KINDS, KINDS
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
    "PlacedLabels",
    "place_labels",
    "placed_labels",
    "plot",
    "save",
    "svg_text",
]

IMAGE_FORMATS: tuple[str, ...] = (".png", ".svg", ".pdf")
DEFAULT_COLUMNS: Mapping[str, tuple[str, ...]] = {name: kind.defaults for name, kind in KINDS.items()}
MAX_RADAR_CHIPS = 8

_EDGE = "0.15"  # dark outline on markers and bars, so pale colours (yellow) stay visible
_PALE = 0.75  # luminance from which a line gets a dark edge too
# dash patterns of one vendor's chips; dotted is kept for "the batch does not fit"
_LINESTYLES: tuple[str | tuple[int, tuple[int, ...]], ...] = ("-", "--", "-.", (0, (6, 2, 1, 2, 1, 2)))
_SHADES = (0.0, 0.4, -0.45, 0.65)  # > 0 toward black, < 0 toward white
_FONT = "DejaVu Sans"  # ships with matplotlib, so English charts render the same everywhere
_CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN",
)  # fmt: skip
_SIZE_IN = (10.0, 6.0)
_RADAR_WIDTH_IN = 12.0
_GROW_FROM, _GROW_MAX = 20, 1.6  # charts of points grow from this many chips, up to this factor
_BAR_ROW_IN = 0.26  # a bar chart of many chips grows taller instead of squeezing its rows
BAR_MAX_ROWS = 80  # ... up to this many bars (23 inches); the rest are counted in a note
_DPI = 150
_NOTE_PT = 10.0
_MARGIN_IN = 0.1
_LABEL_PT = 9.5
_POINT_RADIUS_PT = 5.5  # what a label must keep clear of around each point
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
    "text.parse_math": False,  # names and titles are text: "A$x^2$B" is drawn as typed
}
_SAVE_RC: dict[str, Any] = {
    "svg.hashsalt": "chipspec", "svg.fonttype": "none", "path.simplify": True, "text.parse_math": False,
}  # fmt: skip
_INTENSITY = np.logspace(-1, 4, 251)  # arithmetic intensity, FLOP/B
_ROOF_BELOW = 8.0  # the roofline's y axis reaches this factor below the lowest peak
_EXPORT_RULE = "us-3a090-2023"  # the rule whose regions the export map shades


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
    pad_right: float = 0.0  # ... and on the right, before the legend's column
    discs: list[tuple[float, float]] = field(default_factory=list)  # other markers labels keep clear of
    column: float | None = None  # line-end labels: the data x of a column to stack them in
    footer: Any = None  # the notes' text artist, which the key joins
    heading: Any = None  # the title's text artist
    band_in: float = 0.0  # the height of the band at the bottom holding notes and source line


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
    if title is not None and any("\ud800" <= c <= "\udfff" for c in title):
        raise UsageError(f"the title {title!r} is not valid text (a lone surrogate: bytes that were not UTF-8)")
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
        uses = KINDS[kind].figures(names)
        if comparison.fallback and any(uses_compute(n) for n in uses):
            chart.notes.append(_fallback_note(comparison, lang))
        if chart.marks:
            meanings = [f"{MARKS[k][0]} {i18n.mark_words(k, lang)}" for k in MARKS if k in chart.marks]
            chart.notes.append((_phrase("marks: ", lang), meanings))
        _frame(figure, renderer, chart, chart.title if title is None else _literal(title), lang)
        figure.draw_without_rendering()  # runs the layout, so label positions are final
        # Freeze the layout: run again at save time it would start from the last result
        # and could move things by a pixel, so two saves would differ.
        figure.set_layout_engine("none")
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]  # an Agg canvas
        placed = None
        if chart.column is not None:
            placed = column_labels(chart.ax, chart.labels, renderer, chart.column)
        if placed is None:
            placed = place_labels(chart.ax, chart.labels, renderer, chart.discs)
        _add_key(figure, renderer, chart, placed, lang)
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
    fewest, most = KINDS[kind].fewest, KINDS[kind].most
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
    if kind in ("scatter", "export-map", "roofline") and size is None:
        # a crowded chart gets more room for its labels, up to 1.6 times the default a side
        grow = min(_GROW_MAX, max(1.0, math.sqrt(len(comparison.chips) / _GROW_FROM)))
        width, height = width * grow, height * grow
    if kind == "radar" and size is None:
        width = _RADAR_WIDTH_IN  # spoke labels on both sides and the chip legend beside them
    if kind in ("bar", "measured") and size is None:
        rows = int(np.isfinite(_numeric(comparison, names[0]).values).sum())
        height = max(height, 2.5 + _BAR_ROW_IN * min(rows, BAR_MAX_ROWS))
    figure = Figure(figsize=(width, height), dpi=dpi or _DPI, layout="constrained")
    canvas = FigureCanvasAgg(figure)
    return figure, canvas.get_renderer()  # type: ignore[no-untyped-call]  # Agg's renderer


# --- words -------------------------------------------------------------------------------


def _phrase(text: str, lang: str) -> str:
    return i18n.chart_phrase(text, lang)


def _precision_words(comparison: Comparison, lang: str) -> str:
    """The precision in a subtitle: "16-bit (BF16, else FP16)", "FP8"."""
    if comparison.precision == SIXTEEN_BIT:
        return _phrase("16-bit (BF16, else FP16)", lang)
    return comparison.precision.upper()


def _precision_short(comparison: Comparison, lang: str) -> str:
    """The precision on an axis: "16-bit", "FP8"."""
    return _phrase("16-bit", lang) if comparison.precision == SIXTEEN_BIT else comparison.precision.upper()


def _axis_label(comparison: Comparison, name: str, lang: str) -> str:
    """A column's human label and unit; compute and metrics built on it name the precision."""
    unit = comparison.column(name).unit
    text = i18n.human_label(name, lang)
    if uses_compute(name):
        text = f"{text}{_phrase(', ', lang)}{_precision_short(comparison, lang)}"
    return f"{text} ({unit})" if unit else text


def _subtitle(comparison: Comparison, drawn: int, names: Sequence[str], lang: str) -> str:
    if comparison.caption():
        return f"{_phrase('{n} chips', lang).format(n=drawn)}{_phrase('; ', lang)}{comparison.caption(lang)}"
    if any(uses_compute(n) for n in names):
        return _phrase("{n} chips, dense compute at {precision}", lang).format(
            n=drawn, precision=_precision_words(comparison, lang)
        )
    return _phrase("{n} chips", lang).format(n=drawn)


_CHIP_LABEL_CHARS = 34


# control characters (no font draws them) shown as their escapes: "x\x00y" -> "x\\x00y"
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)}


def _literal(text: str) -> str:
    """Text as typed, control characters spelled as escapes (a font has no glyph for them)."""
    return text.translate(_CONTROLS)


def _chip(chip: Spec, lang: str) -> str:
    """A chip's label in a chart: its table label, cut to keep legends and plots readable."""
    text = _literal(i18n.chip_label(chip, lang))
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


_LISTED_MISSING = 40  # a "not drawn" note names up to this many chips per reason ...
_NAMED_MISSING = 12  # ... and beyond it names this many and counts the rest


def _missing_note(lacking: Sequence[tuple[Spec, tuple[str, ...]]], lang: str) -> list[tuple[str, list[str]]]:
    """Chips a chart cannot place, grouped by what they lack (one note line per group)."""
    from .tables import missing_words

    groups: dict[tuple[str, ...], list[str]] = {}
    for chip, fields in lacking:
        groups.setdefault(fields, []).append(_chip(chip, lang))
    notes = []
    for fields, every in groups.items():
        names = every
        if len(every) > _LISTED_MISSING:  # hundreds of names would bury the chart: count the rest
            rest = _phrase("{n} more (the table lists them all)", lang).format(n=len(every) - _NAMED_MISSING)
            names = [*every[:_NAMED_MISSING], rest]
        if fields and all(i18n.is_reason(f) for f in fields):  # a lens's reason, not a field
            reason = " ".join(i18n.label(f, lang) for f in fields)
            notes.append((_phrase("not drawn {reason}: ", lang).format(reason=reason), names))
            continue
        what = _phrase(", ", lang).join(missing_words(f, lang) for f in fields) or i18n.phrase("data", lang)
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
    from matplotlib.colors import to_rgb

    red, green, blue = to_rgb(colour)
    if 0.2126 * red + 0.7152 * green + 0.0722 * blue < _PALE:
        return {}
    return _edge(width)


def _edge(width: float) -> dict[str, Any]:
    """The path effects of a thin dark edge around a line of ``width`` points."""
    from matplotlib import patheffects

    return {"path_effects": [patheffects.Stroke(linewidth=width + 1.2, foreground=_EDGE), patheffects.Normal()]}


def _chip_lines(
    chips: Sequence[Spec], styles: Mapping[str, _Style]
) -> list[tuple[str | tuple[int, tuple[int, ...]], str]]:
    """A line style and colour per chip: chips of one vendor share its hue, told apart by
    dash pattern and shade together (the k-th chip of a vendor gets the k-th of each)."""
    from matplotlib.colors import to_hex, to_rgb

    seen: dict[str, int] = {}
    out = []
    for chip in chips:
        k = seen.get(chip.vendor, 0)
        seen[chip.vendor] = k + 1
        rgb = np.array(to_rgb(styles[chip.vendor].colour))
        shade = _SHADES[k % len(_SHADES)]
        mixed = rgb * (1 - shade) if shade > 0 else rgb + (1 - rgb) * -shade  # darker, or lighter
        out.append((_LINESTYLES[k % len(_LINESTYLES)], to_hex((float(mixed[0]), float(mixed[1]), float(mixed[2])))))
    return out


def _add_lines(
    ax: Axes,
    lines: Sequence[tuple[np.ndarray, np.ndarray, str, Any]],
    width: float,
    zorder: float,
    gid: str,
) -> None:
    """Lines (x, y, colour, line style) as one collection, and the pale ones (with a thin
    dark edge) as a second: one artist each however many chips, where a Line2D per chip
    costs a millisecond to build and another to draw at a thousand chips."""
    from matplotlib.collections import LineCollection

    groups: dict[bool, list[tuple[np.ndarray, str, Any]]] = {False: [], True: []}
    for x, y, colour, style in lines:
        groups[bool(_outline(colour, width))].append((np.column_stack([x, y]), colour, style))
    for pale, group in groups.items():
        if not group:
            continue
        collection = LineCollection(
            [g[0] for g in group], colors=[g[1] for g in group], linestyles=[g[2] for g in group],
            linewidths=width, zorder=zorder, capstyle="butt", joinstyle="round",
            **(_edge(width) if pale else {}),
        )  # fmt: skip
        collection.set_gid(gid)
        ax.add_collection(collection, autolim=True)  # the axes take in the lines, as ax.plot does


def _add_markers(
    ax: Axes, points: Mapping[tuple[str, str], list[tuple[float, float]]], size: float, zorder: float
) -> None:
    """Markers grouped by (colour, marker): one artist per group."""
    for (colour, marker), xy in points.items():
        xs, ys = zip(*xy, strict=True)
        ax.plot(xs, ys, ls="none", marker=marker, color=colour, mec=_EDGE, ms=size, zorder=zorder)


# --- drawers -----------------------------------------------------------------------------

_Drawer = Callable[["Figure", Comparison, Sequence[str], str, Mapping[str, Vendor]], _Chart]


def _draw_bar(
    figure: Figure, comparison: Comparison, names: Sequence[str], lang: str, vendors: Mapping[str, Vendor]
) -> _Chart:
    (name,) = names
    ranking = comparison.ordered(name)  # a property (no direction) is drawn highest first
    rows = ranking.ranked[:BAR_MAX_ROWS]
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
    beyond = [float(r.value) for r in ranking.ranked[BAR_MAX_ROWS:] if r.value is not None]
    if beyond:
        unit = comparison.column(name).unit
        said = _phrase("{n} more chips not drawn (ranked {first} to {last}, {low} to {high} {unit}); ", lang).format(
            n=len(beyond), first=BAR_MAX_ROWS + 1, last=BAR_MAX_ROWS + len(beyond),
            low=_value_text(min(beyond)), high=_value_text(max(beyond)), unit=unit,
        )  # fmt: skip
        chart.notes.insert(0, (said, [_phrase("the table lists them all", lang)]))
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
    # a Pareto front needs a better end on both axes: none over a property
    merits = all(comparison.column(n).direction is not None for n in names)
    front = comparison.pareto(list(names)).front if merits else ()
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
    ridges: dict[tuple[str, str], list[tuple[float, float]]] = {}  # (colour, marker) -> ridge points
    roofs = []
    for i, chip, (line, colour) in zip(drawn, chips, _chip_lines(chips, styles), strict=True):
        style = styles[chip.vendor]
        # straight on log axes: the slope to the ridge, then flat; three corners are exact
        corners = np.array([_INTENSITY[0], np.clip(ridge[i], _INTENSITY[0], _INTENSITY[-1]), _INTENSITY[-1]])
        attainable = np.minimum(peak.values[i], bandwidth.values[i] * scale * corners)
        roofs.append((corners, attainable, colour, line))
        ridges.setdefault((colour, style.marker), []).append((float(ridge[i]), float(peak.values[i])))
        marks = _flag_marks(comparison, (COMPUTE, "memory.bandwidth"), i, seen)
        labels.append((float(ridge[i]), float(peak.values[i]), _chip(chip, lang) + marks))
    _add_lines(ax, roofs, 2.2, 2, "roofs")
    _add_markers(ax, ridges, 9, 3)
    _log_scale(ax, "x", _INTENSITY)
    top = float(np.nanmax(peak.values[drawn])) if drawn else 1000.0
    low = float(np.nanmin(peak.values[drawn])) if drawn else 1.0
    # The axes span the ridge points (where the labels go) with a decade and a half of the
    # slope below them, not five decades of empty slope: at sixty chips that is room for
    # every name.
    knees = ridge[drawn][np.isfinite(ridge[drawn])] if drawn else np.array([])
    left = _INTENSITY[0] if not len(knees) else max(_INTENSITY[0], 10 ** math.floor(math.log10(knees.min() / 30)))
    _log_scale(ax, "y", np.array([low / _ROOF_BELOW, top * 2]))
    ax.set_xlim(left, _INTENSITY[-1])
    ax.set_ylim(low / _ROOF_BELOW, top * 2.5)
    ax.grid(which="major", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel(_phrase("arithmetic intensity (FLOP/B)", lang))
    precision = _precision_short(comparison, lang)
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
    for i, chip, (line, colour) in zip(drawn, chips, _chip_lines(chips, styles), strict=True):
        style = styles[chip.vendor]
        r = np.append(scores[i], scores[i][0])
        edge: dict[str, Any] = {"color": colour, "ls": line, "lw": 2, **_outline(colour, 2)}
        dots: dict[str, Any] = {"color": colour, "ls": "none", "marker": style.marker, "mec": _EDGE, "ms": 7}
        ax.plot(closed, r, zorder=3, clip_on=False, **edge)
        ax.plot(angles, scores[i], zorder=4, clip_on=False, **dots)
        ax.fill(closed, r, color=colour, alpha=0.08, zorder=2)
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
    chart.pad_left, chart.pad_right = 0.1, 0.04  # the layout undercounts a polar axes' spoke labels
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
_SERVING_ROOM = 4  # octaves right of the last batch, where the line-end labels go


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
    contexts = [sc.mean_context]  # what sequences in flight hold on average (S + G/2 with prompt and generate)
    grid = sweep(comparison.model, comparison.chips, SERVING_BATCHES, contexts, comparison.settings, [sc.prompt])
    values, room = grid[name][:, 0, :], grid["max_batch"][:, 0, 0]
    drawn = [i for i in range(len(comparison.chips)) if np.isfinite(values[i]).any()]  # no rate past the fit
    own = comparison.column(name)
    lacking = [(c, own.missing[i]) for i, c in enumerate(comparison.chips) if i not in drawn]
    styles = _styles(vendors, comparison.chips)
    chips = [comparison.chips[i] for i in drawn]
    ax = figure.add_subplot()
    batches = np.asarray(SERVING_BATCHES, dtype=float)
    labels = []
    seen: set[str] = set()
    discs = []
    beyond, fitting = [], []
    ends: dict[tuple[str, str], list[tuple[float, float]]] = {}  # (colour, marker) -> largest batches that fit
    for i, chip, (line, colour) in zip(drawn, chips, _chip_lines(chips, styles), strict=True):
        style = styles[chip.vendor]
        fit = batches <= room[i]
        rated = np.isfinite(values[i])  # the lens gives no rate where the model does not fit
        beyond.append((batches[rated], values[i][rated], colour, ":"))
        if fit.any():
            fitting.append((batches[fit], values[i][fit], colour, line))
            last = int(np.flatnonzero(fit)[-1])
            ends.setdefault((colour, style.marker), []).append((float(batches[last]), float(values[i][last])))
            if last != int(np.flatnonzero(rated)[-1]):  # the label's own point is the line's end
                discs.append((float(batches[last]), float(values[i][last])))  # labels keep off this marker
        marks = _flag_marks(comparison, [name], i, seen)
        end = int(np.flatnonzero(np.isfinite(values[i]))[-1])  # the label at the largest batch with a rate
        labels.append((float(batches[end]), float(values[i][end]), _chip(chip, lang) + marks))
    _add_lines(ax, beyond, 1.4, 2, "beyond-fit")
    _add_lines(ax, fitting, 2.4, 3, "fits")
    _add_markers(ax, ends, 9, 4)
    ax.set_xscale("log", base=2)
    ax.set_xticks(batches, [str(int(b)) for b in batches])
    ax.set_xlim(batches[0] / 1.3, batches[-1] * 2**_SERVING_ROOM)  # room on the right for the names
    if drawn:
        shown_values = values[drawn].ravel()
        _log_scale(ax, "y", shown_values[np.isfinite(shown_values)])
    ax.grid(which="major", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlabel(_phrase("batch (sequences decoded together)", lang))
    ax.set_ylabel(_axis_label(comparison, name, lang))
    legend = _vendor_legend(styles, chips, lang, vendors)
    m, st = comparison.model, comparison.settings
    subtitle = _phrase(
        "{model}, context {context} tokens, {weights} weights, {kv} KV, {n} chip(s) per group; "
        "solid while the batch fits in memory",
        lang,
    ).format(model=m.name, context=f"{sc.context:,}", weights=st.weights.upper(), kv=st.kv.upper(), n=st.group_size)
    chart = _Chart(ax, i18n.human_label(name, lang), subtitle, legend, _missing_note(lacking, lang), labels)
    chart.discs = discs
    chart.column = float(batches[-1] * 2**0.6)
    use = (
        _phrase("full compute and bandwidth", lang)
        if (st.mfu, st.mbu) == (1, 1)
        else f"MFU {st.mfu:g}{_phrase(', ', lang)}MBU {st.mbu:g}"
    )
    bounds = [use, _phrase("dense compute figures", lang), _phrase("dotted: the batch does not fit", lang)]
    chart.notes.append((_phrase("roofline bounds: ", lang), bounds))
    chart.marks = seen
    return chart


def _draw_measured(
    figure: Figure, comparison: Comparison, names: Sequence[str], lang: str, vendors: Mapping[str, Vendor]
) -> _Chart:
    """Per chip, its peak (an outlined bar) beside what was measured (a filled bar in the
    vendor's colour) for one measured column, labelled with the measured figure and its
    share of the peak; chips with the most efficient measurement on top."""
    from ..measured import MEASURED_COLUMNS, column_spec

    (name,) = names
    if name not in MEASURED_COLUMNS or not name.startswith("measured."):
        raise UsageError(f"a measured chart draws a measured column (measured.bf16, measured.memory ...), got {name!r}")
    _, peak_field, unit = column_spec(name)
    measured = comparison.column(name)
    peak = comparison.column(peak_field)
    eff = comparison.column("efficiency." + name.split(".", 1)[1])
    shown = [i for i in range(len(comparison.chips)) if measured.known(i) and peak.known(i)]
    shown.sort(key=lambda i: (-float(eff.values[i]), comparison.chips[i].id))
    shown = shown[:BAR_MAX_ROWS]
    styles = _styles(vendors, comparison.chips)
    ax = figure.add_subplot()
    positions = np.arange(len(shown))
    peaks = [float(peak.values[i]) for i in shown]
    achieved = [float(measured.values[i]) for i in shown]
    ax.barh(positions, peaks, height=0.8, color="none", edgecolor=_EDGE, linewidth=0.9, zorder=2)
    bars = ax.barh(
        positions,
        achieved,
        height=0.55,
        color=[styles[comparison.chips[i].vendor].colour for i in shown],
        edgecolor=_EDGE,
        linewidth=0.6,
        zorder=3,
    )
    labels = [f"{_value_text(a)} ({a / p:.0%})" for a, p in zip(achieved, peaks, strict=True)]
    ax.bar_label(bars, labels=labels, padding=4, fontsize=_LABEL_PT)
    ax.set_yticks(positions, [_chip(comparison.chips[i], lang) for i in shown])
    ax.set_ylim(len(shown) - 0.4, -0.6)
    ax.set_xlim(0, max(peaks + achieved, default=1.0) * 1.22)
    ax.set_xlabel(f"{i18n.human_label(name, lang)} ({unit})")
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    legend = _vendor_legend(styles, [comparison.chips[i] for i in shown], lang, vendors, patches=True)
    lacking = [(comparison.chips[i], measured.missing[i] or peak.missing[i]) for i in range(len(comparison.chips))
               if i not in shown and (not measured.known(i) or not peak.known(i))]  # fmt: skip
    subtitle = _phrase("outlined: the sheet's peak ({field}); filled: the measurement used (share of the peak)", lang)
    unmeasured = [c for c, _ in lacking if not measured.known(comparison.index(c))]
    many = len(unmeasured) > 8  # most of a catalog has no measurement: count those, name the rest
    notes = _missing_note([(c, why) for c, why in lacking if not many or c not in unmeasured], lang)
    if many:
        count = _phrase("{n} chips without this measurement", lang).format(n=len(unmeasured))
        notes.insert(0, (_phrase("not drawn: ", lang), [count]))
    peak_words = i18n.human_label(peak_field, lang)
    chart = _Chart(ax, i18n.human_label(name, lang), subtitle.format(field=peak_words), legend, notes)
    used = []
    for i in shown:
        m, more = comparison.measurement(name, i)
        if m is not None:
            extra = f", +{more}" if more else ""
            when = m.date or i18n.phrase("no date", lang)
            used.append(f"{_chip(comparison.chips[i], lang)}: {i18n.phrase(m.by, lang)} {when}{extra}")
    if used:
        chart.notes.append((_phrase("measurements used (most trusted, then latest): ", lang), used))
    return chart


_DRAWERS: dict[str, _Drawer] = {
    "measured": _draw_measured,
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
        style, text = styles[vendor], _literal(i18n.vendor_label(vendor, lang, vendors))
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
    chart.heading = heading
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
    # the notes as they will be drawn, measured (a line pitch guessed per line left an inch
    # of white under the axes at sixty lines)
    chart.footer = figure.text(
        _MARGIN_IN, _MARGIN_IN + line_in, "\n".join(lines), transform=inches, fontsize=_NOTE_PT, va="bottom"
    )
    band = 2 * _MARGIN_IN + line_in + _height_in(chart.footer, renderer)
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
    chart.band_in = band
    column = (box.width / figure.dpi + 2 * _MARGIN_IN) / width
    # (left, bottom, width, height) of the area the layout engine fits the axes into
    rect = (
        chart.pad_left, band / height, 1.0 - column - chart.pad_left - chart.pad_right,
        1.0 - (band + top - _MARGIN_IN) / height,
    )  # fmt: skip
    figure.get_layout_engine().set(rect=rect)  # type: ignore[union-attr, call-arg]  # constrained layout takes rect


def _add_key(figure: Figure, renderer: RendererBase, chart: _Chart, placed: PlacedLabels, lang: str) -> None:
    """Put the key of numbered points (and the count of unlabelled ones) above the notes,
    growing the figure at the bottom by its height: everything above moves up unchanged."""
    from matplotlib.font_manager import FontProperties

    if not placed.key and not placed.unlabelled:
        return
    font = FontProperties(size=_NOTE_PT)
    room = (figure.get_figwidth() - 2 * _MARGIN_IN) * figure.dpi

    def fits(text: str) -> bool:
        return renderer.get_text_width_height_descent(text, font, ismath=False)[0] <= room

    lines = []
    if placed.key:
        # an entry of several names may break between them: each name is an item, with the
        # separator after it (" / " inside an entry, ", " between entries)
        pieces = []
        for k, (n, entry) in enumerate(placed.key):
            names = entry.split(" / ")
            between = _phrase(", ", lang) if k < len(placed.key) - 1 else ""
            for j, name in enumerate(names):
                piece = f"{n} {name}" if j == 0 else name
                pieces.append(piece + (" / " if j < len(names) - 1 else between))
        lines += _wrap(_phrase("numbered: ", lang), pieces, fits, "")
    if placed.unlabelled:
        n = len(placed.unlabelled)
        said = _phrase("{n} more chip(s) drawn without a name: too crowded to name here; chart fewer chips", lang)
        lines.append(said.format(n=n))
    existing = chart.footer.get_text()
    before = _height_in(chart.footer, renderer)
    chart.footer.set_text("\n".join([*lines, existing] if existing else lines))
    grow = _height_in(chart.footer, renderer) - before
    old = figure.get_figheight()
    new = old + grow
    floor = chart.band_in  # things above the band move up by ``grow``
    for ax in figure.axes:
        x0, y0, w, h = ax.get_position().bounds
        ax.set_position((x0, (y0 * old + grow) / new, w, h * old / new))
    for text in figure.texts:
        if text.get_transform() == figure.dpi_scale_trans and text.get_position()[1] >= floor:
            text.set_y(text.get_position()[1] + grow)
    chart.heading.set_y(1 - _MARGIN_IN / new)
    for legend in figure.legends:
        box = legend.get_bbox_to_anchor().transformed(figure.dpi_scale_trans.inverted())
        legend.set_bbox_to_anchor((box.x1, box.y1 + grow), transform=figure.dpi_scale_trans)
    figure.set_figheight(new)


def _height_in(text: Any, renderer: RendererBase) -> float:
    """A figure text's drawn height in inches (0 when empty)."""
    if not text.get_text():
        return 0.0
    height: float = text.get_window_extent(renderer).height / text.figure.dpi
    return height


# --- label placement ---------------------------------------------------------------------

_LEADER_PT = 14.0  # a label farther than this from its point gets a leader line


@dataclass
class PlacedLabels:
    """What :func:`place_labels` drew: each label with its point's display position and, for
    a numbered point, its number; the key's entries; the chips left without any label."""

    labels: list[tuple[Any, np.ndarray, int | None]] = field(default_factory=list)
    key: list[tuple[int, str]] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)


def place_labels(
    ax: Axes,
    labels: Sequence[tuple[float, float, str]],
    renderer: RendererBase,
    discs: Sequence[tuple[float, float]] = (),
) -> PlacedLabels:
    """Label points so that no label overlaps another label or any point, no leader line
    crosses another or runs under a label or point, and each label stays inside the axes.

    First every label is tried next to its own point (its point the nearest one to it),
    crowded points first; then farther away with a leader line. A chip whose name finds no
    clean place gets a number there instead, explained in the chart's key; one that finds
    no place even for a number is drawn unlabelled and counted in the key's note. ``discs`` are other markers' positions
    (data coordinates) that labels keep clear of. Nothing is ever drawn overlapping.
    """
    from matplotlib.font_manager import FontProperties

    from .placement import RINGS, Placer

    result = PlacedLabels()
    if not labels:
        return result
    dpi = ax.figure.dpi
    font = FontProperties(size=_LABEL_PT)  # the family of the chart's rc settings
    pt = dpi / 72
    radius = _POINT_RADIUS_PT * pt
    # Chips drawn at one spot, or so near that their markers mostly overlap, share one
    # label, a name a line, at the first one's point; the others' markers stay obstacles.
    spots = _spots(ax.transData.transform([(x, y) for x, y, _ in labels]), radius * _SHARED)
    members = [labels[k][:2] for ks in spots for k in ks[1:]]
    labels = [(labels[ks[0]][0], labels[ks[0]][1], "\n".join(sorted(labels[k][2] for k in ks))) for ks in spots]
    points = ax.transData.transform([(x, y) for x, y, _ in labels])
    frame = ax.get_window_extent(renderer)
    pad = np.array([4.0, 4.0]) * pt  # a little room around the text

    @functools.cache
    def size(text: str) -> np.ndarray:
        if "\n" in text:  # names sharing a spot: measured as matplotlib lays out their lines
            from matplotlib.text import Text

            block = Text(0, 0, text, fontproperties=font)
            block.set_figure(ax.figure)
            box = block.get_window_extent(renderer)
            return np.array([box.width, box.height]) + pad
        w, h, _ = renderer.get_text_width_height_descent(text, font, ismath=False)
        return np.array([w, h]) + pad

    sizes = [size(text) for _, _, text in labels]
    fixed = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]  # region names
    extra = ax.transData.transform(np.array(discs, dtype=float).reshape(-1, 2))
    obstacles = np.concatenate(
        [
            np.array([[b.x0, b.y0, b.x1, b.y1] for b in fixed]).reshape(-1, 4),
            np.column_stack([extra - radius, extra + radius]).reshape(-1, 4),
        ]
    )
    box_of = (frame.x0, frame.y0, frame.x1, frame.y1)
    lines = _line_points(ax)
    shared = ax.transData.transform(np.array(members, dtype=float).reshape(-1, 2))

    Spots = dict[int, tuple[np.ndarray, bool]]
    passes = [(False, 0, False), (True, 9, False), (False, 0, True), (True, 9, True), (True, RINGS, False),
              (True, RINGS, True)]  # fmt: skip
    if len(labels) > _LONG_NAMES_UP_TO:  # names on long leaders: at 1,000 chips 0-4 of ~1,800 tries found room
        passes.remove((True, RINGS, False))

    def attempt(order: Sequence[int], first: Sequence[int] = ()) -> tuple[Spots, Spots]:
        """Every label in ``order``, pass by pass: names next to their point, then on short
        leaders; then numbers where names found no room (next to the point, then on short
        leaders); then names and numbers on long leaders, which would otherwise take the
        room short ones need. The points in ``first`` go through every pass before the
        others start. Numbers count up in the order they are placed, so each is measured
        as drawn."""
        placer = Placer(
            points, radius, box_of, obstacles, lines, gap=6.0 * pt, leader_from=_LEADER_PT * pt, members=shared
        )
        boxes: Spots = {}
        numbered: Spots = {}
        for group in (first, order):
            for leader, rings, numbers in passes:
                for k in group:
                    if k in boxes or k in numbered:
                        continue
                    w, h = size(str(len(numbered) + 1)) if numbers else sizes[k]
                    if (spot := placer.place(k, (w, h), leader, rings)) is not None:
                        (numbered if numbers else boxes)[k] = spot
        return boxes, numbered

    # crowded points first: they have the fewest places; counted on a grid, so 10,000 is cheap
    cell = 60 * pt
    cells = np.floor(points / cell).astype(int)
    _, where, counts = np.unique(cells, axis=0, return_inverse=True, return_counts=True)
    crowd = counts[where.ravel()]
    order = sorted(range(len(labels)), key=lambda k: (-int(crowd[k]), k))
    boxes, numbered = attempt(order)
    # A few left without a place (walled in by the others' leaders): try again with them
    # first, and keep the try that names the most. Only for charts a reader can take in
    # whole; at a thousand chips most are left out by any order.
    first: list[int] = []
    latest = boxes, numbered
    for _ in range(_RETRIES if len(labels) <= _RETRY_UP_TO else 0):
        left = [k for k in order if k not in latest[0] and k not in latest[1] and k not in first]
        if not left or len(boxes) + len(numbered) == len(labels):
            break
        first += left  # those left out by the last try go first, after those left out before
        latest = attempt(order, first)
        if len(latest[0]) + len(latest[1]) > len(boxes) + len(numbered):
            boxes, numbered = latest
    rest = [k for k in order if k not in boxes]
    for k, (box, leader) in boxes.items():
        result.labels.append((_annotate(ax, labels[k], box, leader), points[k], None))
    for n, k in enumerate(numbered, start=1):  # in the order they were placed
        box, leader = numbered[k]
        text = (labels[k][0], labels[k][1], str(n))
        result.labels.append((_annotate(ax, text, box, leader, framed=True), points[k], n))
        result.key.append((n, labels[k][2].replace("\n", " / ")))
    result.unlabelled = [name for k in rest if k not in numbered for name in labels[k][2].split("\n")]
    _PLACED[ax.figure] = result
    return result


_SHARED = 0.8  # points nearer than this many disc radii share one label ...
_SHARED_MAX = 4  # ... of at most this many names (a fifth starts a label of its own)
_RETRIES = 4  # placements tried again with the points left out first ...
_RETRY_UP_TO = 150  # ... on charts of at most this many labels
_LONG_NAMES_UP_TO = 300  # names are tried on long leaders on charts of at most this many labels


def _spots(xy: np.ndarray, near: float) -> list[list[int]]:
    """Points (display pixels) grouped by spot: each joins the first earlier group, of fewer
    than :data:`_SHARED_MAX`, whose first point is within ``near`` pixels (looked up on a
    grid of ``near`` cells), in the points' order."""
    groups: list[list[int]] = []
    cells: dict[tuple[int, int], list[int]] = {}
    for k, (x, y) in enumerate(xy):
        cx, cy = int(x // max(near, 1e-9)), int(y // max(near, 1e-9))
        home = next(
            (
                g
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for g in cells.get((cx + dx, cy + dy), ())
                if len(groups[g]) < _SHARED_MAX and math.hypot(xy[groups[g][0]][0] - x, xy[groups[g][0]][1] - y) <= near
            ),
            None,
        )
        if home is None:
            cells.setdefault((cx, cy), []).append(len(groups))
            groups.append([k])
        else:
            groups[home].append(k)
    return groups


def column_labels(
    ax: Axes, labels: Sequence[tuple[float, float, str]], renderer: RendererBase, x: float
) -> PlacedLabels | None:
    """Labels of line ends stacked in a column at data ``x``, in the order of their points
    and each as near its point's height as the others allow, joined by a leader when it had
    to move: ordered leaders between two verticals cannot cross. None when the column is
    too short for them all (the caller then places them one by one)."""
    from matplotlib.font_manager import FontProperties

    if not labels:
        return PlacedLabels()
    pt = ax.figure.dpi / 72
    font = FontProperties(size=_LABEL_PT)
    points = ax.transData.transform([(px, py) for px, py, _ in labels])
    heights = np.array([renderer.get_text_width_height_descent(t, font, ismath=False)[1] for _, _, t in labels])
    heights = heights + 5 * pt  # a little room between rows
    frame = ax.get_window_extent(renderer)
    if heights.sum() > frame.height:
        return None
    order = np.argsort(points[:, 1], kind="stable")  # bottom to top
    ys = np.empty(len(labels))
    floor = frame.y0
    for k in order:  # push up past the row below
        ys[k] = max(points[k, 1], floor + heights[k] / 2)
        floor = ys[k] + heights[k] / 2
    ceiling = frame.y1
    for k in order[::-1]:  # then down from the top, if the stack ran over it
        ys[k] = min(ys[k], ceiling - heights[k] / 2)
        ceiling = ys[k] - heights[k] / 2
    column_x = float(ax.transData.transform((x, 1.0))[0])
    inverse = ax.transData.inverted()
    result = PlacedLabels()
    for k in order:
        px, py, text = labels[k]
        leader = abs(ys[k] - points[k, 1]) > 1.5 * pt or column_x - points[k, 0] > 4 * pt
        # the leader meets the label's left edge, so it stays left of the column
        arrow = {"arrowstyle": "-", "color": "0.45", "lw": 0.7, "shrinkA": 0, "shrinkB": 4, "relpos": (0.0, 0.5)}
        note = ax.annotate(
            text, (px, py), xytext=tuple(inverse.transform((column_x, ys[k]))), textcoords="data",
            ha="left", va="center", fontsize=_LABEL_PT, zorder=2.5, arrowprops=arrow if leader else None,
            annotation_clip=False,
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
        )  # fmt: skip
        note.set_in_layout(False)
        result.labels.append((note, points[k], None))
    _PLACED[ax.figure] = result
    return result


# Figure -> its placed labels; weak, so a figure that is dropped takes its entry with it.
_PLACED: weakref.WeakKeyDictionary[Any, PlacedLabels] = weakref.WeakKeyDictionary()


def placed_labels(figure: Any) -> PlacedLabels:
    """The point labels :func:`place_labels` drew on a figure, with their points' display
    positions, the key and the chips left unlabelled (for tests and tools that check the
    layout)."""
    placed = _PLACED.get(figure, PlacedLabels())
    # positions as they are now (the key may have grown the figure since)
    labels = [(note, note.axes.transData.transform(note.xy), n) for note, _, n in placed.labels]
    return PlacedLabels(labels, placed.key, placed.unlabelled)


def _annotate(ax: Axes, label: tuple[float, float, str], box: np.ndarray, leader: bool, framed: bool = False) -> Any:
    """A label centred in ``box``; a number (``framed``) gets a thin frame, so it reads as a
    key to look up rather than a value."""
    x, y, text = label
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    inverse = ax.transData.inverted()
    arrow = {"arrowstyle": "-", "color": "0.45", "lw": 0.7, "shrinkA": 0, "shrinkB": 5} if leader else None
    note = ax.annotate(
        text, (x, y), xytext=tuple(inverse.transform(centre)), textcoords="data",
        ha="center", va="center", fontsize=_LABEL_PT, zorder=2.5, arrowprops=arrow,
        bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "0.4" if framed else "none",
              "linewidth": 0.6, "alpha": 0.9 if framed else 0.75},
    )  # fmt: skip
    note.set_in_layout(False)
    return note


def _line_points(ax: Axes, step: float = 4.0) -> np.ndarray:
    """Display points every ``step`` pixels or less along the axes' drawn lines."""
    from matplotlib.collections import LineCollection

    chunks = [np.empty((0, 2))]
    paths = [
        line.get_transform().transform(line.get_xydata())
        for line in ax.get_lines()
        if line.get_linestyle() not in ("None", "none", "", " ")
    ]
    for collection in ax.collections:
        if isinstance(collection, LineCollection):
            transform = collection.get_transform()
            paths += [transform.transform(segment) for segment in collection.get_segments()]
    for xy in paths:
        if len(xy) < 2:
            continue
        a, b = xy[:-1], xy[1:]
        n = int(min(np.nanmax(np.hypot(*(b - a).T)) // step, 1000)) + 1  # one count per line: vectorised
        t = np.linspace(0.0, 1.0, n + 1)[None, :, None]
        chunks.append((a[:, None, :] + (b - a)[:, None, :] * t).reshape(-1, 2))
    samples = np.concatenate(chunks)
    kept: np.ndarray = samples[np.isfinite(samples).all(axis=1)]
    return kept


# --- systems -----------------------------------------------------------------------------

SYSTEM_CHART_KINDS: tuple[str, ...] = ("domain", "per-kw", "scale-up")
_SYSTEM_AXES_EN = {
    "total.bf16": "Dense BF16 compute per domain",
    "memory_per_domain": "HBM per domain",
    "tflops_per_kw": "Dense BF16 TFLOPS per kW",
    "domain.size": "Chips in one scale-up domain",
    "scale_up": "Scale-up bandwidth per chip",
}


def _system_words(key: str, lang: str) -> str:
    """An axis name of a system chart in ``lang``."""
    return _SYSTEM_AXES_EN[key] if lang == "en" else i18n.label(key, lang)


def _decades(ax: Axes) -> None:
    """A log x axis ticked at powers of ten, labelled as plain numbers."""
    from matplotlib import ticker

    ax.set_xscale("log")
    ax.xaxis.set_major_locator(ticker.LogLocator(base=10))
    ax.xaxis.set_minor_formatter(ticker.NullFormatter())
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))


def plot_systems(
    systems: Sequence[Any],
    kind: str,
    *,
    lang: str = "en",
    size: tuple[float, float] | None = None,
    dpi: float | None = None,
    vendors: Mapping[str, Vendor] | None = None,
) -> Figure:
    """Draw a chart of systems (``chipspec systems --plot KIND``).

    ``domain`` sets dense BF16 compute and HBM per scale-up domain side by side (one bar
    per system, log scale); ``per-kw`` ranks BF16 TFLOPS per kW of published power;
    ``scale-up`` places scale-up bandwidth per chip against domain size. Systems a chart
    cannot place are named, with what they lack, under it.

    Raises:
        UnknownNameError: an unknown kind or language.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from ..system import compare_systems

    if kind not in SYSTEM_CHART_KINDS:
        raise UnknownNameError("system chart kind", kind, suggest(kind, SYSTEM_CHART_KINDS))
    i18n.check_language(lang)
    if vendors is None:
        from ..load import bundled_vendors

        vendors = bundled_vendors()
    comparison = compare_systems(systems)
    lang, families = _choose_language(lang)
    needs = {"domain": ("total.bf16", "memory_per_domain"), "per-kw": ("tflops_per_kw",)}.get(
        kind, ("domain.size", "scale_up")
    )
    drawn = [i for i, n in enumerate(comparison.numbers) if all(n[k] is not None for k in needs)]
    lacking = [
        f"{comparison.systems[i].name} ({', '.join(i18n.label(k, lang) for k in needs if n[k] is None)})"
        for i, n in enumerate(comparison.numbers)
        if i not in drawn
    ]
    with _settings({**_BUILD_RC, "font.family": list(families)}):
        figure = Figure(figsize=size or _SIZE_IN, dpi=dpi or _DPI, layout="constrained")
        FigureCanvasAgg(figure)
        names = [comparison.systems[i].name for i in drawn]
        colours = [
            (vendors.get(comparison.systems[i].vendor) or Vendor(comparison.systems[i].vendor)).colour for i in drawn
        ]
        if kind == "domain":
            left, right = figure.subplots(1, 2, sharey=True)
            for ax, key in ((left, "total.bf16"), (right, "memory_per_domain")):
                values = [comparison.numbers[i][key] or 0.0 for i in drawn]
                ax.barh(names, values, color=colours)
                _decades(ax)
                unit = "PFLOPS" if key == "total.bf16" else "TB"
                ax.set_xlabel(f"{_system_words(key, lang)} ({unit})")
                ax.grid(axis="x", alpha=0.3)
            title = _phrase("Compute and memory per scale-up domain", lang)
        elif kind == "per-kw":
            ax = figure.add_subplot()
            order = sorted(drawn, key=lambda i: comparison.numbers[i]["tflops_per_kw"] or 0.0)
            ax.barh(
                [comparison.systems[i].name for i in order],
                [comparison.numbers[i]["tflops_per_kw"] or 0.0 for i in order],
                color=[
                    (vendors.get(comparison.systems[i].vendor) or Vendor(comparison.systems[i].vendor)).colour
                    for i in order
                ],
            )
            ax.set_xlabel(f"{_system_words('tflops_per_kw', lang)} (TFLOPS/kW)")
            ax.grid(axis="x", alpha=0.3)
            title = _phrase("Dense BF16 compute per kW of published system power", lang)
        else:
            ax = figure.add_subplot()
            x = [comparison.numbers[i]["domain.size"] or 0.0 for i in drawn]
            y = [comparison.numbers[i]["scale_up"] or 0.0 for i in drawn]
            ax.scatter(x, y, c=colours, s=60, edgecolors="0.2", zorder=3)
            # systems at (nearly) one point share a label: within a tenth of a decade across,
            # and 2% of the tallest bandwidth up
            step = max(y) / 50 if y else 1.0
            points: dict[tuple[int, int], tuple[float, float, list[str]]] = {}
            for xi, yi, name in zip(x, y, names, strict=True):
                near = (round(math.log10(xi) * 10), round(yi / step))
                points.setdefault(near, (xi, yi, []))[2].append(name)
            for xi, yi, together in points.values():
                ax.annotate(" / ".join(together), (xi, yi), textcoords="offset points", xytext=(6, 4), fontsize=9)
            ax.set_xscale("log")
            _decades(ax)
            ax.margins(x=0.15)
            ax.set_xlabel(_system_words("domain.size", lang))
            ax.set_ylabel(f"{_system_words('scale_up', lang)} (GB/s)")
            ax.grid(alpha=0.3)
            title = _phrase("Scale-up bandwidth per chip against domain size", lang)
        figure.suptitle(title)
        if lacking:
            figure.text(
                0.01, 0.005, f"{_phrase('not drawn (lacking): ', lang)}{'; '.join(lacking)}", fontsize=8, wrap=True
            )
    return figure
