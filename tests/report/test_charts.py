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

ROOT = Path(__file__).parent.parent.parent


def gallery() -> Any:
    spec = importlib.util.spec_from_file_location("chipspec_docs", ROOT / "tools" / "docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["chipspec_docs"] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", CHART_KINDS)
# SVG in the default run; PNG and PDF (the same drawing, another backend) in the full one.
@pytest.mark.parametrize(
    "ext", [".svg", pytest.param(".png", marks=pytest.mark.slow), pytest.param(".pdf", marks=pytest.mark.slow)]
)
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
    # the text's own box as rendered, without the leader line an annotation may draw
    return [(note, Text.get_window_extent(note, renderer), point) for note, point, _ in placed_labels(figure).labels]


def crosses(a0: np.ndarray, a1: np.ndarray, b0: np.ndarray, b1: np.ndarray) -> bool:
    def side(p: np.ndarray, q: np.ndarray, r: np.ndarray) -> float:
        return float((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))

    return side(b0, b1, a0) * side(b0, b1, a1) < 0 and side(a0, a1, b0) * side(a0, a1, b1) < 0


def check_labels(figure: Any) -> None:
    """On the rendered text extents: no two labels overlap, none covers a point, no leader
    line crosses another or runs under another label, and each label without a leader has
    its own point as the nearest point."""
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
    # leaders: from the point to the label's centre (its left edge's middle for a label in
    # a column, which is where its leader attaches), the part outside the label itself
    leaders = [
        (
            note,
            point,
            np.array([box.x0 if note.get_ha() == "left" else (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2]),
            box,
        )
        for note, box, point in boxes
        if note.arrow_patch is not None
    ]
    for i, (note_a, a0, a1, _) in enumerate(leaders):
        for note_b, b0, b1, _ in leaders[i + 1 :]:
            assert not crosses(a0, a1, b0, b1), (note_a.get_text(), note_b.get_text())
    for note, start, end, own_box in leaders:
        samples = start + (end - start) * np.linspace(0, 1, 200)[:, None]
        samples = samples[~np.array([own_box.contains(*p) for p in samples])]
        for other, box, _ in boxes:
            if other is not note:
                inside = (box.x0 < samples[:, 0]) & (samples[:, 0] < box.x1)
                inside &= (box.y0 < samples[:, 1]) & (samples[:, 1] < box.y1)
                assert not inside.any(), (note.get_text(), other.get_text())


def named_chips(figure: Any) -> list[str]:
    """Every chip a chart names: by a label at its point, or by a number and the key."""
    placed = placed_labels(figure)
    direct = [name for note, _, n in placed.labels if n is None for name in note.get_text().split("\n")]
    keyed = [name for _, text in placed.key for name in text.split(" / ")]
    numbers = sorted(int(note.get_text()) for note, _, n in placed.labels if n is not None)
    assert numbers == [n for n, _ in placed.key] == list(range(1, len(placed.key) + 1))
    footer = " ".join(t.get_text() for t in figure.texts).replace("\n    ", " ")
    assert all(f"{n} {text}" in footer for n, text in placed.key)
    return sorted(direct + keyed)


@pytest.mark.parametrize("name", ["scatter", "roofline", "export-map"])
def test_gallery_labels_never_overlap_and_sit_by_their_point(catalog: chipspec.Catalog, name: str) -> None:
    chart = next(c for c in gallery().CHARTS if c.kind == name)
    figure = plot(
        compare([catalog.get(c) for c in chart.chips], [], chart.precision), chart.kind, columns=chart.columns
    )
    check_labels(figure)
    assert not placed_labels(figure).unlabelled
    assert len(named_chips(figure)) == len(chart.chips) - chart.undrawn(catalog)  # every drawn chip named


@pytest.mark.slow  # the whole catalog; the gallery's charts are checked in the default run
@pytest.mark.parametrize("kind", ["scatter", "roofline", "export-map"])
def test_the_whole_catalog_names_every_chip_it_draws(catalog: chipspec.Catalog, kind: str) -> None:
    comparison = compare(catalog, [], "16bit")
    figure = plot(comparison, kind)
    check_labels(figure)
    assert not placed_labels(figure).unlabelled
    columns = {"scatter": ("memory.bandwidth", "compute"), "roofline": ("compute", "memory.bandwidth")}.get(
        kind, ("tpp", "performance_density")
    )
    drawn = [i for i in range(len(comparison.chips)) if all(comparison.column(c).known(i) for c in columns)]
    assert len(named_chips(figure)) == len(drawn)


def generated(n: int) -> list[chipspec.Spec]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_charts import generate

    chips: list[chipspec.Spec] = generate(n)
    return chips


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["scatter", "roofline", "export-map", "serving"])
def test_a_thousand_chips_are_labelled_numbered_or_counted_without_overlap(kind: str) -> None:
    chips = generated(1000)
    # a model every generated chip can hold (16 GB or more each): every chip is drawn
    serving = kind == "serving"
    comparison = chipspec.llm("llama-3.1-8b", chips, batch=8, weights="fp8") if serving else compare(chips, [], "bf16")
    figure = plot(comparison, kind)
    check_labels(figure)
    placed = placed_labels(figure)
    assert len(named_chips(figure)) + len(placed.unlabelled) == 1000
    if placed.unlabelled:
        said = (
            f"{len(placed.unlabelled)} more chip(s) drawn without a name: too crowded to name here; chart fewer chips"
        )
        assert any(said in t.get_text() for t in figure.texts)


