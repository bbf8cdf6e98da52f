"""Charts: every kind renders deterministically, labels never overlap and sit by their own
point, vendor colours are fixed, flags are marked, and impossible requests are refused."""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import chipspec
from chipspec import UsageError
from chipspec.comparison import compare
from chipspec.report.charts import CHART_KINDS, ChipspecWarning, placed_labels, plot, save
from tests.strategies import make_chip

ROOT = Path(__file__).parent.parent


def gallery() -> Any:
    spec = importlib.util.spec_from_file_location("chipspec_docs", ROOT / "tools" / "docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["chipspec_docs"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", CHART_KINDS)
@pytest.mark.parametrize("ext", [".svg", ".png", ".pdf"])
def test_every_kind_renders_the_same_bytes_twice(fakes: chipspec.Catalog, kind: str, ext: str, tmp_path: Path) -> None:
    comparison = compare(fakes, [], "bf16")
    if kind == "serving":
        comparison = chipspec.llm("llama-3.1-8b", fakes, batch=4, context=2048)
    figure = plot(comparison, kind)
    save(figure, tmp_path / f"a{ext}")
    save(plot(comparison, kind), tmp_path / f"b{ext}")
    assert (tmp_path / f"a{ext}").read_bytes() == (tmp_path / f"b{ext}").read_bytes()


def label_boxes(figure: Any) -> list[tuple[Any, Any, np.ndarray]]:
    from matplotlib.text import Text

    figure.canvas.draw()  # annotations know where their text is once drawn
    renderer = figure.canvas.get_renderer()
    # the text's own box, without the leader line an annotation may draw
    return [(note, Text.get_window_extent(note, renderer), point) for note, point in placed_labels(figure)]


def check_labels(figure: Any) -> None:
    """No two labels overlap, none covers a point, and each label's own point is the
    nearest point to it unless a leader line joins them."""
    boxes = label_boxes(figure)
    points = np.array([p for _, _, p in boxes]).reshape(-1, 2)
    for i, (note_a, a, _) in enumerate(boxes):
        for note_b, b, _ in boxes[i + 1 :]:
            assert not a.overlaps(b) or min(a.x1, b.x1) - max(a.x0, b.x0) < 0.5, (note_a.get_text(), note_b.get_text())
    for note, box, own in boxes:
        dx = np.maximum.reduce([box.x0 - points[:, 0], np.zeros(len(points)), points[:, 0] - box.x1])
        dy = np.maximum.reduce([box.y0 - points[:, 1], np.zeros(len(points)), points[:, 1] - box.y1])
        distance = np.hypot(dx, dy)
        mine = np.hypot(max(box.x0 - own[0], 0, own[0] - box.x1), max(box.y0 - own[1], 0, own[1] - box.y1))
        assert distance.min() > 0, note.get_text()  # covers no point
        if note.arrow_patch is None:
            assert mine <= distance.min() + 1e-6, note.get_text()  # its own point is the nearest


@pytest.mark.parametrize("name", ["scatter", "roofline", "export-map"])
def test_gallery_labels_never_overlap_and_sit_by_their_point(catalog: chipspec.Catalog, name: str) -> None:
    chart = next(c for c in gallery().CHARTS if c.kind == name)
    figure = plot(
        compare([catalog.get(c) for c in chart.chips], [], chart.precision), chart.kind, columns=chart.columns
    )
    check_labels(figure)
    assert len(placed_labels(figure)) == len(chart.chips) - chart.undrawn(catalog)  # every drawn chip labelled


@pytest.mark.slow
def test_a_thousand_chip_scatter_renders_without_overlap() -> None:
    rng = np.random.default_rng(7)
    chips = [
        make_chip(
            f"c{i:04d}",
            vendor=f"V{i % 9}",
            memory__bandwidth=f"{rng.uniform(200, 8000):.1f} GB/s",
            compute__bf16=f"{rng.uniform(50, 2500):.1f} TFLOPS",
        )
        for i in range(1000)
    ]
    figure = plot(compare(chips, []), "scatter")
    check_labels(figure)


def test_vendor_colours_are_fixed(catalog: chipspec.Catalog) -> None:
    from matplotlib.colors import to_hex

    nvidia = catalog.vendors["NVIDIA"].colour.lower()
    for chips in (["h20", "a800"], ["h20", "910b", "mi300x", "br104p"]):
        c = compare(chips, [], catalog=catalog)
        bar = plot(c, "bar")
        colours = {to_hex(p.get_facecolor()) for p in bar.axes[0].patches}
        assert nvidia in colours
        scatter = plot(c, "scatter")
        lines = [
            to_hex(line.get_color())
            for line in scatter.axes[0].get_lines()
            if line.get_marker() == "o" and line.get_linestyle() == "None"
        ]
        assert nvidia in lines


def test_flagged_values_are_marked(fakes: chipspec.Catalog) -> None:
    figure = plot(compare(fakes, [], "bf16"), "bar", columns=["bandwidth_per_watt"])
    labels = [t.get_text() for t in figure.axes[0].texts]
    assert "4*" in labels  # fake-alpha rests on its disputed power
    notes = " ".join(t.get_text() for t in figure.texts)
    assert "marks: * sources disagree" in notes


