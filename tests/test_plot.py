"""Charts: every kind renders to PNG and SVG with its title, axis labels, chip labels and
notes; errors are the documented ones; output is byte for byte reproducible; matplotlib
is loaded only when a chart is drawn."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

import chipspec
from chipspec import i18n
from chipspec.rank import relative_to_best
from chipspec.report import plot as plot_module
from chipspec.report.plot import CHART_KINDS, DEFAULT_METRICS, ChipspecWarning, plot, save

SEED = ["thead-ppu", "nvidia-a800", "nvidia-h20", "huawei-ascend-910b", "biren-br104p", "nvidia-h100-sxm", "amd-mi300x"]
# the columns a chart needs from every chip it draws
NEEDS = {
    "bar": DEFAULT_METRICS["bar"],
    "scatter": DEFAULT_METRICS["scatter"],
    "roofline": ("compute", "memory.bandwidth"),
    "radar": DEFAULT_METRICS["radar"],
    "export-map": ("tpp", "performance_density"),
}
# what the note says the PPU lacks, per kind
PPU_NOTE = {
    "bar": "T-Head PPU (missing memory.bandwidth)",
    "scatter": "T-Head PPU (missing memory.bandwidth, compute.bf16)",
    "roofline": "T-Head PPU (missing compute.bf16, memory.bandwidth)",
    "radar": "T-Head PPU (missing memory.bandwidth, compute.bf16)",
    "export-map": "T-Head PPU (missing compute.*, die_area)",
}


@pytest.fixture(scope="module")
def seed(catalog: chipspec.Catalog) -> chipspec.Comparison:
    return chipspec.compare([catalog.get(c) for c in SEED], [])


@pytest.fixture(scope="module")
def figures(seed: chipspec.Comparison) -> dict[str, Figure]:
    return {kind: plot(seed, kind) for kind in CHART_KINDS}


def svg_texts(path: Path) -> list[str]:
    """Every text of an SVG written with svg.fonttype none, one string per <text> element."""
    root = ET.parse(path).getroot()
    return ["".join(e.itertext()).strip() for e in root.iter("{http://www.w3.org/2000/svg}text")]


def axis_labels(figure: Figure) -> list[str]:
    ax = figure.axes[0]
    if ax.name == "polar":
        return [t.get_text() for t in ax.get_xticklabels()]
    return [ax.get_xlabel()] + ([ax.get_ylabel()] if ax.get_ylabel() else [])


def computable(comparison: chipspec.Comparison, kind: str) -> tuple[list[str], list[str]]:
    """English labels of the chips a chart can draw, and of those it cannot."""
    known = np.all([np.isfinite(comparison.column(n).values) for n in NEEDS[kind]], axis=0)
    labels = [i18n.chip_label(c) for c in comparison.chips]
    return [n for n, k in zip(labels, known, strict=True) if k], [
        n for n, k in zip(labels, known, strict=True) if not k
    ]


def footer(figure: Figure) -> str:
    """The notes and the source line: the figure's texts but its title."""
    return "\n".join(t.get_text() for t in figure.texts if t.get_text() != figure.get_suptitle())


# --- every kind ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_each_kind_renders_png_and_svg(
    kind: str, seed: chipspec.Comparison, figures: dict[str, Figure], tmp_path: Path
) -> None:
    figure = figures[kind]
    png, svg = tmp_path / f"{kind}.png", tmp_path / f"{kind}.svg"
    save(figure, png)
    save(figure, svg)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert svg.stat().st_size > 0
    texts = svg_texts(svg)
    assert figure.get_suptitle() in texts
    labels = axis_labels(figure)
    assert labels
    for line in (line for label in labels for line in label.split("\n")):
        assert line in texts, line
    drawn, lacking = computable(seed, kind)
    assert drawn and lacking
    for name in drawn:
        assert name in texts, name
    note = footer(figure)
    assert PPU_NOTE[kind] in note
    assert all(name in note for name in lacking)
    assert not any(name in note for name in drawn)


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_text_is_dejavu_even_under_a_users_rc(kind: str, seed: chipspec.Comparison, tmp_path: Path) -> None:
    plain = tmp_path / "plain.svg"
    save(plot(seed, kind), plain)
    hostile = tmp_path / "hostile.svg"
    rc = {"font.family": "serif", "font.size": 6, "svg.hashsalt": None, "figure.dpi": 50, "lines.linewidth": 9}
    with mpl.rc_context(rc):
        save(plot(seed, kind), hostile)
    assert hostile.read_bytes() == plain.read_bytes()
    assert set(re.findall(r"font-family: ([^;\"]+)", plain.read_text())) == {"'DejaVu Sans'"}


