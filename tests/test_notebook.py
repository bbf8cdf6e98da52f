"""What a notebook shows (issue 20): every result renders as the table its command prints,
as HTML (``_repr_html_``) and as text (``str``, ``table()``), flags and footnotes included;
DataFrames keep field-path names, units and flags; one chip is accepted where chips are."""

from __future__ import annotations

import pytest

import chipspec
from chipspec.lenses.export_control.classify import ExportResults
from chipspec.report.views import chip_view, compare_view, render_view
from tests.strategies import make_chip


def test_one_chip_name_is_a_chip_not_its_letters() -> None:
    assert [c.id for c in chipspec.compare("h20").chips] == ["nvidia-h20"]
    h20 = chipspec.load_catalog().get("h20")
    assert [c.id for c in chipspec.compare(h20).chips] == ["nvidia-h20"]
    assert [r.chip.id for r in chipspec.export_control("h20")] == ["nvidia-h20"]
    assert [c.id for c in chipspec.llm("llama-3.1-8b", "h20").chips] == ["nvidia-h20"]


def test_a_comparison_renders_its_table_with_flags_and_footnotes() -> None:
    c = chipspec.compare(["h20", "910b"], ["power.tdp", "bandwidth_per_watt"])
    text = c.table()
    assert text == render_view(compare_view(c), "terminal", 100, "python") == str(c)
    assert "400*" in text and "* NVIDIA H20, power.tdp: 400 W; also published" in text
    assert repr(c).splitlines()[0] == "<Comparison of 2 chips at 16bit: power.tdp, bandwidth_per_watt>"
    assert repr(c).splitlines()[1:] == text.splitlines()
    page = c._repr_html_()
    assert page.startswith("<table>") and "<td>NVIDIA H20" in page and "400*" in page
    assert '<ul class="footnotes">' in page and "<li>* NVIDIA H20, power.tdp: 400 W; also published" in page
    assert c.table("github").startswith("| chip ")
    ranked = c.table(rank="power.tdp")
    assert "#" in ranked.splitlines()[0]


def test_html_escapes_names() -> None:
    chip = make_chip("evil", vendor="<b>", name="<script>x</script>", power__tdp="400 W")
    page = chipspec.compare([chip], ["power.tdp"])._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_rankings_scores_and_fronts_render_their_tables() -> None:
    c = chipspec.compare(["h20", "910b", "mi300x"], ["power.tdp"])
    ranking = c.rank("memory.bandwidth")
    assert repr(ranking).startswith("<Ranking by memory.bandwidth (higher is better), 3 chips>\nchip")
    assert str(ranking) == c.table(rank="memory.bandwidth")
    assert "<table>" in ranking._repr_html_() and "MemBW" not in ranking._repr_html_()  # HTML: full names
    scoring = c.score({"bandwidth_per_watt": 2, "ridge_point": -1})
    assert str(scoring) == c.table(score={"bandwidth_per_watt": 2, "ridge_point:lower": 1})
    assert repr(scoring).startswith("Scoring(weights={'bandwidth_per_watt': 2, 'ridge_point': 1}, 3 rows)\nchip")
    assert "score" in scoring._repr_html_()
    front = c.pareto(["memory.bandwidth", "ridge_point:lower"])
    assert str(front) == c.table(pareto=["memory.bandwidth", "ridge_point:lower"])
    assert "front" in front._repr_html_()


def test_a_spec_renders_the_show_table() -> None:
    h20 = chipspec.load_catalog().get("h20")
    assert h20.table() == render_view(chip_view(h20), "terminal", 100, "python")
    page = h20._repr_html_()
    assert "<td>power.tdp" in page and "400 W*" in page and "<li>* power.tdp:" in page


def test_export_and_serving_results_render_their_tables() -> None:
    results = chipspec.export_control(["h20", "910b"], as_of="2025-06-01")
    assert isinstance(results, list) and len(results) == 2  # still a list of ExportResult
    assert isinstance(results, ExportResults)
    assert "us-3a090-2023" in results._repr_html_() and "license required" in str(results)
    assert repr(results).startswith("<export-control readings of 2 chips as of 2025-06-01>\n")
    serving = chipspec.llm("llama-3.1-8b", ["h20", "910b"])
    assert "<table>" in serving._repr_html_() and "Llama" in serving._repr_html_()
    assert "Fits" in str(serving) and "NVIDIA H20" in str(serving)


def test_a_dataframe_keeps_names_units_and_flags() -> None:
    pytest.importorskip("pandas")
    df = chipspec.compare(["h20", "910b"], ["power.tdp", "compute", "memory.type"]).to_dataframe()
    assert list(df.columns) == ["name", "vendor", "power.tdp", "compute.16bit", "memory.type"]
    assert df["power.tdp"]["nvidia-h20"] == 400.0
    assert df.attrs["units"] == {"power.tdp": "W", "compute.16bit": "TFLOPS", "memory.type": ""}
    assert df.attrs["flags"]["power.tdp"] == {"nvidia-h20": ["disputed"], "huawei-ascend-910b": ["disputed"]}
    assert df.attrs["precision_used"] == {"nvidia-h20": "bf16", "huawei-ascend-910b": "bf16"}