def test_source_line_names_the_catalog_date(fakes: chipspec.Catalog) -> None:
    from chipspec.version import CATALOG_DATE

    figure = plot(compare(fakes, [], "bf16"), "roofline")
    assert any(f"chipspec catalog {CATALOG_DATE}" in t.get_text() for t in figure.texts)


def test_title_size_and_dpi(fakes: chipspec.Catalog, tmp_path: Path) -> None:
    figure = plot(compare(fakes, [], "bf16"), "scatter", title="My chart", size=(8, 5), dpi=100)
    assert figure.get_suptitle() == "My chart" and figure.get_figwidth() == 8 and figure.dpi == 100
    with pytest.raises(UsageError, match="chart size"):
        plot(compare(fakes, []), "bar", size=(100, 5))


def test_radar_refuses_more_than_eight_chips(catalog: chipspec.Catalog) -> None:
    with pytest.raises(UsageError, match="at most 8"):
        plot(compare(list(catalog)[:9], []), "radar")


@pytest.mark.parametrize(
    ("kind", "columns", "message"),
    [
        ("roofline", ["power.tdp"], "a roofline chart takes no columns"),
        ("export-map", ["tpp"], "an? export-map chart takes no columns"),
        ("scatter", ["power.tdp"], "a scatter chart takes exactly 2 columns"),
        ("bar", ["memory.type"], "cannot chart the text field 'memory.type'"),
    ],
)
def test_columns_a_kind_does_not_take_are_refused(
    fakes: chipspec.Catalog, kind: str, columns: list[str], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        plot(compare(fakes, []), kind, columns=columns)


def test_chinese_without_a_cjk_font_warns_and_draws_english(
    fakes: chipspec.Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chipspec.report import charts

    monkeypatch.setattr(charts, "_find_cjk_font", lambda: None)
    with pytest.warns(ChipspecWarning, match="no CJK font found"):
        figure = plot(compare(fakes, []), "bar", lang="zh")
    assert figure.get_suptitle() == "Memory bandwidth per watt"


def test_chinese_chart_with_a_cjk_font(fakes: chipspec.Catalog) -> None:
    from chipspec.report.charts import _find_cjk_font

    if _find_cjk_font() is None:
        pytest.skip("no CJK font installed (CI installs fonts-wqy-microhei)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = plot(compare(fakes, []), "bar", lang="zh")
    assert figure.get_suptitle() == "每瓦显存带宽"


def test_a_serving_chart_needs_a_serving_estimate(fakes: chipspec.Catalog) -> None:
    with pytest.raises(chipspec.UsageError, match="chipspec llm"):
        plot(compare(fakes, [], "bf16"), "serving")
    with pytest.raises(chipspec.UsageError, match="does not change with batch"):
        plot(chipspec.llm("llama-3.1-8b", fakes), "serving", columns=["max_batch"])


@pytest.mark.parametrize("figure", ["ttft", "tokens_per_second_per_chip"])
def test_a_serving_chart_draws_the_tables_figures(fakes: chipspec.Catalog, figure: str) -> None:
    # A short prompt and a long generation: TTFT depends on the prompt, decode on the context.
    for batch in (1, 8):
        serving = chipspec.llm("llama-3.1-8b", fakes, batch=batch, prompt=100, generate=4000)
        drawn = plot(serving, "serving", columns=[figure])
        x = np.log2(batch).astype(int)  # the x axis is 1, 2, 4 ... 1024
        table = serving.column(figure).values
        lines = [
            np.asarray(line.get_ydata(), dtype=float) for line in drawn.axes[0].lines if np.size(line.get_xdata()) == 11
        ]
        finite = [float(v) for v in table if np.isfinite(v)]
        assert sorted(float(y[x]) for y in lines) == pytest.approx(sorted(finite), rel=1e-9)


def test_docs_check_ignores_only_floating_point_noise_in_drawings() -> None:
    same = gallery().same_output
    svg = Path("chart.svg")
    drawn = b'<path d="M 62.003052 320.970463" clip-path="url(#p9d165716c9)"/><text>0.78 GB/s/W</text>'
    noisy = b'<path d="M 62.003053 320.970463" clip-path="url(#pc660f8949c)"/><text>0.78 GB/s/W</text>'
    assert same(svg, drawn, noisy)
    assert not same(svg, drawn, drawn.replace(b"62.003052", b"62.5"))  # a point that moved
    assert not same(svg, drawn, drawn.replace(b"GB/s/W", b"GB/s"))  # any text that changed
    assert not same(svg, drawn, drawn.replace(b"0.78", b"0.785"))  # numbers outside geometry are exact
    assert not same(svg, drawn, drawn + b"<path/>")
    assert not same(Path("llm.md"), b"62.003052", b"62.003053")  # pages must match exactly
    assert not same(svg, None, drawn)