def test_default_titles(figures: dict[str, Figure]) -> None:
    assert figures["bar"].get_suptitle() == "Bandwidth per watt"
    assert figures["scatter"].get_suptitle() == "Compute vs memory bandwidth"
    assert figures["roofline"].get_suptitle() == "Roofline (bf16)"
    assert figures["radar"].get_suptitle() == "Each metric relative to the best chip (best = 1)"
    assert figures["export-map"].get_suptitle() == "US 3A090 (2023): TPP against performance density"


def test_export_map_carries_the_notice(figures: dict[str, Figure]) -> None:
    assert "Informational reading of public rules; not legal advice." in footer(figures["export-map"])


def test_title_argument(seed: chipspec.Comparison) -> None:
    assert plot(seed, "bar", title="Seed chips").get_suptitle() == "Seed chips"


def test_source_line_dates_the_drawn_chips(figures: dict[str, Figure]) -> None:
    # the PPU (released 2026-01) is not drawn, so H20's 2024 is the newest
    assert footer(figures["bar"]).startswith("data: chipspec catalog, newest release 2024\n")


def test_source_line_without_release_dates(catalog: chipspec.Catalog) -> None:
    undated = [
        c
        for c in catalog
        if c.released is None and np.isfinite(chipspec.compare([c], []).column("bandwidth_per_watt").values[0])
    ]
    if not undated:
        pytest.skip("every catalog chip with a bandwidth per watt has a release date")
    figure = plot(chipspec.compare(undated, []), "bar")
    assert footer(figure).split("\n")[0] == "data: chipspec catalog"


# --- bar -------------------------------------------------------------------------------


def test_bar_is_sorted_best_first_with_value_labels(figures: dict[str, Figure]) -> None:
    ax = figures["bar"].axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "NVIDIA H20",
        "AMD Instinct MI300X",
        "NVIDIA A800 80GB SXM",
        "NVIDIA H100 SXM",
        "Biren Technology BR104P",
    ]
    values = [t.get_text() for t in ax.texts]
    assert values[:2] == ["10.00", "7.067"]
    assert ax.get_xlabel() == f"{i18n.label('bandwidth_per_watt')} (GB/s/W)"


def test_bar_of_a_lower_is_better_metric(seed: chipspec.Comparison) -> None:
    ax = plot(seed, "bar", metrics=["ridge_point"]).axes[0]
    assert ax.get_xlabel() == f"{i18n.label('ridge_point')} (FLOP/B, bf16), lower is better"
    assert ax.get_yticklabels()[0].get_text() == "NVIDIA H20"  # 37 FLOP/B, the lowest


def test_vendor_colours_follow_sorted_vendor_names(seed: chipspec.Comparison) -> None:
    reordered = chipspec.compare(list(reversed(seed.chips)), [])
    for comparison in (seed, reordered):
        ax = plot(comparison, "bar").axes[0]
        colours = {t.get_text(): bar.get_facecolor() for t, bar in zip(ax.get_yticklabels(), ax.patches, strict=True)}
        # AMD, Biren Technology, Huawei, NVIDIA, T-Head: NVIDIA is fourth
        assert colours["NVIDIA H20"] == to_rgba("#F0E442")
        assert colours["AMD Instinct MI300X"] == to_rgba("#E69F00")
        assert colours["Biren Technology BR104P"] == to_rgba("#56B4E9")


@pytest.mark.parametrize(
    ("value", "text"),
    [(10.0, "10.00"), (7.0666667, "7.067"), (0.0625, "0.06250"), (123456.7, "123500"), (999.96, "1000"),
     (2.5e6, "2.5e+06"), (0.0, "0")],
)  # fmt: skip
def test_value_labels_have_four_significant_digits(value: float, text: str) -> None:
    assert plot_module._format_value(value) == text


# --- scatter ---------------------------------------------------------------------------