@pytest.mark.slow
def test_a_crowded_chart_numbers_what_it_cannot_name() -> None:
    figure = plot(compare(generated(120), [], "bf16"), "scatter")
    check_labels(figure)
    placed = placed_labels(figure)
    assert placed.key and len(named_chips(figure)) + len(placed.unlabelled) == 120


@pytest.mark.slow
def test_a_bar_chart_of_many_chips_stays_bounded() -> None:
    figure = plot(compare(generated(1000), [], "bf16"), "bar")
    assert figure.get_figheight() * figure.dpi < 4000
    notes = " ".join(t.get_text() for t in figure.texts)
    assert "920 more chips not drawn (ranked 81 to 1000" in notes


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
        table = serving.column(figure).values
        # one dotted line per chip over the batches (1, 2, 4 ... 1024) that have a rate
        from matplotlib.collections import LineCollection

        collections = [c for c in drawn.axes[0].collections if isinstance(c, LineCollection)]
        dotted = [s for c in collections if c.get_gid() == "beyond-fit" for s in c.get_segments()]
        assert len(dotted) == len(serving.chips)
        at = []
        for segment in dotted:
            xs = np.asarray(segment[:, 0], dtype=float)
            if batch in xs:
                at.append(float(segment[int(np.flatnonzero(xs == batch)[0]), 1]))
        finite = [float(v) for v in table if np.isfinite(v)]
        assert sorted(at) == pytest.approx(sorted(finite), rel=1e-9)


def test_a_serving_chart_shows_every_line_whole(fakes: chipspec.Catalog) -> None:
    """The lines are collections; the axes still take them in, as they do a plotted line."""
    from matplotlib.collections import LineCollection

    drawn = plot(chipspec.llm("llama-3.1-8b", fakes, batch=4, context=2048), "serving")
    ax = drawn.axes[0]
    ys = np.concatenate([s[:, 1] for c in ax.collections if isinstance(c, LineCollection) for s in c.get_segments()])
    low, high = ax.get_ylim()
    assert ys.size and low <= ys.min() and ys.max() <= high


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


DOLLAR_NAMES = ("M$\\foo$", "A$x^2$B")


def dollar_chips() -> list[chipspec.Spec]:
    figures = {
        "memory__bandwidth": "3000 GB/s", "memory__capacity": "80 GB", "compute__bf16": "900 TFLOPS",
        "power__tdp": "700 W", "die_area": "800 mm^2", "interconnect__bandwidth": "900 GB/s",
    }  # fmt: skip
    return [make_chip(name, vendor=f"V{name}", **figures) for name in (*DOLLAR_NAMES, "plain")]


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_dollars_in_names_and_titles_are_drawn_literally(kind: str, tmp_path: Path) -> None:
    chips = dollar_chips()
    comparison = chipspec.llm("llama-3.1-8b", chips) if kind == "serving" else compare(chips, [], "bf16")
    figure = plot(comparison, kind, title="$\\foo$ and $x^2$")
    for ext in (".svg", ".png", ".pdf"):
        save(figure, tmp_path / f"chart{ext}")  # mathtext would raise on "$\foo$"
    svg = (tmp_path / "chart.svg").read_text()
    for text in (*DOLLAR_NAMES, "$\\foo$ and $x^2$", "VA$x^2$B"):
        assert text in svg  # as typed, not "Ax²B"


def test_a_title_that_is_not_text_is_a_usage_error(fakes: chipspec.Catalog) -> None:
    with pytest.raises(UsageError) as info:
        plot(compare(fakes, []), "bar", title="caf\udce9")
    assert str(info.value) == "the title 'caf\\udce9' is not valid text (a lone surrogate: bytes that were not UTF-8)"


