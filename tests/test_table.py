"""Tables: the report's chart 15 reproduced, number formatting, flags, footnotes, formats."""

from __future__ import annotations

import csv
import io
import json

import pytest

import chipspec
from chipspec.cli import main
from chipspec.report.table import FORMATS, build_table, format_number, render, transpose

SEED = ["thead-ppu", "nvidia-a800", "nvidia-h20", "huawei-ascend-910b", "biren-br104p"]
SEED_FIELDS = "memory.capacity,memory.type,interconnect.bandwidth,host.pcie,power.tdp"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def cells(text: str) -> list[list[str]]:
    """The rows of a 'simple' table (split on runs of two or more spaces)."""
    import re

    lines = [line for line in text.split("\n\n")[0].splitlines() if not set(line) <= {"-", " "}]
    return [re.split(r"\s{2,}", line.strip()) for line in lines]


def test_seed_table_as_the_report_printed_it_in_chinese() -> None:
    code, out, _ = run(
        "compare", *SEED, "--fields", SEED_FIELDS, "--prefer-source", "guojin-2026-03", "--transpose", "--lang", "zh"
    )
    assert code == 0
    assert cells(out) == [
        ["参数", "平头哥 PPU", "英伟达 A800 80GB SXM", "英伟达 H20", "昇腾 910B", "壁仞 104P"],
        ["显存容量 (GB)", "96", "80", "96", "64", "32"],
        ["显存类型", "HBM2e", "HBM2e", "HBM3", "HBM2*", "HBM2e"],
        ["片间带宽 (GB/s)", "700", "400", "900", "392", "256"],
        ["PCIe", "5.0 x16", "4.0 x16", "5.0 x16", "4.0 x16", "5.0 x16"],
        ["功耗 (W)", "400", "400", "550*", "350", "300"],
    ]
    footnotes = out.split("\n\n")[1].splitlines()
    assert footnotes[0].startswith("* 英伟达 H20, 功耗: 取自备选来源 guojin-2026-03; Report chart 15 gives 550*")
    assert footnotes[0].endswith("其他数据: 400 W (tweaktown-h20, smbom-h20)")
    assert footnotes[1].startswith("* 昇腾 910B, 显存类型: 取自备选来源 guojin-2026-03")
    assert len(footnotes) == 2


def test_seed_table_in_english_with_catalog_values() -> None:
    code, out, _ = run("compare", *SEED, "--fields", SEED_FIELDS, "--transpose")
    assert code == 0
    rows = cells(out)
    assert rows[0] == [
        "parameter",
        "T-Head PPU",
        "NVIDIA A800 80GB SXM",
        "NVIDIA H20",
        "Huawei Ascend 910B",
        "Biren Technology BR104P",
    ]
    assert rows[2] == ["memory.type", "HBM2e*", "HBM2e*", "HBM3*", "HBM2e*", "HBM2e*"]
    assert rows[5] == ["power.tdp (W)", "400*", "400*", "400*", "350*", "300*"]
    # the report's differing figures are footnoted
    assert "* NVIDIA H20, power.tdp: reported (tweaktown-h20, smbom-h20)" in out
    assert "other figures: 550 W (guojin-2026-03)" in out
    assert "other figures: HBM2 (guojin-2026-03)" in out


def test_seed_table_same_values_as_the_report_in_english() -> None:
    code, out, _ = run("compare", *SEED, "--fields", SEED_FIELDS, "--prefer-source", "guojin-2026-03", "--transpose")
    assert code == 0
    rows = cells(out)
    assert rows[1] == ["memory.capacity (GB)", "96", "80", "96", "64", "32"]
    assert rows[3] == ["interconnect.bandwidth (GB/s)", "700", "400", "900", "392", "256"]
    assert rows[5] == ["power.tdp (W)", "400", "400", "550*", "350", "300"]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (153.01618, "153"),
        (0.0270270, "0.02703"),
        (14000.0, "14000"),
        (5.0975, "5.098"),
        (10.0, "10"),
        (2039.0, "2039"),
        (63.01538, "63.02"),
        (0.37, "0.37"),
    ],
)
def test_significant_figures(value: float, text: str) -> None:
    assert format_number(value) == text


def test_not_computable_cells_and_footnotes() -> None:
    comparison = chipspec.compare(["thead-ppu", "nvidia-h20"], ["memory_per_tflops", "power.tdp"])
    table = build_table(comparison, flags=False)
    assert table.rows[0][:2] == ["T-Head PPU", "—"]
    assert table.footnotes == ["— T-Head PPU: not computable (memory_per_tflops), missing compute.bf16"]
    assert table.headers == ["chip", "memory_per_tflops (GB/TFLOPS)", "power.tdp (W)"]


def test_fallback_is_marked() -> None:
    comparison = chipspec.compare(["huawei-ascend-910b"], ["compute", "tflops_per_watt"], fallback=True)
    table = build_table(comparison, flags=False)
    assert table.rows[0] == ["Huawei Ascend 910B", "280†", "0.8†"]
    assert table.footnotes == ["† Huawei Ascend 910B: fell back to fp16 (bf16 unknown)"]


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "json"])
def test_every_format_renders(fmt: str) -> None:
    comparison = chipspec.compare(["nvidia-h20", "nvidia-a800"], ["bandwidth_per_watt"])
    text = render(build_table(comparison), fmt)
    assert "10" in text and "5.098" in text


def test_csv_is_plain() -> None:
    code, out, _ = run("compare", "h20", "a800", "--metrics", "bandwidth_per_watt", "--format", "csv", "--no-flags")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        ["chip", "bandwidth_per_watt (GB/s/W)"],
        ["NVIDIA H20", "10"],
        ["NVIDIA A800 80GB SXM", "5.098"],
    ]