def test_scatter_labels_do_not_overlap(figures: dict[str, Figure]) -> None:
    figure = figures["scatter"]
    renderer = figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in figure.axes[0].texts]
    assert len(boxes) == 5
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    frame = figure.axes[0].get_window_extent(renderer)
    assert all(frame.contains(b.x0, b.y0) and frame.contains(b.x1, b.y1) for b in boxes)


def test_scatter_draws_the_pareto_front(seed: chipspec.Comparison, figures: dict[str, Figure]) -> None:
    figure = figures["scatter"]
    assert "Pareto front" in [t.get_text() for t in figure.legends[0].get_texts()]
    front = seed.pareto(["memory.bandwidth", "compute"]).front
    line = next(ln for ln in figure.axes[0].get_lines() if ln.get_linestyle() == "--")
    bandwidth, compute = seed.column("memory.bandwidth").values, seed.column("compute").values
    expected = sorted((bandwidth[seed.chips.index(c)], compute[seed.chips.index(c)]) for c in front)
    assert np.allclose(np.column_stack(line.get_data()), expected)


# --- roofline --------------------------------------------------------------------------


def test_roofline_bends_at_the_ridge_point(seed: chipspec.Comparison, figures: dict[str, Figure]) -> None:
    ax = figures["roofline"].axes[0]
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert ax.get_xlabel() == "arithmetic intensity (FLOP/B)"
    assert ax.get_ylabel() == "attainable compute (TFLOPS, bf16)"
    dots = {(float(ln.get_xdata()[0]), float(ln.get_ydata()[0])) for ln in ax.get_lines() if len(ln.get_xdata()) == 1}
    ridge, peak = seed.column("ridge_point").values, seed.column("compute").values
    expected = {(float(r), float(p)) for r, p in zip(ridge, peak, strict=True) if np.isfinite(r)}
    assert dots == expected
    roofs = [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 1]
    assert sorted(float(ln.get_ydata().max()) for ln in roofs) == sorted(p for _, p in expected)
    assert all(ln.get_xdata()[0] == pytest.approx(0.1) and ln.get_xdata()[-1] == pytest.approx(1e4) for ln in roofs)


# --- radar -----------------------------------------------------------------------------


def test_radar_scores_each_metric_relative_to_the_best(seed: chipspec.Comparison, figures: dict[str, Figure]) -> None:
    ax = figures["radar"].axes[0]
    names = DEFAULT_METRICS["radar"]
    h20 = seed.chips.index(next(c for c in seed.chips if c.id == "nvidia-h20"))
    expected = [relative_to_best(seed.column(n).values, seed._direction(n))[h20] for n in names]
    markers = [ln for ln in ax.get_lines() if ln.get_linestyle() == "None"]
    drawn, _ = computable(seed, "radar")
    assert len(markers) == len(drawn)
    assert any(np.allclose(ln.get_ydata(), expected) for ln in markers)
    assert all(ln.get_ydata().max() <= 1.0 for ln in markers)
    assert [t.get_text().split("\n")[0] for t in ax.get_xticklabels()] == [i18n.label(n) for n in names]


# --- errors ----------------------------------------------------------------------------


def test_unknown_kind(seed: chipspec.Comparison) -> None:
    with pytest.raises(chipspec.UnknownNameError, match=r"unknown chart kind 'bars'; did you mean 'bar'\?") as err:
        plot(seed, "bars")
    assert err.value.kind == "chart kind"
    assert err.value.suggestions == ("bar",)


@pytest.mark.parametrize(
    ("kind", "metrics", "message"),
    [
        ("bar", ["compute", "memory.capacity"], "a bar chart takes exactly 1 metric, got 2 (compute, memory.capacity)"),
        ("scatter", ["compute"], "a scatter chart takes exactly 2 metrics, got 1 (compute)"),
        ("radar", ["compute", "power.tdp"], "a radar chart takes at least 3 metrics, got 2 (compute, power.tdp)"),
        ("bar", [], "a bar chart takes exactly 1 metric, got 0 (none)"),
    ],
)
def test_wrong_number_of_metrics(seed: chipspec.Comparison, kind: str, metrics: list[str], message: str) -> None:
    with pytest.raises(chipspec.ChipspecError) as err:
        plot(seed, kind, metrics=metrics)
    assert str(err.value) == message