@pytest.mark.parametrize(
    "command",
    [["plot", "bar", "-o", "{out}.svg"], pytest.param(["report", "-o", "{out}.html"], marks=pytest.mark.slow)],
)
def test_titles_under_the_c_locale(tmp_path: Path, command: list[str]) -> None:
    import os
    import subprocess

    from tests.conftest import CHIPS

    argv = [a.format(out=tmp_path / "out") for a in command]
    base = [sys.executable, "-m", "chipspec", *argv, "--specs", str(CHIPS), "--no-bundled", "--title"]
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    good = subprocess.run([*base, "café 芯片 $x$"], capture_output=True, env=env, timeout=120)
    assert good.returncode == 0, good.stderr
    assert "café 芯片 $x$" in next(tmp_path.iterdir()).read_text(encoding="utf-8")
    bad = subprocess.run([*base, b"caf\xe9"], capture_output=True, env=env, timeout=120)
    assert bad.returncode == 2
    assert (
        bad.stderr.decode()
        .splitlines()[-1]
        .endswith("error: argument --title: not UTF-8 text (byte 0xe9); give it in UTF-8")
    )


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_every_word_on_a_chinese_chart_is_chinese(catalog: chipspec.Catalog, kind: str) -> None:
    """Latin letters only in units, precision and model names, rule ids, the product's own
    name and version, and chip names' Latin parts."""
    import re

    from matplotlib.text import Text

    from chipspec import i18n
    from chipspec.report.charts import _find_cjk_font

    if _find_cjk_font() is None:
        pytest.skip("no CJK font installed (CI installs fonts-wqy-microhei)")
    chips = [catalog.get(c) for c in ("h20", "910b", "mi300x", "a800", "h100-sxm", "910c", "mlu370-x8")]
    comparison = chipspec.llm("llama-3.1-70b", chips) if kind == "serving" else compare(chips, [], "16bit")
    figure = plot(comparison, kind, lang="zh")
    figure.canvas.draw()
    texts = [a.get_text() for a in figure.findobj(Text) if isinstance(a, Text)]
    word = r"[A-Za-z][A-Za-z0-9.\-]*"
    allowed = {w for chip in chips for w in re.findall(word, i18n.chip_label(chip, "zh"))}
    allowed |= {"W", "GB", "s", "TFLOPS", "FLOP", "B", "mm", "TPP", "tokens", "BF16", "FP16", "KV", "A090", "A090.a"}
    allowed |= {"A090.b", "b", "chipspec", "dev0", "Llama-3.1-70B"}
    latin = {w for text in texts for w in re.findall(word, text)} - allowed
    assert not latin, latin


@pytest.mark.slow
@pytest.mark.parametrize("column", ["tokens_per_second_per_chip", "calibrated_tokens_per_second_per_chip"])
def test_an_llm_bar_chart_in_chinese_words_its_scenario_and_reasons(catalog: chipspec.Catalog, column: str) -> None:
    """``chipspec llm ... --plot FILE --kind bar --lang zh``: the lens's scenario in the
    subtitle and its reasons in the not-drawn note are Chinese (they were English)."""
    import re

    from matplotlib.text import Text

    from chipspec import i18n
    from chipspec.report.charts import _find_cjk_font

    if _find_cjk_font() is None:
        pytest.skip("no CJK font installed (CI installs fonts-wqy-microhei)")
    chips = [catalog.get(c) for c in ("h20", "910b", "mi300x", "h100-sxm", "910c", "mlu370-x8")]
    serving = chipspec.llm("llama-3.1-70b", chips, group_size=2, prompt=1000, generate=200)
    figure = plot(serving, "bar", columns=[column], lang="zh")
    texts = [a.get_text() for a in figure.findobj(Text)]
    assert any("Llama-3.1-70B，批量 1，上下文 1,200 词元，权重 BF16，每组 2 颗芯片；屋顶线上界" in t for t in texts), (
        texts
    )
    word = r"[A-Za-z][A-Za-z0-9.\-]*"
    allowed = {w for chip in chips for w in re.findall(word, i18n.chip_label(chip, "zh"))}
    allowed |= {"tokens", "s", "BF16", "KV", "chipspec", "dev0", "Llama-3.1-70B", "measured.bf16", "measured.memory"}
    assert {w for t in texts for w in re.findall(word, t)} - allowed == set()


def test_one_record_per_chart_kind_feeds_help_checks_and_the_report() -> None:
    from chipspec.cli import build_parser
    from chipspec.report.html import REPORT_CHARTS
    from chipspec.report.kinds import KINDS, REPORT_KINDS, columns_help

    assert columns_help() == "bar 1, scatter 2, roofline none, radar 3-8, export-map none, measured 1"
    import argparse

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    plot_help = " ".join(commands.choices["plot"].format_help().split())
    assert f"columns to draw: {columns_help()}" in plot_help
    assert [kind for kind, _, _ in REPORT_CHARTS] == list(REPORT_KINDS) == ["bar", "scatter", "roofline", "export-map"]
    assert KINDS["roofline"].figures() == ("compute", "memory.bandwidth")
    assert KINDS["bar"].figures(("tflops_per_watt",)) == ("tflops_per_watt",)


def test_the_gallery_serving_chart_names_every_line_in_a_column(catalog: chipspec.Catalog) -> None:
    docs = gallery()
    sc = next(c for c in docs.LLM_CHARTS if c.kind == "serving")
    chips = [catalog.get(c) for c in docs.LLM_CHIPS]
    serving = chipspec.llm(sc.model, chips, batch=sc.batch, context=sc.context, group_size=sc.group_size)
    figure = plot(serving, "serving", columns=[sc.figure])
    check_labels(figure)
    drawn = sum(serving.column(sc.figure).known(i) for i in range(len(chips)))
    assert len(named_chips(figure)) == drawn and not placed_labels(figure).unlabelled
    lefts = {round(box.x0) for _, box, _ in label_boxes(figure)}
    assert len(lefts) == 1  # one column