def test_json_schema_is_stable() -> None:
    code, out, _ = run(
        "compare",
        "h20",
        "ppu",
        "--fields",
        "memory.type,power.tdp",
        "--metrics",
        "ridge_point",
        "--format",
        "json",
        "--sources",
    )
    assert code == 0
    data = json.loads(out)
    assert [set(r) for r in data] == [{"id", "name", "vendor", "memory.type", "power.tdp", "ridge_point"}] * 2
    h20, ppu = data
    assert h20["ridge_point"] == {"value": 37.0, "unit": "FLOP/B", "precision": "bf16"}
    assert h20["power.tdp"] == {
        "value": 400.0,
        "unit": "W",
        "source": ["tweaktown-h20", "smbom-h20"],
        "confidence": "reported",
    }
    assert ppu["ridge_point"] == {
        "value": None,
        "unit": "FLOP/B",
        "missing": ["compute.bf16", "memory.bandwidth"],
        "precision": None,
    }
    assert ppu["memory.type"]["value"] == "HBM2e"


def test_json_with_rank_score_pareto() -> None:
    _, out, _ = run("compare", "h20", "a800", "ppu", "--rank", "bandwidth_per_watt", "--format", "json")
    assert [(r["id"], r["rank"]) for r in json.loads(out)] == [
        ("nvidia-h20", 1),
        ("nvidia-a800", 2),
        ("thead-ppu", None),
    ]
    _, out, _ = run("compare", "h20", "a800", "--score", "bandwidth_per_watt=1,tflops_per_watt=1", "--format", "json")
    first = json.loads(out)[0]
    assert first["score"]["value"] == pytest.approx(sum(first["contributions"].values()))
    _, out, _ = run("compare", "h20", "a800", "--pareto", "bandwidth_per_watt,tflops_per_watt", "--format", "json")
    assert {r["id"]: r["pareto"] for r in json.loads(out)} == {"nvidia-h20": "front", "nvidia-a800": "front"}


def test_transpose_swaps_rows_and_columns() -> None:
    comparison = chipspec.compare(["nvidia-h20", "nvidia-a800"], ["power.tdp"])
    table = transpose(build_table(comparison, flags=False))
    assert table.headers == ["parameter", "NVIDIA H20", "NVIDIA A800 80GB SXM"]
    assert table.rows == [["power.tdp (W)", "400", "400"]]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["compare", "h2"], "chipspec: error: unknown chip 'h2'; did you mean 'nvidia-h20', 'nvidia-h200'?\n"),
        (
            ["compare", "h20", "--metrics", "ridge_pt"],
            "chipspec: error: unknown metric or field 'ridge_pt'; did you mean 'ridge_point'?\n",
        ),
        (
            ["compare", "h20", "--fields", "memory.bandwith"],
            "chipspec: error: unknown metric or field 'memory.bandwith'; did you mean 'memory.bandwidth'?\n",
        ),
        (["compare", "h20", "--format", "gird"], "chipspec: error: unknown format 'gird'; did you mean 'grid'?\n"),
        (
            ["compare", "h20", "--precision", "bf61"],
            "chipspec: error: unknown precision 'bf61'; did you mean 'bf16'?\n",
        ),
        (["compare", "--vendor", "nobody"], "chipspec: error: no chips to compare (check --vendor/--category)\n"),
        (
            ["compare", "h20", "--score", "ridge_point=x"],
            "chipspec: error: --score: expected metric=weight like 'bandwidth_per_watt=2', got 'ridge_point=x'\n",
        ),
        (
            ["compare", "h20", "--prefer-source", "guojin"],
            "chipspec: error: unknown source 'guojin'; did you mean 'guojin-2026-03'?\n",
        ),
    ],
)
def test_usage_errors_are_one_line_exit_2(argv: list[str], message: str) -> None:
    code, out, err = run(*argv)
    assert (code, out, err) == (2, "", message)


def test_rank_and_pareto_together_is_a_usage_error() -> None:
    code, _, err = run("compare", "--rank", "ridge_point", "--pareto", "ridge_point")
    assert code == 2 and "not allowed with argument" in err


def test_whole_catalog_filtered_by_vendor() -> None:
    code, out, _ = run("compare", "--vendor", "AMD", "--metrics", "bandwidth_per_watt", "--format", "csv", "--no-flags")
    assert code == 0
    names = [row[0] for row in csv.reader(io.StringIO(out))][1:]
    assert names and all(n.startswith("AMD") for n in names)


def test_sources_list_under_the_table() -> None:
    code, out, _ = run("compare", "h20", "--fields", "power.tdp", "--sources")
    assert code == 0
    assert "NVIDIA H20, power.tdp = 400 W: source: tweaktown-h20 — TweakTown" in out
    assert "other figures: 550 W (guojin-2026-03)" in out


def test_repr_html() -> None:
    html = chipspec.compare(["nvidia-h20"], ["ridge_point"])._repr_html_()
    assert "<th>ridge_point (FLOP/B)</th>" in html and "<td>37</td>" in html


@pytest.mark.parametrize(
    ("note", "shown"),
    [
        ("First sentence. Second one.", "First sentence"),
        ("'TDP ... 300W'. More.", "'TDP ... 300W'"),
        ("x" * 200, "x" * 109 + "…"),
    ],
)
def test_footnotes_show_the_first_sentence(note: str, shown: str) -> None:
    from chipspec.report.table import brief

    assert brief(note) == shown