def test_unknown_metric_and_text_field(seed: chipspec.Comparison) -> None:
    with pytest.raises(chipspec.UnknownNameError, match="unknown metric or field 'bandwith_per_watt'"):
        plot(seed, "bar", metrics=["bandwith_per_watt"])
    with pytest.raises(chipspec.ChipspecError, match=r"^cannot chart the text field 'memory\.type'$"):
        plot(seed, "scatter", metrics=["memory.type", "compute"])


def test_unknown_language(seed: chipspec.Comparison) -> None:
    with pytest.raises(chipspec.UnknownNameError, match="unknown language 'fr'"):
        plot(seed, "bar", lang="fr")


@pytest.mark.parametrize(
    ("name", "suggestions"),
    [("chart.jpg", (".png",)), ("chart.SVGZ", (".svg",)), ("chart.gif", (".png", ".svg")), ("chart", (".png", ".svg"))],
)
def test_bad_extension(figures: dict[str, Figure], tmp_path: Path, name: str, suggestions: tuple[str, ...]) -> None:
    with pytest.raises(chipspec.UnknownNameError) as err:
        save(figures["bar"], tmp_path / name)
    assert err.value.kind == "image format"
    assert err.value.name == Path(name).suffix
    assert err.value.suggestions == suggestions
    assert not (tmp_path / name).exists()


# --- determinism -----------------------------------------------------------------------


@pytest.mark.parametrize("ext", [".svg", ".png"])
@pytest.mark.parametrize("kind", CHART_KINDS)
def test_saving_twice_gives_the_same_bytes(
    kind: str, ext: str, seed: chipspec.Comparison, figures: dict[str, Figure], tmp_path: Path
) -> None:
    first, second, fresh = tmp_path / f"a{ext}", tmp_path / f"b{ext}", tmp_path / f"c{ext}"
    save(figures[kind], first)
    save(figures[kind], second)
    save(plot(seed, kind), fresh)
    assert first.read_bytes() == second.read_bytes() == fresh.read_bytes()


def test_svg_carries_no_date(figures: dict[str, Figure], tmp_path: Path) -> None:
    path = tmp_path / "bar.svg"
    save(figures["bar"], path)
    text = path.read_text()
    assert "<dc:date>" not in text
    assert "Matplotlib v" not in text


# --- languages -------------------------------------------------------------------------


def test_zh_without_a_cjk_font_warns_and_draws_english(
    seed: chipspec.Comparison, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plot_module, "_find_cjk_font", lambda: None)
    with pytest.warns(ChipspecWarning, match="no CJK font found"):
        figure = plot(seed, "bar", lang="zh")
    assert figure.get_suptitle() == "Bandwidth per watt"
    assert figure.axes[0].get_yticklabels()[0].get_text() == "NVIDIA H20"
    assert "not computable: " in footer(figure)
    assert "T-Head PPU (missing memory.bandwidth)" in footer(figure)


@pytest.mark.skipif(plot_module._find_cjk_font() is None, reason="no CJK font installed")
def test_zh_with_a_cjk_font(seed: chipspec.Comparison) -> None:
    figure = plot(seed, "bar", lang="zh")
    assert figure.get_suptitle() == i18n.label("bandwidth_per_watt", "zh")
    assert figure.axes[0].get_yticklabels()[0].get_text() == "英伟达 H20"
    assert "无法计算：" in footer(figure)


def test_fallback_precision_is_noted(catalog: chipspec.Catalog) -> None:
    comparison = chipspec.compare([catalog.get(c) for c in SEED], [], "fp8", fallback=True)
    fell = [i18n.chip_label(c) for c, f in zip(comparison.chips, comparison.fell_back, strict=True) if f]
    if not fell:
        pytest.skip("every seed chip has fp8 figures")
    assert "compute at another precision: " in footer(plot(comparison, "roofline"))


# --- imports ---------------------------------------------------------------------------


def test_chipspec_starts_without_matplotlib() -> None:
    code = "import sys, chipspec, chipspec.report.plot\nassert 'matplotlib' not in sys.modules, 'matplotlib imported'\n"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_drawing_never_touches_pyplot(tmp_path: Path) -> None:
    code = (
        "import sys, chipspec\n"
        "from chipspec.report.plot import plot, save\n"
        f"comparison = chipspec.compare({SEED!r}, [])\n"
        "for kind in ('bar', 'scatter', 'roofline', 'radar'):\n"
        f"    save(plot(comparison, kind), {str(tmp_path)!r} + '/' + kind + '.png')\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
